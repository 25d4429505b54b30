/**
 * The kernel model: processes with handle tables, kernel objects with handle and pointer counts, the
 * namespace, the active-kernel slot, and the verifier (runtime-spec §0-§8, options §10).
 */
import * as C from './constants.js';
import { HandleTable, FLAG_INHERIT, FLAG_PROTECT, type ReusePolicy } from './handle-table.js';
import {
  KObject, TYPE_NAMES, T_PROCESS, T_THREAD, T_MUTANT, T_SECTION, T_PIPE, T_MAILSLOT,
  S_SIGNALED, S_DESTROYED, S_ABANDONED, M_PROCESS, type ObjectTypeName,
} from './objects.js';
import { ExceptionInvalidHandle, formatHandle } from './status.js';
import type * as Api from './api.js';
import {
  STOP_CODES, VerifierStopError, captureStack, userLocation,
  type InvalidHandleKind, type LeakRecord, type StackHolder, type StopName, type TraceRecord, type VerifierReport, type VerifierStop,
} from './verifier.js';

export interface VerifierOptions {
  /** the Handles layer (default true when a verifier object is given) */
  handles?: boolean;
  /** throw VerifierStopError at the first error-severity stop (spec 8.2 raise: 'exception') */
  break?: boolean;
  raise?: 'exception' | 'report';
  /** ring-buffer size of kernel.trace() (default 4096, min 128, max 65536) */
  traceSlots?: number;
  /** record every handle still open when a process exits (default true) */
  leakCheckAtExit?: boolean;
  /**
   * Stack captures for OPEN/CLOSE records cost microseconds each, far more than the handle operation. The
   * first `stackBudget` records (default 1024) all get one; after that one
   * record in `stackSampleEvery` (default 1024) does. `stacks: 'all'` captures every one. Stops always capture.
   */
  stacks?: 'all' | 'sampled';
  stackBudget?: number;
  stackSampleEvery?: number;
}

/** Answers a DeviceIoControl on a `\\.\Name` device: output bytes, TRUE/FALSE, or a Win32 error number to fail with. */
export type DeviceHandler = (code: number, input: Uint8Array | null, outputSize: number) => Uint8Array | boolean | number;

export interface KernelOptions {
  platform?: 'desktop' | 'ce';
  /** spec name for `platform` */
  profile?: 'desktop' | 'ce';
  verifier?: boolean | VerifierOptions;
  reusePolicy?: ReusePolicy;
  quarantine?: number;
  maxHandlesPerProcess?: number;
  tagBitsIgnored?: boolean;
  skipPageHeaderSlots?: boolean | 'off' | 'x64' | 'x86';
  closePseudoHandle?: 'succeed' | 'fail';
  translateStdHandleConstants?: boolean;
  debuggerAttached?: boolean;
  closeExceptions?: boolean;
  strictHandleCheck?: boolean;
  pseudoSourceWithRemoteProcess?: 'nt' | 'reject';
  handleListNonInheritable?: 'skip' | 'fail';
  windowsVersion?: number;
  /** initial file system: path → contents */
  files?: Record<string, string | Uint8Array>;
  /** `\\.\Name` devices; any other device name opens a device that accepts every control code */
  devices?: Record<string, DeviceHandler>;
  /** name of the process the flat functions start in (default 'main') */
  mainProcessName?: string;
}

export interface ResolvedOptions {
  platform: 'desktop' | 'ce';
  reusePolicy: ReusePolicy;
  quarantine: number;
  maxHandlesPerProcess: number;
  tagBitsIgnored: boolean;
  pageSlots: number;
  closePseudoHandle: 'succeed' | 'fail';
  translateStdHandleConstants: boolean;
  debuggerAttached: boolean;
  closeExceptions: boolean;
  strictHandleCheck: boolean;
  pseudoSourceWithRemoteProcess: 'nt' | 'reject';
  handleListNonInheritable: 'skip' | 'fail';
  windowsVersion: number;
}

export interface HandleInfo {
  value: number;
  objectId: number;
  type: ObjectTypeName;
  access: number;
  inherit: boolean;
  protectFromClose: boolean;
}

export interface ObjectInfo {
  id: number;
  type: ObjectTypeName;
  name?: string;
  handleCount: number;
  pointerCount: number;
}

export interface FileNode {
  path: string;
  data: Uint8Array;
  size: number;
}

/** A thread's state; its object is a Thread KObject whose ext is this record. */
export class KThread {
  lastError = 0;
  exited = false;
  exitCode: number = C.STILL_ACTIVE;
  suspended = false;
  start: ((param: unknown) => unknown) | null = null;
  param: unknown = undefined;
  /** mutants this thread owns (released as abandoned when it ends) */
  owned: KObject[] = [];
  /** set when a Create* in this thread last failed returning INVALID_HANDLE_VALUE (verifier provenance) */
  invalidFrom: string | null = null;
  constructor(
    readonly tid: number,
    readonly process: Process,
    readonly obj: KObject,
  ) {}
}

export interface CreateProcessSpec {
  name?: string;
  /** a different user: objects it creates deny other users unless restricted otherwise */
  user?: string;
}

const ACTIVE = Symbol.for('eslint-plugin-handles.runtime');
interface ActiveSlot {
  kernel: Kernel | null;
}
const g = globalThis as unknown as Record<symbol, ActiveSlot | undefined>;
const slot: ActiveSlot = (g[ACTIVE] ??= { kernel: null });

