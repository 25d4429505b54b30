/**
 * The contract table against the runtime, for every function both know: the runtime's real failure return
 * equals the table's failure value, and acquired handles appear where the table says (return value,
 * out-parameter, struct field) with the kind it says.
 */
import { describe, expect, test } from 'vitest';
import * as api from '../../runtime/api.js';
import * as rt from '../../runtime/index.js';
import { DUPLICATE_ARGUMENT_CONSTANTS, DUPLICATE_DEFINED_OPTIONS, FAILURE_NUMBERS, contractFor } from '../../contracts/index.js';
import type { Acquisition, FunctionContract, HandleKind } from '../../contracts/index.js';

type Win32Function = (...args: unknown[]) => unknown;
type Context = Record<string, any>;

interface Scenario {
  /** objects the call needs; made before the handle snapshot */
  readonly setup?: (kernel: rt.Kernel) => Context;
  /** arguments of a call that succeeds (fresh out-parameters on every call) */
  readonly args: (ctx: Context) => unknown[];
  /** a call that must fail, for functions that neither NULL handles nor a full handle table make fail */
  readonly failingArgs?: (ctx: Context) => unknown[];
  /** borrowed parameters for which NULL means "none" (Windows accepts it) */
  readonly nullable?: readonly number[];
  /** last-error values that make a failure-shaped result a documented success */
  readonly successErrors?: readonly number[];
}

const runtimeWin32 = Object.entries(api).filter(([name, value]) => typeof value === 'function' && /^[A-Z]/.test(name)) as [string, Win32Function][];

const event = (): Context => ({ ev: rt.CreateEventW(null, true, true, null) });
const file = (path = 'C:\\contract\\a.txt'): number =>
  rt.CreateFileW(path, rt.GENERIC_READ | rt.GENERIC_WRITE, 0, null, rt.CREATE_ALWAYS, 0, null);
const section = (name: string | null = null): number => rt.CreateFileMappingW(rt.INVALID_HANDLE_VALUE, null, rt.PAGE_READWRITE, 0, 4096, name);
const suspendedThread = (): Context => ({ th: rt.CreateThread(null, 0, () => 0, null, rt.CREATE_SUSPENDED, null) });
const findFiles = (): Context => {
  rt.CloseHandle(file('C:\\contract\\one.txt'));
  rt.CloseHandle(file('C:\\contract\\two.txt'));
  return { find: rt.FindFirstFileW('C:\\contract\\*.txt', {}) };
};

