/**
 * Acceptance tests for no-leak, written from issue 4 ("The engine", "The rules"). Each case starts with a
 * comment saying why it is valid or invalid.
 *
 * Path phrases (Finding.path, completing "`h` (opened line N) is not closed …"): the phrase names the FIRST
 * exit of the function, in source order, at which the handle is still open:
 *   - "at the end of `f`"             falling off the end of function/method `f`, or a `return` that is the
 *                                      last statement of f's body
 *   - "on the early return at line N" any other `return` statement
 *   - "when `X` fails (line N)"       the exit is reached through the failure edge of an `if` test of fallible
 *                                      call X (`if (!GetFileSizeEx(h, s)) return -1;`); N = the line of the call.
 *                                      A loop condition's false edge is the loop's normal end, not a failure.
 *   - "when it throws at line N"      an explicit `throw` statement
 *   - "when `X` throws (line N)"      (leak-on-exception, strict) call X, between acquire and release, throws
 * Breaks and continues do not end a path: a handle leaked by a `break` is reported at the function's exit.
 * Locations: a leak at the acquiring call; `overwritten` at the assignment; `discarded` at the call.
 * Suggestions: closeBeforeReturn on a leak whose exit is a return statement: `CloseHandle(<handle>);` plus a
 * newline and the return's indentation inserted before a return that is in a block; a return that is the
 * bare consequent of an `if` becomes `{ CloseHandle(<handle>); return …; }`. wrapInTryFinally on a leak-on-exception
 * whose close is a statement in the acquisition's block: the statements between the acquisition (and its failure
 * check) and the close move into `try { … }`, the close into `finally { … }`, indented one more level.
 */
import type { InvalidTestCase, ValidTestCase } from '@typescript-eslint/rule-tester';
import rule, { type MessageIds, type Options } from '../../rules/no-leak.js';
import { EVENT, FILE, USER_FUNCTIONS, lineOf, loc, replaceAt, ruleTester, src } from './helpers.js';

type Case = InvalidTestCase<MessageIds, Options>;
type Valid = ValidTestCase<Options> | string;

interface LeakExpectation {
  handle: string;
  /** the exact text of the acquiring call */
  call: string;
  occurrence?: number;
  path: string;
  suggestions?: { messageId: 'closeBeforeReturn' | 'wrapInTryFinally'; output: string }[];
}

function leak(code: string, e: LeakExpectation, messageId: 'leak' | 'leakOnException' = 'leak') {
  return {
    messageId,
    data: { handle: e.handle, line: lineOf(code, e.call, e.occurrence), path: e.path },
    ...loc(code, e.call, e.occurrence),
    ...(e.suggestions
      ? { suggestions: e.suggestions.map((s) => ({ messageId: s.messageId, data: { handle: e.handle }, output: s.output })) }
      : {}),
  } as const;
}

function overwritten(code: string, handle: string, openedCall: string, assignment: string) {
  return { messageId: 'overwritten', data: { handle, line: lineOf(code, openedCall) }, ...loc(code, assignment) } as const;
}

function discarded(code: string, api: string, call: string) {
  return { messageId: 'discarded', data: { api }, ...loc(code, call) } as const;
}

const valid: Valid[] = [];
const invalid: Case[] = [];

// ───────────────────────────── basic lifecycle ─────────────────────────────

// Valid: acquired, checked against its NULL sentinel, used, closed.
valid.push(src(`
  function signal() {
    const h = ${EVENT};
    if (!h) return;
    SetEvent(h);
    CloseHandle(h);
  }
`));

{
  // Invalid: the event is never closed; the leak is reported at the acquiring call.
  const code = src(`
    function signal() {
      const h = ${EVENT};
      if (!h) return;
      SetEvent(h);
    }
  `);
  invalid.push({ code, errors: [leak(code, { handle: 'h', call: EVENT, path: 'at the end of `signal`' })] });
}

{
  // Invalid: an early return in a block leaks; the fix closes before that return.
  const code = src(`
    function signal(flag: boolean) {
      const h = ${EVENT};
      if (!h) return false;
      if (flag) {
        return false;
      }
      CloseHandle(h);
      return true;
    }
  `);
  const returnLine = lineOf(code, 'return false;', 2);
  invalid.push({
    code,
    errors: [
      leak(code, {
        handle: 'h',
        call: EVENT,
        path: `on the early return at line ${returnLine}`,
        suggestions: [
          { messageId: 'closeBeforeReturn', output: replaceAt(code, 'return false;\n', 'CloseHandle(h);\n    return false;\n', 2) },
        ],
      }),
    ],
  });
}

{
  // Invalid: the file leaks when GetFileSizeEx fails (Chen-style error path); the fix braces the bare return.
  const code = src(`
    function fileSize(path: string): number {
      const h = ${FILE};
      if (h === INVALID_HANDLE_VALUE) return -1;
      const size = out<bigint>();
      if (!GetFileSizeEx(h, size)) return -1;
      CloseHandle(h);
      return Number(size.value);
    }
  `);
  invalid.push({
    code,
    errors: [
      leak(code, {
        handle: 'h',
        call: FILE,
        path: `when \`GetFileSizeEx\` fails (line ${lineOf(code, 'GetFileSizeEx(h, size)')})`,
        suggestions: [
          {
            messageId: 'closeBeforeReturn',
            output: replaceAt(code, 'if (!GetFileSizeEx(h, size)) return -1;', 'if (!GetFileSizeEx(h, size)) { CloseHandle(h); return -1; }'),
          },
        ],
      }),
    ],
  });
}

// Valid: the same function closing on the failure path too.
valid.push(src(`
  function fileSize(path: string): number {
    const h = ${FILE};
    if (h === INVALID_HANDLE_VALUE) return -1;
    const size = out<bigint>();
    if (!GetFileSizeEx(h, size)) {
      CloseHandle(h);
      return -1;
    }
    CloseHandle(h);
    return Number(size.value);
  }
`));

{
  // Invalid: an explicit throw while the handle is open is a normal-path leak.
  const code = src(`
    function wait(ms: number) {
      const h = ${EVENT};
      if (!h) throw new Error('no event');
      if (ms < 0) throw new RangeError('negative');
      WaitForSingleObject(h, ms);
      CloseHandle(h);
    }
  `);
  invalid.push({
    code,
    errors: [leak(code, { handle: 'h', call: EVENT, path: `when it throws at line ${lineOf(code, "throw new RangeError")}` })],
  });
}

// Valid: a throw on the failure edge of the acquisition holds nothing.
valid.push(src(`
  function wait(ms: number) {
    const h = ${EVENT};
    if (!h) throw new Error('no event');
    WaitForSingleObject(h, ms);
    CloseHandle(h);
  }
`));

