/**
 * Acceptance tests for check-before-use (issue 5), see docs/rules/check-before-use.md.
 * The result of a fallible OWNED acquisition (a contract `acquires` entry with ownership 'owned' and a failure value:
 * returned handles, BOOL + out-param handles such as CreatePipe/DuplicateHandle/OpenProcessToken, CreateProcessW's
 * PROCESS_INFORMATION fields, status + out-param registry keys, CRT descriptors) must be tested on every path before
 * it is used (passed to a Win32 function or to a local function that uses it), stored (a field, a module variable),
 * or passed to a function the analysis cannot see (`reportMaybe` only). ANY test of the value or of the call's
 * result counts as a check, even one with the wrong sentinel (that is invalid-handle-check's finding, not this one).
 * Passing it straight to its own releaser is allowed unless `checkRelease: true`. Returning it is not a use: the
 * caller checks. One report per acquisition, at its first unchecked use (the argument); `line` is the acquiring
 * call's line, `callee` the callee's source text, `failure` the table's failure value.
 */
import type { InvalidTestCase, ValidTestCase } from '@typescript-eslint/rule-tester';
import rule, { type MessageIds, type Options } from '../../rules/check-before-use.js';
import { BUN, KOFFI_POINTERS, ffi, lineOf, loc, locInside, locLastInside, rsrc, ruleTester } from './api-helpers.js';
import { onlyWithReportMaybe } from './helpers.js';

type Case = InvalidTestCase<MessageIds, Options>;
type Valid = ValidTestCase<Options> | string;

const FILE = 'CreateFileW(path, GENERIC_READ, FILE_SHARE_READ, null, OPEN_EXISTING, 0, null)';
const EVENT = 'CreateEventW(null, true, false, null)';
const SPAWN = 'CreateProcessW(null, cmd, null, null, false, 0, null, null, {}, pi)';
const PI = 'const pi = { hProcess: 0, hThread: 0, dwProcessId: 0, dwThreadId: 0 };';

interface Expect {
  messageId?: MessageIds;
  handle: string;
  callee?: string;
  /** the acquiring call (its line is `line`); its first occurrence must be the call, not an FFI declaration of the name */
  acquired: string;
  api: string;
  failure: string;
  /** where the report is */
  at: ReturnType<typeof loc>;
}

function unchecked(code: string, e: Expect) {
  const data: Record<string, string | number> = { handle: e.handle, api: e.api, line: lineOf(code, e.acquired), failure: e.failure };
  if (e.callee !== undefined) data.callee = e.callee;
  return { messageId: e.messageId ?? 'uncheckedUse', data, ...e.at } as const;
}

const valid: Valid[] = [];
const invalid: Case[] = [];

// ------------------------------------------------------------------ returned handles

{
  // Invalid: CreateFileW's result goes to ReadFile with no test at all; the CloseHandle is allowed by default.
  const code = rsrc(`
    export function head(path: string): Uint8Array {
      const h = ${FILE};
      const buffer = new Uint8Array(16);
      ReadFile(h, buffer, 16, null, null);
      CloseHandle(h);
      return buffer;
    }
  `);
  const use = unchecked(code, {
    handle: 'h', callee: 'ReadFile', acquired: 'CreateFileW(', api: 'CreateFileW', failure: 'INVALID_HANDLE_VALUE', at: locInside(code, 'ReadFile(h,', 'h'),
  });
  invalid.push({ code, errors: [use] });
  // Invalid with checkRelease: the unchecked CloseHandle is reported too (it closes INVALID_HANDLE_VALUE = the
  // current-process pseudo handle when the open failed).
  invalid.push({
    code,
    options: [{ checkRelease: true }],
    errors: [
      use,
      unchecked(code, {
        messageId: 'uncheckedRelease', handle: 'h', callee: 'CloseHandle', acquired: 'CreateFileW(', api: 'CreateFileW', failure: 'INVALID_HANDLE_VALUE',
        at: locInside(code, 'CloseHandle(h)', 'h'),
      }),
    ],
  });
}

