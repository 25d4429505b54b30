/** runtime-spec §7: operations per object type with their error semantics; §0.1 status mapping; per-thread LE. */
import { describe, expect, it } from 'vitest';
import {
  CloseHandle, CreateEventW, SetEvent, ResetEvent, PulseEvent, CreateMutexW, ReleaseMutex, CreateSemaphoreW, ReleaseSemaphore,
  WaitForSingleObject, WaitForMultipleObjects, CreateThread, GetLastError, SetLastError, CreateFileW, ReadFile, WriteFile,
  GetFileSizeEx, DuplicateHandle, CreateFileMappingW, MapViewOfFile, UnmapViewOfFile, CreateProcessW, TerminateProcess,
  GetExitCodeProcess, GetProcessHandleCount, CompareObjectHandles, CreateMailslotW, GetMailslotInfo, CreateNamedPipeW,
  ConnectNamedPipe, DeviceIoControl, FindFirstFileW, FindNextFileW, FindClose, CreateToolhelp32Snapshot, Process32FirstW,
  Process32NextW, TerminateThread, GetExitCodeThread, RtlNtStatusToDosError, GetCurrentProcess, CreateEventExW, out,
  ERROR_INVALID_HANDLE, ERROR_NOT_OWNER, ERROR_INVALID_PARAMETER, ERROR_TOO_MANY_POSTS, ERROR_ACCESS_DENIED, ERROR_ALREADY_EXISTS,
  ERROR_FILE_EXISTS, ERROR_FILE_NOT_FOUND, ERROR_INVALID_ADDRESS, ERROR_NOT_SAME_OBJECT, ERROR_PIPE_CONNECTED, ERROR_PIPE_BUSY,
  ERROR_PIPE_LISTENING, ERROR_NO_MORE_FILES, ERROR_INVALID_FUNCTION, ERROR_INSUFFICIENT_BUFFER, ERROR_FILE_INVALID,
  WAIT_OBJECT_0, WAIT_TIMEOUT, WAIT_FAILED, WAIT_ABANDONED, INFINITE, STILL_ACTIVE, GENERIC_READ, GENERIC_WRITE, CREATE_NEW,
  CREATE_ALWAYS, OPEN_EXISTING, OPEN_ALWAYS, TRUNCATE_EXISTING, PAGE_READWRITE, PAGE_READONLY, FILE_MAP_READ, INVALID_HANDLE_VALUE,
  NULL, DUPLICATE_SAME_ACCESS, PIPE_ACCESS_DUPLEX, MAILSLOT_NO_MESSAGE, TH32CS_SNAPPROCESS, CREATE_SUSPENDED, FILE_SHARE_READ,
  STATUS_INVALID_HANDLE, STATUS_OBJECT_TYPE_MISMATCH, STATUS_HANDLE_NOT_CLOSABLE, STATUS_ACCESS_DENIED, STATUS_PROCESS_IS_TERMINATING,
  STATUS_INVALID_PARAMETER, STATUS_OBJECT_NAME_NOT_FOUND, STATUS_OBJECT_PATH_NOT_FOUND, STATUS_OBJECT_NAME_COLLISION,
  STATUS_OBJECT_NAME_INVALID, STATUS_INSUFFICIENT_RESOURCES, STATUS_NO_MEMORY, STATUS_MUTANT_NOT_OWNED,
  STATUS_SEMAPHORE_LIMIT_EXCEEDED, STATUS_NOT_SAME_OBJECT, STATUS_PIPE_BROKEN, STATUS_SUCCESS, STATUS_OBJECT_NAME_EXISTS,
  type WIN32_FIND_DATA, type PROCESSENTRY32,
} from '../../../runtime/index.js';
import { fresh, le } from './util.js';