{
  // Invalid: the first leaking exit in source order is named (the early return, not the end).
  const code = src(`
    function twoExits(a: boolean) {
      const h = ${EVENT};
      if (!h) return;
      if (a) {
        SetEvent(h);
        return;
      }
      ResetEvent(h);
    }
  `);
  invalid.push({
    code,
    errors: [
      leak(code, {
        handle: 'h',
        call: EVENT,
        path: `on the early return at line ${lineOf(code, 'return;\n', 2)}`,
        suggestions: [
          { messageId: 'closeBeforeReturn', output: replaceAt(code, '    return;\n', '    CloseHandle(h);\n    return;\n', 1) },
        ],
      }),
    ],
  });
}

{
  // Invalid: one report per acquisition site even when several exits leak it (the first exit is named).
  const code = src(`
    function many(a: number) {
      const h = ${EVENT};
      if (!h) return;
      if (a === 1) throw new Error('one');
      if (a === 2) return;
      if (a === 3) process.stdout.write('three');
    }
  `);
  invalid.push({
    code,
    errors: [leak(code, { handle: 'h', call: EVENT, path: `when it throws at line ${lineOf(code, "throw new Error('one')")}` })],
  });
}

{
  // Invalid: a return that is the last statement of the body counts as the end of the function.
  const code = src(`
    function make(): number {
      const h = ${EVENT};
      if (!h) return 0;
      SetEvent(h);
      return 1;
    }
  `);
  invalid.push({ code, errors: [leak(code, { handle: 'h', call: EVENT, path: 'at the end of `make`' })] });
}

// ───────────────────────────── conditional acquisition per sentinel ─────────────────────────────

// Valid: CreateFileW fails with INVALID_HANDLE_VALUE; the failure edge holds nothing.
valid.push(src(`
  function read(path: string) {
    const h = ${FILE};
    if (h === INVALID_HANDLE_VALUE) return;
    ReadFile(h, new Uint8Array(16), 16, null, null);
    CloseHandle(h);
  }
`));

// Valid: NULL sentinel tested with === NULL, == 0 and a positive truthiness block.
valid.push(src(`
  function a() {
    const h = ${EVENT};
    if (h === NULL) return;
    CloseHandle(h);
  }
  function b() {
    const h = ${EVENT};
    if (h == 0) return;
    CloseHandle(h);
  }
  function c() {
    const h = ${EVENT};
    if (h) {
      SetEvent(h);
      CloseHandle(h);
    }
  }
  function d(path: string) {
    const h = ${FILE};
    if (h !== INVALID_HANDLE_VALUE) {
      CloseHandle(h);
    }
  }
`));

{
  // Invalid: acquired and checked, but the success branch never closes.
  const code = src(`
    function c() {
      const h = ${EVENT};
      if (h) {
        SetEvent(h);
      }
    }
  `);
  invalid.push({ code, errors: [leak(code, { handle: 'h', call: EVENT, path: 'at the end of `c`' })] });
}

// Valid: BOOL + out-param acquisition: nothing is owned when DuplicateHandle fails.
valid.push(src(`
  function copy(h: HANDLE) {
    const dup = out<HANDLE>();
    if (!DuplicateHandle(GetCurrentProcess(), h, GetCurrentProcess(), dup, 0, false, DUPLICATE_SAME_ACCESS)) return;
    SetEvent(dup.value);
    CloseHandle(dup.value);
  }
`));

{
  // Invalid: the duplicate (an owned handle in this process) is never closed.
  const call = 'DuplicateHandle(GetCurrentProcess(), h, GetCurrentProcess(), dup, 0, false, DUPLICATE_SAME_ACCESS)';
  const code = src(`
    function copy(h: HANDLE) {
      const dup = out<HANDLE>();
      if (!${call}) return;
      SetEvent(dup.value);
    }
  `);
  invalid.push({ code, errors: [leak(code, { handle: 'dup.value', call, path: 'at the end of `copy`' })] });
}

// Valid: CreatePipe's two out-params, koffi-style one-element arrays.
valid.push(src(`
  function pipe() {
    const r: HANDLE[] = [0];
    const w: HANDLE[] = [0];
    if (!CreatePipe(r, w, null, 0)) return;
    WriteFile(w[0], new Uint8Array(1), 1, null, null);
    CloseHandle(w[0]);
    CloseHandle(r[0]);
  }
`));

{
  // Invalid: CreatePipe's read end is never closed (koffi form `r[0]`).
  const call = 'CreatePipe(r, w, null, 0)';
  const code = src(`
    function pipe() {
      const r: HANDLE[] = [0];
      const w: HANDLE[] = [0];
      if (!${call}) return;
      CloseHandle(w[0]);
    }
  `);
  invalid.push({ code, errors: [leak(code, { handle: 'r[0]', call, path: 'at the end of `pipe`' })] });
}

// Valid: CreateProcessW's process and thread handles, both closed (also through destructuring).
valid.push(src(`
  function spawn(cmd: string) {
    const pi = { hProcess: 0, hThread: 0, dwProcessId: 0, dwThreadId: 0 };
    if (!CreateProcessW(null, cmd, null, null, false, 0, null, null, {}, pi)) return;
    CloseHandle(pi.hThread);
    WaitForSingleObject(pi.hProcess, INFINITE);
    CloseHandle(pi.hProcess);
  }
  function spawn2(cmd: string) {
    const pi = { hProcess: 0, hThread: 0, dwProcessId: 0, dwThreadId: 0 };
    if (!CreateProcessW(null, cmd, null, null, false, 0, null, null, {}, pi)) return;
    const { hProcess, hThread } = pi;
    CloseHandle(hThread);
    CloseHandle(hProcess);
  }
`));

{
  // Invalid: MSVC C6335's case: only hProcess is closed; hThread leaks.
  const call = 'CreateProcessW(null, cmd, null, null, false, 0, null, null, {}, pi)';
  const code = src(`
    function spawn(cmd: string) {
      const pi = { hProcess: 0, hThread: 0, dwProcessId: 0, dwThreadId: 0 };
      if (!${call}) return;
      WaitForSingleObject(pi.hProcess, INFINITE);
      CloseHandle(pi.hProcess);
    }
  `);
  invalid.push({ code, errors: [leak(code, { handle: 'pi.hThread', call, path: 'at the end of `spawn`' })] });
}