{
  // Invalid: used on a path that reaches the use before the check (only the first SetEvent).
  const code = rsrc(`
    export function pulse(early: boolean): void {
      const h = ${EVENT};
      if (early) SetEvent(h);
      if (!h) return;
      SetEvent(h);
      CloseHandle(h);
    }
  `);
  invalid.push({
    code,
    errors: [unchecked(code, { handle: 'h', callee: 'SetEvent', acquired: 'CreateEventW(', api: 'CreateEventW', failure: 'NULL', at: locInside(code, 'SetEvent(h)', 'h') })],
  });
}

{
  // Invalid: one report per acquisition, at the first unchecked use (WaitForSingleObject, not also GetExitCodeProcess).
  const code = rsrc(`
    export function run(cmd: string): number {
      ${PI}
      ${SPAWN};
      CloseHandle(pi.hThread);
      WaitForSingleObject(pi.hProcess, INFINITE);
      const exitCode = out<number>();
      GetExitCodeProcess(pi.hProcess, exitCode);
      CloseHandle(pi.hProcess);
      return exitCode.value;
    }
  `);
  invalid.push({
    code,
    errors: [
      unchecked(code, {
        handle: 'pi.hProcess', callee: 'WaitForSingleObject', acquired: 'CreateProcessW(', api: 'CreateProcessW', failure: 'FALSE',
        at: loc(code, 'pi.hProcess'),
      }),
    ],
  });
}

{
  // Invalid: CreatePipe's out-params are valid only when it returned TRUE.
  const code = rsrc(`
    export function feed(data: Uint8Array): void {
      const r = out();
      const w = out();
      CreatePipe(r, w, null, 0);
      WriteFile(w.value, data, data.length, null, null);
      CloseHandle(w.value);
      CloseHandle(r.value);
    }
  `);
  invalid.push({
    code,
    errors: [unchecked(code, { handle: 'w.value', callee: 'WriteFile', acquired: 'CreatePipe(', api: 'CreatePipe', failure: 'FALSE', at: loc(code, 'w.value') })],
  });
}

{
  // Invalid: DuplicateHandle's duplicate used without testing the BOOL.
  const code = rsrc(`
    export function signalCopy(h: HANDLE): void {
      const dup = out();
      DuplicateHandle(GetCurrentProcess(), h, GetCurrentProcess(), dup, 0, false, DUPLICATE_SAME_ACCESS);
      SetEvent(dup.value);
      CloseHandle(dup.value);
    }
  `);
  invalid.push({
    code,
    errors: [unchecked(code, { handle: 'dup.value', callee: 'SetEvent', acquired: 'DuplicateHandle(', api: 'DuplicateHandle', failure: 'FALSE', at: loc(code, 'dup.value') })],
  });
}

{
  // Invalid: passed to a local function that uses it (the summary says WriteFile uses parameter 0).
  const code = rsrc(`
    function writeLine(h: HANDLE, text: string): void {
      WriteFile(h, new TextEncoder().encode(text), text.length, null, null);
    }
    export function log(path: string): void {
      const file = CreateFileW(path, GENERIC_WRITE, 0, null, CREATE_ALWAYS, 0, null);
      writeLine(file, 'start');
      CloseHandle(file);
    }
  `);
  invalid.push({
    code,
    errors: [
      unchecked(code, {
        handle: 'file', callee: 'writeLine', acquired: 'CreateFileW(', api: 'CreateFileW', failure: 'INVALID_HANDLE_VALUE', at: locInside(code, 'writeLine(file', 'file'),
      }),
    ],
  });
}

{
  // Invalid: stored in a field and in a module variable, and the function ends without a check.
  const code = rsrc(`
    let shared: HANDLE = 0;
    export function init(): void {
      shared = ${EVENT};
    }
    export class Log {
      private h: HANDLE = 0;
      open(path: string): void {
        const h = ${FILE};
        this.h = h;
      }
      close(): void {
        CloseHandle(this.h);
      }
    }
  `);
  invalid.push({
    code,
    errors: [
      unchecked(code, { messageId: 'uncheckedStore', handle: 'shared', acquired: 'CreateEventW(', api: 'CreateEventW', failure: 'NULL', at: loc(code, EVENT) }),
      unchecked(code, {
        messageId: 'uncheckedStore', handle: 'h', acquired: 'CreateFileW(', api: 'CreateFileW', failure: 'INVALID_HANDLE_VALUE', at: locLastInside(code, 'this.h = h;', 'h'),
      }),
    ],
  });
}

