/**
 * Engine tests for invalid-handle-check's judging (rules/engine/sentinel-checks.ts): certainty, what excuses a
 * wrong test, and the fix's negation. The rule's messages and suggestions are in tests/rules/invalid-handle-check.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { negate } from '../../rules/engine/sentinel-checks.js';
import { analyzeCode } from './helpers.js';

const IMPORT =
  "import { CloseHandle, CreateEventW, CreateFileW, ReadFile, WaitForSingleObject, INVALID_HANDLE_VALUE, NULL, type HANDLE } from 'eslint-plugin-handles/runtime';\n";
const F = "CreateFileW(p, 0, 0, null, 3, 0, null)";
const E = 'CreateEventW(null, true, false, null)';

function sentinels(body: string): string[] {
  const result = analyzeCode(IMPORT + body);
  expect(result.debug?.failedFunctions).toBe(0);
  return result.findings
    .filter((f) => f.kind === 'wrong-sentinel')
    .map((f) => `${f.sentinel!.how} \`${f.sentinel!.test}\` ${f.certainty}@${f.node.loc.start.line}`);
}

describe('wrong-sentinel', () => {
  it('is definite when the tested value is certainly the call result, maybe when another API or an unknown value may be there', () => {
    expect(sentinels(`
export function a(p: string) { const h = ${F}; if (!h) return; CloseHandle(h); }
export function b(p: string, x: boolean) { const h = x ? ${F} : ${E}; if (!h) return; CloseHandle(h); }
declare function other(): HANDLE;
export function c(p: string, x: boolean) { let h = ${F}; if (x) h = other(); if (!h) return; CloseHandle(h); }
export function d(p: string, x: boolean) { let h: HANDLE | null = null; if (x) h = ${F}; if (h) CloseHandle(h); }
`)).toEqual(['truthiness `!h` definite@3', 'truthiness `!h` maybe@4', 'truthiness `!h` maybe@6', 'truthiness `h` definite@7']);
  });

  it('a test after a right test of the same value is redundant; NULL and INVALID_HANDLE_VALUE tested in any order are fine', () => {
    expect(sentinels(`
export function a(p: string) { const h = ${F}; if (h === INVALID_HANDLE_VALUE) return; if (!h) return; CloseHandle(h); }
export function b(p: string) { const h = ${F}; if (!h) return; if (h === INVALID_HANDLE_VALUE) return; CloseHandle(h); }
export function c(p: string) { const h = ${E}; if (h === INVALID_HANDLE_VALUE || h === NULL) return; CloseHandle(h); }
`)).toEqual([]);
  });

  it('a value a local helper tests on every exit is tested: a NULL test afterwards is redundant', () => {
    expect(sentinels(`
function ensure(h: HANDLE): HANDLE { if (h === INVALID_HANDLE_VALUE) throw new Error('open failed'); return h; }
export function a(p: string) { const h = ensure(${F}); if (!h) return; CloseHandle(h); }
`)).toEqual([]);
  });

  it('one finding per test site, also inside loops', () => {
    expect(sentinels(`
export function a(ps: string[]) {
  for (const p of ps) {
    const h = ${F};
    if (!h) continue;
    ReadFile(h, new Uint8Array(1), 1, null, null);
    CloseHandle(h);
  }
}
`)).toEqual(['truthiness `!h` definite@6']);
  });

  it('BOOL/DWORD results compared in place or through a variable', () => {
    expect(sentinels(`
export function a(h: HANDLE) { if (WaitForSingleObject(h, 5) === -1) return; const r = WaitForSingleObject(h, 5); if (r === -1n) return; }
export function b(h: HANDLE) { if (ReadFile(h, null, 0, null, null) === 0) return; }
`)).toEqual([
      'wrong-value `WaitForSingleObject(h, 5) === -1` definite@3',
      'never-true `r === -1n` definite@3',
      'never-true `ReadFile(h, null, 0, null, null) === 0` definite@4',
    ]);
  });

  it('parameters, fields and values the analysis does not know are never judged', () => {
    expect(sentinels(`
export function a(h: HANDLE, n: number) { if (!h || h === -1n || n === null) return; }
class C { h = 0; close() { if (this.h === NULL) return; CloseHandle(this.h); } }
`)).toEqual([]);
  });
});

describe('negate', () => {
  it.each([
    ['h === INVALID_HANDLE_VALUE', 'h', 'h !== INVALID_HANDLE_VALUE'],
    ['status !== 0', 'status', 'status === 0'],
    ['!ok', 'ok', 'ok'],
    ["ref.hexAddress(h) === 'ffffffffffffffff'", 'h', "ref.hexAddress(h) !== 'ffffffffffffffff'"],
    ['ref.isNull(h)', 'h', '!ref.isNull(h)'],
    ['!f(a === b)', 'f(a === b)', 'f(a === b)'],
  ])('%s', (failed, operand, expected) => {
    expect(negate(failed, operand)).toBe(expected);
  });
});

describe('wrong-sentinel on DuplicateHandle', () => {
  it('its BOOL result compared with -1 (runtime boolean) is never true; `!ok` is right', () => {
    const result = analyzeCode(`import { CloseHandle, DuplicateHandle, GetCurrentProcess, DUPLICATE_SAME_ACCESS, out, type HANDLE } from 'eslint-plugin-handles/runtime';
export function a(h: HANDLE) { const dup = out<HANDLE>(); if (DuplicateHandle(GetCurrentProcess(), h, GetCurrentProcess(), dup, 0, false, DUPLICATE_SAME_ACCESS) === -1) return; CloseHandle(dup.value); }
export function b(h: HANDLE) { const dup = out<HANDLE>(); if (!DuplicateHandle(GetCurrentProcess(), h, GetCurrentProcess(), dup, 0, false, DUPLICATE_SAME_ACCESS)) return; CloseHandle(dup.value); }
`);
    expect(result.findings.filter((f) => f.kind === 'wrong-sentinel').map((f) => `${f.sentinel!.how}@${f.node.loc.start.line} ${f.sentinel!.reason}`)).toEqual([
      'never-true@2 the value is a boolean, never `-1`',
    ]);
  });
});