describe('events', () => {
  it('auto-reset events reset on a satisfied wait; manual-reset ones stay signaled', () => {
    fresh();
    const auto = CreateEventW(null, false, true, null);
    const manual = CreateEventW(null, true, true, null);
    expect(WaitForSingleObject(auto, 0)).toBe(WAIT_OBJECT_0);
    expect(WaitForSingleObject(auto, 0)).toBe(WAIT_TIMEOUT);
    expect(WaitForSingleObject(manual, 0)).toBe(WAIT_OBJECT_0);
    expect(WaitForSingleObject(manual, INFINITE)).toBe(WAIT_OBJECT_0);
    expect(ResetEvent(manual)).toBe(true);
    expect(WaitForSingleObject(manual, 0)).toBe(WAIT_TIMEOUT);
    expect(SetEvent(auto)).toBe(true);
    expect(PulseEvent(auto)).toBe(true);
    expect(WaitForSingleObject(auto, 0)).toBe(WAIT_TIMEOUT);
  });

  it('CreateEventExW takes flags and a desired access', () => {
    const k = fresh();
    const h = CreateEventExW(null, null, 3, 0x100000);
    expect(k.currentProcess().handles()[0]!.access).toBe(0x100000);
    expect(WaitForSingleObject(h, 0)).toBe(WAIT_OBJECT_0);
    expect(CreateEventExW(null, null, 8, 0x100000)).toBe(NULL);
    expect(le()).toBe(ERROR_INVALID_PARAMETER);
  });

  it('SetEvent on a process pseudo handle or a mutex: ERROR_INVALID_HANDLE', () => {
    fresh();
    expect(SetEvent(GetCurrentProcess())).toBe(false);
    expect(le()).toBe(ERROR_INVALID_HANDLE);
    expect(SetEvent(CreateMutexW(null, false, null))).toBe(false);
    expect(le()).toBe(ERROR_INVALID_HANDLE);
  });
});

describe('mutexes', () => {
  it('the owner may wait again and must release as many times; others get ERROR_NOT_OWNER', () => {
    fresh();
    const m = CreateMutexW(null, false, null);
    expect(ReleaseMutex(m)).toBe(false);
    expect(le()).toBe(ERROR_NOT_OWNER);
    expect(WaitForSingleObject(m, 0)).toBe(WAIT_OBJECT_0);
    expect(WaitForSingleObject(m, 0)).toBe(WAIT_OBJECT_0);
    expect(ReleaseMutex(m)).toBe(true);
    const other: number[] = [];
    CreateThread(null, 0, () => {
      other.push(WaitForSingleObject(m, 0));
      other.push(ReleaseMutex(m) ? 1 : 0, GetLastError());
      return 0;
    }, null, 0, null);
    expect(other).toEqual([WAIT_TIMEOUT, 0, ERROR_NOT_OWNER]);
    expect(ReleaseMutex(m)).toBe(true);
    expect(ReleaseMutex(m)).toBe(false);
    expect(le()).toBe(ERROR_NOT_OWNER);
  });

  it('bInitialOwner makes the creating thread the owner only when it created the mutex', () => {
    fresh();
    CreateMutexW(null, false, 'Named');
    const again = CreateMutexW(null, true, 'Named');
    expect(le()).toBe(ERROR_ALREADY_EXISTS);
    expect(ReleaseMutex(again)).toBe(false);
    expect(le()).toBe(ERROR_NOT_OWNER);
    const mine = CreateMutexW(null, true, null);
    expect(ReleaseMutex(mine)).toBe(true);
  });

  it('a terminated owner abandons: the next wait returns WAIT_ABANDONED', () => {
    const k = fresh();
    const m = CreateMutexW(null, false, null);
    const th = CreateThread(null, 0, null, null, 0, null); // no body: runs until terminated
    const record = k.currentProcess().threads.at(-1)!;
    expect(k.run(record, () => WaitForSingleObject(m, 0))).toBe(WAIT_OBJECT_0); // that thread owns m
    expect(WaitForSingleObject(m, 0)).toBe(WAIT_TIMEOUT);
    expect(TerminateThread(th, 9)).toBe(true);
    const code = out<number>(0);
    GetExitCodeThread(th, code);
    expect(code.value).toBe(9);
    expect(WaitForSingleObject(m, 0)).toBe(WAIT_ABANDONED);
    expect(ReleaseMutex(m)).toBe(true);
  });
});

