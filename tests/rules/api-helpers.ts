/**
 * Helpers for the issue-5 acceptance tests (staged: the rules do not exist yet). They extend tests/rules/helpers.ts:
 * `rsrc` imports EVERY runtime export a snippet uses (the shared `src` knows only issue 4's names), `ffi` builds
 * a file that binds kernel32 & co. through one FFI library, and `addRuntimeImport` spells out where a fix that
 * needs a runtime name puts it (appended to the existing runtime import's specifier list).
 */
import * as runtime from '../../runtime/index.js';
import { dedent, loc, type Location } from './helpers.js';

export { dedent, loc, lineOf, locInside, replaceAt, ruleTester } from './helpers.js';

const RUNTIME_VALUES = Object.keys(runtime);
const RUNTIME_TYPES = ['HANDLE', 'PROCESS_INFORMATION'];

/** The location of the LAST `inner` inside the first `outer` (`h` in `this.h = h`, where `this` contains an h too). */
export function locLastInside(code: string, outer: string, inner: string): Location {
  const start = code.indexOf(outer);
  if (start < 0) throw new Error(`test bug: ${JSON.stringify(outer)} not found`);
  const offset = outer.lastIndexOf(inner);
  if (offset < 0) throw new Error(`test bug: ${JSON.stringify(inner)} is not inside ${JSON.stringify(outer)}`);
  const before = code.slice(0, start + offset);
  return loc(code, inner, before.split(inner).length);
}

/** A user's file on the runtime: line 1 imports the runtime names the body uses (in body order), the body follows. */
export function rsrc(body: string): string {
  const text = dedent(body);
  // names in comments and strings do not count (a comment may say "INVALID_HANDLE_VALUE")
  const code = text.replace(/\/\/.*$/gm, (c) => ' '.repeat(c.length)).replace(/'[^'\n]*'/g, (c) => ' '.repeat(c.length));
  const used = new Map<string, number>();
  for (const name of [...RUNTIME_VALUES, ...RUNTIME_TYPES]) {
    const at = code.search(new RegExp(`(?<![\\w.$])${name}(?![\\w$])`));
    if (at >= 0) used.set(RUNTIME_TYPES.includes(name) ? `type ${name}` : name, at);
  }
  if (used.size === 0) return text;
  const names = [...used.entries()].sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0])).map(([n]) => n);
  return `import { ${names.join(', ')} } from 'eslint-plugin-handles/runtime';\n${text}`;
}

/** The fix's import edit: `name` appended to the specifier list of the file's runtime import (or nothing if present). */
export function addRuntimeImport(code: string, ...names: string[]): string {
  const match = /^import \{ ([^}]*) \} from 'eslint-plugin-handles\/runtime';$/m.exec(code);
  if (!match) throw new Error('test bug: the snippet has no runtime import');
  const present = match[1]!.split(', ').map((s) => s.replace(/^type /, ''));
  const missing = names.filter((n) => !present.includes(n));
  if (missing.length === 0) return code;
  const replaced = match[0].replace(' } from', `, ${missing.join(', ')} } from`);
  return code.slice(0, match.index) + replaced + code.slice(match.index + match[0].length);
}

/** A file that binds through an FFI library: `head` (imports, loads, declarations) then the body. */
export function ffi(head: string, body: string): string {
  return `${dedent(head)}\n${dedent(body)}`;
}

