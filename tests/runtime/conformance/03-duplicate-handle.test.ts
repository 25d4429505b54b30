/** runtime-spec §3: DuplicateHandle in the spec's order, every row of the 3.6 table, pseudo sources, CE rules. */
import { describe, expect, it } from 'vitest';
import {
  CloseHandle, CreateEventW, CreateFileW, CreateProcessW, DuplicateHandle, OpenProcess, GetCurrentProcessId, SetEvent,
  WaitForSingleObject, CompareObjectHandles, GetHandleInformation, SetHandleInformation, CreateMutexW, CreateSemaphoreW,
  GetProcessHandleCount, SetLastError, out,
  DUPLICATE_CLOSE_SOURCE, DUPLICATE_SAME_ACCESS, DUPLICATE_SAME_ATTRIBUTES, HANDLE_FLAG_INHERIT, HANDLE_FLAG_PROTECT_FROM_CLOSE,
  ERROR_INVALID_HANDLE, ERROR_ACCESS_DENIED, ERROR_INVALID_PARAMETER, ERROR_NO_SYSTEM_RESOURCES, EVENT_QUERY_STATE,
  EVENT_MODIFY_STATE, EVENT_ALL_ACCESS, GENERIC_READ, GENERIC_WRITE, GENERIC_ALL, SYNCHRONIZE, CREATE_ALWAYS, OPEN_EXISTING,
  PROCESS_QUERY_INFORMATION, PROCESS_ALL_ACCESS, THREAD_ALL_ACCESS, WAIT_FAILED, WAIT_OBJECT_0, NULL,
  FILE_GENERIC_READ,
} from '../../../runtime/index.js';
import { fresh, le, outPreset, UNCHANGED, objectOf } from './util.js';

function spawn(k: ReturnType<typeof fresh>) {
  const pi: { hProcess?: number; dwProcessId?: number } = {};
  expect(CreateProcessW('child.exe', null, null, null, false, 0, null, null, {}, pi)).toBe(true);
  return { hProcess: pi.hProcess!, child: k.process(pi.dwProcessId!)! };
}

const isOpen = (k: ReturnType<typeof fresh>, h: number) => k.currentProcess().handles().some((e) => e.value === h);

describe('3.1 basics and step order', () => {
  it('makes a new value for the same object (not an AddRef): closing one leaves the other', () => {
    const k = fresh();
    const e = CreateEventW(null, true, false, null);
    const d = out();
    SetLastError(UNCHANGED);
    expect(DuplicateHandle(-1, e, -1, d, 0, false, DUPLICATE_SAME_ACCESS)).toBe(true);
    expect(le()).toBe(UNCHANGED);
    expect(d.value).toBe(0x8);
    expect(CompareObjectHandles(e, d.value)).toBe(true);
    expect(objectOf(k, e)!.handleCount).toBe(2);
    CloseHandle(e);
    expect(SetEvent(d.value)).toBe(true);
  });

  it('CLOSE_SOURCE + SAME_ACCESS into the same process returns the source value (LIFO)', () => {
    fresh();
    const low = CreateEventW(null, true, false, null);
    const f = CreateEventW(null, true, false, null);
    CloseHandle(low); // a lower freed slot: the most recently freed (the source) still wins
    const d = out();
    expect(DuplicateHandle(-1, f, -1, d, 0, false, DUPLICATE_SAME_ACCESS | DUPLICATE_CLOSE_SOURCE)).toBe(true);
    expect(d.value).toBe(f);
  });

  it('writes 0 to the out value first, so every failure leaves 0', () => {
    fresh();
    const d = outPreset();
    expect(DuplicateHandle(-1, 0x40, -1, d, 0, false, DUPLICATE_SAME_ACCESS)).toBe(false);
    expect(d.value).toBe(0);
    const arr = [77];
    expect(DuplicateHandle(-1, 0x40, -1, arr, 0, false, DUPLICATE_SAME_ACCESS)).toBe(false);
    expect(arr[0]).toBe(0);
  });

  it('accepts koffi-style one-element arrays for the out value', () => {
    fresh();
    const e = CreateEventW(null, true, false, null);
    const arr: number[] = [0];
    expect(DuplicateHandle(-1, e, -1, arr, 0, false, DUPLICATE_SAME_ACCESS)).toBe(true);
    expect(arr[0]).toBe(0x8);
  });

  it('rejects unknown option bits with ERROR_INVALID_PARAMETER and closes nothing', () => {
    const k = fresh();
    const e = CreateEventW(null, true, false, null);
    expect(DuplicateHandle(-1, e, -1, out(), 0, false, 0x8 | DUPLICATE_CLOSE_SOURCE)).toBe(false);
    expect(le()).toBe(ERROR_INVALID_PARAMETER);
    expect(isOpen(k, e)).toBe(true);
  });

  it('reserved access bits fail ERROR_ACCESS_DENIED before the source is looked up: nothing closed', () => {
    const k = fresh();
    const e = CreateEventW(null, true, false, null);
    expect(DuplicateHandle(-1, e, -1, out(), 0x00200000, false, DUPLICATE_CLOSE_SOURCE)).toBe(false);
    expect(le()).toBe(ERROR_ACCESS_DENIED);
    expect(isOpen(k, e)).toBe(true);
  });
});

