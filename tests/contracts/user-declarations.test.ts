import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import {
  FAILURE_VALUES, RELEASER_FAMILIES, contractFromDeclaration, contractsFromSettings, USER_DECLARATION_MODULE,
} from '../../contracts/index.js';

describe('contractFromDeclaration', () => {
  test('the issue example converts to table-shaped contracts', () => {
    const { contracts, errors } = contractsFromSettings({
      openLog: { returns: 'owned', failure: 'invalid' },
      closeLog: { releases: [0] },
      logLine: { borrows: [0] },
      Fred: { takes: [0] },
      assertOpen: { checks: [0] },
    });
    expect(errors).toEqual([]);
    expect(contracts.get('assertOpen')).toMatchObject({ checks: [0], returns: 'unknown', failure: 'none' });
    expect(contracts.get('openLog')).toEqual({
      name: 'openLog', module: USER_DECLARATION_MODULE, returns: 'handle', failure: 'invalid',
      acquires: [{ slot: { at: 'return' }, ownership: 'owned', kind: 'Any', family: 'CloseHandle' }],
    });
    expect(contracts.get('closeLog')).toEqual({
      name: 'closeLog', module: USER_DECLARATION_MODULE, returns: 'unknown', failure: 'none',
      releases: [{ param: 0, family: 'CloseHandle' }],
    });
    expect(contracts.get('logLine')).toMatchObject({ borrows: [0], returns: 'unknown' });
    expect(contracts.get('logLine')).not.toHaveProperty('acquires');
    expect(contracts.get('Fred')).toMatchObject({ takes: [0] });
  });

  test('defaults: owned and borrowed results fail with NULL, pseudo ones cannot fail', () => {
    expect(contractFromDeclaration('a', { returns: 'owned' })).toMatchObject({ ok: true, contract: { failure: 'null' } });
    expect(contractFromDeclaration('b', { returns: 'borrowed' })).toMatchObject({
      ok: true, contract: { failure: 'null', acquires: [{ ownership: 'borrowed', kind: 'Any' }] },
    });
    const pseudo = contractFromDeclaration('c', { returns: 'pseudo' });
    expect(pseudo).toMatchObject({ ok: true, contract: { failure: 'none', acquires: [{ ownership: 'pseudo' }] } });
    if (pseudo.ok) expect(pseudo.contract.acquires![0]).not.toHaveProperty('family');
  });

  test('the family applies to the owned result and to released parameters', () => {
    const open = contractFromDeclaration('openFind', { returns: 'owned', family: 'FindClose', failure: 'invalid' });
    const close = contractFromDeclaration('closeFind', { releases: [1], family: 'FindClose' });
    expect(open).toMatchObject({ ok: true, contract: { acquires: [{ family: 'FindClose' }] } });
    expect(close).toMatchObject({ ok: true, contract: { releases: [{ param: 1, family: 'FindClose' }] } });
  });

  test('an empty declaration is a known function that does nothing with handles', () => {
    expect(contractFromDeclaration('noop', {})).toEqual({
      ok: true, contract: { name: 'noop', module: USER_DECLARATION_MODULE, returns: 'unknown', failure: 'none' },
    });
  });

  test.each([
    ['not an object', 'openLog', 'owned', 'settings.handles.functions.openLog: must be an object like { returns: \'owned\' } or { releases: [0] }, got "owned"'],
    ['null', 'openLog', null, 'settings.handles.functions.openLog: must be an object like { returns: \'owned\' } or { releases: [0] }, got null'],
    ['an array', 'openLog', [0], 'settings.handles.functions.openLog: must be an object like { returns: \'owned\' } or { releases: [0] }, got an array'],
    ['a misspelt key', 'openLog', { retruns: 'owned' }, 'settings.handles.functions.openLog: unknown key "retruns" (expected returns, failure, family, releases, borrows, takes, checks)'],
    ['a bad returns', 'f', { returns: 'mine' }, `settings.handles.functions.f: returns must be one of 'owned', 'borrowed', 'pseudo', got "mine"`],
    ['a bad failure', 'f', { returns: 'owned', failure: 'NULL' }, `settings.handles.functions.f: failure must be one of 'null', 'invalid', 'false', 'status', 'minus-one', 'wait-failed', 'none', got "NULL"`],
    ['a bad family', 'f', { returns: 'owned', family: 'CloseFile' }, 'settings.handles.functions.f: family must be one of'],
    ['releases not an array', 'f', { releases: 0 }, 'settings.handles.functions.f: releases must be an array of parameter indexes like [0], got number 0'],
    ['a negative index', 'f', { borrows: [-1] }, 'settings.handles.functions.f: borrows must hold parameter indexes (integers from 0), got number -1'],
    ['a fractional index', 'f', { takes: [1.5] }, 'settings.handles.functions.f: takes must hold parameter indexes (integers from 0), got number 1.5'],
    ['a string index', 'f', { releases: ['0'] }, 'settings.handles.functions.f: releases must hold parameter indexes (integers from 0), got "0"'],
    ['a repeated index', 'f', { releases: [0, 0] }, 'settings.handles.functions.f: releases lists parameter 0 twice'],
    ['two roles', 'f', { releases: [0], borrows: [1, 0] }, 'settings.handles.functions.f: parameter 0 is in both releases and borrows; a parameter has one role'],
    ['a family with nothing to apply to', 'f', { family: 'FindClose' }, 'settings.handles.functions.f: family "FindClose" applies to an owned result or to released parameters'],
    ['a failing pseudo handle', 'f', { returns: 'pseudo', failure: 'null' }, `settings.handles.functions.f: a pseudo handle cannot fail, so failure must be 'none' or absent, got "null"`],
  ])('rejects %s with a clear message', (_label, name, declaration, message) => {
    const result = contractFromDeclaration(name, declaration);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.startsWith(message), result.error).toBe(true);
  });

  test('rejects an empty name', () => {
    expect(contractFromDeclaration('', {})).toEqual({ ok: false, error: 'settings.handles.functions: a function name must be a non-empty string, got ""' });
  });

  test('never throws, whatever it is given', () => {
    const odd: unknown[] = [undefined, 1n, Symbol('s'), () => 1, { returns: {} }, { releases: [Symbol('x')] }, Object.create(null), new Map()];
    for (const value of odd) expect(() => contractFromDeclaration('x', value)).not.toThrow();
    expect(() => contractFromDeclaration(Symbol('n'), {})).not.toThrow();
  });
});

