/**
 * Mutated fixtures (lines dropped, duplicated, swapped): whatever still parses is indexed and every call resolved
 * with no internal error and in bounded time. Also checks the engine-input adapter accepts the engine's own input.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseForESLint } from '@typescript-eslint/parser';
import type { TSESTree } from '@typescript-eslint/utils';
import { indexBindingsFor } from '../../../rules/engine/bindings/index.js';
import type { AnalysisInput, ScopeManagerLike } from '../../../rules/engine/input.js';
import { parseCode } from './helpers.js';

const dir = fileURLToPath(new URL('./fixtures/', import.meta.url));
const texts = readdirSync(dir).filter((f) => /\.(ts|js|mjs)$/.test(f)).map((f) => readFileSync(dir + f, 'utf8'));

type Edit = { kind: 'drop' | 'dup' | 'swap'; at: number; other: number };

function mutate(text: string, edits: readonly Edit[]): string {
  const lines = text.split('\n');
  for (const e of edits) {
    if (lines.length < 2) break;
    const i = e.at % lines.length;
    const j = e.other % lines.length;
    if (e.kind === 'drop') lines.splice(i, 1);
    else if (e.kind === 'dup') lines.splice(j, 0, lines[i]!);
    else [lines[i], lines[j]] = [lines[j]!, lines[i]!];
  }
  return lines.join('\n');
}

describe('fuzzed fixtures', () => {
  it('never report an internal error', () => {
    const edit = fc.record({ kind: fc.constantFrom('drop', 'dup', 'swap'), at: fc.nat(), other: fc.nat() }) as fc.Arbitrary<Edit>;
    let indexed = 0;
    fc.assert(
      fc.property(fc.nat(texts.length - 1), fc.array(edit, { minLength: 1, maxLength: 12 }), (which, edits) => {
        const text = mutate(texts[which]!, edits);
        let parsed;
        try {
          parsed = parseCode(text);
        } catch {
          return true; // no longer parseable: outside the contract
        }
        const start = performance.now();
        for (const call of parsed.calls) {
          parsed.index.resolve(call);
          parsed.index.argumentsOf(call);
        }
        void parsed.index.declarations;
        indexed++;
        return parsed.index.internalErrors === 0 && performance.now() - start < 2000;
      }),
      { numRuns: 300, seed: 20261123 },
    );
    expect(indexed).toBeGreaterThan(50);
  });
});

describe('indexBindingsFor', () => {
  it("accepts the engine's AnalysisInput as is", () => {
    const code = "import koffi from 'koffi';\nconst k = koffi.load('kernel32.dll');\nconst CloseHandle = k.func('bool CloseHandle(void *)');\nCloseHandle(null);";
    const { ast, scopeManager } = parseForESLint(code, { range: true, loc: true, sourceType: 'module' });
    const input: AnalysisInput = { ast: ast as unknown as TSESTree.Program, scopeManager: scopeManager as unknown as ScopeManagerLike, text: code };
    const index = indexBindingsFor(input);
    const statement = input.ast.body[3] as TSESTree.ExpressionStatement;
    expect(index.resolve(statement.expression as TSESTree.CallExpression)?.style).toBe('koffi');
    expect(indexBindingsFor({ ...input, scopeManager: null }).resolve(statement.expression as TSESTree.CallExpression)?.style).toBe('koffi');
  });
});

describe('adversarial shapes stay linear', () => {
  it('a long chain of conditional aliases, called many times', () => {
    const lines = ["import koffi from 'koffi';", 'declare const c: boolean;', 'const a0 = unknownThing();'];
    for (let i = 1; i <= 400; i++) lines.push(`const a${i} = c ? a${i - 1} : a${i - 1};`);
    for (let i = 0; i < 400; i++) lines.push('a400(1);');
    const parsed = parseCode(lines.join('\n'));
    const start = performance.now();
    for (const call of parsed.calls) parsed.index.resolve(call);
    const ms = performance.now() - start;
    expect(parsed.index.internalErrors).toBe(0);
    expect(ms).toBeLessThan(3000);
  });

  it('mutually recursive loaders and self-referencing objects terminate', () => {
    const parsed = parseCode([
      "import koffi from 'koffi';",
      'function a(): any { return b(); }',
      'function b(): any { return a(); }',
      'const o: any = { self: null as any, get me() { return o; } };',
      'o.self = o;',
      'let x: any = x ?? koffi.load(x);',
      'a().CloseHandle(1);',
      'o.me.me.me.CloseHandle(1);',
      'x.func("bool CloseHandle(void *)")(null);',
    ].join('\n'));
    const results = parsed.calls.map((c) => parsed.index.resolve(c)?.style ?? '-');
    expect(parsed.index.internalErrors).toBe(0);
    expect(results.filter((r) => r !== '-').length).toBeGreaterThan(0);
  });
});

describe('cost on an FFI-dense file', () => {
  it('every table function bound through koffi, three calls each, resolves in well under a second', async () => {
    const { CONTRACTS } = await import('../../../contracts/index.js');
    const lines = ["import koffi from 'koffi';", "const lib = koffi.load('kernel32.dll');", 'const k: Record<string, any> = {};'];
    for (const c of CONTRACTS) lines.push(`const ${c.name} = lib.func('void *__stdcall ${c.name}(void *a, uint32_t b, _Out_ void **c)');`);
    for (let round = 0; round < 3; round++) for (const c of CONTRACTS) lines.push(`${c.name}(null, ${round}, [null]);`);
    const parsed = parseCode(lines.join('\n'));
    const start = performance.now();
    let resolved = 0;
    for (const call of parsed.calls) if (parsed.index.resolve(call)) resolved++;
    const declared = parsed.index.declarations.length;
    const ms = performance.now() - start;
    console.log(`FFI-dense file: ${CONTRACTS.length} bindings, ${parsed.calls.length} calls, ${resolved} resolved, ${declared} declarations in ${ms.toFixed(0)} ms`);
    expect(declared).toBe(CONTRACTS.length);
    expect(resolved).toBe(CONTRACTS.length * 3); // the lib.func(...) declarations are not Win32 calls
    expect(parsed.index.internalErrors).toBe(0);
    expect(ms).toBeLessThan(1500);
  });
});
