/**
 * Acceptance tests for pseudo-handle (issue 5), see docs/rules/pseudo-handle.md.
 * GetCurrentThread() (-2) means "the thread that uses it" and GetCurrentProcess() (-1) "the process that uses it".
 * Definite escapes (recommended): a thread pseudo handle passed to CreateThread as the parameter or sent to a worker
 * (postMessage, workerData), and either pseudo handle sent to another process (spawn/fork arguments, process.send).
 * Maybe escapes (`reportMaybe`, strict): a thread pseudo handle stored in a field or module variable, or returned.
 * A PROCESS pseudo handle kept inside the process (field, return, CreateThread, worker) keeps its meaning: valid.
 * Reports are at the escaping expression; `handle` is its text, `escape` one of the fixed phrases below.
 * Suggestion `duplicateToRealHandle` (runtime style, same-process escapes only): before the escaping statement, at
 * its indentation, insert
 *   const realThread = out();
 *   if (!DuplicateHandle(GetCurrentProcess(), <pseudo>, GetCurrentProcess(), realThread, 0, false, DUPLICATE_SAME_ACCESS)) throw new Error('DuplicateHandle failed');
 * (`realProcess` for a process), replace the escaping expression with `realThread.value`, and append the missing
 * runtime imports in the order DuplicateHandle, GetCurrentProcess, DUPLICATE_SAME_ACCESS, out. Escapes to another
 * process get no suggestion (the child needs a handle duplicated INTO it, which needs its process handle).
 * `invalidComparison`: an INVALID_HANDLE_VALUE (or -1) test of a value that is, or may be, GetCurrentProcess().
 */
import type { InvalidTestCase, ValidTestCase } from '@typescript-eslint/rule-tester';
import rule, { type MessageIds, type Options } from '../../rules/pseudo-handle.js';
import { addRuntimeImport, loc, locLastInside, rsrc, ruleTester } from './api-helpers.js';
import { onlyWithReportMaybe } from './helpers.js';

type Case = InvalidTestCase<MessageIds, Options>;
type Valid = ValidTestCase<Options> | string;

const ESCAPE = {
  createThread: 'passing it to CreateThread',
  worker: 'sending it to a worker',
  process: 'sending it to another process',
  field: 'storing it in a field',
  module: 'storing it in a module variable',
  returned: 'returning it',
} as const;

interface Escape {
  handle: string;
  api: 'GetCurrentThread' | 'GetCurrentProcess';
  escape: keyof typeof ESCAPE;
  /** where the report is */
  at: ReturnType<typeof loc>;
  /** the suggestion: the statement it goes before, the text inside it that escapes, and the pseudo expression */
  fix?: { statement: string; escaping: string };
}

function escapes(code: string, e: Escape) {
  const target = e.api === 'GetCurrentThread' ? 'thread' : 'process';
  const error = { messageId: 'pseudoEscape', data: { handle: e.handle, api: e.api, escape: ESCAPE[e.escape], target }, ...e.at } as const;
  if (!e.fix) return error;
  return { ...error, suggestions: [{ messageId: 'duplicateToRealHandle', output: duplicated(code, e.fix.statement, e.fix.escaping, e.handle, target) }] } as const;
}

/** The duplicateToRealHandle output spelled out in the header. */
function duplicated(code: string, statement: string, escaping: string, pseudo: string, target: 'thread' | 'process'): string {
  const name = target === 'thread' ? 'realThread' : 'realProcess';
  const start = code.indexOf(statement);
  if (start < 0) throw new Error(`test bug: ${JSON.stringify(statement)} not found`);
  const indent = code.slice(code.lastIndexOf('\n', start) + 1, start);
  const inserted =
    `const ${name} = out();\n${indent}` +
    `if (!DuplicateHandle(GetCurrentProcess(), ${pseudo}, GetCurrentProcess(), ${name}, 0, false, DUPLICATE_SAME_ACCESS)) throw new Error('DuplicateHandle failed');\n${indent}`;
  const offset = statement.lastIndexOf(escaping);
  const rewritten = statement.slice(0, offset) + `${name}.value` + statement.slice(offset + escaping.length);
  const output = code.slice(0, start) + inserted + rewritten + code.slice(start + statement.length);
  return addRuntimeImport(output, 'DuplicateHandle', 'GetCurrentProcess', 'DUPLICATE_SAME_ACCESS', 'out');
}

function comparison(code: string, test: string, handle: string) {
  return { messageId: 'invalidComparison', data: { test, handle }, ...loc(code, test) } as const;
}

const valid: Valid[] = [];
const invalid: Case[] = [];

// ------------------------------------------------------------------ definite escapes

