/**
 * RuleTester cases for duplicate-options (issue 5).
 * DuplicateHandle(hSourceProcess, hSource, hTargetProcess, lpTargetHandle, dwDesiredAccess, bInheritHandle, dwOptions)
 * arguments whose values are known constants (literals, runtime constants, local consts) and cannot work
 * (../shared/docs/runtime-spec.md §3, §3.10). Each report is at the offending ARGUMENT. Arguments the analysis cannot
 * evaluate are never reported. Desktop rules:
 * - accessIgnored: a non-zero access mask together with DUPLICATE_SAME_ACCESS (fix removeAccess: the mask → `0`);
 * - noAccess: access 0 without DUPLICATE_SAME_ACCESS when a duplicate is made (a non-NULL target process)
 *   (fix addSameAccess: options `0` → `DUPLICATE_SAME_ACCESS` (runtime, imported if missing) or `2`; `X` → `X | DUPLICATE_SAME_ACCESS`;
 *   a number literal gets bit 2 set: `1` → `3`);
 * - unknownOptions: bits outside CLOSE_SOURCE|SAME_ACCESS|SAME_ATTRIBUTES (0x7); `bits` in lower-case hex (`0x8`);
 * - nullTargetProcess: hTargetProcess NULL/0/null without DUPLICATE_CLOSE_SOURCE (always ERROR_INVALID_PARAMETER);
 * - threadAsProcess: the current-thread pseudo handle (GetCurrentThread(), -2, a variable holding it) as either
 *   process argument;
 * - unsupportedPseudoSource: a negative constant other than -1/-2 as hSource (-4..-6 are the token pseudo handles).
 * With settings.handles.platform 'ce': ceInherit (bInheritHandle not false/0/FALSE) and ceSameAccess (options without
 * DUPLICATE_SAME_ACCESS; replaces noAccess there, since CE ignores the access mask; same addSameAccess fix).
 */
import type { InvalidTestCase, ValidTestCase } from '@typescript-eslint/rule-tester';
import rule, { type MessageIds, type Options } from '../../rules/duplicate-options.js';
import { KOFFI_POINTERS, addRuntimeImport, ffi, replaceAt, rsrc, ruleTester } from './api-helpers.js';

type Case = InvalidTestCase<MessageIds, Options>;
type Valid = ValidTestCase<Options> | string;

const CE = { handles: { platform: 'ce' } } as const;

/** A function duplicating `h` with the given argument texts (index 0..6), each call on its own line. */
function dup(...args: string[][]): string {
  const calls = args.map((a) => `  DuplicateHandle(${a.join(', ')});`).join('\n');
  return rsrc(`export function f(h: HANDLE, child: HANDLE, copy: { value: HANDLE }): void {\n${calls}\n}\n`);
}

const SAME = ['GetCurrentProcess()', 'h', 'GetCurrentProcess()', 'copy'];

/** The location of argument `index` of the (first) call with exactly these arguments. */
function argument(code: string, call: string[], index: number) {
  const text = `DuplicateHandle(${call.join(', ')})`;
  const callStart = code.indexOf(text);
  if (callStart < 0) throw new Error(`test bug: ${text} not found`);
  const start = callStart + `DuplicateHandle(${call.slice(0, index).map((a) => `${a}, `).join('')}`.length;
  const before = code.slice(0, start);
  const line = before.split('\n').length;
  const column = start - before.lastIndexOf('\n');
  return { line, column, endLine: line, endColumn: column + call[index]!.length };
}

/** The code with argument `index` of `call` replaced. */
function withArgument(code: string, call: string[], index: number, replacement: string): string {
  const changed = [...call];
  changed[index] = replacement;
  return replaceAt(code, `DuplicateHandle(${call.join(', ')})`, `DuplicateHandle(${changed.join(', ')})`);
}

const valid: Valid[] = [];
const invalid: Case[] = [];

// ------------------------------------------------------------------ access and options

{
  // Invalid: access bits with DUPLICATE_SAME_ACCESS are ignored (the author believes they get exactly those rights).
  const a = [...SAME, 'EVENT_MODIFY_STATE', 'false', 'DUPLICATE_SAME_ACCESS'];
  const b = [...SAME, 'SYNCHRONIZE | EVENT_MODIFY_STATE', 'false', 'DUPLICATE_SAME_ACCESS | DUPLICATE_CLOSE_SOURCE'];
  const code = dup(a, b);
  invalid.push({
    code,
    errors: [
      {
        messageId: 'accessIgnored', data: { access: 'EVENT_MODIFY_STATE' }, ...argument(code, a, 4),
        suggestions: [{ messageId: 'removeAccess', output: withArgument(code, a, 4, '0') }],
      },
      {
        messageId: 'accessIgnored', data: { access: 'SYNCHRONIZE | EVENT_MODIFY_STATE' }, ...argument(code, b, 4),
        suggestions: [{ messageId: 'removeAccess', output: withArgument(code, b, 4, '0') }],
      },
    ],
  });
}

