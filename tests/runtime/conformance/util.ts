/** Shared helpers for the runtime conformance suite (one file per runtime-spec section). */
import { createKernel, GetLastError, SetLastError, out, type KernelOptions, type Kernel } from '../../../runtime/index.js';

/** A fresh kernel (active for the flat functions) with LE preset to a sentinel so "unchanged" is testable. */
export function fresh(options: KernelOptions = {}): Kernel {
  const k = createKernel(options);
  SetLastError(0xdead);
  return k;
}

export const UNCHANGED = 0xdead;

export function le(): number {
  return GetLastError();
}

/** An out-param preset to a non-zero value, so "written 0 on failure" is observable. */
export function outPreset(v = 0x1234): { value: number } {
  return out<number>(v);
}

/** The object behind a handle of the active kernel's current process. */
export function objectOf(k: Kernel, h: number) {
  const entry = k.currentProcess().handles().find((e) => e.value === h);
  if (!entry) return undefined;
  return k.objects().find((o) => o.id === entry.objectId);
}
