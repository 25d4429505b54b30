/**
 * Acceptance tests for no-close-unowned (issue 4). Each case starts with a comment saying why it is valid or
 * invalid. The report is at the closing call; the handle is named as the code names it where it came from
 * (`self`, `GetCurrentProcess()`, `remote.value`, the parameter). For 'transferred', previousLine is the line
 * where the handle was handed to its owner. A plain `HANDLE` parameter of unknown ownership is never reported.
 */
import type { InvalidTestCase, ValidTestCase } from '@typescript-eslint/rule-tester';
import rule, { type MessageIds, type Options } from '../../rules/no-close-unowned.js';
import { EVENT, lineOf, loc, onlyWithReportMaybe, ruleTester, src, USER_FUNCTIONS } from './helpers.js';

type Case = InvalidTestCase<MessageIds, Options>;
type Valid = ValidTestCase<Options> | string;

function unowned(code: string, messageId: 'pseudo' | 'borrowed' | 'foreign', handle: string, close: string, occurrence = 1) {
  return { messageId, data: { handle }, ...loc(code, close, occurrence) } as const;
}

const valid: Valid[] = [];
const invalid: Case[] = [];

{
  // Invalid: closing the current-process and current-thread pseudo handles, directly and through a variable.
  const code = src(`
    function f() {
      CloseHandle(GetCurrentProcess());
      const thread = GetCurrentThread();
      CloseHandle(thread);
    }
  `);
  invalid.push({
    code,
    errors: [
      unowned(code, 'pseudo', 'GetCurrentProcess()', 'CloseHandle(GetCurrentProcess())'),
      unowned(code, 'pseudo', 'thread', 'CloseHandle(thread)'),
    ],
  });
}

// Valid: a real handle made from the pseudo handle with DuplicateHandle is owned and must be closed.
valid.push(src(`
  function f() {
    const self = out<HANDLE>();
    if (!DuplicateHandle(GetCurrentProcess(), GetCurrentProcess(), GetCurrentProcess(), self, 0, false, DUPLICATE_SAME_ACCESS)) return;
    CloseHandle(self.value);
  }
`));

{
  // Invalid: a parameter typed BorrowedHandle belongs to the caller.
  const code = src(`
    type BorrowedHandle = HANDLE;
    function f(h: BorrowedHandle) {
      SetEvent(h);
      CloseHandle(h);
    }
  `);
  invalid.push({ code, errors: [unowned(code, 'borrowed', 'h', 'CloseHandle(h)')] });
}

// Valid: a plain HANDLE parameter (or an untyped one) has unknown ownership and is not reported.
valid.push(src(`
  function f(h: HANDLE) {
    CloseHandle(h);
  }
  function g(h) {
    CloseHandle(h);
  }
  const k = (h: number) => CloseHandle(h);
`));

{
  // Invalid: a function declared with `borrows: [0]` in settings.handles.functions must not close that parameter.
  const code = src(`
    function logLine(h: HANDLE, text: string) {
      WriteFile(h, new TextEncoder().encode(text), text.length, null, null);
      CloseHandle(h);
    }
  `);
  invalid.push({ code, settings: USER_FUNCTIONS, errors: [unowned(code, 'borrowed', 'h', 'CloseHandle(h)')] });
  // Valid: without the declaration the parameter is a plain HANDLE of unknown ownership.
  valid.push(code);
}

{
  // Invalid: a result the contract marks as borrowed (GetStdHandle) is not ours to close.
  const code = src(`
    declare function GetStdHandle(which: number): HANDLE;
    function f() {
      const out = GetStdHandle(-11);
      CloseHandle(out);
    }
  `);
  invalid.push({ code, errors: [unowned(code, 'borrowed', 'out', 'CloseHandle(out)')] });
}

{
  // Invalid: a value duplicated into another process is an entry in THAT process's table.
  const code = src(`
    function give(pid: number, h: HANDLE) {
      const child = OpenProcess(PROCESS_DUP_HANDLE, false, pid);
      if (!child) return;
      const remote = out<HANDLE>();
      if (DuplicateHandle(GetCurrentProcess(), h, child, remote, 0, false, DUPLICATE_SAME_ACCESS)) {
        CloseHandle(remote.value);
      }
      CloseHandle(child);
    }
  `);
  invalid.push({ code, errors: [unowned(code, 'foreign', 'remote.value', 'CloseHandle(remote.value)')] });
}

{
  // Invalid: the target process is a parameter not known to be ours: the duplicate is foreign.
  const code = src(`
    function give(target: HANDLE, h: HANDLE) {
      const remote = out<HANDLE>();
      if (!DuplicateHandle(GetCurrentProcess(), h, target, remote, 0, false, DUPLICATE_SAME_ACCESS)) return;
      CloseHandle(remote.value);
    }
  `);
  invalid.push({ code, errors: [unowned(code, 'foreign', 'remote.value', 'CloseHandle(remote.value)')] });
}