{
  // Invalid with reportMaybe only: passed to a function the analysis cannot see (it may or may not check).
  const code = rsrc(`
    import { send } from './ipc.js';
    export function share(): void {
      const h = ${EVENT};
      send(h);
    }
  `);
  onlyWithReportMaybe(valid, invalid, code, [unchecked(code, { handle: 'h', callee: 'send', acquired: 'CreateEventW(', api: 'CreateEventW', failure: 'NULL', at: locInside(code, 'send(h)', 'h') })]);
}

// ------------------------------------------------------------------ FFI bindings, status codes, the CRT

{
  // Invalid: koffi OpenProcessToken's out-param (`token[0]`) used before the BOOL is tested.
  const code = ffi(KOFFI_POINTERS, `
    export function elevated(): boolean {
      const token = [null];
      OpenProcessToken(GetCurrentProcess(), 8, token);
      const info = Buffer.alloc(4);
      const needed = [0];
      const ok = GetTokenInformation(token[0], 20, info, 4, needed);
      CloseHandle(token[0]);
      return ok && info.readUInt32LE(0) !== 0;
    }
  `);
  invalid.push({
    code,
    errors: [
      unchecked(code, {
        handle: 'token[0]', callee: 'GetTokenInformation', acquired: 'OpenProcessToken(GetCurrentProcess()', api: 'OpenProcessToken', failure: 'FALSE',
        at: locInside(code, 'GetTokenInformation(token[0]', 'token[0]'),
      }),
    ],
  });
}

{
  // Invalid: a registry key read before RegOpenKeyExW's status is tested.
  const code = ffi(KOFFI_POINTERS, `
    export function read(root: unknown): Buffer {
      const key = [null];
      RegOpenKeyExW(root, 'Software\\\\App', 0, 0x20019, key);
      const data = Buffer.alloc(64);
      RegQueryValueExW(key[0], 'Path', null, null, data, [64]);
      RegCloseKey(key[0]);
      return data;
    }
  `);
  invalid.push({
    code,
    errors: [
      unchecked(code, {
        handle: 'key[0]', callee: 'RegQueryValueExW', acquired: 'RegOpenKeyExW(root', api: 'RegOpenKeyExW', failure: 'a non-zero status',
        at: locInside(code, 'RegQueryValueExW(key[0]', 'key[0]'),
      }),
    ],
  });
}

{
  // Invalid: a status treated as a BOOL: `if (!status) return` leaves exactly the failure path, where the key is used.
  const code = ffi(KOFFI_POINTERS, `
    export function read(root: unknown): Buffer {
      const key = [null];
      if (!RegOpenKeyExW(root, 'Software\\\\App', 0, 0x20019, key)) return Buffer.alloc(0);
      const data = Buffer.alloc(64);
      RegQueryValueExW(key[0], 'Path', null, null, data, [64]);
      return data;
    }
  `);
  invalid.push({
    code,
    errors: [
      unchecked(code, {
        messageId: 'useOnFailurePath', handle: 'key[0]', callee: 'RegQueryValueExW', acquired: 'RegOpenKeyExW(root', api: 'RegOpenKeyExW', failure: 'a non-zero status',
        at: locInside(code, 'RegQueryValueExW(key[0]', 'key[0]'),
      }),
    ],
  });
}

{
  // Invalid: a CRT descriptor read before the -1 test.
  const code = ffi(KOFFI_POINTERS, `
    export function first(name: string): number {
      const fd = _open(name, 0, 0);
      const byte = Buffer.alloc(1);
      _read(fd, byte, 1);
      _close(fd);
      return byte[0]!;
    }
  `);
  invalid.push({
    code,
    errors: [unchecked(code, { handle: 'fd', callee: '_read', acquired: '_open(name', api: '_open', failure: '-1', at: locInside(code, '_read(fd', 'fd') })],
  });
}