/** koffi with opaque HANDLE pointers (a handle is an External object, NULL is null). */
export const KOFFI_POINTERS = `
  import koffi from 'koffi';
  const kernel32 = koffi.load('kernel32.dll');
  const advapi32 = koffi.load('advapi32.dll');
  const user32 = koffi.load('user32.dll');
  const msvcrt = koffi.load('msvcrt.dll');
  const HANDLE = koffi.pointer('HANDLE', koffi.opaque());
  const CreateFileW = kernel32.func('HANDLE __stdcall CreateFileW(const char16_t *name, uint32_t access, uint32_t share, void *sa, uint32_t disposition, uint32_t flags, HANDLE template)');
  const OpenProcess = kernel32.func('HANDLE __stdcall OpenProcess(uint32_t access, bool inherit, uint32_t pid)');
  const CloseHandle = kernel32.func('bool __stdcall CloseHandle(HANDLE h)');
  const ReadFile = kernel32.func('bool __stdcall ReadFile(HANDLE h, _Out_ uint8_t *buf, uint32_t size, _Out_opt_ uint32_t *read, void *overlapped)');
  const GetCurrentProcess = kernel32.func('HANDLE __stdcall GetCurrentProcess()');
  const OpenProcessToken = kernel32.func('bool __stdcall OpenProcessToken(HANDLE process, uint32_t access, _Out_ HANDLE *token)');
  const GetTokenInformation = advapi32.func('bool __stdcall GetTokenInformation(HANDLE token, int cls, _Out_ void *info, uint32_t size, _Out_ uint32_t *needed)');
  const RegOpenKeyExW = advapi32.func('long __stdcall RegOpenKeyExW(HANDLE key, const char16_t *sub, uint32_t options, uint32_t sam, _Out_ HANDLE *result)');
  const RegQueryValueExW = advapi32.func('long __stdcall RegQueryValueExW(HANDLE key, const char16_t *name, void *reserved, _Out_ uint32_t *type, _Out_ uint8_t *data, _Inout_ uint32_t *size)');
  const RegCloseKey = advapi32.func('long __stdcall RegCloseKey(HANDLE key)');
  const GetForegroundWindow = user32.func('HANDLE __stdcall GetForegroundWindow()');
  const GetDC = user32.func('HANDLE __stdcall GetDC(HANDLE wnd)');
  const ReleaseDC = user32.func('int __stdcall ReleaseDC(HANDLE wnd, HANDLE dc)');
  const fopen = msvcrt.func('void *fopen(const char *name, const char *mode)');
  const fclose = msvcrt.func('int fclose(void *stream)');
  const _open = msvcrt.func('int _open(const char *name, int flags, int mode)');
  const _read = msvcrt.func('int _read(int fd, _Out_ uint8_t *buf, uint32_t size)');
  const _close = msvcrt.func('int _close(int fd)');
`;

/** koffi declaring handles as integers: `intptr` (a signed number) and `uint64` (a number, or a bigint above 2^53). */
export const KOFFI_INTEGERS = `
  import koffi from 'koffi';
  const kernel32 = koffi.load('kernel32.dll');
  const CreateFileW = kernel32.func('uint64 __stdcall CreateFileW(const char16_t *name, uint32 access, uint32 share, void *sa, uint32 disposition, uint32 flags, uint64 template)');
  const CreateEventW = kernel32.func('intptr_t __stdcall CreateEventW(void *sa, int manual, int initial, const char16_t *name)');
  const OpenProcessToken = kernel32.func('int __stdcall OpenProcessToken(intptr_t process, uint32 access, _Out_ intptr_t *token)');
`;

/** bun:ffi with u64 handles (always a bigint, never negative) and a `ptr` result (a number or null). */
export const BUN = `
  import { dlopen, FFIType, ptr } from 'bun:ffi';
  const { symbols: k } = dlopen('kernel32.dll', {
    CreateFileW: { args: [FFIType.ptr, FFIType.u32, FFIType.u32, FFIType.ptr, FFIType.u32, FFIType.u32, FFIType.u64], returns: FFIType.u64 },
    CreateEventW: { args: [FFIType.ptr, FFIType.i32, FFIType.i32, FFIType.ptr], returns: FFIType.u64 },
    OpenProcess: { args: [FFIType.u32, FFIType.i32, FFIType.u32], returns: FFIType.ptr },
    OpenProcessToken: { args: [FFIType.u64, FFIType.u32, FFIType.ptr], returns: FFIType.i32 },
    SetEvent: { args: [FFIType.u64], returns: FFIType.i32 },
    CloseHandle: { args: [FFIType.u64], returns: FFIType.i32 },
  });
`;

/** Deno with 'pointer' handles (an object, or null for NULL). */
export const DENO = `
  const kernel32 = Deno.dlopen('kernel32.dll', {
    CreateFileW: { parameters: ['buffer', 'u32', 'u32', 'pointer', 'u32', 'u32', 'pointer'], result: 'pointer' },
    OpenProcess: { parameters: ['u32', 'i32', 'u32'], result: 'pointer' },
    CloseHandle: { parameters: ['pointer'], result: 'i32' },
  } as const);
`;

/** ffi-napi with 'pointer' results (a Buffer; NULL is tested with ref.isNull). */
export const FFI_NAPI = `
  import ffi from 'ffi-napi';
  import ref from 'ref-napi';
  const kernel32 = ffi.Library('kernel32', {
    CreateFileW: ['pointer', ['pointer', 'uint32', 'uint32', 'pointer', 'uint32', 'uint32', 'pointer']],
    CloseHandle: ['bool', ['pointer']],
  });
`;

/** node:ffi: pointers and uint64_t are unsigned bigints. */
export const NODE_FFI = `
  import ffi from 'node:ffi';
  const kernel32 = ffi.dlopen('kernel32.dll', {
    CreateMutexW: { arguments: ['pointer', 'int32_t', 'pointer'], return: 'pointer' },
    CloseHandle: { arguments: ['pointer'], return: 'int32_t' },
  });
`;
