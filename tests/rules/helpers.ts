/**
 * Shared helpers for the rule acceptance tests. Code under test is written as it would be in a user's file:
 * line 1 imports the runtime names the snippet uses, the snippet follows. Positions and line numbers in the
 * expected messages are found by searching the snippet for the exact text of the reported node, so a test
 * names WHAT is reported (the acquiring call, the second close, ...) and the helper turns it into line/column.
 */
import { type InvalidTestCase, RuleTester, type ValidTestCase } from '@typescript-eslint/rule-tester';

/** Runtime exports a snippet may use (plus the constants the tests need). */
const RUNTIME_NAMES = [
  'CloseHandle', 'DuplicateHandle', 'GetCurrentProcess', 'GetCurrentThread', 'GetCurrentProcessId', 'GetLastError',
  'CreateEventW', 'OpenEventW', 'SetEvent', 'ResetEvent', 'CreateMutexW', 'ReleaseMutex', 'CreateSemaphoreW',
  'WaitForSingleObject', 'CreateFileW', 'ReadFile', 'WriteFile', 'GetFileSizeEx', 'CreateFileMappingW',
  'MapViewOfFile', 'UnmapViewOfFile', 'CreatePipe', 'CreateProcessW', 'OpenProcess', 'TerminateProcess',
  'GetExitCodeProcess', 'CreateThread', 'FindFirstFileW', 'FindNextFileW', 'FindClose', 'DeviceIoControl',
  'OwnedHandle', 'owned', 'out', 'INVALID_HANDLE_VALUE', 'NULL', 'DUPLICATE_CLOSE_SOURCE', 'DUPLICATE_SAME_ACCESS',
  'GENERIC_READ', 'GENERIC_WRITE', 'FILE_SHARE_READ', 'OPEN_EXISTING', 'CREATE_ALWAYS', 'INFINITE',
  'PROCESS_DUP_HANDLE', 'ExitProcess',
];
const TYPE_NAMES = ['HANDLE'];

/** Removes the common indentation and the first/last blank lines of a template literal. */
export function dedent(text: string): string {
  const lines = text.replace(/^\n/, '').replace(/\n\s*$/, '').split('\n');
  const indent = Math.min(...lines.filter((l) => l.trim() !== '').map((l) => /^ */.exec(l)![0].length));
  return lines.map((l) => l.slice(indent)).join('\n') + '\n';
}

/** A user's file: an import of the runtime names the body uses (line 1), then the body from line 2. */
export function src(body: string): string {
  const text = dedent(body);
  const used = RUNTIME_NAMES.filter((name) => new RegExp(`\\b${name}\\b`).test(text));
  const types = TYPE_NAMES.filter((name) => new RegExp(`\\b${name}\\b`).test(text));
  const imports = [...used, ...types.map((t) => `type ${t}`)];
  if (imports.length === 0) return text;
  return `import { ${imports.join(', ')} } from 'eslint-plugin-handles/runtime';\n${text}`;
}

export interface Location {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

/** The ESLint location (1-based columns, end exclusive + 1) of the `occurrence`-th occurrence of `text`. */
export function loc(code: string, text: string, occurrence = 1): Location {
  let index = -1;
  for (let i = 0; i < occurrence; i++) {
    index = code.indexOf(text, index + 1);
    if (index < 0) throw new Error(`test bug: occurrence ${occurrence} of ${JSON.stringify(text)} not found in:\n${code}`);
  }
  const before = code.slice(0, index);
  const line = before.split('\n').length;
  const column = index - before.lastIndexOf('\n');
  const inside = text.split('\n');
  const endLine = line + inside.length - 1;
  const endColumn = inside.length === 1 ? column + text.length : inside.at(-1)!.length + 1;
  return { line, column, endLine, endColumn };
}

/** The line of the `occurrence`-th occurrence of `text`. */
export function lineOf(code: string, text: string, occurrence = 1): number {
  return loc(code, text, occurrence).line;
}

/** The text of `code` with the `occurrence`-th `text` replaced (expected suggestion outputs). */
export function replaceAt(code: string, text: string, replacement: string, occurrence = 1): string {
  let index = -1;
  for (let i = 0; i < occurrence; i++) {
    index = code.indexOf(text, index + 1);
    if (index < 0) throw new Error(`test bug: occurrence ${occurrence} of ${JSON.stringify(text)} not found`);
  }
  return code.slice(0, index) + replacement + code.slice(index + text.length);
}

/** The default tester: @typescript-eslint/parser, file.ts, ES modules. */
export const ruleTester = new RuleTester();

/** The settings the tests use for user wrappers (Clang-style ownership declarations). */
export const USER_FUNCTIONS = {
  handles: {
    functions: {
      openLog: { returns: 'owned', failure: 'invalid' },
      closeLog: { releases: [0] },
      logLine: { borrows: [0] },
      Fred: { takes: [0] },
    },
  },
} as const;

/** Frequently acquired calls, spelled once so that locations are found by the same text. */
export const EVENT = 'CreateEventW(null, true, false, null)';
export const FILE = "CreateFileW(path, GENERIC_READ, FILE_SHARE_READ, null, OPEN_EXISTING, 0, null)";

/** The location of `inner` inside the `occurrence`-th occurrence of `outer` (e.g. the argument of one call). */
export function locInside(code: string, outer: string, inner: string, occurrence = 1): Location {
  let index = -1;
  for (let i = 0; i < occurrence; i++) {
    index = code.indexOf(outer, index + 1);
    if (index < 0) throw new Error(`test bug: occurrence ${occurrence} of ${JSON.stringify(outer)} not found`);
  }
  const offset = outer.indexOf(inner);
  if (offset < 0) throw new Error(`test bug: ${JSON.stringify(inner)} is not inside ${JSON.stringify(outer)}`);
  const prefix = code.slice(0, index + offset);
  const occurrencesBefore = prefix.split(inner).length - 1;
  return loc(code, inner, occurrencesBefore + 1);
}

/**
 * A finding the analysis is not sure of: the code is valid with the defaults and gets `errors` under
 * `reportMaybe: true` (what handles/strict turns on).
 */
export function onlyWithReportMaybe<MessageIds extends string, Options extends readonly unknown[]>(
  valid: (ValidTestCase<Options> | string)[],
  invalid: InvalidTestCase<MessageIds, Options>[],
  code: string,
  errors: InvalidTestCase<MessageIds, Options>['errors'],
): void {
  valid.push(code);
  invalid.push({ code, options: [{ reportMaybe: true }] as unknown as Options, errors });
}
