/**
 * End-to-end engine tests for ownership semantics: conditional acquisition, aliases, escapes, summaries,
 * owners, DuplicateHandle, overwrite/discard, MakeFred, unowned closes, settings, messages and suggestions.
 */
import { describe, expect, it } from 'vitest';
import { FileAnalyzer } from '../../rules/engine/analyze.js';
import { analyzeCode, findings, inputFor, kinds } from './helpers.js';

const IMPORT =
  "import { CloseHandle, CreateEventW, CreateFileW, CreateProcessW, CreatePipe, DuplicateHandle, GetCurrentProcess, OpenProcess, SetEvent, WaitForSingleObject, out, INVALID_HANDLE_VALUE, DUPLICATE_SAME_ACCESS, DUPLICATE_CLOSE_SOURCE, type HANDLE } from 'eslint-plugin-handles/runtime';\n";
const E = 'CreateEventW(null, true, false, null)';
const F = "CreateFileW('x', 0, 0, null, 3, 0, null)";
/** check-before-use's findings (unchecked uses, stores, releases) are not what these ownership tests are about. */
const withoutUnchecked = (list: string[]): string[] => list.filter((k) => !k.startsWith('unchecked-use'));
const code = (body: string) => IMPORT + body.replace(/^\n/, '');

describe('conditional acquisition: owned only on the success edge', () => {
  it('NULL and INVALID_HANDLE_VALUE sentinels, BOOL + out-params, CreateProcessW fields', () => {
    expect(kinds(code(`
function a() { const h = ${E}; if (h === null) return; CloseHandle(h); }
function b() { const h = ${F}; if (h === INVALID_HANDLE_VALUE) return; CloseHandle(h); }
function c() { const r = out<HANDLE>(); const w = out<HANDLE>(); if (!CreatePipe(r, w, null, 0)) return; CloseHandle(r.value); CloseHandle(w.value); }
function d() {
  const pi = { hProcess: 0, hThread: 0 };
  if (!CreateProcessW(null, 'x', null, null, false, 0, null, null, {}, pi)) return;
  const { hThread } = pi;
  CloseHandle(pi.hProcess);
  CloseHandle(hThread);
}
function e() { const h = ${E}; if (h) { SetEvent(h); CloseHandle(h); } }
`)).filter((k) => !k.startsWith('wrong-sentinel'))).toEqual([]); // `h === null` is never true for a runtime number (invalid-handle-check)
  });

  it('the success path that forgets a handle leaks; the failure path names the failing call', () => {
    expect(findings(code(`
function f() {
  const pi = { hProcess: 0, hThread: 0 };
  if (!CreateProcessW(null, 'x', null, null, false, 0, null, null, {}, pi)) return;
  CloseHandle(pi.hProcess);
}
function g(size: { value: number }) {
  const h = ${F};
  if (h === INVALID_HANDLE_VALUE) return -1;
  if (!GetFileSizeEx(h, size)) return -2;
  CloseHandle(h);
  return 0;
}
`).replace("import {", 'import { GetFileSizeEx,')).map((s) => s.replace(/ suggestions.*/, ''))).toEqual([
      'leak@4 definite handle=pi.hThread path=at the end of `f`',
      'leak@8 definite handle=h path=when `GetFileSizeEx` fails (line 10)',
    ]);
  });
});

describe('aliases, destructuring and escapes', () => {
  it('state belongs to the value: closing an alias closes the handle; double close through aliases', () => {
    expect(kinds(code(`
function ok() { const a = ${E}; if (!a) return; const b = a; const { c } = { c: b }; CloseHandle(c); }
function twice() {
  const a = ${E};
  if (!a) return;
  const b = a;
  CloseHandle(a);
  CloseHandle(b);
}
`))).toEqual(['double-close@8 definite']);
  });

  it('returned, stored in a field/module variable/escaping object, passed to an unknown callee: not a leak', () => {
    expect(withoutUnchecked(kinds(code(`
import { register } from './elsewhere.js';
let keep: HANDLE = 0;
function a() { const h = ${E}; return h; }
class Holder { h: HANDLE = 0; set() { this.h = ${E}; } }
function c() { keep = ${E}; }
function d() { const h = ${E}; register(h); }
function e() { const h = ${E}; return { h }; }
function f(list: HANDLE[]) { const h = ${E}; if (h) list.push(h); }
`)))).toEqual([]);
  });

  it('a local array that never escapes still leaks; closing after an escape is still checked', () => {
    expect(kinds(code(`
import { register } from './elsewhere.js';
function a() {
  const h = ${E};
  if (!h) return;
  const list = [h];
  SetEvent(list[0]);
}
function b() {
  const h = ${E};
  if (!h) return;
  register(h);
  CloseHandle(h);
  CloseHandle(h);
}
`))).toEqual(['leak@4 definite', 'double-close@14 definite']);
  });
});

