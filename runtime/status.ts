/** NTSTATUS → Win32 error mapping (runtime-spec §0.1), and the exceptions the runtime can raise. */
import * as C from './constants.js';

const STATUS_TO_ERROR = new Map<number, number>([
  [C.STATUS_SUCCESS, C.ERROR_SUCCESS],
  [C.STATUS_OBJECT_NAME_EXISTS, C.ERROR_ALREADY_EXISTS],
  [C.STATUS_INVALID_HANDLE, C.ERROR_INVALID_HANDLE],
  [C.STATUS_OBJECT_TYPE_MISMATCH, C.ERROR_INVALID_HANDLE],
  [C.STATUS_HANDLE_NOT_CLOSABLE, C.ERROR_INVALID_HANDLE],
  [C.STATUS_ACCESS_DENIED, C.ERROR_ACCESS_DENIED],
  [C.STATUS_PROCESS_IS_TERMINATING, C.ERROR_ACCESS_DENIED],
  [C.STATUS_INVALID_PARAMETER, C.ERROR_INVALID_PARAMETER],
  [C.STATUS_OBJECT_NAME_NOT_FOUND, C.ERROR_FILE_NOT_FOUND],
  [C.STATUS_OBJECT_PATH_NOT_FOUND, C.ERROR_PATH_NOT_FOUND],
  [C.STATUS_OBJECT_NAME_COLLISION, C.ERROR_ALREADY_EXISTS],
  [C.STATUS_OBJECT_NAME_INVALID, C.ERROR_INVALID_NAME],
  [C.STATUS_INSUFFICIENT_RESOURCES, C.ERROR_NO_SYSTEM_RESOURCES],
  [C.STATUS_NO_MEMORY, C.ERROR_NOT_ENOUGH_MEMORY],
  [C.STATUS_MUTANT_NOT_OWNED, C.ERROR_NOT_OWNER],
  [C.STATUS_SEMAPHORE_LIMIT_EXCEEDED, C.ERROR_TOO_MANY_POSTS],
  [C.STATUS_NOT_SAME_OBJECT, C.ERROR_NOT_SAME_OBJECT],
  [C.STATUS_PIPE_BROKEN, C.ERROR_BROKEN_PIPE],
]);
// STATUS_INVALID_PARAMETER_1 .. _12 (0xC00000EF..0xC00000FA) and STATUS_INVALID_PARAMETER_MIX (0xC0000030)
for (let s = 0xc00000ef; s <= 0xc00000fa; s++) STATUS_TO_ERROR.set(s, C.ERROR_INVALID_PARAMETER);
STATUS_TO_ERROR.set(0xc0000030, C.ERROR_INVALID_PARAMETER);

/**
 * The Win32 error for an NTSTATUS, as the Win32 layer sets it. Statuses outside the model's table map to
 * ERROR_MR_MID_NOT_FOUND (317), as RtlNtStatusToDosError does for unknown codes.
 */
export function RtlNtStatusToDosError(status: number): number {
  const s = typeof status === 'number' ? status >>> 0 : typeof status === 'bigint' ? Number(BigInt.asUintN(32, status)) : NaN;
  return STATUS_TO_ERROR.get(s) ?? 317;
}

/**
 * A user-mode exception the model raises where Windows would (a debugger attached, close exceptions or
 * StrictHandleCheck on): `code` is the NTSTATUS, e.g. 0xC0000008 (STATUS_INVALID_HANDLE).
 */
export class ExceptionInvalidHandle extends Error {
  constructor(
    readonly code: number,
    readonly handle: number,
    readonly api: string,
  ) {
    super(`${api}: exception 0x${(code >>> 0).toString(16).toUpperCase()} on handle ${formatHandle(handle)}`);
    this.name = 'ExceptionInvalidHandle';
  }
}

export function formatHandle(h: number): string {
  return h < 0 ? String(h) : `0x${h.toString(16)}`;
}
