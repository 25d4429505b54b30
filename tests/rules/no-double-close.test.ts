/**
 * Acceptance tests for no-double-close (issue 4). Each case starts with a comment saying why it is valid or
 * invalid. The report is at the second closing call; previousLine is the line of the first close (for
 * DUPLICATE_CLOSE_SOURCE: the DuplicateHandle call; for a deferred close: the close that runs first in time).
 * Certainty: `doubleClose` when the handle is closed on every path reaching the second close, `maybeDoubleClose`
 * (only with reportMaybe) when it is closed on some of them. The handle is named as at its acquisition.
 */
import type { InvalidTestCase, ValidTestCase } from '@typescript-eslint/rule-tester';
import rule, { type MessageIds, type Options } from '../../rules/no-double-close.js';
import { EVENT, lineOf, loc, onlyWithReportMaybe, ruleTester, src, USER_FUNCTIONS } from './helpers.js';

type Case = InvalidTestCase<MessageIds, Options>;
type Valid = ValidTestCase<Options> | string;

/** Expect a double close at the `secondOccurrence`-th `close` text, first closed at the `firstOccurrence`-th `first`. */
function twice(
  code: string,
  e: { handle: string; close: string; occurrence?: number; first: string; firstOccurrence?: number; maybe?: boolean },
) {
  return {
    messageId: e.maybe ? 'maybeDoubleClose' : 'doubleClose',
    data: { handle: e.handle, previousLine: lineOf(code, e.first, e.firstOccurrence) },
    ...loc(code, e.close, e.occurrence ?? 2),
  } as const;
}

const valid: Valid[] = [];
const invalid: Case[] = [];

{
  // Invalid: closed twice in sequence.
  const code = src(`
    function f() {
      const h = ${EVENT};
      if (!h) return;
      CloseHandle(h);
      CloseHandle(h);
    }
  `);
  invalid.push({ code, errors: [twice(code, { handle: 'h', close: 'CloseHandle(h)', first: 'CloseHandle(h)' })] });
}

{
  // Invalid: type assertions do not hide the value: `h!` and `h as number` are the same handle.
  const code = src(`
    function casts() {
      const h = ${EVENT} as HANDLE;
      if (!h) return;
      CloseHandle(h!);
      CloseHandle(h as number);
    }
  `);
  invalid.push({
    code,
    errors: [{ messageId: 'doubleClose', data: { handle: 'h', previousLine: lineOf(code, 'CloseHandle(h!)') }, ...loc(code, 'CloseHandle(h as number)') }],
  });
}

// Valid: one close per path; close, reacquire, close.
valid.push(src(`
  function f(flag: boolean) {
    let h = ${EVENT};
    if (!h) return;
    if (flag) {
      CloseHandle(h);
    } else {
      SetEvent(h);
      CloseHandle(h);
    }
    h = ${EVENT};
    if (!h) return;
    CloseHandle(h);
  }
`));

{
  // Invalid: closed through an alias, then through the original name.
  const code = src(`
    function f() {
      const a = ${EVENT};
      if (!a) return;
      const b = a;
      CloseHandle(b);
      CloseHandle(a);
    }
  `);
  invalid.push({
    code,
    errors: [{ messageId: 'doubleClose', data: { handle: 'a', previousLine: lineOf(code, 'CloseHandle(b)') }, ...loc(code, 'CloseHandle(a)') }],
  });
}

{
  // Invalid: closed by a local helper (summary: closes its parameter), then again directly.
  const code = src(`
    function release(x: HANDLE) {
      CloseHandle(x);
    }
    function f() {
      const h = ${EVENT};
      if (!h) return;
      release(h);
      CloseHandle(h);
    }
  `);
  invalid.push({
    code,
    errors: [{ messageId: 'doubleClose', data: { handle: 'h', previousLine: lineOf(code, 'release(h)') }, ...loc(code, 'CloseHandle(h)') }],
  });
}

