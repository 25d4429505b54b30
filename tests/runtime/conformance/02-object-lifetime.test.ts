/** runtime-spec §2: handleCount vs pointerCount, when objects die, threads and processes, named objects. */
import { describe, expect, it } from 'vitest';
import {
  CloseHandle, CreateEventW, CreateMutexW, CreateSemaphoreW, CreateFileMappingW, OpenFileMappingW, OpenEventW, OpenMutexW,
  OpenSemaphoreW, MapViewOfFile, UnmapViewOfFile, CreateThread, CreateProcessW, DuplicateHandle, CompareObjectHandles,
  WaitForSingleObject, GetExitCodeProcess, GetExitCodeThread, TerminateProcess, OpenProcess, SetLastError, ReleaseMutex,
  CreateFileW, CreatePipe, ReadFile, WriteFile, SetHandleInformation, ResumeThread, ExitThread, out,
  DUPLICATE_SAME_ACCESS, ERROR_ALREADY_EXISTS, ERROR_INVALID_HANDLE, ERROR_FILE_NOT_FOUND, ERROR_ACCESS_DENIED,
  ERROR_INVALID_PARAMETER, ERROR_PATH_NOT_FOUND, ERROR_BROKEN_PIPE, ERROR_NO_DATA, EVENT_ALL_ACCESS, MUTEX_ALL_ACCESS,
  SEMAPHORE_ALL_ACCESS, FILE_MAP_READ, FILE_MAP_ALL_ACCESS, PAGE_READWRITE, PAGE_READONLY, INVALID_HANDLE_VALUE, NULL,
  STILL_ACTIVE, WAIT_OBJECT_0, WAIT_TIMEOUT, WAIT_ABANDONED, CREATE_SUSPENDED, CREATE_ALWAYS, GENERIC_READ, GENERIC_WRITE,
  HANDLE_FLAG_PROTECT_FROM_CLOSE, PROCESS_ALL_ACCESS,
} from '../../../runtime/index.js';
import { fresh, le, objectOf } from './util.js';

function spawn(k: ReturnType<typeof fresh>, inherit = false) {
  const pi: { hProcess?: number; hThread?: number; dwProcessId?: number; dwThreadId?: number } = {};
  expect(CreateProcessW('child.exe', null, null, null, inherit, 0, null, null, {}, pi)).toBe(true);
  return { ...pi, child: k.process(pi.dwProcessId!)! } as { hProcess: number; hThread: number; dwProcessId: number; dwThreadId: number; child: NonNullable<ReturnType<typeof k.process>> };
}

describe('2.1 two counts', () => {
  it('handleCount counts table entries in every process; pointerCount adds internal references', () => {
    const k = fresh();
    const e = CreateEventW(null, true, false, null);
    expect(objectOf(k, e)).toMatchObject({ type: 'Event', handleCount: 1, pointerCount: 1 });
    const d = out();
    DuplicateHandle(-1, e, -1, d, 0, false, DUPLICATE_SAME_ACCESS);
    expect(objectOf(k, e)).toMatchObject({ handleCount: 2, pointerCount: 2 });
    const { hProcess, child } = spawn(k);
    const remote = out();
    expect(DuplicateHandle(-1, e, hProcess, remote, 0, false, DUPLICATE_SAME_ACCESS)).toBe(true);
    expect(child.handles()).toHaveLength(1);
    expect(objectOf(k, e)).toMatchObject({ handleCount: 3, pointerCount: 3 });
  });

  it('a running thread references itself: hc 1, pc 2; closing the handle keeps the thread object', () => {
    const k = fresh();
    const tid = out<number>(0);
    const th = CreateThread(null, 0, null, null, 0, tid);
    const obj = objectOf(k, th)!;
    expect(obj).toMatchObject({ type: 'Thread', handleCount: 1, pointerCount: 2 });
    CloseHandle(th);
    expect(k.object(obj.id)).toMatchObject({ handleCount: 0, pointerCount: 1 });
  });

  it('a mapped view references its section; a section references its file', () => {
    const k = fresh();
    const f = CreateFileW('C:\\data.bin', GENERIC_READ | GENERIC_WRITE, 0, null, CREATE_ALWAYS, 0, null);
    const fileObj = objectOf(k, f)!;
    const s = CreateFileMappingW(f, null, PAGE_READWRITE, 0, 4096, 'Local\\Sec');
    const secObj = objectOf(k, s)!;
    expect(k.object(fileObj.id)).toMatchObject({ handleCount: 1, pointerCount: 2 });
    const view = MapViewOfFile(s, FILE_MAP_ALL_ACCESS, 0, 0, 0);
    expect(view).not.toBe(NULL);
    expect(k.object(secObj.id)).toMatchObject({ name: 'Sec', handleCount: 1, pointerCount: 2 });
    CloseHandle(s);
    CloseHandle(f);
    // both alive through internal references; the name went with the last handle
    expect(k.object(secObj.id)).toEqual({ id: secObj.id, type: 'Section', handleCount: 0, pointerCount: 1 });
    expect(k.object(fileObj.id)).toMatchObject({ handleCount: 0, pointerCount: 1 });
    expect(OpenFileMappingW(FILE_MAP_READ, false, 'Sec')).toBe(NULL);
    expect(le()).toBe(ERROR_FILE_NOT_FOUND);
    expect(UnmapViewOfFile(view)).toBe(true);
    expect(k.object(secObj.id)).toBeUndefined();
    expect(k.object(fileObj.id)).toBeUndefined();
  });
});

