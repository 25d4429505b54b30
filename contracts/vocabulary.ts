/**
 * Every value of the contract vocabulary as a runtime list, for validating user declarations and for the
 * generated docs. The `satisfies` + `Exhaustive` checks make the compiler fail when a union member is added
 * to types.ts and not here.
 */
import type { FailureValue, HandleKind, ReleaserFamily } from './types.js';

/** true when the list names every member of the union (a compile-time check, never called) */
type Exhaustive<Union, List extends readonly Union[]> = [Union] extends [List[number]] ? true : never;

export const FAILURE_VALUES = ['null', 'invalid', 'false', 'status', 'minus-one', 'wait-failed', 'none'] as const satisfies readonly FailureValue[];
const failureValuesComplete: Exhaustive<FailureValue, typeof FAILURE_VALUES> = true;

export const RELEASER_FAMILIES = [
  'CloseHandle', 'FindClose', 'FindCloseChangeNotification', 'RegCloseKey', 'CloseDesktop', 'CloseWindowStation',
  'FreeLibrary', 'UnmapViewOfFile', 'ReleaseDC', 'DeleteDC', 'WTSVirtualChannelClose', 'SetupDiDestroyDeviceInfoList',
  'LocalFree', 'fclose', '_close', 'CloseServiceHandle',
] as const satisfies readonly ReleaserFamily[];
const releaserFamiliesComplete: Exhaustive<ReleaserFamily, typeof RELEASER_FAMILIES> = true;

export const HANDLE_KINDS = [
  'Process', 'Thread', 'Event', 'Mutant', 'Semaphore', 'Timer', 'Job', 'IoCompletion',
  'File', 'Pipe', 'Mailslot', 'Section', 'View', 'Token', 'Snapshot', 'Find', 'ChangeNotification',
  'RegistryKey', 'Module', 'Desktop', 'WindowStation', 'Window', 'DeviceContext', 'DeviceInfoSet',
  'VirtualChannel', 'CrtFile', 'CrtFd', 'Any', 'Service', 'LocalMemory',
] as const satisfies readonly HandleKind[];
const handleKindsComplete: Exhaustive<HandleKind, typeof HANDLE_KINDS> = true;

/**
 * The kinds whose documented releaser is CloseHandle (NT object-manager handles). A change notification is a
 * kernel handle too, but its documented releaser is FindCloseChangeNotification, so it is not listed.
 */
export const KERNEL_OBJECT_KINDS = [
  'Process', 'Thread', 'Event', 'Mutant', 'Semaphore', 'Timer', 'Job', 'IoCompletion',
  'File', 'Pipe', 'Mailslot', 'Section', 'Token', 'Snapshot',
] as const satisfies readonly HandleKind[];

/** The value a FailureValue stands for as a plain number (the runtime's representation), or undefined. */
export const FAILURE_NUMBERS: Readonly<Record<FailureValue, number | boolean | undefined>> = {
  null: 0,
  invalid: -1,
  false: false,
  status: undefined, // any non-zero status code
  'minus-one': -1,
  'wait-failed': 0xffffffff,
  none: undefined,
};

// Referenced so that the compile-time checks are not reported as unused.
void [failureValuesComplete, releaserFamiliesComplete, handleKindsComplete];
