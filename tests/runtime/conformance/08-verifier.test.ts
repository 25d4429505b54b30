/** runtime-spec §8: the verifier's reuse policy, trace records, stops with codes/kinds/locations, leaks at exit, break mode. */
import { describe, expect, it } from 'vitest';
import {
  CloseHandle, CreateEventW, CreateMutexW, CreateFileW, CreateFileMappingW, CreateProcessW, DuplicateHandle, SetEvent,
  SetHandleInformation, WaitForMultipleObjects, WaitForSingleObject, GetLastError, owned, OwnedHandle, VerifierStopError,
  FindFirstFileW, GetCurrentProcess, out,
  DUPLICATE_CLOSE_SOURCE, DUPLICATE_SAME_ACCESS, ERROR_INVALID_HANDLE, ERROR_INVALID_PARAMETER, GENERIC_READ, OPEN_EXISTING,
  HANDLE_FLAG_PROTECT_FROM_CLOSE, PAGE_READWRITE, WAIT_FAILED, INVALID_HANDLE_VALUE,
  type Kernel,
} from '../../../runtime/index.js';
import { fresh, le } from './util.js';

const HERE = new URL(import.meta.url).pathname;
const atLine = (loc: string | undefined) => Number(loc?.slice(HERE.length + 1).split(':')[0]);
/** The 1-based line of the caller of this function (to assert exact locations). */
function lineHere(): number {
  const holder: { stack?: string } = {};
  Error.captureStackTrace(holder, lineHere);
  return Number(/:(\d+):\d+\)?$/m.exec(holder.stack!.split('\n')[1]!)![1]);
}
const stops = (k: Kernel) => k.report().stops;

describe('8.2 item 1: reuse policy', () => {
  it('forces FIFO with a 256-allocation quarantine: a closed value is not handed out again soon', () => {
    const k = fresh({ verifier: true });
    expect(k.options.reusePolicy).toBe('fifo');
    expect(k.options.quarantine).toBe(256);
    const a = CreateEventW(null, true, false, null);
    CloseHandle(a);
    expect(CreateEventW(null, true, false, null)).toBe(0x8);
  });

  it('keeps an explicitly chosen policy', () => {
    const k = fresh({ verifier: true, reusePolicy: 'lifo', quarantine: 0 });
    const a = CreateEventW(null, true, false, null);
    CloseHandle(a);
    expect(CreateEventW(null, true, false, null)).toBe(a);
    expect(k.options.reusePolicy).toBe('lifo');
  });
});

describe('8.2 item 2: trace records', () => {
  it('records OPEN, CLOSE and BADREF with api, object, location; the exit sweep is cause "exit"', () => {
    const k = fresh({ verifier: true });
    const line = lineHere() + 1;
    const e = CreateEventW(null, true, false, null);
    CloseHandle(e);
    CloseHandle(e);
    CreateMutexW(null, false, null);
    k.mainProcess.exit(0);
    const t = k.trace();
    expect(t.map((r) => [r.kind, r.api, r.value])).toEqual([
      ['OPEN', 'CreateEventW', 0x4], ['CLOSE', 'CloseHandle', 0x4], ['BADREF', 'CloseHandle', 0x4],
      ['OPEN', 'CreateMutexW', 0x8], ['CLOSE', 'ExitProcess', 0x8],
    ]);
    expect(t[0]).toMatchObject({ pid: k.mainProcess.pid, objectType: 'Event', objectId: expect.any(Number) });
    expect(atLine(t[0]!.location)).toBe(line);
    expect(t[4]).toMatchObject({ kind: 'CLOSE', cause: 'exit', objectType: 'Mutant' });
    expect(t.every((r, i) => i === 0 || r.seq > t[i - 1]!.seq)).toBe(true);
  });

  it('keeps at most traceSlots records', () => {
    const k = fresh({ verifier: { traceSlots: 128 } });
    for (let i = 0; i < 100; i++) CloseHandle(CreateEventW(null, true, false, null));
    const t = k.trace();
    expect(t).toHaveLength(128);
    expect(t[0]!.seq).toBe(73);
  });
});