{
  // Invalid: bun, the same through `k.` members (callee is the source text).
  const code = ffi(BUN, `
    export function pulse(): void {
      const event = k.CreateEventW(null, 1, 0, null);
      k.SetEvent(event);
      k.CloseHandle(event);
    }
  `);
  invalid.push({
    code,
    errors: [
      unchecked(code, { handle: 'event', callee: 'k.SetEvent', acquired: 'k.CreateEventW(', api: 'CreateEventW', failure: 'NULL', at: locInside(code, 'k.SetEvent(event)', 'event') }),
    ],
  });
}

{
  // Invalid: a BOOL treated like a status code: `if (CreatePipe(...)) return` leaves only the failure path.
  const code = rsrc(`
    export function feed(data: Uint8Array): void {
      const r = out();
      const w = out();
      if (CreatePipe(r, w, null, 0)) return;
      WriteFile(w.value, data, data.length, null, null);
    }
  `);
  invalid.push({
    code,
    errors: [
      unchecked(code, {
        messageId: 'useOnFailurePath', handle: 'w.value', callee: 'WriteFile', acquired: 'CreatePipe(', api: 'CreatePipe', failure: 'FALSE', at: loc(code, 'w.value'),
      }),
    ],
  });
}

{
  // Invalid: Deno pointer result passed on before the test (callee spelled as in the source).
  const code = ffi(`
    const kernel32 = Deno.dlopen('kernel32.dll', {
      OpenProcess: { parameters: ['u32', 'i32', 'u32'], result: 'pointer' },
      TerminateProcess: { parameters: ['pointer', 'u32'], result: 'i32' },
      CloseHandle: { parameters: ['pointer'], result: 'i32' },
    } as const);
  `, `
    export function kill(pid: number): void {
      const process = kernel32.symbols.OpenProcess(1, 0, pid);
      kernel32.symbols.TerminateProcess(process, 1);
      if (process !== null) kernel32.symbols.CloseHandle(process);
    }
  `);
  invalid.push({
    code,
    errors: [
      unchecked(code, {
        handle: 'process', callee: 'kernel32.symbols.TerminateProcess', acquired: 'kernel32.symbols.OpenProcess(', api: 'OpenProcess', failure: 'NULL',
        at: locInside(code, 'TerminateProcess(process', 'process'),
      }),
    ],
  });
}

// ------------------------------------------------------------------ valid

// Valid: every form of check before the use: early return, throw, &&, ternary, success block, loop continue.
valid.push(rsrc(`
  export function a(path: string): void {
    const h = ${FILE};
    if (h === INVALID_HANDLE_VALUE) return;
    ReadFile(h, new Uint8Array(1), 1, null, null);
    CloseHandle(h);
  }
  export function b(): void {
    const e = ${EVENT};
    if (!e) throw new Error('CreateEventW failed');
    SetEvent(e);
    CloseHandle(e);
  }
  export function c(): void {
    const e = ${EVENT};
    e && SetEvent(e) && CloseHandle(e);
  }
  export function d(): boolean {
    const e = ${EVENT};
    return e ? SetEvent(e) && CloseHandle(e) : false;
  }
  export function f(paths: string[]): void {
    for (const path of paths) {
      const h = ${FILE};
      if (h === INVALID_HANDLE_VALUE) continue;
      ReadFile(h, new Uint8Array(1), 1, null, null);
      CloseHandle(h);
    }
  }
  export function g(): void {
    const e = ${EVENT};
    if (e !== NULL) {
      SetEvent(e);
      CloseHandle(e);
    }
  }
`));

// Valid: a check with the wrong sentinel is still a check here (invalid-handle-check reports the sentinel).
valid.push(rsrc(`
  export function wrongButChecked(path: string): void {
    const h = ${FILE};
    if (!h) return;
    ReadFile(h, new Uint8Array(1), 1, null, null);
    CloseHandle(h);
  }
`));

// Valid: straight to the releaser without a check is allowed by default; returning it leaves the check to the caller.
valid.push(rsrc(`
  export function probe(): void {
    const e = ${EVENT};
    CloseHandle(e);
  }
  export function open(path: string): HANDLE {
    return ${FILE};
  }
  export function openEvent(): HANDLE {
    const e = ${EVENT};
    return e;
  }
`));

