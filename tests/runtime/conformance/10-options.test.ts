/** runtime-spec §10: the options table, its defaults, validation, and the active-kernel slot. */
import { describe, expect, it } from 'vitest';
import {
  createKernel, setActiveKernel, activeKernel, CloseHandle, CreateEventW, SetEvent, DuplicateHandle, CreateProcessW,
  GetCurrentProcessId, ExceptionInvalidHandle, OpenProcess, out,
  STD_ERROR_HANDLE, ERROR_INVALID_HANDLE, ERROR_ACCESS_DENIED, DUPLICATE_SAME_ACCESS, PROCESS_ALL_ACCESS,
} from '../../../runtime/index.js';
import { fresh, le } from './util.js';

describe('defaults', () => {
  it('matches the table', () => {
    const k = createKernel({});
    expect(k.options).toEqual({
      platform: 'desktop', reusePolicy: 'lifo', quarantine: 0, maxHandlesPerProcess: 16_777_216, tagBitsIgnored: true,
      pageSlots: 0, closePseudoHandle: 'succeed', translateStdHandleConstants: true, debuggerAttached: false,
      closeExceptions: false, strictHandleCheck: false, pseudoSourceWithRemoteProcess: 'nt', handleListNonInheritable: 'skip',
      windowsVersion: 10,
    });
    expect(k.verifier).toBeNull();
  });

  it('the verifier defaults: FIFO, quarantine 256, 4096 trace slots, leak check on', () => {
    const k = createKernel({ verifier: true });
    expect(k.options.reusePolicy).toBe('fifo');
    expect(k.options.quarantine).toBe(256);
    expect(k.verifier).toMatchObject({ break: false, traceSlots: 4096, leakCheckAtExit: true });
    expect(createKernel({ verifier: { handles: false } }).verifier).toBeNull();
    expect(createKernel({ verifier: { traceSlots: 5 } }).verifier!.traceSlots).toBe(128);
  });

  it('profile is an alias of platform', () => {
    expect(createKernel({ profile: 'ce' }).options.platform).toBe('ce');
  });
});

describe('validation', () => {
  it('rejects bad option values with a TypeError naming the option', () => {
    expect(() => createKernel({ reusePolicy: 'stack' as never })).toThrow(/reusePolicy/);
    expect(() => createKernel({ maxHandlesPerProcess: 0 })).toThrow(/maxHandlesPerProcess/);
    expect(() => createKernel({ maxHandlesPerProcess: 2 ** 25 })).toThrow(/maxHandlesPerProcess/);
    expect(() => createKernel({ quarantine: -1 })).toThrow(/quarantine/);
    expect(() => createKernel({ platform: 'nt4' as never })).toThrow(/platform/);
  });
});