// Valid: duplicates into the current process (GetCurrentProcess(), -1, or a real handle to ourselves) are ours;
// closing a remote handle the documented way is not a CloseHandle of a foreign value.
valid.push(src(`
  function mine(h: HANDLE) {
    const a = out<HANDLE>();
    if (DuplicateHandle(GetCurrentProcess(), h, GetCurrentProcess(), a, 0, false, DUPLICATE_SAME_ACCESS)) CloseHandle(a.value);
    const b = out<HANDLE>();
    if (DuplicateHandle(GetCurrentProcess(), h, -1, b, 0, false, DUPLICATE_SAME_ACCESS)) CloseHandle(b.value);
    const self = out<HANDLE>();
    if (!DuplicateHandle(GetCurrentProcess(), GetCurrentProcess(), GetCurrentProcess(), self, 0, false, DUPLICATE_SAME_ACCESS)) return;
    const c = out<HANDLE>();
    if (DuplicateHandle(GetCurrentProcess(), h, self.value, c, 0, false, DUPLICATE_SAME_ACCESS)) CloseHandle(c.value);
    CloseHandle(self.value);
  }
  function closeRemote(child: HANDLE, remote: HANDLE) {
    DuplicateHandle(child, remote, null, null, 0, false, DUPLICATE_CLOSE_SOURCE);
  }
`));

{
  // Invalid: the handle was handed to an owner (constructor stores it; [Symbol.dispose] closes it).
  const code = src(`
    class Fred {
      constructor(private readonly h: HANDLE) {}
      [Symbol.dispose]() {
        CloseHandle(this.h);
      }
    }
    function f() {
      const h = ${EVENT};
      if (!h) return;
      using fred = new Fred(h);
      CloseHandle(h);
    }
  `);
  invalid.push({
    code,
    errors: [{ messageId: 'transferred', data: { handle: 'h', previousLine: lineOf(code, 'new Fred(h)') }, ...loc(code, 'CloseHandle(h)') }],
  });
}

{
  // Invalid: a declared `takes: [0]` owner (settings.handles.functions Fred) got the handle first.
  const code = src(`
    declare class Fred {
      constructor(h: HANDLE);
    }
    function f() {
      const h = ${EVENT};
      if (!h) return;
      const fred = new Fred(h);
      CloseHandle(h);
      return fred;
    }
  `);
  invalid.push({
    code,
    settings: USER_FUNCTIONS,
    errors: [{ messageId: 'transferred', data: { handle: 'h', previousLine: lineOf(code, 'new Fred(h)') }, ...loc(code, 'CloseHandle(h)') }],
  });
}

// Valid: handing a DUPLICATE to the owner and closing the original is correct (the MakeFred fix).
valid.push(src(`
  class Fred {
    constructor(private readonly h: HANDLE) {}
    [Symbol.dispose]() {
      CloseHandle(this.h);
    }
  }
  function f() {
    const h = ${EVENT};
    if (!h) return;
    const dup = out<HANDLE>();
    if (!DuplicateHandle(GetCurrentProcess(), h, GetCurrentProcess(), dup, 0, false, DUPLICATE_SAME_ACCESS)) {
      CloseHandle(h);
      return;
    }
    using fred = new Fred(dup.value);
    CloseHandle(h);
  }
`));

{
  // Invalid with reportMaybe only: the handle is a pseudo handle on one path and an owned one on the other.
  const code = src(`
    function f(pid: number) {
      const h = pid === 0 ? GetCurrentProcess() : OpenProcess(PROCESS_DUP_HANDLE, false, pid);
      if (!h) return;
      TerminateProcess(h, 1);
      CloseHandle(h);
    }
  `);
  onlyWithReportMaybe(valid, invalid, code, [unowned(code, 'pseudo', 'h', 'CloseHandle(h)')]);
}

// Valid: the same choice with the close guarded by the correlated condition.
valid.push(src(`
  function f(pid: number) {
    const h = pid === 0 ? GetCurrentProcess() : OpenProcess(PROCESS_DUP_HANDLE, false, pid);
    if (!h) return;
    TerminateProcess(h, 1);
    if (pid !== 0) CloseHandle(h);
  }
`));

// Valid: if (false) never closes the pseudo handle.
valid.push(src(`
  function f() {
    const self = GetCurrentProcess();
    if (false) CloseHandle(self);
    TerminateProcess(self, 0);
  }
`));

ruleTester.run('no-close-unowned', rule, { valid, invalid });
