/**
 * The abstract domain: what the engine knows about one acquired handle value on one partition.
 *
 * The typestate is a SET of concrete possibilities (a 4-bit mask), so the join is set union and the lattice
 * laws hold by construction:
 *   NONE   the acquisition failed / holds nothing (the failure edge)
 *   OPEN   a live handle the holder must release
 *   CLOSED released (CloseHandle, a releasing helper, DUPLICATE_CLOSE_SOURCE, `using` disposal)
 *   DEFER  a release is registered for later (a callback, DisposableStack.adopt/use/defer)
 * The named states of the issue are masks: open = OPEN, closed = CLOSED, unchecked = NONE|OPEN (may still be
 * the failure sentinel), maybe-closed = OPEN|CLOSED, deferred-close = DEFER. Ownership (owned, borrowed, pseudo,
 * foreign, transferred, param, field) and `escaped` are separate components, so that a handle that escaped is
 * still checked for double close and use after close.
 */

export const NONE = 1;
export const OPEN = 2;
export const CLOSED = 4;
export const DEFER = 8;
export const RELEASED = CLOSED | DEFER;

export type Ownership =
  /** the caller owns it and must release it */
  | 'owned'
  /** received as BorrowedHandle / a declared `borrows` parameter, or from a borrowed-result API */
  | 'borrowed'
  /** GetCurrentProcess()/GetCurrentThread() */
  | 'pseudo'
  /** a value valid in another process's handle table (DuplicateHandle into a foreign process) */
  | 'foreign'
  /** handed to an owner (an object that releases it) */
  | 'transferred'
  /** a parameter of unknown ownership: closing it is allowed, leaking it is not reported */
  | 'param'
  /** the current value of a field the class owns (read inside a method) */
  | 'field';

/** Static facts about the place a value was acquired (shared, never compared). */
export interface Acquisition {
  /** the value's id: one per acquisition site (call + slot), or per parameter / owned field */
  readonly id: number;
  /** the handle as the code names it at the acquisition */
  readonly name: string;
  /** the acquiring API (or helper) name; undefined for parameters and fields */
  readonly api?: string;
  readonly line: number;
  /** the node a leak is reported at */
  readonly node: unknown;
  /** the releaser to suggest (`CloseHandle`, `FindClose`, ...) */
  readonly releaser?: string;
  /** the failure value of the acquisition, for sentinel tests */
  readonly failure?: string;
  /** the object kind from the contract (Process, Thread, Event, ...) */
  readonly kind?: string;
  /** where the handle appears: the call's result (discarding it loses it) or an out-param/struct field */
  readonly slot?: 'return' | 'out';
}

export interface HandleInfo {
  readonly bits: number;
  readonly own: Ownership;
  /** left the function (returned, stored, captured, given to an unknown callee): never reported as leaked */
  readonly escaped: boolean;
  readonly acq: Acquisition;
  /** the first release on this path: line and what released it */
  readonly closedAt?: { readonly line: number; readonly what: string };
  /** for duplicates: the source value's id and whether the duplicate was ever read */
  readonly dupOf?: number;
  readonly used?: boolean;
  /** for values whose success is decided by a BOOL/status result: the id of that result */
  readonly status?: number;
  /** the line where it was given to an owner (for shared-owner and close-after-transfer messages) */
  readonly ownerLine?: number;
  /** released through its OwnedHandle wrapper (close()/dispose/`using`): further wrapper releases are no-ops */
  readonly wrapperClosed?: boolean;
  /** a release registered to run later (a callback, DisposableStack): its node and line */
  readonly deferredClose?: { readonly node: unknown; readonly line: number };
  /** a use inside a callback that runs later: a synchronous release afterwards makes it a use after close */
  readonly deferredUse?: unknown;
  /** a real handle to the current process (a duplicate of GetCurrentProcess()) */
  readonly selfProcess?: boolean;
  /** the location of the timer whose callback holds the deferred close/use (clearTimeout cancels it) */
  readonly timer?: number;
}

