/**
 * Acceptance tests for pass-duplicate (issue 4): the MakeFred bug from Raymond Chen (../shared/seeds/): a
 * duplicate is made and the ORIGINAL is passed, stored or returned to an owner while the duplicate is never
 * used. One finding at the original argument, `line` = the DuplicateHandle line, with a suggestion that passes
 * the duplicate in the out-param's own form (`hDup.value`, `arr[0]`). The caller side: one handle given to two
 * owners that both close it is `sharedOwner`, reported at the second hand-over's argument.
 */
import type { InvalidTestCase, ValidTestCase } from '@typescript-eslint/rule-tester';
import rule, { type MessageIds, type Options } from '../../rules/pass-duplicate.js';
import { EVENT, USER_FUNCTIONS, lineOf, loc, locInside, replaceAt, ruleTester, src } from './helpers.js';

type Case = InvalidTestCase<MessageIds, Options>;
type Valid = ValidTestCase<Options> | string;

const FRED = `
  class Fred {
    constructor(private readonly h: HANDLE) {}
    [Symbol.dispose]() {
      CloseHandle(this.h);
    }
  }
`;

const DUP = 'DuplicateHandle(GetCurrentProcess(), h, GetCurrentProcess(), hDup, 0, false, DUPLICATE_SAME_ACCESS)';

const BUGGY = `
  ${FRED}
  function MakeFred(h: HANDLE): Fred {
    // "Duplicate the handle to bump the reference count"
    const hDup = out<HANDLE>();
    ${DUP};
    return new Fred(h);
  }
`;

/**
 * A pass-duplicate finding at the ORIGINAL handle where it is handed over (issue 4: "one finding at the
 * argument"): `site` is the text around the hand-over (`new Fred(h)`, `this.h = h`), the report is at the last
 * `handle` inside it, and the suggestion's output is `site` rewritten to `fixed`.
 */
function passDuplicate(code: string, e: { handle: string; duplicate: string; argument: string; dup: string; fixed: string }) {
  const siteIndex = code.indexOf(e.argument);
  if (siteIndex < 0) throw new Error(`test bug: ${JSON.stringify(e.argument)} not found`);
  const before = code.slice(0, siteIndex + e.argument.lastIndexOf(e.handle));
  const at = loc(code, e.handle, before.split(e.handle).length);
  return {
    messageId: 'passDuplicate',
    data: { handle: e.handle, duplicate: e.duplicate, line: lineOf(code, e.dup) },
    ...at,
    suggestions: [
      { messageId: 'passDuplicateFix', data: { handle: e.handle, duplicate: e.duplicate }, output: replaceAt(code, e.argument, e.fixed) },
    ],
  } as const;
}

const valid: Valid[] = [];
const invalid: Case[] = [];

{
  // Invalid: MakeFred as in the seed: the original goes to Fred, the duplicate leaks.
  const code = src(BUGGY);
  invalid.push({
    code,
    errors: [passDuplicate(code, { handle: 'h', duplicate: 'hDup.value', argument: 'new Fred(h)', dup: DUP, fixed: 'new Fred(hDup.value)' })],
  });
}

{
  // Invalid: koffi-style out-param: the fix passes `arr[0]`.
  const dup = 'DuplicateHandle(GetCurrentProcess(), h, GetCurrentProcess(), arr, 0, false, DUPLICATE_SAME_ACCESS)';
  const code = src(`
    ${FRED}
    function MakeFred(h: HANDLE): Fred {
      const arr: HANDLE[] = [0];
      if (!${dup}) throw new Error('DuplicateHandle failed');
      return new Fred(h);
    }
  `);
  invalid.push({
    code,
    errors: [passDuplicate(code, { handle: 'h', duplicate: 'arr[0]', argument: 'new Fred(h)', dup, fixed: 'new Fred(arr[0])' })],
  });
}

