import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type PMap, pequal, pforEach, pget, pmerge, pset } from '../../rules/engine/pmap.js';

type Op = { key: number; value: number | undefined };
const op = fc.record({ key: fc.oneof(fc.nat(40), fc.nat(5000)), value: fc.option(fc.integer(), { nil: undefined }) });

function build(ops: readonly Op[], base: PMap<number> = undefined): { map: PMap<number>; model: Map<number, number> } {
  let map = base;
  const model = new Map<number, number>();
  pforEach(base, (k, v) => model.set(k, v));
  for (const { key, value } of ops) {
    map = pset(map, key, value);
    if (value === undefined) model.delete(key);
    else model.set(key, value);
  }
  return { map, model };
}

function entries(map: PMap<number>): [number, number][] {
  const out: [number, number][] = [];
  pforEach(map, (k, v) => out.push([k, v]));
  return out;
}

describe('persistent int map', () => {
  it('behaves like a Map under sets and deletes (keys across trie depths)', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
        const { map, model } = build(ops);
        expect(entries(map)).toEqual([...model.entries()].sort((a, b) => a[0] - b[0]));
        for (const k of model.keys()) expect(pget(map, k)).toBe(model.get(k));
        expect(pget(map, 999_999)).toBeUndefined();
      }),
    );
  });

  it('is persistent: writes never change an earlier version', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 30 }), fc.array(op, { maxLength: 30 }), (first, second) => {
        const a = build(first);
        const before = entries(a.map);
        build(second, a.map);
        expect(entries(a.map)).toEqual(before);
      }),
    );
  });

  it('returns the same object when a write changes nothing', () => {
    const m = pset(pset(undefined, 3, 7), 100, 1);
    expect(pset(m, 3, 7)).toBe(m);
    expect(pset(m, 4, undefined)).toBe(m);
    expect(pset(undefined, 5, undefined)).toBeUndefined();
  });

  it('merges key by key, calling the combiner only where the maps differ', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 30 }), fc.array(op, { maxLength: 30 }), (x, y) => {
        const a = build(x);
        const b = build(y, a.map); // shares structure with a
        let calls = 0;
        const merged = pmerge(a.map, b.map, (p, q) => {
          calls++;
          return (p ?? 0) + (q ?? 0);
        });
        const keys = new Set([...a.model.keys(), ...b.model.keys()]);
        for (const k of keys) {
          const p = a.model.get(k);
          const q = b.model.get(k);
          expect(pget(merged, k)).toBe(p === q ? p : (p ?? 0) + (q ?? 0));
        }
        const differing = [...keys].filter((k) => a.model.get(k) !== b.model.get(k)).length;
        expect(calls).toBe(differing);
      }),
    );
  });

  it('keeps the left map when the combiner keeps every left value', () => {
    const a = pset(pset(undefined, 1, 1), 70, 2);
    const b = pset(a, 1, 5);
    expect(pmerge(a, b, (p) => p)).toBe(a);
  });

  it('compares by value, with ignorable one-sided keys', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 30 }), fc.array(op, { maxLength: 30 }), (x, y) => {
        const a = build(x);
        const b = build(y);
        const same = a.model.size === b.model.size && [...a.model].every(([k, v]) => b.model.get(k) === v);
        expect(pequal(a.map, b.map, (p, q) => p === q)).toBe(same);
      }),
    );
    const small = pset(undefined, 2, 1);
    const more = pset(pset(small, 900, -1), 3, -5);
    expect(pequal(small, more, (p, q) => p === q)).toBe(false);
    expect(pequal(small, more, (p, q) => p === q, (v) => v < 0)).toBe(true);
    expect(pequal(undefined, pset(undefined, 8, -1), (p, q) => p === q, (v) => v < 0)).toBe(true);
  });

  it('rejects keys it cannot hold', () => {
    expect(() => pset(undefined, -1, 1)).toThrow(RangeError);
    expect(() => pset(undefined, 1.5, 1)).toThrow(RangeError);
  });
});
