/**
 * A persistent map from small non-negative integers to values: a 16-way trie with path copying whose depth
 * grows with the largest key (keys are dense per analysed function, so most maps are one 16-slot array).
 * Why: the engine keeps one state per partition per program point; copying a Map per step would make a
 * function with N handles cost O(N²). Here a write copies one array per level, and join/equality skip every
 * subtree the two states still share (pointer-equal), so their cost follows the number of differences.
 */

const BITS = 4;
const WIDTH = 1 << BITS;
const MASK = WIDTH - 1;
const MAX_DEPTH = 7;
/** Keys must be below this (about 268 million). */
export const MAX_KEY = 1 << (BITS * MAX_DEPTH);

type Node = readonly unknown[];
interface Root {
  /** number of levels: keys below WIDTH ** depth fit */
  readonly d: number;
  readonly r: Node;
}
/** The empty map is `undefined`. `V` is carried for typing only. */
export type PMap<V> = (Root & { readonly __values?: V }) | undefined;

function index(key: number, level: number): number {
  return (key >>> (BITS * level)) & MASK;
}

function depthFor(key: number): number {
  let d = 1;
  while (key >>> (BITS * d) !== 0) d++;
  return d;
}

export function pget<V>(map: PMap<V>, key: number): V | undefined {
  if (!map || key >>> (BITS * map.d) !== 0) return undefined;
  let node: Node | undefined = map.r;
  for (let level = map.d - 1; level > 0 && node; level--) node = node[index(key, level)] as Node | undefined;
  return node ? (node[key & MASK] as V | undefined) : undefined;
}

function setAt(node: Node | undefined, key: number, value: unknown, level: number): Node | undefined {
  const i = index(key, level);
  const old = node ? node[i] : undefined;
  const next = level === 0 ? value : setAt(old as Node | undefined, key, value, level - 1);
  if (next === old) return node;
  const copy = node ? node.slice() : new Array<unknown>(WIDTH).fill(undefined);
  copy[i] = next;
  if (next === undefined && copy.every((x) => x === undefined)) return undefined;
  return copy;
}

/** The root lifted to `depth` levels (the old root becomes child 0 of each new level). */
function lift(root: Node, from: number, depth: number): Node {
  let r = root;
  for (let d = from; d < depth; d++) {
    const up = new Array<unknown>(WIDTH).fill(undefined);
    up[0] = r;
    r = up;
  }
  return r;
}

/** The map with `key` bound to `value` (or removed when `value` is undefined); the same object when nothing changes. */
export function pset<V>(map: PMap<V>, key: number, value: V | undefined): PMap<V> {
  if (!(key >= 0 && key < MAX_KEY) || !Number.isInteger(key)) throw new RangeError(`pmap key out of range: ${key}`);
  if (value === undefined && (!map || key >>> (BITS * map.d) !== 0)) return map;
  const need = depthFor(key);
  const depth = map ? Math.max(map.d, need) : need;
  const root = map ? (map.d < depth ? lift(map.r, map.d, depth) : map.r) : undefined;
  const next = setAt(root, key, value, depth - 1);
  if (map && next === map.r) return map;
  return next ? { d: depth, r: next } : undefined;
}

export function pforEach<V>(map: PMap<V>, fn: (key: number, value: V) => void): void {
  const walk = (node: Node, level: number, prefix: number): void => {
    for (let i = 0; i < WIDTH; i++) {
      const child = node[i];
      if (child === undefined) continue;
      const key = prefix | (i << (BITS * level));
      if (level === 0) fn(key, child as V);
      else walk(child as Node, level - 1, key);
    }
  };
  if (map) walk(map.r, map.d - 1, 0);
}

/**
 * Combines two maps key by key: `combine(a, b)` is called only where the two differ (a or b may be undefined);
 * shared subtrees are kept as they are. Returns `left` itself when every combination returned the left value.
 */
export function pmerge<V>(
  left: PMap<V>,
  right: PMap<V>,
  combine: (a: V | undefined, b: V | undefined) => V | undefined,
): PMap<V> {
  if (left === right) return left;
  const depth = Math.max(left?.d ?? 1, right?.d ?? 1);
  const a0 = left ? (left.d < depth ? lift(left.r, left.d, depth) : left.r) : undefined;
  const b0 = right ? (right.d < depth ? lift(right.r, right.d, depth) : right.r) : undefined;
  const walk = (a: Node | undefined, b: Node | undefined, level: number): Node | undefined => {
    if (a === b) return a;
    let copy: unknown[] | undefined;
    for (let i = 0; i < WIDTH; i++) {
      const x = a ? a[i] : undefined;
      const y = b ? b[i] : undefined;
      if (x === y) continue;
      const z =
        level === 0 ? combine(x as V | undefined, y as V | undefined) : walk(x as Node | undefined, y as Node | undefined, level - 1);
      if (z === x) continue;
      if (!copy) copy = a ? a.slice() : new Array<unknown>(WIDTH).fill(undefined);
      copy[i] = z;
    }
    if (!copy) return a;
    return copy.every((x) => x === undefined) ? undefined : copy;
  };
  const r = walk(a0, b0, depth - 1);
  if (left && r === left.r) return left;
  return r ? { d: depth, r } : undefined;
}

/**
 * Equality with a value comparator; shared subtrees are equal without a look. A key present on one side only
 * counts as equal when `ignorable(value)` says so (default: never).
 */
export function pequal<V>(
  left: PMap<V>,
  right: PMap<V>,
  eq: (a: V, b: V) => boolean,
  ignorable?: (v: V) => boolean,
): boolean {
  if (left === right) return true;
  if (!ignorable && (!left || !right)) return false;
  const depth = Math.max(left?.d ?? 1, right?.d ?? 1);
  const a0 = left ? (left.d < depth ? lift(left.r, left.d, depth) : left.r) : undefined;
  const b0 = right ? (right.d < depth ? lift(right.r, right.d, depth) : right.r) : undefined;
  const allIgnorable = (n: unknown, level: number): boolean => {
    if (n === undefined) return true;
    if (level < 0) return ignorable!(n as V);
    for (const child of n as Node) if (!allIgnorable(child, level - 1)) return false;
    return true;
  };
  const walk = (a: Node | undefined, b: Node | undefined, level: number): boolean => {
    if (a === b) return true;
    if (!a || !b) return ignorable ? allIgnorable(a ?? b, level) : false;
    for (let i = 0; i < WIDTH; i++) {
      const x = a[i];
      const y = b[i];
      if (x === y) continue;
      if (x === undefined || y === undefined) {
        if (ignorable && allIgnorable(x ?? y, level - 1)) continue;
        return false;
      }
      if (level === 0 ? !eq(x as V, y as V) : !walk(x as Node, y as Node, level - 1)) return false;
    }
    return true;
  };
  return walk(a0, b0, depth - 1);
}
