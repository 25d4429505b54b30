/**
 * The seed scenarios (../shared/seeds): Raymond Chen's MakeFred bug and its fix, the Windows CE DuplicateHandle
 * rules, inheritance into a child (Richter; the mailslot notes), and a pseudo handle turned into a real one.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  createKernel, CloseHandle, CreateFileW, CreateEventW, CreateMailslotW, CreateProcessW, DeviceIoControl, DuplicateHandle,
  GetCurrentProcess, GetExitCodeProcess, GetLastError, ReadFile, WaitForSingleObject, CompareObjectHandles,
  OpenProcess, out,
  DUPLICATE_SAME_ACCESS, DUPLICATE_CLOSE_SOURCE, ERROR_INVALID_HANDLE, ERROR_INVALID_PARAMETER, GENERIC_READ, GENERIC_WRITE,
  OPEN_EXISTING, FILE_SHARE_READ, STILL_ACTIVE, PROCESS_ALL_ACCESS, PROCESS_QUERY_INFORMATION, SYNCHRONIZE, WAIT_OBJECT_0,
  type Kernel,
} from '../../runtime/index.js';

const HERE = new URL(import.meta.url).pathname;
const lineOf = (loc: string | undefined) => Number(loc?.slice(HERE.length + 1).split(':')[0]);
function lineHere(): number {
  const holder: { stack?: string } = {};
  Error.captureStackTrace(holder, lineHere);
  return Number(/:(\d+):\d+\)?$/m.exec(holder.stack!.split('\n')[1]!)![1]);
}

/** CFred: an object that closes the handle it was given when it is deleted (seed 002). */
class CFred {
  constructor(readonly h: number) {}
  ioctl(): boolean {
    return DeviceIoControl(this.h, 0x222000, null, 0, null, 0, out(), null);
  }
  delete(): boolean {
    return CloseHandle(this.h);
  }
}

const lines: Record<string, number> = {};
// CFred.delete's CloseHandle call: the first frame outside the runtime, so the location the verifier reports
lines.close = readFileSync(HERE, 'utf8').split('\n').findIndex((l) => l.includes('return CloseHandle(this.h);')) + 1;

function makeFredBuggy(h: number): CFred {
  const hDup = out();
  lines.dup = lineHere() + 1;
  DuplicateHandle(GetCurrentProcess(), h, GetCurrentProcess(), hDup, 0, false, DUPLICATE_SAME_ACCESS);
  return new CFred(h); // the bug: hands out the original and leaks hDup
}

function makeFredFixed(h: number): CFred {
  const hDup = out();
  DuplicateHandle(GetCurrentProcess(), h, GetCurrentProcess(), hDup, 0, false, DUPLICATE_SAME_ACCESS);
  return new CFred(hDup.value);
}

