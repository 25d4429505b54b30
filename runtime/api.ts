/**
 * The Win32-shaped flat functions (runtime-spec §1-§7). Each acts as the active kernel's current thread:
 * validate → resolve handles in the calling process → check type → check access → act → set the last error →
 * return the documented sentinel. None throws, except in verifier break mode or where an option asks Windows'
 * exceptions to be raised (debuggerAttached, closeExceptions, strictHandleCheck).
 */
import * as C from './constants.js';
import type { HANDLE } from './constants.js';
import {
  Kernel, KThread, Process, activeSlot, FLAG_INHERIT, FLAG_PROTECT, OWNED_VALUE,
  type FileNode, type FileState, type MailslotBox, type MailslotEnd, type NamedPipeServer, type PipeEnd, type SectionState,
} from './kernel.js';
import {
  KObject, TYPE_NAMES, mapAccess, T_PROCESS, T_THREAD, T_EVENT, T_MUTANT, T_SEMAPHORE, T_FILE, T_SECTION, T_MAILSLOT, T_PIPE,
  M_PROCESS, M_THREAD, M_EVENT, M_MUTANT, M_SEMAPHORE, M_FILE, M_SECTION, M_MAILSLOT, M_PIPE, M_ANY, M_FILE_LIKE, M_WAITABLE,
  S_SIGNALED, S_MANUAL, S_ABANDONED,
} from './objects.js';
import { ExceptionInvalidHandle } from './status.js';
import { captureStack } from './verifier.js';

/** Anything the functions accept as a HANDLE: a number, null (NULL), a bigint, or an OwnedHandle. */
export type HandleLike = HANDLE | bigint | null | undefined | { readonly value: HANDLE };

/** An out-parameter: `out<HANDLE>()` ({ value }), or a koffi-style one-element array. */
export type Out<T> = { value: T } | T[] | null | undefined;

export interface SECURITY_ATTRIBUTES {
  nLength?: number;
  lpSecurityDescriptor?: unknown;
  bInheritHandle?: boolean | number;
}

export interface PROCESS_INFORMATION {
  hProcess: HANDLE;
  hThread: HANDLE;
  dwProcessId: number;
  dwThreadId: number;
}

export interface STARTUPINFO {
  cb?: number;
  dwFlags?: number;
  hStdInput?: HANDLE;
  hStdOutput?: HANDLE;
  hStdError?: HANDLE;
  /** PROC_THREAD_ATTRIBUTE_HANDLE_LIST, STARTUPINFOEX style */
  lpAttributeList?: { handleList?: HANDLE[] } | null;
  /** shorthand for lpAttributeList.handleList */
  handleList?: HANDLE[];
}

export interface WIN32_FIND_DATA {
  cFileName?: string;
  dwFileAttributes?: number;
  nFileSizeHigh?: number;
  nFileSizeLow?: number;
}

export interface PROCESSENTRY32 {
  th32ProcessID?: number;
  th32ParentProcessID?: number;
  cntThreads?: number;
  szExeFile?: string;
}

/** `out<HANDLE>()` → `{ value: 0 }`: pass it where Win32 takes a pointer to receive a value. */
export function out<T = HANDLE>(initial?: T): { value: T } {
  return { value: (initial ?? 0) as T };
}

// ------------------------------------------------------------------ plumbing

function enter(name: string, fn: Function): Kernel {
  const k = activeSlot.kernel ?? new Kernel({});
  k.api = name;
  k.apiFn = fn;
  return k;
}

function setOut(o: unknown, v: number): void {
  if (o === null || o === undefined || typeof o !== 'object') return;
  if (o instanceof BigInt64Array || o instanceof BigUint64Array) {
    o[0] = o instanceof BigUint64Array ? BigInt.asUintN(64, BigInt(v)) : BigInt(v);
  } else if (Array.isArray(o) || ArrayBuffer.isView(o)) {
    (o as unknown as number[])[0] = v;
  } else (o as { value: number }).value = v;
}

function inheritFlag(sa: SECURITY_ATTRIBUTES | null | undefined): number {
  return sa && sa.bInheritHandle ? FLAG_INHERIT : 0;
}

function fail(t: KThread, err: number): false {
  t.lastError = err;
  return false;
}

function failNull(t: KThread, err: number): 0 {
  t.lastError = err;
  return 0;
}

function failInvalid(t: KThread, err: number, api: string): -1 {
  t.lastError = err;
  t.invalidFrom = api;
  return -1;
}

/** A handle argument as a plain int32, or NaN when it is no handle representation at all. */
function valueOf(k: Kernel, t: KThread, h: unknown): number {
  if (typeof h === 'number') return (h | 0) === h ? h : NaN;
  const v = k.coerce(t, h);
  return v > 0x7fffffff ? NaN : v;
}

/** A DWORD argument as JS code may pass it (number, bigint, boolean; anything else is 0). */
function u32(x: unknown): number {
  if (typeof x === 'number') return x >>> 0;
  if (typeof x === 'bigint') return Number(BigInt.asUintN(32, x));
  return x === true ? 1 : 0;
}

/** A LONG / int argument, likewise. */
function i32(x: unknown): number {
  if (typeof x === 'number') return x | 0;
  if (typeof x === 'bigint') return Number(BigInt.asIntN(32, x));
  return x === true ? 1 : 0;
}

function isPseudo(v: number): boolean {
  return v === -1 || v === -2 || (v <= -4 && v >= -6);
}

/** STD_*_HANDLE constants → the process's standard handle (§1.5), where kernelbase translates them. */
function translateStd(k: Kernel, p: Process, v: number): number {
  if (v <= C.STD_INPUT_HANDLE && v >= C.STD_ERROR_HANDLE && k.options.translateStdHandleConstants) return p.std[C.STD_INPUT_HANDLE - v]!;
  return v;
}

/** Namespace key for a name (§2.4): 'Local\' is the session namespace; CE has one namespace per type. */
function nsKey(k: Kernel, type: number, name: unknown): string | number {
  if (typeof name !== 'string') return C.ERROR_INVALID_PARAMETER;
  let rest = name;
  let prefix = '';
  if (rest.startsWith('Global\\')) {
    prefix = 'Global\\';
    rest = rest.slice(7);
  } else if (rest.startsWith('Local\\')) rest = rest.slice(6);
  if (rest.length === 0) return C.ERROR_INVALID_NAME;
  if (rest.includes('\\')) return C.ERROR_PATH_NOT_FOUND;
  const key = prefix + rest;
  return k.options.platform === 'ce' ? `${TYPE_NAMES[type]}|${key}` : key;
}

/**
 * Create (or, for an existing name of the same type, open) an object; returns the handle or 0 with LE set.
 * When a new object was made, `created` holds it so the caller initialises its state.
 */
let created: KObject | null = null;
function createObject(k: Kernel, t: KThread, type: number, name: unknown, flags: number, access: number): number {
  const p = t.process;
  created = null;
  if (name !== null && name !== undefined && name !== '') {
    const key = nsKey(k, type, name);
    if (typeof key === 'number') return failNull(t, key);
    const existing = k.namespace.get(key);
    if (existing) {
      if (existing.type !== type) return failNull(t, C.ERROR_INVALID_HANDLE);
      if (!k.allowed(p, existing, access)) return failNull(t, C.ERROR_ACCESS_DENIED);
      const h = k.insert(p, existing, access, flags);
      if (h === 0) return failNull(t, C.ERROR_NO_SYSTEM_RESOURCES);
      t.lastError = C.ERROR_ALREADY_EXISTS;
      return h;
    }
    const o = k.newObject(type);
    const h = k.insert(p, o, access, flags);
    if (h === 0) {
      k.discard(o);
      return failNull(t, C.ERROR_NO_SYSTEM_RESOURCES);
    }
    o.name = key;
    k.namespace.set(key, o);
    if (p.user !== 'user') k.owners.set(o, p.user);
    created = o;
    t.lastError = 0;
    return h;
  }
  const o = k.newObject(type);
  const h = k.insert(p, o, access, flags);
  if (h === 0) {
    k.discard(o);
    return failNull(t, C.ERROR_NO_SYSTEM_RESOURCES);
  }
  if (p.user !== 'user') k.owners.set(o, p.user);
  created = o;
  t.lastError = 0;
  return h;
}

function openObject(k: Kernel, t: KThread, type: number, access: number, inherit: unknown, name: unknown): number {
  if (name === null || name === undefined) return failNull(t, C.ERROR_INVALID_PARAMETER);
  const key = nsKey(k, type, name);
  if (typeof key === 'number') return failNull(t, key);
  const o = k.namespace.get(key);
  if (!o) return failNull(t, C.ERROR_FILE_NOT_FOUND);
  if (o.type !== type) return failNull(t, C.ERROR_INVALID_HANDLE);
  const granted = mapAccess(type, u32(access));
  if (!k.allowed(t.process, o, granted)) return failNull(t, C.ERROR_ACCESS_DENIED);
  const h = k.insert(t.process, o, granted, inherit ? FLAG_INHERIT : 0);
  if (h === 0) return failNull(t, C.ERROR_NO_SYSTEM_RESOURCES);
  return h;
}

// ------------------------------------------------------------------ last error, pseudo handles

export function GetLastError(): number {
  return enter('GetLastError', GetLastError).cur.lastError;
}

export function SetLastError(dwErrCode: number): void {
  enter('SetLastError', SetLastError).cur.lastError = u32(dwErrCode);
}

export function GetCurrentProcess(): HANDLE {
  // a -1 passed after this call is (probably) this pseudo handle, not a failed Create*'s sentinel
  const k = activeSlot.kernel;
  if (k !== null) k.cur.invalidFrom = null;
  return -1;
}

export function GetCurrentThread(): HANDLE {
  return -2;
}

export function GetCurrentProcessId(): number {
  return enter('GetCurrentProcessId', GetCurrentProcessId).cur.process.pid;
}

export function GetCurrentThreadId(): number {
  return enter('GetCurrentThreadId', GetCurrentThreadId).cur.tid;
}

