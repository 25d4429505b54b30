export type * from './types.js';
export {
  CONTRACTS, contractFor, releaserFamilies, contractsByFamily, releasersOf, acquirersOf, contractsByModule, releasedFamilyAt,
} from './table.js';
export type { FamilyMembers } from './table.js';
export { FAILURE_VALUES, RELEASER_FAMILIES, HANDLE_KINDS, KERNEL_OBJECT_KINDS, FAILURE_NUMBERS } from './vocabulary.js';
export { contractFromDeclaration, contractsFromSettings, USER_DECLARATION_MODULE } from './user-declarations.js';
export type { DeclarationResult, SettingsContracts } from './user-declarations.js';
export { DUPLICATE_ARGUMENT_CONSTANTS, DUPLICATE_DEFINED_OPTIONS } from './constants.js';