// Valid: other releaser families: a find handle released by FindClose, a view by UnmapViewOfFile.
valid.push(src(`
  function list(pattern: string): number {
    const data = {};
    const h = FindFirstFileW(pattern, data);
    if (h === INVALID_HANDLE_VALUE) return 0;
    let n = 1;
    while (FindNextFileW(h, data)) n++;
    FindClose(h);
    return n;
  }
  function mapping() {
    const m = CreateFileMappingW(INVALID_HANDLE_VALUE, null, 4, 0, 4096, null);
    if (!m) return;
    const view = MapViewOfFile(m, 2, 0, 0, 0);
    if (!view) {
      CloseHandle(m);
      return;
    }
    UnmapViewOfFile(view);
    CloseHandle(m);
  }
`));

{
  // Invalid: a find handle never released. FindNextFileW returning FALSE is the loop's normal end (no more
  // files), not an error exit: the phrase is "at the end of", not "when `FindNextFileW` fails".
  const call = 'FindFirstFileW(pattern, data)';
  const code = src(`
    function listLeak(pattern: string): number {
      const data = {};
      const h = ${call};
      if (h === INVALID_HANDLE_VALUE) return 0;
      let n = 1;
      while (FindNextFileW(h, data)) n++;
      return n;
    }
  `);
  invalid.push({ code, errors: [leak(code, { handle: 'h', call, path: 'at the end of `listLeak`' })] });
}

{
  // Invalid: the view of a mapping is an acquisition of its own (released by UnmapViewOfFile).
  const call = 'MapViewOfFile(m, 2, 0, 0, 0)';
  const code = src(`
    function mappingLeak() {
      const m = CreateFileMappingW(INVALID_HANDLE_VALUE, null, 4, 0, 4096, null);
      if (!m) return;
      const view = ${call};
      CloseHandle(m);
    }
  `);
  invalid.push({ code, errors: [leak(code, { handle: 'view', call, path: 'at the end of `mappingLeak`' })] });
}

// ───────────────────────────── aliases and destructuring ─────────────────────────────

// Valid: the state belongs to the value: closing an alias closes the handle.
valid.push(src(`
  function alias() {
    const a = ${EVENT};
    if (!a) return;
    const b = a;
    let c: HANDLE;
    c = b;
    CloseHandle(c);
  }
  function destructured(h: HANDLE) {
    const dup = out<HANDLE>();
    if (!DuplicateHandle(GetCurrentProcess(), h, GetCurrentProcess(), dup, 0, false, DUPLICATE_SAME_ACCESS)) return;
    const { value: copy } = dup;
    CloseHandle(copy);
  }
  function tuple() {
    const a = ${EVENT};
    if (!a) return;
    const [first] = [a];
    CloseHandle(first);
  }
`));

{
  // Invalid: an alias is used but neither name is closed; reported under the acquisition's name.
  const code = src(`
    function alias() {
      const a = ${EVENT};
      if (!a) return;
      const b = a;
      SetEvent(b);
    }
  `);
  invalid.push({ code, errors: [leak(code, { handle: 'a', call: EVENT, path: 'at the end of `alias`' })] });
}

// Valid: TypeScript-only syntax is transparent: `as`, `!`, `satisfies`, `<T>x`, parentheses, comma expressions;
// a template literal that prints the value does not take it; a handle in a local object's field is closed there.
valid.push(src(`
  function casts() {
    const h = ${EVENT} as HANDLE;
    if (!h) return;
    SetEvent(h!);
    CloseHandle((h as number));
  }
  function satisfiesOp() {
    const h = ${EVENT} satisfies number;
    if (!(h)) return;
    CloseHandle(<HANDLE>h);
  }
  function comma() {
    const h = (${EVENT});
    if (!h) return;
    (SetEvent(h), CloseHandle(h));
  }
  function printed() {
    const h = ${EVENT};
    if (!h) return;
    console.log(\`handle \${h}\`);
    CloseHandle(h);
  }
  function field() {
    const handles = { a: ${EVENT} };
    if (!handles.a) return;
    CloseHandle(handles.a);
  }
`));

// ───────────────────────────── escapes ─────────────────────────────

// Valid: a returned handle is the caller's to close.
valid.push(src(`
  function open(): HANDLE {
    const h = ${EVENT};
    SetEvent(h);
    return h;
  }
`));

// Valid: stored into a field of this, a module variable, a parameter's array, a module Map/Set, an escaping object.
valid.push(src(`
  let current: HANDLE = 0;
  const registry = new Map<string, HANDLE>();
  const all = new Set<HANDLE>();
  class Holder {
    h: HANDLE = 0;
    take() {
      this.h = ${EVENT};
    }
  }
  function toModule() {
    current = ${EVENT};
  }
  function toArray(list: HANDLE[]) {
    const h = ${EVENT};
    list.push(h);
  }
  function toMap(name: string) {
    const h = ${EVENT};
    registry.set(name, h);
  }
  function toSet() {
    const h = ${EVENT};
    all.add(h);
  }
  function toObject() {
    const h = ${EVENT};
    return { h, kind: 'event' };
  }
  function toLocalArrayReturned() {
    const h = ${EVENT};
    const list = [h];
    return list;
  }
`));

// Valid: passed to a callee the engine knows nothing about (imported), or captured by a closure that escapes.
valid.push(src(`
  import { register } from './elsewhere.js';
  function unknownCallee() {
    const h = ${EVENT};
    register(h);
  }
  function closure() {
    const h = ${EVENT};
    return () => SetEvent(h);
  }
  function timer() {
    const h = ${EVENT};
    setTimeout(() => CloseHandle(h), 10);
  }
`));

{
  // Invalid: stored in a local array that never escapes (Clang's "stored into a local struct" case).
  const code = src(`
    function local() {
      const h = ${EVENT};
      if (!h) return;
      const list = [h];
      console.log(list.length);
    }
  `);
  invalid.push({ code, errors: [leak(code, { handle: 'h', call: EVENT, path: 'at the end of `local`' })] });
}

{
  // Invalid: a local helper with a visible body that only uses its parameter does not take ownership.
  const code = src(`
    function signal(x: HANDLE) {
      SetEvent(x);
    }
    function caller() {
      const h = ${EVENT};
      if (!h) return;
      signal(h);
    }
  `);
  invalid.push({ code, errors: [leak(code, { handle: 'h', call: EVENT, path: 'at the end of `caller`' })] });
}

// ───────────────────────────── if/else, switch, loops, labels ─────────────────────────────

// Valid: closed in both branches of if/else.
valid.push(src(`
  function both(flag: boolean) {
    const h = ${EVENT};
    if (!h) return;
    if (flag) {
      SetEvent(h);
      CloseHandle(h);
    } else {
      CloseHandle(h);
    }
  }
`));

{
  // Invalid: closed only in the then-branch.
  const code = src(`
    function one(flag: boolean) {
      const h = ${EVENT};
      if (!h) return;
      if (flag) {
        CloseHandle(h);
      } else {
        SetEvent(h);
      }
    }
  `);
  invalid.push({ code, errors: [leak(code, { handle: 'h', call: EVENT, path: 'at the end of `one`' })] });
}