{
  // Invalid: an owner's close() releases the handle it took; calling it twice closes the handle twice.
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
      fred.close();
    }
  `);
  invalid.push({ code, errors: [twice(code, { handle: 'h', close: 'fred.close()', first: 'fred.close()' })] });
}

{
  // Invalid: DUPLICATE_CLOSE_SOURCE already closed the source on success.
  const dup = 'DuplicateHandle(GetCurrentProcess(), h, GetCurrentProcess(), d, 0, false, DUPLICATE_CLOSE_SOURCE | DUPLICATE_SAME_ACCESS)';
  const code = src(`
    function move() {
      const h = ${EVENT};
      if (!h) return;
      const d = out<HANDLE>();
      if (!${dup}) return;
      CloseHandle(h);
      CloseHandle(d.value);
    }
  `);
  invalid.push({
    code,
    errors: [{ messageId: 'doubleClose', data: { handle: 'h', previousLine: lineOf(code, dup) }, ...loc(code, 'CloseHandle(h)') }],
  });
}

{
  // Invalid: DUPLICATE_CLOSE_SOURCE closes the source on failure too, so the cleanup on failure is a double close.
  const dup = 'DuplicateHandle(GetCurrentProcess(), h, target, d, 0, false, DUPLICATE_CLOSE_SOURCE | DUPLICATE_SAME_ACCESS)';
  const code = src(`
    function move(target: HANDLE) {
      const h = ${EVENT};
      if (!h) return;
      const d = out<HANDLE>();
      if (!${dup}) {
        CloseHandle(h);
        return;
      }
    }
  `);
  invalid.push({
    code,
    errors: [{ messageId: 'doubleClose', data: { handle: 'h', previousLine: lineOf(code, dup) }, ...loc(code, 'CloseHandle(h)') }],
  });
}

// Valid: without CLOSE_SOURCE, the source stays ours to close on both edges.
valid.push(src(`
  function copy() {
    const h = ${EVENT};
    if (!h) return;
    const d = out<HANDLE>();
    if (!DuplicateHandle(GetCurrentProcess(), h, GetCurrentProcess(), d, 0, false, DUPLICATE_SAME_ACCESS)) {
      CloseHandle(h);
      return;
    }
    CloseHandle(h);
    CloseHandle(d.value);
  }
`));

{
  // Invalid: a deferred close in a callback plus a synchronous close: the callback runs after the synchronous close.
  const code = src(`
    function later() {
      const h = ${EVENT};
      if (!h) return;
      setTimeout(() => CloseHandle(h), 100);
      CloseHandle(h);
    }
  `);
  invalid.push({
    code,
    errors: [{ messageId: 'doubleClose', data: { handle: 'h', previousLine: lineOf(code, '  CloseHandle(h);') }, ...loc(code, 'CloseHandle(h)', 1) }],
  });
}

{
  // Invalid: a close deferred to the stack's disposal at the end of the scope, plus a synchronous close.
  const code = src(`
    function deferTwice() {
      using stack = new DisposableStack();
      const h = ${EVENT};
      if (!h) return;
      stack.defer(() => CloseHandle(h));
      CloseHandle(h);
    }
  `);
  invalid.push({
    code,
    errors: [{ messageId: 'doubleClose', data: { handle: 'h', previousLine: lineOf(code, '  CloseHandle(h);') }, ...loc(code, 'CloseHandle(h)', 1) }],
  });
}

// Valid: a deferred close alone, and a synchronous callback (forEach) that only uses the handle before the close.
valid.push(src(`
  function later() {
    const h = ${EVENT};
    if (!h) return;
    setTimeout(() => CloseHandle(h), 100);
  }
  function sync(items: number[]) {
    const h = ${EVENT};
    if (!h) return;
    items.forEach(() => SetEvent(h));
    CloseHandle(h);
  }
