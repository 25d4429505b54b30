export type * from './types.js';
export {
  CONTRACTS, contractFor, releaserFamilies, contractsByFamily, releasersOf, acquirersOf, contractsByModule, releasedFamilyAt,
} from './table.js';
export type { FamilyMembers } from './table.js';
export { FAILURE_VALUES, RELEASER_FAMILIES, HANDLE_KINDS, KERNEL_OBJECT_KINDS, FAILURE_NUMBERS } from './vocabulary.js';