/** The flat Win32 functions, as `process.win32` offers them bound to one process. */
export type Win32Functions = {
  [K in keyof typeof Api as K extends `${Uppercase<string>}${string}` ? ((typeof Api)[K] extends (...args: never[]) => unknown ? K : never) : never]: (typeof Api)[K];
};

let win32Table: Record<string, (...args: never[]) => unknown> = {};
/** index.ts registers the flat functions so `process.win32` can bind them. */
export function registerWin32(fns: Record<string, (...args: never[]) => unknown>): void {
  win32Table = fns;
}

/** One process of the model. */
export class Process {
  table: HandleTable | null;
  readonly threads: KThread[] = [];
  readonly mainThread: KThread;
  exitCode: number = C.STILL_ACTIVE;
  /** standard handles (STD_INPUT/OUTPUT/ERROR_HANDLE); 0 = none */
  readonly std: [number, number, number] = [0, 0, 0];
  /** mapped views: address → section */
  readonly views = new Map<number, KObject>();
  /** FindFirstFileW handles (not kernel handles) */
  readonly finds = new Map<number, { names: FileNode[]; next: number; holder: StackHolder | undefined; pattern: string }>();
  readonly closedFinds = new Set<number>();
  commandLine = '';
  private bound: Record<string, unknown> | null = null;

  constructor(
    readonly kernel: Kernel,
    readonly pid: number,
    readonly name: string,
    readonly user: string,
    readonly obj: KObject,
  ) {
    this.table = kernel.newTable();
    this.mainThread = kernel.newThread(this);
  }

  get exited(): boolean {
    return this.table === null;
  }

  /** Every flat Win32 function, acting as this process's main thread. */
  get win32(): Win32Functions {
    if (!this.bound) {
      const b: Record<string, unknown> = {};
      for (const [name, fn] of Object.entries(win32Table)) {
        const wrapper = (...args: unknown[]): unknown => this.kernel.callBound(this, wrapper, fn, args);
        b[name] = wrapper;
      }
      this.bound = b;
    }
    return this.bound as unknown as Win32Functions;
  }

  handles(): HandleInfo[] {
    const t = this.table;
    if (!t) return [];
    const out: HandleInfo[] = [];
    for (let i = 1; i < t.objs.length; i++) {
      const o = t.objs[i];
      if (!o) continue;
      const f = t.flags[i]!;
      out.push({
        value: i << 2, objectId: o.id, type: TYPE_NAMES[o.type]!, access: t.access[i]!,
        inherit: (f & FLAG_INHERIT) !== 0, protectFromClose: (f & FLAG_PROTECT) !== 0,
      });
    }
    return out;
  }

  /** Run process exit: every thread ends, every handle is closed (protected ones too), the object signals. */
  exit(code = 0): void {
    this.kernel.exitProcess(this, code >>> 0, 'ExitProcess');
  }
}

export class Kernel {
  readonly options: ResolvedOptions;
  readonly verifier: Required<Omit<VerifierOptions, 'raise' | 'handles'>> | null;
  /** the thread flat functions act as */
  cur: KThread;
  /** name of the Win32 function being executed (trace records, stops) */
  api = '';
  /** the flat function being executed: stack captures start above it */
  apiFn: Function | undefined = undefined;
  /** a process.win32 wrapper being executed: captures start above it instead */
  outerFn: Function | undefined = undefined;
  /** Win32 error of the last failed resolve */
  err = 0;
  /** granted access / table index of the last successful resolve (index 0 = pseudo handle) */
  rAccess = 0;
  rIndex = 0;

  readonly processes = new Map<number, Process>();
  readonly namespace = new Map<string, KObject>();
  readonly files = new Map<string, FileNode>();
  readonly devices = new Map<string, DeviceHandler>();
  /** objects whose DACL was narrowed: allowed rights for every opener */
  readonly dacl = new Map<KObject, number>();
  /** objects created by a non-default user */
  readonly owners = new Map<KObject, string>();
  readonly mainProcess: Process;

  private live: KObject[] = [];
  private nextObjectId = 1;
  private nextClientId = 1000;
  private seq = 0;
  private stops: VerifierStop[] = [];
  private leaks: LeakRecord[] = [];
  // trace ring buffer (§8.2 item 2) in columns: no object per handle operation
  private ringSeq: Float64Array | null = null;
  private ringCols: Int32Array | null = null; // pid, tid, value, objectId per record
  private ringBits: Uint8Array | null = null; // kind, objectType, cause per record
  private ringApi: Uint16Array | null = null;
  private ringHolder: (StackHolder | undefined)[] = [];
  private ringLen = 0;
  private ringAt = 0;

  nextViewAddress = 0x10000000;
  nextFindValue = 0x50000000;