describe('contractsFromSettings', () => {
  test('keeps valid entries and reports each invalid one', () => {
    const { contracts, errors } = contractsFromSettings({ good: { borrows: [0] }, bad: { returns: 'yes' }, worse: 3 });
    expect([...contracts.keys()]).toEqual(['good']);
    expect(errors).toHaveLength(2);
    expect(errors[0]).toContain('functions.bad: returns must be');
    expect(errors[1]).toContain('functions.worse: must be an object');
  });

  test('absent settings are empty, a non-object is one error', () => {
    expect(contractsFromSettings(undefined).errors).toEqual([]);
    expect(contractsFromSettings(undefined).contracts.size).toBe(0);
    expect(contractsFromSettings(['openLog']).errors).toEqual([
      'settings.handles.functions must be an object mapping function names to declarations, got an array',
    ]);
  });
});

describe('properties', () => {
  test('any value at all gives a contract or an error message, never an exception', () => {
    fc.assert(
      fc.property(fc.string(), fc.anything({ withBigInt: true, withMap: true, withSet: true, withNullPrototype: true }), (name, value) => {
        const result = contractFromDeclaration(name, value);
        if (!result.ok) expect(result.error).toMatch(/^settings\.handles\.functions/);
      }),
      { numRuns: 500 },
    );
  });

  test('a valid declaration keeps every parameter in its role and the family on every owned part', () => {
    const roles = fc.uniqueArray(fc.integer({ min: 0, max: 12 }), { maxLength: 6 }).chain((indexes) =>
      fc.tuple(fc.constant(indexes), fc.array(fc.constantFrom('releases', 'borrows', 'takes', 'checks'), { minLength: indexes.length, maxLength: indexes.length })),
    );
    const declaration = fc.record(
      {
        returns: fc.constantFrom('owned', 'borrowed', 'pseudo'),
        failure: fc.constantFrom(...FAILURE_VALUES),
        family: fc.constantFrom(...RELEASER_FAMILIES),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(fc.string({ minLength: 1 }).filter((n) => n.trim() !== ''), declaration, roles, (name, base, [indexes, roleOf]) => {
        const decl: Record<string, unknown> = { ...base };
        for (const [i, index] of indexes.entries()) decl[roleOf[i]!] = [...((decl[roleOf[i]!] as number[] | undefined) ?? []), index];
        const result = contractFromDeclaration(name, decl);
        const familyUsable = decl.returns === 'owned' || (decl.releases as number[] | undefined)?.length;
        const pseudoFails = decl.returns === 'pseudo' && decl.failure !== undefined && decl.failure !== 'none';
        if ((decl.family !== undefined && !familyUsable) || pseudoFails) {
          expect(result.ok).toBe(false);
          return;
        }
        expect(result.ok, result.ok ? '' : result.error).toBe(true);
        if (!result.ok) return;
        const c = result.contract;
        const family = decl.family ?? 'CloseHandle';
        expect(c.releases ?? []).toEqual(((decl.releases as number[] | undefined) ?? []).map((param) => ({ param, family })));
        expect(c.borrows ?? []).toEqual(decl.borrows ?? []);
        expect(c.takes ?? []).toEqual(decl.takes ?? []);
        expect(c.checks ?? []).toEqual(decl.checks ?? []);
        expect(c.acquires?.length ?? 0).toBe(decl.returns ? 1 : 0);
        if (decl.returns === 'owned') expect(c.acquires![0]!.family).toBe(family);
        if (decl.failure !== undefined) expect(c.failure).toBe(decl.failure);
      }),
      { numRuns: 500 },
    );
  });
});