// Valid: BOOL + out-param and CreateProcessW checked through the call, a variable, or a destructured struct.
valid.push(rsrc(`
  export function run(cmd: string): void {
    ${PI}
    if (!${SPAWN}) return;
    CloseHandle(pi.hThread);
    WaitForSingleObject(pi.hProcess, INFINITE);
    CloseHandle(pi.hProcess);
  }
  export function run2(cmd: string): void {
    ${PI}
    const ok = ${SPAWN};
    if (!ok) throw new Error('CreateProcessW failed');
    const { hProcess, hThread } = pi;
    CloseHandle(hThread);
    WaitForSingleObject(hProcess, INFINITE);
    CloseHandle(hProcess);
  }
  export function feed(data: Uint8Array): void {
    const r = out();
    const w = out();
    if (!CreatePipe(r, w, null, 0)) return;
    WriteFile(w.value, data, data.length, null, null);
    CloseHandle(w.value);
    CloseHandle(r.value);
  }
`));

// Valid: results that cannot fail or are not owned acquisitions (pseudo handles, GetStdHandle's borrowed handle).
valid.push(rsrc(`
  export function self(data: Uint8Array): void {
    TerminateProcess(GetCurrentProcess(), 0);
    WaitForSingleObject(GetCurrentThread(), 0);
    WriteFile(GetStdHandle(STD_OUTPUT_HANDLE), data, data.length, null, null);
  }
`));

// Valid: the check is made through an alias, a local helper that throws on failure, or the owning field.
valid.push(rsrc(`
  function check(h: HANDLE): HANDLE {
    if (!h) throw new Error('failed');
    return h;
  }
  export function alias(): void {
    const h = ${EVENT};
    const copy = h;
    if (!copy) return;
    SetEvent(h);
    CloseHandle(h);
  }
  export function helper(): void {
    const e = check(${EVENT});
    SetEvent(e);
    CloseHandle(e);
  }
  export class Log {
    private h: HANDLE = 0;
    open(path: string): void {
      this.h = ${FILE};
      if (this.h === INVALID_HANDLE_VALUE) throw new Error('open failed');
    }
  }
`));

// Valid: the runtime's owned() wrapper, checked through `.valid`.
valid.push(rsrc(`
  export function scoped(): void {
    using event = owned(${EVENT});
    if (!event.valid) return;
    SetEvent(event.value);
  }
`));

// Valid: FFI results checked in their own representation, registry status tested as a status, CRT fd against -1.
valid.push(ffi(KOFFI_POINTERS, `
  export function elevated(): boolean {
    const token = [null];
    if (!OpenProcessToken(GetCurrentProcess(), 8, token)) return false;
    const info = Buffer.alloc(4);
    const ok = GetTokenInformation(token[0], 20, info, 4, [0]);
    CloseHandle(token[0]);
    return ok;
  }
  export function read(root: unknown): void {
    const key = [null];
    if (RegOpenKeyExW(root, 'Software', 0, 0x20019, key) !== 0) return;
    RegQueryValueExW(key[0], 'Path', null, null, Buffer.alloc(8), [8]);
    RegCloseKey(key[0]);
  }
  export function first(name: string): void {
    const fd = _open(name, 0, 0);
    if (fd === -1) return;
    _read(fd, Buffer.alloc(1), 1);
    _close(fd);
  }
`));
valid.push(ffi(BUN, `
  export function pulse(): void {
    const event = k.CreateEventW(null, 1, 0, null);
    if (event === 0n) return;
    k.SetEvent(event);
    k.CloseHandle(event);
  }
`));

// ------------------------------------------------------------------ added while building the engine side