export function GetStdHandle(nStdHandle: number): HANDLE {
  const k = enter('GetStdHandle', GetStdHandle);
  const t = k.cur;
  const which = i32(nStdHandle);
  if (which > C.STD_INPUT_HANDLE || which < C.STD_ERROR_HANDLE) {
    t.lastError = C.ERROR_INVALID_HANDLE;
    return -1;
  }
  return t.process.std[C.STD_INPUT_HANDLE - which]!;
}

export function SetStdHandle(nStdHandle: number, hHandle: HANDLE): boolean {
  const k = enter('SetStdHandle', SetStdHandle);
  const t = k.cur;
  const which = i32(nStdHandle);
  if (which > C.STD_INPUT_HANDLE || which < C.STD_ERROR_HANDLE) return fail(t, C.ERROR_INVALID_HANDLE);
  t.process.std[C.STD_INPUT_HANDLE - which] = i32(hHandle);
  return true;
}

// ------------------------------------------------------------------ CloseHandle (§4)

export function CloseHandle(hObject: HandleLike): boolean {
  const k = enter('CloseHandle', CloseHandle);
  const t = k.cur;
  const p = t.process;
  let v = valueOf(k, t, hObject);
  if (Number.isNaN(v)) {
    k.resolve(t, hObject, M_ANY, 0); // records the stop, sets err
    return fail(t, C.ERROR_INVALID_HANDLE);
  }
  let stdSlot = -1;
  if (v <= C.STD_INPUT_HANDLE && v >= C.STD_ERROR_HANDLE && k.options.translateStdHandleConstants) {
    stdSlot = C.STD_INPUT_HANDLE - v;
    v = p.std[stdSlot]!;
  }
  if (isPseudo(v)) {
    // "no effect" (§4.2): never raises, no state change
    if (k.verifier) {
      if (v === -1 && t.invalidFrom) {
        k.err = C.ERROR_INVALID_HANDLE;
        k.stop(t, 'INVALID_HANDLE_VALUE_USED', v, `CloseHandle(INVALID_HANDLE_VALUE) after a failed ${t.invalidFrom}: the result was never checked`);
      } else {
        k.stop(t, 'INVALID_HANDLE', v, `CloseHandle on the pseudo handle ${v} has no effect`, { kind: 'pseudo-close' }, 'warning');
      }
    }
    if (k.options.closePseudoHandle === 'fail') return fail(t, C.ERROR_INVALID_HANDLE);
    return true;
  }
  const o = k.resolve(t, v, M_ANY, 0);
  if (o === null) {
    if (k.options.debuggerAttached && v !== 0) {
      t.lastError = C.ERROR_INVALID_HANDLE;
      throw new ExceptionInvalidHandle(C.STATUS_INVALID_HANDLE, v, 'CloseHandle');
    }
    return fail(t, k.err);
  }
  const index = k.rIndex;
  const tab = p.table!;
  if (tab.flags[index]! & FLAG_PROTECT) {
    k.err = C.ERROR_INVALID_HANDLE;
    if (k.verifier) k.stop(t, 'PROTECTED_CLOSE', v, `CloseHandle on ${fmt(v)}, which is protected from close: the handle stays open`, { objectId: o.id });
    if (k.options.debuggerAttached) {
      t.lastError = C.ERROR_INVALID_HANDLE;
      throw new ExceptionInvalidHandle(C.STATUS_HANDLE_NOT_CLOSABLE, v, 'CloseHandle');
    }
    return fail(t, C.ERROR_INVALID_HANDLE);
  }
  k.closeIndex(p, index);
  if (stdSlot >= 0) p.std[stdSlot] = 0;
  return true;
}

function fmt(v: number): string {
  return v < 0 ? String(v) : `0x${v.toString(16)}`;
}

// ------------------------------------------------------------------ DuplicateHandle (§3.1, exact order)

export function DuplicateHandle(
  hSourceProcessHandle: HandleLike,
  hSourceHandle: HandleLike,
  hTargetProcessHandle: HandleLike,
  lpTargetHandle: Out<HANDLE>,
  dwDesiredAccess: number,
  bInheritHandle: boolean | number,
  dwOptions: number,
): boolean {
  const k = enter('DuplicateHandle', DuplicateHandle);
  const t = k.cur;
  const ce = k.options.platform === 'ce';
  // 1. the out value is 0 on every failure path
  setOut(lpTargetHandle, 0);
  const options = u32(dwOptions);
  if ((options & ~(C.DUPLICATE_CLOSE_SOURCE | C.DUPLICATE_SAME_ACCESS | C.DUPLICATE_SAME_ATTRIBUTES)) !== 0) return fail(t, C.ERROR_INVALID_PARAMETER);
  const closeSource = (options & C.DUPLICATE_CLOSE_SOURCE) !== 0;
  const sameAccess = (options & C.DUPLICATE_SAME_ACCESS) !== 0;
  // 2. source process: Process with PROCESS_DUP_HANDLE; failure closes nothing
  const sp = k.resolve(t, hSourceProcessHandle, M_PROCESS, C.PROCESS_DUP_HANDLE);
  if (sp === null) return fail(t, k.err);
  const srcProc = sp.ext as Process;
  // 3. target process: remember a failure and go on as if none was given
  let targetErr = 0;
  let tgtProc: Process | null = null;
  const tv = valueOf(k, t, hTargetProcessHandle);
  if (tv !== 0) {
    const tp = k.resolve(t, hTargetProcessHandle, M_PROCESS, C.PROCESS_DUP_HANDLE);
    if (tp === null) targetErr = k.err;
    else tgtProc = tp.ext as Process;
  }
  // 4. reserved access bits (checked before the source handle is looked up)
  const desired = u32(dwDesiredAccess);
  if (!sameAccess && (desired & C.RESERVED_ACCESS_BITS) !== 0) return fail(t, C.ERROR_ACCESS_DENIED);
  // 5. source process has run down
  if (srcProc.table === null) return fail(t, C.ERROR_ACCESS_DENIED);
  // 6. the source handle, in the source process's table
  let sv = valueOf(k, t, hSourceHandle);
  if (!Number.isNaN(sv) && srcProc === t.process) sv = translateStd(k, srcProc, sv);
  let src: KObject;
  let srcAccess: number;
  let srcFlags = 0;
  let srcIndex = 0;
  const remote = srcProc !== t.process;
  if (sv === -1 || sv === -2) {
    if (remote) {
      if (k.options.pseudoSourceWithRemoteProcess === 'reject') return fail(t, C.ERROR_INVALID_HANDLE);
      if (k.verifier) k.stop(t, 'PSEUDO_SOURCE_REMOTE', sv, `DuplicateHandle: pseudo handle ${sv} with another process as source: NT reads it as ${sv === -1 ? 'the source process' : 'the calling thread'}`, {}, 'warning');
    }
    src = sv === -1 ? srcProc.obj : t.obj;
    srcAccess = C.PROCESS_ALL_ACCESS;
  } else {
    const tab = srcProc.table;
    const index = sv > 0 && ((sv & 3) === 0 || k.options.tagBitsIgnored) ? sv >> 2 : 0;
    const o = index > 0 ? tab.get(index) : null;
    if (o === null) {
      k.err = C.ERROR_INVALID_HANDLE;
      if (k.verifier) {
        if (sv === 0) k.stop(t, 'NULL_HANDLE', 0, 'NULL source handle passed to DuplicateHandle');
        else {
          k.closingSource = closeSource;
          try {
            k.classifyBad(t, srcProc, Number.isNaN(sv) ? 0 : sv);
          } finally {
            k.closingSource = false;
          }
        }
      }
      return fail(t, C.ERROR_INVALID_HANDLE);
    }
    src = o;
    srcIndex = index;
    srcAccess = tab.access[index]!;
    srcFlags = tab.flags[index]!;
  }
  const dup: DupState = { k, t, srcProc, src, srcIndex, sv, remote, closeSource, closed: false };
  // CE rules (seed 001): parameter checks, but CLOSE_SOURCE still closes "regardless of any error status"
  if (ce && (!lpTargetHandle || bInheritHandle || !sameAccess || !(src.type === T_EVENT || src.type === T_MUTANT || src.type === T_SEMAPHORE))) {
    closeDupSource(dup);
    return lostSource(dup, C.ERROR_INVALID_PARAMETER);
  }
  // 7. no target
  if (tgtProc === null) {
    let result = 0;
    if (closeSource) closeDupSource(dup);
    else result = C.ERROR_INVALID_PARAMETER;
    if (targetErr) return lostSource(dup, targetErr);
    if (result) return fail(t, result);
    return true;
  }
  // 8. target process has run down
  if (tgtProc.table === null) {
    closeDupSource(dup);
    return lostSource(dup, C.ERROR_ACCESS_DENIED);
  }
  // 9. the new entry
  const access = sameAccess ? srcAccess : mapAccess(src.type, desired);
  const flags = options & C.DUPLICATE_SAME_ATTRIBUTES ? srcFlags : bInheritHandle ? FLAG_INHERIT : 0;
  // 10. rights elevation
  let err = 0;
  if ((access & ~srcAccess) !== 0) {
    if ((M_FILE_LIKE & (1 << src.type)) !== 0) err = C.ERROR_ACCESS_DENIED;
    else if (!k.allowed(t.process, src, access)) err = C.ERROR_ACCESS_DENIED;
  }
  // 11. count the new handle before the source may go
  if (err === 0) {
    src.handleCount++;
    src.pointerCount++;
  }
  // 12. close the source regardless of 10-11
  if (closeSource) closeDupSource(dup);
  // 13.
  if (err !== 0) return lostSource(dup, err);
  // 14. allocate in the target table (LIFO + same process: the closed source's value comes back)
  const tab = tgtProc.table;
  const index = tab.alloc(src, access, flags);
  if (index === 0) {
    k.decHandle(src);
    return lostSource(dup, C.ERROR_NO_SYSTEM_RESOURCES);
  }
  if (tab.recKind !== null) k.traceEvent(tgtProc, tab, index, src, 1);
  // 15.
  if (lpTargetHandle) setOut(lpTargetHandle, index << 2);
  else if (k.verifier) {
    k.stop(t, 'UNNAMED_DUPLICATE', 0, `DuplicateHandle with lpTargetHandle NULL made handle ${fmt(index << 2)} in pid ${tgtProc.pid} that nobody can close (leaks until that process exits)`, { objectId: src.id });
  }
  return true;
}

