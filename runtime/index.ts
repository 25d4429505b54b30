/**
 * eslint-plugin-handles/runtime: an executable model of the Windows object manager (handle tables, kernel
 * objects, DuplicateHandle/CloseHandle, inheritance, access masks) with a verifier. See docs/runtime.md and
 * ../shared/docs/runtime-spec.md for the semantics.
 */
import * as api from './api.js';
import { Kernel, activeSlot, registerWin32, type KernelOptions } from './kernel.js';

export * from './constants.js';
export * from './api.js';
export { owned, OwnedHandle, DisposableStack } from './owned.js';
export { RtlNtStatusToDosError, ExceptionInvalidHandle } from './status.js';
export { VerifierStopError, STOP_CODES } from './verifier.js';
export type { VerifierStop, LeakRecord, TraceRecord, VerifierReport, StopName, InvalidHandleKind } from './verifier.js';
export { Kernel, Process, KThread } from './kernel.js';
export type { KernelOptions, VerifierOptions, ObjectInfo, HandleInfo, DeviceHandler, CreateProcessSpec, Win32Functions } from './kernel.js';
export type { ReusePolicy } from './handle-table.js';
export type { ObjectTypeName } from './objects.js';

const win32: Record<string, (...args: never[]) => unknown> = {};
for (const [name, value] of Object.entries(api)) {
  if (typeof value === 'function' && /^[A-Z]/.test(name)) win32[name] = value as (...args: never[]) => unknown;
}
registerWin32(win32);

/** A new kernel model; it becomes the active kernel the flat functions act on. */
export function createKernel(options: KernelOptions = {}): Kernel {
  return new Kernel(options);
}

/** Make `kernel` the active kernel (null: the next flat call creates a default kernel). */
export function setActiveKernel(kernel: Kernel | null): void {
  activeSlot.kernel = kernel;
}

/** The active kernel, created with default options on first use. */
export function activeKernel(): Kernel {
  return activeSlot.kernel ?? new Kernel({});
}
