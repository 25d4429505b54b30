/**
 * The verifier's records (runtime-spec §8.2): stops, trace records, leak records, and how a user's source
 * location is found from a captured stack.
 */
import { dirname, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatHandle } from './status.js';

export type StopName =
  | 'NULL_HANDLE'
  | 'INVALID_HANDLE'
  | 'INVALID_HANDLE_VALUE_USED'
  | 'STALE_RECYCLED_USE'
  | 'INCORRECT_OBJECT_TYPE'
  | 'INCORRECT_WAIT_CALL'
  | 'CLOSE_WHILE_WAITED'
  | 'PROTECTED_CLOSE'
  | 'UNNAMED_DUPLICATE'
  | 'CLOSE_SOURCE_LOST'
  | 'PSEUDO_SOURCE_REMOTE'
  | 'HANDLE_LIST_NOT_INHERITABLE';

export type InvalidHandleKind = 'double-close' | 'use-after-close' | 'never-opened' | 'foreign-process-value' | 'pseudo-close';

/** Application Verifier stop codes; model-specific stops get codes in 0x1300.. (documented in docs/runtime.md). */
export const STOP_CODES: Record<StopName, number> = {
  INVALID_HANDLE: 0x300,
  INCORRECT_WAIT_CALL: 0x302,
  NULL_HANDLE: 0x303,
  INCORRECT_OBJECT_TYPE: 0x305,
  INVALID_HANDLE_VALUE_USED: 0x300,
  PROTECTED_CLOSE: 0xc0000235,
  STALE_RECYCLED_USE: 0x1300,
  UNNAMED_DUPLICATE: 0x1301,
  CLOSE_SOURCE_LOST: 0x1302,
  CLOSE_WHILE_WAITED: 0x1303,
  PSEUDO_SOURCE_REMOTE: 0x1304,
  HANDLE_LIST_NOT_INHERITABLE: 0x1305,
};

export interface VerifierStop {
  seq: number;
  name: StopName;
  code: number;
  kind?: InvalidHandleKind;
  severity: 'error' | 'warning';
  message: string;
  handle: number;
  pid: number;
  tid: number;
  api: string;
  /** the user's file:line:column (first stack frame outside runtime/) */
  location?: string;
  /** double-close / use-after-close: where the value was closed before */
  firstLocation?: string;
  /** STALE_RECYCLED_USE / leaks: where the handle now in the slot was acquired */
  objectId?: number;
  actualType?: string;
  expectedType?: string;
}

export interface LeakRecord {
  handle: number;
  pid: number;
  processName: string;
  objectId: number;
  type: string;
  /** the API that put this entry in the table (CreateEventW, DuplicateHandle, CreateProcessW for inherited, ...) */
  api: string;
  /** the user's file:line:column of that call */
  location?: string;
  inherited: boolean;
}

export interface TraceRecord {
  seq: number;
  pid: number;
  tid: number;
  value: number;
  kind: 'OPEN' | 'CLOSE' | 'BADREF';
  api: string;
  objectId: number;
  objectType: string;
  cause?: 'exit' | 'close-source' | 'remote' | 'inherit';
  location?: string;
}

export interface VerifierReport {
  stops: VerifierStop[];
  leaks: LeakRecord[];
}

/** Thrown at the first error-severity stop when the verifier runs with `break: true`. */
export class VerifierStopError extends Error {
  /** EXCEPTION_INVALID_HANDLE (0xC0000008), or STATUS_HANDLE_NOT_CLOSABLE for a protected close */
  readonly code: number;
  constructor(readonly stop: VerifierStop) {
    super(`verifier stop ${stop.name}${stop.kind ? ` (${stop.kind})` : ''}: ${stop.message}${stop.location ? ` at ${stop.location}` : ''}`);
    this.name = 'VerifierStopError';
    this.code = stop.name === 'PROTECTED_CLOSE' ? 0xc0000235 : 0xc0000008;
  }
}

const RUNTIME_DIR = dirname(fileURLToPath(import.meta.url));
const RUNTIME_PREFIX = RUNTIME_DIR + sep;
const FRAME = /^\s*at (?:.*? \()?(.+?):(\d+):(\d+)\)?$/;
// another copy of this runtime (the user's install next to the CLI's): its frames are not user code either
const OTHER_COPY = /eslint-plugin-handles[\\/](?:dist[\\/])?runtime[\\/][\w-]+\.[cm]?[jt]s$/;

/** A stack holder: an object Error.captureStackTrace filled; `.stack` is formatted only when read. */
export interface StackHolder {
  stack?: string;
}

/**
 * Capture the caller's stack above `above` (the runtime entry point being executed). Cheap: V8 formats the
 * frames only when `.stack` is first read. Reading it here would cost microseconds per handle operation.
 */
export function captureStack(above: Function | undefined): StackHolder {
  const holder: StackHolder = {};
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 4;
  Error.captureStackTrace(holder, above);
  Error.stackTraceLimit = limit;
  return holder;
}

/** file:line:column of the first frame outside runtime/ and node internals. */
export function userLocation(holder: StackHolder | undefined): string | undefined {
  const stack = holder?.stack;
  if (!stack) return undefined;
  for (const line of stack.split('\n')) {
    const m = FRAME.exec(line);
    if (!m) continue;
    let file = m[1]!;
    if (file.startsWith('file://')) {
      try {
        file = fileURLToPath(file);
      } catch {
        /* keep the URL */
      }
    }
    if (file.startsWith(RUNTIME_PREFIX) || file.startsWith('node:') || OTHER_COPY.test(file)) continue;
    return `${file}:${m[2]}:${m[3]}`;
  }
  return undefined;
}

export function describeStop(s: VerifierStop): string {
  return `${s.name}${s.kind ? `/${s.kind}` : ''} ${formatHandle(s.handle)} in pid ${s.pid} (${s.api})`;
}
