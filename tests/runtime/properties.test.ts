/**
 * Property tests for the kernel model (issue 3): random sequences of create / open / duplicate (within and
 * across processes, with and without DUPLICATE_CLOSE_SOURCE) / close (of open and of stale values) /
 * CreateProcessW with and without bInheritHandles / process exit, over several processes. A small reference
 * model predicts every handle value and every object's handle count; after each step the runtime must agree:
 * - handleCount of every live object = number of entries, in all tables, that point to it;
 * - an object dies exactly when its last reference goes (events: last handle; processes: last handle after
 *   exit; threads: last handle after their process exited), and not before;
 * - no value is handed out twice while open in one table;
 * - LIFO reuse: the next allocation after a close returns the most recently freed value;
 * - values are multiples of 4 from 0x4, allocated upward when nothing is free;
 * - with the verifier on (FIFO reuse behind a 256-allocation quarantine): tables only grow within a run, each
 *   bad call gives exactly one stop, and each handle open when its process exits is exactly one leak.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  createKernel,
  DUPLICATE_CLOSE_SOURCE,
  DUPLICATE_SAME_ACCESS,
  ERROR_ALREADY_EXISTS,
  ERROR_FILE_NOT_FOUND,
  ERROR_INVALID_HANDLE,
  EVENT_ALL_ACCESS,
  GetCurrentProcessId,
  PROCESS_DUP_HANDLE,
} from '../../runtime/index.js';

type Kernel = ReturnType<typeof createKernel>;
type RuntimeProcess = NonNullable<ReturnType<Kernel['process']>>;

const NAMES = ['alpha', 'beta', 'gamma'] as const;
const PSEUDO_CURRENT_PROCESS = -1;

type Op =
  | { op: 'create'; proc: number; name: number | null; inherit: boolean }
  | { op: 'open'; proc: number; name: number; inherit: boolean }
  | { op: 'duplicate'; proc: number; pick: number; target: number; closeSource: boolean; inherit: boolean }
  | { op: 'close'; proc: number; pick: number }
  | { op: 'closeStale'; proc: number; pick: number }
  | { op: 'spawn'; proc: number; inherit: boolean }
  | { op: 'exit'; proc: number };

const index = fc.nat({ max: 1000 });
const opArbitrary: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ op: fc.constant('create' as const), proc: index, name: fc.option(fc.nat({ max: NAMES.length - 1 }), { nil: null }), inherit: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('open' as const), proc: index, name: fc.nat({ max: NAMES.length - 1 }), inherit: fc.boolean() }) },
  { weight: 4, arbitrary: fc.record({ op: fc.constant('duplicate' as const), proc: index, pick: index, target: index, closeSource: fc.boolean(), inherit: fc.boolean() }) },
  { weight: 5, arbitrary: fc.record({ op: fc.constant('close' as const), proc: index, pick: index }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('closeStale' as const), proc: index, pick: index }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('spawn' as const), proc: index, inherit: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('exit' as const), proc: index }) },
);

interface ModelProcess {
  pid: number;
  runtime: RuntimeProcess;
  /** value → { objectId, inherit } for every open entry. */
  open: Map<number, { objectId: number; inherit: boolean }>;
  /** Values freed by closes, most recent last: LIFO says the next allocation pops the top. */
  freed: number[];
  /** Free slots a child got from its parent's non-inherited entries (informational). */
  gaps: Set<number>;
  /** Next never-used value; undefined for a child that inherited handles (its growth order is not specified). */
  nextUnused: number | undefined;
  everUsed: Set<number>;
  exited: boolean;
}

interface ModelObject {
  type: 'Event' | 'Process' | 'Thread';
  handleCount: number;
  name?: string;
  /** For Process and Thread objects: the pid whose lifetime holds them alive besides handles. */
  ownerPid?: number;
}

class Model {
  readonly processes: ModelProcess[] = [];
  readonly objects = new Map<number, ModelObject>();
  readonly names = new Map<string, number>();

  /** Bad calls made so far (each must give exactly one verifier stop) and handles open at each exit (leaks). */
  expectedStops = 0;
  expectedLeaks = 0;

