/** runtime-spec §1: handle values, allocation order, limits, recycling, pseudo handles, NULL vs INVALID_HANDLE_VALUE, sentinels. */
import { describe, expect, it } from 'vitest';
import {
  CloseHandle, CreateEventW, CreateMutexW, CreateFileW, CreateFileMappingW, DuplicateHandle, GetExitCodeProcess,
  OpenProcess, SetEvent, WaitForSingleObject, GetCurrentProcess, GetCurrentThread, CompareObjectHandles, CreateThread,
  GetHandleInformation, CreateSemaphoreW, CreateNamedPipeW, CreateMailslotW, FindFirstFileW, CreateToolhelp32Snapshot,
  OpenEventW, CreatePipe, CreateProcessW, out,
  DUPLICATE_SAME_ACCESS, ERROR_INVALID_HANDLE, ERROR_NO_SYSTEM_RESOURCES, ERROR_FILE_NOT_FOUND, ERROR_INVALID_PARAMETER,
  GENERIC_READ, OPEN_EXISTING, PAGE_READWRITE, INVALID_HANDLE_VALUE, NULL, STILL_ACTIVE, WAIT_TIMEOUT, WAIT_OBJECT_0,
  PROCESS_ALL_ACCESS, THREAD_ALL_ACCESS, CREATE_SUSPENDED, EVENT_ALL_ACCESS,
} from '../../../runtime/index.js';
import { fresh, le, UNCHANGED } from './util.js';

describe('1.1 shape of a handle value', () => {
  it('hands out multiples of 4 from 0x4 in an empty table', () => {
    fresh();
    expect([CreateEventW(null, true, false, null), CreateEventW(null, true, false, null), CreateMutexW(null, false, null)]).toEqual([0x4, 0x8, 0xc]);
  });

  it('ignores the two low tag bits by default', () => {
    fresh();
    const h = CreateEventW(null, true, false, null);
    for (const tagged of [h | 1, h | 2, h | 3]) {
      expect(SetEvent(tagged)).toBe(true);
    }
    expect(WaitForSingleObject(h | 3, 0)).toBe(WAIT_OBJECT_0);
  });

  it('with tagBitsIgnored false a tagged value is invalid', () => {
    fresh({ tagBitsIgnored: false });
    const h = CreateEventW(null, true, false, null);
    expect(SetEvent(h | 1)).toBe(false);
    expect(le()).toBe(ERROR_INVALID_HANDLE);
  });

  it('a zero-extended 0xFFFFFFFF is not the pseudo handle; the sign-extended -1 is', () => {
    fresh();
    const code = out<number>(0);
    expect(GetExitCodeProcess(0xffffffff, code)).toBe(false);
    expect(le()).toBe(ERROR_INVALID_HANDLE);
    expect(GetExitCodeProcess(-1, code)).toBe(true);
    expect(code.value).toBe(STILL_ACTIVE);
    // a 64-bit all-ones value (koffi/bun bigint) is the sign-extended -1
    expect(GetExitCodeProcess(0xffffffffffffffffn, code)).toBe(true);
    // garbage in the high 32 bits is invalid
    expect(GetExitCodeProcess(0x1_0000_0004n, code)).toBe(false);
    expect(le()).toBe(ERROR_INVALID_HANDLE);
  });

  it('negative values other than the pseudo handles are invalid from user mode', () => {
    fresh();
    for (const v of [-3, -7, -100, -0x7fffffff]) {
      expect(SetEvent(v)).toBe(false);
      expect(le()).toBe(ERROR_INVALID_HANDLE);
    }
  });

  it('rejects non-integer handle values with ERROR_INVALID_HANDLE and never throws', () => {
    fresh();
    const h = CreateEventW(null, true, false, null);
    for (const bad of [h + 0.5, Number.NaN, Infinity, '4' as unknown as number, {} as unknown as number]) {
      expect(() => SetEvent(bad)).not.toThrow();
      expect(SetEvent(bad)).toBe(false);
      expect(le()).toBe(ERROR_INVALID_HANDLE);
      expect(CloseHandle(bad)).toBe(false);
      expect(le()).toBe(ERROR_INVALID_HANDLE);
    }
    expect(CloseHandle(h)).toBe(true);
  });
});

