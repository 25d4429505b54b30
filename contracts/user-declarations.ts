/**
 * `settings.handles.functions` → FunctionContract, so that the engine treats a user's wrapper exactly like a
 * table entry. Settings come from users' config files: everything is validated and bad input becomes an
 * error message, never an exception.
 */
import type { Acquisition, FunctionContract, ReleaserFamily, UserFunctionDeclaration } from './types.js';
import { FAILURE_VALUES, RELEASER_FAMILIES } from './vocabulary.js';

/** The `module` of every contract built from a user declaration. */
export const USER_DECLARATION_MODULE = 'settings.handles.functions';

export type DeclarationResult =
  | { readonly ok: true; readonly contract: FunctionContract }
  | { readonly ok: false; readonly error: string };

const DECLARATION_KEYS = ['returns', 'failure', 'family', 'releases', 'borrows', 'takes', 'checks'] as const satisfies readonly (keyof UserFunctionDeclaration)[];
const RESULT_OWNERSHIPS = ['owned', 'borrowed', 'pseudo'] as const;
const PARAM_LISTS = ['releases', 'borrows', 'takes', 'checks'] as const;

/**
 * Validates one declaration and converts it. Defaults: an owned or borrowed result fails with NULL ('null'),
 * a pseudo result cannot fail ('none'); the family (default CloseHandle) applies to the owned result and to
 * every released parameter.
 */
export function contractFromDeclaration(name: unknown, declaration: unknown): DeclarationResult {
  if (typeof name !== 'string' || name.trim() === '') {
    return { ok: false, error: `${USER_DECLARATION_MODULE}: a function name must be a non-empty string, got ${describe(name)}` };
  }
  const where = `${USER_DECLARATION_MODULE}.${name}`;
  const fail = (message: string): DeclarationResult => ({ ok: false, error: `${where}: ${message}` });
  if (typeof declaration !== 'object' || declaration === null || Array.isArray(declaration)) {
    return fail(`must be an object like { returns: 'owned' } or { releases: [0] }, got ${describe(declaration)}`);
  }
  const raw = declaration as Record<string, unknown>;
  for (const key of Object.keys(raw)) {
    if (!(DECLARATION_KEYS as readonly string[]).includes(key)) {
      return fail(`unknown key "${key}" (expected ${DECLARATION_KEYS.join(', ')})`);
    }
  }

  const { returns, failure, family } = raw;
  if (returns !== undefined && !includes(RESULT_OWNERSHIPS, returns)) {
    return fail(`returns must be one of ${quoteAll(RESULT_OWNERSHIPS)}, got ${describe(returns)}`);
  }
  if (failure !== undefined && !includes(FAILURE_VALUES, failure)) {
    return fail(`failure must be one of ${quoteAll(FAILURE_VALUES)}, got ${describe(failure)}`);
  }
  if (family !== undefined && !includes(RELEASER_FAMILIES, family)) {
    return fail(`family must be one of ${quoteAll(RELEASER_FAMILIES)}, got ${describe(family)}`);
  }

  const lists: Partial<Record<(typeof PARAM_LISTS)[number], readonly number[]>> = {};
  const firstListOf = new Map<number, string>();
  for (const key of PARAM_LISTS) {
    const value = raw[key];
    if (value === undefined) continue;
    if (!Array.isArray(value)) return fail(`${key} must be an array of parameter indexes like [0], got ${describe(value)}`);
    for (const index of value) {
      if (typeof index !== 'number' || !Number.isSafeInteger(index) || index < 0) {
        return fail(`${key} must hold parameter indexes (integers from 0), got ${describe(index)}`);
      }
      const earlier = firstListOf.get(index);
      if (earlier === key) return fail(`${key} lists parameter ${index} twice`);
      if (earlier !== undefined) return fail(`parameter ${index} is in both ${earlier} and ${key}; a parameter has one role`);
      firstListOf.set(index, key);
    }
    lists[key] = value as number[];
  }

  const releases = lists.releases ?? [];
  if (family !== undefined && returns !== 'owned' && releases.length === 0) {
    return fail(`family "${family}" applies to an owned result or to released parameters; add returns: 'owned' or releases`);
  }
  if (returns === 'pseudo' && failure !== undefined && failure !== 'none') {
    return fail(`a pseudo handle cannot fail, so failure must be 'none' or absent, got "${failure}"`);
  }

  const releaserFamily: ReleaserFamily = family ?? 'CloseHandle';
  const acquires: Acquisition[] = [];
  if (returns === 'owned') acquires.push({ slot: { at: 'return' }, ownership: 'owned', kind: 'Any', family: releaserFamily });
  else if (returns === 'borrowed' || returns === 'pseudo') acquires.push({ slot: { at: 'return' }, ownership: returns, kind: 'Any' });

  const defaultFailure = returns === 'owned' || returns === 'borrowed' ? 'null' : 'none';
  const contract: FunctionContract = {
    name,
    module: USER_DECLARATION_MODULE,
    returns: returns === undefined ? 'unknown' : 'handle',
    failure: (failure as FunctionContract['failure'] | undefined) ?? defaultFailure,
    ...(acquires.length > 0 ? { acquires } : {}),
    ...(releases.length > 0 ? { releases: releases.map((param) => ({ param, family: releaserFamily })) } : {}),
    ...(lists.borrows && lists.borrows.length > 0 ? { borrows: lists.borrows } : {}),
    ...(lists.takes && lists.takes.length > 0 ? { takes: lists.takes } : {}),
    ...(lists.checks && lists.checks.length > 0 ? { checks: lists.checks } : {}),
  };
  return { ok: true, contract };
}

export interface SettingsContracts {
  /** the valid declarations, by function name */
  readonly contracts: ReadonlyMap<string, FunctionContract>;
  /** one message per invalid declaration (those functions are left out of `contracts`) */
  readonly errors: readonly string[];
}

/** Converts a whole `settings.handles.functions` object; invalid entries are reported, valid ones kept. */
export function contractsFromSettings(functions: unknown): SettingsContracts {
  const contracts = new Map<string, FunctionContract>();
  if (functions === undefined || functions === null) return { contracts, errors: [] };
  if (typeof functions !== 'object' || Array.isArray(functions)) {
    return {
      contracts,
      errors: [`${USER_DECLARATION_MODULE} must be an object mapping function names to declarations, got ${describe(functions)}`],
    };
  }
  const errors: string[] = [];
  for (const [name, declaration] of Object.entries(functions)) {
    const result = contractFromDeclaration(name, declaration);
    if (result.ok) contracts.set(name, result.contract);
    else errors.push(result.error);
  }
  return { contracts, errors };
}

function includes<T extends string>(list: readonly T[], value: unknown): value is T {
  return typeof value === 'string' && (list as readonly string[]).includes(value);
}

function quoteAll(list: readonly string[]): string {
  return list.map((v) => `'${v}'`).join(', ');
}

/** a short, safe rendering of a bad value for an error message */
function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'function') return 'a function';
  return `${typeof value} ${String(value)}`;
}
