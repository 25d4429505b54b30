/**
 * The Win32 contract table: every entry from contracts/entries/*, and pure lookups over it.
 * The table is data; these functions only index it.
 */
import type { FunctionContract, ReleaserFamily } from './types.js';
import { RELEASER_FAMILIES } from './vocabulary.js';
import { KERNEL32 } from './entries/kernel32.js';
import { ADVAPI32 } from './entries/advapi32.js';
import { USER32 } from './entries/user32.js';
import { OTHER_LIBRARIES } from './entries/other.js';
import { CRT } from './entries/crt.js';

/** Every known function, one entry per exported name (A and W variants are separate entries). */
export const CONTRACTS: readonly FunctionContract[] = [...KERNEL32, ...ADVAPI32, ...USER32, ...OTHER_LIBRARIES, ...CRT];

const byName = new Map(CONTRACTS.map((c) => [c.name, c]));

/** The contract of a Win32/CRT function by its exact name (case-sensitive, as the SDK spells it), or undefined. */
export function contractFor(name: string): FunctionContract | undefined {
  return byName.get(name);
}

export interface FamilyMembers {
  /** functions with an owned acquisition of this family */
  readonly acquirers: readonly FunctionContract[];
  /** functions that release a parameter of this family */
  readonly releasers: readonly FunctionContract[];
}

const familyIndex: ReadonlyMap<ReleaserFamily, FamilyMembers> = new Map(
  RELEASER_FAMILIES.map((family) => [
    family,
    {
      acquirers: CONTRACTS.filter((c) => c.acquires?.some((a) => a.ownership === 'owned' && a.family === family)),
      releasers: CONTRACTS.filter((c) => c.releases?.some((r) => r.family === family)),
    },
  ]),
);

/** Every releaser family, in the vocabulary's order. */
export function releaserFamilies(): readonly ReleaserFamily[] {
  return RELEASER_FAMILIES;
}

/** For each family, who acquires handles of it and who releases them. */
export function contractsByFamily(): ReadonlyMap<ReleaserFamily, FamilyMembers> {
  return familyIndex;
}

/** The functions that release handles of `family` (CloseHandle, NtClose for 'CloseHandle'). */
export function releasersOf(family: ReleaserFamily): readonly FunctionContract[] {
  return familyIndex.get(family)?.releasers ?? [];
}

/** The functions that hand out owned handles of `family`. */
export function acquirersOf(family: ReleaserFamily): readonly FunctionContract[] {
  return familyIndex.get(family)?.acquirers ?? [];
}

const moduleIndex: ReadonlyMap<string, readonly FunctionContract[]> = CONTRACTS.reduce((index, c) => {
  index.set(c.module, [...(index.get(c.module) ?? []), c]);
  return index;
}, new Map<string, FunctionContract[]>());

/** The table grouped by DLL (kernel32, advapi32, ...), in table order. */
export function contractsByModule(): ReadonlyMap<string, readonly FunctionContract[]> {
  return moduleIndex;
}

/** The family a function releases at `param`, if it is a releaser there. */
export function releasedFamilyAt(contract: FunctionContract, param: number): ReleaserFamily | undefined {
  return contract.releases?.find((r) => r.param === param)?.family;
}