{
  // Invalid: the new thread would receive -2 = ITSELF, not the creating thread (the watchdog waits on itself).
  const statement = 'const t = CreateThread(null, 0, work, GetCurrentThread(), 0, null);';
  const code = rsrc(`
    export function watchdog(work: (owner: HANDLE) => number): void {
      ${statement}
      if (t) CloseHandle(t);
    }
  `);
  invalid.push({
    code,
    errors: [
      escapes(code, {
        handle: 'GetCurrentThread()', api: 'GetCurrentThread', escape: 'createThread', at: loc(code, 'GetCurrentThread()'),
        fix: { statement, escaping: 'GetCurrentThread()' },
      }),
    ],
  });
}

{
  // Invalid: CreateRemoteThread's parameter reaches a thread of ANOTHER process, where -1 is that process
  // (the contract's startsCode says so; no fix: the target needs a handle duplicated into it).
  const code = `import koffi from 'koffi';
const kernel32 = koffi.load('kernel32.dll');
const CreateRemoteThread = kernel32.func('void * __stdcall CreateRemoteThread(void *process, void *sa, size_t stack, void *start, void *param, uint32_t flags, uint32_t *id)');
const GetCurrentProcess = kernel32.func('intptr_t __stdcall GetCurrentProcess()');
export function inject(target: unknown, start: unknown): unknown {
  return CreateRemoteThread(target, null, 0, start, GetCurrentProcess(), 0, null);
}
`;
  invalid.push({
    code,
    errors: [escapes(code, { handle: 'GetCurrentProcess()', api: 'GetCurrentProcess', escape: 'process', at: locLastInside(code, 'CreateRemoteThread(target, null, 0, start, GetCurrentProcess(), 0, null)', 'GetCurrentProcess()') })],
  });
}

{
  // Invalid: the CRT's _beginthreadex starts a thread like CreateThread (contract startsCode); the message names it.
  const code = `import koffi from 'koffi';
const crt = koffi.load('msvcrt.dll');
const kernel32 = koffi.load('kernel32.dll');
const _beginthreadex = crt.func('uintptr_t _beginthreadex(void *sec, uint32_t stack, void *start, void *arg, uint32_t flags, uint32_t *id)');
const GetCurrentThread = kernel32.func('intptr_t __stdcall GetCurrentThread()');
export function watch(start: unknown): unknown {
  return _beginthreadex(null, 0, start, GetCurrentThread(), 0, null);
}
`;
  invalid.push({
    code,
    errors: [
      {
        messageId: 'pseudoEscape',
        data: { handle: 'GetCurrentThread()', api: 'GetCurrentThread', escape: 'passing it to _beginthreadex', target: 'thread' },
        ...locLastInside(code, '_beginthreadex(null, 0, start, GetCurrentThread(), 0, null)', 'GetCurrentThread()'),
      },
    ],
  });
}

{
  // Invalid: a worker_threads Worker is another thread: the value it receives means the worker itself.
  const statement = 'worker.postMessage({ thread: me });';
  const code = rsrc(`
    import type { Worker } from 'node:worker_threads';
    export function register(worker: Worker): void {
      const me = GetCurrentThread();
      ${statement}
    }
  `);
  invalid.push({
    code,
    errors: [
      escapes(code, { handle: 'me', api: 'GetCurrentThread', escape: 'worker', at: locLastInside(code, statement, 'me'), fix: { statement, escaping: 'me' } }),
    ],
  });
}

{
  // Invalid: workerData is sent to the new worker thread too.
  const statement = "const worker = new Worker('./watch.js', { workerData: { owner: GetCurrentThread() } });";
  const code = rsrc(`
    import { Worker } from 'node:worker_threads';
    export function start(): Worker {
      ${statement}
      return worker;
    }
  `);
  invalid.push({
    code,
    errors: [
      escapes(code, {
        handle: 'GetCurrentThread()', api: 'GetCurrentThread', escape: 'worker', at: loc(code, 'GetCurrentThread()'),
        fix: { statement, escaping: 'GetCurrentThread()' },
      }),
    ],
  });
}

{
  // Invalid: a child process receiving -1 (or -2) gets ITSELF (or its own thread); no suggestion.
  const code = rsrc(`
    import { spawn, fork } from 'node:child_process';
    export function helpers(): void {
      spawn('helper.exe', ['--parent', String(GetCurrentProcess())]);
      const child = fork('./child.js');
      child.send({ thread: GetCurrentThread() });
    }
  `);
  invalid.push({
    code,
    errors: [
      escapes(code, { handle: 'GetCurrentProcess()', api: 'GetCurrentProcess', escape: 'process', at: loc(code, 'GetCurrentProcess()') }),
      escapes(code, { handle: 'GetCurrentThread()', api: 'GetCurrentThread', escape: 'process', at: loc(code, 'GetCurrentThread()') }),
    ],
  });
}

// ------------------------------------------------------------------ maybe escapes (reportMaybe)

