/**
 * Acceptance tests for invalid-handle-check (issue 5), see docs/rules/invalid-handle-check.md.
 * A test of an acquirer's result must detect the failure value the contract table gives (NULL, INVALID_HANDLE_VALUE,
 * FALSE, a non-zero status, -1) in the representation of the binding that made the call. Reports are at the test
 * expression (`!h`, `h === null`, the `h` of `if (h)`), one per test; `test` is its source text. A comparison that
 * can never be true (false) for the representation is `neverTrue` (it wins over `wrongFailureValue`), with the
 * reason the binding index's comparisonNeverTrue() gives. Every report offers `compareWithFailure`: the test
 * replaced by sentinelExpression()'s failure test (negated for success tests: `===` → `!==`), keeping a NULL test
 * when the variable may also hold a value that never came from the call; a runtime name the fix needs is appended
 * to the file's runtime import. Testing both values is always fine.
 */
import type { InvalidTestCase, ValidTestCase } from '@typescript-eslint/rule-tester';
import rule, { type MessageIds, type Options } from '../../rules/invalid-handle-check.js';
import {
  BUN, DENO, FFI_NAPI, KOFFI_INTEGERS, KOFFI_POINTERS, NODE_FFI, addRuntimeImport, ffi, loc, locInside, replaceAt, rsrc, ruleTester,
} from './api-helpers.js';
import { onlyWithReportMaybe } from './helpers.js';

type Case = InvalidTestCase<MessageIds, Options>;
type Valid = ValidTestCase<Options> | string;

const FILE = 'CreateFileW(path, GENERIC_READ, FILE_SHARE_READ, null, OPEN_EXISTING, 0, null)';
const KFILE = "CreateFileW(name, 0x80000000, 1, null, 3, 0, null)";

interface Expect {
  /** the reported test's source text */
  test: string;
  /** where it is: the text around it when `test` alone is ambiguous (e.g. `if (h) {`) */
  within?: string;
  api?: string;
  failure: string;
  /** the fix's test text */
  fix: string;
  /** the text the fix replaces (default: the test) and its replacement (default: the fix) */
  replace?: [string, string];
  /** runtime names the fix must import */
  imports?: string[];
}

function at(code: string, e: Expect) {
  return e.within ? locInside(code, e.within, e.test) : loc(code, e.test);
}

function suggestion(code: string, e: Expect) {
  const [from, to] = e.replace ?? [e.within ?? e.test, e.within ? e.within.replace(e.test, e.fix) : e.fix];
  const output = addRuntimeImportIfAny(replaceAt(code, from, to), e.imports ?? []);
  return [{ messageId: 'compareWithFailure', data: { failure: e.failure, fix: e.fix }, output }] as const;
}

function addRuntimeImportIfAny(code: string, names: string[]): string {
  return names.length === 0 ? code : addRuntimeImport(code, ...names);
}

function wrongValue(code: string, e: Expect) {
  return { messageId: 'wrongFailureValue', data: { test: e.test, api: e.api!, failure: e.failure }, ...at(code, e), suggestions: suggestion(code, e) } as const;
}

function truthy(code: string, e: Expect) {
  return { messageId: 'truthinessTest', data: { test: e.test, api: e.api!, failure: e.failure }, ...at(code, e), suggestions: suggestion(code, e) } as const;
}

function never(code: string, e: Expect & { outcome?: 'true' | 'false'; reason: string }) {
  return {
    messageId: 'neverTrue',
    data: { test: e.test, outcome: e.outcome ?? 'true', reason: e.reason },
    ...at(code, e),
    suggestions: suggestion(code, e),
  } as const;
}

const valid: Valid[] = [];
const invalid: Case[] = [];

// ------------------------------------------------------------------ INVALID_HANDLE_VALUE family, runtime

{
  // Invalid: `if (!h)` after CreateFileW: INVALID_HANDLE_VALUE (-1) is truthy, the failure goes on to GetFileSizeEx.
  const code = rsrc(`
    export function size(path: string): number {
      const h = ${FILE};
      if (!h) return -1;
      const size = out<bigint>();
      GetFileSizeEx(h, size);
      CloseHandle(h);
      return Number(size.value);
    }
  `);
  const e = { test: '!h', api: 'CreateFileW', failure: 'INVALID_HANDLE_VALUE', fix: 'h === INVALID_HANDLE_VALUE', imports: ['INVALID_HANDLE_VALUE'] };
  invalid.push({ code, errors: [truthy(code, e)] });
}

{
  // Invalid: `if (h)` as the success test after CreateFileW takes the failure branch as success.
  const code = rsrc(`
    export function touch(path: string): boolean {
      const h = CreateFileW(path, GENERIC_WRITE, 0, null, CREATE_ALWAYS, 0, null);
      if (h) {
        CloseHandle(h);
        return true;
      }
      return false;
    }
  `);
  const e = { test: 'h', within: 'if (h) {', api: 'CreateFileW', failure: 'INVALID_HANDLE_VALUE', fix: 'h !== INVALID_HANDLE_VALUE', imports: ['INVALID_HANDLE_VALUE'] };
  invalid.push({ code, errors: [truthy(code, e)] });
}