describe('3.6 every row of the return / LE table', () => {
  it('success: TRUE, LE unchanged, source closed with CLOSE_SOURCE', () => {
    const k = fresh();
    const e = CreateEventW(null, true, false, null);
    const other = CreateEventW(null, true, false, null);
    const d = out();
    SetLastError(UNCHANGED);
    expect(DuplicateHandle(-1, e, -1, d, 0, false, DUPLICATE_SAME_ACCESS | DUPLICATE_CLOSE_SOURCE)).toBe(true);
    expect(le()).toBe(UNCHANGED);
    expect(d.value).toBe(e);
    expect(k.currentProcess().handles().map((x) => x.value)).toEqual([e, other]);
  });

  it('bad or wrong-type hSourceProcess: ERROR_INVALID_HANDLE, nothing closed', () => {
    const k = fresh();
    const e = CreateEventW(null, true, false, null);
    const d = outPreset();
    expect(DuplicateHandle(e, e, -1, d, 0, false, DUPLICATE_SAME_ACCESS | DUPLICATE_CLOSE_SOURCE)).toBe(false);
    expect(le()).toBe(ERROR_INVALID_HANDLE);
    expect(d.value).toBe(0);
    expect(DuplicateHandle(0x100, e, -1, d, 0, false, DUPLICATE_CLOSE_SOURCE)).toBe(false);
    expect(le()).toBe(ERROR_INVALID_HANDLE);
    expect(isOpen(k, e)).toBe(true);
  });

  it('hSourceProcess without PROCESS_DUP_HANDLE: ERROR_ACCESS_DENIED, nothing closed', () => {
    const k = fresh();
    const e = CreateEventW(null, true, false, null);
    const self = OpenProcess(PROCESS_QUERY_INFORMATION, false, GetCurrentProcessId());
    expect(DuplicateHandle(self, e, -1, out(), 0, false, DUPLICATE_SAME_ACCESS | DUPLICATE_CLOSE_SOURCE)).toBe(false);
    expect(le()).toBe(ERROR_ACCESS_DENIED);
    expect(isOpen(k, e)).toBe(true);
  });

  it('source process exited: ERROR_ACCESS_DENIED', () => {
    const k = fresh();
    const { hProcess, child } = spawn(k);
    k.run(child, () => CreateEventW(null, true, false, null));
    child.exit(0);
    expect(DuplicateHandle(hProcess, 0x4, -1, out(), 0, false, DUPLICATE_SAME_ACCESS)).toBe(false);
    expect(le()).toBe(ERROR_ACCESS_DENIED);
  });

  it('hSource invalid in the source process: ERROR_INVALID_HANDLE', () => {
    fresh();
    const d = outPreset();
    expect(DuplicateHandle(-1, 0x44, -1, d, 0, false, DUPLICATE_SAME_ACCESS | DUPLICATE_CLOSE_SOURCE)).toBe(false);
    expect(le()).toBe(ERROR_INVALID_HANDLE);
    expect(d.value).toBe(0);
  });

  it('hTargetProcess NULL without CLOSE_SOURCE: ERROR_INVALID_PARAMETER', () => {
    const k = fresh();
    const e = CreateEventW(null, true, false, null);
    expect(DuplicateHandle(-1, e, NULL, out(), 0, false, DUPLICATE_SAME_ACCESS)).toBe(false);
    expect(le()).toBe(ERROR_INVALID_PARAMETER);
    expect(isOpen(k, e)).toBe(true);
  });

  it('hTargetProcess NULL with CLOSE_SOURCE: TRUE, LE unchanged, source closed, out 0', () => {
    const k = fresh();
    const e = CreateEventW(null, true, false, null);
    const d = outPreset();
    SetLastError(UNCHANGED);
    expect(DuplicateHandle(-1, e, NULL, d, 0, false, DUPLICATE_CLOSE_SOURCE)).toBe(true);
    expect(le()).toBe(UNCHANGED);
    expect(d.value).toBe(0);
    expect(isOpen(k, e)).toBe(false);
    expect(k.objects().filter((o) => o.type === 'Event')).toEqual([]);
  });

  it('bad or wrong-type hTargetProcess with CLOSE_SOURCE: ERROR_INVALID_HANDLE and the source IS closed', () => {
    const k = fresh();
    const e = CreateEventW(null, true, false, null);
    const notAProcess = CreateEventW(null, true, false, null);
    const d = outPreset();
    expect(DuplicateHandle(-1, e, notAProcess, d, 0, false, DUPLICATE_SAME_ACCESS | DUPLICATE_CLOSE_SOURCE)).toBe(false);
    expect(le()).toBe(ERROR_INVALID_HANDLE);
    expect(d.value).toBe(0);
    expect(isOpen(k, e)).toBe(false);
  });

  it('hTargetProcess without PROCESS_DUP_HANDLE with CLOSE_SOURCE: ERROR_ACCESS_DENIED, source closed', () => {
    const k = fresh();
    const { child } = spawn(k);
    const weak = OpenProcess(PROCESS_QUERY_INFORMATION, false, child.pid);
    const e = CreateEventW(null, true, false, null);
    expect(DuplicateHandle(-1, e, weak, out(), 0, false, DUPLICATE_SAME_ACCESS | DUPLICATE_CLOSE_SOURCE)).toBe(false);
    expect(le()).toBe(ERROR_ACCESS_DENIED);
    expect(isOpen(k, e)).toBe(false);
    expect(child.handles()).toEqual([]);
  });

  it('target process exited with CLOSE_SOURCE: ERROR_ACCESS_DENIED, source closed', () => {
    const k = fresh();
    const { hProcess, child } = spawn(k);
    child.exit(0);
    const e = CreateEventW(null, true, false, null);
    expect(DuplicateHandle(-1, e, hProcess, out(), 0, false, DUPLICATE_SAME_ACCESS | DUPLICATE_CLOSE_SOURCE)).toBe(false);
    expect(le()).toBe(ERROR_ACCESS_DENIED);
    expect(isOpen(k, e)).toBe(false);
  });

  it('more rights on a file object: ERROR_ACCESS_DENIED, source closed', () => {
    const k = fresh({ files: { 'C:\\f.txt': 'data' } });
    const f = CreateFileW('C:\\f.txt', GENERIC_READ, 0, null, OPEN_EXISTING, 0, null);
    const d = outPreset();
    expect(DuplicateHandle(-1, f, -1, d, GENERIC_READ | GENERIC_WRITE, false, DUPLICATE_CLOSE_SOURCE)).toBe(false);
    expect(le()).toBe(ERROR_ACCESS_DENIED);
    expect(d.value).toBe(0);
    expect(isOpen(k, f)).toBe(false);
    expect(k.objects().filter((o) => o.type === 'File')).toEqual([]);
  });

  it('more rights on a non-file object the DACL denies: ERROR_ACCESS_DENIED, source closed', () => {
    const k = fresh();
    const e = CreateEventW(null, true, false, null);
    const weak = out();
    DuplicateHandle(-1, e, -1, weak, SYNCHRONIZE, false, 0);
    k.restrictAccess(objectOf(k, e)!.id, SYNCHRONIZE);
    expect(DuplicateHandle(-1, weak.value, -1, out(), EVENT_MODIFY_STATE, false, DUPLICATE_CLOSE_SOURCE)).toBe(false);
    expect(le()).toBe(ERROR_ACCESS_DENIED);
    expect(isOpen(k, weak.value)).toBe(false);
  });

  it('target table full: ERROR_NO_SYSTEM_RESOURCES, source closed, the count rolled back', () => {
    const k = fresh({ maxHandlesPerProcess: 3 });
    const { hProcess, child } = spawn(k); // parent: hProcess 0x4, hThread 0x8
    k.run(child, () => [1, 2, 3].map(() => CreateEventW(null, true, false, null))); // child full
    const e = CreateEventW(null, true, false, null); // parent full too
    expect(e).toBe(0xc);
    const id = objectOf(k, e)!.id;
    const d = outPreset();
    expect(DuplicateHandle(-1, e, hProcess, d, 0, false, DUPLICATE_SAME_ACCESS)).toBe(false);
    expect(le()).toBe(ERROR_NO_SYSTEM_RESOURCES);
    expect(k.object(id)).toMatchObject({ handleCount: 1, pointerCount: 1 });
    expect(DuplicateHandle(-1, e, hProcess, d, 0, false, DUPLICATE_SAME_ACCESS | DUPLICATE_CLOSE_SOURCE)).toBe(false);
    expect(le()).toBe(ERROR_NO_SYSTEM_RESOURCES);
    expect(d.value).toBe(0);
    expect(isOpen(k, e)).toBe(false);
    expect(k.object(id)).toBeUndefined(); // the caller lost its only handle
    expect(child.handles()).toHaveLength(3);
  });

  it('with CLOSE_SOURCE into the same full table the freed source slot makes room', () => {
    const k = fresh({ maxHandlesPerProcess: 1 });
    const e = CreateEventW(null, true, false, null);
    expect(DuplicateHandle(-1, e, -1, out(), 0, false, DUPLICATE_SAME_ACCESS)).toBe(false);
    expect(le()).toBe(ERROR_NO_SYSTEM_RESOURCES);
    const d = out();
    expect(DuplicateHandle(-1, e, -1, d, 0, false, DUPLICATE_SAME_ACCESS | DUPLICATE_CLOSE_SOURCE)).toBe(true);
    expect(d.value).toBe(e);
    expect(objectOf(k, e)!.handleCount).toBe(1);
  });
});