{
  // Invalid with reportMaybe only: a thread pseudo handle kept in a field (any other thread reading it gets itself).
  const statement = 'this.thread = GetCurrentThread();';
  const code = rsrc(`
    export class Owner {
      private thread: HANDLE = 0;
      constructor() {
        ${statement}
      }
      wake(): void {
        ResumeThread(this.thread);
      }
    }
  `);
  onlyWithReportMaybe(valid, invalid, code, [
    escapes(code, {
      handle: 'GetCurrentThread()', api: 'GetCurrentThread', escape: 'field', at: loc(code, 'GetCurrentThread()'),
      fix: { statement, escaping: 'GetCurrentThread()' },
    }),
  ]);
}

{
  // Invalid with reportMaybe only: a module variable and a return value.
  const moduleStatement = 'const mainThread = GetCurrentThread();';
  const returnStatement = 'return GetCurrentThread();';
  const code = rsrc(`
    ${moduleStatement}
    export function current(): HANDLE {
      ${returnStatement}
    }
    export function wakeMain(): void {
      ResumeThread(mainThread);
    }
  `);
  onlyWithReportMaybe(valid, invalid, code, [
    escapes(code, {
      handle: 'GetCurrentThread()', api: 'GetCurrentThread', escape: 'module', at: loc(code, 'GetCurrentThread()'),
      fix: { statement: moduleStatement, escaping: 'GetCurrentThread()' },
    }),
    escapes(code, {
      handle: 'GetCurrentThread()', api: 'GetCurrentThread', escape: 'returned', at: loc(code, 'GetCurrentThread()', 2),
      fix: { statement: returnStatement, escaping: 'GetCurrentThread()' },
    }),
  ]);
}

// ------------------------------------------------------------------ INVALID_HANDLE_VALUE comparisons

{
  // Invalid: GetCurrentProcess() IS -1: comparing it with INVALID_HANDLE_VALUE (or -1) treats "self" as a failure.
  const code = rsrc(`
    export function self(): void {
      const me = GetCurrentProcess();
      if (me === INVALID_HANDLE_VALUE) return;
      TerminateProcess(me, 0);
    }
    export function waitFor(process: HANDLE = GetCurrentProcess()): number {
      if (process === -1) return -1;
      return WaitForSingleObject(process, 0);
    }
  `);
  invalid.push({
    code,
    errors: [comparison(code, 'me === INVALID_HANDLE_VALUE', 'me'), comparison(code, 'process === -1', 'process')],
  });
}

{
  // Invalid: the same comparison kept in a value, or returned, is the same mistake.
  const code = rsrc(`
    export function failed(handle: HANDLE = GetCurrentProcess()): boolean {
      const bad = handle === INVALID_HANDLE_VALUE;
      return bad;
    }
    export function isInvalid(): boolean {
      const me = GetCurrentProcess();
      return me == -1;
    }
  `);
  invalid.push({
    code,
    errors: [comparison(code, 'handle === INVALID_HANDLE_VALUE', 'handle'), comparison(code, 'me == -1', 'me')],
  });
}

// ------------------------------------------------------------------ valid

// Valid: pseudo handles used by the thread and process that made them (the common, correct uses).
valid.push(rsrc(`
  export function local(h: HANDLE): void {
    const self = out();
    DuplicateHandle(GetCurrentProcess(), h, GetCurrentProcess(), self, 0, false, DUPLICATE_SAME_ACCESS);
    if (self.value) CloseHandle(self.value);
    const me = GetCurrentThread();
    WaitForSingleObject(me, 0);
    TerminateProcess(GetCurrentProcess(), 0);
  }
`));

// Valid: the fix already applied: a real handle from DuplicateHandle may go anywhere in the process.
valid.push(rsrc(`
  export function watchdog(work: (owner: HANDLE) => number): void {
    const realThread = out();
    if (!DuplicateHandle(GetCurrentProcess(), GetCurrentThread(), GetCurrentProcess(), realThread, 0, false, DUPLICATE_SAME_ACCESS)) return;
    const t = CreateThread(null, 0, work, realThread.value, 0, null);
    if (t) CloseHandle(t);
  }
`));

// Valid: a PROCESS pseudo handle inside the process keeps its meaning (CreateThread, worker, field, return),
// even with reportMaybe.
{
  const code = rsrc(`
    import type { Worker } from 'node:worker_threads';
    export class Host {
      private process: HANDLE = GetCurrentProcess();
      share(worker: Worker, work: (p: HANDLE) => number): HANDLE {
        worker.postMessage({ process: this.process });
        CreateThread(null, 0, work, GetCurrentProcess(), 0, null);
        return GetCurrentProcess();
      }
    }
  `);
  valid.push(code, { code, options: [{ reportMaybe: true }] });
}