  /**
   * lifo: the default policy. quarantined: the verifier's FIFO with a 256-allocation quarantine, so within
   * these short runs a closed value never comes back and every table only grows.
   */
  constructor(readonly kernel: Kernel, readonly reuse: 'lifo' | 'quarantined') {}

  addProcess(runtime: RuntimeProcess, inheritedFrom?: ModelProcess): ModelProcess {
    const process: ModelProcess = {
      pid: runtime.pid,
      runtime,
      open: new Map(),
      freed: [],
      gaps: new Set(),
      nextUnused: 4,
      everUsed: new Set(),
      exited: false,
    };
    if (inheritedFrom !== undefined) {
      let top = 0;
      for (const [value, entry] of inheritedFrom.open) {
        if (!entry.inherit) continue;
        process.open.set(value, { ...entry });
        process.everUsed.add(value);
        this.objects.get(entry.objectId)!.handleCount += 1;
        top = Math.max(top, value);
      }
      const parentTop = Math.max(top, ...inheritedFrom.everUsed, 0);
      for (let value = 4; value <= parentTop; value += 4) if (!process.open.has(value)) process.gaps.add(value);
      process.nextUnused = undefined;
    }
    this.processes.push(process);
    return process;
  }

  live(): ModelProcess[] {
    return this.processes.filter((p) => !p.exited);
  }

  /** Checks a value the runtime just handed out in `p` against the allocation rules, then records it. */
  allocated(p: ModelProcess, value: number, objectId: number, inherit: boolean, alreadyCounted = false): void {
    expect(Number.isInteger(value) && value >= 4 && value % 4 === 0, `value ${value} is a multiple of 4 from 0x4`).toBe(true);
    expect(p.open.has(value), `value ${value} handed out while still open in pid ${p.pid}`).toBe(false);
    if (this.reuse === 'lifo' && p.freed.length > 0) {
      expect(value, `LIFO: pid ${p.pid} reuses the most recently freed value`).toBe(p.freed.pop());
    } else if (p.nextUnused !== undefined) {
      expect(value, `pid ${p.pid} allocates upward when nothing is free`).toBe(p.nextUnused);
      p.nextUnused += 4;
    } else {
      // An inherited child's free slots (the parent's non-inherited values) come out in an order the spec
      // leaves to the implementation, and so does where it grows from after them: only the rules above hold.
      p.gaps.delete(value);
    }
    p.open.set(value, { objectId, inherit });
    p.everUsed.add(value);
    if (!alreadyCounted) this.objects.get(objectId)!.handleCount += 1;
  }

  freedValue(p: ModelProcess, value: number): void {
    const entry = p.open.get(value);
    expect(entry, `value ${value} is open in pid ${p.pid}`).toBeDefined();
    p.open.delete(value);
    p.freed.push(value);
    this.dropHandle(entry!.objectId);
  }

  dropHandle(objectId: number): void {
    const object = this.objects.get(objectId)!;
    object.handleCount -= 1;
    if (object.handleCount === 0 && object.name !== undefined) {
      this.names.delete(object.name);
      delete object.name;
    }
  }

  /** Whether the model expects the object to be alive now. */
  expectedAlive(object: ModelObject): boolean {
    if (object.handleCount > 0) return true;
    if (object.ownerPid === undefined) return false;
    const owner = this.processes.find((p) => p.pid === object.ownerPid);
    return owner !== undefined && !owner.exited;
  }
}

function entryOf(p: ModelProcess, value: number): { objectId: number; inherit: boolean } {
  const entry = p.runtime.handles().find((h) => h.value === value);
  expect(entry, `runtime shows value ${value} open in pid ${p.pid}`).toBeDefined();
  return { objectId: entry!.objectId, inherit: entry!.inherit };
}

/** How often each interesting case really ran (not skipped), so the property cannot pass vacuously. */
const exercised = new Map<string, number>();
function saw(label: string): void {
  exercised.set(label, (exercised.get(label) ?? 0) + 1);
}

function choose<T>(list: readonly T[], pick: number): T | undefined {
  return list.length === 0 ? undefined : list[pick % list.length];
}

