export type * from './types.js';
export { CONTRACTS, contractFor } from './table.js';