// Valid: switch with fall-through: case 0 falls into case 1, which closes; default closes.
valid.push(src(`
  function sw(kind: number) {
    const h = ${EVENT};
    if (!h) return;
    switch (kind) {
      case 0:
        SetEvent(h);
      // falls through
      case 1:
        CloseHandle(h);
        break;
      default:
        CloseHandle(h);
    }
  }
`));

{
  // Invalid: one case breaks out without closing (one report even though only one case leaks).
  const code = src(`
    function sw(kind: number) {
      const h = ${EVENT};
      if (!h) return;
      switch (kind) {
        case 0:
          CloseHandle(h);
          break;
        case 1:
          SetEvent(h);
          break;
        default:
          CloseHandle(h);
      }
    }
  `);
  invalid.push({ code, errors: [leak(code, { handle: 'h', call: EVENT, path: 'at the end of `sw`' })] });
}

{
  // Invalid: a switch without default skips every close when no case matches.
  const code = src(`
    function sw(kind: number) {
      const h = ${EVENT};
      if (!h) return;
      switch (kind) {
        case 0:
        case 1:
          CloseHandle(h);
          break;
      }
    }
  `);
  invalid.push({ code, errors: [leak(code, { handle: 'h', call: EVENT, path: 'at the end of `sw`' })] });
}

// Valid: per-iteration acquisition in for-of, while and do-while loops, with continue on failure.
valid.push(src(`
  function loops(names: string[]) {
    for (const name of names) {
      const h = CreateEventW(null, true, false, name);
      if (!h) continue;
      SetEvent(h);
      CloseHandle(h);
    }
    let i = 0;
    while (i < names.length) {
      const h = CreateEventW(null, true, false, names[i]);
      i++;
      if (!h) continue;
      CloseHandle(h);
    }
    do {
      const h = ${EVENT};
      if (h) CloseHandle(h);
    } while (i-- > 0);
    for (let j = 0; j < 3; j++) {
      const h = ${EVENT};
      if (!h) break;
      CloseHandle(h);
    }
  }
`));

{
  // Invalid: a break between acquire and close leaks the last iteration's handle.
  const call = 'CreateEventW(null, true, false, name)';
  const code = src(`
    function loop(names: string[]) {
      for (const name of names) {
        const h = ${call};
        if (!h) continue;
        if (name === 'stop') break;
        CloseHandle(h);
      }
    }
  `);
  invalid.push({ code, errors: [leak(code, { handle: 'h', call, path: 'at the end of `loop`' })] });
}

{
  // Invalid: a continue between acquire and close leaks that iteration's handle.
  const call = 'CreateEventW(null, true, false, name)';
  const code = src(`
    function loop(names: string[]) {
      for (const name of names) {
        const h = ${call};
        if (!h) continue;
        if (name === '') continue;
        CloseHandle(h);
      }
    }
  `);
  invalid.push({ code, errors: [leak(code, { handle: 'h', call, path: 'at the end of `loop`' })] });
}

// Valid: labelled continue/break on failure paths and after the close.
valid.push(src(`
  function labels(groups: string[][]) {
    outer: for (const group of groups) {
      for (const name of group) {
        const h = CreateEventW(null, true, false, name);
        if (!h) continue outer;
        try {
          SetEvent(h);
        } finally {
          CloseHandle(h);
        }
        if (name === '') break outer;
      }
    }
  }
`));

{
  // Invalid: `continue outer` skips the close.
  const call = 'CreateEventW(null, true, false, name)';
  const code = src(`
    function labels(groups: string[][]) {
      outer: for (const group of groups) {
        for (const name of group) {
          const h = ${call};
          if (!h) continue;
          if (name === 'skip') continue outer;
          CloseHandle(h);
        }
      }
    }
  `);
  invalid.push({ code, errors: [leak(code, { handle: 'h', call, path: 'at the end of `labels`' })] });
}

// Valid: a handle acquired before a loop, closed after it, loop body only uses it (fixpoint, no leak).
valid.push(src(`
  function pump(n: number) {
    const h = ${EVENT};
    if (!h) return;
    for (let i = 0; i < n; i++) {
      if (i % 2) continue;
      SetEvent(h);
    }
    CloseHandle(h);
  }
`));

// ───────────────────────────── try / catch / finally / throw ─────────────────────────────

// Valid: a close in finally covers every path, including returns and throws inside try.
valid.push(src(`
  function fin(n: number) {
    const h = ${EVENT};
    if (!h) return -1;
    try {
      if (n < 0) throw new Error('negative');
      if (n === 0) return 0;
      SetEvent(h);
      return n;
    } finally {
      CloseHandle(h);
    }
  }
`));

// Valid: closed in the try body and in the catch that swallows the error.
valid.push(src(`
  function caught(parse: () => void) {
    const h = ${EVENT};
    if (!h) return;
    try {
      parse();
      CloseHandle(h);
    } catch (error) {
      CloseHandle(h);
    }
  }
`));

{
  // Invalid: a throw inside try jumps to a catch that returns without closing.
  const code = src(`
    function caught(n: number) {
      const h = ${EVENT};
      if (!h) return;
      try {
        if (n < 0) throw new Error('negative');
        CloseHandle(h);
      } catch (error) {
        console.error(error);
        return;
      }
    }
  `);
  invalid.push({
    code,
    errors: [
      leak(code, {
        handle: 'h',
        call: EVENT,
        path: `on the early return at line ${lineOf(code, 'return;\n', 2)}`,
        suggestions: [
          {
            messageId: 'closeBeforeReturn',
            output: replaceAt(code, '    return;\n  }\n', '    CloseHandle(h);\n    return;\n  }\n'),
          },
        ],
      }),
    ],
  });
}

{
  // Invalid (strict only): ReadFile may throw between acquire and close and nothing closes in a finally.
  const code = src(`
    function readAll(path: string, parse: (b: Uint8Array) => void) {
      const h = ${FILE};
      if (h === INVALID_HANDLE_VALUE) return;
      const buffer = new Uint8Array(64);
      parse(buffer);
      CloseHandle(h);
    }
  `);
  valid.push(code);
  invalid.push({
    code,
    options: [{ exceptionPaths: true }],
    errors: [
      leak(
        code,
        {
          handle: 'h',
          call: FILE,
          path: `when \`parse\` throws (line ${lineOf(code, 'parse(buffer)')})`,
          // the statements between the acquisition's check and the close go into try, the close into finally
          suggestions: [
            {
              messageId: 'wrapInTryFinally',
              output: replaceAt(
                code,
                '  const buffer = new Uint8Array(64);\n  parse(buffer);\n  CloseHandle(h);\n',
                '  try {\n    const buffer = new Uint8Array(64);\n    parse(buffer);\n  } finally {\n    CloseHandle(h);\n  }\n',
              ),
            },
          ],
        },
        'leakOnException',
      ),
    ],
  });
}