{
  // Invalid: CreateFileW compared with NULL: it never returns NULL, so the failure is missed.
  const code = rsrc(`
    export function open(path: string): HANDLE {
      const h = ${FILE};
      if (h === NULL) throw new Error('open failed');
      return h;
    }
  `);
  const e = { test: 'h === NULL', api: 'CreateFileW', failure: 'INVALID_HANDLE_VALUE', fix: 'h === INVALID_HANDLE_VALUE', imports: ['INVALID_HANDLE_VALUE'] };
  invalid.push({ code, errors: [wrongValue(code, e)] });
}

{
  // Invalid: the issue's `let h = null; if (x) h = CreateFileW(...); ... if (h)`: on the path where the call
  // failed h is INVALID_HANDLE_VALUE, which passes `if (h)`. The fix keeps the null test (h may never be assigned).
  const code = rsrc(`
    export function maybeRead(path: string, wanted: boolean): void {
      let h: HANDLE | null = null;
      if (wanted) h = ${FILE};
      const buffer = new Uint8Array(16);
      if (h) {
        ReadFile(h, buffer, 16, null, null);
        CloseHandle(h);
      }
    }
  `);
  const e = { test: 'h', within: 'if (h) {', api: 'CreateFileW', failure: 'INVALID_HANDLE_VALUE', fix: 'h && h !== INVALID_HANDLE_VALUE', imports: ['INVALID_HANDLE_VALUE'] };
  invalid.push({ code, errors: [truthy(code, e)] });
}

{
  // Invalid: the same shape with a failure test: `!h` is false for INVALID_HANDLE_VALUE.
  const code = rsrc(`
    export function maybeRead(path: string, wanted: boolean): void {
      let h: HANDLE | null = null;
      if (wanted) h = ${FILE};
      if (!h) return;
      ReadFile(h, new Uint8Array(16), 16, null, null);
      CloseHandle(h);
    }
  `);
  const e = { test: '!h', api: 'CreateFileW', failure: 'INVALID_HANDLE_VALUE', fix: '!h || h === INVALID_HANDLE_VALUE', imports: ['INVALID_HANDLE_VALUE'] };
  invalid.push({ code, errors: [truthy(code, e)] });
}

{
  // Invalid: every INVALID-failing acquirer of the runtime, each tested with `!h` (one report per test).
  const code = rsrc(`
    export function all(name: string): void {
      const pipe = CreateNamedPipeW(name, PIPE_ACCESS_DUPLEX, PIPE_TYPE_BYTE, 1, 0, 0, 0, null);
      if (!pipe) return;
      const slot = CreateMailslotW(name, 0, MAILSLOT_WAIT_FOREVER, null);
      if (!slot) return;
      const snap = CreateToolhelp32Snapshot(TH32CS_SNAPPROCESS, 0);
      if (!snap) return;
      const find = FindFirstFileW(name, null);
      if (!find) return;
      FindClose(find);
      CloseHandle(snap);
      CloseHandle(slot);
      CloseHandle(pipe);
    }
  `);
  const errors = [
    ['!pipe', 'CreateNamedPipeW', 'pipe'],
    ['!slot', 'CreateMailslotW', 'slot'],
    ['!snap', 'CreateToolhelp32Snapshot', 'snap'],
    ['!find', 'FindFirstFileW', 'find'],
  ].map(([test, api, h]) =>
    truthy(code, { test: test!, api, failure: 'INVALID_HANDLE_VALUE', fix: `${h} === INVALID_HANDLE_VALUE`, imports: ['INVALID_HANDLE_VALUE'] }),
  );
  invalid.push({ code, errors });
}

// ------------------------------------------------------------------ NULL family, runtime

{
  // Invalid: `=== INVALID_HANDLE_VALUE` after CreateEventW, which fails with NULL.
  const code = rsrc(`
    export function signal(): void {
      const h = CreateEventW(null, true, false, null);
      if (h === INVALID_HANDLE_VALUE) return;
      SetEvent(h);
      CloseHandle(h);
    }
  `);
  invalid.push({ code, errors: [wrongValue(code, { test: 'h === INVALID_HANDLE_VALUE', api: 'CreateEventW', failure: 'NULL', fix: 'h === 0' })] });
}

{
  // Invalid: `=== -1` after OpenProcess (NULL-failing): the failure reaches TerminateProcess.
  const code = rsrc(`
    export function kill(pid: number): void {
      const process = OpenProcess(PROCESS_TERMINATE, false, pid);
      if (process === -1) return;
      TerminateProcess(process, 1);
      CloseHandle(process);
    }
  `);
  invalid.push({ code, errors: [wrongValue(code, { test: 'process === -1', api: 'OpenProcess', failure: 'NULL', fix: 'process === 0' })] });
}

