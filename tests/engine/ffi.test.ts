/**
 * The engine through FFI bindings (rules/engine/bindings/): calls resolved by the binding index before the name
 * lookup, Win32 arguments through argumentsOf (ffi-rs options objects, reordering wrappers), out-param holders read
 * back in each binding's way, and failure tests in each binding's representation.
 */
import { describe, expect, it } from 'vitest';
import { analyzeCode, kinds } from './helpers.js';

const KOFFI = `import koffi from 'koffi';
const k32 = koffi.load('kernel32.dll');
const HANDLE = koffi.pointer('HANDLE', koffi.opaque());
const OpenProcess = k32.func('HANDLE __stdcall OpenProcess(uint32_t access, bool inherit, uint32_t pid)');
const OpenProcessU64 = k32.func('OpenProcess', 'uint64', ['uint32', 'bool', 'uint32']);
const CloseHandle = k32.func('bool __stdcall CloseHandle(HANDLE h)');
const GetCurrentProcess = k32.func('HANDLE __stdcall GetCurrentProcess()');
const DuplicateHandle = k32.func('bool __stdcall DuplicateHandle(HANDLE sp, HANDLE s, HANDLE tp, _Out_ HANDLE *t, uint32_t a, bool i, uint32_t o)');
`;
const KOFFI_LINES = KOFFI.split('\n').length - 1;

describe('calls resolved through the binding index', () => {
  it('a koffi-bound call leaks on an early return, and is clean when closed', () => {
    const leak = `${KOFFI}export function f(pid: number, quick: boolean) {
  const h = OpenProcess(0x400, false, pid);
  if (!h) return;
  if (quick) return;
  CloseHandle(h);
}`;
    expect(kinds(leak)).toEqual([`leak@${KOFFI_LINES + 2} definite`]);
    const ok = `${KOFFI}export function f(pid: number) {
  const h = OpenProcess(0x400, false, pid);
  if (!h) return;
  CloseHandle(h);
}`;
    expect(kinds(ok)).toEqual([]);
  });

  it('a forwarding wrapper that reorders arguments releases the Win32 argument, not the first one', () => {
    const code = `${KOFFI}const api = { closeHandle: (h: unknown) => CloseHandle(h) };
export function f(pid: number) {
  const h = OpenProcess(0x400, false, pid);
  if (!h) return;
  api.closeHandle(h);
  api.closeHandle(h);
}`;
    expect(kinds(code)).toEqual([`double-close@${KOFFI_LINES + 6} definite`]);
  });

  it('a local function with a visible body still wins over the binding (analysed as written)', () => {
    const code = `${KOFFI}function shut(h: unknown) { if (h) CloseHandle(h); }
export function f(pid: number) {
  const h = OpenProcess(0x400, false, pid);
  if (!h) return;
  shut(h);
}`;
    expect(kinds(code)).toEqual([]);
  });

  it('functions declared in the settings keep their declaration over the FFI contract', () => {
    const code = `${KOFFI}export function f(pid: number) {
  const h = OpenProcess(0x400, false, pid);
  if (!h) return;
}`;
    expect(kinds(code)).toEqual([`leak@${KOFFI_LINES + 2} definite`]);
    expect(kinds(code, { functions: { OpenProcess: { returns: 'borrowed' } } })).toEqual([]);
  });

  it('a file without handle names bails out before any index is built', () => {
    const result = analyzeCode(`import koffi from 'koffi';\nconst lib = koffi.load('user32.dll');\nexport const x = lib.func('int MessageBeep(uint32_t t)');\n`);
    expect(result.debug?.bailedOut).toBe(true);
  });
});

describe('asynchronous bindings', () => {
  it('koffi fn.async(...args, callback) returns nothing: no discarded handle at the call', () => {
    const code = `${KOFFI}export function f(pid: number) {
  OpenProcess.async(0x400, false, pid, (err: unknown, h: unknown) => { if (h) CloseHandle(h); });
}`;
    expect(kinds(code)).toEqual([]);
  });

  it('Deno nonblocking: the awaited result is the handle (a leak on the early return)', () => {
    const code = `const k = Deno.dlopen('kernel32.dll', {
  OpenProcess: { parameters: ['u32', 'i32', 'u32'], result: 'pointer', nonblocking: true },
  CloseHandle: { parameters: ['pointer'], result: 'i32' },
} as const);
export async function f(pid: number, quick: boolean) {
  const h = await k.symbols.OpenProcess(0x400, 0, pid);
  if (h === null) return;
  if (quick) return;
  k.symbols.CloseHandle(h);
}`;
    expect(kinds(code)).toEqual(['leak@6 definite']);
    expect(kinds(code.replace('  if (quick) return;\n', ''))).toEqual([]);
  });
});