describe('summaries of local functions and classes', () => {
  it('a helper that closes, a factory that returns an owned handle, an owner class', () => {
    expect(kinds(code(`
function release(x: HANDLE) { CloseHandle(x); }
function open(): HANDLE { const h = ${E}; if (!h) throw new Error('no'); return h; }
class Fred {
  constructor(private readonly h: HANDLE) {}
  close() { CloseHandle(this.h); }
}
function a() { const h = open(); release(h); }
function b() { const h = ${E}; if (!h) return; const f = new Fred(h); f.close(); }
`))).toEqual([]);
  });

  it("the factory's caller must close; a helper that only uses does not take ownership; owner closed twice", () => {
    expect(kinds(code(`
function open(): HANDLE { return ${E}; }
function log(x: HANDLE) { SetEvent(x); }
class Fred {
  constructor(private readonly h: HANDLE) {}
  close() { CloseHandle(this.h); }
}
function a() {
  const h = open();
  if (!h) return;
}
function b() {
  const h = ${E};
  if (!h) return;
  log(h);
}
function c() {
  const h = ${E};
  if (!h) return;
  const f = new Fred(h);
  f.close();
  f.close();
}
`))).toEqual(['leak@9 definite', 'leak@13 definite', 'double-close@22 definite']);
  });

  it('a local function named like a Win32 function is analysed as written', () => {
    expect(kinds(`
import { CreateEventW } from 'eslint-plugin-handles/runtime';
function CloseHandle(_h: number): boolean { return true; }
function f() { const h = ${E}; if (!h) return; CloseHandle(h); }
`)).toEqual(['leak@4 definite']);
  });

  it('member calls are recognised by name (k32.CloseHandle)', () => {
    expect(kinds(`
import * as k32 from './kernel32.js';
function f() { const h = k32.${E}; if (!h) return; k32.CloseHandle(h); }
function g() { const h = k32.${E}; if (!h) return; }
`)).toEqual(['leak@4 definite']);
  });
});

describe('thread start routines', () => {
  const T = "import { CreateThread } from 'eslint-plugin-handles/runtime';\n";
  it('a start routine that closes its parameter takes the handle over; one that only uses it does not', () => {
    expect(withoutUnchecked(kinds(T + code(`
function closes(h: HANDLE): number { WaitForSingleObject(h, 10); CloseHandle(h); return 0; }
function waits(h: HANDLE): number { WaitForSingleObject(h, 10); return 0; }
export function handedOver() {
  const e = ${E};
  if (!e) return;
  const t = CreateThread(null, 0, closes, e, 0, null);
  if (!t) { CloseHandle(e); return; }
  CloseHandle(t);
}
export function lent() {
  const e = ${E};
  if (!e) return;
  const t = CreateThread(null, 0, waits, e, 0, null);
  if (t) CloseHandle(t);
}
export function inline() {
  const e = ${E};
  if (!e) return;
  const t = CreateThread(null, 0, (p: HANDLE) => { CloseHandle(p); return 0; }, e, 0, null);
  if (t) CloseHandle(t);
}
`)))).toEqual(['leak@13 definite']); // lent(): the routine only waits on it
  });
});

describe('DuplicateHandle', () => {
  it('into this process: an owned duplicate; into another: a foreign value; CLOSE_SOURCE closes the source always', () => {
    expect(findings(code(`
function own(src: HANDLE) {
  const d = out<HANDLE>();
  if (!DuplicateHandle(GetCurrentProcess(), src, GetCurrentProcess(), d, 0, false, DUPLICATE_SAME_ACCESS)) return;
}
function foreign(src: HANDLE, child: HANDLE) {
  const d = out<HANDLE>();
  if (!DuplicateHandle(GetCurrentProcess(), src, child, d, 0, false, DUPLICATE_SAME_ACCESS)) return;
  CloseHandle(d.value);
}
function move() {
  const h = ${E};
  if (!h) return;
  const d = out<HANDLE>();
  const ok = DuplicateHandle(GetCurrentProcess(), h, GetCurrentProcess(), d, 0, false, DUPLICATE_CLOSE_SOURCE | DUPLICATE_SAME_ACCESS);
  if (!ok) return;
  SetEvent(h);
  CloseHandle(d.value);
}
function nowhere(src: HANDLE) {
  DuplicateHandle(GetCurrentProcess(), src, GetCurrentProcess(), null, 0, false, DUPLICATE_SAME_ACCESS);
}
function remoteClose(child: HANDLE, remote: HANDLE) {
  DuplicateHandle(child, remote, null, null, 0, false, DUPLICATE_CLOSE_SOURCE);
}
`)).map((s) => s.replace(/ path=.*/, ''))).toEqual([
      'leak@4 definite handle=d.value',
      'close-unowned@9 definite handle=d.value unowned=foreign',
      'use-after-close@17 definite handle=h previous=DuplicateHandle@15',
      'lost@21 definite handle=the duplicate lost=discarded',
    ]);
  });

  it('MakeFred: one pass-duplicate finding at the hand-over, with the duplicate in its own form, and no separate leak', () => {
    const text = code(`
class Fred {
  constructor(private readonly h: HANDLE) {}
  [Symbol.dispose]() { CloseHandle(this.h); }
}
function MakeFred(h: HANDLE): Fred {
  const hDup = out<HANDLE>();
  DuplicateHandle(GetCurrentProcess(), h, GetCurrentProcess(), hDup, 0, false, DUPLICATE_SAME_ACCESS);
  return new Fred(h);
}
function caller(h: HANDLE) {
  using a = MakeFred(h);
  using b = MakeFred(h);
}
`);
    expect(findings(text)).toEqual([
      'pass-duplicate@9 definite handle=h previous=DuplicateHandle@8 duplicate=hDup.value',
      'shared-owner@13 definite handle=h previous=owner@12',
    ]);
    const fix = analyzeCode(text).findings[0]!.suggestions[0]!;
    expect(fix.kind).toBe('pass-duplicate');
    const [edit] = fix.edits;
    expect(text.slice(0, edit!.range[0]) + edit!.text + text.slice(edit!.range[1])).toContain('return new Fred(hDup.value);');
  });
});