  constructor(opts: KernelOptions = {}) {
    const v = opts.verifier;
    const vOn = v === true || (typeof v === 'object' && v !== null && v.handles !== false);
    const vo: VerifierOptions = typeof v === 'object' && v !== null ? v : {};
    this.verifier = vOn
      ? {
          break: vo.break === true || vo.raise === 'exception',
          traceSlots: Math.min(65536, Math.max(128, vo.traceSlots ?? 4096)),
          leakCheckAtExit: vo.leakCheckAtExit !== false,
          stacks: vo.stacks ?? 'sampled',
          stackBudget: vo.stackBudget ?? 1024,
          stackSampleEvery: Math.max(1, vo.stackSampleEvery ?? 1024),
        }
      : null;
    const pageOpt = opts.skipPageHeaderSlots;
    const platform = opts.platform ?? opts.profile ?? 'desktop';
    if (platform !== 'desktop' && platform !== 'ce') throw new TypeError(`createKernel: platform must be 'desktop' or 'ce', got ${String(platform)}`);
    const reuse = opts.reusePolicy ?? (vOn ? 'fifo' : 'lifo');
    if (!['lifo', 'fifo', 'lowest', 'random'].includes(reuse)) throw new TypeError(`createKernel: unknown reusePolicy ${String(reuse)}`);
    const max = opts.maxHandlesPerProcess ?? 16_777_216;
    if (!Number.isInteger(max) || max < 1 || max > 16_777_216) throw new TypeError('createKernel: maxHandlesPerProcess must be an integer in 1..16777216');
    const quarantine = opts.quarantine ?? (vOn ? 256 : 0);
    if (!Number.isInteger(quarantine) || quarantine < 0) throw new TypeError('createKernel: quarantine must be a non-negative integer');
    this.options = {
      platform,
      reusePolicy: reuse,
      quarantine,
      maxHandlesPerProcess: max,
      tagBitsIgnored: opts.tagBitsIgnored ?? true,
      pageSlots: pageOpt === true || pageOpt === 'x64' ? 256 : pageOpt === 'x86' ? 512 : 0,
      closePseudoHandle: opts.closePseudoHandle ?? 'succeed',
      translateStdHandleConstants: opts.translateStdHandleConstants ?? true,
      debuggerAttached: opts.debuggerAttached ?? false,
      closeExceptions: opts.closeExceptions ?? false,
      strictHandleCheck: opts.strictHandleCheck ?? false,
      pseudoSourceWithRemoteProcess: opts.pseudoSourceWithRemoteProcess ?? 'nt',
      handleListNonInheritable: opts.handleListNonInheritable ?? 'skip',
      windowsVersion: opts.windowsVersion ?? 10,
    };
    for (const [path, data] of Object.entries(opts.files ?? {})) this.writeFile(path, data);
    for (const [name, fn] of Object.entries(opts.devices ?? {})) this.devices.set(name.toLowerCase(), fn);
    this.stackCredit = this.verifier ? (this.verifier.stacks === 'all' ? Infinity : this.verifier.stackBudget) : 0;
    this.mainProcess = this.createProcess({ name: opts.mainProcessName ?? 'main' });
    this.cur = this.mainProcess.mainThread;
    slot.kernel = this;
  }

  // ---------------------------------------------------------------- public surface

  createProcess(spec: CreateProcessSpec = {}): Process {
    const obj = this.newObject(T_PROCESS);
    obj.pointerCount = 1; // the active-process reference, dropped at exit
    const pid = this.newClientId();
    const p = new Process(this, pid, spec.name ?? `process-${pid}`, spec.user ?? 'user', obj);
    if (p.user !== 'user') this.multiUser = true;
    obj.ext = p;
    this.processes.set(pid, p);
    return p;
  }

  process(pid: number): Process | undefined {
    return this.processes.get(pid);
  }

  /** The process the flat functions currently act as. */
  currentProcess(): Process {
    return this.cur.process;
  }

  /**
   * Run `fn` with the flat functions acting as `target`'s main thread (or as `target` itself when it is a
   * thread record) on this kernel; returns fn's result. Nests. Synchronous: after an `await` inside fn the
   * previous context is back.
   */
  run<T>(target: Process | KThread, fn: () => T): T {
    const thread = target instanceof Process ? target.mainThread : target;
    const prevKernel = slot.kernel;
    const prevThread = this.cur;
    const prevApi = this.api;
    const prevFn = this.apiFn;
    const prevOuter = this.outerFn;
    slot.kernel = this;
    this.cur = thread;
    this.outerFn = undefined;
    try {
      return fn();
    } finally {
      this.cur = prevThread;
      this.api = prevApi;
      this.apiFn = prevFn;
      this.outerFn = prevOuter;
      slot.kernel = prevKernel;
    }
  }

  /** process.win32 calls: like run(), with stack captures starting above the wrapper. */
  callBound(p: Process, wrapper: Function, fn: Function, args: unknown[]): unknown {
    const prevKernel = slot.kernel;
    const prevThread = this.cur;
    const prevOuter = this.outerFn;
    slot.kernel = this;
    this.cur = p.mainThread;
    this.outerFn = wrapper;
    try {
      return fn(...args);
    } finally {
      this.cur = prevThread;
      this.outerFn = prevOuter;
      slot.kernel = prevKernel;
    }
  }

  objects(): ObjectInfo[] {
    const out: ObjectInfo[] = [];
    for (const o of this.live) {
      const info: ObjectInfo = { id: o.id, type: TYPE_NAMES[o.type]!, handleCount: o.handleCount, pointerCount: o.pointerCount };
      if (o.name !== undefined) info.name = displayName(o.name);
      out.push(info);
    }
    return out.sort((a, b) => a.id - b.id);
  }