function step(model: Model, op: Op): void {
  // The main process never exits (exiting it would end the run early); every other process may.
  const p = choose(op.op === 'exit' ? model.live().slice(1) : model.live(), op.proc);
  if (p === undefined) return;
  const win32 = p.runtime.win32;
  switch (op.op) {
    case 'create': {
      const name = op.name === null ? null : NAMES[op.name]!;
      const existing = name === null ? undefined : model.names.get(name);
      const value = win32.CreateEventW(op.inherit ? { bInheritHandle: true } : null, true, false, name);
      expect(value, 'CreateEventW succeeds').not.toBe(0);
      expect(win32.GetLastError()).toBe(existing === undefined ? 0 : ERROR_ALREADY_EXISTS);
      const { objectId, inherit } = entryOf(p, value);
      expect(inherit).toBe(op.inherit);
      if (existing === undefined) {
        model.objects.set(objectId, name === null ? { type: 'Event', handleCount: 0 } : { type: 'Event', handleCount: 0, name });
        if (name !== null) model.names.set(name, objectId);
      } else {
        expect(objectId, `CreateEventW("${name}") opens the existing event`).toBe(existing);
      }
      saw(existing === undefined ? 'create' : 'create of an existing name');
      model.allocated(p, value, objectId, inherit);
      return;
    }
    case 'open': {
      const name = NAMES[op.name]!;
      const existing = model.names.get(name);
      const value = win32.OpenEventW(EVENT_ALL_ACCESS, op.inherit, name);
      if (existing === undefined) {
        expect(value, `OpenEventW("${name}") fails when no event has that name`).toBe(0);
        expect(win32.GetLastError()).toBe(ERROR_FILE_NOT_FOUND);
        saw('open of a missing name');
        return;
      }
      expect(value, `OpenEventW("${name}") succeeds`).not.toBe(0);
      const { objectId, inherit } = entryOf(p, value);
      expect(objectId).toBe(existing);
      expect(inherit).toBe(op.inherit);
      saw('open');
      model.allocated(p, value, objectId, inherit);
      return;
    }
    case 'duplicate': {
      const source = choose([...p.open.keys()], op.pick);
      const target = choose(model.live(), op.target);
      if (source === undefined || target === undefined) return;
      const sourceEntry = p.open.get(source)!;
      let targetProcessHandle = PSEUDO_CURRENT_PROCESS;
      if (target !== p) {
        targetProcessHandle = win32.OpenProcess(PROCESS_DUP_HANDLE, false, target.pid);
        expect(targetProcessHandle, `OpenProcess(${target.pid}) succeeds`).not.toBe(0);
        const processObject = entryOf(p, targetProcessHandle).objectId;
        if (!model.objects.has(processObject)) model.objects.set(processObject, { type: 'Process', handleCount: 0, ownerPid: target.pid });
        model.allocated(p, targetProcessHandle, processObject, false);
      }
      saw(`duplicate ${target === p ? 'within' : 'across'} processes${op.closeSource ? ' with CLOSE_SOURCE' : ''}`);
      if (target.nextUnused === undefined) saw('allocation in a child that inherited');
      const out = { value: -99 };
      const options = DUPLICATE_SAME_ACCESS | (op.closeSource ? DUPLICATE_CLOSE_SOURCE : 0);
      const ok = win32.DuplicateHandle(PSEUDO_CURRENT_PROCESS, source, targetProcessHandle, out, 0, op.inherit, options);
      expect(ok, 'DuplicateHandle succeeds').toBe(true);
      // The spec's order: the object's count goes up (step 11), then the source is closed (step 12), then the
      // target entry is allocated (step 14). So a named event keeps its name through a CLOSE_SOURCE duplicate.
      model.objects.get(sourceEntry.objectId)!.handleCount += 1;
      if (op.closeSource) model.freedValue(p, source);
      const duplicate = entryOf(target, out.value);
      expect(duplicate.objectId, 'the duplicate points at the source object').toBe(sourceEntry.objectId);
      expect(duplicate.inherit).toBe(op.inherit);
      model.allocated(target, out.value, sourceEntry.objectId, op.inherit, true);
      if (target !== p) {
        expect(win32.CloseHandle(targetProcessHandle)).toBe(true);
        model.freedValue(p, targetProcessHandle);
      }
      return;
    }
    case 'close': {
      const value = choose([...p.open.keys()], op.pick);
      if (value === undefined) return;
      expect(win32.CloseHandle(value), `CloseHandle(${value}) in pid ${p.pid}`).toBe(true);
      saw('close');
      model.freedValue(p, value);
      return;
    }
    case 'closeStale': {
      // A value that is not open here (closed before, or never handed out) fails and changes nothing.
      const stale = [...p.everUsed].filter((v) => !p.open.has(v));
      const value = choose(stale, op.pick) ?? 0x4000 + 4 * (op.pick % 16);
      if (p.open.has(value)) return;
      expect(win32.CloseHandle(value), `CloseHandle(stale ${value})`).toBe(false);
      expect(win32.GetLastError()).toBe(ERROR_INVALID_HANDLE);
      model.expectedStops += 1;
      saw('close of a stale value');
      return;
    }
    case 'spawn': {
      const info = { hProcess: 0, hThread: 0, dwProcessId: 0, dwThreadId: 0 };
      const ok = win32.CreateProcessW(null, 'child.exe', null, null, op.inherit, 0, null, null, {}, info);
      expect(ok, 'CreateProcessW succeeds').toBe(true);
      const child = model.kernel.process(info.dwProcessId);
      expect(child, `kernel.process(${info.dwProcessId}) finds the child`).toBeDefined();
      // Inheritance is a snapshot of the parent's inheritable entries, taken before hProcess/hThread exist.
      const childModel = model.addProcess(child!, op.inherit ? p : undefined);
      saw(childModel.open.size > 0 ? 'spawn that inherits handles' : 'spawn');
      const processObject = entryOf(p, info.hProcess).objectId;
      const threadObject = entryOf(p, info.hThread).objectId;
      model.objects.set(processObject, { type: 'Process', handleCount: 0, ownerPid: info.dwProcessId });
      model.objects.set(threadObject, { type: 'Thread', handleCount: 0, ownerPid: info.dwProcessId });
      // Which of the two the runtime allocates first is its choice; check them in allocation order.
      const [first, second] = [info.hProcess, info.hThread].sort((a, b) => expectedRank(p, a) - expectedRank(p, b));
      model.allocated(p, first!, entryOf(p, first!).objectId, false);
      model.allocated(p, second!, entryOf(p, second!).objectId, false);
      return;
    }
    case 'exit': {
      saw(p.open.size > 0 ? 'exit with handles open' : 'exit');
      model.expectedLeaks += p.open.size;
      p.runtime.exit(0);
      expect(p.runtime.exited).toBe(true);
      p.exited = true;
      for (const { objectId } of p.open.values()) model.dropHandle(objectId);
      p.open.clear();
      return;
    }
  }
}