interface DupState {
  k: Kernel;
  t: KThread;
  srcProc: Process;
  src: KObject;
  srcIndex: number;
  sv: number;
  remote: boolean;
  closeSource: boolean;
  closed: boolean;
}

/** DUPLICATE_CLOSE_SOURCE's close: as NtClose, but a protected or pseudo source is a silent no-op (§3.1 step 12). */
function closeDupSource(d: DupState): void {
  if (!d.closeSource || d.srcIndex === 0 || d.closed) return;
  const tab = d.srcProc.table;
  if (tab === null || tab.objs[d.srcIndex] !== d.src) return;
  if (tab.flags[d.srcIndex]! & FLAG_PROTECT) return;
  d.k.closeIndex(d.srcProc, d.srcIndex, d.remote ? 'remote' : 'close-source');
  d.closed = true;
}

/** Fail DuplicateHandle; if the source was already closed, the verifier reports CLOSE_SOURCE_LOST. */
function lostSource(d: DupState, err: number): false {
  if (d.closed && d.k.verifier) {
    d.k.err = err;
    d.k.stop(d.t, 'CLOSE_SOURCE_LOST', d.sv, `DuplicateHandle failed (error ${err}) after DUPLICATE_CLOSE_SOURCE closed ${fmt(d.sv)}: the caller lost its handle`, { objectId: d.src.id });
  }
  return fail(d.t, err);
}

// ------------------------------------------------------------------ handle information (§5.2), comparison

export function GetHandleInformation(hObject: HandleLike, lpdwFlags: Out<number>): boolean {
  const k = enter('GetHandleInformation', GetHandleInformation);
  const t = k.cur;
  let v = valueOf(k, t, hObject);
  if (!Number.isNaN(v)) v = translateStd(k, t.process, v);
  if (isPseudo(v)) {
    setOut(lpdwFlags, 0);
    return true;
  }
  const o = k.resolve(t, Number.isNaN(v) ? hObject : v, M_ANY, 0);
  if (o === null) return fail(t, k.err);
  setOut(lpdwFlags, t.process.table!.flags[k.rIndex]!);
  return true;
}

export function SetHandleInformation(hObject: HandleLike, dwMask: number, dwFlags: number): boolean {
  const k = enter('SetHandleInformation', SetHandleInformation);
  const t = k.cur;
  let v = valueOf(k, t, hObject);
  if (!Number.isNaN(v)) v = translateStd(k, t.process, v);
  const mask = (u32(dwMask)) & (C.HANDLE_FLAG_INHERIT | C.HANDLE_FLAG_PROTECT_FROM_CLOSE);
  if (isPseudo(v)) {
    if (mask === 0) return true;
    return fail(t, C.ERROR_ACCESS_DENIED);
  }
  // kernelbase queries the flags first: an invalid handle fails here even with mask 0
  const o = k.resolve(t, Number.isNaN(v) ? hObject : v, M_ANY, 0);
  if (o === null) return fail(t, k.err);
  const tab = t.process.table!;
  const i = k.rIndex;
  tab.flags[i] = (tab.flags[i]! & ~mask) | (u32(dwFlags) & mask);
  return true;
}

export function CompareObjectHandles(hFirstObjectHandle: HandleLike, hSecondObjectHandle: HandleLike): boolean {
  const k = enter('CompareObjectHandles', CompareObjectHandles);
  const t = k.cur;
  const a = k.resolve(t, hFirstObjectHandle, M_ANY, 0);
  if (a === null) return fail(t, k.err);
  const b = k.resolve(t, hSecondObjectHandle, M_ANY, 0);
  if (b === null) return fail(t, k.err);
  if (a !== b) return fail(t, C.ERROR_NOT_SAME_OBJECT);
  return true;
}

// ------------------------------------------------------------------ events, mutexes, semaphores (§2.4, §7)

export function CreateEventW(lpEventAttributes: SECURITY_ATTRIBUTES | null, bManualReset: boolean | number, bInitialState: boolean | number, lpName: string | null): HANDLE {
  const k = enter('CreateEventW', CreateEventW);
  const t = k.cur;
  const h = createObject(k, t, T_EVENT, lpName, inheritFlag(lpEventAttributes), C.EVENT_ALL_ACCESS);
  if (created !== null) created.state = (bManualReset ? S_MANUAL : 0) | (bInitialState ? S_SIGNALED : 0);
  return h;
}

export function CreateEventExW(lpEventAttributes: SECURITY_ATTRIBUTES | null, lpName: string | null, dwFlags: number, dwDesiredAccess: number): HANDLE {
  const k = enter('CreateEventExW', CreateEventExW);
  const t = k.cur;
  if (u32(dwFlags) & ~3) return failNull(t, C.ERROR_INVALID_PARAMETER);
  const h = createObject(k, t, T_EVENT, lpName, inheritFlag(lpEventAttributes), mapAccess(T_EVENT, u32(dwDesiredAccess)));
  if (created !== null) created.state = (u32(dwFlags) & 1 ? S_MANUAL : 0) | (u32(dwFlags) & 2 ? S_SIGNALED : 0);
  return h;
}

export function OpenEventW(dwDesiredAccess: number, bInheritHandle: boolean | number, lpName: string | null): HANDLE {
  const k = enter('OpenEventW', OpenEventW);
  return openObject(k, k.cur, T_EVENT, dwDesiredAccess, bInheritHandle, lpName);
}

function eventOp(name: string, fn: Function, h: HandleLike, op: 0 | 1 | 2): boolean {
  const k = enter(name, fn);
  const t = k.cur;
  const o = k.resolve(t, h, M_EVENT, C.EVENT_MODIFY_STATE);
  if (o === null) return fail(t, k.err);
  if (op === 0) o.state |= S_SIGNALED;
  else o.state &= ~S_SIGNALED; // ResetEvent; PulseEvent: no waiter can be blocked in the model, so it only resets
  return true;
}

export function SetEvent(hEvent: HandleLike): boolean {
  return eventOp('SetEvent', SetEvent, hEvent, 0);
}

export function ResetEvent(hEvent: HandleLike): boolean {
  return eventOp('ResetEvent', ResetEvent, hEvent, 1);
}

export function PulseEvent(hEvent: HandleLike): boolean {
  return eventOp('PulseEvent', PulseEvent, hEvent, 2);
}

export function CreateMutexW(lpMutexAttributes: SECURITY_ATTRIBUTES | null, bInitialOwner: boolean | number, lpName: string | null): HANDLE {
  const k = enter('CreateMutexW', CreateMutexW);
  const t = k.cur;
  const h = createObject(k, t, T_MUTANT, lpName, inheritFlag(lpMutexAttributes), C.MUTEX_ALL_ACCESS);
  if (created !== null && bInitialOwner) {
    // only the creator of a new mutex becomes its owner
    created.ext = t;
    created.count = 1;
    t.owned.push(created);
  }
  return h;
}

export function OpenMutexW(dwDesiredAccess: number, bInheritHandle: boolean | number, lpName: string | null): HANDLE {
  const k = enter('OpenMutexW', OpenMutexW);
  return openObject(k, k.cur, T_MUTANT, dwDesiredAccess, bInheritHandle, lpName);
}

export function ReleaseMutex(hMutex: HandleLike): boolean {
  const k = enter('ReleaseMutex', ReleaseMutex);
  const t = k.cur;
  const o = k.resolve(t, hMutex, M_MUTANT, 0); // needs no specific right (§6.2)
  if (o === null) return fail(t, k.err);
  if (o.ext !== t) return fail(t, C.ERROR_NOT_OWNER);
  if (--o.count === 0) {
    o.ext = null;
    const i = t.owned.indexOf(o);
    if (i >= 0) t.owned.splice(i, 1);
  }
  return true;
}

export function CreateSemaphoreW(lpSemaphoreAttributes: SECURITY_ATTRIBUTES | null, lInitialCount: number, lMaximumCount: number, lpName: string | null): HANDLE {
  const k = enter('CreateSemaphoreW', CreateSemaphoreW);
  const t = k.cur;
  if (!(i32(lMaximumCount) > 0) || !(i32(lInitialCount) >= 0) || i32(lInitialCount) > i32(lMaximumCount)) return failNull(t, C.ERROR_INVALID_PARAMETER);
  const h = createObject(k, t, T_SEMAPHORE, lpName, inheritFlag(lpSemaphoreAttributes), C.SEMAPHORE_ALL_ACCESS);
  if (created !== null) {
    created.count = i32(lInitialCount);
    created.ext = i32(lMaximumCount);
  }
  return h;
}

export function OpenSemaphoreW(dwDesiredAccess: number, bInheritHandle: boolean | number, lpName: string | null): HANDLE {
  const k = enter('OpenSemaphoreW', OpenSemaphoreW);
  return openObject(k, k.cur, T_SEMAPHORE, dwDesiredAccess, bInheritHandle, lpName);
}

export function ReleaseSemaphore(hSemaphore: HandleLike, lReleaseCount: number, lpPreviousCount: Out<number>): boolean {
  const k = enter('ReleaseSemaphore', ReleaseSemaphore);
  const t = k.cur;
  if (!(i32(lReleaseCount) > 0)) return fail(t, C.ERROR_INVALID_PARAMETER);
  const o = k.resolve(t, hSemaphore, M_SEMAPHORE, C.SEMAPHORE_MODIFY_STATE);
  if (o === null) return fail(t, k.err);
  if (o.count + i32(lReleaseCount) > (o.ext as number)) return fail(t, C.ERROR_TOO_MANY_POSTS);
  setOut(lpPreviousCount, o.count);
  o.count += i32(lReleaseCount);
  return true;
}

// ------------------------------------------------------------------ waits (§7)

/** Whether a wait on `o` by thread t would be satisfied now (no side effects). */
function ready(o: KObject, t: KThread): boolean {
  switch (o.type) {
    case T_EVENT:
    case T_PROCESS:
    case T_THREAD:
      return (o.state & S_SIGNALED) !== 0;
    case T_MUTANT:
      return o.ext === null || o.ext === t;
    case T_SEMAPHORE:
      return o.count > 0;
    default:
      return true; // file objects: signaled when no I/O is pending, which is always in the model
  }
}