{
  // Invalid: the original stored into an owning field after duplicating it.
  const dup = 'DuplicateHandle(GetCurrentProcess(), h, GetCurrentProcess(), copy, 0, false, DUPLICATE_SAME_ACCESS)';
  const code = src(`
    class Channel {
      private readonly h: HANDLE;
      constructor(h: HANDLE) {
        const copy = out<HANDLE>();
        ${dup};
        this.h = h;
      }
      close() {
        CloseHandle(this.h);
      }
    }
  `);
  invalid.push({
    code,
    errors: [passDuplicate(code, { handle: 'h', duplicate: 'copy.value', argument: 'this.h = h', dup, fixed: 'this.h = copy.value' })],
  });
}

{
  // Invalid: the original returned while the duplicate is never used (the function meant to return the copy).
  const dup = 'DuplicateHandle(GetCurrentProcess(), h, GetCurrentProcess(), dup, 0, false, DUPLICATE_SAME_ACCESS)';
  const code = src(`
    function dupIt(h: HANDLE): HANDLE {
      const dup = out<HANDLE>();
      ${dup};
      return h;
    }
  `);
  const at = locInside(code, 'return h;', 'h;');
  invalid.push({
    code,
    errors: [
      {
        messageId: 'passDuplicate',
        data: { handle: 'h', duplicate: 'dup.value', line: lineOf(code, dup) },
        line: at.line,
        column: at.column,
        endLine: at.line,
        endColumn: at.column + 1,
        suggestions: [
          { messageId: 'passDuplicateFix', data: { handle: 'h', duplicate: 'dup.value' }, output: replaceAt(code, 'return h;', 'return dup.value;') },
        ],
      },
    ],
  });
}

{
  // Invalid: tests/cli/fixtures/run/makefred.ts's shape: the original returned inside a plain object that the
  // caller treats as the owner (`{ handle: h }`); the fix hands over the duplicate in its out-param form.
  const dup = 'DuplicateHandle(GetCurrentProcess(), h, GetCurrentProcess(), dup, 0, false, DUPLICATE_SAME_ACCESS)';
  const code = src(`
    interface Fred {
      handle: HANDLE;
    }
    function makeFred(h: HANDLE): Fred {
      const dup = out<HANDLE>();
      ${dup};
      return { handle: h };
    }
  `);
  const at = locInside(code, '{ handle: h }', 'h }');
  invalid.push({
    code,
    errors: [
      {
        messageId: 'passDuplicate',
        data: { handle: 'h', duplicate: 'dup.value', line: lineOf(code, dup) },
        line: at.line,
        column: at.column,
        endLine: at.line,
        endColumn: at.column + 1,
        suggestions: [
          {
            messageId: 'passDuplicateFix',
            data: { handle: 'h', duplicate: 'dup.value' },
            output: replaceAt(code, '{ handle: h }', '{ handle: dup.value }'),
          },
        ],
      },
    ],
  });
}

{
  // Invalid: tests/runtime/seeds.test.ts's CFred: a class whose release method is `delete()` (the C++ `delete
  // pfred` of the seed) is an owner too: any method that closes the stored handle makes the class its owner.
  // Also `out()` without a type argument.
  const dup = 'DuplicateHandle(GetCurrentProcess(), h, GetCurrentProcess(), hDup, 0, false, DUPLICATE_SAME_ACCESS)';
  const code = src(`
    class CFred {
      constructor(readonly h: number) {}
      delete(): boolean {
        return CloseHandle(this.h);
      }
    }
    function makeFred(h: number): CFred {
      const hDup = out();
      ${dup};
      return new CFred(h);
    }
  `);
  invalid.push({
    code,
    errors: [passDuplicate(code, { handle: 'h', duplicate: 'hDup.value', argument: 'new CFred(h)', dup, fixed: 'new CFred(hDup.value)' })],
  });
}

// Valid: MakeFred fixed: the duplicate goes to Fred.
valid.push(src(`
  ${FRED}
  function MakeFred(h: HANDLE): Fred {
    const hDup = out<HANDLE>();
    ${DUP};
    return new Fred(hDup.value);
  }
`));