{
  // Invalid: access 0 without DUPLICATE_SAME_ACCESS: the duplicate has no rights at all.
  const a = [...SAME, '0', 'false', '0'];
  const b = [...SAME, '0', 'false', 'DUPLICATE_CLOSE_SOURCE'];
  const code = dup(a, b);
  invalid.push({
    code,
    errors: [
      {
        messageId: 'noAccess', ...argument(code, a, 4),
        suggestions: [{ messageId: 'addSameAccess', output: addRuntimeImport(withArgument(code, a, 6, 'DUPLICATE_SAME_ACCESS'), 'DUPLICATE_SAME_ACCESS') }],
      },
      {
        messageId: 'noAccess', ...argument(code, b, 4),
        suggestions: [
          { messageId: 'addSameAccess', output: addRuntimeImport(withArgument(code, b, 6, 'DUPLICATE_CLOSE_SOURCE | DUPLICATE_SAME_ACCESS'), 'DUPLICATE_SAME_ACCESS') },
        ],
      },
    ],
  });
}

{
  // Invalid: option bits DuplicateHandle does not define (8 and 0x10).
  const a = [...SAME, '0', 'false', 'DUPLICATE_SAME_ACCESS | 0x10'];
  const b = [...SAME, 'SYNCHRONIZE', 'false', '8'];
  const code = dup(a, b);
  invalid.push({
    code,
    errors: [
      { messageId: 'unknownOptions', data: { options: 'DUPLICATE_SAME_ACCESS | 0x10', bits: '0x10' }, ...argument(code, a, 6) },
      { messageId: 'unknownOptions', data: { options: '8', bits: '0x8' }, ...argument(code, b, 6) },
    ],
  });
}

// ------------------------------------------------------------------ process arguments and sources

{
  // Invalid: a NULL target process without DUPLICATE_CLOSE_SOURCE always fails (null, 0 and NULL spellings).
  const a = ['GetCurrentProcess()', 'h', 'null', 'copy', '0', 'false', 'DUPLICATE_SAME_ACCESS'];
  const b = ['GetCurrentProcess()', 'h', 'NULL', 'null', '0', 'false', '0'];
  const code = dup(a, b);
  invalid.push({
    code,
    errors: [
      { messageId: 'nullTargetProcess', ...argument(code, a, 2) },
      { messageId: 'nullTargetProcess', ...argument(code, b, 2) },
    ],
  });
}

{
  // Invalid: the current-thread pseudo handle where a process handle is expected (source and target, direct,
  // literal -2, through a variable).
  const a = ['GetCurrentThread()', 'h', 'GetCurrentProcess()', 'copy', '0', 'false', 'DUPLICATE_SAME_ACCESS'];
  const b = ['GetCurrentProcess()', 'h', '-2', 'copy', '0', 'false', 'DUPLICATE_SAME_ACCESS'];
  const c = ['me', 'h', 'GetCurrentProcess()', 'copy', '0', 'false', 'DUPLICATE_SAME_ACCESS'];
  const code = rsrc(`
    export function f(h: HANDLE, copy: { value: HANDLE }): void {
      DuplicateHandle(${a.join(', ')});
      DuplicateHandle(${b.join(', ')});
      const me = GetCurrentThread();
      DuplicateHandle(${c.join(', ')});
    }
  `);
  invalid.push({
    code,
    errors: [
      { messageId: 'threadAsProcess', data: { argument: 'GetCurrentThread()' }, ...argument(code, a, 0) },
      { messageId: 'threadAsProcess', data: { argument: '-2' }, ...argument(code, b, 2) },
      { messageId: 'threadAsProcess', data: { argument: 'me' }, ...argument(code, c, 0) },
    ],
  });
}

{
  // Invalid: the token pseudo handles (GetCurrentProcessToken = -4, GetCurrentThreadToken = -5,
  // GetCurrentThreadEffectiveToken = -6) cannot be duplicated: ERROR_INVALID_HANDLE.
  const a = ['GetCurrentProcess()', '-4', 'GetCurrentProcess()', 'copy', '0', 'false', 'DUPLICATE_SAME_ACCESS'];
  const b = ['GetCurrentProcess()', 'TOKEN', 'GetCurrentProcess()', 'copy', '0', 'false', 'DUPLICATE_SAME_ACCESS'];
  const code = rsrc(`
    const TOKEN = -6;
    export function f(copy: { value: HANDLE }): void {
      DuplicateHandle(${a.join(', ')});
      DuplicateHandle(${b.join(', ')});
    }
  `);
  invalid.push({
    code,
    errors: [
      { messageId: 'unsupportedPseudoSource', data: { source: '-4' }, ...argument(code, a, 1) },
      { messageId: 'unsupportedPseudoSource', data: { source: 'TOKEN' }, ...argument(code, b, 1) },
    ],
  });
}