// Valid even in strict: the same code with the close in finally.
valid.push({
  code: src(`
    function readAll(path: string, parse: (b: Uint8Array) => void) {
      const h = ${FILE};
      if (h === INVALID_HANDLE_VALUE) return;
      try {
        parse(new Uint8Array(64));
      } finally {
        CloseHandle(h);
      }
    }
  `),
  options: [{ exceptionPaths: true }],
});

// Valid even in strict: Win32 functions report failure through their return value (the runtime never throws
// outside verifier break mode), so SetEvent/ReadFile/GetFileSizeEx between acquire and close are no exception path.
valid.push({
  code: src(`
    function readHeader(path: string, buffer: Uint8Array, size: { value: bigint }) {
      const h = ${FILE};
      if (h === INVALID_HANDLE_VALUE) return false;
      const ok = GetFileSizeEx(h, size) && ReadFile(h, buffer, 16, null, null);
      WaitForSingleObject(h, 0);
      CloseHandle(h);
      return ok;
    }
  `),
  options: [{ exceptionPaths: true }],
});

// Valid even in strict: the call that takes the handle (an escape into a container) is where ownership moves,
// not a throw between acquire and release (found linting a handle registry).
valid.push({
  code: src(`
    function collect(n: number, handles: HANDLE[], byName: Map<string, HANDLE>) {
      for (let i = 0; i < n; i++) {
        const h = ${EVENT};
        if (h) handles.push(h);
      }
      const named = CreateEventW(null, true, false, 'named');
      if (named) byName.set('named', named);
    }
  `),
  options: [{ exceptionPaths: true }],
});

// ───────────────────────────── short-circuits, ternaries, optional chaining ─────────────────────────────

// Valid: `h && CloseHandle(h)`: the failure value holds nothing, the success value is closed.
valid.push(src(`
  function shortCircuit() {
    const h = ${EVENT};
    h && CloseHandle(h);
  }
  function ternary() {
    const h = ${EVENT};
    const ok = h ? CloseHandle(h) : false;
    return ok;
  }
  function orElse() {
    const h = ${EVENT};
    if (!h) return;
    SetEvent(h) || console.error(GetLastError());
    CloseHandle(h);
  }
`));

{
  // Invalid: `ok && CloseHandle(h)` skips the close when ok is false.
  const code = src(`
    function shortCircuit(ok: boolean) {
      const h = ${EVENT};
      if (!h) return;
      ok && CloseHandle(h);
    }
  `);
  invalid.push({ code, errors: [leak(code, { handle: 'h', call: EVENT, path: 'at the end of `shortCircuit`' })] });
}

{
  // Invalid: `keep ?? CloseHandle(h)` closes only when keep is nullish.
  const code = src(`
    function nullish(keep: boolean | undefined) {
      const h = ${EVENT};
      if (!h) return;
      keep ?? CloseHandle(h);
    }
  `);
  invalid.push({ code, errors: [leak(code, { handle: 'h', call: EVENT, path: 'at the end of `nullish`' })] });
}

{
  // Invalid: a ternary that closes in one arm only.
  const code = src(`
    function ternary(flag: boolean) {
      const h = ${EVENT};
      if (!h) return;
      flag ? CloseHandle(h) : SetEvent(h);
    }
  `);
  invalid.push({ code, errors: [leak(code, { handle: 'h', call: EVENT, path: 'at the end of `ternary`' })] });
}

{
  // Invalid: optional chaining short-circuits the whole call, so CloseHandle(h) may never run.
  const code = src(`
    function optional(opts?: { onDone?: (ok: boolean) => void }) {
      const h = ${EVENT};
      if (!h) return;
      opts?.onDone?.(CloseHandle(h));
    }
  `);
  invalid.push({ code, errors: [leak(code, { handle: 'h', call: EVENT, path: 'at the end of `optional`' })] });
}

// Valid: optional chaining unrelated to the handle.
valid.push(src(`
  function optional(opts?: { count?: number }) {
    const h = ${EVENT};
    if (!h) return;
    const n = opts?.count ?? 1;
    for (let i = 0; i < n; i++) SetEvent(h);
    CloseHandle(h);
  }
`));

// ───────────────────────────── async / generators ─────────────────────────────

// Valid: await inside try/finally; async early return on the failure edge.
valid.push(src(`
  async function work(delay: (ms: number) => Promise<void>) {
    const h = ${EVENT};
    if (!h) return;
    try {
      await delay(10);
      SetEvent(h);
    } finally {
      CloseHandle(h);
    }
  }
`));

{
  // Invalid: an async function that returns early without closing.
  const code = src(`
    async function work(delay: (ms: number) => Promise<boolean>) {
      const h = ${EVENT};
      if (!h) return;
      if (!(await delay(10))) {
        return;
      }
      CloseHandle(h);
    }
  `);
  invalid.push({
    code,
    errors: [
      leak(code, {
        handle: 'h',
        call: EVENT,
        path: `on the early return at line ${lineOf(code, 'return;\n', 2)}`,
        suggestions: [
          { messageId: 'closeBeforeReturn', output: replaceAt(code, '    return;\n', '    CloseHandle(h);\n    return;\n', 1) },
        ],
      }),
    ],
  });
}

{
  // Invalid (strict only): an await between acquire and close with no finally.
  const code = src(`
    async function work(delay: (ms: number) => Promise<void>) {
      const h = ${EVENT};
      if (!h) return;
      await delay(10);
      CloseHandle(h);
    }
  `);
  valid.push(code);
  invalid.push({
    code,
    options: [{ exceptionPaths: true }],
    errors: [
      leak(
        code,
        {
          handle: 'h',
          call: EVENT,
          path: `when \`delay\` throws (line ${lineOf(code, 'await delay(10)')})`,
          suggestions: [
            {
              messageId: 'wrapInTryFinally',
              output: replaceAt(
                code,
                '  await delay(10);\n  CloseHandle(h);\n',
                '  try {\n    await delay(10);\n  } finally {\n    CloseHandle(h);\n  }\n',
              ),
            },
          ],
        },
        'leakOnException',
      ),
    ],
  });
}

// Valid: a generator that closes in finally (also when the consumer stops early).
valid.push(src(`
  function* ticks(n: number) {
    const h = ${EVENT};
    if (!h) return;
    try {
      for (let i = 0; i < n; i++) yield WaitForSingleObject(h, 0);
    } finally {
      CloseHandle(h);
    }
  }
`));

