/**
 * Small constructors for the table's recurring shapes, so that entries read as data and siblings
 * (A/W/Ex variants) share one definition instead of repeating it.
 */
import type { Acquisition, HandleKind, HandleSlot, ReleaserFamily } from '../types.js';

export const RETURN: HandleSlot = { at: 'return' };

export function outParam(param: number): HandleSlot {
  return { at: 'out', param };
}

export function structField(param: number, field: string): HandleSlot {
  return { at: 'field', param, field };
}

/** a handle the caller must release with `family` */
export function owned(kind: HandleKind, slot: HandleSlot = RETURN, family: ReleaserFamily = 'CloseHandle'): Acquisition {
  return { slot, ownership: 'owned', kind, family };
}

/** a handle the caller may use but must never release */
export function borrowed(kind: HandleKind, slot: HandleSlot = RETURN): Acquisition {
  return { slot, ownership: 'borrowed', kind };
}

export function pseudo(kind: HandleKind): Acquisition {
  return { slot: RETURN, ownership: 'pseudo', kind };
}

/** what WaitForSingleObject and friends accept (objects with SYNCHRONIZE and a signal state) */
export const WAITABLE: readonly HandleKind[] = [
  'Event', 'Mutant', 'Semaphore', 'Timer', 'Process', 'Thread', 'Job', 'File', 'Pipe', 'Mailslot', 'ChangeNotification',
];

/** what ReadFile/WriteFile and the other file I/O calls accept */
export const FILE_LIKE: readonly HandleKind[] = ['File', 'Pipe', 'Mailslot'];
