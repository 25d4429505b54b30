/**
 * One process's handle table (runtime-spec §0, §1). Entries live in columns (an object-reference array plus
 * typed arrays for access, flags and generation) so a million open handles cost a few bytes each, and free
 * slots sit in an integer free list whose order is the reuse policy (§1.2).
 */
import type { KObject } from './objects.js';
import type { StackHolder } from './verifier.js';

export type ReusePolicy = 'lifo' | 'fifo' | 'lowest' | 'random';

export const FLAG_INHERIT = 0x1;
export const FLAG_PROTECT = 0x2;

/** Growable Int32 column. */
function grow32(a: Int32Array<ArrayBuffer>, min: number): Int32Array<ArrayBuffer> {
  let n = a.length * 2;
  while (n < min) n *= 2;
  const b = new Int32Array(n);
  b.set(a);
  return b;
}

/**
 * The free slots of a table, handed out in policy order. Slots freed while a quarantine is set wait in a
 * FIFO of (slot, allocation count at free time) until `quarantine` further allocations have happened.
 */
class FreeList {
  private slots = new Int32Array(16);
  private head = 0; // fifo ring start
  size = 0;
  private rng = 0x2545f491;
  constructor(readonly policy: ReusePolicy) {}

  push(index: number): void {
    if (this.size === this.slots.length) this.regrow();
    switch (this.policy) {
      case 'fifo':
        this.slots[(this.head + this.size) % this.slots.length] = index;
        this.size++;
        return;
      case 'lowest': {
        // binary min-heap
        let i = this.size++;
        const s = this.slots;
        while (i > 0) {
          const p = (i - 1) >> 1;
          if (s[p]! <= index) break;
          s[i] = s[p]!;
          i = p;
        }
        s[i] = index;
        return;
      }
      default:
        this.slots[this.size++] = index;
    }
  }

  pop(): number {
    const s = this.slots;
    switch (this.policy) {
      case 'fifo': {
        const v = s[this.head]!;
        this.head = (this.head + 1) % s.length;
        this.size--;
        return v;
      }
      case 'lowest': {
        const top = s[0]!;
        const last = s[--this.size]!;
        let i = 0;
        const n = this.size;
        for (;;) {
          const l = 2 * i + 1;
          if (l >= n) break;
          const c = l + 1 < n && s[l + 1]! < s[l]! ? l + 1 : l;
          if (s[c]! >= last) break;
          s[i] = s[c]!;
          i = c;
        }
        if (n > 0) s[i] = last;
        return top;
      }
      case 'random': {
        // xorshift32: deterministic per table, so a fuzzing run can be replayed
        let x = this.rng;
        x ^= x << 13;
        x ^= x >>> 17;
        x ^= x << 5;
        this.rng = x >>> 0;
        const k = this.rng % this.size;
        const v = s[k]!;
        s[k] = s[--this.size]!;
        return v;
      }
      default:
        return s[--this.size]!;
    }
  }

  private regrow(): void {
    if (this.policy === 'fifo') {
      const b = new Int32Array(this.slots.length * 2);
      for (let i = 0; i < this.size; i++) b[i] = this.slots[(this.head + i) % this.slots.length]!;
      this.slots = b;
      this.head = 0;
    } else {
      this.slots = grow32(this.slots, this.size + 1);
    }
  }
}

export interface TableOptions {
  reusePolicy: ReusePolicy;
  quarantine: number;
  maxHandles: number;
  /** 0 = off; otherwise entries per low-level page (x64 256, x86 512): index 0 of each page is never used. */
  pageSlots: number;
  /** keep a per-slot record array for the verifier */
  tracing: boolean;
}

export class HandleTable {
  /** object per index; null = free (index 0 is never used) */
  objs: (KObject | null)[] = [null];
  access = new Uint32Array(16);
  flags = new Uint8Array(16);
  /** bumped on every allocation of the slot: a (value, generation) pair names one entry for ever */
  gen = new Uint32Array(16);
  /** verifier: the last event of each slot (0 none, 1 OPEN, 2 CLOSE), its API (interned id), cause and stack */
  recKind: Uint8Array | null = null;
  recApi: Uint16Array | null = null;
  recCause: Uint8Array | null = null;
  recSeq: Float64Array | null = null;
  recHolder: (StackHolder | undefined)[] | null = null;
  /** open entries */
  count = 0;
  /** high-water mark: next never-used index */
  next = 1;
  private free: FreeList;
  private qSlots: Int32Array | null = null;
  private qAt: Float64Array | null = null;
  private qHead = 0;
  private qLen = 0;
  private allocs = 0;
  /** fifo: the quarantine ring is the free queue itself (its front is both the oldest and the first to mature) */
  private readonly fifo: boolean;

  constructor(private readonly opt: TableOptions) {
    this.free = new FreeList(opt.reusePolicy);
    this.fifo = opt.reusePolicy === 'fifo';
    if (opt.tracing) {
      this.recKind = new Uint8Array(16);
      this.recApi = new Uint16Array(16);
      this.recCause = new Uint8Array(16);
      this.recSeq = new Float64Array(16);
      this.recHolder = [];
    }
    if (opt.quarantine > 0 || this.fifo) {
      this.qSlots = new Int32Array(16);
      this.qAt = new Float64Array(16);
    }
  }