{
  // Invalid: a success test against INVALID_HANDLE_VALUE after CreateMutexW: NULL passes it.
  const code = rsrc(`
    export function lock(name: string): void {
      const mutex = CreateMutexW(null, false, name);
      if (mutex !== INVALID_HANDLE_VALUE) {
        WaitForSingleObject(mutex, INFINITE);
        ReleaseMutex(mutex);
        CloseHandle(mutex);
      }
    }
  `);
  invalid.push({
    code,
    errors: [wrongValue(code, { test: 'mutex !== INVALID_HANDLE_VALUE', api: 'CreateMutexW', failure: 'NULL', fix: 'mutex !== 0' })],
  });
}

{
  // Invalid: CreateFileMappingW fails with NULL, not INVALID_HANDLE_VALUE (a classic: it TAKES INVALID_HANDLE_VALUE).
  const code = rsrc(`
    export function shared(): void {
      const section = CreateFileMappingW(INVALID_HANDLE_VALUE, null, PAGE_READWRITE, 0, 4096, 'shm');
      if (section === INVALID_HANDLE_VALUE) return;
      CloseHandle(section);
    }
  `);
  invalid.push({
    code,
    errors: [wrongValue(code, { test: 'section === INVALID_HANDLE_VALUE', api: 'CreateFileMappingW', failure: 'NULL', fix: 'section === 0' })],
  });
}

{
  // Invalid: a runtime handle (a number) compared with a bigint: `===` never matches.
  const code = rsrc(`
    export function open(path: string): HANDLE {
      const h = ${FILE};
      if (h === -1n) throw new Error('open failed');
      return h;
    }
  `);
  invalid.push({
    code,
    errors: [
      never(code, {
        test: 'h === -1n',
        failure: 'INVALID_HANDLE_VALUE',
        fix: 'h === INVALID_HANDLE_VALUE',
        imports: ['INVALID_HANDLE_VALUE'],
        reason: 'the value is a number, and `===` never matches a number with the bigint `-1n`',
      }),
    ],
  });
}

{
  // Invalid: a runtime BOOL (a boolean) compared with -1: never true; CreatePipe fails with FALSE.
  const call = 'CreatePipe(r, w, null, 0)';
  const code = rsrc(`
    export function pipe(): void {
      const r = out();
      const w = out();
      if (${call} === -1) return;
      CloseHandle(r.value);
      CloseHandle(w.value);
    }
  `);
  invalid.push({
    code,
    errors: [never(code, { test: `${call} === -1`, failure: 'FALSE', fix: `${call} === false`, reason: 'the value is a boolean, never `-1`' })],
  });
}

{
  // Invalid: WaitForSingleObject returns a DWORD: WAIT_FAILED is 0xFFFFFFFF, never -1 in the runtime's numbers.
  const call = 'WaitForSingleObject(h, INFINITE)';
  const code = rsrc(`
    export function join(h: HANDLE): boolean {
      if (${call} === -1) return false;
      return true;
    }
  `);
  invalid.push({
    code,
    errors: [wrongValue(code, { test: `${call} === -1`, api: 'WaitForSingleObject', failure: 'WAIT_FAILED', fix: `${call} === 0xFFFFFFFF` })],
  });
}

// Valid: GetCurrentProcess() cannot fail; comparing it with INVALID_HANDLE_VALUE is pseudo-handle's finding, not this rule's.
valid.push(rsrc(`
  export function self(): void {
    const me = GetCurrentProcess();
    if (me === INVALID_HANDLE_VALUE) return;
    TerminateProcess(me, 0);
  }
`));

// ------------------------------------------------------------------ koffi pointers (External objects, NULL is null)

{
  // Invalid: `!file` after a koffi CreateFileW declared with HANDLE (a pointer): INVALID is a non-null External.
  const code = ffi(KOFFI_POINTERS, `
    export function read(name: string): void {
      const file = ${KFILE};
      if (!file) return;
      ReadFile(file, Buffer.alloc(16), 16, null, null);
      CloseHandle(file);
    }
  `);
  invalid.push({
    code,
    errors: [truthy(code, { test: '!file', api: 'CreateFileW', failure: 'INVALID_HANDLE_VALUE', fix: 'koffi.address(file) === 0xFFFFFFFFFFFFFFFFn' })],
  });
}

{
  // Invalid: a koffi pointer compared with -1 is never true (an object never equals a number).
  const code = ffi(KOFFI_POINTERS, `
    export function read(name: string): void {
      const file = ${KFILE};
      if (file === -1) return;
      ReadFile(file, Buffer.alloc(16), 16, null, null);
      CloseHandle(file);
    }
  `);
  invalid.push({
    code,
    errors: [
      never(code, {
        test: 'file === -1',
        failure: 'INVALID_HANDLE_VALUE',
        fix: 'koffi.address(file) === 0xFFFFFFFFFFFFFFFFn',
        reason: 'a pointer is an object (or null for NULL), never equal to `-1`',
      }),
    ],
  });
}