describe('semaphores', () => {
  it('validates counts at creation', () => {
    fresh();
    for (const [initial, max] of [[0, 0], [-1, 2], [3, 2]] as const) {
      expect(CreateSemaphoreW(null, initial, max, null)).toBe(NULL);
      expect(le()).toBe(ERROR_INVALID_PARAMETER);
    }
  });

  it('ReleaseSemaphore: n <= 0 invalid, count + n > max TOO_MANY_POSTS with the count unchanged, previous count out', () => {
    fresh();
    const s = CreateSemaphoreW(null, 1, 3, null);
    const prev = out<number>(-1);
    expect(ReleaseSemaphore(s, 0, prev)).toBe(false);
    expect(le()).toBe(ERROR_INVALID_PARAMETER);
    expect(ReleaseSemaphore(s, 3, prev)).toBe(false);
    expect(le()).toBe(ERROR_TOO_MANY_POSTS);
    expect(ReleaseSemaphore(s, 2, prev)).toBe(true);
    expect(prev.value).toBe(1);
    expect([0, 1, 2, 3].map(() => WaitForSingleObject(s, 0))).toEqual([WAIT_OBJECT_0, WAIT_OBJECT_0, WAIT_OBJECT_0, WAIT_TIMEOUT]);
  });
});

describe('waits', () => {
  it('WaitForMultipleObjects: bad counts and a NULL array fail; wait-any returns the first index; wait-all takes all', () => {
    fresh();
    const a = CreateEventW(null, true, false, null);
    const b = CreateEventW(null, true, true, null);
    expect(WaitForMultipleObjects(0, [a], false, 0)).toBe(WAIT_FAILED);
    expect(le()).toBe(ERROR_INVALID_PARAMETER);
    expect(WaitForMultipleObjects(65, new Array(65).fill(a), false, 0)).toBe(WAIT_FAILED);
    expect(le()).toBe(ERROR_INVALID_PARAMETER);
    expect(WaitForMultipleObjects(1, null, false, 0)).toBe(WAIT_FAILED);
    expect(le()).toBe(ERROR_INVALID_PARAMETER);
    expect(WaitForMultipleObjects(2, [a, a], true, 0)).toBe(WAIT_FAILED);
    expect(le()).toBe(ERROR_INVALID_PARAMETER);
    expect(WaitForMultipleObjects(2, [a, 0x400], false, 0)).toBe(WAIT_FAILED);
    expect(le()).toBe(ERROR_INVALID_HANDLE);
    expect(WaitForMultipleObjects(2, [a, b], false, 0)).toBe(WAIT_OBJECT_0 + 1);
    expect(WaitForMultipleObjects(2, [a, b], true, 0)).toBe(WAIT_TIMEOUT);
    SetEvent(a);
    expect(WaitForMultipleObjects(2, [a, b], true, 0)).toBe(WAIT_OBJECT_0);
  });

  it('a process handle signals when the process ends', () => {
    fresh();
    const pi: { hProcess?: number } = {};
    CreateProcessW('c.exe', null, null, null, false, 0, null, null, {}, pi);
    expect(WaitForSingleObject(pi.hProcess!, 0)).toBe(WAIT_TIMEOUT);
    expect(TerminateProcess(pi.hProcess!, 5)).toBe(true);
    expect(WaitForSingleObject(pi.hProcess!, INFINITE)).toBe(WAIT_OBJECT_0);
    expect(TerminateProcess(pi.hProcess!, 6)).toBe(false);
    expect(le()).toBe(ERROR_ACCESS_DENIED);
    const code = out<number>(0);
    GetExitCodeProcess(pi.hProcess!, code);
    expect(code.value).toBe(5);
  });
});