/** Satisfy a wait; returns WAIT_OBJECT_0 or WAIT_ABANDONED. */
function acquire(o: KObject, t: KThread): number {
  switch (o.type) {
    case T_EVENT:
      if ((o.state & S_MANUAL) === 0) o.state &= ~S_SIGNALED;
      return C.WAIT_OBJECT_0;
    case T_MUTANT: {
      let r = C.WAIT_OBJECT_0;
      if (o.ext === null) {
        if (o.state & S_ABANDONED) {
          o.state &= ~S_ABANDONED;
          r = C.WAIT_ABANDONED;
        }
        o.ext = t;
        o.count = 1;
        t.owned.push(o);
      } else o.count++;
      return r;
    }
    case T_SEMAPHORE:
      o.count--;
      return C.WAIT_OBJECT_0;
    default:
      return C.WAIT_OBJECT_0;
  }
}

/**
 * Wait for one object. The model never blocks: an object that is not signaled now yields WAIT_TIMEOUT, also
 * for INFINITE (where Windows would hang).
 */
export function WaitForSingleObject(hHandle: HandleLike, dwMilliseconds: number): number {
  const k = enter('WaitForSingleObject', WaitForSingleObject);
  const t = k.cur;
  // the SYNCHRONIZE check comes before the waitability check (§7)
  const o = k.resolve(t, hHandle, M_ANY, C.SYNCHRONIZE);
  if (o === null) {
    t.lastError = k.err;
    return C.WAIT_FAILED;
  }
  if (((1 << o.type) & M_WAITABLE) === 0) {
    t.lastError = C.ERROR_INVALID_HANDLE;
    return C.WAIT_FAILED;
  }
  void dwMilliseconds;
  if (o.type === T_PROCESS && k.verifier && t.invalidFrom && valueOf(k, t, hHandle) === -1) {
    k.err = 0;
    k.stop(t, 'INVALID_HANDLE_VALUE_USED', -1, `WaitForSingleObject(INVALID_HANDLE_VALUE) after a failed ${t.invalidFrom} waits on the calling process`);
  }
  return ready(o, t) ? acquire(o, t) : C.WAIT_TIMEOUT;
}

export function WaitForMultipleObjects(nCount: number, lpHandles: readonly HandleLike[] | null, bWaitAll: boolean | number, dwMilliseconds: number): number {
  const k = enter('WaitForMultipleObjects', WaitForMultipleObjects);
  const t = k.cur;
  void dwMilliseconds;
  const count = i32(nCount);
  if (!Array.isArray(lpHandles) || !(count > 0) || count > C.MAXIMUM_WAIT_OBJECTS || lpHandles.length < count) {
    k.err = C.ERROR_INVALID_PARAMETER;
    if (k.verifier) k.stop(t, 'INCORRECT_WAIT_CALL', 0, `WaitForMultipleObjects with ${lpHandles ? `count ${count}` : 'a NULL handle array'}`);
    t.lastError = C.ERROR_INVALID_PARAMETER;
    return C.WAIT_FAILED;
  }
  const objs: KObject[] = [];
  for (let i = 0; i < count; i++) {
    const o = k.resolve(t, lpHandles[i], M_ANY, C.SYNCHRONIZE);
    if (o === null) {
      t.lastError = k.err;
      return C.WAIT_FAILED;
    }
    if (((1 << o.type) & M_WAITABLE) === 0) {
      t.lastError = C.ERROR_INVALID_HANDLE;
      return C.WAIT_FAILED;
    }
    if (bWaitAll && objs.includes(o)) {
      t.lastError = C.ERROR_INVALID_PARAMETER;
      return C.WAIT_FAILED;
    }
    objs.push(o);
  }
  if (bWaitAll) {
    if (!objs.every((o) => ready(o, t))) return C.WAIT_TIMEOUT;
    let abandoned = -1;
    objs.forEach((o, i) => {
      if (acquire(o, t) === C.WAIT_ABANDONED && abandoned < 0) abandoned = i;
    });
    return abandoned >= 0 ? C.WAIT_ABANDONED_0 + abandoned : C.WAIT_OBJECT_0;
  }
  for (let i = 0; i < objs.length; i++) {
    if (ready(objs[i]!, t)) return acquire(objs[i]!, t) === C.WAIT_ABANDONED ? C.WAIT_ABANDONED_0 + i : C.WAIT_OBJECT_0 + i;
  }
  return C.WAIT_TIMEOUT;
}

// ------------------------------------------------------------------ files, devices, pipes, mailslots

function toBytes(data: unknown, n: number): Uint8Array | null {
  if (typeof data === 'string') return new TextEncoder().encode(data).subarray(0, n);
  if (data instanceof Uint8Array) return data.subarray(0, Math.min(n, data.length));
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, Math.min(n, data.byteLength));
  if (data instanceof ArrayBuffer) return new Uint8Array(data, 0, Math.min(n, data.byteLength));
  return null;
}

function newFileObject(k: Kernel, type: number, ext: unknown): KObject {
  const o = k.newObject(type);
  o.ext = ext;
  return o;
}

/** Insert a freshly created file-like object; INVALID_HANDLE_VALUE on a full table. */
function insertFile(k: Kernel, t: KThread, o: KObject, access: number, flags: number, api: string): HANDLE {
  const h = k.insert(t.process, o, access, flags);
  if (h === 0) {
    k.discard(o);
    return failInvalid(t, C.ERROR_NO_SYSTEM_RESOURCES, api);
  }
  t.invalidFrom = null;
  return h;
}

export function CreateFileW(
  lpFileName: string | null,
  dwDesiredAccess: number,
  dwShareMode: number,
  lpSecurityAttributes: SECURITY_ATTRIBUTES | null,
  dwCreationDisposition: number,
  dwFlagsAndAttributes: number,
  hTemplateFile: HandleLike,
): HANDLE {
  const k = enter('CreateFileW', CreateFileW);
  const t = k.cur;
  void dwShareMode;
  void dwFlagsAndAttributes;
  void hTemplateFile;
  if (typeof lpFileName !== 'string' || lpFileName.length === 0) return failInvalid(t, C.ERROR_PATH_NOT_FOUND, 'CreateFileW');
  const disp = i32(dwCreationDisposition);
  if (disp < C.CREATE_NEW || disp > C.TRUNCATE_EXISTING) return failInvalid(t, C.ERROR_INVALID_PARAMETER, 'CreateFileW');
  const requested = mapAccess(T_FILE, u32(dwDesiredAccess));
  const access = (requested | C.SYNCHRONIZE | C.FILE_READ_ATTRIBUTES) >>> 0;
  const flags = inheritFlag(lpSecurityAttributes);
  const lower = lpFileName.toLowerCase();
  if (lower.startsWith('\\\\.\\pipe\\')) {
    const servers = k.namedPipes.get(lower);
    if (!servers || servers.length === 0) return failInvalid(t, C.ERROR_FILE_NOT_FOUND, 'CreateFileW');
    const server = servers.find((s) => !s.clientConnected && s.obj.handleCount > 0);
    if (!server) return failInvalid(t, C.ERROR_PIPE_BUSY, 'CreateFileW');
    const sEnd = server.obj.ext as PipeEnd;
    const cEnd: PipeEnd = { role: 'client', inbox: [], peer: server.obj, closed: false, server };
    const o = newFileObject(k, T_PIPE, cEnd);
    const h = insertFile(k, t, o, access, flags, 'CreateFileW');
    if (h === -1) return h;
    sEnd.peer = o;
    server.clientConnected = true;
    server.state = 'connected';
    t.lastError = 0;
    return h;
  }
  if (lower.startsWith('\\\\.\\mailslot\\')) {
    const box = k.mailslots.get(lower);
    if (!box) return failInvalid(t, C.ERROR_FILE_NOT_FOUND, 'CreateFileW');
    const o = newFileObject(k, T_MAILSLOT, { box, server: false } satisfies MailslotEnd);
    const h = insertFile(k, t, o, access, flags, 'CreateFileW');
    if (h !== -1) t.lastError = 0;
    return h;
  }
  if (lower.startsWith('\\\\.\\')) {
    const device = lower.slice(4);
    const o = newFileObject(k, T_FILE, { node: null, device, pos: 0, append: false } satisfies FileState);
    const h = insertFile(k, t, o, access, flags, 'CreateFileW');
    if (h !== -1) t.lastError = 0;
    return h;
  }
  let node = k.files.get(lower);
  const existed = node !== undefined;
  switch (disp) {
    case C.CREATE_NEW:
      if (existed) return failInvalid(t, C.ERROR_FILE_EXISTS, 'CreateFileW');
      break;
    case C.OPEN_EXISTING:
    case C.TRUNCATE_EXISTING:
      if (!existed) return failInvalid(t, C.ERROR_FILE_NOT_FOUND, 'CreateFileW');
      if (disp === C.TRUNCATE_EXISTING && (requested & C.FILE_WRITE_DATA) === 0) return failInvalid(t, C.ERROR_INVALID_PARAMETER, 'CreateFileW');
      break;
    default:
      break;
  }
  if (!node) {
    node = { path: lpFileName, data: new Uint8Array(0), size: 0 };
    k.files.set(lower, node);
  } else if (disp === C.CREATE_ALWAYS || disp === C.TRUNCATE_EXISTING) node.size = 0;
  const state: FileState = { node, device: null, pos: 0, append: (requested & C.FILE_APPEND_DATA) !== 0 && (requested & C.FILE_WRITE_DATA) === 0 };
  const o = newFileObject(k, T_FILE, state);
  const h = insertFile(k, t, o, access, flags, 'CreateFileW');
  if (h === -1) return h;
  t.lastError = existed && (disp === C.CREATE_ALWAYS || disp === C.OPEN_ALWAYS) ? C.ERROR_ALREADY_EXISTS : 0;
  return h;
}

