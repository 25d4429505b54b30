/** runtime-spec §5: handle flags, CreateProcessW(bInheritHandles), handle lists, the pipe EOF consequence. */
import { describe, expect, it } from 'vitest';
import {
  CloseHandle, CreateEventW, CreateProcessW, CreatePipe, ReadFile, WriteFile, GetHandleInformation, SetHandleInformation,
  SetEvent, WaitForSingleObject, GetStdHandle, DuplicateHandle, out,
  HANDLE_FLAG_INHERIT, HANDLE_FLAG_PROTECT_FROM_CLOSE, ERROR_INVALID_HANDLE, ERROR_ACCESS_DENIED, ERROR_INVALID_PARAMETER,
  ERROR_BROKEN_PIPE, ERROR_NO_DATA, EVENT_ALL_ACCESS, PROCESS_ALL_ACCESS, STARTF_USESTDHANDLES, STD_OUTPUT_HANDLE, WAIT_OBJECT_0,
  type STARTUPINFO,
} from '../../../runtime/index.js';
import { fresh, le, objectOf } from './util.js';

type K = ReturnType<typeof fresh>;
function spawn(k: K, inherit: boolean, si: STARTUPINFO = {}, procInherit = false) {
  const pi: { hProcess?: number; hThread?: number; dwProcessId?: number } = {};
  const ok = CreateProcessW('child.exe', 'child.exe --x', procInherit ? { bInheritHandle: true } : null, null, inherit, 0, null, null, si, pi);
  return { ok, hProcess: pi.hProcess!, hThread: pi.hThread!, child: ok ? k.process(pi.dwProcessId!)! : undefined };
}

describe('5.1 / 5.2 handle flags', () => {
  it('SECURITY_ATTRIBUTES.bInheritHandle sets the inherit flag; NULL attributes do not', () => {
    fresh();
    const a = CreateEventW({ nLength: 12, bInheritHandle: true }, true, false, null);
    const b = CreateEventW(null, true, false, null);
    const f = out<number>(9);
    GetHandleInformation(a, f);
    expect(f.value).toBe(HANDLE_FLAG_INHERIT);
    GetHandleInformation(b, f);
    expect(f.value).toBe(0);
  });

  it('SetHandleInformation changes only the bits in the mask; mask 0 changes nothing', () => {
    fresh();
    const e = CreateEventW(null, true, false, null);
    const f = out<number>(0);
    expect(SetHandleInformation(e, HANDLE_FLAG_INHERIT | HANDLE_FLAG_PROTECT_FROM_CLOSE, HANDLE_FLAG_INHERIT | HANDLE_FLAG_PROTECT_FROM_CLOSE)).toBe(true);
    GetHandleInformation(e, f);
    expect(f.value).toBe(3);
    expect(SetHandleInformation(e, HANDLE_FLAG_INHERIT, 0)).toBe(true);
    GetHandleInformation(e, f);
    expect(f.value).toBe(HANDLE_FLAG_PROTECT_FROM_CLOSE);
    expect(SetHandleInformation(e, 0, HANDLE_FLAG_INHERIT)).toBe(true);
    GetHandleInformation(e, f);
    expect(f.value).toBe(HANDLE_FLAG_PROTECT_FROM_CLOSE);
  });

  it('no access right is needed to read or change the flags', () => {
    fresh();
    const e = CreateEventW(null, true, false, null);
    const none = out();
    expect(DuplicateHandle(-1, e, -1, none, 0, false, 0)).toBe(true); // a handle with no rights
    const f = out<number>(9);
    expect(SetHandleInformation(none.value, HANDLE_FLAG_INHERIT, HANDLE_FLAG_INHERIT)).toBe(true);
    expect(GetHandleInformation(none.value, f)).toBe(true);
    expect(f.value).toBe(HANDLE_FLAG_INHERIT);
  });

  it('an invalid handle fails ERROR_INVALID_HANDLE, even with mask 0', () => {
    fresh();
    expect(GetHandleInformation(0x44, out())).toBe(false);
    expect(le()).toBe(ERROR_INVALID_HANDLE);
    expect(SetHandleInformation(0x44, 0, 0)).toBe(false);
    expect(le()).toBe(ERROR_INVALID_HANDLE);
  });

  it('pseudo handles: Get gives flags 0; Set with a mask fails ERROR_ACCESS_DENIED, mask 0 succeeds', () => {
    fresh();
    const f = out<number>(9);
    expect(GetHandleInformation(-1, f)).toBe(true);
    expect(f.value).toBe(0);
    expect(SetHandleInformation(-1, HANDLE_FLAG_INHERIT, HANDLE_FLAG_INHERIT)).toBe(false);
    expect(le()).toBe(ERROR_ACCESS_DENIED);
    expect(SetHandleInformation(-2, 0, 0)).toBe(true);
  });
});