describe('files', () => {
  it('creation dispositions and their errors', () => {
    fresh({ files: { 'C:\\a.txt': 'hello' } });
    expect(CreateFileW('C:\\a.txt', GENERIC_READ, 0, null, CREATE_NEW, 0, null)).toBe(INVALID_HANDLE_VALUE);
    expect(le()).toBe(ERROR_FILE_EXISTS);
    expect(CreateFileW('C:\\b.txt', GENERIC_READ, 0, null, OPEN_EXISTING, 0, null)).toBe(INVALID_HANDLE_VALUE);
    expect(le()).toBe(ERROR_FILE_NOT_FOUND);
    expect(CreateFileW('C:\\A.TXT', GENERIC_READ, 0, null, OPEN_ALWAYS, 0, null)).toBe(0x4);
    expect(le()).toBe(ERROR_ALREADY_EXISTS);
    expect(CreateFileW('C:\\b.txt', GENERIC_WRITE, 0, null, CREATE_ALWAYS, 0, null)).toBe(0x8);
    expect(le()).toBe(0);
    expect(CreateFileW('C:\\a.txt', GENERIC_READ, 0, null, TRUNCATE_EXISTING, 0, null)).toBe(INVALID_HANDLE_VALUE);
    expect(le()).toBe(ERROR_INVALID_PARAMETER);
    expect(CreateFileW('C:\\a.txt', GENERIC_READ, 0, null, 9, 0, null)).toBe(INVALID_HANDLE_VALUE);
    expect(le()).toBe(ERROR_INVALID_PARAMETER);
  });

  it('reads and writes at a file position that duplicates share', () => {
    fresh({ files: { 'C:\\a.txt': 'abcdef' } });
    const h = CreateFileW('C:\\a.txt', GENERIC_READ | GENERIC_WRITE, FILE_SHARE_READ, null, OPEN_EXISTING, 0, null);
    const d = out();
    DuplicateHandle(-1, h, -1, d, 0, false, DUPLICATE_SAME_ACCESS);
    const buf = new Uint8Array(3);
    const n = out<number>(0);
    expect(ReadFile(h, buf, 3, n, null)).toBe(true);
    expect(new TextDecoder().decode(buf)).toBe('abc');
    expect(ReadFile(d.value, buf, 3, n, null)).toBe(true);
    expect(new TextDecoder().decode(buf)).toBe('def');
    expect(ReadFile(h, buf, 3, n, null)).toBe(true);
    expect(n.value).toBe(0); // end of file
    expect(WriteFile(h, 'XY', 2, n, null)).toBe(true);
    const size = out<number>(0);
    expect(GetFileSizeEx(d.value, size)).toBe(true);
    expect(size.value).toBe(8);
  });

  it('DeviceIoControl: a plain file answers ERROR_INVALID_FUNCTION; a device runs its handler', () => {
    fresh({ files: { 'C:\\a.txt': 'x' }, devices: { Echo: (code, input) => (code === 1 ? new Uint8Array([...(input ?? [])].reverse()) : 50) } });
    const f = CreateFileW('C:\\a.txt', GENERIC_READ, 0, null, OPEN_EXISTING, 0, null);
    expect(DeviceIoControl(f, 1, null, 0, null, 0, out(), null)).toBe(false);
    expect(le()).toBe(ERROR_INVALID_FUNCTION);
    const dev = CreateFileW('\\\\.\\Echo', GENERIC_READ, 0, null, OPEN_EXISTING, 0, null);
    const outBuf = new Uint8Array(3);
    const n = out<number>(0);
    expect(DeviceIoControl(dev, 1, new Uint8Array([1, 2, 3]), 3, outBuf, 3, n, null)).toBe(true);
    expect([...outBuf]).toEqual([3, 2, 1]);
    expect(n.value).toBe(3);
    expect(DeviceIoControl(dev, 1, new Uint8Array([1, 2, 3]), 3, outBuf, 2, n, null)).toBe(false);
    expect(le()).toBe(ERROR_INSUFFICIENT_BUFFER);
    expect(DeviceIoControl(dev, 2, null, 0, null, 0, n, null)).toBe(false);
    expect(le()).toBe(50);
  });
});