describe('3.1 steps 9-10: access and attributes of the new entry', () => {
  it('maps GENERIC_* through the type mapping and drops unknown bits', () => {
    const k = fresh();
    const e = CreateEventW(null, true, false, null);
    const r = out();
    DuplicateHandle(-1, e, -1, r, GENERIC_READ, false, 0);
    const a = out();
    DuplicateHandle(-1, e, -1, a, GENERIC_ALL | 0x4 | 0x8000, false, 0);
    const entries = k.currentProcess().handles();
    expect(entries.find((x) => x.value === r.value)!.access).toBe(0x20001);
    expect(entries.find((x) => x.value === a.value)!.access).toBe(EVENT_ALL_ACCESS);
  });

  it('dwDesiredAccess 0 without SAME_ACCESS yields a handle with no rights', () => {
    fresh();
    const e = CreateEventW(null, true, false, null);
    const none = out();
    expect(DuplicateHandle(-1, e, -1, none, 0, false, 0)).toBe(true);
    expect(SetEvent(none.value)).toBe(false);
    expect(le()).toBe(ERROR_ACCESS_DENIED);
    expect(WaitForSingleObject(none.value, 0)).toBe(WAIT_FAILED);
    expect(le()).toBe(ERROR_ACCESS_DENIED);
    const again = out();
    expect(DuplicateHandle(-1, none.value, -1, again, 0, false, DUPLICATE_SAME_ACCESS)).toBe(true);
    expect(CompareObjectHandles(none.value, e)).toBe(true);
    expect(CloseHandle(none.value)).toBe(true);
  });

  it('a non-file duplicate may have more rights than its source (DACL permitting)', () => {
    const k = fresh();
    const e = CreateEventW(null, true, false, null);
    const q = out();
    DuplicateHandle(-1, e, -1, q, EVENT_QUERY_STATE, false, 0);
    const more = out();
    expect(DuplicateHandle(-1, q.value, -1, more, EVENT_MODIFY_STATE | SYNCHRONIZE, false, 0)).toBe(true);
    expect(k.currentProcess().handles().find((x) => x.value === more.value)!.access).toBe(EVENT_MODIFY_STATE | SYNCHRONIZE);
    expect(SetEvent(more.value)).toBe(true);
  });

  it('a subset of a file handle\'s rights is fine', () => {
    const k = fresh({ files: { 'C:\\f.txt': 'x' } });
    const f = CreateFileW('C:\\f.txt', GENERIC_READ | GENERIC_WRITE, 0, null, OPEN_EXISTING, 0, null);
    const d = out();
    expect(DuplicateHandle(-1, f, -1, d, GENERIC_READ, false, 0)).toBe(true);
    expect(k.currentProcess().handles().find((x) => x.value === d.value)!.access).toBe(FILE_GENERIC_READ);
  });

  it('bInheritHandle sets HANDLE_FLAG_INHERIT; SAME_ATTRIBUTES copies inherit+protect and ignores bInheritHandle', () => {
    fresh();
    const e = CreateEventW(null, true, false, null);
    const inh = out();
    DuplicateHandle(-1, e, -1, inh, 0, true, DUPLICATE_SAME_ACCESS);
    const flags = out<number>(9);
    GetHandleInformation(inh.value, flags);
    expect(flags.value).toBe(HANDLE_FLAG_INHERIT);
    SetHandleInformation(inh.value, HANDLE_FLAG_PROTECT_FROM_CLOSE, HANDLE_FLAG_PROTECT_FROM_CLOSE);
    const same = out();
    DuplicateHandle(-1, inh.value, -1, same, 0, false, DUPLICATE_SAME_ACCESS | DUPLICATE_SAME_ATTRIBUTES);
    GetHandleInformation(same.value, flags);
    expect(flags.value).toBe(HANDLE_FLAG_INHERIT | HANDLE_FLAG_PROTECT_FROM_CLOSE);
    const fromPseudo = out();
    DuplicateHandle(-1, -1, -1, fromPseudo, 0, true, DUPLICATE_SAME_ACCESS | DUPLICATE_SAME_ATTRIBUTES);
    GetHandleInformation(fromPseudo.value, flags);
    expect(flags.value).toBe(0);
  });
});