describe('2.2 when an object is destroyed', () => {
  it('dies when the last handle closes, not before; duplicates count', () => {
    const k = fresh();
    const e = CreateEventW(null, true, false, null);
    const id = objectOf(k, e)!.id;
    const d = out();
    DuplicateHandle(-1, e, -1, d, 0, false, DUPLICATE_SAME_ACCESS);
    CloseHandle(e);
    expect(k.object(id)).toMatchObject({ handleCount: 1, pointerCount: 1 });
    expect(SetLastError(0)).toBeUndefined();
    CloseHandle(d.value);
    expect(k.object(id)).toBeUndefined();
  });

  it('ownership does not keep a mutex alive, and closing a mutex handle never releases ownership', () => {
    const k = fresh();
    const m = CreateMutexW(null, true, null);
    const d = out();
    DuplicateHandle(-1, m, -1, d, 0, false, DUPLICATE_SAME_ACCESS);
    CloseHandle(m);
    expect(ReleaseMutex(d.value)).toBe(true); // still owned after closing the other handle
    const m2 = CreateMutexW(null, true, null);
    const id = objectOf(k, m2)!.id;
    CloseHandle(m2);
    expect(k.object(id)).toBeUndefined();
  });

  it('the read end sees ERROR_BROKEN_PIPE once every write handle is closed and the buffer is drained', () => {
    fresh();
    const r = out();
    const w = out();
    CreatePipe(r, w, null, 0);
    expect(WriteFile(w.value, 'hi', 2, null, null)).toBe(true);
    const buf = new Uint8Array(8);
    const n = out<number>(0);
    CloseHandle(w.value);
    expect(ReadFile(r.value, buf, 8, n, null)).toBe(true);
    expect(n.value).toBe(2);
    expect(ReadFile(r.value, buf, 8, n, null)).toBe(false);
    expect(le()).toBe(ERROR_BROKEN_PIPE);
  });

  it('a write with every read handle closed fails ERROR_NO_DATA', () => {
    fresh();
    const r = out();
    const w = out();
    CreatePipe(r, w, null, 0);
    CloseHandle(r.value);
    expect(WriteFile(w.value, 'x', 1, null, null)).toBe(false);
    expect(le()).toBe(ERROR_NO_DATA);
  });
});