describe('sections', () => {
  it('pagefile sections need a size; names behave as for events; views need a section handle', () => {
    fresh({ files: { 'C:\\empty': '' } });
    expect(CreateFileMappingW(INVALID_HANDLE_VALUE, null, PAGE_READWRITE, 0, 0, null)).toBe(NULL);
    expect(le()).toBe(ERROR_INVALID_PARAMETER);
    expect(CreateFileMappingW(INVALID_HANDLE_VALUE, null, 0x7777, 0, 16, null)).toBe(NULL);
    expect(le()).toBe(ERROR_INVALID_PARAMETER);
    const s = CreateFileMappingW(INVALID_HANDLE_VALUE, null, PAGE_READWRITE, 0, 64, 'Shm');
    expect(le()).toBe(0);
    const s2 = CreateFileMappingW(INVALID_HANDLE_VALUE, null, PAGE_READONLY, 0, 8, 'Shm');
    expect(le()).toBe(ERROR_ALREADY_EXISTS);
    expect(CompareObjectHandles(s, s2)).toBe(true);
    const empty = CreateFileW('C:\\empty', GENERIC_READ, 0, null, OPEN_EXISTING, 0, null);
    expect(CreateFileMappingW(empty, null, PAGE_READONLY, 0, 0, null)).toBe(NULL);
    expect(le()).toBe(ERROR_FILE_INVALID);
    expect(CreateFileMappingW(NULL, null, PAGE_READONLY, 0, 8, null)).toBe(NULL);
    expect(le()).toBe(ERROR_INVALID_HANDLE);
    const ev = CreateEventW(null, true, false, null);
    expect(MapViewOfFile(ev, FILE_MAP_READ, 0, 0, 0)).toBe(NULL);
    expect(le()).toBe(ERROR_INVALID_HANDLE);
    expect(MapViewOfFile(s, FILE_MAP_READ, 0, 0, 128)).toBe(NULL);
    expect(le()).toBe(ERROR_ACCESS_DENIED);
    const v = MapViewOfFile(s, FILE_MAP_READ, 0, 0, 0);
    expect(v).not.toBe(NULL);
    expect(UnmapViewOfFile(v)).toBe(true);
    expect(UnmapViewOfFile(v)).toBe(false);
    expect(le()).toBe(ERROR_INVALID_ADDRESS);
  });
});

describe('processes and comparison', () => {
  it('GetProcessHandleCount counts the entries of that table', () => {
    fresh();
    CreateEventW(null, true, false, null);
    CreateEventW(null, true, false, null);
    const n = out<number>(0);
    expect(GetProcessHandleCount(-1, n)).toBe(true);
    expect(n.value).toBe(2);
  });

  it('CompareObjectHandles: same object TRUE, different FALSE + ERROR_NOT_SAME_OBJECT, invalid ERROR_INVALID_HANDLE', () => {
    fresh();
    const a = CreateEventW(null, true, false, null);
    const b = CreateEventW(null, true, false, null);
    const d = out();
    DuplicateHandle(-1, a, -1, d, 0, false, 0); // even with no rights
    expect(CompareObjectHandles(a, d.value)).toBe(true);
    expect(CompareObjectHandles(a, b)).toBe(false);
    expect(le()).toBe(ERROR_NOT_SAME_OBJECT);
    expect(CompareObjectHandles(a, 0x400)).toBe(false);
    expect(le()).toBe(ERROR_INVALID_HANDLE);
  });

  it('a thread without a body runs until terminated: STILL_ACTIVE, then its exit code', () => {
    fresh();
    const th = CreateThread(null, 0, null, null, CREATE_SUSPENDED, null);
    const c = out<number>(0);
    GetExitCodeThread(th, c);
    expect(c.value).toBe(STILL_ACTIVE);
    TerminateThread(th, 4);
    GetExitCodeThread(th, c);
    expect(c.value).toBe(4);
    expect(CloseHandle(th)).toBe(true);
  });
});

describe('last error is per thread', () => {
  it('SetLastError in another thread does not touch this thread\'s value', () => {
    fresh();
    SetLastError(5);
    let inThread = -1;
    CreateThread(null, 0, () => {
      inThread = GetLastError();
      SetLastError(87);
      return 0;
    }, null, 0, null);
    expect(inThread).toBe(0); // a new thread starts with 0
    expect(GetLastError()).toBe(5); // the other thread's 87 stays there
  });
});

