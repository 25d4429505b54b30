/**
 * docs/runtime.md is executable: every ```ts fence is transpiled with the `typescript` package (target
 * es2022, so `using` works on Node 20) and run against the runtime. A statement followed by a `// => value`
 * comment asserts its value (deep strict equality; for `const x = …; // => v` the value of x); `// => throws`
 * or `// => throws Name` asserts that the statement throws (an error whose name or constructor is Name).
 * So an example that lies fails this test.
 *
 * Two markers tie the `handles run` section to the real thing: `<!-- same-as: path -->` before a fence says
 * the fence is that file, verbatim; `<!-- output-of: run <args> | cwd: dir -->` before a ```text fence says
 * it is the stdout of the BUILT `handles` CLI (`npm test` builds first).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';
import { isDeepStrictEqual, inspect } from 'node:util';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const docPath = join(root, 'docs', 'runtime.md');
const scratch = join(root, '.tmp', `docs-runtime-${process.pid}`);
const runtimeUrl = pathToFileURL(join(root, 'runtime', 'index.ts')).href;

interface Fence {
  /** 1-based line of the first code line in docs/runtime.md. */
  line: number;
  code: string;
}

export function extractTsFences(markdown: string): Fence[] {
  const fences: Fence[] = [];
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i += 1) {
    if (!/^```ts\s*$/.test(lines[i]!)) continue;
    const start = i + 1;
    let end = start;
    while (end < lines.length && !/^```\s*$/.test(lines[end]!)) end += 1;
    fences.push({ line: start + 1, code: lines.slice(start, end).join('\n') });
    i = end;
  }
  return fences;
}

interface Edit {
  start: number;
  end: number;
  text: string;
}

/**
 * Rewrites the runtime import to the sources and turns each `// =>` comment into a check. Returns the
 * rewritten TypeScript, or throws when a `// =>` comment sits where it cannot be checked.
 */
export function instrument(code: string, mdLine: number): string {
  const source = ts.createSourceFile('example.ts', code, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const edits: Edit[] = [];
  let checks = 0;
  const where = (pos: number): string => `docs/runtime.md:${mdLine + source.getLineAndCharacterOfPosition(pos).line}`;

  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      if (node.moduleSpecifier.text === 'eslint-plugin-handles/runtime') {
        edits.push({ start: node.moduleSpecifier.getStart(), end: node.moduleSpecifier.getEnd(), text: JSON.stringify(runtimeUrl) });
      }
    }
    if (ts.isExpressionStatement(node) || ts.isVariableStatement(node)) {
      const expectation = trailingExpectation(code, node.getEnd());
      if (expectation !== undefined) {
        checks += 1;
        const at = JSON.stringify(where(node.getStart()));
        if (ts.isExpressionStatement(node)) {
          const expression = node.expression.getText();
          const call = expectation.throws === undefined
            ? `__docExpect(${expression}, (${expectation.value}), ${JSON.stringify(expression)}, ${at});`
            : `__docExpectThrows(() => { ${expression}; }, ${JSON.stringify(expectation.throws)}, ${JSON.stringify(expression)}, ${at});`;
          edits.push({ start: node.getStart(), end: node.getEnd(), text: call });
        } else {
          const declarations = node.declarationList.declarations;
          const name = declarations.length === 1 ? declarations[0]!.name : undefined;
          if (name === undefined || !ts.isIdentifier(name) || expectation.throws !== undefined) {
            throw new Error(`${where(node.getStart())}: a '// =>' check after a declaration needs one plain name and a value`);
          }
          edits.push({ start: node.getEnd(), end: node.getEnd(), text: ` __docExpect(${name.text}, (${expectation.value}), ${JSON.stringify(name.text)}, ${at});` });
        }
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);

  const written = (code.match(/\/\/ =>/g) ?? []).length;
  if (written !== checks) throw new Error(`docs/runtime.md:${mdLine}: ${written - checks} '// =>' comment(s) are not after a statement the test can check`);
  let result = code;
  for (const edit of edits.sort((a, b) => b.start - a.start)) result = result.slice(0, edit.start) + edit.text + result.slice(edit.end);
  return result;
}

function trailingExpectation(code: string, end: number): { value: string; throws?: string } | undefined {
  const lineEnd = code.indexOf('\n', end);
  const rest = code.slice(end, lineEnd < 0 ? undefined : lineEnd);
  const match = /^\s*\/\/ =>\s*(.+?)\s*$/.exec(rest);
  if (!match) return undefined;
  const throws = /^throws(?:\s+(\w+))?$/.exec(match[1]!);
  return throws ? { value: '', throws: throws[1] ?? '' } : { value: match[1]! };
}

const checks = {
  __docExpect(actual: unknown, expected: unknown, text: string, at: string): void {
    if (!isDeepStrictEqual(actual, expected)) {
      throw new Error(`${at}: \`${text}\` is ${inspect(actual, { depth: 4 })}, the doc says ${inspect(expected, { depth: 4 })}`);
    }
  },
  __docExpectThrows(run: () => void, name: string, text: string, at: string): void {
    try {
      run();
    } catch (error) {
      const names = [error instanceof Error ? error.name : undefined, (error as object | null)?.constructor?.name];
      if (name === '' || names.includes(name)) return;
      throw new Error(`${at}: \`${text}\` threw ${inspect(error)}, the doc says it throws ${name}`);
    }
    throw new Error(`${at}: \`${text}\` did not throw, the doc says it throws${name === '' ? '' : ` ${name}`}`);
  },
};

export function transpileExample(code: string): string {
  return ts.transpileModule(code, {
    fileName: 'example.ts',
    reportDiagnostics: false,
    compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext },
  }).outputText;
}