{
  // Invalid: the same checks on a koffi binding with plain numbers (fix texts stay numeric: `1` → `3`).
  const a = ['GetCurrentProcess()', 'h', 'GetCurrentProcess()', 'copy', '0x1F0003', 'false', '2'];
  const b = ['GetCurrentProcess()', 'h', 'GetCurrentProcess()', 'copy', '0', 'false', '1'];
  const code = ffi(`${KOFFI_POINTERS}
    const DuplicateHandle = kernel32.func('bool __stdcall DuplicateHandle(HANDLE sp, HANDLE s, HANDLE tp, _Out_ HANDLE *t, uint32_t access, bool inherit, uint32_t options)');
  `, `
    export function f(h: unknown, copy: unknown[]): void {
      DuplicateHandle(${a.join(', ')});
      DuplicateHandle(${b.join(', ')});
    }
  `);
  invalid.push({
    code,
    errors: [
      {
        messageId: 'accessIgnored', data: { access: '0x1F0003' }, ...argument(code, a, 4),
        suggestions: [{ messageId: 'removeAccess', output: withArgument(code, a, 4, '0') }],
      },
      { messageId: 'noAccess', ...argument(code, b, 4), suggestions: [{ messageId: 'addSameAccess', output: withArgument(code, b, 6, '3') }] },
    ],
  });
}

{
  // Invalid: reserved access bits (0x0CE00000: bits 21-23, 26-27) without DUPLICATE_SAME_ACCESS: the call fails with
  // ERROR_ACCESS_DENIED before anything happens (runtime-spec §3.1 step 4). With SAME_ACCESS the mask is ignored
  // (that is accessIgnored), and with a NULL target (closing a remote handle) it is never looked at.
  const a = [...SAME, '0x00200000', 'false', '0'];
  const b = [...SAME, 'SYNCHRONIZE | 0x04000000', 'false', 'DUPLICATE_CLOSE_SOURCE'];
  const code = dup(a, b);
  invalid.push({
    code,
    errors: [
      { messageId: 'reservedAccess', data: { access: '0x00200000', bits: '0x200000' }, ...argument(code, a, 4) },
      { messageId: 'reservedAccess', data: { access: 'SYNCHRONIZE | 0x04000000', bits: '0x4000000' }, ...argument(code, b, 4) },
    ],
  });
  valid.push(dup(['child', 'h', 'null', 'null', '0x00200000', 'false', 'DUPLICATE_CLOSE_SOURCE']));
}

{
  // Invalid: a real handle of another kind as a process argument (CreateThread's thread, an event): the object
  // manager's type check fails it with ERROR_INVALID_HANDLE. Unknown kinds (parameters) are not judged.
  const code = rsrc(`
    export function f(h: HANDLE, copy: { value: HANDLE }): void {
      const worker = CreateThread(null, 0, null, null, 0, null);
      if (!worker) return;
      DuplicateHandle(worker, h, GetCurrentProcess(), copy, 0, false, DUPLICATE_SAME_ACCESS);
      CloseHandle(worker);
      const ready = CreateEventW(null, true, false, null);
      if (!ready) return;
      DuplicateHandle(GetCurrentProcess(), h, ready, copy, 0, false, DUPLICATE_SAME_ACCESS);
      CloseHandle(ready);
    }
  `);
  const at = (text: string) => {
    const start = code.indexOf(text);
    const before = code.slice(0, start);
    const line = before.split('\n').length;
    const column = start - before.lastIndexOf('\n');
    return { line, column, endLine: line, endColumn: column + text.length };
  };
  const lineOfText = (text: string) => code.slice(0, code.indexOf(text)).split('\n').length;
  invalid.push({
    code,
    errors: [
      {
        messageId: 'notAProcess', data: { argument: 'worker', kind: 'Thread', api: 'CreateThread', line: lineOfText('CreateThread(') },
        ...at('worker, h,'), endColumn: at('worker, h,').column + 'worker'.length,
      },
      {
        messageId: 'notAProcess', data: { argument: 'ready', kind: 'Event', api: 'CreateEventW', line: lineOfText('CreateEventW(') },
        ...at('ready, copy'), endColumn: at('ready, copy').column + 'ready'.length,
      },
    ],
  });
}

{
  // Valid: a real process handle (OpenProcess) as the target, a process handle parameter, and the pseudo handle.
  valid.push(rsrc(`
    export function f(h: HANDLE, pid: number, copy: { value: HANDLE }, other: HANDLE): void {
      const child = OpenProcess(PROCESS_DUP_HANDLE, false, pid);
      if (!child) return;
      DuplicateHandle(GetCurrentProcess(), h, child, copy, 0, false, DUPLICATE_SAME_ACCESS);
      DuplicateHandle(other, h, GetCurrentProcess(), copy, 0, false, DUPLICATE_SAME_ACCESS);
      CloseHandle(child);
    }
  `));
}