{
  // Invalid: a koffi pointer compared with 0 (for OpenProcess, NULL-failing): never true; and `!== 0` never false.
  const code = ffi(KOFFI_POINTERS, `
    export function peek(pid: number): void {
      const process = OpenProcess(0x1000, false, pid);
      if (process === 0) return;
      CloseHandle(process);
    }
    export function peek2(pid: number): void {
      const other = OpenProcess(0x1000, false, pid);
      if (other !== 0) CloseHandle(other);
    }
  `);
  invalid.push({
    code,
    errors: [
      never(code, { test: 'process === 0', failure: 'NULL', fix: 'process === null', reason: 'a pointer is an object (or null for NULL), never equal to `0`' }),
      never(code, {
        test: 'other !== 0',
        outcome: 'false',
        failure: 'NULL',
        fix: 'other !== null',
        reason: 'a pointer is an object (or null for NULL), never equal to `0`',
      }),
    ],
  });
}

{
  // Invalid: the fix uses the file's own name for koffi's module (`ffi`).
  const head = KOFFI_POINTERS.replace("import koffi from 'koffi';", "import ffi from 'koffi';").replaceAll('koffi.', 'ffi.');
  const code = ffi(head, `
    export function read(name: string): void {
      const file = ${KFILE};
      if (file === null) return;
      CloseHandle(file);
    }
  `);
  invalid.push({
    code,
    errors: [wrongValue(code, { test: 'file === null', api: 'CreateFileW', failure: 'INVALID_HANDLE_VALUE', fix: 'ffi.address(file) === 0xFFFFFFFFFFFFFFFFn' })],
  });
}

// ------------------------------------------------------------------ koffi integers (intptr: number; uint64: number or bigint)

{
  // Invalid: koffi uint64 is unsigned: `=== -1` is never true, and the 64-bit all-ones value is a bigint, so the
  // number literal 0xFFFFFFFFFFFFFFFF never matches either.
  const code = ffi(KOFFI_INTEGERS, `
    export function a(name: string): void {
      const h = ${KFILE};
      if (h === -1) return;
    }
    export function b(name: string): void {
      const g = ${KFILE};
      if (g === 0xFFFFFFFFFFFFFFFF) return;
    }
  `);
  invalid.push({
    code,
    errors: [
      never(code, {
        test: 'h === -1',
        failure: 'INVALID_HANDLE_VALUE',
        fix: 'h === 0xFFFFFFFFFFFFFFFFn',
        reason: 'an unsigned 64-bit value is never negative, so it never equals `-1`',
      }),
      never(code, {
        test: 'g === 0xFFFFFFFFFFFFFFFF',
        failure: 'INVALID_HANDLE_VALUE',
        fix: 'g === 0xFFFFFFFFFFFFFFFFn',
        reason: 'values above 2^53 come back as bigints, so `===` never matches the number `0xFFFFFFFFFFFFFFFF`',
      }),
    ],
  });
}

{
  // Invalid: koffi intptr CreateEventW (a number) tested against -1: it fails with 0.
  const code = ffi(KOFFI_INTEGERS, `
    export function make(): number {
      const event = CreateEventW(null, 1, 0, null);
      if (event === -1) throw new Error('CreateEventW failed');
      return event;
    }
  `);
  invalid.push({ code, errors: [wrongValue(code, { test: 'event === -1', api: 'CreateEventW', failure: 'NULL', fix: 'event === 0' })] });
}

{
  // Invalid: a BOOL + out-param acquirer's result (koffi `int`) compared with -1: OpenProcessToken fails with FALSE.
  const code = ffi(KOFFI_INTEGERS, `
    export function token(process: number): number {
      const holder = [0];
      const ok = OpenProcessToken(process, 8, holder);
      if (ok === -1) return 0;
      return holder[0]!;
    }
  `);
  invalid.push({ code, errors: [wrongValue(code, { test: 'ok === -1', api: 'OpenProcessToken', failure: 'FALSE', fix: '!ok' })] });
}

// ------------------------------------------------------------------ bun (u64 bigint, ptr number-or-null)

{
  // Invalid: a bun u64 result is an unsigned bigint: `=== -1n` never matches INVALID_HANDLE_VALUE.
  const code = ffi(BUN, `
    export function open(name: Buffer): bigint {
      const h = k.CreateFileW(ptr(name), 0x80000000, 1, null, 3, 0, 0n);
      if (h === -1n) throw new Error('CreateFileW failed');
      return h;
    }
  `);
  invalid.push({
    code,
    errors: [
      never(code, {
        test: 'h === -1n',
        failure: 'INVALID_HANDLE_VALUE',
        fix: 'h === 0xFFFFFFFFFFFFFFFFn',
        reason: 'an unsigned 64-bit bigint is never negative, so it never equals `-1n`',
      }),
    ],
  });
}