describe('pipes and mailslots', () => {
  it('mailslots: one server per name, clients write messages, GetMailslotInfo reports them', () => {
    fresh();
    const server = CreateMailslotW('\\\\.\\mailslot\\box', 0, 0, null);
    expect(server).toBe(0x4);
    expect(CreateMailslotW('\\\\.\\mailslot\\box', 0, 0, null)).toBe(INVALID_HANDLE_VALUE);
    expect(le()).toBe(ERROR_ALREADY_EXISTS);
    const client = CreateFileW('\\\\.\\mailslot\\box', GENERIC_WRITE, FILE_SHARE_READ, null, OPEN_EXISTING, 0, null);
    expect(client).toBe(0x8);
    const count = out<number>(-1);
    const next = out<number>(0);
    GetMailslotInfo(server, null, next, count, null);
    expect([next.value, count.value]).toEqual([MAILSLOT_NO_MESSAGE, 0]);
    WriteFile(client, 'ping', 4, null, null);
    GetMailslotInfo(server, null, next, count, null);
    expect([next.value, count.value]).toEqual([4, 1]);
    const buf = new Uint8Array(2);
    expect(ReadFile(server, buf, 2, out(), null)).toBe(false);
    expect(le()).toBe(ERROR_INSUFFICIENT_BUFFER);
    const big = new Uint8Array(8);
    const n = out<number>(0);
    expect(ReadFile(server, big, 8, n, null)).toBe(true);
    expect(n.value).toBe(4);
    CloseHandle(server);
    expect(CreateFileW('\\\\.\\mailslot\\box', GENERIC_WRITE, FILE_SHARE_READ, null, OPEN_EXISTING, 0, null)).toBe(INVALID_HANDLE_VALUE);
    expect(le()).toBe(ERROR_FILE_NOT_FOUND);
  });

  it('named pipes: a client connects once; ConnectNamedPipe after that reports ERROR_PIPE_CONNECTED', () => {
    fresh();
    const name = '\\\\.\\pipe\\p1';
    const server = CreateNamedPipeW(name, PIPE_ACCESS_DUPLEX, 0, 1, 512, 512, 0, null);
    expect(ConnectNamedPipe(server, null)).toBe(false);
    expect(le()).toBe(ERROR_PIPE_LISTENING);
    const client = CreateFileW(name, GENERIC_READ | GENERIC_WRITE, 0, null, OPEN_EXISTING, 0, null);
    expect(client).toBe(0x8);
    expect(ConnectNamedPipe(server, null)).toBe(false);
    expect(le()).toBe(ERROR_PIPE_CONNECTED);
    expect(CreateFileW(name, GENERIC_READ, 0, null, OPEN_EXISTING, 0, null)).toBe(INVALID_HANDLE_VALUE);
    expect(le()).toBe(ERROR_PIPE_BUSY);
    expect(CreateNamedPipeW(name, PIPE_ACCESS_DUPLEX, 0, 1, 512, 512, 0, null)).toBe(INVALID_HANDLE_VALUE);
    expect(le()).toBe(ERROR_PIPE_BUSY);
    expect(WriteFile(client, 'hey', 3, null, null)).toBe(true);
    const buf = new Uint8Array(3);
    expect(ReadFile(server, buf, 3, out(), null)).toBe(true);
    expect(new TextDecoder().decode(buf)).toBe('hey');
  });
});