  /** Test-only introspection of one object (undefined once destroyed). */
  object(id: number): ObjectInfo | undefined {
    return this.objects().find((o) => o.id === id);
  }

  report(): VerifierReport {
    return { stops: this.stops.slice(), leaks: this.leaks.slice() };
  }

  /** The OPEN / CLOSE / BADREF records still in the ring buffer, oldest first (optionally one process's). */
  trace(pid?: number): TraceRecord[] {
    const out: TraceRecord[] = [];
    if (!this.ringSeq) return out;
    const cap = this.ringSeq.length;
    const start = this.ringLen < cap ? 0 : this.ringAt;
    for (let i = 0; i < this.ringLen; i++) {
      const j = (start + i) % cap;
      const c = this.ringCols!;
      const b = this.ringBits!;
      if (pid !== undefined && c[j * 4] !== pid) continue;
      const kind = b[j * 3]!;
      const r: TraceRecord = {
        seq: this.ringSeq[j]!, pid: c[j * 4]!, tid: c[j * 4 + 1]!, value: c[j * 4 + 2]!,
        kind: kind === 1 ? 'OPEN' : kind === 2 ? 'CLOSE' : 'BADREF',
        api: API_NAMES[this.ringApi![j]!]!, objectId: c[j * 4 + 3]!, objectType: kind === 3 ? '' : TYPE_NAMES[b[j * 3 + 1]!]!,
      };
      const cause = CAUSES[b[j * 3 + 2]!];
      if (cause) r.cause = cause;
      const loc = userLocation(this.ringHolder[j]);
      if (loc) r.location = loc;
      out.push(r);
    }
    return out;
  }

  /** `!htrace -snapshot`: a mark to pass to diff() (verifier only; 0 otherwise). */
  snapshot(): number {
    return this.verifier ? this.seq : 0;
  }

  /**
   * `!htrace -diff`: handles opened after the snapshot and still open, in every live process (or one), with
   * the acquiring API and location. Verifier only (empty otherwise).
   */
  diff(since: number, pid?: number): (HandleInfo & { pid: number; api: string; location?: string })[] {
    const out: (HandleInfo & { pid: number; api: string; location?: string })[] = [];
    if (!this.verifier) return out;
    for (const p of this.processes.values()) {
      if (pid !== undefined && p.pid !== pid) continue;
      const tab = p.table;
      if (!tab) continue;
      for (const h of p.handles()) {
        const i = h.value >> 2;
        if (tab.recKind![i] !== 1 || tab.recSeq![i]! <= since) continue;
        const rec = this.openRecord(p, i)!;
        const row: HandleInfo & { pid: number; api: string; location?: string } = { ...h, pid: p.pid, api: rec.api };
        if (rec.location) row.location = rec.location;
        out.push(row);
      }
    }
    return out;
  }

  /** Narrow an object's DACL: every later open / elevating duplicate may get at most `allowed`. */
  restrictAccess(objectId: number, allowed: number): void {
    const o = this.live.find((x) => x.id === objectId);
    if (!o) throw new RangeError(`restrictAccess: no live object ${objectId}`);
    this.dacl.set(o, allowed >>> 0);
  }

  writeFile(path: string, data: string | Uint8Array): void {
    const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : new Uint8Array(data);
    const key = path.toLowerCase();
    const node = this.files.get(key);
    if (node) {
      node.data = bytes;
      node.size = bytes.length;
    } else this.files.set(key, { path, data: bytes, size: bytes.length });
  }

  readFile(path: string): Uint8Array | undefined {
    const n = this.files.get(path.toLowerCase());
    return n ? n.data.slice(0, n.size) : undefined;
  }

