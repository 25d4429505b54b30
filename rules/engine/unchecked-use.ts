/**
 * check-before-use (finding 'unchecked-use'): which values must be tested before they are used, what a pass to a
 * callee means for them, and the finding itself.
 *
 * The interpreter (analyze.ts) keeps, per handle value and per path, whether a test has seen it: a fact in the
 * state's location map (absent = untested). Joins keep a location only when both sides hold it, so "tested" means
 * tested on every path that reaches a point. It calls these helpers where a value is used, released, stored or
 * leaves the function, and where a local function's summary is applied.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { contractFor } from '../../contracts/index.js';
import type { FailureValue } from '../../contracts/types.js';
import type { HandleInfo } from './lattice.js';
import type { Finding } from './types.js';

export type UncheckedHow = NonNullable<Finding['unchecked']>['how'];

/**
 * What a local function does with a parameter before any test of it, for its summary: `use` = gives it to a
 * Win32 use (or to another helper that does) on some path; `maybe` = gives it to code the analysis cannot see,
 * or stores it.
 */
export type UncheckedParamEffect = 'use' | 'maybe';

/** How far a test of a value tells its outcome. */
export type TestFact =
  /** tested, and a failure edge of that test really is the failure (`!e` for a NULL-failing API) */
  | 'tested'
  /** tested, but the failure edge may not be the failure (`!h` for INVALID_HANDLE_VALUE, a comparison with no sentinel) */
  | 'tested-loosely'
  /** handed to code the analysis cannot see: it may have tested it */
  | 'unseen';

/**
 * The failure value of a value that must be tested before use: an OWNED acquisition whose API can fail (returned
 * handles, BOOL/status + out-param handles, CreateProcessW's PROCESS_INFORMATION fields, CRT descriptors, a local
 * helper's unchecked result, a declared wrapper's). Undefined for everything else (pseudo and borrowed results,
 * parameters, fields, foreign duplicates, infallible acquisitions).
 */
export function checkableFailure(info: HandleInfo): FailureValue | undefined {
  if (info.own !== 'owned' || !info.acq.api) return undefined;
  // out-param and struct-field slots carry a NULL sentinel for tests of the value itself; the call's own
  // failure value (FALSE, a status) is what the message names
  const failure = (info.acq.slot === 'return' ? info.acq.failure : contractFor(info.acq.api)?.failure) as FailureValue | undefined;
  return failure && failure !== 'none' ? failure : undefined;
}

/**
 * What passing an untested value to a local function means: its summary says it uses the parameter before a test
 * (`use`), releases it without testing it (`release`: `if (h) CloseHandle(h)` in the helper is a test), or gives
 * it where the analysis cannot see.
 */
export function passToLocal(
  releases: boolean,
  tests: boolean,
  unchecked: UncheckedParamEffect | undefined,
): { how: 'use' | 'release'; certain: boolean } | undefined {
  if (unchecked === 'use') return { how: 'use', certain: true };
  if (releases && !tests) return { how: 'release', certain: true };
  if (unchecked === 'maybe') return { how: 'use', certain: false };
  return undefined;
}

/** A parameter's effect joined over the paths of its function: a certain use wins. */
export function joinParamEffect(a: UncheckedParamEffect | undefined, b: UncheckedParamEffect): UncheckedParamEffect {
  return a === 'use' || b === 'use' ? 'use' : 'maybe';
}

export function uncheckedFinding(
  info: HandleInfo,
  node: TSESTree.Node,
  how: UncheckedHow,
  failure: FailureValue,
  certain: boolean,
  callee: string | undefined,
): Finding {
  return {
    kind: 'unchecked-use',
    node,
    handle: info.acq.name,
    opened: info.acq.api ? { api: info.acq.api, line: info.acq.line } : undefined,
    certainty: certain ? 'definite' : 'maybe',
    unchecked: callee === undefined ? { how, failure } : { how, callee, failure },
    suggestions: [],
  };
}