{
  // Invalid: a generator that never closes.
  const code = src(`
    function* ticks(n: number) {
      const h = ${EVENT};
      if (!h) return;
      for (let i = 0; i < n; i++) yield WaitForSingleObject(h, 0);
    }
  `);
  invalid.push({ code, errors: [leak(code, { handle: 'h', call: EVENT, path: 'at the end of `ticks`' })] });
}

// ───────────────────────────── using / OwnedHandle / DisposableStack ─────────────────────────────

// Valid: using and await using dispose the OwnedHandle at the end of the scope; explicit close() and dispose.
valid.push(src(`
  function scoped() {
    using e = owned(${EVENT});
    SetEvent(e.value);
  }
  async function scopedAsync() {
    await using e = new OwnedHandle(${EVENT});
    SetEvent(e.value);
  }
  function explicit() {
    const e = owned(${EVENT});
    try {
      SetEvent(e.value);
    } finally {
      e.close();
    }
  }
  function disposeCall() {
    const e = new OwnedHandle(${EVENT});
    e[Symbol.dispose]();
  }
`));

{
  // Invalid: an OwnedHandle that is neither `using` nor closed owns a handle nobody releases.
  const code = src(`
    function forgotten() {
      const e = owned(${EVENT});
      SetEvent(e.value);
    }
  `);
  invalid.push({ code, errors: [leak(code, { handle: 'e', call: EVENT, path: 'at the end of `forgotten`' })] });
}

// Valid: DisposableStack.defer / adopt / use release the handle when the stack is disposed.
valid.push(src(`
  function deferred() {
    using stack = new DisposableStack();
    const h = ${EVENT};
    if (!h) return;
    stack.defer(() => CloseHandle(h));
    SetEvent(h);
  }
  function adopted() {
    using stack = new DisposableStack();
    const h = stack.adopt(${EVENT}, CloseHandle);
    SetEvent(h);
  }
  function used() {
    const stack = new DisposableStack();
    const e = stack.use(owned(${EVENT}));
    SetEvent(e.value);
    stack.dispose();
  }
`));

{
  // Invalid: a DisposableStack that adopted the handle but is itself never disposed (no `using`, no dispose()) is a
  // local owner that never releases: the handle leaks (Clang's "stored into a local struct").
  const code = src(`
    function neverDisposed() {
      const stack = new DisposableStack();
      const h = ${EVENT};
      if (!h) return;
      stack.adopt(h, CloseHandle);
      SetEvent(h);
    }
  `);
  invalid.push({ code, errors: [leak(code, { handle: 'h', call: EVENT, path: 'at the end of `neverDisposed`' })] });
}

// ───────────────────────────── sinks: process.exit, never ─────────────────────────────

// Valid: paths that end the process or call a never-returning function leak nothing.
valid.push(src(`
  declare function fatal(message: string): never;
  function exits(code: number) {
    const h = ${EVENT};
    if (!h) return;
    if (code > 0) process.exit(code);
    if (code < 0) fatal('negative');
    if (code === 0) ExitProcess(0);
    CloseHandle(h);
  }
`));

// ───────────────────────────── constant conditions and correlated conditions ─────────────────────────────

// Valid: constant folding: if (true) always closes, if (false) never returns, switch (5) takes case 5,
// one-trip loops run their close exactly once, a const flag prunes the early return.
valid.push(src(`
  const DEBUG = false;
  function constants() {
    const h = ${EVENT};
    if (!h) return;
    if (true) {
      CloseHandle(h);
    }
  }
  function neverTaken() {
    const h = ${EVENT};
    if (!h) return;
    if (false) return;
    CloseHandle(h);
  }
  function switchFive() {
    const h = ${EVENT};
    if (!h) return;
    switch (5) {
      case 4:
        break;
      case 5:
        CloseHandle(h);
        break;
    }
  }
  function oneTrip() {
    const h = ${EVENT};
    if (!h) return;
    do {
      CloseHandle(h);
    } while (false);
  }
  function forever() {
    const h = ${EVENT};
    if (!h) return;
    for (;;) {
      CloseHandle(h);
      break;
    }
  }
  function whileTrue() {
    const h = ${EVENT};
    if (!h) return;
    while (true) {
      SetEvent(h);
      CloseHandle(h);
      break;
    }
  }
  function flag() {
    const h = ${EVENT};
    if (!h) return;
    if (DEBUG) return;
    CloseHandle(h);
  }
`));

{
  // Invalid: if (false) never closes.
  const code = src(`
    function never() {
      const h = ${EVENT};
      if (!h) return;
      if (false) {
        CloseHandle(h);
      }
    }
  `);
  invalid.push({ code, errors: [leak(code, { handle: 'h', call: EVENT, path: 'at the end of `never`' })] });
}

// Valid: correlated conditions: the same flag guards the acquisition and the close.
valid.push(src(`
  function correlated(f: boolean) {
    let h: HANDLE = 0;
    if (f) h = ${EVENT};
    logState();
    if (f) CloseHandle(h);
  }
  function viaFlag(want: boolean) {
    let h: HANDLE = 0;
    let opened = false;
    if (want) {
      h = ${EVENT};
      opened = true;
    }
    if (opened) CloseHandle(h);
  }
  function viaValue(want: boolean) {
    let h: HANDLE = 0;
    if (want) h = ${EVENT};
    if (h) CloseHandle(h);
  }
  declare function logState(): void;
`));

{
  // Invalid: the close is guarded by a different flag from the acquisition.
  const code = src(`
    function uncorrelated(f: boolean, g: boolean) {
      let h: HANDLE = 0;
      if (f) h = ${EVENT};
      if (g) CloseHandle(h);
    }
  `);
  invalid.push({ code, errors: [leak(code, { handle: 'h', call: EVENT, path: 'at the end of `uncorrelated`' })] });
}

// ───────────────────────────── local summaries: helpers, constructors, close()/dispose ─────────────────────────────

// Valid: a local helper that closes its parameter; a factory that returns an owned handle (closed by the caller);
// a class that takes ownership in its constructor and releases in close() / [Symbol.dispose]().
valid.push(src(`
  function release(x: HANDLE) {
    CloseHandle(x);
  }
  function open(): HANDLE {
    return ${EVENT};
  }
  class Fred {
    constructor(private readonly h: HANDLE) {}
    close() {
      CloseHandle(this.h);
    }
    [Symbol.dispose]() {
      this.close();
    }
  }
  function helpers() {
    const h = open();
    if (!h) return;
    release(h);
  }
  function owners() {
    const h = ${EVENT};
    if (!h) return;
    using fred = new Fred(h);
  }
  function ownersClose() {
    const h = ${EVENT};
    if (!h) return;
    const fred = new Fred(h);
    fred.close();
  }
`));