function fileWrite(node: FileNode, pos: number, bytes: Uint8Array): number {
  const end = pos + bytes.length;
  if (end > node.data.length) {
    const d = new Uint8Array(Math.max(end, node.data.length * 2));
    d.set(node.data.subarray(0, node.size));
    node.data = d;
  }
  if (pos > node.size) node.data.fill(0, node.size, pos);
  node.data.set(bytes, pos);
  if (end > node.size) node.size = end;
  return end;
}

export function ReadFile(hFile: HandleLike, lpBuffer: Uint8Array | null, nNumberOfBytesToRead: number, lpNumberOfBytesRead: Out<number>, lpOverlapped: unknown): boolean {
  const k = enter('ReadFile', ReadFile);
  const t = k.cur;
  void lpOverlapped;
  setOut(lpNumberOfBytesRead, 0);
  const o = k.resolve(t, hFile, M_FILE | M_PIPE | M_MAILSLOT, C.FILE_READ_DATA);
  if (o === null) return fail(t, k.err);
  if (lpBuffer !== null && lpBuffer !== undefined && !(lpBuffer instanceof Uint8Array)) return fail(t, C.ERROR_INVALID_PARAMETER);
  if (!lpBuffer && u32(nNumberOfBytesToRead) > 0) return fail(t, C.ERROR_INVALID_PARAMETER);
  const want = Math.min(u32(nNumberOfBytesToRead), lpBuffer ? lpBuffer.length : 0);
  if (o.type === T_FILE) {
    const f = o.ext as FileState;
    if (!f.node) return fail(t, C.ERROR_INVALID_FUNCTION);
    const n = Math.max(0, Math.min(want, f.node.size - f.pos));
    if (n > 0) lpBuffer!.set(f.node.data.subarray(f.pos, f.pos + n));
    f.pos += n;
    setOut(lpNumberOfBytesRead, n);
    return true;
  }
  if (o.type === T_PIPE) {
    const e = o.ext as PipeEnd;
    if (e.inbox.length === 0) {
      if (e.peer === null) return fail(t, C.ERROR_PIPE_LISTENING);
      // every handle to the other end closed and the buffer drained: EOF (§2.2, §5.6)
      if (e.peer.handleCount === 0) return fail(t, C.ERROR_BROKEN_PIPE);
      // would block: the model cannot wait for another thread, it answers like a PIPE_NOWAIT pipe
      return fail(t, C.ERROR_NO_DATA);
    }
    const n = Math.min(want, e.inbox.length);
    const chunk = e.inbox.splice(0, n);
    lpBuffer!.set(chunk);
    setOut(lpNumberOfBytesRead, n);
    return true;
  }
  const m = o.ext as MailslotEnd;
  if (!m.server) return fail(t, C.ERROR_ACCESS_DENIED);
  const msg = m.box.messages[0];
  if (!msg) return fail(t, 121 /* ERROR_SEM_TIMEOUT */);
  if (msg.length > want) return fail(t, C.ERROR_INSUFFICIENT_BUFFER);
  m.box.messages.shift();
  lpBuffer!.set(msg);
  setOut(lpNumberOfBytesRead, msg.length);
  return true;
}

export function WriteFile(hFile: HandleLike, lpBuffer: Uint8Array | string | null, nNumberOfBytesToWrite: number, lpNumberOfBytesWritten: Out<number>, lpOverlapped: unknown): boolean {
  const k = enter('WriteFile', WriteFile);
  const t = k.cur;
  void lpOverlapped;
  setOut(lpNumberOfBytesWritten, 0);
  const o = k.resolve(t, hFile, M_FILE | M_PIPE | M_MAILSLOT, 0);
  if (o === null) return fail(t, k.err);
  if ((k.rAccess & (C.FILE_WRITE_DATA | C.FILE_APPEND_DATA)) === 0) return fail(t, C.ERROR_ACCESS_DENIED);
  const bytes = i32(nNumberOfBytesToWrite) > 0 ? toBytes(lpBuffer, u32(nNumberOfBytesToWrite)) : new Uint8Array(0);
  if (bytes === null) return fail(t, C.ERROR_INVALID_PARAMETER);
  if (o.type === T_FILE) {
    const f = o.ext as FileState;
    if (!f.node) return fail(t, C.ERROR_INVALID_FUNCTION);
    const at = f.append || (k.rAccess & C.FILE_WRITE_DATA) === 0 ? f.node.size : f.pos;
    f.pos = fileWrite(f.node, at, bytes);
    setOut(lpNumberOfBytesWritten, bytes.length);
    return true;
  }
  if (o.type === T_PIPE) {
    const e = o.ext as PipeEnd;
    if (e.peer === null) return fail(t, e.role === 'server' ? C.ERROR_PIPE_LISTENING : C.ERROR_NO_DATA);
    const peer = e.peer.ext as PipeEnd;
    if (e.peer.handleCount === 0) return fail(t, C.ERROR_NO_DATA);
    for (const b of bytes) peer.inbox.push(b);
    setOut(lpNumberOfBytesWritten, bytes.length);
    return true;
  }
  const m = o.ext as MailslotEnd;
  if (m.server) return fail(t, C.ERROR_ACCESS_DENIED);
  if (k.mailslots.get(m.box.key) !== m.box) return fail(t, C.ERROR_NO_DATA);
  if (m.box.maxMessageSize > 0 && bytes.length > m.box.maxMessageSize) return fail(t, C.ERROR_INVALID_PARAMETER);
  m.box.messages.push(bytes.slice());
  setOut(lpNumberOfBytesWritten, bytes.length);
  return true;
}

export function GetFileSizeEx(hFile: HandleLike, lpFileSize: Out<number>): boolean {
  const k = enter('GetFileSizeEx', GetFileSizeEx);
  const t = k.cur;
  const o = k.resolve(t, hFile, M_FILE, C.FILE_READ_ATTRIBUTES);
  if (o === null) return fail(t, k.err);
  const f = o.ext as FileState;
  if (!f.node) return fail(t, C.ERROR_INVALID_FUNCTION);
  setOut(lpFileSize, f.node.size);
  return true;
}

export function DeviceIoControl(
  hDevice: HandleLike,
  dwIoControlCode: number,
  lpInBuffer: Uint8Array | null,
  nInBufferSize: number,
  lpOutBuffer: Uint8Array | null,
  nOutBufferSize: number,
  lpBytesReturned: Out<number>,
  lpOverlapped: unknown,
): boolean {
  const k = enter('DeviceIoControl', DeviceIoControl);
  const t = k.cur;
  void lpOverlapped;
  const code = u32(dwIoControlCode);
  const required = (code >>> 14) & 3;
  const need = (required & 1 ? C.FILE_READ_DATA : 0) | (required & 2 ? C.FILE_WRITE_DATA : 0);
  const o = k.resolve(t, hDevice, M_FILE | M_PIPE | M_MAILSLOT, need);
  if (o === null) return fail(t, k.err);
  setOut(lpBytesReturned, 0);
  const f = o.type === T_FILE ? (o.ext as FileState) : null;
  if (!f || f.device === null) return fail(t, C.ERROR_INVALID_FUNCTION);
  const dev = o as KObject & { ioctls?: number[] };
  (dev.ioctls ??= []).push(code);
  const handler = k.devices.get(f.device);
  if ((lpInBuffer && !(lpInBuffer instanceof Uint8Array)) || (lpOutBuffer && !(lpOutBuffer instanceof Uint8Array))) return fail(t, C.ERROR_INVALID_PARAMETER);
  const input = lpInBuffer ? lpInBuffer.subarray(0, Math.min(u32(nInBufferSize), lpInBuffer.length)) : null;
  const result = handler ? handler(code, input, u32(nOutBufferSize)) : true;
  if (typeof result === 'number') return fail(t, result);
  if (result === false) return fail(t, C.ERROR_INVALID_FUNCTION);
  if (result instanceof Uint8Array) {
    if (!lpOutBuffer || result.length > Math.min(u32(nOutBufferSize), lpOutBuffer.length)) return fail(t, C.ERROR_INSUFFICIENT_BUFFER);
    lpOutBuffer.set(result);
    setOut(lpBytesReturned, result.length);
  }
  return true;
}

export function CreatePipe(hReadPipe: Out<HANDLE>, hWritePipe: Out<HANDLE>, lpPipeAttributes: SECURITY_ATTRIBUTES | null, nSize: number): boolean {
  const k = enter('CreatePipe', CreatePipe);
  const t = k.cur;
  void nSize;
  setOut(hReadPipe, 0);
  setOut(hWritePipe, 0);
  const flags = inheritFlag(lpPipeAttributes);
  const readEnd: PipeEnd = { role: 'read', inbox: [], peer: null, closed: false, server: null };
  const writeEnd: PipeEnd = { role: 'write', inbox: [], peer: null, closed: false, server: null };
  const r = newFileObject(k, T_PIPE, readEnd);
  const w = newFileObject(k, T_PIPE, writeEnd);
  readEnd.peer = w;
  writeEnd.peer = r;
  const hr = k.insert(t.process, r, (C.FILE_GENERIC_READ | C.SYNCHRONIZE | C.FILE_WRITE_ATTRIBUTES) >>> 0, flags);
  if (hr === 0) {
    k.discard(r);
    k.discard(w);
    return fail(t, C.ERROR_NO_SYSTEM_RESOURCES);
  }
  const hw = k.insert(t.process, w, (C.FILE_GENERIC_WRITE | C.SYNCHRONIZE | C.FILE_READ_ATTRIBUTES) >>> 0, flags);
  if (hw === 0) {
    k.closeIndex(t.process, hr >> 2);
    k.discard(w);
    return fail(t, C.ERROR_NO_SYSTEM_RESOURCES);
  }
  setOut(hReadPipe, hr);
  setOut(hWritePipe, hw);
  return true;
}