`));

{
  // Invalid with reportMaybe only: a conditional close followed by an unconditional one.
  const code = src(`
    function cond(flag: boolean) {
      const h = ${EVENT};
      if (!h) return;
      if (flag) CloseHandle(h);
      CloseHandle(h);
    }
  `);
  onlyWithReportMaybe(valid, invalid, code, [twice(code, { handle: 'h', close: 'CloseHandle(h)', first: 'CloseHandle(h)', maybe: true })]);
}

{
  // Invalid with reportMaybe only: switch fall-through from a closing case into another closing case.
  const code = src(`
    function sw(kind: number) {
      const h = ${EVENT};
      if (!h) return;
      switch (kind) {
        case 0:
          CloseHandle(h);
        // falls through
        case 1:
          CloseHandle(h);
          break;
        default:
          CloseHandle(h);
      }
    }
  `);
  onlyWithReportMaybe(valid, invalid, code, [twice(code, { handle: 'h', close: 'CloseHandle(h)', first: 'CloseHandle(h)', maybe: true })]);
}

{
  // Invalid with reportMaybe only: a close inside a loop body runs again on the next iteration.
  const code = src(`
    function loop(n: number) {
      const h = ${EVENT};
      if (!h) return;
      for (let i = 0; i < n; i++) {
        CloseHandle(h);
      }
    }
  `);
  onlyWithReportMaybe(valid, invalid, code, [twice(code, { handle: 'h', close: 'CloseHandle(h)', occurrence: 1, first: 'CloseHandle(h)', maybe: true })]);
}

{
  // Invalid: after `if (!h) return`, `h && CloseHandle(h)` always closes: the next close is a definite double close.
  const code = src(`
    function known() {
      const h = ${EVENT};
      if (!h) return;
      h && CloseHandle(h);
      CloseHandle(h);
    }
  `);
  invalid.push({ code, errors: [twice(code, { handle: 'h', close: 'CloseHandle(h)', first: 'CloseHandle(h)' })] });
}

{
  // Invalid: if (true) always closes before the final close.
  const code = src(`
    function constant() {
      const h = ${EVENT};
      if (!h) return;
      if (true) CloseHandle(h);
      CloseHandle(h);
    }
  `);
  invalid.push({ code, errors: [twice(code, { handle: 'h', close: 'CloseHandle(h)', first: 'CloseHandle(h)' })] });
}

// Valid: constant and correlated conditions create no path with two closes.
valid.push(src(`
  const VERBOSE = false;
  function constants() {
    const h = ${EVENT};
    if (!h) return;
    CloseHandle(h);
    if (false) CloseHandle(h);
    if (VERBOSE) CloseHandle(h);
  }
  function switchFive() {
    const h = ${EVENT};
    if (!h) return;
    switch (5) {
      case 4:
        CloseHandle(h);
      // falls through
      case 5:
        CloseHandle(h);
    }
  }
  function oneTrip() {
    const h = ${EVENT};
    if (!h) return;
    do {
      CloseHandle(h);
    } while (false);
    while (true) {
      break;
    }
  }
  function correlated(f: boolean) {
    const h = ${EVENT};
    if (!h) return;
    if (f) CloseHandle(h);
    if (!f) CloseHandle(h);
  }
  function nulled() {
    let h = ${EVENT};
    if (h) CloseHandle(h);
    h = 0;
    if (h) CloseHandle(h);
  }
  function labelled() {
    const h = ${EVENT};
    if (!h) return;
    block: {
      CloseHandle(h);
      break block;
    }
  }
`));

{
  // Invalid: closed in try and again in finally on the normal path.
  const code = src(`
    function fin() {
      const h = ${EVENT};
      if (!h) return;
      try {
        CloseHandle(h);
      } finally {
        CloseHandle(h);
      }
    }
  `);
  invalid.push({ code, errors: [twice(code, { handle: 'h', close: 'CloseHandle(h)', first: 'CloseHandle(h)' })] });
}

// Valid: closed once in finally after early returns and throws in try.
valid.push(src(`
  function fin(n: number) {
    const h = ${EVENT};
    if (!h) return;
    try {
      if (n < 0) throw new Error('negative');
      if (n === 0) return;
      SetEvent(h);
    } finally {
      CloseHandle(h);
    }
  }