{
  // Invalid: the caller of a local factory that returns an owned handle never closes it.
  const code = src(`
    function open(): HANDLE {
      return ${EVENT};
    }
    function caller() {
      const h = open();
      if (!h) return;
      SetEvent(h);
    }
  `);
  invalid.push({ code, errors: [leak(code, { handle: 'h', call: 'open()', occurrence: 2, path: 'at the end of `caller`' })] });
}

// ───────────────────────────── DuplicateHandle ─────────────────────────────

// Valid: duplicating into another process makes a foreign value: nothing to close here.
valid.push(src(`
  function give(pid: number, h: HANDLE) {
    const child = OpenProcess(PROCESS_DUP_HANDLE, false, pid);
    if (!child) return;
    const remote = out<HANDLE>();
    DuplicateHandle(GetCurrentProcess(), h, child, remote, 0, false, DUPLICATE_SAME_ACCESS);
    CloseHandle(child);
  }
`));

// Valid: DUPLICATE_CLOSE_SOURCE closes the source, on success and on failure.
valid.push(src(`
  function move(target: HANDLE) {
    const h = ${EVENT};
    if (!h) return;
    const dup = out<HANDLE>();
    if (!DuplicateHandle(GetCurrentProcess(), h, GetCurrentProcess(), dup, 0, false, DUPLICATE_CLOSE_SOURCE | DUPLICATE_SAME_ACCESS)) return;
    CloseHandle(dup.value);
  }
`));

// Valid: closing a handle in another process: null target process and pointer, CLOSE_SOURCE.
valid.push(src(`
  function closeRemote(child: HANDLE, remote: HANDLE) {
    DuplicateHandle(child, remote, null, null, 0, false, DUPLICATE_CLOSE_SOURCE);
  }
`));

{
  // Invalid: a null target-handle pointer with a real target makes a duplicate nobody can ever close.
  const call = 'DuplicateHandle(GetCurrentProcess(), h, GetCurrentProcess(), null, 0, false, DUPLICATE_SAME_ACCESS)';
  const code = src(`
    function lost(h: HANDLE) {
      ${call};
    }
  `);
  invalid.push({ code, errors: [discarded(code, 'DuplicateHandle', call)] });
}

{
  // Invalid: a real handle to ourselves, made from the pseudo handle, must be closed.
  const call = 'DuplicateHandle(GetCurrentProcess(), GetCurrentProcess(), GetCurrentProcess(), self, 0, false, DUPLICATE_SAME_ACCESS)';
  const code = src(`
    function realSelf() {
      const self = out<HANDLE>();
      if (!${call}) return;
      GetExitCodeProcess(self.value, out<number>());
    }
  `);
  invalid.push({ code, errors: [leak(code, { handle: 'self.value', call, path: 'at the end of `realSelf`' })] });
}

// Valid: MakeFred (buggy): the leaked duplicate is part of the pass-duplicate finding, not a separate leak.
valid.push(src(`
  class Fred {
    constructor(private readonly h: HANDLE) {}
    [Symbol.dispose]() {
      CloseHandle(this.h);
    }
  }
  function MakeFred(h: HANDLE): Fred {
    const hDup = out<HANDLE>();
    DuplicateHandle(GetCurrentProcess(), h, GetCurrentProcess(), hDup, 0, false, DUPLICATE_SAME_ACCESS);
    return new Fred(h);
  }
`));

// Valid: the object-returning MakeFred (tests/cli/fixtures/run/makefred.ts): the duplicate's leak is part of the
// pass-duplicate finding, not a separate leak (one bug, one finding).
valid.push(src(`
  interface Fred {
    handle: HANDLE;
  }
  function makeFred(h: HANDLE): Fred {
    const dup = out<HANDLE>();
    DuplicateHandle(GetCurrentProcess(), h, GetCurrentProcess(), dup, 0, false, DUPLICATE_SAME_ACCESS);
    return { handle: h };
  }
`));

// Valid: the seed's CFred (released by a `delete()` method) in the buggy MakeFred: the duplicate's leak is part
// of the pass-duplicate finding.
valid.push(src(`
  class CFred {
    constructor(readonly h: number) {}
    delete(): boolean {
      return CloseHandle(this.h);
    }
  }
  function makeFred(h: number): CFred {
    const hDup = out();
    DuplicateHandle(GetCurrentProcess(), h, GetCurrentProcess(), hDup, 0, false, DUPLICATE_SAME_ACCESS);
    return new CFred(h);
  }
`));

// Valid: MakeFred (fixed).
valid.push(src(`
  class Fred {
    constructor(private readonly h: HANDLE) {}
    [Symbol.dispose]() {
      CloseHandle(this.h);
    }
  }
  function MakeFred(h: HANDLE): Fred {
    const hDup = out<HANDLE>();
    DuplicateHandle(GetCurrentProcess(), h, GetCurrentProcess(), hDup, 0, false, DUPLICATE_SAME_ACCESS);
    return new Fred(hDup.value);
  }
`));

// ───────────────────────────── LOST: overwrite, class field, discarded ─────────────────────────────

{
  // Invalid: overwriting a variable that holds an open handle loses it (reported at the assignment, once).
  const second = 'h = CreateEventW(null, true, false, "b")';
  const code = src(`
    function overwrite() {
      let h = CreateEventW(null, true, false, "a");
      if (!h) return;
      ${second};
      if (!h) return;
      CloseHandle(h);
    }
  `);
  invalid.push({ code, errors: [overwritten(code, 'h', 'CreateEventW(null, true, false, "a")', second)] });
}

{
  // Invalid with reportMaybe only: an acquisition into an outer variable inside a loop overwrites the previous
  // iteration's open handle (open on the paths that run the body twice, so "maybe", like a close in a loop).
  const assignment = 'h = CreateEventW(null, true, false, null)';
  const code = src(`
    function reassignLoop(n: number) {
      let h: HANDLE = 0;
      for (let i = 0; i < n; i++) {
        ${assignment};
      }
      if (h) CloseHandle(h);
    }
  `);
  valid.push(code);
  invalid.push({ code, options: [{ reportMaybe: true }], errors: [overwritten(code, 'h', assignment, assignment)] });
}

// Valid: closing before reassigning; reassigning after the handle escaped.
valid.push(src(`
  function reassign(list: HANDLE[]) {
    let h = ${EVENT};
    if (!h) return;
    CloseHandle(h);
    h = ${EVENT};
    if (!h) return;
    list.push(h);
    h = ${EVENT};
    if (h) CloseHandle(h);
  }
`));

