/** runtime-spec §6: per-type rights, generic mapping, where access is decided and checked. */
import { describe, expect, it } from 'vitest';
import {
  CreateEventW, OpenEventW, CreateMutexW, OpenMutexW, CreateSemaphoreW, OpenSemaphoreW, CreateFileW, CreateFileMappingW,
  OpenFileMappingW, MapViewOfFile, CreateProcessW, OpenProcess, GetExitCodeProcess, TerminateProcess, SetEvent, ResetEvent,
  ReleaseSemaphore, ReleaseMutex, WaitForSingleObject, ReadFile, WriteFile, DeviceIoControl, DuplicateHandle, CreateThread,
  OpenThread, GetExitCodeThread, GetCurrentProcessId, CTL_CODE, out,
  ERROR_ACCESS_DENIED, ERROR_INVALID_PARAMETER, ERROR_INVALID_HANDLE, EVENT_MODIFY_STATE, EVENT_QUERY_STATE, SYNCHRONIZE,
  GENERIC_READ, GENERIC_WRITE, GENERIC_EXECUTE, GENERIC_ALL, MUTEX_ALL_ACCESS, SEMAPHORE_MODIFY_STATE, FILE_MAP_READ,
  FILE_MAP_WRITE, PAGE_READWRITE, PAGE_READONLY, OPEN_EXISTING, PROCESS_TERMINATE, PROCESS_QUERY_LIMITED_INFORMATION,
  PROCESS_ALL_ACCESS, THREAD_TERMINATE, THREAD_QUERY_LIMITED_INFORMATION, FILE_WRITE_ACCESS, FILE_READ_ACCESS, METHOD_BUFFERED,
  WAIT_FAILED, WAIT_OBJECT_0, INVALID_HANDLE_VALUE, NULL, STILL_ACTIVE, CREATE_SUSPENDED,
} from '../../../runtime/index.js';
import { fresh, le } from './util.js';

const accessOf = (k: ReturnType<typeof fresh>, h: number) => k.currentProcess().handles().find((x) => x.value === h)!.access;

describe('6.2 per-type rights and generic mapping', () => {
  it('Create* grants *_ALL_ACCESS', () => {
    const k = fresh();
    expect(accessOf(k, CreateEventW(null, true, false, null))).toBe(0x1f0003);
    expect(accessOf(k, CreateMutexW(null, false, null))).toBe(0x1f0001);
    expect(accessOf(k, CreateSemaphoreW(null, 0, 1, null))).toBe(0x1f0003);
    expect(accessOf(k, CreateFileMappingW(INVALID_HANDLE_VALUE, null, PAGE_READWRITE, 0, 16, null))).toBe(0xf001f);
    expect(accessOf(k, CreateThread(null, 0, null, null, CREATE_SUSPENDED, null))).toBe(0x1fffff);
  });

  it('maps GENERIC_* per type when opening', () => {
    const k = fresh();
    CreateEventW(null, true, false, 'E');
    CreateMutexW(null, false, 'M');
    CreateSemaphoreW(null, 0, 1, 'S');
    CreateFileMappingW(INVALID_HANDLE_VALUE, null, PAGE_READWRITE, 0, 16, 'F');
    expect(accessOf(k, OpenEventW(GENERIC_READ, false, 'E'))).toBe(0x20001);
    expect(accessOf(k, OpenEventW(GENERIC_WRITE, false, 'E'))).toBe(0x20002);
    expect(accessOf(k, OpenEventW(GENERIC_EXECUTE, false, 'E'))).toBe(0x120000);
    expect(accessOf(k, OpenMutexW(GENERIC_WRITE, false, 'M'))).toBe(0x20000);
    expect(accessOf(k, OpenMutexW(GENERIC_ALL, false, 'M'))).toBe(MUTEX_ALL_ACCESS);
    expect(accessOf(k, OpenSemaphoreW(GENERIC_READ, false, 'S'))).toBe(0x20001);
    expect(accessOf(k, OpenFileMappingW(GENERIC_READ, false, 'F'))).toBe(0x20005);
    expect(accessOf(k, OpenFileMappingW(GENERIC_EXECUTE, false, 'F'))).toBe(0x20008);
    const pid = GetCurrentProcessId();
    expect(accessOf(k, OpenProcess(GENERIC_READ, false, pid))).toBe(0x20410);
    expect(accessOf(k, OpenProcess(GENERIC_WRITE, false, pid))).toBe(0x20bea);
    expect(accessOf(k, OpenProcess(GENERIC_EXECUTE, false, pid))).toBe(0x121001);
  });

  it('maps thread and file rights', () => {
    const k = fresh({ files: { 'C:\\f': 'abc' } });
    const tid = out<number>(0);
    CreateThread(null, 0, null, null, CREATE_SUSPENDED, tid);
    expect(accessOf(k, OpenThread(GENERIC_READ, false, tid.value))).toBe(0x20048);
    expect(accessOf(k, OpenThread(GENERIC_WRITE, false, tid.value))).toBe(0x20437);
    expect(accessOf(k, OpenThread(GENERIC_EXECUTE, false, tid.value))).toBe(0x121800);
    expect(accessOf(k, CreateFileW('C:\\f', GENERIC_READ, 0, null, OPEN_EXISTING, 0, null))).toBe(0x120089);
    expect(accessOf(k, CreateFileW('C:\\f', GENERIC_WRITE, 0, null, OPEN_EXISTING, 0, null))).toBe(0x120116 | 0x80);
    expect(accessOf(k, CreateFileW('C:\\f', GENERIC_ALL, 0, null, OPEN_EXISTING, 0, null))).toBe(0x1f01ff);
    // CreateFile adds SYNCHRONIZE | FILE_READ_ATTRIBUTES to whatever is asked, even 0
    expect(accessOf(k, CreateFileW('C:\\f', 0, 0, null, OPEN_EXISTING, 0, null))).toBe(0x100080);
  });
});