describe('seed 002: MakeFred', () => {
  it('buggy: both hDup leak, h is closed twice, and the report shows both', () => {
    const k = createKernel({ verifier: true });
    const h = CreateFileW('\\\\.\\Fred', GENERIC_READ | GENERIC_WRITE, 0, null, OPEN_EXISTING, 0, null);
    const pfred1 = makeFredBuggy(h);
    const pfred2 = makeFredBuggy(h);
    expect(pfred1.h).toBe(pfred2.h); // "h == hDup" was the poster's belief; both objects got h
    expect(pfred1.delete()).toBe(true);
    expect(pfred2.delete()).toBe(false); // closing an already-closed handle
    expect(GetLastError()).toBe(ERROR_INVALID_HANDLE);
    k.mainProcess.exit(0);
    const { stops, leaks } = k.report();
    expect(stops).toHaveLength(1);
    expect(stops[0]).toMatchObject({ name: 'INVALID_HANDLE', kind: 'double-close', handle: h, api: 'CloseHandle' });
    // both closes come from the same code path: CFred.delete
    expect(lineOf(stops[0]!.location)).toBe(lines.close);
    expect(lineOf(stops[0]!.firstLocation)).toBe(lines.close);
    expect(leaks.map((l) => [l.handle, l.type, l.api, lineOf(l.location)])).toEqual([
      [0x8, 'File', 'DuplicateHandle', lines.dup],
      [0xc, 'File', 'DuplicateHandle', lines.dup],
    ]);
  });

  it('buggy under LIFO reuse: the second CFred drives somebody else\'s device', () => {
    const k = createKernel({});
    const h = CreateFileW('\\\\.\\Fred', GENERIC_READ | GENERIC_WRITE, 0, null, OPEN_EXISTING, 0, null);
    const pfred1 = makeFredBuggy(h);
    const pfred2 = makeFredBuggy(h);
    pfred1.delete();
    const other = CreateFileW('\\\\.\\Barney', GENERIC_READ | GENERIC_WRITE, 0, null, OPEN_EXISTING, 0, null);
    expect(other).toBe(h); // recycled
    expect(pfred2.ioctl()).toBe(true); // "performing a DeviceIoControl on somebody else's handle"
    const barney = k.mainProcess.handles().find((e) => e.value === other)!;
    expect(k.objects().find((o) => o.id === barney.objectId)!.type).toBe('File');
    expect(pfred2.delete()).toBe(true); // and now closes Barney's handle
    expect(DeviceIoControl(other, 0x222000, null, 0, null, 0, out(), null)).toBe(false);
    expect(GetLastError()).toBe(ERROR_INVALID_HANDLE);
  });

  it('fixed: each CFred owns a duplicate; with the original closed too the report is clean', () => {
    const k = createKernel({ verifier: true });
    const h = CreateFileW('\\\\.\\Fred', GENERIC_READ | GENERIC_WRITE, 0, null, OPEN_EXISTING, 0, null);
    const pfred1 = makeFredFixed(h);
    const pfred2 = makeFredFixed(h);
    expect(new Set([h, pfred1.h, pfred2.h]).size).toBe(3);
    expect(pfred1.delete()).toBe(true);
    expect(pfred2.ioctl()).toBe(true);
    expect(pfred2.delete()).toBe(true);
    expect(CloseHandle(h)).toBe(true);
    k.mainProcess.exit(0);
    expect(k.report()).toEqual({ stops: [], leaks: [] });
    expect(k.objects().filter((o) => o.type === 'File')).toEqual([]);
  });
});

describe('seed 001: Windows CE DuplicateHandle', () => {
  const ce = (): Kernel => createKernel({ platform: 'ce' });

  it('lpTargetHandle cannot be NULL, bInheritHandle must be FALSE, DUPLICATE_SAME_ACCESS must be given', () => {
    ce();
    const e = CreateEventW(null, false, false, null);
    expect(DuplicateHandle(GetCurrentProcess(), e, GetCurrentProcess(), null, 0, false, DUPLICATE_SAME_ACCESS)).toBe(false);
    expect(GetLastError()).toBe(ERROR_INVALID_PARAMETER);
    expect(DuplicateHandle(GetCurrentProcess(), e, GetCurrentProcess(), out(), 0, true, DUPLICATE_SAME_ACCESS)).toBe(false);
    expect(GetLastError()).toBe(ERROR_INVALID_PARAMETER);
    expect(DuplicateHandle(GetCurrentProcess(), e, GetCurrentProcess(), out(), SYNCHRONIZE, false, 0)).toBe(false);
    expect(GetLastError()).toBe(ERROR_INVALID_PARAMETER);
  });

  it('dwDesiredAccess is ignored and CLOSE_SOURCE closes regardless of the error', () => {
    const k = ce();
    const e = CreateEventW(null, false, false, null);
    const d = out();
    expect(DuplicateHandle(GetCurrentProcess(), e, GetCurrentProcess(), d, 0x1234, false, DUPLICATE_SAME_ACCESS)).toBe(true);
    expect(k.mainProcess.handles().find((x) => x.value === d.value)!.access).toBe(0x1f0003);
    expect(DuplicateHandle(GetCurrentProcess(), e, GetCurrentProcess(), null, 0, false, DUPLICATE_SAME_ACCESS | DUPLICATE_CLOSE_SOURCE)).toBe(false);
    expect(k.mainProcess.handles().map((x) => x.value)).toEqual([d.value]);
  });

  it('no handle inheritance at all', () => {
    ce();
    const pi = {};
    expect(CreateProcessW('child.exe', null, null, null, true, 0, null, null, {}, pi)).toBe(false);
    expect(GetLastError()).toBe(ERROR_INVALID_PARAMETER);
  });
});