// Valid: the duplicate is used (closed after a wait) and the original goes on: no MakeFred.
valid.push(src(`
  ${FRED}
  function f(h: HANDLE): Fred {
    const hDup = out<HANDLE>();
    if (${DUP}) {
      WaitForSingleObject(hDup.value, 0);
      CloseHandle(hDup.value);
    }
    return new Fred(h);
  }
`));

// Valid: a duplicate made for another process is its business; handing the original to a local owner is fine.
valid.push(src(`
  ${FRED}
  function share(child: HANDLE, h: HANDLE): Fred {
    const remote = out<HANDLE>();
    DuplicateHandle(GetCurrentProcess(), h, child, remote, 0, false, DUPLICATE_SAME_ACCESS);
    return new Fred(h);
  }
`));

{
  // Invalid: the caller side of buggy MakeFred: the same handle to two owners that both close it.
  // (MakeFred itself is reported too: both are bugs.)
  const code = src(`
    ${BUGGY}
    function caller(h: HANDLE) {
      using fred1 = MakeFred(h);
      using fred2 = MakeFred(h);
    }
  `);
  invalid.push({
    code,
    errors: [
      passDuplicate(code, { handle: 'h', duplicate: 'hDup.value', argument: 'new Fred(h)', dup: DUP, fixed: 'new Fred(hDup.value)' }),
      { messageId: 'sharedOwner', data: { handle: 'h', previousLine: lineOf(code, 'MakeFred(h)'), line: lineOf(code, 'MakeFred(h)', 2) }, ...argumentOf(code, 'MakeFred(h)', 2) },
    ],
  });
}

// Valid: the caller side of the fixed MakeFred: each owner gets its own duplicate.
valid.push(src(`
  ${FRED}
  function MakeFred(h: HANDLE): Fred {
    const hDup = out<HANDLE>();
    ${DUP};
    return new Fred(hDup.value);
  }
  function caller(h: HANDLE) {
    using fred1 = MakeFred(h);
    using fred2 = MakeFred(h);
  }
`));

{
  // Invalid: two owners constructed directly with one handle, both disposed.
  const code = src(`
    ${FRED}
    function f() {
      const h = ${EVENT};
      if (!h) return;
      using a = new Fred(h);
      using b = new Fred(h);
    }
  `);
  invalid.push({
    code,
    errors: [
      { messageId: 'sharedOwner', data: { handle: 'h', previousLine: lineOf(code, 'new Fred(h)'), line: lineOf(code, 'new Fred(h)', 2) }, ...argumentOf(code, 'new Fred(h)', 2) },
    ],
  });
}

{
  // Invalid: declared owners (settings.handles.functions Fred takes [0]).
  const code = src(`
    declare class Fred {
      constructor(h: HANDLE);
      close(): void;
    }
    function f() {
      const h = ${EVENT};
      if (!h) return;
      const a = new Fred(h);
      const b = new Fred(h);
      return [a, b];
    }
  `);
  invalid.push({
    code,
    settings: USER_FUNCTIONS,
    errors: [
      { messageId: 'sharedOwner', data: { handle: 'h', previousLine: lineOf(code, 'new Fred(h)'), line: lineOf(code, 'new Fred(h)', 2) }, ...argumentOf(code, 'new Fred(h)', 2) },
    ],
  });
}

// Valid: one owner per handle; two owners on exclusive branches.
valid.push(src(`
  ${FRED}
  function f(flag: boolean) {
    const h = ${EVENT};
    if (!h) return;
    if (flag) {
      using a = new Fred(h);
    } else {
      using b = new Fred(h);
    }
  }
`));

ruleTester.run('pass-duplicate', rule, { valid, invalid });

/** The location of the argument `h` in the `n`-th occurrence of `call` (a call written `name(h)`). */
function argumentOf(code: string, call: string, n: number) {
  const at = locInside(code, call, '(h)', n);
  return { line: at.line, column: at.column + 1, endLine: at.line, endColumn: at.column + 2 };
}