  toDot(): string {
    const lines = ['digraph handles {', '  rankdir=LR;', '  node [fontname="monospace"];'];
    const esc = (s: string) => s.replace(/["\\{}|<>]/g, (c) => `\\${c}`);
    for (const p of this.processes.values()) {
      const rows = p.handles().map((h) => `<h${h.value}> ${formatHandle(h.value)}${h.inherit ? ' I' : ''}${h.protectFromClose ? ' P' : ''}`);
      const label = [`${esc(p.name)} pid ${p.pid}${p.exited ? ' (exited)' : ''}`, ...rows].join('|');
      lines.push(`  table${p.pid} [shape=record, label="{${label}}"];`);
      for (const h of p.handles()) lines.push(`  table${p.pid}:h${h.value} -> obj${h.objectId};`);
    }
    for (const o of this.live) {
      const name = o.name !== undefined ? `\\n${esc(displayName(o.name))}` : '';
      const who = o.type === T_PROCESS ? ` pid ${(o.ext as Process).pid}` : o.type === T_THREAD ? ` tid ${(o.ext as KThread).tid}` : '';
      lines.push(`  obj${o.id} [shape=ellipse, label="#${o.id} ${TYPE_NAMES[o.type]}${who}${name}\\nhc=${o.handleCount} pc=${o.pointerCount}"];`);
      if (o.type === T_SECTION) {
        const file = (o.ext as { file: KObject | null }).file;
        if (file) lines.push(`  obj${o.id} -> obj${file.id} [style=dashed, label="backs"];`);
      }
    }
    for (const p of this.processes.values()) {
      for (const [addr, sec] of p.views) lines.push(`  table${p.pid} -> obj${sec.id} [style=dotted, label="view 0x${addr.toString(16)}"];`);
    }
    lines.push('}');
    return lines.join('\n') + '\n';
  }

  // ---------------------------------------------------------------- objects and counts

  newTable(): HandleTable {
    const o = this.options;
    return new HandleTable({
      reusePolicy: o.reusePolicy, quarantine: o.quarantine, maxHandles: o.maxHandlesPerProcess, pageSlots: o.pageSlots,
      tracing: this.verifier !== null,
    });
  }

  newThread(p: Process): KThread {
    const obj = this.newObject(T_THREAD);
    obj.pointerCount = 1; // a running thread references itself
    const t = new KThread(this.newClientId(), p, obj);
    obj.ext = t;
    p.threads.push(t);
    return t;
  }

  private newClientId(): number {
    const id = this.nextClientId;
    this.nextClientId += 4;
    return id;
  }

  newObject(type: number): KObject {
    const o = new KObject(this.nextObjectId++, type);
    o.slot = this.live.length;
    this.live.push(o);
    return o;
  }

  /** Put a new entry for `o` in p's table; returns the handle value or 0 when the table is full. */
  insert(p: Process, o: KObject, access: number, flags: number, cause?: TraceRecord['cause']): number {
    const tab = p.table;
    if (tab === null) return 0;
    const index = tab.alloc(o, access, flags);
    if (index === 0) return 0;
    o.handleCount++;
    o.pointerCount++;
    if (tab.recKind !== null) this.traceEvent(p, tab, index, o, 1, cause);
    return index << 2;
  }

  /** Remove p's entry at `index` (no protection check) and drop its counts. */
  closeIndex(p: Process, index: number, cause?: TraceRecord['cause']): void {
    const tab = p.table!;
    const o = tab.objs[index]!;
    if (tab.recKind !== null) this.traceEvent(p, tab, index, o, 2, cause);
    tab.release(index);
    this.decHandle(o);
  }

  decHandle(o: KObject): void {
    o.handleCount--;
    if (o.handleCount === 0) {
      if (o.name !== undefined) {
        this.namespace.delete(o.name);
        o.name = undefined;
      }
      if (o.type === T_PIPE) (o.ext as PipeEnd).closed = true;
      else if (o.type === T_MAILSLOT) {
        const ms = o.ext as MailslotEnd;
        if (ms.server && this.mailslots.get(ms.box.key) === ms.box) this.mailslots.delete(ms.box.key);
      }
    }
    this.deref(o);
  }

  deref(o: KObject): void {
    if (--o.pointerCount === 0) this.destroy(o);
  }

  /** A freshly made object that never got a handle (creation failed): remove it. */
  discard(o: KObject): void {
    if (o.pointerCount === 0) this.destroy(o);
  }

  private destroy(o: KObject): void {
    o.state |= S_DESTROYED;
    const last = this.live.pop()!;
    if (last !== o) {
      this.live[o.slot] = last;
      last.slot = o.slot;
    }
    o.slot = -1;
    this.dacl.delete(o);
    if (this.owners.size) this.owners.delete(o);
    switch (o.type) {
      case T_PROCESS:
        this.processes.delete((o.ext as Process).pid);
        break;
      case T_MUTANT: {
        // destroyed while owned: abandoned; ownership never kept it alive (§2.2)
        const owner = o.ext as KThread | null;
        if (owner) {
          const i = owner.owned.indexOf(o);
          if (i >= 0) owner.owned.splice(i, 1);
        }
        break;
      }
      case T_SECTION: {
        // a section discarded before it was set up (handle table full) has no state and references no file
        const file = (o.ext as SectionState | null)?.file;
        if (file) this.deref(file);
        break;
      }
      default:
        break;
    }
  }

  /**
   * Whether `p` may be granted `access` on `o` (simplified DACL, §6.3): a narrowed DACL (restrictAccess) limits
   * every opener; otherwise the creator's user gets everything and other users nothing.
   */
  allowed(p: Process, o: KObject, access: number): boolean {
    const narrowed = this.dacl.get(o);
    if (narrowed !== undefined) return (access & ~narrowed) === 0;
    if (!this.multiUser) return true;
    const owner =
      o.type === T_PROCESS ? (o.ext as Process).user :
      o.type === T_THREAD ? (o.ext as KThread).process.user :
      this.owners.get(o) ?? 'user';
    return owner === p.user;
  }

  /** set once a process of a non-default user exists: only then do ownership checks matter */
  private multiUser = false;

  // ---------------------------------------------------------------- threads and processes

  endThread(t: KThread, code: number): void {
    if (t.exited) return;
    t.exited = true;
    t.exitCode = code;
    t.obj.state |= S_SIGNALED;
    for (const m of t.owned) {
      m.ext = null;
      m.count = 0;
      m.state |= S_ABANDONED;
    }
    t.owned = [];
    this.deref(t.obj);
  }

  exitProcess(p: Process, code: number, api: string): void {
    const tab = p.table;
    if (tab === null) return;
    const prevApi = this.api;
    this.api = api;
    for (const t of p.threads) this.endThread(t, code);
    const leakCheck = this.verifier?.leakCheckAtExit === true;
    for (let i = 1; i < tab.objs.length; i++) {
      const o = tab.objs[i];
      if (!o) continue;
      if (leakCheck) {
        const open = this.openRecord(p, i);
        const leak: LeakRecord = {
          handle: i << 2, pid: p.pid, processName: p.name, objectId: o.id, type: TYPE_NAMES[o.type]!,
          api: open?.api ?? 'unknown', inherited: open?.inherited ?? false,
        };
        if (open?.location) leak.location = open.location;
        this.leaks.push(leak);
      }
      this.closeIndex(p, i, 'exit'); // protection ignored by the exit sweep (§2.3)
    }
    for (const [value, f] of p.finds) {
      if (leakCheck) {
        const leak: LeakRecord = { handle: value, pid: p.pid, processName: p.name, objectId: 0, type: 'Find', api: 'FindFirstFileW', inherited: false };
        const loc = userLocation(f.holder);
        if (loc) leak.location = loc;
        this.leaks.push(leak);
      }
    }
    p.finds.clear();
    for (const sec of p.views.values()) this.deref(sec);
    p.views.clear();
    p.table = null;
    p.exitCode = code;
    p.obj.state |= S_SIGNALED;
    this.api = prevApi;
    this.deref(p.obj); // the active-process reference
  }

  // ---------------------------------------------------------------- handle resolution (§7 order)

  /**
   * Resolve handle `h` in thread t's process for an API that accepts the types in `mask` and needs the
   * rights `need`. On failure returns null with `this.err` set (and verifier stops recorded).
   */
  resolve(t: KThread, h: unknown, mask: number, need: number): KObject | null {
    let v: number;
    if (typeof h === 'number') {
      v = h;
      if ((v | 0) !== v) return this.badValue(t, h);
    } else {
      v = this.coerce(t, h);
      if (v === BAD_VALUE) return this.badValue(t, h);
    }
    if (v > 0) {
      const tab = t.process.table;
      if (tab === null) {
        this.err = C.ERROR_INVALID_HANDLE;
        return null;
      }
      if ((v & 3) !== 0 && !this.options.tagBitsIgnored) return this.notFound(t, v, mask);
      const index = v >> 2;
      const o = index < tab.objs.length ? tab.objs[index]! : null;
      if (o === null) return this.notFound(t, v, mask);
      if (((1 << o.type) & mask) === 0) return this.typeMismatch(t, v, o, mask);
      const acc = tab.access[index]!;
      if ((acc & need) !== need) {
        this.err = C.ERROR_ACCESS_DENIED;
        return null;
      }
      this.rIndex = index;
      this.rAccess = acc;
      return o;
    }
    if (v === 0) {
      this.err = C.ERROR_INVALID_HANDLE;
      if (this.verifier) {
        this.badRef(t, t.process, 0);
        this.stop(t, 'NULL_HANDLE', 0, `NULL handle passed to ${this.api}`);
      }
      return null;
    }
    if (v === -1 || v === -2) {
      const o = v === -1 ? t.process.obj : t.obj;
      if (((1 << o.type) & mask) === 0) return this.typeMismatch(t, v, o, mask);
      this.rIndex = 0;
      this.rAccess = C.PROCESS_ALL_ACCESS;
      return o;
    }
    return this.notFound(t, v, mask);
  }

  private badValue(t: KThread, h: unknown): null {
    this.err = C.ERROR_INVALID_HANDLE;
    if (this.verifier) this.stop(t, 'INVALID_HANDLE', typeof h === 'number' ? h : 0, `${this.api}: ${describeValue(h)} is not a handle value`, { kind: 'never-opened' });
    return null;
  }

  /** Non-number handle representations: null/undefined = NULL, bigint, OwnedHandle, koffi-style [h]. */
  coerce(t: KThread, h: unknown): number {
    if (h === null || h === undefined) return 0;
    if (typeof h === 'bigint') {
      const s = BigInt.asIntN(64, h);
      return s >= -0x80000000n && s <= 0x7fffffffn ? Number(s) : BAD_VALUE;
    }
    if (typeof h === 'object') {
      const owned = h as { [OWNED_VALUE]?: () => number; [OWNED_CHECK]?: (k: Kernel, t: KThread) => void };
      const get = owned[OWNED_VALUE];
      if (typeof get === 'function') {
        owned[OWNED_CHECK]!(this, t);
        return get.call(h);
      }
    }
    return BAD_VALUE;
  }

  /** CE: a process id may be used as a process handle (seed 001, "can be cast to a handle"). */
  private cePid(v: number, mask: number): KObject | null {
    if (this.options.platform !== 'ce' || (mask & M_PROCESS) === 0) return null;
    const p = this.processes.get(v);
    return p ? p.obj : null;
  }

  private notFound(t: KThread, v: number, mask: number): KObject | null {
    const ce = this.cePid(v, mask);
    if (ce) {
      this.rIndex = 0;
      this.rAccess = C.PROCESS_ALL_ACCESS;
      return ce;
    }
    this.err = C.ERROR_INVALID_HANDLE;
    if (this.verifier) this.classifyBad(t, t.process, v);
    if ((this.options.closeExceptions || this.options.strictHandleCheck) && v > 0) {
      t.lastError = C.ERROR_INVALID_HANDLE;
      throw new ExceptionInvalidHandle(C.STATUS_INVALID_HANDLE, v, this.api);
    }
    return null;
  }

  /** Verifier: name the kind of a failed lookup (§8.2 item 3) and record BADREF + the stop. */
  classifyBad(t: KThread, p: Process, v: number): void {
    const tab = p.table;
    let kind: InvalidHandleKind = 'never-opened';
    let first: string | undefined;
    const index = v > 0 ? v >> 2 : -1;
    const lastKind = tab && tab.recKind && index > 0 && index < tab.recKind.length ? tab.recKind[index]! : 0;
    const closing = this.api === 'CloseHandle' || this.api === 'FindClose' || this.closingSource;
    if (lastKind === 2) {
      kind = closing ? 'double-close' : 'use-after-close';
      first = userLocation(tab!.recHolder![index]);
    } else if (v > 0 && p.closedFinds.has(v)) {
      kind = closing ? 'double-close' : 'use-after-close';
    } else if (v > 0) {
      for (const other of this.processes.values()) {
        if (other !== p && other.table && other.table.get(index) !== null) {
          kind = 'foreign-process-value';
          break;
        }
      }
    }
    this.badRef(t, p, v);
    const what =
      kind === 'double-close' ? 'closed twice' :
      kind === 'use-after-close' ? 'used after it was closed' :
      kind === 'foreign-process-value' ? 'a handle value of another process, not a handle in this one' :
      p.finds.has(v) ? 'a FindFirstFileW handle (close it with FindClose)' : 'never opened in this process';
    const extra: Partial<VerifierStop> = { kind };
    if (first) extra.firstLocation = first;
    this.stop(t, 'INVALID_HANDLE', v, `${this.api}: handle ${formatHandle(v)} is ${what}`, extra);
  }

  /** A BADREF trace record: a reference to an invalid handle value (§8.1 htrace). */
  badRef(t: KThread, p: Process, v: number): void {
    this.pushRing(++this.seq, p.pid, t.tid, v, 3, this.internApi(), 0, 0, 0, captureStack(this.outerFn ?? this.apiFn));
  }

  /** set while DuplicateHandle closes a source, so a bad source reads as a double close */
  closingSource = false;

  private typeMismatch(t: KThread, v: number, o: KObject, mask: number): null {
    this.err = C.ERROR_INVALID_HANDLE;
    if (this.verifier) {
      const expected = TYPE_NAMES.filter((_, i) => (mask & (1 << i)) !== 0).join('|');
      if (v === -1 && (mask & M_PROCESS) === 0) {
        this.stop(t, 'INVALID_HANDLE_VALUE_USED', v, `${this.api}: INVALID_HANDLE_VALUE (-1) used as a handle${t.invalidFrom ? ` (it came from a failed ${t.invalidFrom})` : ''}`, { expectedType: expected, actualType: 'Process' });
      } else {
        this.stop(t, 'INCORRECT_OBJECT_TYPE', v, `${this.api}: handle ${formatHandle(v)} is a ${TYPE_NAMES[o.type]}, expected ${expected}`, {
          actualType: TYPE_NAMES[o.type]!, expectedType: expected, objectId: o.id,
        });
      }
    }
    if (this.options.strictHandleCheck && v > 0) {
      t.lastError = C.ERROR_INVALID_HANDLE;
      throw new ExceptionInvalidHandle(C.STATUS_OBJECT_TYPE_MISMATCH, v, this.api);
    }
    return null;
  }

  // ---------------------------------------------------------------- verifier

  get verifying(): boolean {
    return this.verifier !== null;
  }

  private stackCredit = 0;
  private sampleTick = 0;

  /** A stack for an OPEN/CLOSE record, within the capture budget (see VerifierOptions.stacks). */
  private recordStack(): StackHolder | undefined {
    if (this.stackCredit > 0) {
      this.stackCredit--;
      return captureStack(this.outerFn ?? this.apiFn);
    }
    if (++this.sampleTick >= this.verifier!.stackSampleEvery) {
      this.sampleTick = 0;
      return captureStack(this.outerFn ?? this.apiFn);
    }
    return undefined;
  }

  /** Record an OPEN (1) or CLOSE (2) of p's slot `index` (verifier only). */
  traceEvent(p: Process, tab: HandleTable, index: number, o: KObject, kind: 1 | 2, cause?: TraceRecord['cause']): void {
    const holder = cause === 'exit' ? undefined : this.recordStack();
    const apiId = this.internApi();
    const causeCode = cause ? CAUSES.indexOf(cause) : 0;
    tab.recKind![index] = kind;
    tab.recApi![index] = apiId;
    tab.recCause![index] = causeCode;
    const seq = ++this.seq;
    tab.recSeq![index] = seq;
    const holders = tab.recHolder!;
    if (holder !== undefined || index < holders.length) {
      while (holders.length < index) holders.push(undefined);
      holders[index] = holder;
    }
    this.pushRing(seq, p.pid, this.cur.tid, index << 2, kind, apiId, o.id, o.type, causeCode, holder);
  }

  /** Interned id of the API being executed; the id is cached on the flat function itself (one shared shape). */
  private internApi(): number {
    const name = this.api;
    const fn = this.apiFn as { [API_ID]?: number } | undefined;
    const cached = fn !== undefined ? fn[API_ID] : undefined;
    if (cached !== undefined && API_NAMES[cached] === name) return cached;
    let id = API_IDS.get(name);
    if (id === undefined) {
      id = API_NAMES.length;
      API_NAMES.push(name);
      API_IDS.set(name, id);
    }
    if (fn !== undefined && cached === undefined) fn[API_ID] = id;
    return id;
  }

  private pushRing(seq: number, pid: number, tid: number, value: number, kind: number, apiId: number, objectId: number, type: number, cause: number, holder: StackHolder | undefined): void {
    if (!this.ringSeq) {
      const n = this.verifier!.traceSlots;
      this.ringSeq = new Float64Array(n);
      this.ringCols = new Int32Array(n * 4);
      this.ringBits = new Uint8Array(n * 3);
      this.ringApi = new Uint16Array(n);
      this.ringHolder = new Array<StackHolder | undefined>(n).fill(undefined);
    }
    const j = this.ringAt;
    this.ringSeq[j] = seq;
    const c = this.ringCols!;
    c[j * 4] = pid;
    c[j * 4 + 1] = tid;
    c[j * 4 + 2] = value;
    c[j * 4 + 3] = objectId;
    const b = this.ringBits!;
    b[j * 3] = kind;
    b[j * 3 + 1] = type;
    b[j * 3 + 2] = cause;
    this.ringApi![j] = apiId;
    this.ringHolder[j] = holder;
    this.ringAt = (j + 1) % this.ringSeq.length;
    if (this.ringLen < this.ringSeq.length) this.ringLen++;
  }

  /** Record a verifier stop; in break mode throw it (errors only). `this.err` is the failure LE. */
  stop(t: KThread, name: StopName, handle: number, message: string, extra: Partial<VerifierStop> = {}, severity: 'error' | 'warning' = 'error'): void {
    const s: VerifierStop = {
      seq: ++this.seq, name, code: STOP_CODES[name], severity, message, handle, pid: t.process.pid, tid: t.tid, api: this.api, ...extra,
    };
    const loc = userLocation(captureStack(this.outerFn ?? this.apiFn));
    if (loc) s.location = loc;
    this.stops.push(s);
    if (this.verifier!.break && severity === 'error') {
      if (this.err) t.lastError = this.err;
      throw new VerifierStopError(s);
    }
  }

  /** OPEN record of the entry at p's `index` (verifier only). */
  openRecord(p: Process, index: number): { api: string; location: string | undefined; inherited: boolean } | undefined {
    const tab = p.table;
    if (!tab || !tab.recKind || index >= tab.recKind.length || tab.recKind[index] !== 1) return undefined;
    return {
      api: API_NAMES[tab.recApi![index]!]!,
      location: userLocation(tab.recHolder![index]),
      inherited: tab.recCause![index] === CAUSES.indexOf('inherit'),
    };
  }

  // ---------------------------------------------------------------- type state used by the Win32 layer

  readonly mailslots = new Map<string, MailslotBox>();
  readonly namedPipes = new Map<string, NamedPipeServer[]>();
}

/** API names interned for the trace columns (shared by every kernel of this module copy). */
const API_NAMES: string[] = [''];
const API_IDS = new Map<string, number>();
const API_ID = Symbol('eslint-plugin-handles.apiId');

const CAUSES: readonly (TraceRecord['cause'] | undefined)[] = [undefined, 'exit', 'close-source', 'remote', 'inherit'];

const BAD_VALUE = 0x7fffffff + 1; // not an int32: marks a rejected representation

export const OWNED_VALUE = Symbol('eslint-plugin-handles.owned.value');
export const OWNED_CHECK = Symbol('eslint-plugin-handles.owned.check');

export function displayName(key: string): string {
  const i = key.indexOf('|');
  return i >= 0 ? key.slice(i + 1) : key;
}

function describeValue(h: unknown): string {
  if (typeof h === 'number') return String(h);
  if (typeof h === 'string') return JSON.stringify(h);
  return typeof h;
}

export interface SectionState {
  file: KObject | null;
  size: number;
  protect: number;
  /** CreateToolhelp32Snapshot data */
  snapshot: { processes: { th32ProcessID: number; szExeFile: string; cntThreads: number; th32ParentProcessID: number }[]; next: number } | null;
}

export interface FileState {
  node: FileNode | null;
  /** `\\.\Name` device */
  device: string | null;
  pos: number;
  append: boolean;
}

export interface PipeChannel {
  /** bytes flowing towards the read end (anonymous) */
  buf: number[];
}

export interface PipeEnd {
  /** anonymous: 'read' | 'write'; named: 'server' | 'client' */
  role: 'read' | 'write' | 'server' | 'client';
  /** the buffer this end reads from */
  inbox: number[];
  /** the peer end (null until a named-pipe client connects) */
  peer: KObject | null;
  closed: boolean;
  server: NamedPipeServer | null;
}

export interface NamedPipeServer {
  name: string;
  obj: KObject;
  state: 'listening' | 'connected' | 'idle';
  clientConnected: boolean;
}

export interface MailslotBox {
  key: string;
  messages: Uint8Array[];
  maxMessageSize: number;
  readTimeout: number;
}

export interface MailslotEnd {
  box: MailslotBox;
  server: boolean;
}

export { slot as activeSlot, FLAG_INHERIT, FLAG_PROTECT };
export type { StackHolder };