{
  // Invalid: a bun u64 CreateEventW compared with the number 0 (`===` never matches a bigint with a number).
  const code = ffi(BUN, `
    export function make(): bigint {
      const event = k.CreateEventW(null, 1, 0, null);
      if (event === 0) throw new Error('CreateEventW failed');
      return event;
    }
  `);
  invalid.push({
    code,
    errors: [
      never(code, {
        test: 'event === 0',
        failure: 'NULL',
        fix: 'event === 0n',
        reason: 'the value is a bigint, and `===` never matches a bigint with the number `0`',
      }),
    ],
  });
}

{
  // Invalid: a bun `ptr` result is a number or null, never negative.
  const code = ffi(BUN, `
    export function peek(pid: number): number | null {
      const process = k.OpenProcess(0x1000, 0, pid);
      if (process === -1) return null;
      return process;
    }
  `);
  invalid.push({
    code,
    errors: [never(code, { test: 'process === -1', failure: 'NULL', fix: '!process', reason: 'a bun pointer is never negative, so it never equals `-1`' })],
  });
}

{
  // Invalid: a bun i64 result is a signed bigint: the number -1 never matches it with `===`.
  const code = ffi(`
    import { dlopen, FFIType } from 'bun:ffi';
    const { symbols: k64 } = dlopen('kernel32.dll', {
      CreateFileW: { args: [FFIType.ptr, FFIType.u32, FFIType.u32, FFIType.ptr, FFIType.u32, FFIType.u32, FFIType.i64], returns: FFIType.i64 },
    });
  `, `
    export function open(name: Buffer): bigint {
      const h = k64.CreateFileW(name, 0x80000000, 1, null, 3, 0, 0n);
      if (h === -1) throw new Error('CreateFileW failed');
      return h;
    }
    export function fine(name: Buffer): bigint {
      const g = k64.CreateFileW(name, 0x80000000, 1, null, 3, 0, 0n);
      if (g === -1n) throw new Error('CreateFileW failed');
      return g;
    }
  `);
  invalid.push({
    code,
    errors: [
      never(code, {
        test: 'h === -1',
        failure: 'INVALID_HANDLE_VALUE',
        fix: 'h === -1n',
        reason: 'the value is a bigint, and `===` never matches a bigint with the number `-1`',
      }),
    ],
  });
}

{
  // Invalid: a function known only by its name (declared, representation unknown) is assumed to return numbers.
  const code = `
declare function CreateFileW(name: string, access: number, share: number, sa: null, disposition: number, flags: number, template: null): number;
export function open(name: string): number {
  const h = CreateFileW(name, 0x80000000, 1, null, 3, 0, null);
  if (!h) return 0;
  return h;
}
`;
  invalid.push({ code, errors: [truthy(code, { test: '!h', api: 'CreateFileW', failure: 'INVALID_HANDLE_VALUE', fix: 'h === -1' })] });
}

// ------------------------------------------------------------------ Deno, ffi-napi, node:ffi

{
  // Invalid: a Deno pointer from CreateFileW tested against null: INVALID_HANDLE_VALUE is a non-null pointer.
  const code = ffi(DENO, `
    export function open(name: Uint16Array): Deno.PointerValue {
      const file = kernel32.symbols.CreateFileW(name, 0x80000000, 1, null, 3, 0, null);
      if (file === null) throw new Error('CreateFileW failed');
      return file;
    }
  `);
  invalid.push({
    code,
    errors: [
      wrongValue(code, {
        test: 'file === null',
        api: 'CreateFileW',
        failure: 'INVALID_HANDLE_VALUE',
        fix: 'Deno.UnsafePointer.value(file) === 0xFFFFFFFFFFFFFFFFn',
      }),
    ],
  });
}

{
  // Invalid: ffi-napi 'pointer' result tested with ref.isNull: that detects NULL, CreateFileW fails with INVALID.
  const code = ffi(FFI_NAPI, `
    export function open(name: Buffer): Buffer {
      const h = kernel32.CreateFileW(name, 0x80000000, 1, null, 3, 0, null);
      if (ref.isNull(h)) throw new Error('CreateFileW failed');
      return h;
    }
  `);
  invalid.push({
    code,
    errors: [wrongValue(code, { test: 'ref.isNull(h)', api: 'CreateFileW', failure: 'INVALID_HANDLE_VALUE', fix: "ref.hexAddress(h) === 'ffffffffffffffff'" })],
  });
}

{
  // Invalid: node:ffi pointers are unsigned bigints: `=== -1n` is never true (and CreateMutexW fails with NULL anyway).
  const code = ffi(NODE_FFI, `
    export function make(): bigint {
      const mutex = kernel32.functions.CreateMutexW(null, 0, null);
      if (mutex === -1n) throw new Error('CreateMutexW failed');
      return mutex;
    }
  `);
  invalid.push({
    code,
    errors: [
      never(code, { test: 'mutex === -1n', failure: 'NULL', fix: 'mutex === 0n', reason: 'an unsigned 64-bit bigint is never negative, so it never equals `-1n`' }),
    ],
  });
}

// ------------------------------------------------------------------ status codes and the CRT

