/**
 * Kernel objects (runtime-spec §0, §2, §6.2): one compact record per object, type codes with NT type names,
 * each type's generic mapping and valid-access mask.
 */
import {
  ACCESS_SYSTEM_SECURITY, GENERIC_ALL, GENERIC_EXECUTE, GENERIC_READ, GENERIC_WRITE, MAXIMUM_ALLOWED,
} from './constants.js';

export const T_PROCESS = 0;
export const T_THREAD = 1;
export const T_EVENT = 2;
export const T_MUTANT = 3;
export const T_SEMAPHORE = 4;
export const T_FILE = 5;
export const T_SECTION = 6;
export const T_MAILSLOT = 7;
export const T_PIPE = 8;

/** NT object type names, indexed by type code. */
export const TYPE_NAMES = ['Process', 'Thread', 'Event', 'Mutant', 'Semaphore', 'File', 'Section', 'Mailslot', 'Pipe'] as const;
export type ObjectTypeName = (typeof TYPE_NAMES)[number];

export const M_PROCESS = 1 << T_PROCESS;
export const M_THREAD = 1 << T_THREAD;
export const M_EVENT = 1 << T_EVENT;
export const M_MUTANT = 1 << T_MUTANT;
export const M_SEMAPHORE = 1 << T_SEMAPHORE;
export const M_FILE = 1 << T_FILE;
export const M_SECTION = 1 << T_SECTION;
export const M_MAILSLOT = 1 << T_MAILSLOT;
export const M_PIPE = 1 << T_PIPE;
export const M_ANY = 0x1ff;
/** File-system objects: private security method, so DuplicateHandle never elevates rights (§3.1 step 10). */
export const M_FILE_LIKE = M_FILE | M_MAILSLOT | M_PIPE;
export const M_WAITABLE = M_ANY & ~M_SECTION;

interface TypeInfo {
  /** GENERIC_READ, _WRITE, _EXECUTE, _ALL */
  generic: readonly [number, number, number, number];
  valid: number;
}

const FILE_INFO: TypeInfo = { generic: [0x120089, 0x120116, 0x1200a0, 0x1f01ff], valid: 0x1f01ff };
export const TYPE_INFO: readonly TypeInfo[] = [
  { generic: [0x20410, 0x20bea, 0x121001, 0x1fffff], valid: 0x1fffff }, // Process
  { generic: [0x20048, 0x20437, 0x121800, 0x1fffff], valid: 0x1fffff }, // Thread
  { generic: [0x20001, 0x20002, 0x120000, 0x1f0003], valid: 0x1f0003 }, // Event
  { generic: [0x20001, 0x20000, 0x120000, 0x1f0001], valid: 0x1f0001 }, // Mutant
  { generic: [0x20001, 0x20002, 0x120000, 0x1f0003], valid: 0x1f0003 }, // Semaphore
  FILE_INFO, // File
  { generic: [0x20005, 0x20002, 0x20008, 0xf001f], valid: 0xf001f }, // Section
  FILE_INFO, // Mailslot
  FILE_INFO, // Pipe
];

/** Generic-map an access mask for a type and mask it with the type's valid rights (§3.1 step 9, §6.1). */
export function mapAccess(type: number, desired: number): number {
  const info = TYPE_INFO[type]!;
  let a = desired & ~(GENERIC_READ | GENERIC_WRITE | GENERIC_EXECUTE | GENERIC_ALL | MAXIMUM_ALLOWED);
  if (desired & GENERIC_READ) a |= info.generic[0];
  if (desired & GENERIC_WRITE) a |= info.generic[1];
  if (desired & GENERIC_EXECUTE) a |= info.generic[2];
  if (desired & GENERIC_ALL) a |= info.generic[3];
  return (a & (info.valid | ACCESS_SYSTEM_SECURITY)) >>> 0;
}

// KObject.state bits
export const S_SIGNALED = 1;
export const S_MANUAL = 2;
export const S_DESTROYED = 4;
export const S_ABANDONED = 8;

/**
 * One kernel object. Kept to a handful of fields (a million live events must fit the memory target):
 * type-specific data that is rare or large lives in `ext`.
 */
export class KObject {
  handleCount = 0;
  pointerCount = 0;
  /** S_* bits */
  state = 0;
  /** semaphore count / mutant recursion count */
  count = 0;
  /** namespace name while handleCount > 0 (temporary objects, §2.4) */
  name: string | undefined = undefined;
  /** per-type data: process/thread record, mutant owner, semaphore max, file state, ... */
  ext: unknown = null;
  /** position in the kernel's live-object list (swap-remove) */
  slot = -1;
  constructor(
    readonly id: number,
    readonly type: number,
  ) {}
}