const SCENARIOS: Readonly<Record<string, Scenario>> = {
  CloseHandle: { setup: event, args: (c) => [c.ev] },
  DuplicateHandle: {
    setup: event,
    args: (c) => [rt.GetCurrentProcess(), c.ev, rt.GetCurrentProcess(), rt.out(), 0, false, rt.DUPLICATE_SAME_ACCESS],
  },
  GetHandleInformation: { setup: event, args: (c) => [c.ev, rt.out()] },
  SetHandleInformation: { setup: event, args: (c) => [c.ev, rt.HANDLE_FLAG_INHERIT, 0] },
  CompareObjectHandles: { setup: event, args: (c) => [c.ev, c.ev] },
  GetCurrentProcess: { args: () => [] },
  GetCurrentThread: { args: () => [] },
  GetCurrentProcessId: { args: () => [] },
  GetCurrentThreadId: { args: () => [] },
  GetLastError: { args: () => [] },
  SetLastError: { args: () => [0] },
  GetStdHandle: { args: () => [rt.STD_OUTPUT_HANDLE], failingArgs: () => [-99] },
  SetStdHandle: { setup: event, args: (c) => [rt.STD_OUTPUT_HANDLE, c.ev], failingArgs: (c) => [-99, c.ev], nullable: [1] },
  CreateEventW: { args: () => [null, true, false, null] },
  CreateEventExW: { args: () => [null, null, 0, rt.EVENT_ALL_ACCESS] },
  OpenEventW: { setup: () => ({ named: rt.CreateEventW(null, true, false, 'contract-event') }), args: () => [rt.EVENT_ALL_ACCESS, false, 'contract-event'] },
  SetEvent: { setup: event, args: (c) => [c.ev] },
  ResetEvent: { setup: event, args: (c) => [c.ev] },
  PulseEvent: { setup: event, args: (c) => [c.ev] },
  CreateMutexW: { args: () => [null, false, null] },
  OpenMutexW: { setup: () => ({ named: rt.CreateMutexW(null, false, 'contract-mutex') }), args: () => [rt.MUTEX_ALL_ACCESS, false, 'contract-mutex'] },
  ReleaseMutex: { setup: () => ({ m: rt.CreateMutexW(null, true, null) }), args: (c) => [c.m] },
  CreateSemaphoreW: { args: () => [null, 0, 1, null] },
  OpenSemaphoreW: {
    setup: () => ({ named: rt.CreateSemaphoreW(null, 0, 1, 'contract-semaphore') }),
    args: () => [rt.SEMAPHORE_ALL_ACCESS, false, 'contract-semaphore'],
  },
  ReleaseSemaphore: { setup: () => ({ s: rt.CreateSemaphoreW(null, 0, 5, null) }), args: (c) => [c.s, 1, rt.out()] },
  WaitForSingleObject: { setup: event, args: (c) => [c.ev, 0] },
  WaitForMultipleObjects: { setup: event, args: (c) => [1, [c.ev], false, 0], failingArgs: () => [0, null, false, 0] },
  CreateFileW: { args: () => ['C:\\contract\\new.txt', rt.GENERIC_READ | rt.GENERIC_WRITE, 0, null, rt.CREATE_ALWAYS, 0, null], nullable: [6] },
  ReadFile: { setup: () => ({ f: file() }), args: (c) => [c.f, new Uint8Array(4), 4, rt.out(), null] },
  WriteFile: { setup: () => ({ f: file() }), args: (c) => [c.f, 'abc', 3, rt.out(), null] },
  GetFileSizeEx: { setup: () => ({ f: file() }), args: (c) => [c.f, rt.out()] },
  DeviceIoControl: { setup: () => ({ f: file('\\\\.\\ContractDevice') }), args: (c) => [c.f, 0x00090000, null, 0, null, 0, rt.out(), null] },
  CreatePipe: { args: () => [rt.out(), rt.out(), null, 0] },
  CreateNamedPipeW: { args: () => ['\\\\.\\pipe\\contract', rt.PIPE_ACCESS_DUPLEX, 0, 1, 0, 0, 0, null] },
  ConnectNamedPipe: {
    setup: () => {
      const p = rt.CreateNamedPipeW('\\\\.\\pipe\\connect', rt.PIPE_ACCESS_DUPLEX, 0, 1, 0, 0, 0, null);
      return { p, client: rt.CreateFileW('\\\\.\\pipe\\connect', rt.GENERIC_READ | rt.GENERIC_WRITE, 0, null, rt.OPEN_EXISTING, 0, null) };
    },
    args: (c) => [c.p, null],
    // a client that connected before the call: FALSE with ERROR_PIPE_CONNECTED is documented as success
    successErrors: [rt.ERROR_PIPE_CONNECTED],
  },
  CreateMailslotW: { args: () => ['\\\\.\\mailslot\\contract', 0, 0, null] },
  GetMailslotInfo: {
    setup: () => ({ ms: rt.CreateMailslotW('\\\\.\\mailslot\\info', 0, 0, null) }),
    args: (c) => [c.ms, rt.out(), rt.out(), rt.out(), rt.out()],
  },
  CreateFileMappingW: { args: () => [rt.INVALID_HANDLE_VALUE, null, rt.PAGE_READWRITE, 0, 4096, null] },
  OpenFileMappingW: { setup: () => ({ named: section('contract-section') }), args: () => [rt.FILE_MAP_ALL_ACCESS, false, 'contract-section'] },
  MapViewOfFile: { setup: () => ({ sec: section() }), args: (c) => [c.sec, rt.FILE_MAP_ALL_ACCESS, 0, 0, 0] },
  UnmapViewOfFile: { setup: () => ({ view: rt.MapViewOfFile(section(), rt.FILE_MAP_ALL_ACCESS, 0, 0, 0) }), args: (c) => [c.view] },
  CreateThread: { args: () => [null, 0, () => 0, null, 0, rt.out()] },
  ResumeThread: { setup: suspendedThread, args: (c) => [c.th] },
  TerminateThread: { setup: suspendedThread, args: (c) => [c.th, 0] },
  GetExitCodeThread: { setup: suspendedThread, args: (c) => [c.th, rt.out()] },
  OpenThread: { args: () => [rt.THREAD_ALL_ACCESS, false, rt.GetCurrentThreadId()] },
  CreateProcessW: { args: () => ['child.exe', null, null, null, false, 0, null, null, {}, {}] },
  OpenProcess: { args: () => [rt.PROCESS_ALL_ACCESS, false, rt.GetCurrentProcessId()] },
  TerminateProcess: {
    setup: (kernel) => ({ victim: rt.OpenProcess(rt.PROCESS_ALL_ACCESS, false, kernel.createProcess({ name: 'victim.exe' }).pid) }),
    args: (c) => [c.victim, 1],
  },
  GetExitCodeProcess: { args: () => [rt.GetCurrentProcess(), rt.out()] },
  GetProcessId: { args: () => [rt.GetCurrentProcess()] },
  // the calling process / thread ends; the calls return nothing and acquire nothing
  ExitProcess: { args: () => [0] },
  ExitThread: { args: () => [0] },
  GetProcessHandleCount: { args: () => [rt.GetCurrentProcess(), rt.out()] },
  FindFirstFileW: {
    setup: () => (rt.CloseHandle(file('C:\\contract\\found.txt')), {}),
    args: () => ['C:\\contract\\*.txt', {}],
    failingArgs: () => ['C:\\contract\\*.none', {}],
  },
  FindNextFileW: { setup: findFiles, args: (c) => [c.find, {}] },
  FindClose: { setup: findFiles, args: (c) => [c.find] },
  CreateToolhelp32Snapshot: { args: () => [rt.TH32CS_SNAPPROCESS, 0] },
  Process32FirstW: { setup: () => ({ snap: rt.CreateToolhelp32Snapshot(rt.TH32CS_SNAPPROCESS, 0) }), args: (c) => [c.snap, {}] },
  Process32NextW: {
    setup: (kernel) => {
      kernel.createProcess({ name: 'second.exe' });
      const snap = rt.CreateToolhelp32Snapshot(rt.TH32CS_SNAPPROCESS, 0);
      rt.Process32FirstW(snap, {});
      return { snap };
    },
    args: (c) => [c.snap, {}],
  },
};