describe('lost: overwritten and discarded', () => {
  it('overwriting an open handle, a class-owned field, and discarding an owned result', () => {
    expect(withoutUnchecked(findings(code(`
function a() {
  let h = ${E};
  if (!h) return;
  h = ${E};
  CloseHandle(h);
}
class Log {
  h: HANDLE = ${F};
  reopen() { this.h = ${F}; }
  close() { CloseHandle(this.h); }
}
function c() { ${E}; }
`)))).toEqual([
      'lost@5 definite handle=h lost=overwritten',
      'lost@10 definite handle=this.h lost=overwritten',
      'lost@13 definite handle=CreateEventW(…) lost=discarded',
    ]);
  });

  it('closing before reassigning, or releasing the field first, is fine', () => {
    expect(withoutUnchecked(kinds(code(`
function a() { let h = ${E}; if (!h) return; CloseHandle(h); h = ${E}; if (h) CloseHandle(h); }
class Log {
  h: HANDLE = ${F};
  reopen() { CloseHandle(this.h); this.h = ${F}; }
  close() { CloseHandle(this.h); }
}
`)))).toEqual([]);
  });
});

describe('closing what is not ours', () => {
  it('pseudo, BorrowedHandle / declared borrows, foreign, transferred; a plain HANDLE parameter is fine', () => {
    expect(findings(code(`
type BorrowedHandle = HANDLE;
function a() { CloseHandle(GetCurrentProcess()); }
function b(h: BorrowedHandle) { CloseHandle(h); }
function c(h: HANDLE) { CloseHandle(h); }
class Fred { constructor(private readonly h: HANDLE) {} close() { CloseHandle(this.h); } }
function d() {
  const h = ${E};
  if (!h) return;
  const f = new Fred(h);
  CloseHandle(h);
  f.close();
}
function logLine(h: HANDLE) { CloseHandle(h); }
`), { functions: { logLine: { borrows: [0] } } })).toEqual([
      'close-unowned@3 definite handle=GetCurrentProcess() unowned=pseudo',
      'close-unowned@4 definite handle=h unowned=borrowed',
      'close-unowned@11 definite handle=h unowned=transferred previous=owner@10',
      'close-unowned@14 definite handle=h unowned=borrowed',
    ]);
  });
});

describe('settings.handles.functions: user wrappers like table entries', () => {
  it('returns/releases/borrows/takes', () => {
    const settings = {
      functions: {
        openLog: { returns: 'owned' as const, failure: 'invalid' as const },
        closeLog: { releases: [0] },
        logLine: { borrows: [0] },
        Keep: { takes: [0] },
      },
    };
    expect(kinds(`
declare function openLog(n: string): number;
declare function closeLog(h: number): void;
declare function logLine(h: number, t: string): void;
declare function Keep(h: number): void;
function ok() { const h = openLog('x'); if (h === -1) return; logLine(h, 'a'); closeLog(h); }
function leak() { const h = openLog('x'); if (h === -1) return; logLine(h, 'a'); }
function late() { const h = openLog('x'); if (h === -1) return; closeLog(h); logLine(h, 'b'); }
function given() { const h = openLog('x'); if (h === -1) return; Keep(h); Keep(h); }
`, settings)).toEqual(['leak@7 definite', 'use-after-close@8 definite', 'shared-owner@9 definite']);
  });
});