{
  // Invalid: RegOpenKeyExW returns a status code (a koffi `long`), never `false`.
  const call = "RegOpenKeyExW(root, 'Software\\\\App', 0, 0x20019, key)";
  const code = ffi(KOFFI_POINTERS, `
    export function open(root: unknown): unknown {
      const key = [null];
      if (${call} === false) return null;
      return key[0];
    }
  `);
  invalid.push({
    code,
    errors: [never(code, { test: `${call} === false`, failure: 'a non-zero status', fix: `${call} !== 0`, reason: 'the value is a number, never `false`' })],
  });
}

{
  // Invalid: CRT _open fails with -1 (truthy) and 0 is a valid descriptor: `!fd` and `fd === 0` both miss the failure.
  const code = ffi(KOFFI_POINTERS, `
    export function a(name: string): number {
      const fd = _open(name, 0, 0);
      if (!fd) return -1;
      return fd;
    }
    export function b(name: string): number {
      const fd2 = _open(name, 0, 0);
      if (fd2 === 0) return -1;
      return fd2;
    }
  `);
  invalid.push({
    code,
    errors: [
      truthy(code, { test: '!fd', api: '_open', failure: '-1', fix: 'fd === -1' }),
      wrongValue(code, { test: 'fd2 === 0', api: '_open', failure: '-1', fix: 'fd2 === -1' }),
    ],
  });
}

{
  // Invalid: fopen's FILE* is a koffi pointer: compared with -1 it is never true; fopen fails with NULL.
  const code = ffi(KOFFI_POINTERS, `
    export function open(name: string): unknown {
      const stream = fopen(name, 'rb');
      if (stream === -1) return null;
      return stream;
    }
  `);
  invalid.push({
    code,
    errors: [never(code, { test: 'stream === -1', failure: 'NULL', fix: 'stream === null', reason: 'a pointer is an object (or null for NULL), never equal to `-1`' })],
  });
}

// ------------------------------------------------------------------ valid

// Valid: the right failure value for each runtime family, as failure tests and as success tests.
valid.push(rsrc(`
  export function file(path: string): void {
    const h = ${FILE};
    if (h === INVALID_HANDLE_VALUE) return;
    CloseHandle(h);
  }
  export function file2(path: string): void {
    const h = ${FILE};
    if (h !== -1) CloseHandle(h);
  }
  export function event(): void {
    const e = CreateEventW(null, true, false, null);
    if (!e) return;
    CloseHandle(e);
  }
  export function event2(): void {
    const e = CreateEventW(null, true, false, null);
    if (e) CloseHandle(e);
    const m = CreateMutexW(null, false, null);
    if (m === NULL) return;
    CloseHandle(m);
    const p = OpenProcess(PROCESS_TERMINATE, false, 4);
    if (p === 0) return;
    CloseHandle(p);
  }
  export function pipe(): void {
    const r = out();
    const w = out();
    if (!CreatePipe(r, w, null, 0)) return;
    CloseHandle(r.value);
    CloseHandle(w.value);
  }
`));

// Valid: testing both NULL and INVALID_HANDLE_VALUE is fine for every API (harmless, common in correct code).
valid.push(rsrc(`
  export function both(path: string): void {
    const h = ${FILE};
    if (!h || h === INVALID_HANDLE_VALUE) return;
    CloseHandle(h);
    const e = CreateEventW(null, true, false, null);
    if (e === NULL || e === INVALID_HANDLE_VALUE) return;
    CloseHandle(e);
    const std = GetStdHandle(STD_OUTPUT_HANDLE);
    if (std && std !== INVALID_HANDLE_VALUE) WriteFile(std, new Uint8Array(1), 1, null, null);
  }
`));

// Valid: after the INVALID_HANDLE_VALUE test, a further NULL test is redundant, not wrong.
valid.push(rsrc(`
  export function twice(path: string): void {
    const h = ${FILE};
    if (h === INVALID_HANDLE_VALUE) return;
    if (!h) return;
    CloseHandle(h);
  }
`));

// Valid: `let h = null; if (x) h = CreateFileW(...)` tested for both (the shape, done right).
valid.push(rsrc(`
  export function maybeRead(path: string, wanted: boolean): void {
    let h: HANDLE | null = null;
    if (wanted) h = ${FILE};
    if (h !== null && h !== INVALID_HANDLE_VALUE) CloseHandle(h);
  }
`));

// Valid: the variable no longer holds the call's result when it is tested.
valid.push(rsrc(`
  declare function fallback(): HANDLE;
  export function replaced(path: string): void {
    let h = ${FILE};
    if (h === INVALID_HANDLE_VALUE) h = fallback();
    if (!h) return;
    CloseHandle(h);
  }
`));

// Valid: values that are not a table function's result, compared with anything (a local function named like one,
// a counter compared with -1n, an unrelated parameter).
valid.push(`
  function CreateFileW(path: string): number | null {
    return path.length > 0 ? 1 : null;
  }
  export function local(path: string, count: bigint, h: number): void {
    const x = CreateFileW(path);
    if (!x) return;
    if (count === -1n) return;
    if (h === -1 || !h) return;
  }
`);