describe('1.2 allocation order', () => {
  it('reuses the most recently closed value first (LIFO, the default)', () => {
    fresh();
    const a = CreateEventW(null, true, false, null);
    const b = CreateEventW(null, true, false, null);
    const c = CreateEventW(null, true, false, null);
    expect([a, b, c]).toEqual([0x4, 0x8, 0xc]);
    CloseHandle(b);
    CloseHandle(a);
    expect(CreateEventW(null, true, false, null)).toBe(0x4);
    expect(CreateEventW(null, true, false, null)).toBe(0x8);
    expect(CreateEventW(null, true, false, null)).toBe(0x10);
  });

  it('fifo reuses the oldest freed value first', () => {
    fresh({ reusePolicy: 'fifo' });
    const [a, b] = [CreateEventW(null, true, false, null), CreateEventW(null, true, false, null)];
    CloseHandle(b);
    CloseHandle(a);
    expect(CreateEventW(null, true, false, null)).toBe(0x8);
    expect(CreateEventW(null, true, false, null)).toBe(0x4);
  });

  it('quarantine keeps a closed value out of use for the next N allocations', () => {
    fresh({ reusePolicy: 'fifo', quarantine: 2 });
    const a = CreateEventW(null, true, false, null);
    CloseHandle(a);
    expect(CreateEventW(null, true, false, null)).toBe(0x8);
    expect(CreateEventW(null, true, false, null)).toBe(0xc);
    expect(CreateEventW(null, true, false, null)).toBe(0x4);
  });

  it("'lowest' reuses the lowest free value (Wine's order)", () => {
    fresh({ reusePolicy: 'lowest' });
    const hs = [1, 2, 3, 4].map(() => CreateEventW(null, true, false, null));
    CloseHandle(hs[1]!);
    CloseHandle(hs[3]!);
    CloseHandle(hs[0]!);
    expect(CreateEventW(null, true, false, null)).toBe(0x4);
    expect(CreateEventW(null, true, false, null)).toBe(0x8);
    expect(CreateEventW(null, true, false, null)).toBe(0x10);
  });

  it('a child inheriting handles takes the highest free slot below the parent high-water mark first', () => {
    const k = fresh();
    const a = CreateEventW({ bInheritHandle: true }, true, false, null);
    CreateEventW(null, true, false, null); // 0x8, not inheritable
    CreateEventW(null, true, false, null); // 0xC, not inheritable
    const d = CreateEventW({ bInheritHandle: true }, true, false, null); // 0x10
    const pi: { hProcess?: number; dwProcessId?: number } = {};
    expect(CreateProcessW('child.exe', null, null, null, true, 0, null, null, {}, pi)).toBe(true);
    const child = k.process(pi.dwProcessId!)!;
    expect(child.handles().map((e) => e.value)).toEqual([a, d]);
    expect(k.run(child, () => CreateEventW(null, true, false, null))).toBe(0xc);
    expect(k.run(child, () => CreateEventW(null, true, false, null))).toBe(0x8);
    expect(k.run(child, () => CreateEventW(null, true, false, null))).toBe(0x14);
  });
});

describe('1.3 limits', () => {
  it('a full table fails with ERROR_NO_SYSTEM_RESOURCES and leaves no object behind', () => {
    const k = fresh({ maxHandlesPerProcess: 3 });
    const hs = [1, 2, 3].map(() => CreateEventW(null, true, false, null));
    expect(hs).toEqual([0x4, 0x8, 0xc]);
    const before = k.objects().length;
    expect(CreateEventW(null, true, false, null)).toBe(NULL);
    expect(le()).toBe(ERROR_NO_SYSTEM_RESOURCES);
    expect(CreateFileW('\\\\.\\dev', GENERIC_READ, 0, null, OPEN_EXISTING, 0, null)).toBe(INVALID_HANDLE_VALUE);
    expect(le()).toBe(ERROR_NO_SYSTEM_RESOURCES);
    expect(k.objects().length).toBe(before);
    const dup = out();
    expect(DuplicateHandle(-1, hs[0]!, -1, dup, 0, false, DUPLICATE_SAME_ACCESS)).toBe(false);
    expect(le()).toBe(ERROR_NO_SYSTEM_RESOURCES);
    expect(k.objects().find((o) => o.type === 'Event')!.handleCount).toBe(1);
  });

  it('skipPageHeaderSlots x64 never hands out 0x400 (index 256)', () => {
    fresh({ skipPageHeaderSlots: 'x64' });
    const values = Array.from({ length: 300 }, () => CreateEventW(null, true, false, null));
    expect(values).not.toContain(0x400);
    expect(values[254]).toBe(0x3fc);
    expect(values[255]).toBe(0x404);
  });
});