describe('3.1 step 12: what CLOSE_SOURCE does not close', () => {
  it('a protected source stays open and the duplicate is still made', () => {
    const k = fresh();
    const e = CreateEventW(null, true, false, null);
    SetHandleInformation(e, HANDLE_FLAG_PROTECT_FROM_CLOSE, HANDLE_FLAG_PROTECT_FROM_CLOSE);
    const d = out();
    expect(DuplicateHandle(-1, e, -1, d, 0, false, DUPLICATE_SAME_ACCESS | DUPLICATE_CLOSE_SOURCE)).toBe(true);
    expect(d.value).toBe(0x8);
    expect(isOpen(k, e)).toBe(true);
    expect(objectOf(k, e)!.handleCount).toBe(2);
  });

  it('a pseudo source is a silent no-op', () => {
    const k = fresh();
    const d = out();
    expect(DuplicateHandle(-1, -1, -1, d, 0, false, DUPLICATE_SAME_ACCESS | DUPLICATE_CLOSE_SOURCE)).toBe(true);
    expect(k.currentProcess().handles()[0]).toMatchObject({ value: 0x4, type: 'Process', access: PROCESS_ALL_ACCESS });
  });
});

describe('3.2 / 3.5 other processes', () => {
  it('duplicates into another process: the value is valid there, not here', () => {
    const k = fresh();
    const { hProcess, child } = spawn(k);
    const e = CreateEventW(null, true, false, null);
    const d = out();
    expect(DuplicateHandle(-1, e, hProcess, d, 0, false, DUPLICATE_SAME_ACCESS)).toBe(true);
    expect(d.value).toBe(0x4);
    expect(child.handles()).toEqual([expect.objectContaining({ value: 0x4, type: 'Event', access: EVENT_ALL_ACCESS })]);
    expect(k.run(child, () => SetEvent(d.value))).toBe(true);
    expect(WaitForSingleObject(e, 0)).toBe(WAIT_OBJECT_0);
  });

  it('closes a handle in another process with (hOther, h, NULL, NULL, 0, FALSE, CLOSE_SOURCE)', () => {
    const k = fresh();
    const { hProcess, child } = spawn(k);
    const e = CreateEventW(null, true, false, null);
    const d = out();
    DuplicateHandle(-1, e, hProcess, d, 0, false, DUPLICATE_SAME_ACCESS);
    expect(DuplicateHandle(hProcess, d.value, NULL, null, 0, false, DUPLICATE_CLOSE_SOURCE)).toBe(true);
    expect(child.handles()).toEqual([]);
    expect(objectOf(k, e)!.handleCount).toBe(1);
  });

  it('lpTargetHandle NULL with a real target still makes the handle there', () => {
    const k = fresh();
    const { hProcess, child } = spawn(k);
    const e = CreateEventW(null, true, false, null);
    expect(DuplicateHandle(-1, e, hProcess, null, 0, false, DUPLICATE_SAME_ACCESS)).toBe(true);
    expect(child.handles()).toHaveLength(1);
    const n = out<number>(0);
    GetProcessHandleCount(hProcess, n);
    expect(n.value).toBe(1);
    expect(objectOf(k, e)!.handleCount).toBe(2);
  });

  it('a remote source process with pseudo -1: NT reads it as the source process (default)', () => {
    const k = fresh();
    const { hProcess, child } = spawn(k);
    const d = out();
    expect(DuplicateHandle(hProcess, -1, -1, d, 0, false, DUPLICATE_SAME_ACCESS)).toBe(true);
    expect(CompareObjectHandles(d.value, hProcess)).toBe(true);
    expect(child.handles()).toEqual([]);
  });

  it('-2 as source duplicates the calling thread', () => {
    const k = fresh();
    const d = out();
    expect(DuplicateHandle(-1, -2, -1, d, 0, false, DUPLICATE_SAME_ACCESS)).toBe(true);
    expect(k.currentProcess().handles()[0]).toMatchObject({ type: 'Thread', access: THREAD_ALL_ACCESS });
  });
});

