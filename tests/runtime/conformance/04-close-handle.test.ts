/** runtime-spec §4: CloseHandle on valid, NULL, pseudo, protected, stale and foreign values; raised exceptions. */
import { describe, expect, it } from 'vitest';
import {
  CloseHandle, CreateEventW, CreateProcessW, SetEvent, SetHandleInformation, GetHandleInformation, FindFirstFileW, FindClose,
  GetStdHandle, SetStdHandle, SetLastError, DuplicateHandle, ExceptionInvalidHandle, OwnedHandle, owned, DisposableStack, out,
  ERROR_INVALID_HANDLE, HANDLE_FLAG_PROTECT_FROM_CLOSE, STD_ERROR_HANDLE, STD_OUTPUT_HANDLE, DUPLICATE_SAME_ACCESS,
  DUPLICATE_CLOSE_SOURCE, INVALID_HANDLE_VALUE, NULL,
} from '../../../runtime/index.js';
import { fresh, le, UNCHANGED, objectOf } from './util.js';

describe('4.1 the algorithm', () => {
  it('closing a valid handle: TRUE, LE unchanged, entry gone, object destroyed with its last handle', () => {
    const k = fresh();
    const e = CreateEventW(null, true, false, null);
    const id = objectOf(k, e)!.id;
    SetLastError(UNCHANGED);
    expect(CloseHandle(e)).toBe(true);
    expect(le()).toBe(UNCHANGED);
    expect(k.currentProcess().handles()).toEqual([]);
    expect(k.object(id)).toBeUndefined();
  });

  it('a second close of the same value: FALSE, ERROR_INVALID_HANDLE, no state change', () => {
    const k = fresh();
    const keep = CreateEventW(null, true, false, null);
    const e = CreateEventW(null, true, false, null);
    CloseHandle(e);
    const before = k.objects();
    expect(CloseHandle(e)).toBe(false);
    expect(le()).toBe(ERROR_INVALID_HANDLE);
    expect(k.objects()).toEqual(before);
    expect(k.currentProcess().handles().map((x) => x.value)).toEqual([keep]);
  });

  it('NULL and never-allocated values fail ERROR_INVALID_HANDLE', () => {
    fresh();
    expect(CloseHandle(NULL)).toBe(false);
    expect(le()).toBe(ERROR_INVALID_HANDLE);
    expect(CloseHandle(0x1234)).toBe(false);
    expect(le()).toBe(ERROR_INVALID_HANDLE);
    expect(CloseHandle(null)).toBe(false);
    expect(le()).toBe(ERROR_INVALID_HANDLE);
  });

  it('a protected handle: FALSE, ERROR_INVALID_HANDLE, and it stays open until the flag is cleared', () => {
    const k = fresh();
    const e = CreateEventW(null, true, false, null);
    expect(SetHandleInformation(e, HANDLE_FLAG_PROTECT_FROM_CLOSE, HANDLE_FLAG_PROTECT_FROM_CLOSE)).toBe(true);
    expect(CloseHandle(e)).toBe(false);
    expect(le()).toBe(ERROR_INVALID_HANDLE);
    expect(SetEvent(e)).toBe(true);
    expect(objectOf(k, e)!.handleCount).toBe(1);
    SetHandleInformation(e, HANDLE_FLAG_PROTECT_FROM_CLOSE, 0);
    expect(CloseHandle(e)).toBe(true);
  });

  it('a FindFirstFile handle is no kernel handle: CloseHandle fails, FindClose works', () => {
    fresh({ files: { 'C:\\d\\a.txt': 'a' } });
    const f = FindFirstFileW('C:\\d\\*.txt', {});
    expect(f).not.toBe(INVALID_HANDLE_VALUE);
    expect(CloseHandle(f)).toBe(false);
    expect(le()).toBe(ERROR_INVALID_HANDLE);
    expect(FindClose(f)).toBe(true);
    expect(FindClose(f)).toBe(false);
    expect(le()).toBe(ERROR_INVALID_HANDLE);
  });

  it("a value from another process closes this process's own entry with that value (IPC pitfall)", () => {
    const k = fresh();
    const pi: { dwProcessId?: number } = {};
    CreateProcessW('child.exe', null, null, null, false, 0, null, null, {}, pi);
    const child = k.process(pi.dwProcessId!)!;
    const parentEvent = CreateEventW(null, true, false, null); // parent 0xC after hProcess/hThread
    expect(parentEvent).toBe(0xc);
    // the child has nothing at 0xC: the value is meaningless there
    expect(k.run(child, () => CloseHandle(parentEvent))).toBe(false);
    expect(k.run(child, () => [CreateEventW(null, true, false, null), CreateEventW(null, true, false, null), CreateEventW(null, true, false, null)])).toEqual([0x4, 0x8, 0xc]);
    // now it closes the child's own, unrelated handle
    expect(k.run(child, () => CloseHandle(parentEvent))).toBe(true);
    expect(child.handles().map((x) => x.value)).toEqual([0x4, 0x8]);
    expect(SetEvent(parentEvent)).toBe(true);
  });
});