/** Position a value would take in `p`'s next allocations under LIFO (lower = sooner). */
function expectedRank(p: ModelProcess, value: number): number {
  const fromTop = p.freed.length - 1 - p.freed.lastIndexOf(value);
  return p.freed.includes(value) ? fromTop : p.freed.length + value;
}

function checkInvariants(model: Model): void {
  const counted = new Map<number, number>();
  for (const p of model.processes) {
    const entries = p.runtime.handles();
    if (p.exited) {
      expect(entries, `pid ${p.pid} has no handles after exit`).toEqual([]);
      continue;
    }
    const values = entries.map((e) => e.value);
    expect(new Set(values).size, `pid ${p.pid} lists each value once`).toBe(values.length);
    expect(new Map(entries.map((e) => [e.value, e.objectId])), `pid ${p.pid}'s table matches the model`).toEqual(
      new Map([...p.open].map(([value, entry]) => [value, entry.objectId])),
    );
    for (const entry of entries) counted.set(entry.objectId, (counted.get(entry.objectId) ?? 0) + 1);
  }
  const live = new Map(model.kernel.objects().map((o) => [o.id, o]));
  for (const object of live.values()) {
    // Processes that exited hold no table, so entries in live tables are all the handles there are.
    expect(object.handleCount, `${object.type} ${object.id}: handleCount = entries pointing at it`).toBe(counted.get(object.id) ?? 0);
    expect(object.pointerCount, `${object.type} ${object.id}: a live object has a reference`).toBeGreaterThanOrEqual(Math.max(1, object.handleCount));
  }
  for (const objectId of counted.keys()) expect(live.has(objectId), `object ${objectId} with handles is alive`).toBe(true);
  for (const [objectId, expected] of model.objects) {
    const actual = live.get(objectId);
    expect(actual !== undefined, `${expected.type} ${objectId} alive exactly while referenced (model count ${expected.handleCount})`).toBe(model.expectedAlive(expected));
    if (actual === undefined) continue;
    expect(actual.handleCount).toBe(expected.handleCount);
    if (expected.type === 'Event') expect(actual.pointerCount, `Event ${objectId}: no internal references`).toBe(actual.handleCount);
  }
}