`));

{
  // Invalid: async: an await between two closes changes nothing.
  const code = src(`
    async function f(delay: (ms: number) => Promise<void>) {
      const h = ${EVENT};
      if (!h) return;
      CloseHandle(h);
      await delay(1);
      CloseHandle(h);
    }
  `);
  invalid.push({ code, errors: [twice(code, { handle: 'h', close: 'CloseHandle(h)', first: 'CloseHandle(h)' })] });
}

{
  // Invalid: `using` disposes the OwnedHandle at the end of the scope, after an explicit CloseHandle of its value.
  const code = src(`
    function f() {
      using e = owned(${EVENT});
      SetEvent(e.value);
      CloseHandle(e.value);
    }
  `);
  invalid.push({
    code,
    errors: [{ messageId: 'doubleClose', data: { handle: 'e', previousLine: lineOf(code, 'CloseHandle(e.value)') }, ...loc(code, `using e = owned(${EVENT});`) }],
  });
}

// Valid: OwnedHandle's close() and [Symbol.dispose]() are idempotent; closing twice through them is fine.
valid.push(src(`
  function f() {
    using e = owned(${EVENT});
    e.close();
  }
`));

// Valid: a handle that escaped is still checked only for closes this function makes: one close is fine.
valid.push(src(`
  import { register } from './elsewhere.js';
  function f() {
    const h = ${EVENT};
    if (!h) return;
    register(h);
    CloseHandle(h);
  }
`));

{
  // Invalid: escaping does not hide two local closes.
  const code = src(`
    import { register } from './elsewhere.js';
    function f() {
      const h = ${EVENT};
      if (!h) return;
      register(h);
      CloseHandle(h);
      CloseHandle(h);
    }
  `);
  invalid.push({ code, errors: [twice(code, { handle: 'h', close: 'CloseHandle(h)', first: 'CloseHandle(h)' })] });
}

{
  // Invalid: declared releaser (settings.handles.functions closeLog releases [0]) then CloseHandle.
  const code = src(`
    declare function openLog(name: string): HANDLE;
    declare function closeLog(h: HANDLE): void;
    function f() {
      const h = openLog('x');
      if (h === INVALID_HANDLE_VALUE) return;
      closeLog(h);
      CloseHandle(h);
    }
  `);
  invalid.push({
    code,
    settings: USER_FUNCTIONS,
    errors: [{ messageId: 'doubleClose', data: { handle: 'h', previousLine: lineOf(code, 'closeLog(h)') }, ...loc(code, 'CloseHandle(h)') }],
  });
}

{
  // Invalid: tests/cli/fixtures/run/makefred.ts's caller: a local helper returns its parameter inside an object
  // (summary: returns { handle: param 0 }), so both fredN.handle are the same value and the second close is a
  // double close.
  const code = src(`
    interface Fred {
      handle: HANDLE;
    }
    function makeFred(h: HANDLE): Fred {
      return { handle: h };
    }
    function caller() {
      const h = ${EVENT};
      if (!h) return;
      const fred1 = makeFred(h);
      const fred2 = makeFred(h);
      CloseHandle(fred1.handle);
      CloseHandle(fred2.handle);
    }
  `);
  invalid.push({
    code,
    errors: [
      { messageId: 'doubleClose', data: { handle: 'h', previousLine: lineOf(code, 'CloseHandle(fred1.handle)') }, ...loc(code, 'CloseHandle(fred2.handle)') },
    ],
  });
}

// Valid: MakeFred's caller side is pass-duplicate's sharedOwner, not a double close here.
valid.push(src(`
  class Fred {
    constructor(private readonly h: HANDLE) {}
    [Symbol.dispose]() {
      CloseHandle(this.h);
    }
  }
  function caller(h: HANDLE) {
    using a = new Fred(h);
    using b = new Fred(h);
  }
`));

// Valid: CloseHandle after handing the handle to an owner is no-close-unowned's 'transferred', not reported here.
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
    using fred = new Fred(h);
    CloseHandle(h);
  }
`));

ruleTester.run('no-double-close', rule, { valid, invalid });