const markdown = readFileSync(docPath, 'utf8');
const fences = extractTsFences(markdown);

interface MarkedFence {
  marker: 'same-as' | 'output-of';
  argument: string;
  /** 1-based line of the marker in docs/runtime.md. */
  line: number;
  code: string;
}

/** Fences right after a `<!-- same-as: … -->` or `<!-- output-of: … -->` line. */
export function markedFences(text: string): MarkedFence[] {
  const lines = text.split('\n');
  const found: MarkedFence[] = [];
  lines.forEach((line, index) => {
    const marker = /^<!-- (same-as|output-of): (.+?) -->$/.exec(line.trim());
    if (!marker || !/^```\w*\s*$/.test(lines[index + 1] ?? '')) return;
    let end = index + 2;
    while (end < lines.length && !/^```\s*$/.test(lines[end]!)) end += 1;
    found.push({ marker: marker[1] as MarkedFence['marker'], argument: marker[2]!, line: index + 1, code: lines.slice(index + 2, end).join('\n') });
  });
  return found;
}

describe('docs/runtime.md examples run and say what they do', () => {
  mkdirSync(scratch, { recursive: true });
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));
  Object.assign(globalThis, checks);

  it('has examples', () => {
    expect(fences.length).toBeGreaterThanOrEqual(8);
  });

  it.each(fences.map((fence, index) => ({ ...fence, index })))('example at docs/runtime.md:$line', async ({ code, line, index }) => {
    const file = join(scratch, `example-${index}.mjs`);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, transpileExample(instrument(code, line)));
    await import(pathToFileURL(file).href);
  });
});

describe('docs/runtime.md shows real files and real `handles run` output', () => {
  const marked = markedFences(markdown);

  it('has the MakeFred script and its report', () => {
    expect(marked.map((m) => m.marker)).toEqual(['same-as', 'output-of']);
  });

  it.each(marked.map((m) => ({ ...m, label: `${m.marker} ${m.argument}` })))('docs/runtime.md:$line $label', ({ marker, argument, code }) => {
    if (marker === 'same-as') {
      expect(code).toBe(readFileSync(join(root, argument), 'utf8').replace(/\n$/, ''));
      return;
    }
    const [command, cwdPart] = argument.split(' | ');
    const cwd = join(root, /^cwd: (.+)$/.exec(cwdPart ?? '')?.[1] ?? '.');
    const bin = join(root, 'bin', 'handles.js');
    if (!existsSync(join(root, 'dist', 'cli', 'run.js'))) throw new Error('dist/ is missing: run `npm run build` first');
    const result = spawnSync(process.execPath, [bin, ...command!.split(' ')], { cwd, encoding: 'utf8', timeout: 60_000 });
    expect(result.stdout.replace(/\n$/, '')).toBe(code);
  }, 120_000);
});

describe('the docs harness itself', () => {
  it('turns // => comments into checks that fail on a wrong value', async () => {
    const file = join(scratch, 'harness-lie.mjs');
    mkdirSync(scratch, { recursive: true });
    Object.assign(globalThis, checks);
    writeFileSync(file, transpileExample(instrument('const a = 1 + 1; // => 3\n', 1)));
    await expect(import(pathToFileURL(file).href)).rejects.toThrow(/`a` is 2, the doc says 3/);
  });

  it('checks throws and refuses a // => it cannot place', () => {
    expect(() => checks.__docExpectThrows(() => undefined, '', 'x()', 'here')).toThrow(/did not throw/);
    expect(() => checks.__docExpectThrows(() => { throw new RangeError('r'); }, 'TypeError', 'x()', 'here')).toThrow(/throws TypeError/);
    expect(() => instrument('// => 1\nconst a = 1;\n', 1)).toThrow(/not after a statement/);
  });
});
