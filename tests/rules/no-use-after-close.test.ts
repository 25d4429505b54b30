/**
 * Acceptance tests for no-use-after-close (issue 4). Each case starts with a comment saying why it is valid or
 * invalid. The report is at the using call (the Win32 call, the local helper or declared `borrows` wrapper the
 * closed handle is passed to); previousLine is the line of the close (for a `using` variable: its declaration,
 * which is where its disposal is written). Certainty: `useAfterClose` when closed on every path reaching the
 * use, `maybeUseAfterClose` (only with reportMaybe) when closed on some of them. A closed handle given to a
 * function the engine knows nothing about is not a Win32 use and is not reported.
 */
import type { InvalidTestCase, ValidTestCase } from '@typescript-eslint/rule-tester';
import rule, { type MessageIds, type Options } from '../../rules/no-use-after-close.js';
import { EVENT, lineOf, loc, onlyWithReportMaybe, ruleTester, src, USER_FUNCTIONS } from './helpers.js';

type Case = InvalidTestCase<MessageIds, Options>;
type Valid = ValidTestCase<Options> | string;

function used(code: string, e: { handle: string; use: string; occurrence?: number; close: string; closeOccurrence?: number; maybe?: boolean }) {
  return {
    messageId: e.maybe ? 'maybeUseAfterClose' : 'useAfterClose',
    data: { handle: e.handle, previousLine: lineOf(code, e.close, e.closeOccurrence) },
    ...loc(code, e.use, e.occurrence),
  } as const;
}

const valid: Valid[] = [];
const invalid: Case[] = [];

{
  // Invalid: SetEvent on a closed handle.
  const code = src(`
    function f() {
      const h = ${EVENT};
      if (!h) return;
      CloseHandle(h);
      SetEvent(h);
    }
  `);
  invalid.push({ code, errors: [used(code, { handle: 'h', use: 'SetEvent(h)', close: 'CloseHandle(h)' })] });
}

// Valid: uses before the close, in finally before the close, and after a re-acquisition.
valid.push(src(`
  function f() {
    let h = ${EVENT};
    if (!h) return;
    try {
      SetEvent(h);
    } finally {
      WaitForSingleObject(h, 0);
      CloseHandle(h);
    }
    h = ${EVENT};
    if (!h) return;
    SetEvent(h);
    CloseHandle(h);
  }
`));

{
  // Invalid: used through an alias after the close; named as at the acquisition.
  const code = src(`
    function f() {
      const a = ${EVENT};
      if (!a) return;
      const { b } = { b: a };
      CloseHandle(a);
      WaitForSingleObject(b, INFINITE);
    }
  `);
  invalid.push({ code, errors: [used(code, { handle: 'a', use: 'WaitForSingleObject(b, INFINITE)', close: 'CloseHandle(a)' })] });
}

{
  // Invalid with reportMaybe only: closed in one branch, used after the join.
  const code = src(`
    function f(flag: boolean) {
      const h = ${EVENT};
      if (!h) return;
      if (flag) CloseHandle(h);
      SetEvent(h);
      if (!flag) CloseHandle(h);
    }
  `);
  invalid.push({
    code,
    options: [{ reportMaybe: true }],
    errors: [used(code, { handle: 'h', use: 'SetEvent(h)', close: 'CloseHandle(h)', maybe: true })],
  });
}

// Valid: the same shape under the default options (maybe findings are strict-only).
valid.push(src(`
  function f(flag: boolean) {
    const h = ${EVENT};
    if (!h) return;
    if (flag) CloseHandle(h);
    SetEvent(h);
    if (!flag) CloseHandle(h);
  }
`));

// Valid: correlated conditions: use and close are guarded by opposite tests of the same const.
valid.push(src(`
  function f(flag: boolean) {
    const h = ${EVENT};
    if (!h) return;
    const done = flag;
    if (done) CloseHandle(h);
    if (!done) {
      SetEvent(h);
      CloseHandle(h);
    }
  }
`));

{
  // Invalid: a local helper that uses its parameter (summary: borrows) is a use.
  const code = src(`
    function signal(x: HANDLE) {
      SetEvent(x);
    }
    function f() {
      const h = ${EVENT};
      if (!h) return;
      CloseHandle(h);
      signal(h);
    }
  `);
  invalid.push({ code, errors: [used(code, { handle: 'h', use: 'signal(h)', close: 'CloseHandle(h)' })] });
}

// Valid: a closed value given to a function the engine knows nothing about (logging) is not a Win32 use.
valid.push(src(`
  function f() {
    const h = ${EVENT};
    if (!h) return;
    CloseHandle(h);
    console.log('closed', h);
  }
`));

{
  // Invalid: DUPLICATE_CLOSE_SOURCE closed the source; the duplicate is the one to use.
  const dup = 'DuplicateHandle(GetCurrentProcess(), h, GetCurrentProcess(), d, 0, false, DUPLICATE_CLOSE_SOURCE | DUPLICATE_SAME_ACCESS)';
  const code = src(`
    function move() {
      const h = ${EVENT};
      if (!h) return;
      const d = out<HANDLE>();
      if (!${dup}) return;
      SetEvent(h);
      CloseHandle(d.value);
    }
  `);
  invalid.push({ code, errors: [used(code, { handle: 'h', use: 'SetEvent(h)', close: dup })] });
}

// Valid: using the duplicate after CLOSE_SOURCE.
valid.push(src(`
  function move() {
    const h = ${EVENT};
    if (!h) return;
    const d = out<HANDLE>();
    if (!DuplicateHandle(GetCurrentProcess(), h, GetCurrentProcess(), d, 0, false, DUPLICATE_CLOSE_SOURCE | DUPLICATE_SAME_ACCESS)) return;
    SetEvent(d.value);
    CloseHandle(d.value);
  }
`));