describe('5.3 CreateProcessW(bInheritHandles)', () => {
  it('copies only inheritable entries, at the same value, with the same access and flags; counts them', () => {
    const k = fresh();
    const a = CreateEventW({ bInheritHandle: true }, true, false, null);
    const b = CreateEventW(null, true, false, null);
    const c = CreateEventW({ bInheritHandle: true }, true, false, null);
    SetHandleInformation(c, HANDLE_FLAG_PROTECT_FROM_CLOSE, HANDLE_FLAG_PROTECT_FROM_CLOSE);
    const { ok, child } = spawn(k, true);
    expect(ok).toBe(true);
    expect(child!.handles()).toEqual([
      { value: a, objectId: objectOf(k, a)!.id, type: 'Event', access: EVENT_ALL_ACCESS, inherit: true, protectFromClose: false },
      { value: c, objectId: objectOf(k, c)!.id, type: 'Event', access: EVENT_ALL_ACCESS, inherit: true, protectFromClose: true },
    ]);
    expect(objectOf(k, a)).toMatchObject({ handleCount: 2, pointerCount: 2 });
    expect(objectOf(k, b)).toMatchObject({ handleCount: 1 });
    // the child uses the same value for the same object
    expect(k.run(child!, () => SetEvent(a))).toBe(true);
    expect(WaitForSingleObject(a, 0)).toBe(WAIT_OBJECT_0);
  });

  it('nothing is inherited when bInheritHandles is FALSE', () => {
    const k = fresh();
    CreateEventW({ bInheritHandle: true }, true, false, null);
    const { child } = spawn(k, false);
    expect(child!.handles()).toEqual([]);
  });

  it('inheritance is a snapshot at creation: later changes on either side do not propagate', () => {
    const k = fresh();
    const a = CreateEventW({ bInheritHandle: true }, true, false, null);
    const { child } = spawn(k, true);
    CreateEventW({ bInheritHandle: true }, true, false, null);
    CloseHandle(a);
    expect(child!.handles().map((x) => x.value)).toEqual([a]);
    expect(k.run(child!, () => SetEvent(a))).toBe(true);
  });

  it('an inherited inheritable handle reaches a grandchild', () => {
    const k = fresh();
    const a = CreateEventW({ bInheritHandle: true }, true, false, null);
    const { child } = spawn(k, true);
    const grand = k.run(child!, () => spawn(k, true));
    expect(grand.child!.handles().map((x) => x.value)).toEqual([a]);
    expect(k.objects().find((o) => o.type === 'Event')!.handleCount).toBe(3);
  });

  it('hProcess is PROCESS_ALL_ACCESS and inheritable only if lpProcessAttributes says so', () => {
    const k = fresh();
    const { hProcess, hThread } = spawn(k, false, {}, true);
    const entries = k.currentProcess().handles();
    expect(entries.find((x) => x.value === hProcess)).toMatchObject({ type: 'Process', access: PROCESS_ALL_ACCESS, inherit: true });
    expect(entries.find((x) => x.value === hThread)).toMatchObject({ type: 'Thread', inherit: false });
  });

  it('STARTF_USESTDHANDLES copies the values as they are into the child', () => {
    const k = fresh();
    const w = CreateEventW({ bInheritHandle: true }, true, false, null);
    const { child } = spawn(k, true, { dwFlags: STARTF_USESTDHANDLES, hStdOutput: w });
    expect(k.run(child!, () => GetStdHandle(STD_OUTPUT_HANDLE))).toBe(w);
  });
});

