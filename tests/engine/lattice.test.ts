import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type Acquisition, type HandleInfo, type Ownership,
  CLOSED, DEFER, NONE, OPEN, joinInfo, mayLeak, sameInfo, sameTypestate, settled, typestateName,
} from '../../rules/engine/lattice.js';

const acq: Acquisition = { id: 0, name: 'h', api: 'CreateEventW', line: 1, node: null };
const OWNERSHIPS: Ownership[] = ['owned', 'param', 'field', 'borrowed', 'pseudo', 'foreign', 'transferred'];

const info = fc.record({
  bits: fc.integer({ min: 1, max: 15 }),
  own: fc.constantFrom(...OWNERSHIPS),
  escaped: fc.boolean(),
  closedAt: fc.option(fc.record({ line: fc.integer({ min: 1, max: 9 }), what: fc.constant('CloseHandle') }), { nil: undefined }),
  used: fc.option(fc.boolean(), { nil: undefined }),
}).map((r): HandleInfo => ({ ...r, acq }));

/** What the join must preserve: the typestate components and the earliest close. */
const view = (i: HandleInfo) => ({ bits: i.bits, own: i.own, escaped: i.escaped, closed: i.closedAt?.line, used: !!i.used });

describe('typestate lattice', () => {
  it('join is commutative, associative and idempotent', () => {
    fc.assert(
      fc.property(info, info, info, (a, b, c) => {
        expect(view(joinInfo(a, b))).toEqual(view(joinInfo(b, a)));
        expect(view(joinInfo(joinInfo(a, b), c))).toEqual(view(joinInfo(a, joinInfo(b, c))));
        expect(view(joinInfo(a, a))).toEqual(view(a));
      }),
    );
  });

  it('join is an upper bound: it keeps every possibility of both sides', () => {
    fc.assert(
      fc.property(info, info, (a, b) => {
        const j = joinInfo(a, b);
        expect(j.bits & a.bits).toBe(a.bits);
        expect(j.bits & b.bits).toBe(b.bits);
        expect(j.escaped).toBe(a.escaped || b.escaped);
      }),
    );
  });

  it('returns the left object itself when nothing changes (so unchanged subtrees stay shared)', () => {
    const a: HandleInfo = { bits: OPEN | CLOSED, own: 'owned', escaped: false, acq };
    const b: HandleInfo = { bits: OPEN, own: 'owned', escaped: false, acq };
    expect(joinInfo(a, b)).toBe(a);
  });

  it("names the issue's typestates", () => {
    const s = (bits: number, own: Ownership = 'owned', escaped = false) => typestateName({ bits, own, escaped, acq });
    expect(s(OPEN)).toBe('open');
    expect(s(CLOSED)).toBe('closed');
    expect(s(OPEN | CLOSED)).toBe('maybe-closed');
    expect(s(OPEN | NONE)).toBe('unchecked');
    expect(s(NONE)).toBe('failed');
    expect(s(DEFER)).toBe('deferred-close');
    expect(s(OPEN, 'owned', true)).toBe('escaped');
    expect(s(OPEN, 'pseudo')).toBe('pseudo');
    expect(s(OPEN, 'foreign')).toBe('foreign');
    expect(s(OPEN, 'borrowed')).toBe('borrowed');
    expect(s(OPEN, 'transferred')).toBe('transferred');
  });

  it('only owned, unescaped, possibly open values can leak', () => {
    expect(mayLeak({ bits: OPEN | NONE, own: 'owned', escaped: false, acq })).toBe(true);
    expect(mayLeak({ bits: OPEN | CLOSED, own: 'owned', escaped: false, acq })).toBe(true);
    expect(mayLeak({ bits: CLOSED, own: 'owned', escaped: false, acq })).toBe(false);
    expect(mayLeak({ bits: DEFER, own: 'owned', escaped: false, acq })).toBe(false);
    expect(mayLeak({ bits: OPEN, own: 'owned', escaped: true, acq })).toBe(false);
    expect(mayLeak({ bits: OPEN, own: 'param', escaped: false, acq })).toBe(false);
  });

  it('partitions: settled values never split, open ones split by bits/ownership/escape', () => {
    const v = (bits: number, own: Ownership = 'owned', escaped = false): HandleInfo => ({ bits, own, escaped, acq });
    expect(sameTypestate(v(CLOSED), v(NONE))).toBe(true);
    expect(settled(v(CLOSED | NONE))).toBe(true);
    expect(sameTypestate(v(OPEN), v(CLOSED))).toBe(false);
    expect(sameTypestate(v(OPEN), v(OPEN | NONE))).toBe(false);
    expect(sameTypestate(v(OPEN), v(OPEN, 'owned', true))).toBe(false);
    expect(sameTypestate(v(OPEN | NONE, 'param'), v(OPEN, 'param'))).toBe(true);
    expect(sameTypestate(v(OPEN, 'param'), v(CLOSED | OPEN, 'param'))).toBe(false);
    fc.assert(fc.property(info, (a) => sameTypestate(a, a) && sameInfo(a, a)));
  });
});