describe('FindFirstFile and toolhelp', () => {
  it('walks matching files and ends with ERROR_NO_MORE_FILES', () => {
    fresh({ files: { 'C:\\d\\a.txt': 'a', 'C:\\d\\b.txt': 'bb', 'C:\\d\\c.bin': '' } });
    const data: WIN32_FIND_DATA = {};
    const f = FindFirstFileW('C:\\d\\*.txt', data);
    expect(data.cFileName).toBe('a.txt');
    expect(FindNextFileW(f, data)).toBe(true);
    expect(data).toMatchObject({ cFileName: 'b.txt', nFileSizeLow: 2 });
    expect(FindNextFileW(f, data)).toBe(false);
    expect(le()).toBe(ERROR_NO_MORE_FILES);
    expect(FindClose(f)).toBe(true);
    expect(FindNextFileW(f, data)).toBe(false);
    expect(le()).toBe(ERROR_INVALID_HANDLE);
  });

  it('process snapshots are kernel handles (sections) that list live processes', () => {
    const k = fresh();
    k.createProcess({ name: 'other.exe' });
    const snap = CreateToolhelp32Snapshot(TH32CS_SNAPPROCESS, 0);
    expect(k.currentProcess().handles()[0]!.type).toBe('Section');
    const e: PROCESSENTRY32 = {};
    const names: string[] = [];
    for (let ok = Process32FirstW(snap, e); ok; ok = Process32NextW(snap, e)) names.push(e.szExeFile!);
    expect(names).toEqual(['main', 'other.exe']);
    expect(le()).toBe(ERROR_NO_MORE_FILES);
    expect(CloseHandle(snap)).toBe(true);
  });
});

describe('0.1 NTSTATUS to Win32 error mapping', () => {
  it('maps every row of the table', () => {
    const rows: [number, number][] = [
      [STATUS_SUCCESS, 0], [STATUS_OBJECT_NAME_EXISTS, 183], [STATUS_INVALID_HANDLE, 6], [STATUS_OBJECT_TYPE_MISMATCH, 6],
      [STATUS_HANDLE_NOT_CLOSABLE, 6], [STATUS_ACCESS_DENIED, 5], [STATUS_PROCESS_IS_TERMINATING, 5], [STATUS_INVALID_PARAMETER, 87],
      [0xc00000ef, 87], [0xc00000fa, 87], [0xc0000030, 87], [STATUS_OBJECT_NAME_NOT_FOUND, 2], [STATUS_OBJECT_PATH_NOT_FOUND, 3],
      [STATUS_OBJECT_NAME_COLLISION, 183], [STATUS_OBJECT_NAME_INVALID, 123], [STATUS_INSUFFICIENT_RESOURCES, 1450],
      [STATUS_NO_MEMORY, 8], [STATUS_MUTANT_NOT_OWNED, 288], [STATUS_SEMAPHORE_LIMIT_EXCEEDED, 298], [STATUS_NOT_SAME_OBJECT, 1656],
      [STATUS_PIPE_BROKEN, 109],
    ];
    for (const [status, error] of rows) expect(RtlNtStatusToDosError(status)).toBe(error);
    expect(RtlNtStatusToDosError(0xc0001234)).toBe(317);
  });
});

describe('bad input', () => {
  it('no flat function throws on garbage arguments (with or without the verifier)', async () => {
    const R = await import('../../../runtime/index.js');
    const garbage: unknown[] = [undefined, null, 0, -1, -2, 4, 8, 4.5, NaN, 'x', '\\\\.\\pipe\\a', 5n, -5n, {}, [], [0],
      new Uint8Array(4), () => 1, Symbol('s'), true, 0xffffffff, -10, { value: 3 }];
    const skip = /^(Kernel|Process|KThread|OwnedHandle|DisposableStack|VerifierStopError|ExceptionInvalidHandle|CTL_CODE)$/;
    const fns = Object.entries(R).filter(([n, v]) => typeof v === 'function' && /^[A-Z]/.test(n) && !skip.test(n)) as [string, (...a: unknown[]) => unknown][];
    expect(fns.length).toBeGreaterThan(50);
    let seed = 12345;
    const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff), seed % n);
    const thrown: string[] = [];
    for (const verifier of [false, true]) {
      fresh({ verifier, files: { 'C:\\a': 'abc' } });
      CreateEventW(null, true, false, null);
      CreateFileW('C:\\a', GENERIC_READ, 0, null, OPEN_EXISTING, 0, null);
      for (let i = 0; i < 4000; i++) {
        const [name, fn] = fns[rnd(fns.length)]!;
        const args = Array.from({ length: 10 }, () => garbage[rnd(garbage.length)]);
        try {
          fn(...args);
        } catch (e) {
          thrown.push(`${name}: ${(e as Error).message}`);
        }
      }
    }
    expect(thrown).toEqual([]);
  });
});