describe('4.1 raised exceptions', () => {
  it('with a debugger attached an invalid close raises STATUS_INVALID_HANDLE (NULL excluded)', () => {
    fresh({ debuggerAttached: true });
    expect(() => CloseHandle(0x40)).toThrow(ExceptionInvalidHandle);
    try {
      CloseHandle(0x40);
    } catch (e) {
      expect((e as ExceptionInvalidHandle).code).toBe(0xc0000008);
      expect(le()).toBe(ERROR_INVALID_HANDLE); // a continued exception yields the normal failure
    }
    expect(CloseHandle(NULL)).toBe(false);
    expect(CloseHandle(-1)).toBe(true);
  });

  it('with a debugger attached a protected close raises STATUS_HANDLE_NOT_CLOSABLE', () => {
    fresh({ debuggerAttached: true });
    const e = CreateEventW(null, true, false, null);
    SetHandleInformation(e, HANDLE_FLAG_PROTECT_FROM_CLOSE, HANDLE_FLAG_PROTECT_FROM_CLOSE);
    let code = 0;
    try {
      CloseHandle(e);
    } catch (err) {
      code = (err as ExceptionInvalidHandle).code;
    }
    expect(code).toBe(0xc0000235);
  });

  it('without those options nothing throws', () => {
    fresh();
    expect(() => CloseHandle(0x40)).not.toThrow();
  });
});

describe('4.2 pseudo handles', () => {
  it("default 'succeed': TRUE, LE unchanged, no state change; never raises", () => {
    const k = fresh({ debuggerAttached: true, strictHandleCheck: true });
    SetLastError(UNCHANGED);
    expect(CloseHandle(-1)).toBe(true);
    expect(CloseHandle(-2)).toBe(true);
    expect(le()).toBe(UNCHANGED);
    expect(k.currentProcess().exited).toBe(false);
  });

  it("closePseudoHandle 'fail': FALSE, ERROR_INVALID_HANDLE", () => {
    fresh({ closePseudoHandle: 'fail' });
    expect(CloseHandle(-1)).toBe(false);
    expect(le()).toBe(ERROR_INVALID_HANDLE);
    expect(CloseHandle(-2)).toBe(false);
    expect(le()).toBe(ERROR_INVALID_HANDLE);
  });
});