export function CreateNamedPipeW(
  lpName: string | null,
  dwOpenMode: number,
  dwPipeMode: number,
  nMaxInstances: number,
  nOutBufferSize: number,
  nInBufferSize: number,
  nDefaultTimeOut: number,
  lpSecurityAttributes: SECURITY_ATTRIBUTES | null,
): HANDLE {
  const k = enter('CreateNamedPipeW', CreateNamedPipeW);
  const t = k.cur;
  void dwPipeMode;
  void nOutBufferSize;
  void nInBufferSize;
  void nDefaultTimeOut;
  if (typeof lpName !== 'string' || !lpName.toLowerCase().startsWith('\\\\.\\pipe\\') || lpName.length <= 9) return failInvalid(t, C.ERROR_INVALID_NAME, 'CreateNamedPipeW');
  const dir = u32(dwOpenMode) & C.PIPE_ACCESS_DUPLEX;
  const maxInstances = i32(nMaxInstances);
  if (dir === 0 || !(maxInstances >= 1 && maxInstances <= C.PIPE_UNLIMITED_INSTANCES)) return failInvalid(t, C.ERROR_INVALID_PARAMETER, 'CreateNamedPipeW');
  const key = lpName.toLowerCase();
  const list = k.namedPipes.get(key) ?? [];
  const alive = list.filter((s) => s.obj.handleCount > 0);
  if (alive.length >= maxInstances) return failInvalid(t, C.ERROR_PIPE_BUSY, 'CreateNamedPipeW');
  const access = ((dir & C.PIPE_ACCESS_INBOUND ? C.FILE_GENERIC_READ : 0) | (dir & C.PIPE_ACCESS_OUTBOUND ? C.FILE_GENERIC_WRITE : 0) | C.SYNCHRONIZE) >>> 0;
  const end: PipeEnd = { role: 'server', inbox: [], peer: null, closed: false, server: null };
  const o = newFileObject(k, T_PIPE, end);
  const server: NamedPipeServer = { name: lpName, obj: o, state: 'idle', clientConnected: false };
  end.server = server;
  const h = insertFile(k, t, o, access, inheritFlag(lpSecurityAttributes), 'CreateNamedPipeW');
  if (h === -1) return h;
  alive.push(server);
  k.namedPipes.set(key, alive);
  return h;
}

/**
 * Wait for a client. The model cannot block: a client that already connected → FALSE, ERROR_PIPE_CONNECTED
 * (as Windows reports it); none yet → FALSE, ERROR_PIPE_LISTENING (what a PIPE_NOWAIT server gets).
 */
export function ConnectNamedPipe(hNamedPipe: HandleLike, lpOverlapped: unknown): boolean {
  const k = enter('ConnectNamedPipe', ConnectNamedPipe);
  const t = k.cur;
  void lpOverlapped;
  const o = k.resolve(t, hNamedPipe, M_PIPE, 0);
  if (o === null) return fail(t, k.err);
  const e = o.ext as PipeEnd;
  if (e.role !== 'server' || !e.server) return fail(t, C.ERROR_INVALID_FUNCTION);
  if (e.server.clientConnected) return fail(t, C.ERROR_PIPE_CONNECTED);
  e.server.state = 'listening';
  return fail(t, C.ERROR_PIPE_LISTENING);
}

export function CreateMailslotW(lpName: string | null, nMaxMessageSize: number, lReadTimeout: number, lpSecurityAttributes: SECURITY_ATTRIBUTES | null): HANDLE {
  const k = enter('CreateMailslotW', CreateMailslotW);
  const t = k.cur;
  if (typeof lpName !== 'string' || !lpName.toLowerCase().startsWith('\\\\.\\mailslot\\') || lpName.length <= 13) return failInvalid(t, C.ERROR_INVALID_NAME, 'CreateMailslotW');
  const key = lpName.toLowerCase();
  if (k.mailslots.has(key)) return failInvalid(t, C.ERROR_ALREADY_EXISTS, 'CreateMailslotW');
  const box: MailslotBox = { key, messages: [], maxMessageSize: u32(nMaxMessageSize), readTimeout: u32(lReadTimeout) };
  const o = newFileObject(k, T_MAILSLOT, { box, server: true } satisfies MailslotEnd);
  const h = insertFile(k, t, o, (C.FILE_GENERIC_READ | C.SYNCHRONIZE | C.WRITE_DAC) >>> 0, inheritFlag(lpSecurityAttributes), 'CreateMailslotW');
  if (h === -1) return h;
  k.mailslots.set(key, box);
  return h;
}

export function GetMailslotInfo(hMailslot: HandleLike, lpMaxMessageSize: Out<number>, lpNextSize: Out<number>, lpMessageCount: Out<number>, lpReadTimeout: Out<number>): boolean {
  const k = enter('GetMailslotInfo', GetMailslotInfo);
  const t = k.cur;
  const o = k.resolve(t, hMailslot, M_MAILSLOT, 0);
  if (o === null) return fail(t, k.err);
  const m = o.ext as MailslotEnd;
  if (!m.server) return fail(t, C.ERROR_INVALID_HANDLE);
  setOut(lpMaxMessageSize, m.box.maxMessageSize);
  setOut(lpNextSize, m.box.messages.length ? m.box.messages[0]!.length : C.MAILSLOT_NO_MESSAGE);
  setOut(lpMessageCount, m.box.messages.length);
  setOut(lpReadTimeout, m.box.readTimeout);
  return true;
}

// ------------------------------------------------------------------ sections (file mappings)

const PROTECT_NEEDS: Record<number, number> = {
  [C.PAGE_READONLY]: C.FILE_READ_DATA,
  [C.PAGE_READWRITE]: C.FILE_READ_DATA | C.FILE_WRITE_DATA,
  [C.PAGE_WRITECOPY]: C.FILE_READ_DATA,
  [C.PAGE_EXECUTE_READ]: C.FILE_READ_DATA | C.FILE_EXECUTE,
  [C.PAGE_EXECUTE_READWRITE]: C.FILE_READ_DATA | C.FILE_WRITE_DATA | C.FILE_EXECUTE,
  [C.PAGE_EXECUTE_WRITECOPY]: C.FILE_READ_DATA | C.FILE_EXECUTE,
};

export function CreateFileMappingW(
  hFile: HandleLike,
  lpFileMappingAttributes: SECURITY_ATTRIBUTES | null,
  flProtect: number,
  dwMaximumSizeHigh: number,
  dwMaximumSizeLow: number,
  lpName: string | null,
): HANDLE {
  const k = enter('CreateFileMappingW', CreateFileMappingW);
  const t = k.cur;
  const protect = u32(flProtect) & 0xff;
  const need = PROTECT_NEEDS[protect];
  if (need === undefined) return failNull(t, C.ERROR_INVALID_PARAMETER);
  const size = (u32(dwMaximumSizeHigh)) * 0x100000000 + (u32(dwMaximumSizeLow));
  const fv = valueOf(k, t, hFile);
  let file: KObject | null = null;
  let finalSize = size;
  if (fv === -1) {
    // INVALID_HANDLE_VALUE = "no file": a pagefile-backed section (also what a failed CreateFile's -1 gives)
    if (k.verifier && t.invalidFrom) {
      k.err = 0;
      k.stop(t, 'INVALID_HANDLE_VALUE_USED', -1, `CreateFileMappingW got INVALID_HANDLE_VALUE from a failed ${t.invalidFrom}: it silently makes a pagefile-backed section`);
    }
    if (size === 0) return failNull(t, C.ERROR_INVALID_PARAMETER);
  } else {
    file = k.resolve(t, hFile, M_FILE, need);
    if (file === null) return failNull(t, k.err);
    const f = file.ext as FileState;
    if (!f.node) return failNull(t, C.ERROR_INVALID_PARAMETER);
    if (size === 0) {
      if (f.node.size === 0) return failNull(t, C.ERROR_FILE_INVALID);
      finalSize = f.node.size;
    } else if (size > f.node.size) {
      if ((need & C.FILE_WRITE_DATA) === 0) return failNull(t, C.ERROR_NOT_ENOUGH_MEMORY);
      fileWrite(f.node, f.node.size, new Uint8Array(size - f.node.size));
    }
  }
  const h = createObject(k, t, T_SECTION, lpName, inheritFlag(lpFileMappingAttributes), C.SECTION_ALL_ACCESS);
  if (created !== null) {
    created.ext = { file, size: finalSize, protect, snapshot: null } satisfies SectionState;
    if (file) file.pointerCount++; // the section references its file
  }
  return h;
}

export function OpenFileMappingW(dwDesiredAccess: number, bInheritHandle: boolean | number, lpName: string | null): HANDLE {
  const k = enter('OpenFileMappingW', OpenFileMappingW);
  return openObject(k, k.cur, T_SECTION, dwDesiredAccess, bInheritHandle, lpName);
}

/** Map a view; returns the view's (model) address, or 0 (NULL). The view holds a reference on the section. */
export function MapViewOfFile(hFileMappingObject: HandleLike, dwDesiredAccess: number, dwFileOffsetHigh: number, dwFileOffsetLow: number, dwNumberOfBytesToMap: number): number {
  const k = enter('MapViewOfFile', MapViewOfFile);
  const t = k.cur;
  const want = u32(dwDesiredAccess);
  let need = 0;
  if (want & C.FILE_MAP_WRITE) need |= C.SECTION_MAP_WRITE;
  if (want & (C.FILE_MAP_READ | C.FILE_MAP_COPY)) need |= C.SECTION_MAP_READ;
  if (want & C.FILE_MAP_EXECUTE) need |= C.SECTION_MAP_EXECUTE;
  if (need === 0) return failNull(t, C.ERROR_INVALID_PARAMETER);
  const o = k.resolve(t, hFileMappingObject, M_SECTION, need);
  if (o === null) return failNull(t, k.err);
  const s = o.ext as SectionState;
  if (s.snapshot) return failNull(t, C.ERROR_ACCESS_DENIED);
  const writable = s.protect === C.PAGE_READWRITE || s.protect === C.PAGE_EXECUTE_READWRITE;
  if (want & C.FILE_MAP_WRITE && !writable) return failNull(t, C.ERROR_ACCESS_DENIED);
  const offset = (u32(dwFileOffsetHigh)) * 0x100000000 + (u32(dwFileOffsetLow));
  if (offset + (u32(dwNumberOfBytesToMap)) > s.size || offset > s.size) return failNull(t, C.ERROR_ACCESS_DENIED);
  const addr = k.nextViewAddress;
  k.nextViewAddress += 0x10000;
  o.pointerCount++;
  t.process.views.set(addr, o);
  return addr;
}