describe('1.4 recycling hazard', () => {
  it('a stale value silently acts on the new object of the same type (case 3)', () => {
    const k = fresh();
    const h = CreateEventW(null, true, false, null);
    CloseHandle(h);
    const other = CreateEventW(null, true, false, null);
    expect(other).toBe(h);
    expect(SetEvent(h)).toBe(true); // "succeeds" on somebody else's event
    expect(WaitForSingleObject(other, 0)).toBe(WAIT_OBJECT_0);
    expect(k.objects().filter((o) => o.type === 'Event')).toHaveLength(1);
  });

  it('a stale value now holding another type fails ERROR_INVALID_HANDLE (case 2)', () => {
    fresh();
    const h = CreateEventW(null, true, false, null);
    CloseHandle(h);
    expect(CreateMutexW(null, false, null)).toBe(h);
    expect(SetEvent(h)).toBe(false);
    expect(le()).toBe(ERROR_INVALID_HANDLE);
  });

  it('a second close of a recycled value closes the other component\'s handle', () => {
    fresh();
    const mine = CreateEventW(null, true, false, null);
    CloseHandle(mine);
    const theirs = CreateEventW(null, true, false, null);
    expect(CloseHandle(mine)).toBe(true); // the bug: closes `theirs`
    expect(SetEvent(theirs)).toBe(false);
    expect(le()).toBe(ERROR_INVALID_HANDLE);
  });
});

describe('1.5 pseudo handles', () => {
  it('GetCurrentProcess() is -1 and GetCurrentThread() is -2, in no table', () => {
    const k = fresh();
    expect(GetCurrentProcess()).toBe(-1);
    expect(GetCurrentThread()).toBe(-2);
    expect(k.currentProcess().handles()).toEqual([]);
  });

  it('duplicating -1 gives a real process handle with PROCESS_ALL_ACCESS', () => {
    const k = fresh();
    const h = out();
    expect(DuplicateHandle(-1, -1, -1, h, 0, false, DUPLICATE_SAME_ACCESS)).toBe(true);
    expect(h.value).toBe(0x4);
    expect(k.currentProcess().handles()[0]).toMatchObject({ value: 0x4, type: 'Process', access: PROCESS_ALL_ACCESS, inherit: false });
    expect(CompareObjectHandles(GetCurrentProcess(), h.value)).toBe(true);
  });

  it('-2 means the thread using it, not the one that obtained it', () => {
    const k = fresh();
    const mainReal = out();
    DuplicateHandle(-1, -2, -1, mainReal, 0, false, DUPLICATE_SAME_ACCESS);
    const seen: number[] = [];
    const th = CreateThread(null, 0, () => {
      const mine = out();
      DuplicateHandle(-1, GetCurrentThread(), -1, mine, 0, false, DUPLICATE_SAME_ACCESS);
      seen.push(mine.value, CompareObjectHandles(mine.value, mainReal.value) ? 1 : 0);
      return 0;
    }, null, 0, null);
    expect(th).not.toBe(NULL);
    expect(seen[1]).toBe(0);
    const handles = k.currentProcess().handles();
    expect(handles.find((e) => e.value === seen[0])).toMatchObject({ type: 'Thread', access: THREAD_ALL_ACCESS });
  });

  it('token pseudo handles (-4..-6) and -3 are not accepted as object handles', () => {
    fresh();
    for (const v of [-3, -4, -5, -6]) {
      const h = out(7);
      expect(DuplicateHandle(-1, v, -1, h, 0, false, DUPLICATE_SAME_ACCESS)).toBe(false);
      expect(le()).toBe(ERROR_INVALID_HANDLE);
      expect(h.value).toBe(0);
    }
  });
});