describe('8.2 item 3: detections', () => {
  it('NULL_HANDLE (0x303) for any API given 0, CloseHandle included', () => {
    const k = fresh({ verifier: true });
    const line = lineHere() + 1;
    SetEvent(0);
    CloseHandle(0);
    expect(stops(k).map((s) => [s.name, s.code, s.api, s.handle])).toEqual([
      ['NULL_HANDLE', 0x303, 'SetEvent', 0], ['NULL_HANDLE', 0x303, 'CloseHandle', 0],
    ]);
    expect(k.trace().map((r) => [r.kind, r.api, r.value])).toEqual([['BADREF', 'SetEvent', 0], ['BADREF', 'CloseHandle', 0]]);
    expect(atLine(stops(k)[0]!.location)).toBe(line);
    expect(stops(k)[0]!.location!.startsWith(HERE)).toBe(true);
  });

  it('INVALID_HANDLE double-close carries both locations; the return value and LE are as without the verifier', () => {
    const k = fresh({ verifier: true });
    const e = CreateEventW(null, true, false, null);
    const first = lineHere() + 1;
    CloseHandle(e);
    const second = lineHere() + 1;
    const ok = CloseHandle(e);
    expect(ok).toBe(false);
    expect(GetLastError()).toBe(ERROR_INVALID_HANDLE);
    const [s] = stops(k);
    expect(s).toMatchObject({ name: 'INVALID_HANDLE', code: 0x300, kind: 'double-close', handle: e, pid: k.mainProcess.pid, api: 'CloseHandle', severity: 'error' });
    expect(atLine(s!.location)).toBe(second);
    expect(atLine(s!.firstLocation)).toBe(first);
  });

  it('INVALID_HANDLE use-after-close, never-opened and foreign-process-value', () => {
    const k = fresh({ verifier: true });
    const e = CreateEventW(null, true, false, null);
    CloseHandle(e);
    SetEvent(e);
    SetEvent(0x400);
    const pi: { dwProcessId?: number } = {};
    CreateProcessW('c.exe', null, null, null, false, 0, null, null, {}, pi);
    const child = k.process(pi.dwProcessId!)!;
    const inChild = k.run(child, () => [CreateEventW(null, true, false, null), CreateEventW(null, true, false, null), CreateEventW(null, true, false, null), CreateEventW(null, true, false, null), CreateEventW(null, true, false, null)]);
    SetEvent(inChild[4]!); // 0x14: open in the child only
    expect(stops(k).map((s) => s.kind)).toEqual(['use-after-close', 'never-opened', 'foreign-process-value']);
  });

  it('INVALID_HANDLE pseudo-close is a warning', () => {
    const k = fresh({ verifier: true });
    expect(CloseHandle(-1)).toBe(true);
    expect(stops(k)).toEqual([expect.objectContaining({ name: 'INVALID_HANDLE', kind: 'pseudo-close', severity: 'warning', handle: -1 })]);
  });

  it('INVALID_HANDLE_VALUE_USED: closing the -1 of a failed CreateFile', () => {
    const k = fresh({ verifier: true });
    const f = CreateFileW('C:\\nope', GENERIC_READ, 0, null, OPEN_EXISTING, 0, null);
    expect(CloseHandle(f)).toBe(true); // as on Windows: the pseudo-handle close "succeeds"
    CreateFileMappingW(f, null, PAGE_READWRITE, 0, 16, null);
    expect(stops(k).map((s) => [s.name, s.code, s.api])).toEqual([
      ['INVALID_HANDLE_VALUE_USED', 0x300, 'CloseHandle'], ['INVALID_HANDLE_VALUE_USED', 0x300, 'CreateFileMappingW'],
    ]);
  });

  it('INCORRECT_OBJECT_TYPE (0x305) names the actual and expected types', () => {
    const k = fresh({ verifier: true });
    const m = CreateMutexW(null, false, null);
    expect(SetEvent(m)).toBe(false);
    expect(le()).toBe(ERROR_INVALID_HANDLE);
    expect(stops(k)[0]).toMatchObject({ name: 'INCORRECT_OBJECT_TYPE', code: 0x305, actualType: 'Mutant', expectedType: 'Event' });
  });

  it('INCORRECT_WAIT_CALL (0x302) for a NULL array or a count of 0', () => {
    const k = fresh({ verifier: true });
    expect(WaitForMultipleObjects(0, [], false, 0)).toBe(WAIT_FAILED);
    expect(WaitForMultipleObjects(1, null, false, 0)).toBe(WAIT_FAILED);
    expect(le()).toBe(ERROR_INVALID_PARAMETER);
    expect(stops(k).map((s) => [s.name, s.code])).toEqual([['INCORRECT_WAIT_CALL', 0x302], ['INCORRECT_WAIT_CALL', 0x302]]);
  });

  it('PROTECTED_CLOSE is reported as STATUS_HANDLE_NOT_CLOSABLE', () => {
    const k = fresh({ verifier: true });
    const e = CreateEventW(null, true, false, null);
    SetHandleInformation(e, HANDLE_FLAG_PROTECT_FROM_CLOSE, HANDLE_FLAG_PROTECT_FROM_CLOSE);
    expect(CloseHandle(e)).toBe(false);
    expect(stops(k)[0]).toMatchObject({ name: 'PROTECTED_CLOSE', code: 0xc0000235, handle: e });
  });

  it('UNNAMED_DUPLICATE: lpTargetHandle NULL with a target', () => {
    const k = fresh({ verifier: true });
    const e = CreateEventW(null, true, false, null);
    expect(DuplicateHandle(-1, e, -1, null, 0, false, DUPLICATE_SAME_ACCESS)).toBe(true);
    expect(stops(k)[0]).toMatchObject({ name: 'UNNAMED_DUPLICATE', api: 'DuplicateHandle' });
  });

  it('CLOSE_SOURCE_LOST: DuplicateHandle failed after closing the source', () => {
    const k = fresh({ verifier: true });
    const e = CreateEventW(null, true, false, null);
    const notProcess = CreateEventW(null, true, false, null);
    expect(DuplicateHandle(-1, e, notProcess, out(), 0, false, DUPLICATE_SAME_ACCESS | DUPLICATE_CLOSE_SOURCE)).toBe(false);
    expect(stops(k).map((s) => s.name)).toEqual(['INCORRECT_OBJECT_TYPE', 'CLOSE_SOURCE_LOST']);
    expect(stops(k)[1]).toMatchObject({ handle: e });
  });

  it('STALE_RECYCLED_USE: an OwnedHandle used after its slot was recycled for another object', () => {
    const k = fresh({ verifier: true, reusePolicy: 'lifo', quarantine: 0 });
    const e = owned(CreateEventW(null, true, false, null));
    CloseHandle(e.value); // someone closes the value behind the wrapper's back
    const line = lineHere() + 1;
    const other = CreateEventW(null, true, false, null);
    expect(other).toBe(e.value);
    expect(SetEvent(e)).toBe(true); // succeeds, on the other object
    expect(stops(k)).toEqual([expect.objectContaining({ name: 'STALE_RECYCLED_USE', handle: other, api: 'SetEvent' })]);
    expect(atLine(stops(k)[0]!.firstLocation)).toBe(line);
    expect(e).toBeInstanceOf(OwnedHandle);
  });
});