export function UnmapViewOfFile(lpBaseAddress: number): boolean {
  const k = enter('UnmapViewOfFile', UnmapViewOfFile);
  const t = k.cur;
  const sec = t.process.views.get(lpBaseAddress);
  if (!sec) return fail(t, C.ERROR_INVALID_ADDRESS);
  t.process.views.delete(lpBaseAddress);
  k.deref(sec);
  return true;
}

// ------------------------------------------------------------------ processes and threads (§2.3, §5.3, §5.4)

function startThread(k: Kernel, th: KThread): void {
  const fn = th.start;
  if (!fn) return; // no body: it runs until terminated or its process exits
  th.start = null;
  const code = k.run(th, () => fn(th.param));
  k.endThread(th, typeof code === 'number' ? code >>> 0 : 0);
}

export function CreateThread(
  lpThreadAttributes: SECURITY_ATTRIBUTES | null,
  dwStackSize: number,
  lpStartAddress: ((param: any) => unknown) | null,
  lpParameter: unknown,
  dwCreationFlags: number,
  lpThreadId: Out<number>,
): HANDLE {
  const k = enter('CreateThread', CreateThread);
  const t = k.cur;
  void dwStackSize;
  const p = t.process;
  if (p.table === null) return failNull(t, C.ERROR_ACCESS_DENIED);
  if (lpStartAddress !== null && lpStartAddress !== undefined && typeof lpStartAddress !== 'function') return failNull(t, C.ERROR_INVALID_PARAMETER);
  const th = k.newThread(p);
  const h = k.insert(p, th.obj, C.THREAD_ALL_ACCESS, inheritFlag(lpThreadAttributes));
  if (h === 0) {
    k.endThread(th, 0);
    return failNull(t, C.ERROR_NO_SYSTEM_RESOURCES);
  }
  setOut(lpThreadId, th.tid);
  th.start = lpStartAddress ?? null;
  th.param = lpParameter;
  if (u32(dwCreationFlags) & C.CREATE_SUSPENDED) th.suspended = true;
  else startThread(k, th);
  return h;
}

export function ResumeThread(hThread: HandleLike): number {
  const k = enter('ResumeThread', ResumeThread);
  const t = k.cur;
  const o = k.resolve(t, hThread, M_THREAD, C.THREAD_SUSPEND_RESUME);
  if (o === null) {
    t.lastError = k.err;
    return 0xffffffff;
  }
  const th = o.ext as KThread;
  if (!th.suspended) return 0;
  th.suspended = false;
  if (!th.exited) startThread(k, th);
  return 1;
}

export function TerminateThread(hThread: HandleLike, dwExitCode: number): boolean {
  const k = enter('TerminateThread', TerminateThread);
  const t = k.cur;
  const o = k.resolve(t, hThread, M_THREAD, C.THREAD_TERMINATE);
  if (o === null) return fail(t, k.err);
  k.endThread(o.ext as KThread, u32(dwExitCode));
  return true;
}

export function GetExitCodeThread(hThread: HandleLike, lpExitCode: Out<number>): boolean {
  const k = enter('GetExitCodeThread', GetExitCodeThread);
  const t = k.cur;
  const o = k.resolve(t, hThread, M_THREAD, 0);
  if (o === null) return fail(t, k.err);
  if ((k.rAccess & (C.THREAD_QUERY_INFORMATION | C.THREAD_QUERY_LIMITED_INFORMATION)) === 0) return fail(t, C.ERROR_ACCESS_DENIED);
  setOut(lpExitCode, (o.ext as KThread).exitCode);
  return true;
}

export function OpenThread(dwDesiredAccess: number, bInheritHandle: boolean | number, dwThreadId: number): HANDLE {
  const k = enter('OpenThread', OpenThread);
  const t = k.cur;
  let found: KThread | undefined;
  for (const p of k.processes.values()) {
    found = p.threads.find((x) => x.tid === dwThreadId && (x.obj.pointerCount > 0));
    if (found) break;
  }
  if (!found) return failNull(t, C.ERROR_INVALID_PARAMETER);
  const access = mapAccess(T_THREAD, u32(dwDesiredAccess));
  if (!k.allowed(t.process, found.obj, access)) return failNull(t, C.ERROR_ACCESS_DENIED);
  const h = k.insert(t.process, found.obj, access, bInheritHandle ? FLAG_INHERIT : 0);
  return h === 0 ? failNull(t, C.ERROR_NO_SYSTEM_RESOURCES) : h;
}

export function CreateProcessW(
  lpApplicationName: string | null,
  lpCommandLine: string | null,
  lpProcessAttributes: SECURITY_ATTRIBUTES | null,
  lpThreadAttributes: SECURITY_ATTRIBUTES | null,
  bInheritHandles: boolean | number,
  dwCreationFlags: number,
  lpEnvironment: unknown,
  lpCurrentDirectory: string | null,
  lpStartupInfo: STARTUPINFO | null,
  lpProcessInformation: Partial<PROCESS_INFORMATION> | null,
): boolean {
  const k = enter('CreateProcessW', CreateProcessW);
  const t = k.cur;
  void lpEnvironment;
  void lpCurrentDirectory;
  const parent = t.process;
  const image = typeof lpApplicationName === 'string' ? lpApplicationName : firstToken(typeof lpCommandLine === 'string' ? lpCommandLine : null);
  if (!image) return fail(t, C.ERROR_INVALID_PARAMETER);
  if (!lpStartupInfo || typeof lpStartupInfo !== 'object' || !lpProcessInformation || typeof lpProcessInformation !== 'object') return fail(t, C.ERROR_INVALID_PARAMETER);
  if (k.options.platform === 'ce' && bInheritHandles) return fail(t, C.ERROR_INVALID_PARAMETER); // CE: no inheritance
  if (parent.table === null) return fail(t, C.ERROR_ACCESS_DENIED);
  // PROC_THREAD_ATTRIBUTE_HANDLE_LIST (§5.4)
  const list = lpStartupInfo.lpAttributeList?.handleList ?? lpStartupInfo.handleList;
  let listed: Set<number> | null = null;
  if (list) {
    if (!Array.isArray(list) || list.length === 0 || !bInheritHandles) return fail(t, C.ERROR_INVALID_PARAMETER);
    listed = new Set();
    if (!list.some((h) => valueOf(k, t, h) === 0)) {
      // a NULL entry makes the whole list behave as empty (winpty, empirical)
      for (const h of list) {
        const v = valueOf(k, t, h);
        if (Number.isNaN(v) || isPseudo(v)) return fail(t, C.ERROR_INVALID_PARAMETER);
        const o = k.resolve(t, v, M_ANY, 0);
        if (o === null) return fail(t, k.err);
        if ((parent.table.flags[k.rIndex]! & FLAG_INHERIT) === 0) {
          if (k.options.handleListNonInheritable === 'fail') return fail(t, C.ERROR_INVALID_PARAMETER);
          if (k.verifier) k.stop(t, 'HANDLE_LIST_NOT_INHERITABLE', v, `CreateProcessW: listed handle ${fmt(v)} is not inheritable and is skipped`, {}, 'warning');
          continue;
        }
        listed.add(k.rIndex);
      }
    }
  }
  const name = image.split(/[\\/]/).pop()!;
  const child = k.createProcess({ name, user: parent.user });
  child.commandLine = typeof lpCommandLine === 'string' ? lpCommandLine : image;
  const ptab = parent.table;
  const ctab = child.table!;
  let inherited = false;
  if (bInheritHandles) {
    for (let i = 1; i < ptab.objs.length; i++) {
      const o = ptab.objs[i];
      if (!o || (ptab.flags[i]! & FLAG_INHERIT) === 0) continue;
      if (listed && !listed.has(i)) continue;
      // same value, same access, same flags; each copy counts as a handle (§5.3)
      ctab.place(i, o, ptab.access[i]!, ptab.flags[i]!);
      o.handleCount++;
      o.pointerCount++;
      inherited = true;
      if (ctab.recKind) k.traceEvent(child, ctab, i, o, 1, 'inherit');
    }
    if (inherited) {
      // the child's table is as large as the parent's; the gaps are free slots
      if (ctab.next < ptab.next) ctab.next = ptab.next;
      ctab.freeGaps();
    }
  }
  if ((u32(lpStartupInfo.dwFlags) & C.STARTF_USESTDHANDLES) !== 0) {
    child.std[0] = i32(lpStartupInfo.hStdInput);
    child.std[1] = i32(lpStartupInfo.hStdOutput);
    child.std[2] = i32(lpStartupInfo.hStdError);
  }
  if (u32(dwCreationFlags) & C.CREATE_SUSPENDED) child.mainThread.suspended = true;
  const hProcess = k.insert(parent, child.obj, C.PROCESS_ALL_ACCESS, inheritFlag(lpProcessAttributes));
  const hThread = hProcess === 0 ? 0 : k.insert(parent, child.mainThread.obj, C.THREAD_ALL_ACCESS, inheritFlag(lpThreadAttributes));
  if (hThread === 0) {
    if (hProcess !== 0) k.closeIndex(parent, hProcess >> 2);
    k.exitProcess(child, 0, 'CreateProcessW');
    return fail(t, C.ERROR_NO_SYSTEM_RESOURCES);
  }
  lpProcessInformation.hProcess = hProcess;
  lpProcessInformation.hThread = hThread;
  lpProcessInformation.dwProcessId = child.pid;
  lpProcessInformation.dwThreadId = child.mainThread.tid;
  return true;
}

function firstToken(cmd: string | null): string | null {
  if (!cmd) return null;
  const m = /^\s*(?:"([^"]+)"|(\S+))/.exec(cmd);
  return m ? (m[1] ?? m[2] ?? null) : null;
}