describe('messages, suggestions, robustness', () => {
  it('close-before-return: a block return gets the close on its own line; a bare return gets braces', () => {
    const text = code(`
function f(x: number) {
  const h = ${E};
  if (!h) return;
  if (x) {
    return;
  }
  if (x > 2) return;
  CloseHandle(h);
}
`);
    const [leak] = analyzeCode(text).findings;
    expect(leak!.path).toBe('on the early return at line 6');
    const edit = leak!.suggestions[0]!.edits[0]!;
    expect(text.slice(0, edit.range[0]) + edit.text + text.slice(edit.range[1])).toContain('  if (x) {\n    CloseHandle(h);\n    return;\n  }');
    const bare = code(`
function f(x: number) {
  const h = ${E};
  if (!h) return;
  if (x > 2) return;
  CloseHandle(h);
}
`);
    const e2 = analyzeCode(bare).findings[0]!.suggestions[0]!.edits[0]!;
    expect(bare.slice(0, e2.range[0]) + e2.text + bare.slice(e2.range[1])).toContain('if (x > 2) { CloseHandle(h); return; }');
  });

  it('bails out in O(text) on files without handle calls', () => {
    const result = analyzeCode('export function add(a: number, b: number) { return a + b; }\n');
    expect(result.findings).toEqual([]);
    expect(result.debug?.bailedOut).toBe(true);
  });

  it('never throws: unusual syntax is analysed or dropped per function, counted in debug', () => {
    const text = code(`
function weird(o: any) {
  const h = ${E};
  with (o) { SetEvent(h); }
  CloseHandle(h);
}
function fine() { const h = ${E}; if (!h) return; }
label: { break label; }
class A { static { const h = ${E}; CloseHandle(h); } #p = 1; get x() { return this.#p; } }
const t = \`\${${E}}\`;
`);
    let result;
    expect(() => (result = new FileAnalyzer(inputFor(text.replace('with (o)', 'if (o)')), {}).analyze())).not.toThrow();
    expect(result!.debug.failedFunctions).toBe(0);
    const sloppy = analyzeCode(text.replace('import {', 'const x = 1; import {'));
    expect(sloppy.findings.map((f) => f.kind)).toContain('leak');
  });
});

describe('settings are read defensively', () => {
  it('keeps well-formed declarations and drops malformed fields', async () => {
    const { readSettings } = await import('../../rules/engine/index.js');
    const s = readSettings({
      handles: { platform: 'mars', functions: { a: { returns: 'owned', releases: [0, 'x', -1], borrows: 3 }, b: 7 } },
    });
    expect(s.platform).toBeUndefined();
    expect(s.functions).toEqual({
      a: { returns: 'owned', failure: undefined, family: undefined, releases: [0], borrows: undefined, takes: undefined },
    });
    expect(readSettings(undefined)).toEqual({});
  });
});

describe('owner classes release through any method', () => {
  it("a C++-style delete() releases; a dispose that delegates to close() releases", () => {
    expect(kinds(code(`
class CFred {
  constructor(readonly h: HANDLE) {}
  delete(): boolean { return CloseHandle(this.h); }
}
class Fred {
  constructor(private readonly h: HANDLE) {}
  close() { CloseHandle(this.h); }
  [Symbol.dispose]() { this.close(); }
}
function a() { const h = ${E}; if (!h) return; const f = new CFred(h); f.delete(); f.delete(); }
function b() { const h = ${E}; if (!h) return; using f = new Fred(h); }
function c() { const h = ${E}; if (!h) return; const f = new Fred(h); f[Symbol.dispose](); SetEvent(h); }
`))).toEqual(['double-close@11 definite', 'use-after-close@13 definite']);
  });
});

describe('structs handed to local helpers', () => {
  it('a helper that closes PROCESS_INFORMATION fields is not a leak (fields escape into it)', () => {
    expect(kinds(code(`
function closeInfo(pi: { hProcess: HANDLE; hThread: HANDLE }) { CloseHandle(pi.hProcess); CloseHandle(pi.hThread); }
function run() {
  const pi = { hProcess: 0, hThread: 0 };
  if (!CreateProcessW(null, 'x', null, null, false, 0, null, null, {}, pi)) return;
  closeInfo(pi);
}
`))).toEqual([]);
  });
});

describe('lazily opened owned fields', () => {
  it('a field that may be empty when a method starts makes its overwrite only maybe', () => {
    expect(withoutUnchecked(kinds(code(`
class Lazy {
  private h: HANDLE = 0;
  open() { this.h = ${E}; }
  close() { if (this.h) { CloseHandle(this.h); this.h = 0; } }
}
class Eager {
  private h: HANDLE;
  constructor() { this.h = ${E}; }
  reopen() { this.h = ${E}; }
  close() { CloseHandle(this.h); }
}
`)))).toEqual(['lost@4 maybe', 'lost@10 definite']);
  });
});
