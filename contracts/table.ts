import type { FunctionContract } from './types.js';

/** The Win32 contract table (filled by issue 5; the runtime's functions first). */
export const CONTRACTS: readonly FunctionContract[] = [
  { name: 'CloseHandle', module: 'kernel32', returns: 'bool', failure: 'false', releases: [{ param: 0, family: 'CloseHandle' }] },
  {
    name: 'CreateFileW', module: 'kernel32', returns: 'handle', failure: 'invalid',
    acquires: [{ slot: { at: 'return' }, ownership: 'owned', kind: 'File', family: 'CloseHandle' }],
  },
  {
    name: 'CreateEventW', module: 'kernel32', returns: 'handle', failure: 'null',
    acquires: [{ slot: { at: 'return' }, ownership: 'owned', kind: 'Event', family: 'CloseHandle' }],
  },
  {
    name: 'GetCurrentProcess', module: 'kernel32', returns: 'handle', failure: 'none',
    acquires: [{ slot: { at: 'return' }, ownership: 'pseudo', kind: 'Process' }],
  },
  {
    name: 'DuplicateHandle', module: 'kernel32', returns: 'bool', failure: 'false', special: 'duplicate-handle',
    borrows: [0, 1, 2], acquires: [{ slot: { at: 'out', param: 3 }, ownership: 'owned', kind: 'Any', family: 'CloseHandle' }],
  },
];

const byName = new Map(CONTRACTS.map((c) => [c.name, c]));

/** The contract of a Win32/CRT function by its exact name, or undefined. */
export function contractFor(name: string): FunctionContract | undefined {
  return byName.get(name);
}