describe('2.3 threads and processes', () => {
  it('a thread signals and fixes its exit code when it ends; STILL_ACTIVE before', () => {
    fresh();
    const th = CreateThread(null, 0, (x: number) => x * 2, 21, CREATE_SUSPENDED, null);
    const code = out<number>(0);
    expect(GetExitCodeThread(th, code)).toBe(true);
    expect(code.value).toBe(STILL_ACTIVE);
    expect(WaitForSingleObject(th, 0)).toBe(WAIT_TIMEOUT);
    expect(ResumeThread(th)).toBe(1);
    expect(GetExitCodeThread(th, code)).toBe(true);
    expect(code.value).toBe(42);
    expect(WaitForSingleObject(th, 0)).toBe(WAIT_OBJECT_0);
  });

  it('a thread that ends owning a mutex abandons it; the next wait gets WAIT_ABANDONED and ownership', () => {
    fresh();
    const m = CreateMutexW(null, false, null);
    CreateThread(null, 0, () => WaitForSingleObject(m, 0), null, 0, null);
    expect(WaitForSingleObject(m, 0)).toBe(WAIT_ABANDONED);
    expect(ReleaseMutex(m)).toBe(true);
    expect(WaitForSingleObject(m, 0)).toBe(WAIT_OBJECT_0);
  });

  it('process exit closes every handle, protected ones too; the zombie process object stays for its handles', () => {
    const k = fresh();
    const { hProcess, hThread, dwProcessId, child } = spawn(k);
    const ev = k.run(child, () => CreateEventW(null, true, false, null));
    const evId = child.handles()[0]!.objectId;
    k.run(child, () => SetHandleInformation(ev, HANDLE_FLAG_PROTECT_FROM_CLOSE, HANDLE_FLAG_PROTECT_FROM_CLOSE));
    child.exit(7);
    expect(child.exited).toBe(true);
    expect(child.handles()).toEqual([]);
    expect(k.object(evId)).toBeUndefined();
    expect(WaitForSingleObject(hProcess, 0)).toBe(WAIT_OBJECT_0);
    expect(WaitForSingleObject(hThread, 0)).toBe(WAIT_OBJECT_0);
    const code = out<number>(0);
    expect(GetExitCodeProcess(hProcess, code)).toBe(true);
    expect(code.value).toBe(7);
    expect(TerminateProcess(hProcess, 1)).toBe(false);
    expect(le()).toBe(ERROR_ACCESS_DENIED);
    // the pid still names the zombie while a handle exists
    const again = OpenProcess(PROCESS_ALL_ACCESS, false, dwProcessId);
    expect(again).not.toBe(NULL);
    const procId = objectOf(k, hProcess)!.id;
    expect(k.object(procId)).toMatchObject({ type: 'Process', handleCount: 2, pointerCount: 2 });
    CloseHandle(again);
    CloseHandle(hProcess);
    expect(k.object(procId)).toBeUndefined();
    expect(OpenProcess(PROCESS_ALL_ACCESS, false, dwProcessId)).toBe(NULL);
    expect(le()).toBe(ERROR_INVALID_PARAMETER);
  });

  it('DuplicateHandle from or into an exited process fails ERROR_ACCESS_DENIED', () => {
    const k = fresh();
    const { hProcess, child } = spawn(k);
    child.exit(0);
    const e = CreateEventW(null, true, false, null);
    const d = out(5);
    expect(DuplicateHandle(-1, e, hProcess, d, 0, false, DUPLICATE_SAME_ACCESS)).toBe(false);
    expect(le()).toBe(ERROR_ACCESS_DENIED);
    expect(DuplicateHandle(hProcess, 0x4, -1, d, 0, false, DUPLICATE_SAME_ACCESS)).toBe(false);
    expect(le()).toBe(ERROR_ACCESS_DENIED);
    expect(d.value).toBe(0);
  });
});

