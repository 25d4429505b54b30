/**
 * Node's `assert(x)` / `assert.ok(x)` throw when x is falsy: the engine reads them as `if (!x) throw`, so an
 * asserted handle is tested (check-before-use), refined (no leak "when assert throws": it only throws when the call
 * failed), and a failed assertion is a throw (other open handles leak there, as with an explicit throw).
 */
import { describe, expect, it } from 'vitest';
import { findings } from './helpers.js';

const RUNTIME =
  "import { CloseHandle, CreateEventW, CreateFileW, ReadFile, SetEvent, INVALID_HANDLE_VALUE } from 'eslint-plugin-handles/runtime';\n";
const F = "CreateFileW('x', 0, 0, null, 3, 0, null)";
const E = 'CreateEventW(null, true, false, null)';

function body(assertImport: string, assertion: string): string {
  return `${RUNTIME}${assertImport}
export function read(buf: Uint8Array): void {
  const h = ${F};
  ${assertion};
  try {
    ReadFile(h, buf, buf.length, null, null);
  } finally {
    CloseHandle(h);
  }
}
`;
}

describe('assertions from node:assert', () => {
  it.each([
    ["import assert from 'node:assert';", 'assert(h !== INVALID_HANDLE_VALUE)'],
    ["import assert from 'assert';", "assert(h !== INVALID_HANDLE_VALUE, 'open failed')"],
    ["import assert from 'node:assert/strict';", 'assert.ok(h !== INVALID_HANDLE_VALUE)'],
    ["import * as assert from 'node:assert';", 'assert.ok(h !== INVALID_HANDLE_VALUE)'],
    ["import { ok } from 'node:assert';", 'ok(h !== INVALID_HANDLE_VALUE)'],
    ["import { strict } from 'node:assert';", 'strict.ok(h !== INVALID_HANDLE_VALUE)'],
  ])('%s %s: a test, then a throw only on failure', (imports, assertion) => {
    expect(findings(body(imports, assertion), {}).filter((f) => !f.startsWith('wrong-sentinel'))).toEqual([]);
  });

  it('without the assertion the same code uses the handle unchecked', () => {
    expect(findings(body('', 'void 0')).some((f) => f.startsWith('unchecked-use'))).toBe(true);
  });

  it('an assert from another module is a call the analysis cannot see: it may throw while the handle is open', () => {
    const mine = findings(body("import { assert } from './my-assert.js';", 'assert(h !== INVALID_HANDLE_VALUE)'));
    expect(mine.some((f) => f.startsWith('leak-on-exception'))).toBe(true);
    const node = findings(body("import assert from 'node:assert';", 'assert(h !== INVALID_HANDLE_VALUE)'));
    expect(node.some((f) => f.startsWith('leak-on-exception'))).toBe(false);
  });

  it('a failed assertion is a throw: another open handle leaks there', () => {
    const code = `${RUNTIME}import assert from 'node:assert';
export function two(): void {
  const e = ${E};
  if (!e) return;
  const h = ${F};
  assert(h !== INVALID_HANDLE_VALUE);
  SetEvent(e);
  CloseHandle(h);
  CloseHandle(e);
}
`;
    const leaks = findings(code).filter((f) => f.startsWith('leak'));
    expect(leaks).toHaveLength(1);
    expect(leaks[0]).toMatch(/handle=e .*throws at line 7/);
  });
});