// Valid: tests the interpreter must see as tests although they decide no branch by themselves: a comparison kept in
// a variable, a relational CRT test, a local helper returning the comparison (also for a status), `??` with a
// throwing fallback, a switch on the value.
valid.push(rsrc(`
  function isValid(h: HANDLE): boolean {
    return h !== INVALID_HANDLE_VALUE;
  }
  function succeeded(status: number): boolean {
    return status === 0;
  }
  function fail(): never {
    throw new Error('failed');
  }
  export function kept(path: string): void {
    const h = ${FILE};
    const ok = h !== INVALID_HANDLE_VALUE;
    if (!ok) return;
    ReadFile(h, new Uint8Array(1), 1, null, null);
    CloseHandle(h);
  }
  export function descriptor(name: string): void {
    const fd = _open(name, 0, 0);
    if (fd < 0) return;
    _read(fd, new Uint8Array(1), 1);
    _close(fd);
  }
  export function helper(path: string): void {
    const h = ${FILE};
    if (!isValid(h)) return;
    ReadFile(h, new Uint8Array(1), 1, null, null);
    CloseHandle(h);
  }
  export function status(root: HANDLE): void {
    const key = out();
    if (!succeeded(RegOpenKeyExW(root, 'Software', 0, KEY_READ, key))) return;
    RegQueryValueExW(key.value, 'Path', null, null, null, null);
    RegCloseKey(key.value);
  }
  export function fallback(): void {
    const e = ${EVENT} ?? fail();
    SetEvent(e);
    CloseHandle(e);
  }
  export function switched(): void {
    const e = ${EVENT};
    switch (e) {
      case NULL:
        return;
      default:
        SetEvent(e);
        CloseHandle(e);
    }
  }
`));

// Valid: what is not a use, a store or a failure path here: logging the value (console is no consumer of handles);
// a local of the enclosing function set by a closure and tested by the function; the falsy branch of a wrong
// sentinel test (`!h` after CreateFileW) is not the failure path (invalid-handle-check reports the test itself); a
// helper that tests before it uses.
valid.push(rsrc(`
  function signal(h: HANDLE): void {
    if (!h) throw new Error('no event');
    SetEvent(h);
  }
  export function logged(): void {
    const e = ${EVENT};
    console.log('event', e);
    if (!e) return;
    CloseHandle(e);
  }
  export function viaClosure(): void {
    let local: HANDLE = 0;
    const create = () => {
      local = ${EVENT};
    };
    create();
    if (!local) return;
    SetEvent(local);
    CloseHandle(local);
  }
  export function wrongTestBranch(path: string): void {
    const h = ${FILE};
    if (!h) {
      ReadFile(h, new Uint8Array(1), 1, null, null);
      return;
    }
    CloseHandle(h);
  }
  export function checkedByCallee(): void {
    const e = ${EVENT};
    signal(e);
    SetEvent(e);
    CloseHandle(e);
  }
`));

// Valid (not certain): handles tested element by element through a literal array (`for…of`, `every`); the analysis
// does not track elements, so the uses after it are at most `maybe`.
valid.push(rsrc(`
  export function each(): void {
    const a = ${EVENT};
    const b = ${EVENT};
    for (const e of [a, b]) if (!e) throw new Error('CreateEventW failed');
    SetEvent(a);
    SetEvent(b);
  }
  export function every(): void {
    const a = ${EVENT};
    const b = ${EVENT};
    if (![a, b].every((e) => e !== NULL)) return;
    SetEvent(a);
    SetEvent(b);
  }
`));

// Valid: one out-parameter of a BOOL call tested tells whether the call succeeded, so its siblings count as tested.
valid.push(rsrc(`
  export function suspended(cmd: string): void {
    ${PI}
    CreateProcessW(null, cmd, null, null, false, CREATE_SUSPENDED, null, null, {}, pi);
    if (!pi.hProcess) return;
    ResumeThread(pi.hThread);
    WaitForSingleObject(pi.hProcess, INFINITE);
    CloseHandle(pi.hThread);
    CloseHandle(pi.hProcess);
  }
  export function pipe(): void {
    const r = out();
    const w = out();
    CreatePipe(r, w, null, 0);
    if (!w.value) return;
    ReadFile(r.value, new Uint8Array(1), 1, null, null);
    CloseHandle(r.value);
    CloseHandle(w.value);
  }
`));

// Valid with checkRelease: a local helper that tests before it releases.
valid.push({
  code: rsrc(`
    function closeIfOpen(h: HANDLE): void {
      if (h) CloseHandle(h);
    }
    export function probe(): void {
      const e = ${EVENT};
      closeIfOpen(e);
    }
  `),
  options: [{ checkRelease: true }],
});