describe('5.4 PROC_THREAD_ATTRIBUTE_HANDLE_LIST', () => {
  it('inherits only the listed inheritable handles', () => {
    const k = fresh();
    const a = CreateEventW({ bInheritHandle: true }, true, false, null);
    const b = CreateEventW({ bInheritHandle: true }, true, false, null);
    const { child } = spawn(k, true, { lpAttributeList: { handleList: [b] } });
    expect(child!.handles().map((x) => x.value)).toEqual([b]);
    void a;
  });

  it("skips a listed handle that is not inheritable (default 'skip'); 'fail' rejects the call", () => {
    const k = fresh();
    const a = CreateEventW(null, true, false, null);
    const b = CreateEventW({ bInheritHandle: true }, true, false, null);
    const { child } = spawn(k, true, { handleList: [a, b] });
    expect(child!.handles().map((x) => x.value)).toEqual([b]);
    fresh({ handleListNonInheritable: 'fail' });
    const a2 = CreateEventW(null, true, false, null);
    const r = spawn(k, true, { handleList: [a2] });
    expect(r.ok).toBe(false);
    expect(le()).toBe(ERROR_INVALID_PARAMETER);
  });

  it('an empty list, a pseudo handle, or bInheritHandles FALSE fails ERROR_INVALID_PARAMETER', () => {
    const k = fresh();
    const a = CreateEventW({ bInheritHandle: true }, true, false, null);
    expect(spawn(k, true, { handleList: [] }).ok).toBe(false);
    expect(le()).toBe(ERROR_INVALID_PARAMETER);
    expect(spawn(k, true, { handleList: [-1] }).ok).toBe(false);
    expect(le()).toBe(ERROR_INVALID_PARAMETER);
    expect(spawn(k, false, { handleList: [a] }).ok).toBe(false);
    expect(le()).toBe(ERROR_INVALID_PARAMETER);
    expect(spawn(k, true, { handleList: [0x40] }).ok).toBe(false);
    expect(le()).toBe(ERROR_INVALID_HANDLE);
  });

  it('a NULL entry makes the whole list behave as empty', () => {
    const k = fresh();
    const a = CreateEventW({ bInheritHandle: true }, true, false, null);
    const { ok, child } = spawn(k, true, { handleList: [a, 0] });
    expect(ok).toBe(true);
    expect(child!.handles()).toEqual([]);
  });

  it('CE has no inheritance: bInheritHandles TRUE fails ERROR_INVALID_PARAMETER', () => {
    const k = fresh({ platform: 'ce' });
    expect(spawn(k, true).ok).toBe(false);
    expect(le()).toBe(ERROR_INVALID_PARAMETER);
    expect(spawn(k, false).ok).toBe(true);
  });
});

describe('5.6 the pipe EOF consequence', () => {
  it('a parent that keeps the inherited write end never sees EOF after the child exits', () => {
    const k = fresh();
    const r = out();
    const w = out();
    CreatePipe(r, w, { bInheritHandle: true }, 0);
    SetHandleInformation(r.value, HANDLE_FLAG_INHERIT, 0); // only the write end goes to the child
    const { child } = spawn(k, true);
    expect(k.run(child!, () => WriteFile(w.value, 'out', 3, null, null))).toBe(true);
    child!.exit(0);
    const buf = new Uint8Array(16);
    const n = out<number>(0);
    expect(ReadFile(r.value, buf, 16, n, null)).toBe(true);
    expect(n.value).toBe(3);
    expect(ReadFile(r.value, buf, 16, n, null)).toBe(false);
    expect(le()).toBe(ERROR_NO_DATA); // would block for ever on Windows: the parent's own w keeps the pipe open
    CloseHandle(w.value);
    expect(ReadFile(r.value, buf, 16, n, null)).toBe(false);
    expect(le()).toBe(ERROR_BROKEN_PIPE);
  });
});