describe('failure tests in the binding representation', () => {
  const withTest = (test: string, open = 'OpenProcessU64(0x400, false, pid)') => `${KOFFI}export function f(pid: number) {
  const h = ${open};
  if (${test}) return;
  CloseHandle(h);
}`;

  it.each([
    ['!h', 'OpenProcess(0x400, false, pid)'],
    ['h === null', 'OpenProcess(0x400, false, pid)'],
    ['koffi.address(h) === 0n', 'OpenProcess(0x400, false, pid)'],
    ['(h as any).isNull()', 'OpenProcess(0x400, false, pid)'],
    ['h === 0', undefined],
  ])('NULL test %s counts as the failure test', (test, open) => {
    expect(kinds(withTest(test, open))).toEqual([]);
  });

  it('an unrelated comparison is no failure test: the early return after it leaks', () => {
    // `h === 5` says nothing about failure: the early return may leave an open handle
    expect(kinds(withTest('h === 5'))).toEqual([`leak@${KOFFI_LINES + 2} definite`]);
  });

  it.each([
    'h === 0xffffffffffffffffn',
    'h === 0xFFFFFFFFFFFFFFFF',
    'koffi.address(h) === 0xFFFFFFFFFFFFFFFFn',
    // the sentinel spelled as a folded constant (a false positive found by hand: the early return leaked)
    'h === BigInt.asUintN(64, -1n)',
    'h === BigInt.asUintN(64, BigInt(-1))',
  ])('INVALID test %s counts as the failure test of CreateFileW', (test) => {
    const code = `${KOFFI}const CreateFileW = k32.func('CreateFileW', 'uint64', ['str16', 'uint32', 'uint32', 'void *', 'uint32', 'uint32', 'void *']);
export function f(path: string) {
  const h = CreateFileW(path, 0, 0, null, 3, 0, null) as any;
  if (${test}) return;
  CloseHandle(h);
}`;
    // the double 0xFFFFFFFFFFFFFFFF never equals a koffi uint64 result (invalid-handle-check's wrong-sentinel); for the
    // leak analysis it still ends the failure path
    expect(kinds(code).filter((k) => !k.startsWith('wrong-sentinel'))).toEqual([]);
  });

  it('ffi-rs isNullPointer(h) is a NULL test; the handle reaches CloseHandle through paramsValue', () => {
    const code = `import { open, load, isNullPointer, DataType } from 'ffi-rs';
open({ library: 'kernel32', path: 'kernel32.dll' });
export function f(pid: number) {
  const h = load({ library: 'kernel32', funcName: 'OpenProcess', retType: DataType.External, paramsType: [DataType.I32, DataType.Boolean, DataType.I32], paramsValue: [0x400, false, pid] });
  if (isNullPointer(h)) return;
  load({ library: 'kernel32', funcName: 'CloseHandle', retType: DataType.Boolean, paramsType: [DataType.External], paramsValue: [h] });
}`;
    expect(kinds(code)).toEqual([]);
  });
});

describe('out-params in each binding', () => {
  it('DuplicateHandle into a koffi [null] holder: closing the holder element settles it', () => {
    const code = `${KOFFI}export function f(src: unknown, quick: boolean) {
  const self = GetCurrentProcess();
  const out = [null];
  if (!DuplicateHandle(self, src, self, out, 0, false, 2)) return;
  if (quick) return;
  CloseHandle(out[0]);
}`;
    const findings = analyzeCode(code).findings;
    expect(findings.map((f) => `${f.kind} ${f.handle}`)).toEqual(['leak out[0]']);
  });

  it('koffi.alloc holder read back with koffi.decode', () => {
    const prelude = `${KOFFI}const adv = koffi.load('advapi32.dll');
const OpenProcessToken = adv.func('bool __stdcall OpenProcessToken(HANDLE p, uint32_t a, _Out_ HANDLE *t)');
`;
    const ok = `${prelude}export function f(p: unknown) {
  const slot = koffi.alloc(HANDLE, 1);
  if (!OpenProcessToken(p, 8, slot)) return;
  CloseHandle(koffi.decode(slot, HANDLE));
}`;
    expect(kinds(ok)).toEqual([]);
    const twice = `${ok.slice(0, -2)}  CloseHandle(koffi.decode(slot, HANDLE));\n}`;
    expect(kinds(twice).map((k) => k.split('@')[0])).toEqual(['double-close']);
  });

  it('a holder passed to an unknown function after the call escapes with it (no false leak)', () => {
    const code = `import { dlopen, FFIType, ptr } from 'bun:ffi';
const { symbols: adv } = dlopen('advapi32.dll', { OpenProcessToken: { args: [FFIType.u64, FFIType.u32, FFIType.ptr], returns: FFIType.bool } });
declare function keep(arr: BigUint64Array): void;
export function f(proc: bigint) {
  const token = new BigUint64Array(1);
  if (!adv.OpenProcessToken(proc, 8, ptr(token))) return;
  keep(token);
}`;
    expect(kinds(code)).toEqual([]);
  });
});