export function OpenProcess(dwDesiredAccess: number, bInheritHandle: boolean | number, dwProcessId: number): HANDLE {
  const k = enter('OpenProcess', OpenProcess);
  const t = k.cur;
  if (!dwProcessId) return failNull(t, C.ERROR_INVALID_PARAMETER);
  const p = k.processes.get(dwProcessId);
  if (!p) return failNull(t, C.ERROR_INVALID_PARAMETER);
  // before Vista PROCESS_ALL_ACCESS was 0x1F0FFF: the larger constant is refused (§6.2)
  if (k.options.windowsVersion < 6 && (u32(dwDesiredAccess) & 0xf000) !== 0) return failNull(t, C.ERROR_ACCESS_DENIED);
  const access = mapAccess(T_PROCESS, u32(dwDesiredAccess));
  if (!k.allowed(t.process, p.obj, access)) return failNull(t, C.ERROR_ACCESS_DENIED);
  const h = k.insert(t.process, p.obj, access, bInheritHandle ? FLAG_INHERIT : 0);
  return h === 0 ? failNull(t, C.ERROR_NO_SYSTEM_RESOURCES) : h;
}

export function TerminateProcess(hProcess: HandleLike, uExitCode: number): boolean {
  const k = enter('TerminateProcess', TerminateProcess);
  const t = k.cur;
  const o = k.resolve(t, hProcess, M_PROCESS, C.PROCESS_TERMINATE);
  if (o === null) return fail(t, k.err);
  const p = o.ext as Process;
  if (p.exited) return fail(t, C.ERROR_ACCESS_DENIED);
  k.exitProcess(p, u32(uExitCode), 'TerminateProcess');
  return true;
}

/**
 * End the calling process: every thread ends, every handle is closed (leaks recorded under the verifier).
 * JavaScript goes on after the call; later calls in this process fail as they would in a process that is gone.
 */
export function ExitProcess(uExitCode: number): void {
  const k = enter('ExitProcess', ExitProcess);
  k.exitProcess(k.cur.process, u32(uExitCode), 'ExitProcess');
}

/** End the calling thread (its object signals, owned mutexes are abandoned). */
export function ExitThread(dwExitCode: number): void {
  const k = enter('ExitThread', ExitThread);
  k.endThread(k.cur, u32(dwExitCode));
}

export function GetExitCodeProcess(hProcess: HandleLike, lpExitCode: Out<number>): boolean {
  const k = enter('GetExitCodeProcess', GetExitCodeProcess);
  const t = k.cur;
  const o = k.resolve(t, hProcess, M_PROCESS, 0);
  if (o === null) return fail(t, k.err);
  if ((k.rAccess & (C.PROCESS_QUERY_INFORMATION | C.PROCESS_QUERY_LIMITED_INFORMATION)) === 0) return fail(t, C.ERROR_ACCESS_DENIED);
  setOut(lpExitCode, (o.ext as Process).exitCode);
  return true;
}

export function GetProcessId(hProcess: HandleLike): number {
  const k = enter('GetProcessId', GetProcessId);
  const t = k.cur;
  const o = k.resolve(t, hProcess, M_PROCESS, 0);
  if (o === null) return failNull(t, k.err);
  if ((k.rAccess & (C.PROCESS_QUERY_INFORMATION | C.PROCESS_QUERY_LIMITED_INFORMATION)) === 0) return failNull(t, C.ERROR_ACCESS_DENIED);
  return (o.ext as Process).pid;
}

export function GetProcessHandleCount(hProcess: HandleLike, pdwHandleCount: Out<number>): boolean {
  const k = enter('GetProcessHandleCount', GetProcessHandleCount);
  const t = k.cur;
  const o = k.resolve(t, hProcess, M_PROCESS, 0);
  if (o === null) return fail(t, k.err);
  if ((k.rAccess & (C.PROCESS_QUERY_INFORMATION | C.PROCESS_QUERY_LIMITED_INFORMATION)) === 0) return fail(t, C.ERROR_ACCESS_DENIED);
  const p = o.ext as Process;
  if (p.table === null) return fail(t, C.ERROR_ACCESS_DENIED);
  setOut(pdwHandleCount, p.table.count);
  return true;
}

// ------------------------------------------------------------------ FindFirstFile (not kernel handles) and toolhelp

function wildcard(pattern: string): RegExp {
  const body = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${body}$`, 'i');
}

function fillFind(data: WIN32_FIND_DATA | null | undefined, node: FileNode): void {
  if (!data || typeof data !== 'object') return;
  data.cFileName = node.path.split(/[\\/]/).pop()!;
  data.dwFileAttributes = C.FILE_ATTRIBUTE_NORMAL;
  data.nFileSizeHigh = Math.floor(node.size / 0x100000000);
  data.nFileSizeLow = node.size >>> 0;
}

export function FindFirstFileW(lpFileName: string | null, lpFindFileData: WIN32_FIND_DATA | null): HANDLE {
  const k = enter('FindFirstFileW', FindFirstFileW);
  const t = k.cur;
  if (typeof lpFileName !== 'string' || lpFileName.length === 0) return failInvalid(t, C.ERROR_PATH_NOT_FOUND, 'FindFirstFileW');
  const cut = Math.max(lpFileName.lastIndexOf('\\'), lpFileName.lastIndexOf('/'));
  const dir = cut >= 0 ? lpFileName.slice(0, cut).toLowerCase() : '';
  const re = wildcard(lpFileName.slice(cut + 1));
  const names: FileNode[] = [];
  for (const node of k.files.values()) {
    const c = Math.max(node.path.lastIndexOf('\\'), node.path.lastIndexOf('/'));
    const d = c >= 0 ? node.path.slice(0, c).toLowerCase() : '';
    if (d === dir && re.test(node.path.slice(c + 1))) names.push(node);
  }
  if (names.length === 0) return failInvalid(t, C.ERROR_FILE_NOT_FOUND, 'FindFirstFileW');
  const value = k.nextFindValue;
  k.nextFindValue += 0x10;
  const holder = k.verifier ? captureStack(k.outerFn ?? FindFirstFileW) : undefined;
  t.process.finds.set(value, { names, next: 1, holder, pattern: lpFileName });
  fillFind(lpFindFileData, names[0]!);
  t.invalidFrom = null;
  return value;
}

export function FindNextFileW(hFindFile: HandleLike, lpFindFileData: WIN32_FIND_DATA | null): boolean {
  const k = enter('FindNextFileW', FindNextFileW);
  const t = k.cur;
  const v = valueOf(k, t, hFindFile);
  const f = t.process.finds.get(v);
  if (!f) {
    k.err = C.ERROR_INVALID_HANDLE;
    if (k.verifier && !Number.isNaN(v)) {
      if (v === 0) k.stop(t, 'NULL_HANDLE', 0, 'NULL handle passed to FindNextFileW');
      else k.classifyBad(t, t.process, v);
    }
    return fail(t, C.ERROR_INVALID_HANDLE);
  }
  if (f.next >= f.names.length) return fail(t, C.ERROR_NO_MORE_FILES);
  fillFind(lpFindFileData, f.names[f.next++]!);
  return true;
}

export function FindClose(hFindFile: HandleLike): boolean {
  const k = enter('FindClose', FindClose);
  const t = k.cur;
  const v = valueOf(k, t, hFindFile);
  const p = t.process;
  if (!p.finds.has(v)) {
    k.err = C.ERROR_INVALID_HANDLE;
    if (k.verifier && !Number.isNaN(v)) {
      if (v === 0) k.stop(t, 'NULL_HANDLE', 0, 'NULL handle passed to FindClose');
      else if (v === -1 && t.invalidFrom) k.stop(t, 'INVALID_HANDLE_VALUE_USED', -1, `FindClose(INVALID_HANDLE_VALUE) after a failed ${t.invalidFrom}`);
      else k.classifyBad(t, p, v);
    }
    return fail(t, C.ERROR_INVALID_HANDLE);
  }
  p.finds.delete(v);
  p.closedFinds.add(v);
  return true;
}

export function CreateToolhelp32Snapshot(dwFlags: number, th32ProcessID: number): HANDLE {
  const k = enter('CreateToolhelp32Snapshot', CreateToolhelp32Snapshot);
  const t = k.cur;
  const flags = u32(dwFlags);
  if (flags & (C.TH32CS_SNAPMODULE | C.TH32CS_SNAPMODULE32 | C.TH32CS_SNAPHEAPLIST)) {
    const pid = th32ProcessID || t.process.pid;
    const p = k.processes.get(pid);
    if (!p || p.exited) return failInvalid(t, C.ERROR_INVALID_PARAMETER, 'CreateToolhelp32Snapshot');
  }
  const processes = flags & C.TH32CS_SNAPPROCESS
    ? [...k.processes.values()].filter((p) => !p.exited).map((p) => ({ th32ProcessID: p.pid, szExeFile: p.name, cntThreads: p.threads.filter((x) => !x.exited).length, th32ParentProcessID: 0 }))
    : [];
  const o = k.newObject(T_SECTION);
  o.ext = { file: null, size: 0, protect: C.PAGE_READONLY, snapshot: { processes, next: 0 } } satisfies SectionState;
  const h = k.insert(t.process, o, C.SECTION_ALL_ACCESS, flags & C.TH32CS_INHERIT ? FLAG_INHERIT : 0);
  if (h === 0) {
    k.discard(o);
    return failInvalid(t, C.ERROR_NO_SYSTEM_RESOURCES, 'CreateToolhelp32Snapshot');
  }
  t.invalidFrom = null;
  return h;
}

function processWalk(name: string, fn: Function, h: HandleLike, entry: PROCESSENTRY32 | null, first: boolean): boolean {
  const k = enter(name, fn);
  const t = k.cur;
  const o = k.resolve(t, h, M_SECTION, 0);
  if (o === null) return fail(t, k.err);
  const snap = (o.ext as SectionState).snapshot;
  if (!snap) return fail(t, C.ERROR_INVALID_HANDLE);
  if (first) snap.next = 0;
  const e = snap.processes[snap.next];
  if (!e) return fail(t, C.ERROR_NO_MORE_FILES);
  snap.next++;
  if (entry && typeof entry === 'object') Object.assign(entry, e);
  return true;
}

export function Process32FirstW(hSnapshot: HandleLike, lppe: PROCESSENTRY32 | null): boolean {
  return processWalk('Process32FirstW', Process32FirstW, hSnapshot, lppe, true);
}

export function Process32NextW(hSnapshot: HandleLike, lppe: PROCESSENTRY32 | null): boolean {
  return processWalk('Process32NextW', Process32NextW, hSnapshot, lppe, false);
}

export { OWNED_VALUE };