function runSequence(ops: readonly Op[], processCount: number, verifier = false): Model {
  const kernel = createKernel({ verifier });
  const model = new Model(kernel, verifier ? 'quarantined' : 'lifo');
  const main = kernel.process(GetCurrentProcessId());
  expect(main, 'the kernel has a main process').toBeDefined();
  model.addProcess(main!);
  for (let i = 1; i < processCount; i += 1) model.addProcess(kernel.createProcess({ name: `worker${i}.exe` }));
  checkInvariants(model);
  for (const op of ops) {
    step(model, op);
    checkInvariants(model);
  }
  return model;
}

describe('kernel model properties (random create/open/duplicate/close/inherit/exit sequences)', () => {
  it('keeps handle counts, object lifetimes, unique values and LIFO reuse', () => {
    fc.assert(
      fc.property(fc.array(opArbitrary, { minLength: 1, maxLength: 40, size: 'max' }), fc.integer({ min: 1, max: 4 }), (ops, processes) => {
        runSequence(ops, processes);
      }),
      { numRuns: 150 },
    );
    for (const label of [
      'create', 'create of an existing name', 'open', 'open of a missing name', 'close', 'close of a stale value',
      'duplicate within processes', 'duplicate within processes with CLOSE_SOURCE',
      'duplicate across processes', 'duplicate across processes with CLOSE_SOURCE',
      'spawn that inherits handles', 'allocation in a child that inherited', 'exit with handles open',
    ]) {
      expect(exercised.get(label) ?? 0, `property runs exercised "${label}"`).toBeGreaterThanOrEqual(20);
    }
  });

  it('with the verifier on: the same invariants, no reuse inside the quarantine, one stop per bad call, one leak per handle open at exit', () => {
    fc.assert(
      fc.property(fc.array(opArbitrary, { minLength: 1, maxLength: 40, size: 'max' }), fc.integer({ min: 1, max: 4 }), (ops, processes) => {
        const model = runSequence(ops, processes, true);
        const report = model.kernel.report();
        expect(report.stops.map((stop) => `${stop.name}/${stop.kind ?? ''} ${stop.api}`), 'one stop per stale close, none for anything else').toHaveLength(model.expectedStops);
        expect(report.leaks, 'one leak per handle open in an exited process').toHaveLength(model.expectedLeaks);
      }),
      { numRuns: 80 },
    );
  });

  it('hands out 0x4, 0x8, 0xC in a fresh table and reuses the most recently closed value first', () => {
    const kernel = createKernel({});
    const p = kernel.process(GetCurrentProcessId())!;
    const [a, b, c] = [0, 1, 2].map(() => p.win32.CreateEventW(null, false, false, null));
    expect([a, b, c]).toEqual([0x4, 0x8, 0xc]);
    expect(p.win32.CloseHandle(a!)).toBe(true);
    expect(p.win32.CloseHandle(c!)).toBe(true);
    expect(p.win32.CreateEventW(null, false, false, null)).toBe(c);
    expect(p.win32.CreateEventW(null, false, false, null)).toBe(a);
    expect(p.win32.CreateEventW(null, false, false, null)).toBe(0x10);
  });
});