describe('2.4 named objects', () => {
  it('a fresh named create sets LE to 0; the same name again opens the same object with ERROR_ALREADY_EXISTS', () => {
    const k = fresh();
    SetLastError(5);
    const a = CreateEventW(null, true, false, 'Ev');
    expect(a).toBe(0x4);
    expect(le()).toBe(0);
    const b = CreateEventW(null, false, true, 'Ev'); // creation parameters ignored
    expect(b).toBe(0x8);
    expect(le()).toBe(ERROR_ALREADY_EXISTS);
    expect(CompareObjectHandles(a, b)).toBe(true);
    expect(WaitForSingleObject(b, 0)).toBe(WAIT_TIMEOUT); // still the non-signaled manual event
    expect(k.objects().filter((o) => o.type === 'Event')).toEqual([expect.objectContaining({ name: 'Ev', handleCount: 2 })]);
  });

  it('an unnamed create also resets LE to 0', () => {
    fresh();
    SetLastError(87);
    CreateSemaphoreW(null, 0, 1, null);
    expect(le()).toBe(0);
  });

  it('one namespace for all types: another type answers NULL + ERROR_INVALID_HANDLE', () => {
    fresh();
    CreateEventW(null, true, false, 'Shared');
    expect(CreateMutexW(null, false, 'Shared')).toBe(NULL);
    expect(le()).toBe(ERROR_INVALID_HANDLE);
    expect(CreateFileMappingW(INVALID_HANDLE_VALUE, null, PAGE_READONLY, 0, 16, 'Shared')).toBe(NULL);
    expect(le()).toBe(ERROR_INVALID_HANDLE);
    expect(OpenMutexW(MUTEX_ALL_ACCESS, false, 'Shared')).toBe(NULL);
    expect(le()).toBe(ERROR_INVALID_HANDLE);
    expect(OpenSemaphoreW(SEMAPHORE_ALL_ACCESS, false, 'Nothing')).toBe(NULL);
    expect(le()).toBe(ERROR_FILE_NOT_FOUND);
  });

  it('names are case-sensitive; Local\\ is the session namespace, Global\\ another', () => {
    fresh();
    const a = CreateEventW(null, true, false, 'Name');
    expect(OpenEventW(EVENT_ALL_ACCESS, false, 'name')).toBe(NULL);
    expect(le()).toBe(ERROR_FILE_NOT_FOUND);
    const b = OpenEventW(EVENT_ALL_ACCESS, false, 'Local\\Name');
    expect(CompareObjectHandles(a, b)).toBe(true);
    expect(OpenEventW(EVENT_ALL_ACCESS, false, 'Global\\Name')).toBe(NULL);
    expect(le()).toBe(ERROR_FILE_NOT_FOUND);
  });

  it('a backslash after the prefix is a path that does not exist', () => {
    fresh();
    expect(CreateEventW(null, true, false, 'a\\b')).toBe(NULL);
    expect(le()).toBe(ERROR_PATH_NOT_FOUND);
  });

  it('the name disappears with the last handle; a later create makes a brand-new object', () => {
    const k = fresh();
    const a = CreateEventW(null, true, true, 'Temp');
    const id = objectOf(k, a)!.id;
    CloseHandle(a);
    expect(OpenEventW(EVENT_ALL_ACCESS, false, 'Temp')).toBe(NULL);
    expect(le()).toBe(ERROR_FILE_NOT_FOUND);
    const b = CreateEventW(null, true, false, 'Temp');
    expect(le()).toBe(0);
    expect(objectOf(k, b)!.id).not.toBe(id);
    expect(WaitForSingleObject(b, 0)).toBe(WAIT_TIMEOUT);
  });

  it('opening checks the DACL: a denied right fails ERROR_ACCESS_DENIED', () => {
    const k = fresh();
    const a = CreateEventW(null, true, false, 'Guarded');
    k.restrictAccess(objectOf(k, a)!.id, 0x100000 /* SYNCHRONIZE */);
    expect(OpenEventW(EVENT_ALL_ACCESS, false, 'Guarded')).toBe(NULL);
    expect(le()).toBe(ERROR_ACCESS_DENIED);
    expect(CreateEventW(null, true, false, 'Guarded')).toBe(NULL);
    expect(le()).toBe(ERROR_ACCESS_DENIED);
    expect(OpenEventW(0x100000, false, 'Guarded')).toBe(0x8);
  });
});

describe('ExitProcess / ExitThread', () => {
  it('ExitProcess runs process exit for the caller; its parent sees the exit code', () => {
    const k = fresh();
    const pi: { hProcess?: number; dwProcessId?: number } = {};
    CreateProcessW('child.exe', null, null, null, false, 0, null, null, {}, pi);
    const child = k.process(pi.dwProcessId!)!;
    child.win32.CreateEventW(null, true, false, null);
    child.win32.ExitProcess(3);
    expect(child.exited).toBe(true);
    expect(child.handles()).toEqual([]);
    const code = out<number>(0);
    GetExitCodeProcess(pi.hProcess!, code);
    expect(code.value).toBe(3);
    expect(child.win32.CreateEventW(null, true, false, null)).toBe(NULL);
  });

  it('ExitThread ends the calling thread with its exit code', () => {
    fresh();
    const th = CreateThread(null, 0, () => {
      ExitThread(12);
      return 99;
    }, null, 0, null);
    const code = out<number>(0);
    GetExitCodeThread(th, code);
    expect(code.value).toBe(12);
  });
});