describe('3.10 Windows CE rules', () => {
  it('requires DUPLICATE_SAME_ACCESS, bInheritHandle FALSE and a non-NULL lpTargetHandle', () => {
    fresh({ platform: 'ce' });
    const e = CreateEventW(null, true, false, null);
    expect(DuplicateHandle(-1, e, -1, out(), EVENT_ALL_ACCESS, false, 0)).toBe(false);
    expect(le()).toBe(ERROR_INVALID_PARAMETER);
    expect(DuplicateHandle(-1, e, -1, out(), 0, true, DUPLICATE_SAME_ACCESS)).toBe(false);
    expect(le()).toBe(ERROR_INVALID_PARAMETER);
    expect(DuplicateHandle(-1, e, -1, null, 0, false, DUPLICATE_SAME_ACCESS)).toBe(false);
    expect(le()).toBe(ERROR_INVALID_PARAMETER);
    const d = out();
    expect(DuplicateHandle(-1, e, -1, d, 0, false, DUPLICATE_SAME_ACCESS)).toBe(true);
    expect(d.value).toBe(0x8);
  });

  it('CLOSE_SOURCE closes regardless of the error', () => {
    const k = fresh({ platform: 'ce' });
    const e = CreateEventW(null, true, false, null);
    expect(DuplicateHandle(-1, e, -1, out(), 0, true, DUPLICATE_SAME_ACCESS | DUPLICATE_CLOSE_SOURCE)).toBe(false);
    expect(le()).toBe(ERROR_INVALID_PARAMETER);
    expect(isOpen(k, e)).toBe(false);
  });

  it('only events, mutexes and semaphores are duplicable', () => {
    fresh({ platform: 'ce', files: { '\\f.txt': 'x' } });
    expect(DuplicateHandle(-1, CreateMutexW(null, false, null), -1, out(), 0, false, DUPLICATE_SAME_ACCESS)).toBe(true);
    expect(DuplicateHandle(-1, CreateSemaphoreW(null, 0, 1, null), -1, out(), 0, false, DUPLICATE_SAME_ACCESS)).toBe(true);
    const f = CreateFileW('\\f.txt', GENERIC_READ, 0, null, OPEN_EXISTING, 0, null);
    expect(DuplicateHandle(-1, f, -1, out(), 0, false, DUPLICATE_SAME_ACCESS)).toBe(false);
    expect(le()).toBe(ERROR_INVALID_PARAMETER);
  });

  it('a process id can be used as a process handle', () => {
    const k = fresh({ platform: 'ce' });
    const e = CreateEventW(null, true, false, null);
    const d = out();
    const pid = GetCurrentProcessId();
    expect(DuplicateHandle(pid, e, pid, d, 0, false, DUPLICATE_SAME_ACCESS)).toBe(true);
    expect(CompareObjectHandles(d.value, e)).toBe(true);
    expect(k.options.platform).toBe('ce');
  });

  it('desktop does not accept a pid as a handle', () => {
    fresh({ files: { 'C:\\x': '' } });
    CreateFileW('C:\\x', GENERIC_READ, 0, null, CREATE_ALWAYS, 0, null);
    const pid = GetCurrentProcessId();
    expect(DuplicateHandle(pid, 0x4, -1, out(), 0, false, DUPLICATE_SAME_ACCESS)).toBe(false);
    expect(le()).toBe(ERROR_INVALID_HANDLE);
  });
});
