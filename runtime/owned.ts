/**
 * OwnedHandle: a Disposable that closes a handle exactly once, so `using h = owned(CreateEventW(...))` works.
 * It remembers the handle-table generation of the entry it wrapped: passed back to any runtime function, a
 * slot that was recycled for another object is reported as STALE_RECYCLED_USE (runtime-spec §8.2).
 */
import type { HANDLE } from './constants.js';
import { activeSlot, OWNED_CHECK, OWNED_VALUE, type Kernel, type KThread, type Process } from './kernel.js';
import { CloseHandle } from './api.js';

// Node 20 has Symbol.dispose; older runtimes get Node's own registered symbol so TypeScript's `using` works.
const SymbolCtor = Symbol as unknown as { dispose?: symbol; asyncDispose?: symbol };
SymbolCtor.dispose ??= Symbol.for('nodejs.dispose');
SymbolCtor.asyncDispose ??= Symbol.for('nodejs.asyncDispose');
const DISPOSE: typeof Symbol.dispose = Symbol.dispose;

function toValue(h: unknown): number {
  if (h === null || h === undefined) return 0;
  if (typeof h === 'bigint') {
    const s = BigInt.asIntN(64, h);
    if (s >= -0x80000000n && s <= 0x7fffffffn) return Number(s);
  } else if (typeof h === 'number' && (h | 0) === h) return h;
  else if (h instanceof OwnedHandle) return h.value;
  throw new TypeError(`owned(): ${typeof h === 'number' ? h : typeof h} is not a handle value (expected a signed 32-bit integer)`);
}

export class OwnedHandle implements Disposable {
  readonly #value: number;
  #closed = false;
  readonly #kernel: Kernel | null;
  readonly #process: Process | null;
  readonly #generation: number;

  constructor(handle: HANDLE | bigint | null | undefined) {
    this.#value = toValue(handle);
    const k = activeSlot.kernel;
    this.#kernel = k;
    this.#process = k ? k.cur.process : null;
    const tab = this.#process?.table;
    const index = this.#value > 0 ? this.#value >> 2 : 0;
    this.#generation = tab && index > 0 && tab.get(index) !== null ? tab.gen[index]! : 0;
  }

  /** The handle value (0 / -1 stay as given: nothing to close). */
  get value(): HANDLE {
    return this.#value;
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Whether there is something to close: not NULL, not INVALID_HANDLE_VALUE, not yet closed. */
  get valid(): boolean {
    return !this.#closed && this.#value !== 0 && this.#value !== -1;
  }

  /**
   * Close once; later calls do nothing and return false. Returns CloseHandle's result. If the value's slot was
   * closed behind this wrapper's back and now holds another handle, it is not closed (that would close somebody
   * else's handle): returns false, and the verifier reports STALE_RECYCLED_USE.
   */
  close(): boolean {
    if (this.#closed) return false;
    if (this.#value === 0 || this.#value === -1) {
      this.#closed = true;
      return false;
    }
    if (this.#recycled()) {
      const k = this.#kernel!;
      if (k.verifier) {
        k.run(this.#process!, () => {
          k.api = 'CloseHandle';
          k.apiFn = OwnedHandle.prototype.close;
          this[OWNED_CHECK](k, k.cur, true);
        });
      }
      this.#closed = true;
      return false;
    }
    try {
      const k = this.#kernel;
      const p = this.#process;
      return k && p ? k.run(p, () => CloseHandle(this)) : CloseHandle(this.#value);
    } finally {
      this.#closed = true;
    }
  }

  /** Give up ownership without closing; returns the value (the caller now owns it). */
  release(): HANDLE {
    this.#closed = true;
    return this.#value;
  }

  [DISPOSE](): void {
    this.close();
  }

  [Symbol.toPrimitive](): number {
    return this.#value;
  }

  [OWNED_VALUE](): number {
    return this.#value;
  }

  /** Whether the wrapped entry's slot now holds a different entry. */
  #recycled(): boolean {
    if (this.#generation === 0 || !this.#process) return false;
    const tab = this.#process.table;
    const index = this.#value >> 2;
    return !!tab && tab.get(index) !== null && tab.gen[index] !== this.#generation;
  }

  /** Called by the runtime when this wrapper is passed as a handle: detect a recycled slot. */
  [OWNED_CHECK](k: Kernel, t: KThread, closeSkipped = false): void {
    if (this.#closed || this.#generation === 0 || k !== this.#kernel || t.process !== this.#process || !k.verifier) return;
    const tab = t.process.table;
    const index = this.#value >> 2;
    if (!tab || tab.get(index) === null || tab.gen[index] === this.#generation) return;
    const now = tab.get(index)!;
    const rec = k.openRecord(t.process, index);
    const extra: { objectId: number; firstLocation?: string } = { objectId: now.id };
    if (rec?.location) extra.firstLocation = rec.location;
    k.err = 0;
    k.stop(t, 'STALE_RECYCLED_USE', this.#value, `${k.api}: handle 0x${this.#value.toString(16)} was closed and its slot now holds another handle (object #${now.id}, opened by ${rec?.api ?? 'unknown'}): ${closeSkipped ? 'OwnedHandle did not close it' : "the call acts on somebody else's object"}`, extra);
  }
}

/** Wrap a handle so it is closed exactly once (`using h = owned(CreateEventW(null, true, false, null))`). */
export function owned(handle: HANDLE | bigint | null | undefined): OwnedHandle {
  return new OwnedHandle(handle);
}

/**
 * A small DisposableStack-compatible stack for Node 20 (which has Symbol.dispose but no DisposableStack):
 * disposes what it holds in reverse order, once.
 */
export class DisposableStack implements Disposable {
  #stack: (() => void)[] = [];
  #disposed = false;

  get disposed(): boolean {
    return this.#disposed;
  }

  use<T extends Disposable | null | undefined>(value: T): T {
    this.#check();
    if (value !== null && value !== undefined) {
      const fn = (value as Disposable)[DISPOSE];
      if (typeof fn !== 'function') throw new TypeError('DisposableStack.use: value is not disposable');
      this.#stack.push(() => fn.call(value));
    }
    return value;
  }

  adopt<T>(value: T, onDispose: (value: T) => void): T {
    this.#check();
    this.#stack.push(() => onDispose(value));
    return value;
  }

  defer(onDispose: () => void): void {
    this.#check();
    this.#stack.push(onDispose);
  }

  move(): DisposableStack {
    this.#check();
    const next = new DisposableStack();
    next.#stack = this.#stack;
    this.#stack = [];
    this.#disposed = true;
    return next;
  }

  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    const errors: unknown[] = [];
    while (this.#stack.length) {
      try {
        this.#stack.pop()!();
      } catch (e) {
        errors.push(e);
      }
    }
    if (errors.length === 1) throw errors[0];
    if (errors.length > 1) throw new AggregateError(errors, 'DisposableStack: several disposals failed');
  }

  [DISPOSE](): void {
    this.dispose();
  }

  #check(): void {
    if (this.#disposed) throw new ReferenceError('DisposableStack already disposed');
  }
}