describe('1.6 NULL vs INVALID_HANDLE_VALUE', () => {
  it('every API given NULL fails with ERROR_INVALID_HANDLE', () => {
    fresh();
    expect(SetEvent(NULL)).toBe(false);
    expect(le()).toBe(ERROR_INVALID_HANDLE);
    expect(WaitForSingleObject(NULL, 0)).toBe(0xffffffff);
    expect(le()).toBe(ERROR_INVALID_HANDLE);
    expect(CloseHandle(NULL)).toBe(false);
    expect(le()).toBe(ERROR_INVALID_HANDLE);
    expect(GetHandleInformation(null, out())).toBe(false);
    expect(le()).toBe(ERROR_INVALID_HANDLE);
  });

  it('INVALID_HANDLE_VALUE is the current-process pseudo handle', () => {
    const k = fresh();
    expect(WaitForSingleObject(INVALID_HANDLE_VALUE, 0)).toBe(WAIT_TIMEOUT);
    const code = out<number>(0);
    expect(GetExitCodeProcess(INVALID_HANDLE_VALUE, code)).toBe(true);
    expect(code.value).toBe(STILL_ACTIVE);
    const h = out();
    expect(DuplicateHandle(-1, INVALID_HANDLE_VALUE, -1, h, 0, false, DUPLICATE_SAME_ACCESS)).toBe(true);
    expect(k.currentProcess().handles()[0]!.type).toBe('Process');
    expect(CloseHandle(INVALID_HANDLE_VALUE)).toBe(true);
    expect(le()).toBe(UNCHANGED);
  });
});

describe('1.7 failure sentinels', () => {
  it('each creator returns its documented failure value and consumes no table entry', () => {
    fresh();
    expect(CreateFileW('C:\\missing.txt', GENERIC_READ, 0, null, OPEN_EXISTING, 0, null)).toBe(INVALID_HANDLE_VALUE);
    expect(le()).toBe(ERROR_FILE_NOT_FOUND);
    expect(OpenEventW(EVENT_ALL_ACCESS, false, 'nope')).toBe(NULL);
    expect(le()).toBe(ERROR_FILE_NOT_FOUND);
    expect(OpenProcess(PROCESS_ALL_ACCESS, false, 0x7ffffff0)).toBe(NULL);
    expect(le()).toBe(ERROR_INVALID_PARAMETER);
    expect(CreateSemaphoreW(null, 2, 1, null)).toBe(NULL);
    expect(le()).toBe(ERROR_INVALID_PARAMETER);
    expect(CreateFileMappingW(INVALID_HANDLE_VALUE, null, PAGE_READWRITE, 0, 0, null)).toBe(NULL);
    expect(le()).toBe(ERROR_INVALID_PARAMETER);
    expect(CreateNamedPipeW('not-a-pipe-name', 3, 0, 1, 0, 0, 0, null)).toBe(INVALID_HANDLE_VALUE);
    expect(CreateMailslotW('bad', 0, 0, null)).toBe(INVALID_HANDLE_VALUE);
    expect(FindFirstFileW('C:\\none\\*.txt', {})).toBe(INVALID_HANDLE_VALUE);
    expect(le()).toBe(ERROR_FILE_NOT_FOUND);
    expect(CreateToolhelp32Snapshot(8, 0x7ffffff0)).toBe(INVALID_HANDLE_VALUE);
    const r = out(9);
    const w = out(9);
    expect(CreatePipe(r, w, null, 0)).toBe(true);
    // nothing above consumed a slot: the pipe ends are the first two handles
    expect([r.value, w.value]).toEqual([0x4, 0x8]);
    expect(CreateThread(null, 0, 42 as never, null, CREATE_SUSPENDED, null)).toBe(NULL);
    expect(le()).toBe(ERROR_INVALID_PARAMETER);
  });

  it('a failed CreateFile (-1) given to CreateFileMapping silently makes a pagefile-backed section', () => {
    const k = fresh();
    const file = CreateFileW('C:\\missing.bin', GENERIC_READ, 0, null, OPEN_EXISTING, 0, null);
    expect(file).toBe(INVALID_HANDLE_VALUE);
    const section = CreateFileMappingW(file, null, PAGE_READWRITE, 0, 4096, null);
    expect(section).toBe(0x4);
    expect(le()).toBe(0);
    expect(k.objects().filter((o) => o.type === 'Section')).toHaveLength(1);
    expect(k.objects().filter((o) => o.type === 'File')).toHaveLength(0);
  });
});