describe('1.5 / 4.1 standard handle constants', () => {
  it('CloseHandle(STD_ERROR_HANDLE) closes the real stderr handle and GetStdHandle then returns NULL', () => {
    const k = fresh();
    const h = CreateEventW(null, true, false, null);
    SetStdHandle(STD_ERROR_HANDLE, h);
    expect(GetStdHandle(STD_ERROR_HANDLE)).toBe(h);
    expect(CloseHandle(STD_ERROR_HANDLE)).toBe(true);
    expect(k.currentProcess().handles()).toEqual([]);
    expect(GetStdHandle(STD_ERROR_HANDLE)).toBe(NULL);
    expect(CloseHandle(STD_OUTPUT_HANDLE)).toBe(false); // no stdout handle: it is NULL
    expect(le()).toBe(ERROR_INVALID_HANDLE);
  });

  it('GetHandleInformation and DuplicateHandle translate the constants too', () => {
    fresh();
    const h = CreateEventW(null, true, false, null);
    SetStdHandle(STD_OUTPUT_HANDLE, h);
    const flags = out<number>(9);
    expect(GetHandleInformation(STD_OUTPUT_HANDLE, flags)).toBe(true);
    expect(flags.value).toBe(0);
    const d = out();
    expect(DuplicateHandle(-1, STD_OUTPUT_HANDLE, -1, d, 0, false, DUPLICATE_SAME_ACCESS | DUPLICATE_CLOSE_SOURCE)).toBe(true);
    expect(d.value).toBe(h);
  });
});

describe('OwnedHandle', () => {
  it('closes a real handle exactly once; close() and dispose are idempotent', () => {
    const k = fresh();
    const h = owned(CreateEventW(null, true, false, null));
    expect(h.value).toBe(0x4);
    expect(h.close()).toBe(true);
    expect(h.close()).toBe(false);
    h[Symbol.dispose]();
    expect(k.currentProcess().handles()).toEqual([]);
    // the freed value is reused; the wrapper must not close the new owner's handle
    const other = CreateEventW(null, true, false, null);
    expect(other).toBe(0x4);
    h[Symbol.dispose]();
    expect(k.currentProcess().handles()).toHaveLength(1);
  });

  it('NULL and INVALID_HANDLE_VALUE have nothing to close', () => {
    fresh();
    SetLastError(UNCHANGED);
    expect(new OwnedHandle(NULL).close()).toBe(false);
    expect(owned(INVALID_HANDLE_VALUE).close()).toBe(false);
    expect(owned(null).valid).toBe(false);
    expect(le()).toBe(UNCHANGED);
  });

  it('works with `using`, closes in the process that acquired it, and can give ownership away', () => {
    const k = fresh();
    const p = k.createProcess({ name: 'other' });
    {
      using e = k.run(p, () => owned(CreateEventW(null, true, false, null)));
      expect(p.handles()).toHaveLength(1);
      void e;
    }
    expect(p.handles()).toEqual([]);
    const kept = owned(CreateEventW(null, true, false, null));
    const raw = kept.release();
    kept.close();
    expect(SetEvent(raw)).toBe(true);
    expect(() => owned('x' as never)).toThrow(TypeError);
  });

  it('DisposableStack disposes in reverse order, once', () => {
    fresh();
    const order: string[] = [];
    const stack = new DisposableStack();
    const e = stack.use(owned(CreateEventW(null, true, false, null)));
    stack.defer(() => order.push('deferred'));
    stack.adopt(7, (v) => order.push(`adopted ${v}`));
    stack.dispose();
    stack.dispose();
    expect(order).toEqual(['adopted 7', 'deferred']);
    expect(e.closed).toBe(true);
  });
});

describe('OwnedHandle and recycled slots', () => {
  it('does not close a slot that was recycled behind its back (and the verifier says so)', () => {
    const k = fresh({ verifier: true, reusePolicy: 'lifo', quarantine: 0 });
    const mine = owned(CreateEventW(null, true, false, null));
    CloseHandle(mine.value); // somebody else closes it
    const theirs = CreateEventW(null, true, false, null);
    expect(theirs).toBe(mine.value);
    expect(mine.close()).toBe(false);
    expect(SetEvent(theirs)).toBe(true); // still open
    expect(k.report().stops).toEqual([expect.objectContaining({ name: 'STALE_RECYCLED_USE', api: 'CloseHandle', handle: theirs })]);
  });

  it('without the verifier it still refuses to close the other handle', () => {
    const k = fresh();
    const mine = owned(CreateEventW(null, true, false, null));
    CloseHandle(mine.value);
    CreateEventW(null, true, false, null);
    mine[Symbol.dispose]();
    expect(k.currentProcess().handles()).toHaveLength(1);
  });
});