  private ensure(index: number): void {
    if (index < this.access.length) return;
    let n = this.access.length * 2;
    while (n <= index) n *= 2;
    const a = new Uint32Array(n);
    a.set(this.access);
    this.access = a;
    const f = new Uint8Array(n);
    f.set(this.flags);
    this.flags = f;
    const g = new Uint32Array(n);
    g.set(this.gen);
    this.gen = g;
    if (this.recKind) {
      const k = new Uint8Array(n);
      k.set(this.recKind);
      this.recKind = k;
      const a2 = new Uint16Array(n);
      a2.set(this.recApi!);
      this.recApi = a2;
      const c = new Uint8Array(n);
      c.set(this.recCause!);
      this.recCause = c;
      const q = new Float64Array(n);
      q.set(this.recSeq!);
      this.recSeq = q;
    }
  }

  /** Take a slot for `obj`; returns the index, or 0 when the table is full. Does not touch counts on obj. */
  alloc(obj: KObject, access: number, flags: number): number {
    if (this.count >= this.opt.maxHandles) return 0;
    const allocs = ++this.allocs;
    let index = 0;
    if (this.fifo) {
      if (this.qLen > 0 && (allocs - this.qAt![this.qHead]! > this.opt.quarantine || this.count + this.qLen >= this.opt.maxHandles)) {
        index = this.qPopFront();
      }
    } else if (this.qLen > 0) this.releaseMatured();
    if (index !== 0) {
      // reused from the fifo queue
    } else if (this.free.size > 0) index = this.free.pop();
    else if (this.qLen > 0 && this.count + this.qLen >= this.opt.maxHandles) {
      // every other slot the cap allows is in quarantine: the oldest one must be reused now
      index = this.qPopFront();
    } else {
      index = this.next++;
      if (this.opt.pageSlots && index % this.opt.pageSlots === 0) index = this.next++;
      this.ensure(index);
      while (this.objs.length <= index) this.objs.push(null);
    }
    this.objs[index] = obj;
    this.access[index] = access;
    this.flags[index] = flags;
    this.gen[index] = (this.gen[index]! + 1) >>> 0;
    this.count++;
    return index;
  }

  /** Put a specific index in use (inheritance copies entries at the same value). */
  place(index: number, obj: KObject, access: number, flags: number): void {
    this.ensure(index);
    while (this.objs.length <= index) this.objs.push(null);
    if (index >= this.next) this.next = index + 1;
    this.objs[index] = obj;
    this.access[index] = access;
    this.flags[index] = flags;
    this.gen[index] = (this.gen[index]! + 1) >>> 0;
    this.count++;
  }

  /** After `place`-ing entries, thread the gaps below the high-water mark onto the free list, ascending. */
  freeGaps(): void {
    for (let i = 1; i < this.next; i++) {
      if (this.objs[i] !== null || (this.opt.pageSlots && i % this.opt.pageSlots === 0)) continue;
      if (this.fifo) this.qPush(i, -Infinity);
      else this.free.push(i);
    }
  }

  release(index: number): void {
    this.objs[index] = null;
    this.flags[index] = 0;
    this.access[index] = 0;
    this.count--;
    if (this.qSlots) this.qPush(index, this.allocs);
    else this.free.push(index);
  }

  private qPush(index: number, at: number): void {
    if (this.qLen === this.qSlots!.length) this.qGrow();
    const j = (this.qHead + this.qLen) & (this.qSlots!.length - 1); // ring lengths are powers of two
    this.qSlots![j] = index;
    this.qAt![j] = at;
    this.qLen++;
  }

  private releaseMatured(): void {
    const q = this.qSlots!;
    const limit = this.opt.quarantine;
    while (this.qLen > 0 && this.allocs - this.qAt![this.qHead]! > limit) {
      this.free.push(q[this.qHead]!);
      this.qHead = (this.qHead + 1) & (q.length - 1);
      this.qLen--;
    }
  }

  private qPopFront(): number {
    const v = this.qSlots![this.qHead]!;
    this.qHead = (this.qHead + 1) & (this.qSlots!.length - 1);
    this.qLen--;
    return v;
  }

  private qGrow(): void {
    const n = this.qSlots!.length * 2;
    const s = new Int32Array(n);
    const a = new Float64Array(n);
    for (let i = 0; i < this.qLen; i++) {
      const j = (this.qHead + i) % this.qSlots!.length;
      s[i] = this.qSlots![j]!;
      a[i] = this.qAt![j]!;
    }
    this.qSlots = s;
    this.qAt = a;
    this.qHead = 0;
  }

  /** Index for a positive handle value, or 0 if the value has tag bits and those are not ignored. */
  get(index: number): KObject | null {
    return index < this.objs.length ? this.objs[index]! : null;
  }
}