describe('more binding shapes (no false positives, real leaks found)', () => {
  const pipe = `${KOFFI}const CreatePipe = k32.func('bool __stdcall CreatePipe(_Out_ HANDLE *r, _Out_ HANDLE *w, void *sa, uint32_t size)');
export function f() {
  const r = [null], w = [null];
  if (!CreatePipe(r, w, null, 0)) return;
  CloseHandle(r[0]);
  CloseHandle(w[0]);
}`;

  it('koffi CreatePipe with two [null] holders: both closed is clean, one forgotten leaks by its read name', () => {
    expect(kinds(pipe)).toEqual([]);
    const leaked = analyzeCode(pipe.replace('  CloseHandle(w[0]);\n', '')).findings;
    expect(leaked.map((f) => `${f.kind} ${f.handle} ${f.path}`)).toEqual(['leak w[0] at the end of `f`']);
  });

  it('bun ptr results tested with !h or === null; win32-api and ffi-napi (ref.address) shapes', () => {
    const bun = `import { dlopen, FFIType } from 'bun:ffi';
const { symbols: k32 } = dlopen('kernel32.dll', {
  OpenProcess: { args: [FFIType.u32, FFIType.bool, FFIType.u32], returns: FFIType.ptr },
  CloseHandle: { args: [FFIType.ptr], returns: FFIType.bool },
});
export function f(pid: number) {
  const h = k32.OpenProcess(0x400, false, pid);
  if (h === null) return;
  k32.CloseHandle(h);
}
export function g(pid: number) {
  const h = k32.OpenProcess(0x400, false, pid);
  if (!h) return;
  k32.CloseHandle(h);
}`;
    expect(kinds(bun)).toEqual([]);
    const win32api = `import { Kernel32 } from 'win32-api';
const k = Kernel32.load();
export function f(pid: number) {
  const h = k.OpenProcess(0x400, 0, pid);
  if (!h) return;
  k.CloseHandle(h);
  k.CloseHandle(h);
}`;
    expect(kinds(win32api)).toEqual(['double-close@7 definite']);
    const napi = `import ffi from 'ffi-napi';
import ref from 'ref-napi';
const k32 = ffi.Library('kernel32', { OpenProcess: ['pointer', ['uint32', 'bool', 'uint32']], CloseHandle: ['bool', ['pointer']] });
export function f(pid: number) {
  const h = k32.OpenProcess(0x400, false, pid);
  if (ref.address(h) === 0) return;
  k32.CloseHandle(h);
}`;
    expect(kinds(napi)).toEqual([]);
  });
});

describe('CRT threads', () => {
  const CRT = `import koffi from 'koffi';
const crt = koffi.load('msvcrt.dll');
const k32 = koffi.load('kernel32.dll');
const _beginthreadex = crt.func('uintptr_t _beginthreadex(void *sec, uint32_t stack, void *start, void *arg, uint32_t flags, uint32_t *id)');
const _beginthread = crt.func('uintptr_t _beginthread(void *start, uint32_t stack, void *arg)');
const CloseHandle = k32.func('bool __stdcall CloseHandle(intptr_t h)');
`;
  const CRT_LINES = CRT.split('\n').length - 1;

  it("_beginthreadex's handle is the caller's (a leak when never closed); _beginthread's closes itself (closing it is unowned)", () => {
    const code = `${CRT}export function ex(start: unknown): void {
  const t = _beginthreadex(null, 0, start, null, 0, null);
  if (!t) return;
}
export function plain(start: unknown): void {
  const t = _beginthread(start, 0, null);
  if (t === -1) return;
  CloseHandle(t);
}
`;
    expect(kinds(code)).toEqual([`leak@${CRT_LINES + 2} definite`, `close-unowned@${CRT_LINES + 8} definite`]);
  });
});