describe('each option changes what it says', () => {
  it("reusePolicy 'random' never hands out a value that is open and reuses freed ones", () => {
    fresh({ reusePolicy: 'random' });
    const open = new Set<number>();
    const freed = new Set<number>();
    for (let i = 0; i < 40; i++) open.add(CreateEventW(null, true, false, null));
    for (const h of [...open].slice(0, 20)) {
      CloseHandle(h);
      open.delete(h);
      freed.add(h);
    }
    for (let i = 0; i < 20; i++) {
      const h = CreateEventW(null, true, false, null);
      expect(open.has(h)).toBe(false);
      expect(freed.has(h)).toBe(true);
      open.add(h);
    }
  });

  it('skipPageHeaderSlots x86 skips 0x800', () => {
    fresh({ skipPageHeaderSlots: 'x86' });
    const values = Array.from({ length: 520 }, () => CreateEventW(null, true, false, null));
    expect(values).not.toContain(0x800);
    expect(values).toContain(0x400);
  });

  it('translateStdHandleConstants false: STD_ERROR_HANDLE is just an invalid value', () => {
    fresh({ translateStdHandleConstants: false });
    expect(CloseHandle(STD_ERROR_HANDLE)).toBe(false);
    expect(le()).toBe(ERROR_INVALID_HANDLE);
  });

  it('closeExceptions / strictHandleCheck raise on invalid handles in any API (not on NULL)', () => {
    fresh({ strictHandleCheck: true });
    expect(() => SetEvent(0x40)).toThrow(ExceptionInvalidHandle);
    expect(le()).toBe(ERROR_INVALID_HANDLE);
    expect(SetEvent(0)).toBe(false);
    fresh({ closeExceptions: true });
    expect(() => CloseHandle(0x40)).toThrow(ExceptionInvalidHandle);
  });

  it("pseudoSourceWithRemoteProcess 'reject' refuses a pseudo source with a remote source process", () => {
    fresh({ pseudoSourceWithRemoteProcess: 'reject' });
    const pi: { hProcess?: number } = {};
    CreateProcessW('c.exe', null, null, null, false, 0, null, null, {}, pi);
    expect(DuplicateHandle(pi.hProcess!, -1, -1, out(), 0, false, DUPLICATE_SAME_ACCESS)).toBe(false);
    expect(le()).toBe(ERROR_INVALID_HANDLE);
    expect(DuplicateHandle(-1, -1, -1, out(), 0, false, DUPLICATE_SAME_ACCESS)).toBe(true);
  });

  it('windowsVersion is recorded', () => {
    expect(createKernel({ windowsVersion: 7 }).options.windowsVersion).toBe(7);
  });
});

describe('the active kernel', () => {
  it('is the most recently created kernel, unless inside another kernel\'s run()', () => {
    const a = createKernel({});
    const b = createKernel({});
    expect(activeKernel()).toBe(b);
    const pa = a.run(a.mainProcess, () => GetCurrentProcessId());
    expect(pa).toBe(a.mainProcess.pid);
    expect(a.run(a.mainProcess, () => activeKernel())).toBe(a);
    expect(activeKernel()).toBe(b);
    setActiveKernel(a);
    expect(activeKernel()).toBe(a);
  });

  it('lives on globalThis under Symbol.for("eslint-plugin-handles.runtime") so module copies share it', () => {
    const k = createKernel({});
    const slot = (globalThis as unknown as Record<symbol, { kernel: unknown }>)[Symbol.for('eslint-plugin-handles.runtime')];
    expect(slot.kernel).toBe(k);
  });

  it('a default kernel is created lazily when none is active', () => {
    setActiveKernel(null);
    const h = CreateEventW(null, true, false, null);
    expect(h).toBe(0x4);
    expect(activeKernel().mainProcess.handles()).toHaveLength(1);
  });

  it('process.win32 binds every flat function to that process; run() nests and returns fn\'s result', () => {
    const k = createKernel({});
    const p = k.createProcess({ name: 'worker' });
    expect(p.win32.CreateEventW(null, true, false, null)).toBe(0x4);
    expect(p.handles()).toHaveLength(1);
    expect(k.mainProcess.handles()).toHaveLength(0);
    const nested = k.run(p, () => [GetCurrentProcessId(), k.run(k.mainProcess, () => GetCurrentProcessId()), GetCurrentProcessId()]);
    expect(nested).toEqual([p.pid, k.mainProcess.pid, p.pid]);
    expect(k.process(p.pid)).toBe(p);
    expect(k.toDot()).toContain(`table${p.pid}`);
  });
});

describe('windowsVersion', () => {
  it('before Vista the Vista-sized PROCESS_ALL_ACCESS fails ERROR_ACCESS_DENIED', () => {
    fresh({ windowsVersion: 5 });
    expect(OpenProcess(PROCESS_ALL_ACCESS, false, GetCurrentProcessId())).toBe(0);
    expect(le()).toBe(ERROR_ACCESS_DENIED);
    expect(OpenProcess(0x1f0fff, false, GetCurrentProcessId())).toBe(0x4);
  });
});