describe('seeds 003/004: inheritance into a child', () => {
  it('an inheritable mailslot handle appears in the child at the same value; the child learns it from its command line', () => {
    const k = createKernel({ verifier: true });
    const slot = CreateMailslotW('\\\\.\\mailslot\\seed', 0, 0, null);
    const client = CreateFileW('\\\\.\\mailslot\\seed', GENERIC_WRITE, FILE_SHARE_READ, { bInheritHandle: true }, OPEN_EXISTING, 0, null);
    const pi: { hProcess?: number; hThread?: number; dwProcessId?: number } = {};
    expect(CreateProcessW('child.exe', `child.exe ${client}`, null, null, true, 0, null, null, {}, pi)).toBe(true);
    const child = k.process(pi.dwProcessId!)!;
    expect(child.handles()).toEqual([expect.objectContaining({ value: client, type: 'Mailslot', inherit: true })]);
    const value = Number(child.commandLine.split(' ')[1]);
    expect(child.win32.WriteFile(value, 'from child', 10, null, null)).toBe(true);
    child.win32.CloseHandle(value);
    child.exit(0);
    const buf = new Uint8Array(32);
    const n = out<number>(0);
    expect(ReadFile(slot, buf, 32, n, null)).toBe(true);
    expect(new TextDecoder().decode(buf.subarray(0, n.value))).toBe('from child');
    expect(WaitForSingleObject(pi.hProcess!, 0)).toBe(WAIT_OBJECT_0);
    for (const h of [slot, client, pi.hProcess!, pi.hThread!]) CloseHandle(h);
    k.mainProcess.exit(0);
    expect(k.report()).toEqual({ stops: [], leaks: [] });
  });

  it('a value passed by IPC is not a handle: the child has nothing there unless it was inherited or duplicated in', () => {
    const k = createKernel({ verifier: true });
    const e = CreateEventW(null, true, false, null); // not inheritable
    const pi: { dwProcessId?: number } = {};
    CreateProcessW('child.exe', `child.exe ${e}`, null, null, true, 0, null, null, {}, pi);
    const child = k.process(pi.dwProcessId!)!;
    expect(child.win32.WaitForSingleObject(e, 0)).toBe(0xffffffff);
    // the seed-000 IPC mistake: the value is a handle in the parent only
    expect(k.report().stops[0]).toMatchObject({ name: 'INVALID_HANDLE', kind: 'foreign-process-value', pid: child.pid, handle: e });
  });
});

describe('seed 000: a pseudo handle turned real', () => {
  it('DuplicateHandle(GetCurrentProcess()) gives an inheritable real handle the child can use for its parent', () => {
    const k = createKernel({});
    const real = out();
    expect(DuplicateHandle(GetCurrentProcess(), GetCurrentProcess(), GetCurrentProcess(), real, PROCESS_QUERY_INFORMATION | SYNCHRONIZE, true, 0)).toBe(true);
    expect(real.value).not.toBe(-1);
    expect(CompareObjectHandles(real.value, GetCurrentProcess())).toBe(true);
    const pi: { dwProcessId?: number; hProcess?: number; hThread?: number } = {};
    CreateProcessW('child.exe', `child.exe ${real.value}`, null, null, true, 0, null, null, {}, pi);
    const child = k.process(pi.dwProcessId!)!;
    // in the child, -1 is the child itself; the inherited value is the parent
    const code = out<number>(0);
    expect(child.win32.GetExitCodeProcess(real.value, code)).toBe(true);
    expect(code.value).toBe(STILL_ACTIVE);
    const childSelf = child.win32.OpenProcess(PROCESS_ALL_ACCESS, false, child.pid);
    expect(child.win32.CompareObjectHandles(real.value, -1)).toBe(false);
    expect(child.win32.CompareObjectHandles(childSelf, -1)).toBe(true);
    expect(GetExitCodeProcess(real.value, code)).toBe(true);
    expect(OpenProcess(PROCESS_ALL_ACCESS, false, 0)).toBe(0);
    // the real handle must be closed; the pseudo handle never needs to be
    expect(CloseHandle(real.value)).toBe(true);
    expect(CloseHandle(GetCurrentProcess())).toBe(true);
  });
});