// Valid: koffi pointers tested the koffi way (address for INVALID, null for NULL), also through an alias.
valid.push(ffi(KOFFI_POINTERS, `
  export function read(name: string, pid: number): void {
    const file = ${KFILE};
    if (koffi.address(file) === 0xFFFFFFFFFFFFFFFFn) return;
    CloseHandle(file);
    const process = OpenProcess(0x1000, false, pid);
    if (!process) return;
    CloseHandle(process);
    const other = OpenProcess(0x1000, false, pid);
    if (other === null) return;
    CloseHandle(other);
    const stream = fopen(name, 'rb');
    if (!stream) return;
    fclose(stream);
  }
`));

// Valid: koffi integers, bun, Deno, ffi-napi and node:ffi tested in their own representations.
valid.push(ffi(KOFFI_INTEGERS, `
  export function k(name: string, process: number): void {
    const h = ${KFILE};
    if (h === 0xFFFFFFFFFFFFFFFFn) return;
    const e = CreateEventW(null, 1, 0, null);
    if (e === 0) return;
    const holder = [0];
    if (!OpenProcessToken(process, 8, holder)) return;
  }
`));
valid.push(ffi(BUN, `
  export function b(name: Buffer, pid: number): void {
    const h = k.CreateFileW(ptr(name), 0x80000000, 1, null, 3, 0, 0n);
    if (h === 0xFFFFFFFFFFFFFFFFn) return;
    k.CloseHandle(h);
    const e = k.CreateEventW(null, 1, 0, null);
    if (e === 0n) return;
    k.CloseHandle(e);
    const p = k.OpenProcess(0x1000, 0, pid);
    if (!p) return;
  }
`));
valid.push(ffi(DENO, `
  export function d(name: Uint16Array, pid: number): void {
    const file = kernel32.symbols.CreateFileW(name, 0x80000000, 1, null, 3, 0, null);
    if (Deno.UnsafePointer.value(file) === 0xFFFFFFFFFFFFFFFFn) return;
    kernel32.symbols.CloseHandle(file);
    const process = kernel32.symbols.OpenProcess(0x1000, 0, pid);
    if (process === null) return;
    kernel32.symbols.CloseHandle(process);
  }
`));
valid.push(ffi(FFI_NAPI, `
  export function n(name: Buffer): void {
    const h = kernel32.CreateFileW(name, 0x80000000, 1, null, 3, 0, null);
    if (ref.hexAddress(h) === 'ffffffffffffffff') return;
    kernel32.CloseHandle(h);
  }
`));
valid.push(ffi(NODE_FFI, `
  export function m(): void {
    const mutex = kernel32.functions.CreateMutexW(null, 0, null);
    if (mutex === 0n) return;
    kernel32.functions.CloseHandle(mutex);
  }
`));

// Valid: status codes tested as status codes (truthy = failed), CRT descriptors against -1 or below 0.
valid.push(ffi(KOFFI_POINTERS, `
  const ERROR_SUCCESS = 0;
  export function reg(root: unknown): void {
    const key = [null];
    const status = RegOpenKeyExW(root, 'Software', 0, 0x20019, key);
    if (status !== ERROR_SUCCESS) return;
    RegCloseKey(key[0]);
    const key2 = [null];
    if (RegOpenKeyExW(root, 'Software', 0, 0x20019, key2)) return;
    RegCloseKey(key2[0]);
    const key3 = [null];
    if (!RegOpenKeyExW(root, 'Software', 0, 0x20019, key3)) RegCloseKey(key3[0]);
  }
  export function crt(name: string): void {
    const fd = _open(name, 0, 0);
    if (fd === -1) return;
    _close(fd);
    const fd2 = _open(name, 0, 0);
    if (fd2 < 0) return;
    _close(fd2);
  }
`));

// ------------------------------------------------------------------ shapes of tests and fixes (precision)

{
  // Invalid: an assignment inside the comparison: the fix keeps it, in parentheses.
  const code = rsrc(`
    export function open(path: string): void {
      let h: HANDLE;
      if ((h = ${FILE}) === NULL) return;
      CloseHandle(h);
    }
  `);
  const test = `(h = ${FILE}) === NULL`;
  const e = { test, api: 'CreateFileW', failure: 'INVALID_HANDLE_VALUE', fix: `(h = ${FILE}) === INVALID_HANDLE_VALUE`, imports: ['INVALID_HANDLE_VALUE'] };
  invalid.push({ code, errors: [wrongValue(code, e)] });
}