describe('8.2 item 4: leaks at process exit', () => {
  it('reports every handle still open, with the acquiring API and the user location', () => {
    const k = fresh({ verifier: true, files: { 'C:\\x.txt': 'x' } });
    const l1 = lineHere() + 1;
    const e = CreateEventW(null, true, false, null);
    const d = out();
    const l2 = lineHere() + 1;
    DuplicateHandle(-1, e, -1, d, 0, false, DUPLICATE_SAME_ACCESS);
    const l3 = lineHere() + 1;
    const find = FindFirstFileW('C:\\*', {});
    const closed = CreateMutexW(null, false, null);
    CloseHandle(closed);
    k.mainProcess.exit(0);
    const leaks = k.report().leaks;
    expect(leaks.map((x) => [x.handle, x.type, x.api, atLine(x.location)])).toEqual([
      [0x4, 'Event', 'CreateEventW', l1],
      [0x8, 'Event', 'DuplicateHandle', l2],
      [find, 'Find', 'FindFirstFileW', l3],
    ]);
    expect(leaks[0]).toMatchObject({ pid: k.mainProcess.pid, processName: 'main', inherited: false });
  });

  it('no leaks when everything was closed', () => {
    const k = fresh({ verifier: true });
    {
      using e = owned(CreateEventW(null, true, false, null));
      expect(WaitForSingleObject(e, 0)).toBe(0x102);
      expect(k.mainProcess.handles()).toHaveLength(1);
    }
    expect(k.mainProcess.handles()).toHaveLength(0);
    CloseHandle(CreateMutexW(null, false, null));
    k.mainProcess.exit(0);
    expect(k.report()).toEqual({ stops: [], leaks: [] });
  });

  it('does not record leaks when the verifier is off', () => {
    const k = fresh();
    CreateEventW(null, true, false, null);
    k.mainProcess.exit(0);
    expect(k.report()).toEqual({ stops: [], leaks: [] });
  });
});