{
  // Invalid: a `using` variable returned by a local function is handed over already disposed.
  const code = src(`
    function makeEvent() {
      using e = owned(${EVENT});
      return e;
    }
    function main() {
      const e = makeEvent();
      SetEvent(e.value);
    }
  `);
  invalid.push({ code, errors: [used(code, { handle: 'e', use: 'SetEvent(e.value)', close: 'using e = owned(' })] });
}

{
  // Invalid: a `using` variable captured by an escaping closure is disposed before the closure runs.
  const code = src(`
    function arm() {
      using e = owned(CreateEventW(null, false, false, null));
      setTimeout(() => SetEvent(e.value), 100);
    }
  `);
  invalid.push({ code, errors: [used(code, { handle: 'e', use: 'SetEvent(e.value)', close: 'using e = owned(' })] });
}

// Valid: a `using` variable used inside its scope, and a non-`using` OwnedHandle returned to the caller.
valid.push(src(`
  function inScope() {
    using e = owned(${EVENT});
    SetEvent(e.value);
    [1, 2].forEach(() => SetEvent(e.value));
  }
  function makeEvent() {
    const e = owned(${EVENT});
    return e;
  }
  function main() {
    using e = makeEvent();
    SetEvent(e.value);
  }
`));

{
  // Invalid: a callback deferred with setTimeout runs after the synchronous close.
  const code = src(`
    function later() {
      const h = ${EVENT};
      if (!h) return;
      setTimeout(() => SetEvent(h), 10);
      CloseHandle(h);
    }
  `);
  invalid.push({ code, errors: [used(code, { handle: 'h', use: 'SetEvent(h)', close: 'CloseHandle(h)' })] });
}

{
  // Invalid: declared wrappers: logLine borrows [0], closeLog releases [0] (settings.handles.functions).
  const code = src(`
    declare function openLog(name: string): HANDLE;
    declare function closeLog(h: HANDLE): void;
    declare function logLine(h: HANDLE, text: string): void;
    function f() {
      const h = openLog('x');
      if (h === INVALID_HANDLE_VALUE) return;
      closeLog(h);
      logLine(h, 'late');
    }
  `);
  invalid.push({ code, settings: USER_FUNCTIONS, errors: [used(code, { handle: 'h', use: "logLine(h, 'late')", close: 'closeLog(h)' })] });
}

{
  // Invalid: a loop that closes at the end of its body uses the closed handle on the next iteration (maybe).
  const code = src(`
    function loop(n: number) {
      const h = ${EVENT};
      if (!h) return;
      for (let i = 0; i < n; i++) {
        SetEvent(h);
        CloseHandle(h);
      }
    }
  `);
  onlyWithReportMaybe(valid, invalid, code, [used(code, { handle: 'h', use: 'SetEvent(h)', close: 'CloseHandle(h)', maybe: true })]);
}

// Valid: a one-trip loop and constant conditions do not create a use after close.
valid.push(src(`
  function f() {
    const h = ${EVENT};
    if (!h) return;
    do {
      SetEvent(h);
      CloseHandle(h);
    } while (false);
    if (false) SetEvent(h);
  }
`));

{
  // Invalid: if (true) closes before the use.
  const code = src(`
    function f() {
      const h = ${EVENT};
      if (!h) return;
      if (true) CloseHandle(h);
      ResetEvent(h);
    }
  `);
  invalid.push({ code, errors: [used(code, { handle: 'h', use: 'ResetEvent(h)', close: 'CloseHandle(h)' })] });
}

{
  // Invalid: async: closed before the await, used after it.
  const code = src(`
    async function f(delay: (ms: number) => Promise<void>) {
      const h = ${EVENT};
      if (!h) return;
      CloseHandle(h);
      await delay(1);
      WaitForSingleObject(h, 0);
    }
  `);
  invalid.push({ code, errors: [used(code, { handle: 'h', use: 'WaitForSingleObject(h, 0)', close: 'CloseHandle(h)' })] });
}

{
  // Invalid: the owner closed it (close() releases the field it took in the constructor), then the caller uses it.
  const code = src(`
    class Fred {
      constructor(private readonly h: HANDLE) {}
      close() {
        CloseHandle(this.h);
      }
    }
    function f() {
      const h = ${EVENT};
      if (!h) return;
      const fred = new Fred(h);
      fred.close();
      SetEvent(h);
    }
  `);
  invalid.push({ code, errors: [used(code, { handle: 'h', use: 'SetEvent(h)', close: 'fred.close()' })] });
}

{
  // Invalid: member calls (`k32.SetEvent`) are Win32 uses too.
  const code = `import * as k32 from './kernel32.js';
export function f() {
  const h = k32.CreateEventW(null, true, false, null);
  if (!h) return;
  k32.CloseHandle(h);
  k32.SetEvent(h);
}
`;
  invalid.push({ code, errors: [used(code, { handle: 'h', use: 'k32.SetEvent(h)', close: 'k32.CloseHandle(h)' })] });
}

{
  // Invalid: stack.dispose() disposed the OwnedHandle the stack took with use(); its value is closed.
  const code = src(`
    function f() {
      const stack = new DisposableStack();
      const e = stack.use(owned(${EVENT}));
      stack.dispose();
      SetEvent(e.value);
    }
  `);
  invalid.push({ code, errors: [used(code, { handle: 'e', use: 'SetEvent(e.value)', close: 'stack.dispose()' })] });
}

ruleTester.run('no-use-after-close', rule, { valid, invalid });