/** the NT object types the runtime may report for a table kind; undefined: not a handle-table entry */
const RUNTIME_TYPES: Partial<Record<HandleKind, readonly string[]>> = {
  Process: ['Process'], Thread: ['Thread'], Event: ['Event'], Mutant: ['Mutant'], Semaphore: ['Semaphore'],
  File: ['File'], Pipe: ['Pipe'], Mailslot: ['Mailslot'], Section: ['Section'], Snapshot: ['Section'],
};

function fresh(options: rt.KernelOptions = {}): rt.Kernel {
  const kernel = rt.createKernel(options);
  rt.setActiveKernel(kernel);
  return kernel;
}

function openValues(kernel: rt.Kernel): Set<number> {
  return new Set(kernel.currentProcess().handles().map((h) => h.value));
}

/** the value at an acquisition's slot after the call */
function slotValue(a: Acquisition, result: unknown, args: unknown[]): unknown {
  if (a.slot.at === 'return') return result;
  const holder = args[a.slot.param] as Record<string, unknown> | unknown[];
  if (a.slot.at === 'out') return Array.isArray(holder) ? holder[0] : (holder as { value: unknown }).value;
  return (holder as Record<string, unknown>)[a.slot.field];
}

function isFailure(contract: FunctionContract, result: unknown): boolean {
  return result === FAILURE_NUMBERS[contract.failure];
}

/** functions whose owned handles go into the process handle table (a full table makes them fail) */
function acquiresTableHandles(contract: FunctionContract): boolean {
  return (contract.acquires ?? []).some((a) => a.ownership === 'owned' && (a.kind === 'Any' || RUNTIME_TYPES[a.kind] !== undefined));
}

const both = runtimeWin32.filter(([name]) => contractFor(name));

describe('the table knows the runtime', () => {
  test('every Win32 function the runtime exports has a contract and a scenario here', () => {
    expect(runtimeWin32.length).toBeGreaterThan(40);
    expect(runtimeWin32.map(([n]) => n).filter((n) => !contractFor(n))).toEqual([]);
    expect(runtimeWin32.map(([n]) => n).filter((n) => !SCENARIOS[n])).toEqual([]);
  });

  test.each(both)('%s declares as many parameters as the table says', (name, fn) => {
    expect(fn.length).toBe(contractFor(name)!.arity);
  });
});

describe('success: handles appear where the table says', () => {
  test.each(both)('%s', (name, fn) => {
    const contract = contractFor(name)!;
    const kernel = fresh();
    const scenario = SCENARIOS[name]!;
    const ctx = scenario.setup?.(kernel) ?? {};
    const before = openValues(kernel);
    const args = scenario.args(ctx);
    const result = fn(...args);
    const documentedSuccess = scenario.successErrors?.includes(rt.GetLastError()) ?? false;
    if (contract.failure !== 'none' && !documentedSuccess) {
      expect(isFailure(contract, result), `${name} returned ${String(result)}, error ${rt.GetLastError()}`).toBe(false);
    }
    const added = [...openValues(kernel)].filter((v) => !before.has(v));
    const expectedInTable: number[] = [];
    for (const a of contract.acquires ?? []) {
      const value = slotValue(a, result, args);
      expect(typeof value, `${name} ${JSON.stringify(a.slot)}`).toBe('number');
      if (a.ownership === 'pseudo') {
        expect([-1, -2]).toContain(value);
        continue;
      }
      if (a.ownership === 'borrowed') continue;
      const types = RUNTIME_TYPES[a.kind];
      const entry = kernel.currentProcess().handles().find((h) => h.value === value);
      if (a.kind === 'Any' || types) {
        expect(entry, `${name}: ${String(value)} at ${JSON.stringify(a.slot)} is an open handle`).toBeDefined();
        if (types) expect(types, name).toContain(entry!.type);
        expectedInTable.push(value as number);
      } else {
        // views and find handles live outside the handle table
        expect(value, name).not.toBe(0);
        expect(value, name).not.toBe(-1);
        expect(entry, name).toBeUndefined();
      }
    }
    // nothing else was added: borrowed and pseudo results and plain uses create no handle
    expect(added.sort((a, b) => a - b), name).toEqual(expectedInTable.sort((a, b) => a - b));
  });
});

