/** Parses fixtures with @typescript-eslint/parser, builds the binding index and checks `// @resolves` annotations. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseForESLint } from '@typescript-eslint/parser';
import type { TSESTree } from '@typescript-eslint/utils';
import { indexBindings } from '../../../rules/engine/bindings/index.js';
import type { BindingIndex, BindingScopeManager, BoundCallee } from '../../../rules/engine/bindings/index.js';

export interface Parsed {
  readonly ast: TSESTree.Program;
  readonly index: BindingIndex;
  readonly text: string;
  readonly calls: readonly (TSESTree.CallExpression | TSESTree.NewExpression)[];
}

export interface ParseOptions {
  readonly jsx?: boolean;
  /** false: give the index no text (it scans the AST for FFI hints instead) */
  readonly withText?: boolean;
  /** false: give the index no scope manager (names only) */
  readonly scopeManager?: boolean;
}

export function parseCode(text: string, options: ParseOptions = {}): Parsed {
  const { ast, scopeManager } = parseForESLint(text, { range: true, loc: true, sourceType: 'module', ecmaVersion: 'latest', jsx: options.jsx ?? false });
  const program = ast as unknown as TSESTree.Program;
  const manager = options.scopeManager === false ? null : (scopeManager as unknown as BindingScopeManager);
  const index = indexBindings(program, manager, options.withText === false ? undefined : text);
  return { ast: program, index, text, calls: collectCalls(program) };
}

export function fixturePath(name: string): string {
  return fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
}

export function parseFixture(name: string, options: ParseOptions = {}): Parsed {
  return parseCode(readFileSync(fixturePath(name), 'utf8'), options);
}

export function sourceOf(parsed: Parsed, node: TSESTree.Node): string {
  return parsed.text.slice(node.range[0], node.range[1]);
}

/** Every call whose callee's source text is exactly `callee`, in source order. */
export function callsTo(parsed: Parsed, callee: string, line?: number): (TSESTree.CallExpression | TSESTree.NewExpression)[] {
  return parsed.calls.filter((c) => sourceOf(parsed, c.callee) === callee && (line === undefined || c.loc.start.line === line));
}

export function resolveOne(parsed: Parsed, callee: string, line?: number): BoundCallee | undefined {
  const calls = callsTo(parsed, callee, line);
  if (calls.length === 0) throw new Error(`no call to ${callee}${line ? ` on line ${line}` : ''}`);
  return parsed.index.resolve(calls[0]!);
}

/** A compact description of a resolution for the annotated checks. */
export function describe(b: BoundCallee | undefined): Record<string, string> {
  if (!b) return { resolves: 'none' };
  return {
    name: b.win32Name,
    style: b.style,
    returns: b.returns,
    params: b.params.join(','),
    out: b.outValues.map((o) => o ?? '-').join(','),
    async: String(b.async),
    library: b.library ?? '-',
  };
}

export interface Annotation {
  readonly line: number;
  readonly callee: string;
  /** undefined: must not resolve */
  readonly expected?: Record<string, string>;
}

/**
 * `// @resolves <callee> = <Win32Name> <style> [key=value ...] [async]` and `// @unresolved <callee>` on the line of the call.
 * Keys: returns, params (comma list), out (comma list, '-' for none), library, async.
 */
export function annotations(text: string): Annotation[] {
  const out: Annotation[] = [];
  text.split('\n').forEach((lineText, i) => {
    const resolves = /\/\/ @resolves (\S+) = (\S+) (\S+)(.*)$/.exec(lineText);
    if (resolves) {
      const expected: Record<string, string> = { name: resolves[2]!, style: resolves[3]! };
      for (const part of resolves[4]!.trim().split(/\s+/).filter(Boolean)) {
        if (part === 'async') expected.async = 'true';
        else {
          const [key, value] = part.split('=');
          expected[key!] = value!;
        }
      }
      if (!('async' in expected)) expected.async = 'false';
      out.push({ line: i + 1, callee: resolves[1]!, expected });
    }
    const unresolved = /\/\/ @unresolved (\S+)/.exec(lineText);
    if (unresolved) out.push({ line: i + 1, callee: unresolved[1]! });
  });
  return out;
}

/** For each annotation: what was expected and what the index says, restricted to the expected keys. */
export function checkAnnotations(parsed: Parsed): { expected: string[]; actual: string[] } {
  const expected: string[] = [];
  const actual: string[] = [];
  for (const a of annotations(parsed.text)) {
    const got = describe(resolveOne(parsed, a.callee, a.line));
    const keys = a.expected ? Object.keys(a.expected) : ['resolves'];
    const want = a.expected ?? { resolves: 'none' };
    expected.push(`${a.line} ${a.callee}: ${keys.map((k) => `${k}=${want[k]}`).join(' ')}`);
    actual.push(`${a.line} ${a.callee}: ${keys.map((k) => `${k}=${got[k] ?? 'none'}`).join(' ')}`);
  }
  return { expected, actual };
}

function collectCalls(program: TSESTree.Program): (TSESTree.CallExpression | TSESTree.NewExpression)[] {
  const calls: (TSESTree.CallExpression | TSESTree.NewExpression)[] = [];
  const visit = (node: unknown): void => {
    if (!node || typeof node !== 'object') return;
    if (Array.isArray(node)) {
      node.forEach(visit);
      return;
    }
    const n = node as TSESTree.Node;
    if (typeof n.type !== 'string') return;
    if (n.type === 'CallExpression' || n.type === 'NewExpression') calls.push(n);
    for (const key of Object.keys(n)) if (key !== 'parent' && key !== 'loc' && key !== 'range') visit((n as unknown as Record<string, unknown>)[key]);
  };
  visit(program);
  return calls.sort((a, b) => a.range[0] - b.range[0]);
}