describe('6.3 checks at use', () => {
  it('each event operation checks the handle, not the object', () => {
    fresh();
    CreateEventW(null, true, false, 'E');
    const modify = OpenEventW(EVENT_MODIFY_STATE, false, 'E');
    const sync = OpenEventW(SYNCHRONIZE | EVENT_QUERY_STATE, false, 'E');
    expect(SetEvent(modify)).toBe(true);
    expect(WaitForSingleObject(modify, 0)).toBe(WAIT_FAILED);
    expect(le()).toBe(ERROR_ACCESS_DENIED);
    expect(ResetEvent(sync)).toBe(false);
    expect(le()).toBe(ERROR_ACCESS_DENIED);
    expect(SetEvent(modify)).toBe(true);
    expect(WaitForSingleObject(sync, 0)).toBe(WAIT_OBJECT_0);
  });

  it('ReleaseSemaphore needs SEMAPHORE_MODIFY_STATE; ReleaseMutex needs no right', () => {
    fresh();
    CreateSemaphoreW(null, 0, 5, 'S');
    const weak = OpenSemaphoreW(SYNCHRONIZE, false, 'S');
    expect(ReleaseSemaphore(weak, 1, null)).toBe(false);
    expect(le()).toBe(ERROR_ACCESS_DENIED);
    expect(ReleaseSemaphore(OpenSemaphoreW(SEMAPHORE_MODIFY_STATE, false, 'S'), 1, null)).toBe(true);
    const m = CreateMutexW(null, true, 'M');
    const none = out();
    DuplicateHandle(-1, m, -1, none, 0, false, 0);
    expect(ReleaseMutex(none.value)).toBe(true);
  });

  it('sections have no SYNCHRONIZE: waiting on one fails ERROR_ACCESS_DENIED', () => {
    fresh();
    const s = CreateFileMappingW(INVALID_HANDLE_VALUE, null, PAGE_READWRITE, 0, 16, null);
    expect(WaitForSingleObject(s, 0)).toBe(WAIT_FAILED);
    expect(le()).toBe(ERROR_ACCESS_DENIED);
  });

  it('ReadFile needs FILE_READ_DATA, WriteFile FILE_WRITE_DATA or FILE_APPEND_DATA', () => {
    fresh({ files: { 'C:\\f': 'abc' } });
    const w = CreateFileW('C:\\f', GENERIC_WRITE, 0, null, OPEN_EXISTING, 0, null);
    const r = CreateFileW('C:\\f', GENERIC_READ, 0, null, OPEN_EXISTING, 0, null);
    expect(ReadFile(w, new Uint8Array(4), 4, out(), null)).toBe(false);
    expect(le()).toBe(ERROR_ACCESS_DENIED);
    expect(WriteFile(r, 'x', 1, out(), null)).toBe(false);
    expect(le()).toBe(ERROR_ACCESS_DENIED);
    expect(WriteFile(w, 'x', 1, out(), null)).toBe(true);
  });

  it('DeviceIoControl takes the required access from bits 14-15 of the control code', () => {
    fresh();
    const dev = CreateFileW('\\\\.\\Fred', GENERIC_READ, 0, null, OPEN_EXISTING, 0, null);
    expect(DeviceIoControl(dev, CTL_CODE(0x22, 1, METHOD_BUFFERED, FILE_READ_ACCESS), null, 0, null, 0, out(), null)).toBe(true);
    expect(DeviceIoControl(dev, CTL_CODE(0x22, 2, METHOD_BUFFERED, FILE_WRITE_ACCESS), null, 0, null, 0, out(), null)).toBe(false);
    expect(le()).toBe(ERROR_ACCESS_DENIED);
  });

  it('CreateFileMapping checks the file handle against the protection; MapViewOfFile checks the section handle', () => {
    fresh({ files: { 'C:\\f': 'abcdef' } });
    const ro = CreateFileW('C:\\f', GENERIC_READ, 0, null, OPEN_EXISTING, 0, null);
    expect(CreateFileMappingW(ro, null, PAGE_READWRITE, 0, 0, null)).toBe(NULL);
    expect(le()).toBe(ERROR_ACCESS_DENIED);
    const s = CreateFileMappingW(ro, null, PAGE_READONLY, 0, 0, 'Map');
    expect(s).not.toBe(NULL);
    expect(MapViewOfFile(s, FILE_MAP_WRITE, 0, 0, 0)).toBe(NULL);
    expect(le()).toBe(ERROR_ACCESS_DENIED);
    const readOnly = OpenFileMappingW(FILE_MAP_READ, false, 'Map');
    expect(MapViewOfFile(readOnly, FILE_MAP_READ, 0, 0, 0)).not.toBe(NULL);
  });

  it('process rights: TERMINATE for TerminateProcess, QUERY(_LIMITED) for GetExitCodeProcess', () => {
    const k = fresh();
    const pi: { dwProcessId?: number } = {};
    CreateProcessW('c.exe', null, null, null, false, 0, null, null, {}, pi);
    const term = OpenProcess(PROCESS_TERMINATE, false, pi.dwProcessId!);
    const query = OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, false, pi.dwProcessId!);
    const code = out<number>(0);
    expect(GetExitCodeProcess(term, code)).toBe(false);
    expect(le()).toBe(ERROR_ACCESS_DENIED);
    expect(GetExitCodeProcess(query, code)).toBe(true);
    expect(code.value).toBe(STILL_ACTIVE);
    expect(TerminateProcess(query, 1)).toBe(false);
    expect(le()).toBe(ERROR_ACCESS_DENIED);
    expect(TerminateProcess(term, 3)).toBe(true);
    expect(k.process(pi.dwProcessId!)!.exited).toBe(true);
  });

  it('thread rights: THREAD_TERMINATE, THREAD_QUERY_(LIMITED_)INFORMATION', () => {
    fresh();
    const tid = out<number>(0);
    CreateThread(null, 0, null, null, 0, tid);
    const weak = OpenThread(THREAD_TERMINATE, false, tid.value);
    expect(GetExitCodeThread(weak, out())).toBe(false);
    expect(le()).toBe(ERROR_ACCESS_DENIED);
    const q = OpenThread(THREAD_QUERY_LIMITED_INFORMATION, false, tid.value);
    expect(GetExitCodeThread(q, out())).toBe(true);
  });

  it('OpenProcess: pid 0 and unknown pids fail ERROR_INVALID_PARAMETER; the DACL can deny', () => {
    const k = fresh();
    expect(OpenProcess(PROCESS_ALL_ACCESS, false, 0)).toBe(NULL);
    expect(le()).toBe(ERROR_INVALID_PARAMETER);
    expect(OpenProcess(PROCESS_ALL_ACCESS, false, 3)).toBe(NULL);
    expect(le()).toBe(ERROR_INVALID_PARAMETER);
    const other = k.createProcess({ name: 'svc', user: 'SYSTEM' });
    expect(OpenProcess(PROCESS_ALL_ACCESS, false, other.pid)).toBe(NULL);
    expect(le()).toBe(ERROR_ACCESS_DENIED);
  });

  it('a handle keeps its rights after the DACL changes', () => {
    const k = fresh();
    const e = CreateEventW(null, true, false, 'E');
    const id = k.currentProcess().handles()[0]!.objectId;
    k.restrictAccess(id, SYNCHRONIZE);
    expect(SetEvent(e)).toBe(true);
    expect(OpenEventW(EVENT_MODIFY_STATE, false, 'E')).toBe(NULL);
    expect(le()).toBe(ERROR_ACCESS_DENIED);
  });

  it('a wrong type is ERROR_INVALID_HANDLE before any access check', () => {
    fresh();
    const m = CreateMutexW(null, false, null);
    expect(SetEvent(m)).toBe(false);
    expect(le()).toBe(ERROR_INVALID_HANDLE);
    expect(SetEvent(-1)).toBe(false);
    expect(le()).toBe(ERROR_INVALID_HANDLE);
  });
});