// ------------------------------------------------------------------ Windows CE (settings.handles.platform: 'ce')

{
  // Invalid on CE only: bInheritHandle must be FALSE and DUPLICATE_SAME_ACCESS must be given (CE ignores the mask,
  // so access 0 is not noAccess there). On the desktop the same calls are fine.
  const a = [...SAME, '0', 'true', 'DUPLICATE_SAME_ACCESS'];
  const b = [...SAME, 'EVENT_MODIFY_STATE', 'false', '0'];
  const c = [...SAME, '0', 'false', 'DUPLICATE_CLOSE_SOURCE'];
  const code = dup(a, b, c);
  invalid.push({
    code,
    settings: CE,
    errors: [
      { messageId: 'ceInherit', ...argument(code, a, 5) },
      {
        messageId: 'ceSameAccess', ...argument(code, b, 6),
        suggestions: [{ messageId: 'addSameAccess', output: addRuntimeImport(withArgument(code, b, 6, 'DUPLICATE_SAME_ACCESS'), 'DUPLICATE_SAME_ACCESS') }],
      },
      {
        messageId: 'ceSameAccess', ...argument(code, c, 6),
        suggestions: [
          { messageId: 'addSameAccess', output: addRuntimeImport(withArgument(code, c, 6, 'DUPLICATE_CLOSE_SOURCE | DUPLICATE_SAME_ACCESS'), 'DUPLICATE_SAME_ACCESS') },
        ],
      },
    ],
  });
  // Invalid on CE only: lpTargetHandle cannot be NULL there (runtime-spec §3.10); on the desktop a NULL out pointer
  // with a real target is allowed and loses the duplicate (no-leak reports that).
  {
    const n = ['GetCurrentProcess()', 'h', 'GetCurrentProcess()', 'null', '0', 'false', 'DUPLICATE_SAME_ACCESS'];
    const ceCode = dup(n);
    invalid.push({ code: ceCode, settings: CE, errors: [{ messageId: 'ceNullTargetHandle', ...argument(ceCode, n, 3) }] });
  }
  // Valid on the desktop: inheritable duplicates and explicit access masks are normal there (c is noAccess, so
  // only a and b are repeated here).
  valid.push(dup(a, b));
}

// ------------------------------------------------------------------ valid

// Valid: the documented shapes: same-access copy, explicit access without SAME_ACCESS, closing a remote handle
// (NULL target + CLOSE_SOURCE, access irrelevant), a move (SAME_ACCESS | CLOSE_SOURCE), SAME_ATTRIBUTES, -1 and
// -2 as the SOURCE handle, a real process handle as target.
valid.push(dup(
  [...SAME, '0', 'false', 'DUPLICATE_SAME_ACCESS'],
  [...SAME, 'SYNCHRONIZE', 'true', '0'],
  ['child', 'h', 'null', 'null', '0', 'false', 'DUPLICATE_CLOSE_SOURCE'],
  [...SAME, '0', 'false', 'DUPLICATE_SAME_ACCESS | DUPLICATE_CLOSE_SOURCE'],
  [...SAME, '0', 'false', 'DUPLICATE_SAME_ACCESS | DUPLICATE_SAME_ATTRIBUTES'],
  ['GetCurrentProcess()', 'GetCurrentProcess()', 'GetCurrentProcess()', 'copy', '0', 'false', 'DUPLICATE_SAME_ACCESS'],
  ['GetCurrentProcess()', 'GetCurrentThread()', 'child', 'copy', '0', 'false', 'DUPLICATE_SAME_ACCESS'],
  ['GetCurrentProcess()', '-1', '-1', 'copy', '0', 'false', 'DUPLICATE_SAME_ACCESS'],
));

// Valid: arguments the analysis cannot evaluate are not reported (parameters, computed values).
valid.push(rsrc(`
  export function f(h: HANDLE, copy: { value: HANDLE }, access: number, options: number, target: HANDLE): void {
    DuplicateHandle(GetCurrentProcess(), h, target, copy, access, false, options);
    DuplicateHandle(GetCurrentProcess(), h, GetCurrentProcess(), copy, access, false, DUPLICATE_SAME_ACCESS);
  }
`));

// Valid on CE: what the CE documentation asks for.
valid.push({ code: dup([...SAME, '0', 'false', 'DUPLICATE_SAME_ACCESS'], [...SAME, '0', 'FALSE', 'DUPLICATE_SAME_ACCESS | DUPLICATE_CLOSE_SOURCE']), settings: CE });

ruleTester.run('duplicate-options', rule, { valid, invalid });
