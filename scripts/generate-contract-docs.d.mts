import type * as Contracts from '../contracts/index.js';

export declare const DOCS_PATH: string;
export declare function renderContractDocs(
  table: Pick<typeof Contracts, 'CONTRACTS' | 'RELEASER_FAMILIES' | 'FAILURE_VALUES' | 'contractsByFamily' | 'contractsByModule'>,
): string;
export declare function loadContractTable(root: string): Promise<typeof Contracts>;
