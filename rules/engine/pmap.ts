/**
 * A persistent map from small non-negative integers to values: a fixed-depth 32-way trie with path copying.
 * Why: the engine keeps one state per partition per program point; copying a Map per step would make a
 * function with N handles cost O(N²). Here a write copies 4 small arrays, and join/equality skip every
 * subtree the two states still share (pointer-equal), so their cost follows the number of differences.
 */

const BITS = 5;
const WIDTH = 1 << BITS;
const MASK = WIDTH - 1;
const LEVELS = 4;
/** Keys must be below this (about a million): ids are allocated per file, far below it in practice. */
export const MAX_KEY = 1 << (BITS * LEVELS);

/** An inner node holds children; level-0 nodes hold the values. `undefined` is the empty map. */
export type PMap<V> = (Node & { readonly __values?: V }) | undefined;
type Node = readonly unknown[];

function index(key: number, level: number): number {
  return (key >>> (BITS * level)) & MASK;
}

function checkKey(key: number): void {
  if (!(key >= 0 && key < MAX_KEY) || !Number.isInteger(key)) throw new RangeError(`pmap key out of range: ${key}`);
}

export function pget<V>(map: PMap<V>, key: number): V | undefined {
  let node: Node | undefined = map;
  for (let level = LEVELS - 1; level > 0 && node; level--) node = node[index(key, level)] as Node | undefined;
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

/** The map with `key` bound to `value` (or removed when `value` is undefined); the same object when nothing changes. */
export function pset<V>(map: PMap<V>, key: number, value: V | undefined): PMap<V> {
  checkKey(key);
  return setAt(map, key, value, LEVELS - 1);
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
  if (map) walk(map, LEVELS - 1, 0);
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
  return walk(left, right, LEVELS - 1);
}

/** Equality with a value comparator; shared subtrees are equal without a look. */
export function pequal<V>(left: PMap<V>, right: PMap<V>, eq: (a: V, b: V) => boolean): boolean {
  const walk = (a: Node | undefined, b: Node | undefined, level: number): boolean => {
    if (a === b) return true;
    if (!a || !b) return false;
    for (let i = 0; i < WIDTH; i++) {
      const x = a[i];
      const y = b[i];
      if (x === y) continue;
      if (x === undefined || y === undefined) return false;
      if (level === 0 ? !eq(x as V, y as V) : !walk(x as Node, y as Node, level - 1)) return false;
    }
    return true;
  };
  return walk(left, right, LEVELS - 1);
}