{
  // Invalid: a class that owns a field (released in [Symbol.dispose]) overwrites it without releasing the old value.
  const assignment = 'this.h = CreateEventW(null, false, false, name)';
  const code = src(`
    class Channel {
      private h: HANDLE;
      constructor(name: string) {
        this.h = CreateEventW(null, false, false, name);
      }
      reopen(name: string) {
        ${assignment};
      }
      [Symbol.dispose]() {
        CloseHandle(this.h);
      }
    }
  `);
  invalid.push({
    code,
    errors: [{ messageId: 'overwritten', data: { handle: 'this.h', line: lineOf(code, assignment) }, ...loc(code, assignment, 2) }],
  });
}

// Valid: the owning class releases the old value before replacing it.
valid.push(src(`
  class Channel {
    private h: HANDLE;
    constructor(name: string) {
      this.h = CreateEventW(null, false, false, name);
    }
    reopen(name: string) {
      CloseHandle(this.h);
      this.h = CreateEventW(null, false, false, name);
    }
    [Symbol.dispose]() {
      CloseHandle(this.h);
    }
  }
`));

// Valid, even with reportMaybe (a false positive once): a lazily opened field is released by the class's own
// close() — which checks and empties it — before it is reopened.
valid.push({
  code: src(`
    class Waiter {
      private handle = 0;
      open(): boolean {
        this.close();
        this.handle = CreateEventW(null, false, false, null);
        return this.handle !== 0;
      }
      close(): void {
        if (this.handle) {
          CloseHandle(this.handle);
          this.handle = 0;
        }
      }
    }
  `),
  options: [{ reportMaybe: true }],
});

{
  // Invalid with reportMaybe: the same class without the close() before reopening may lose the open handle.
  const assignment = 'this.handle = CreateEventW(null, false, false, null)';
  const code = src(`
    class Waiter {
      private handle = 0;
      open(): boolean {
        ${assignment};
        return this.handle !== 0;
      }
      close(): void {
        if (this.handle) {
          CloseHandle(this.handle);
          this.handle = 0;
        }
      }
    }
  `);
  invalid.push({
    code,
    options: [{ reportMaybe: true }],
    errors: [{ messageId: 'overwritten', data: { handle: 'this.handle', line: lineOf(code, assignment) }, ...loc(code, assignment) }],
  });
}

{
  // Invalid: the owned result of a call is discarded.
  const code = src(`
    function fireAndForget() {
      ${EVENT};
      void CreateMutexW(null, false, "m");
      CreateThread(null, 0, null, null, 0, null);
    }
  `);
  invalid.push({
    code,
    errors: [
      discarded(code, 'CreateEventW', EVENT),
      discarded(code, 'CreateMutexW', 'CreateMutexW(null, false, "m")'),
      discarded(code, 'CreateThread', 'CreateThread(null, 0, null, null, 0, null)'),
    ],
  });
}

// Valid: results that are closed at once or handed to someone are not discarded.
valid.push(src(`
  import { keep } from './elsewhere.js';
  function notDiscarded() {
    CloseHandle(${EVENT});
    keep(${EVENT});
  }
`));

// ───────────────────────────── which calls are Win32 calls ─────────────────────────────

// Valid: a contract-table name is that function whether imported from the runtime, from an FFI module, or
// called as a member (`k32.CloseHandle`).
valid.push(`
import * as k32 from './kernel32.js';
import { CreateEventW as create, CloseHandle } from './my-ffi.js';
export function member() {
  const h = k32.CreateEventW(null, true, false, null);
  if (!h) return;
  k32.SetEvent(h);
  k32.CloseHandle(h);
}
export function ffi() {
  const h = k32.CreateFileW('x', 0, 0, null, 3, 0, null);
  if (h === k32.INVALID_HANDLE_VALUE) return;
  CloseHandle(h);
}
`);

{
  // Invalid: a member call of a contract-table acquirer is an acquisition (koffi-style `kernel32.CreateEventW`).
  const call = 'kernel32.CreateEventW(null, true, false, null)';
  const code = `import { kernel32 } from './bindings.js';
export function member() {
  const h = ${call};
  if (!h) return;
  kernel32.SetEvent(h);
}
`;
  invalid.push({ code, errors: [leak(code, { handle: 'h', call, path: 'at the end of `member`' })] });
}

{
  // Invalid: a LOCAL function named CloseHandle with a visible body is analysed as written: this one closes nothing.
  const code = `import { CreateEventW, type HANDLE } from 'eslint-plugin-handles/runtime';
function CloseHandle(_h: HANDLE): boolean {
  return true;
}
function f() {
  const h = ${EVENT};
  if (!h) return;
  CloseHandle(h);
}
`;
  invalid.push({ code, errors: [leak(code, { handle: 'h', call: EVENT, path: 'at the end of `f`' })] });
}

// ───────────────────────────── settings ─────────────────────────────

// Valid: user wrappers declared in settings.handles.functions behave like table entries.
valid.push({
  code: src(`
    declare function openLog(name: string): HANDLE;
    declare function closeLog(h: HANDLE): void;
    declare function logLine(h: HANDLE, text: string): void;
    function log() {
      const h = openLog('app');
      if (h === INVALID_HANDLE_VALUE) return;
      logLine(h, 'hello');
      closeLog(h);
    }
  `),
  settings: USER_FUNCTIONS,
});

{
  // Invalid: a declared owned result (openLog) that is only borrowed by logLine is never released.
  const code = src(`
    declare function openLog(name: string): HANDLE;
    declare function logLine(h: HANDLE, text: string): void;
    function log() {
      const h = openLog('app');
      if (h === INVALID_HANDLE_VALUE) return;
      logLine(h, 'hello');
    }
  `);
  invalid.push({
    code,
    settings: USER_FUNCTIONS,
    errors: [leak(code, { handle: 'h', call: "openLog('app')", path: 'at the end of `log`' })],
  });
}

{
  // Invalid on CE only: there GetCurrentProcessId() names the current process, so the duplicate is ours to close;
  // on the desktop the target is not known to be ours, so the duplicate is a foreign value.
  const call = 'DuplicateHandle(GetCurrentProcess(), h, GetCurrentProcessId(), dup, 0, false, DUPLICATE_SAME_ACCESS)';
  const code = src(`
    function ce(h: HANDLE) {
      const dup = out<HANDLE>();
      if (!${call}) return;
      SetEvent(dup.value);
    }
  `);
  valid.push({ code, settings: { handles: { platform: 'desktop' } } });
  invalid.push({
    code,
    settings: { handles: { platform: 'ce' } },
    errors: [leak(code, { handle: 'dup.value', call, path: 'at the end of `ce`' })],
  });
}

// Valid: module-level code: a handle in a module variable escapes (the module owns it).
valid.push(src(`
  export const shutdown = ${EVENT};
`));

ruleTester.run('no-leak', rule, { valid, invalid });