{
  // Invalid with checkRelease only: a local helper that releases without a test is a release, like CloseHandle.
  const code = rsrc(`
    function dispose(h: HANDLE): void {
      CloseHandle(h);
    }
    export function probe(): void {
      const e = ${EVENT};
      dispose(e);
    }
  `);
  valid.push(code);
  invalid.push({
    code,
    options: [{ checkRelease: true }],
    errors: [
      unchecked(code, {
        messageId: 'uncheckedRelease', handle: 'e', callee: 'dispose', acquired: 'CreateEventW(', api: 'CreateEventW', failure: 'NULL', at: locLastInside(code, 'dispose(e)', 'e'),
      }),
    ],
  });
}

{
  // Invalid: handed through a helper that only forwards it to another helper that uses it (summaries compose).
  const code = rsrc(`
    function signal(h: HANDLE): void {
      SetEvent(h);
    }
    function forward(h: HANDLE): void {
      signal(h);
    }
    export function run(): void {
      const e = ${EVENT};
      forward(e);
      CloseHandle(e);
    }
  `);
  invalid.push({
    code,
    errors: [unchecked(code, { handle: 'e', callee: 'forward', acquired: 'CreateEventW(', api: 'CreateEventW', failure: 'NULL', at: locLastInside(code, 'forward(e)', 'e') })],
  });
}

{
  // Invalid: a NULL-failing result used inside the branch where the test said it failed.
  const code = rsrc(`
    export function pulse(): void {
      const e = ${EVENT};
      if (!e) {
        SetEvent(e);
        return;
      }
      CloseHandle(e);
    }
  `);
  invalid.push({
    code,
    errors: [
      unchecked(code, {
        messageId: 'useOnFailurePath', handle: 'e', callee: 'SetEvent', acquired: 'CreateEventW(', api: 'CreateEventW', failure: 'NULL', at: locLastInside(code, 'SetEvent(e)', 'e'),
      }),
    ],
  });
}

{
  // Invalid: stored into a field of an object the caller passed (it outlives the function), never tested here.
  const code = rsrc(`
    export function open(target: { handle: HANDLE }, path: string): void {
      target.handle = ${FILE};
    }
  `);
  invalid.push({
    code,
    errors: [
      unchecked(code, { messageId: 'uncheckedStore', handle: 'target.handle', acquired: 'CreateFileW(', api: 'CreateFileW', failure: 'INVALID_HANDLE_VALUE', at: loc(code, FILE) }),
    ],
  });
}

{
  // Valid: the same imported assertion declared in settings.handles.functions as a checking helper ({ checks: [0] })
  // is a test: no finding even under reportMaybe, and invalid-handle-check takes it as the right test.
  const code = rsrc(`
    import { assertOpen } from './checks.js';
    export function read(path: string): void {
      const h = ${FILE};
      assertOpen(h);
      ReadFile(h, new Uint8Array(1), 1, null, null);
      CloseHandle(h);
    }
  `);
  valid.push({ code, options: [{ reportMaybe: true, checkRelease: true }], settings: { handles: { functions: { assertOpen: { checks: [0] } } } } });
}

{
  // Invalid with reportMaybe only: a helper that stores its parameter in a module variable may keep a failure
  // value; and an imported assertion may test it, so the ReadFile after it is no certain finding either.
  const code = rsrc(`
    import { assertOpen } from './checks.js';
    let current: HANDLE = 0;
    function remember(h: HANDLE): void {
      current = h;
    }
    export function keep(): void {
      const e = ${EVENT};
      remember(e);
    }
    export function read(path: string): void {
      const h = ${FILE};
      assertOpen(h);
      ReadFile(h, new Uint8Array(1), 1, null, null);
      CloseHandle(h);
    }
  `);
  onlyWithReportMaybe(valid, invalid, code, [
    unchecked(code, { handle: 'e', callee: 'remember', acquired: 'CreateEventW(', api: 'CreateEventW', failure: 'NULL', at: locLastInside(code, 'remember(e)', 'e') }),
    unchecked(code, {
      handle: 'h', callee: 'assertOpen', acquired: 'CreateFileW(', api: 'CreateFileW', failure: 'INVALID_HANDLE_VALUE', at: locInside(code, 'assertOpen(h)', 'h'),
    }),
  ]);
}

ruleTester.run('check-before-use', rule, { valid, invalid });