{
  // Invalid: a negated comparison is a success test: the fix is the negated failure test; inside `&&` the NULL test
  // is reported alone.
  const code = rsrc(`
    export function a(path: string): void {
      const h = ${FILE};
      if (!(h === NULL)) CloseHandle(h);
    }
    export function b(path: string, wanted: boolean): void {
      const g = ${FILE};
      if (wanted && !g) return;
      CloseHandle(g);
    }
  `);
  invalid.push({
    code,
    errors: [
      wrongValue(code, { test: '!(h === NULL)', api: 'CreateFileW', failure: 'INVALID_HANDLE_VALUE', fix: 'h !== INVALID_HANDLE_VALUE', imports: ['INVALID_HANDLE_VALUE'] }),
      truthy(code, { test: '!g', api: 'CreateFileW', failure: 'INVALID_HANDLE_VALUE', fix: 'g === INVALID_HANDLE_VALUE', imports: ['INVALID_HANDLE_VALUE'] }),
    ],
  });
}

{
  // Invalid: koffi.address(file) compared with 0n (a NULL test): the fix is written on the pointer itself.
  const code = ffi(KOFFI_POINTERS, `
    export function read(name: string): void {
      const file = ${KFILE};
      if (koffi.address(file) === 0n) return;
      CloseHandle(file);
    }
  `);
  invalid.push({
    code,
    errors: [wrongValue(code, { test: 'koffi.address(file) === 0n', api: 'CreateFileW', failure: 'INVALID_HANDLE_VALUE', fix: 'koffi.address(file) === 0xFFFFFFFFFFFFFFFFn' })],
  });
}

{
  // Invalid: a negated ref.isNull() is a success test.
  const code = ffi(FFI_NAPI, `
    export function open(name: Buffer): void {
      const h = kernel32.CreateFileW(name, 0x80000000, 1, null, 3, 0, null);
      if (!ref.isNull(h)) kernel32.CloseHandle(h);
    }
  `);
  invalid.push({
    code,
    errors: [wrongValue(code, { test: '!ref.isNull(h)', api: 'CreateFileW', failure: 'INVALID_HANDLE_VALUE', fix: "ref.hexAddress(h) !== 'ffffffffffffffff'" })],
  });
}

{
  // Invalid: a descriptor tested for both 0 and -1 still rejects descriptor 0, which is valid: `!fd` stays wrong.
  const code = ffi(KOFFI_POINTERS, `
    export function a(name: string): number {
      const fd = _open(name, 0, 0);
      if (!fd || fd === -1) return -1;
      return fd;
    }
  `);
  invalid.push({ code, errors: [truthy(code, { test: '!fd', api: '_open', failure: '-1', fix: 'fd === -1' })] });
}

{
  // Invalid: WAIT_FAILED kept in a variable and also compared correctly: the `-1` comparison is still dead.
  const code = rsrc(`
    export function join(h: HANDLE): number {
      const result = WaitForSingleObject(h, 100);
      if (result === -1) return 1;
      if (result === 0xFFFFFFFF) return 2;
      return 0;
    }
  `);
  invalid.push({
    code,
    errors: [wrongValue(code, { test: 'result === -1', api: 'WaitForSingleObject', failure: 'WAIT_FAILED', fix: 'result === 0xFFFFFFFF' })],
  });
}

{
  // Invalid with reportMaybe only: the value is CreateFileW's on one path and CreateEventW's on the other, so `!h`
  // is right on one path. No fix: the right test differs per path.
  const code = rsrc(`
    export function either(path: string, file: boolean): void {
      const h = file ? ${FILE} : CreateEventW(null, true, false, null);
      if (!h) return;
      CloseHandle(h);
    }
  `);
  onlyWithReportMaybe(valid, invalid, code, [{ messageId: 'truthinessTest', data: { test: '!h', api: 'CreateFileW', failure: 'INVALID_HANDLE_VALUE' }, ...loc(code, '!h') }]);
}

// Valid: NULL and INVALID_HANDLE_VALUE tested in two statements, in either order (the first is redundant, not wrong).
valid.push(rsrc(`
  export function twoStatements(path: string): void {
    const h = ${FILE};
    if (!h) return;
    if (h === INVALID_HANDLE_VALUE) return;
    CloseHandle(h);
  }
`));

// Valid: both values in the other order: INVALID_HANDLE_VALUE first for a NULL-failing API.
valid.push(rsrc(`
  export function both(): void {
    const e = CreateEventW(null, true, false, null);
    if (e === INVALID_HANDLE_VALUE || e === NULL) return;
    CloseHandle(e);
  }
`));

// Valid: koffi pointers tested for both NULL and INVALID_HANDLE_VALUE.
valid.push(ffi(KOFFI_POINTERS, `
  export function both(name: string): void {
    const file = ${KFILE};
    if (!file || koffi.address(file) === 0xFFFFFFFFFFFFFFFFn) return;
    CloseHandle(file);
  }
`));

// Valid: a result tested right inside a loop, and a handle re-tested after the right test.
valid.push(rsrc(`
  export function loop(paths: string[]): void {
    for (const path of paths) {
      const h = CreateFileW(path, GENERIC_READ, FILE_SHARE_READ, null, OPEN_EXISTING, 0, null);
      if (h === INVALID_HANDLE_VALUE) continue;
      if (h) CloseHandle(h);
    }
  }
`));

ruleTester.run('invalid-handle-check', rule, { valid, invalid });