// Valid: IDs are global: sending GetCurrentProcessId()/GetCurrentThreadId() anywhere is fine.
valid.push(rsrc(`
  import { spawn } from 'node:child_process';
  import type { Worker } from 'node:worker_threads';
  export function ids(worker: Worker): void {
    spawn('helper.exe', ['--parent', String(GetCurrentProcessId())]);
    worker.postMessage({ tid: GetCurrentThreadId() });
  }
`));

// Valid: INVALID_HANDLE_VALUE comparisons of values that are never the current-process pseudo handle
// (a file, GetStdHandle, the thread pseudo handle -2).
valid.push(rsrc(`
  export function files(path: string): void {
    const h = CreateFileW(path, GENERIC_READ, FILE_SHARE_READ, null, OPEN_EXISTING, 0, null);
    if (h === INVALID_HANDLE_VALUE) return;
    CloseHandle(h);
    const std = GetStdHandle(STD_OUTPUT_HANDLE);
    if (std === INVALID_HANDLE_VALUE) return;
    const me = GetCurrentThread();
    if (me === INVALID_HANDLE_VALUE) return;
  }
`));

// Valid: the parameter default is the pseudo handle, but the comparison only runs when a caller passed one.
valid.push(rsrc(`
  export function waitFor(process?: HANDLE): number {
    if (process !== undefined && process === INVALID_HANDLE_VALUE) return -1;
    return WaitForSingleObject(process ?? GetCurrentProcess(), 0);
  }
`));

// ------------------------------------------------------------------ more channels (added by the implementation)

{
  // Invalid: a worker's parentPort talks to the thread that created the worker; a forked child's process.send to the
  // parent process; a shell command line and CreateProcessW's command line are read by the new process.
  // No suggestion: optional calls and other processes.
  const code = rsrc(`
    import { parentPort } from 'node:worker_threads';
    import { execSync } from 'node:child_process';
    export function report(si: STARTUPINFO, pi: PROCESS_INFORMATION): void {
      parentPort?.postMessage({ owner: GetCurrentThread() });
      process.send?.({ parent: GetCurrentProcess() });
      execSync('helper.exe --parent ' + GetCurrentProcess());
      CreateProcessW(null, \`child.exe --thread \${GetCurrentThread()}\`, null, null, false, 0, null, null, si, pi);
    }
  `);
  invalid.push({
    code,
    errors: [
      escapes(code, { handle: 'GetCurrentThread()', api: 'GetCurrentThread', escape: 'worker', at: loc(code, 'GetCurrentThread()') }),
      escapes(code, { handle: 'GetCurrentProcess()', api: 'GetCurrentProcess', escape: 'process', at: loc(code, 'GetCurrentProcess()') }),
      escapes(code, { handle: 'GetCurrentProcess()', api: 'GetCurrentProcess', escape: 'process', at: loc(code, 'GetCurrentProcess()', 2) }),
      escapes(code, { handle: 'GetCurrentThread()', api: 'GetCurrentThread', escape: 'process', at: loc(code, 'GetCurrentThread()', 2) }),
    ],
  });
}

{
  // Invalid: a value that is GetCurrentProcess() on one path only is still compared with -1 on that path.
  const code = rsrc(`
    export function pick(own: boolean, other: HANDLE): void {
      const h = own ? GetCurrentProcess() : other;
      if (h == INVALID_HANDLE_VALUE) return;
      WaitForSingleObject(h, 0);
    }
  `);
  invalid.push({ code, errors: [comparison(code, 'h == INVALID_HANDLE_VALUE', 'h')] });
}

// Valid: values kept in this thread: a local object's field, a module variable only the module body reads, a
// MessageChannel port (its other end may be in this thread), an unknown callee, a bigint -1n that a number never equals.
{
  const code = rsrc(`
    const startThread = GetCurrentThread();
    WaitForSingleObject(startThread, 0);
    export function local(send: (h: HANDLE) => void): void {
      const state = { thread: 0 };
      state.thread = GetCurrentThread();
      WaitForSingleObject(state.thread, 0);
      const { port1 } = new MessageChannel();
      port1.postMessage(GetCurrentThread());
      send(GetCurrentThread());
      const me = GetCurrentProcess();
      if (me === -1n) return;
    }
  `);
  valid.push(code, { code, options: [{ reportMaybe: true }] });
}

// Valid: through koffi the pseudo handle is a pointer object: it never equals -1 (invalid-handle-check's business).
valid.push(`
import koffi from 'koffi';
const kernel32 = koffi.load('kernel32.dll');
const GetCurrentProcess = kernel32.func('void * __stdcall GetCurrentProcess()');
const TerminateProcess = kernel32.func('bool __stdcall TerminateProcess(void *h, uint32_t code)');
export function stop(): void {
  const me = GetCurrentProcess();
  if (me === -1) return;
  TerminateProcess(me, 0);
}
`);

ruleTester.run('pseudo-handle', rule, { valid, invalid });