describe('failure: the runtime returns the table\'s failure value', () => {
  const failing = both.filter(([name]) => contractFor(name)!.failure !== 'none');

  test('every fallible function has a way to fail here', () => {
    const untested = failing.filter(([name]) => {
      const c = contractFor(name)!;
      return !c.borrows?.length && !c.releases?.length && !acquiresTableHandles(c) && !SCENARIOS[name]!.failingArgs;
    });
    expect(untested.map(([n]) => n)).toEqual([]);
  });

  test.each(failing.filter(([name]) => {
    const c = contractFor(name)!;
    const nullable = SCENARIOS[name]!.nullable ?? [];
    return [...(c.borrows ?? []), ...(c.releases ?? []).map((r) => r.param)].some((p) => !nullable.includes(p));
  }))('%s with NULL handles', (name, fn) => {
    const contract = contractFor(name)!;
    const kernel = fresh();
    const scenario = SCENARIOS[name]!;
    const args = scenario.args(scenario.setup?.(kernel) ?? {});
    for (const p of [...(contract.borrows ?? []), ...(contract.releases ?? []).map((r) => r.param)]) {
      if (!scenario.nullable?.includes(p)) args[p] = rt.NULL;
    }
    const result = fn(...args);
    expect(result, `${name} → ${String(result)}`).toBe(FAILURE_NUMBERS[contract.failure]);
    expect(rt.GetLastError(), name).not.toBe(0);
  });

  test.each(failing.filter(([name]) => acquiresTableHandles(contractFor(name)!)))('%s with a full handle table', (name, fn) => {
    const contract = contractFor(name)!;
    const kernel = fresh({ maxHandlesPerProcess: 64 });
    const scenario = SCENARIOS[name]!;
    const ctx = scenario.setup?.(kernel) ?? {};
    let filled = 0;
    while (rt.CreateEventW(null, false, false, null) !== 0) filled++;
    expect(filled).toBeGreaterThan(0);
    const args = scenario.args(ctx);
    const result = fn(...args);
    expect(result, `${name} → ${String(result)}`).toBe(FAILURE_NUMBERS[contract.failure]);
    expect(rt.GetLastError(), name).toBe(rt.ERROR_NO_SYSTEM_RESOURCES);
    for (const a of contract.acquires ?? []) {
      if (a.slot.at === 'out') expect(slotValue(a, result, args), `${name} out ${a.slot.param} on failure`).toBe(0);
    }
  });

  test.each(both.filter(([name]) => SCENARIOS[name]!.failingArgs))('%s with bad arguments', (name, fn) => {
    const contract = contractFor(name)!;
    const kernel = fresh();
    const scenario = SCENARIOS[name]!;
    const result = fn(...scenario.failingArgs!(scenario.setup?.(kernel) ?? {}));
    expect(result, `${name} → ${String(result)}`).toBe(FAILURE_NUMBERS[contract.failure]);
  });
});

describe('DuplicateHandle argument constants', () => {
  // The engine judges constant access/option arguments with contracts/constants.ts; a value that differed from the
  // runtime's (and so the headers') would make duplicate-options misjudge a correct call.
  const runtimeConstants = rt as unknown as Record<string, unknown>;
  const shared = Object.keys(DUPLICATE_ARGUMENT_CONSTANTS).filter((name) => typeof runtimeConstants[name] === 'number');

  test('names most of them in the runtime too', () => {
    expect(shared.length).toBeGreaterThan(Object.keys(DUPLICATE_ARGUMENT_CONSTANTS).length / 2);
  });

  test.each(shared)('%s has the runtime value', (name) => {
    expect(DUPLICATE_ARGUMENT_CONSTANTS[name]).toBe(runtimeConstants[name]);
  });

  test('the defined option bits are the runtime options', () => {
    expect(DUPLICATE_DEFINED_OPTIONS).toBe(rt.DUPLICATE_CLOSE_SOURCE | rt.DUPLICATE_SAME_ACCESS | rt.DUPLICATE_SAME_ATTRIBUTES);
  });
});