describe('break mode', () => {
  it('throws VerifierStopError at the first error stop, after setting the failure LE; warnings do not throw', () => {
    const k = fresh({ verifier: { break: true } });
    expect(CloseHandle(-1)).toBe(true);
    const e = CreateEventW(null, true, false, null);
    CloseHandle(e);
    let caught: unknown;
    try {
      CloseHandle(e);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(VerifierStopError);
    expect((caught as VerifierStopError).stop).toMatchObject({ name: 'INVALID_HANDLE', kind: 'double-close', handle: e });
    expect((caught as VerifierStopError).code).toBe(0xc0000008);
    expect(GetLastError()).toBe(ERROR_INVALID_HANDLE);
    expect(k.report().stops).toHaveLength(2);
  });

  it("raise: 'exception' (the spec's spelling) is break mode", () => {
    fresh({ verifier: { raise: 'exception' } });
    expect(() => SetEvent(0)).toThrow(VerifierStopError);
  });
});

describe('8.2 item 5: the verifier does not change results', () => {
  it('the same program gives the same results and LEs with and without the verifier (values aside)', () => {
    const program = () => {
      const r: unknown[] = [];
      const e = CreateEventW(null, true, false, 'V');
      r.push(GetLastError(), SetEvent(e), CloseHandle(e), CloseHandle(e), GetLastError(), SetEvent(0), GetLastError());
      r.push(CreateFileW('C:\\none', GENERIC_READ, 0, null, OPEN_EXISTING, 0, null) === INVALID_HANDLE_VALUE, GetLastError());
      const d = out();
      r.push(DuplicateHandle(-1, 0x40, -1, d, 0, false, 0), GetLastError(), d.value);
      return r;
    };
    fresh();
    const plain = program();
    fresh({ verifier: true });
    expect(program()).toEqual(plain);
  });
});

describe('8.2 item 4: snapshot / diff (!htrace -snapshot / -diff)', () => {
  it('lists the handles opened after the snapshot that are still open', () => {
    const k = fresh({ verifier: true });
    const before = CreateEventW(null, true, false, null);
    const mark = k.snapshot();
    const line = lineHere() + 1;
    const leaked = CreateEventW(null, true, false, null);
    CloseHandle(CreateMutexW(null, false, null));
    const rows = k.diff(mark);
    expect(rows.map((r) => [r.value, r.type, r.api, r.pid])).toEqual([[leaked, 'Event', 'CreateEventW', k.mainProcess.pid]]);
    expect(atLine(rows[0]!.location)).toBe(line);
    expect(k.diff(0).map((r) => r.value)).toEqual([before, leaked]);
  });
});

describe('stack capture budget', () => {
  it('captures every record within the budget, then one in stackSampleEvery; stacks "all" captures all', () => {
    const k = fresh({ verifier: { stackBudget: 2, stackSampleEvery: 3 } });
    for (let i = 0; i < 4; i++) CloseHandle(CreateEventW(null, true, false, null));
    expect(k.trace().map((r) => r.location !== undefined)).toEqual([true, true, false, false, true, false, false, true]);
    expect(k.verifier).toMatchObject({ stacks: 'sampled', stackBudget: 2, stackSampleEvery: 3 });
    const all = fresh({ verifier: { stacks: 'all' } });
    for (let i = 0; i < 1500; i++) CloseHandle(CreateEventW(null, true, false, null));
    expect(all.trace().every((r) => r.location?.startsWith(HERE))).toBe(true);
    expect(fresh({ verifier: true }).verifier).toMatchObject({ stackBudget: 1024, stackSampleEvery: 1024 });
  });

  it('stops always carry a location, also past the budget', () => {
    const k = fresh({ verifier: { stackBudget: 0, stackSampleEvery: 1e9 } });
    const e = CreateEventW(null, true, false, null);
    CloseHandle(e);
    const line = lineHere() + 1;
    CloseHandle(e);
    expect(atLine(k.report().stops[0]!.location)).toBe(line);
    expect(k.report().stops[0]!.firstLocation).toBeUndefined();
  });
});

describe('INVALID_HANDLE_VALUE provenance', () => {
  it('a -1 obtained from GetCurrentProcess() after a failed CreateFile is the pseudo handle again', () => {
    const k = fresh({ verifier: true });
    expect(CreateFileW('C:\\nope', GENERIC_READ, 0, null, OPEN_EXISTING, 0, null)).toBe(INVALID_HANDLE_VALUE);
    const self = GetCurrentProcess();
    expect(CloseHandle(self)).toBe(true);
    expect(k.report().stops.map((s) => [s.name, s.kind, s.severity])).toEqual([['INVALID_HANDLE', 'pseudo-close', 'warning']]);
  });
});