const OWNERSHIP_RANK: Readonly<Record<Ownership, number>> = {
  owned: 0, param: 1, field: 2, borrowed: 3, pseudo: 4, foreign: 5, transferred: 6,
};

/** The least upper bound of two facts about the same value. */
export function joinInfo(a: HandleInfo, b: HandleInfo): HandleInfo {
  if (a === b) return a;
  const bits = a.bits | b.bits;
  const escaped = a.escaped || b.escaped;
  // ownership is a chain for the join: the more restrictive reason wins (e.g. transferred on one path)
  const own = OWNERSHIP_RANK[a.own] >= OWNERSHIP_RANK[b.own] ? a.own : b.own;
  const closedAt = !a.closedAt ? b.closedAt : !b.closedAt ? a.closedAt : a.closedAt.line <= b.closedAt.line ? a.closedAt : b.closedAt;
  const used = a.used || b.used;
  const ownerLine = a.ownerLine ?? b.ownerLine;
  const wrapperClosed = a.wrapperClosed && b.wrapperClosed;
  const deferredClose = a.deferredClose ?? b.deferredClose;
  const deferredUse = a.deferredUse ?? b.deferredUse;
  if (
    bits === a.bits && escaped === a.escaped && own === a.own && closedAt === a.closedAt && used === a.used &&
    ownerLine === a.ownerLine && wrapperClosed === a.wrapperClosed && deferredClose === a.deferredClose && deferredUse === a.deferredUse
  )
    return a;
  return { ...a, bits, escaped, own, closedAt, used, ownerLine, wrapperClosed, deferredClose, deferredUse };
}

/**
 * Same typestate, for partitioning: values that cannot be open any more (closed, failed) do not split
 * partitions: nothing later depends on their exact history except reports that are then 'maybe' anyway.
 * Without this, every finished loop or diamond multiplies the partitions of everything after it.
 */
export function sameTypestate(a: HandleInfo, b: HandleInfo): boolean {
  if (a === b) return true;
  if (!(a.bits & OPEN) && !(b.bits & OPEN)) return true;
  // a parameter of unknown ownership being NULL or not is a fact, not an ownership state: it does not split
  if (a.own === 'param' && b.own === 'param') return (a.bits & RELEASED) === (b.bits & RELEASED) && a.escaped === b.escaped;
  return a.bits === b.bits && a.own === b.own && a.escaped === b.escaped;
}

/** A value that no longer splits partitions (see sameTypestate). */
export function settled(info: HandleInfo): boolean {
  return !(info.bits & OPEN);
}

/** Same for the fixpoint: every component that the join can change. */
export function sameInfo(a: HandleInfo, b: HandleInfo): boolean {
  return (
    a === b ||
    (sameTypestate(a, b) && a.used === b.used && a.closedAt?.line === b.closedAt?.line && a.ownerLine === b.ownerLine &&
      a.wrapperClosed === b.wrapperClosed && a.deferredClose === b.deferredClose && a.deferredUse === b.deferredUse)
  );
}

/** Could this value still be an open handle the holder owns (a leak if it goes out of reach)? */
export function mayLeak(info: HandleInfo): boolean {
  return info.own === 'owned' && !info.escaped && (info.bits & OPEN) !== 0;
}

/** Names of the typestates, for docs, tests and debugging. */
export function typestateName(info: HandleInfo): string {
  if (info.own === 'pseudo' || info.own === 'borrowed' || info.own === 'foreign' || info.own === 'transferred') return info.own;
  if (info.escaped && info.bits & OPEN) return 'escaped';
  switch (info.bits) {
    case OPEN: return 'open';
    case NONE: return 'failed';
    case NONE | OPEN: return 'unchecked';
    case CLOSED:
    case CLOSED | NONE: return 'closed';
    case DEFER:
    case DEFER | NONE: return 'deferred-close';
    default: return info.bits & OPEN ? 'maybe-closed' : 'closed';
  }
}
