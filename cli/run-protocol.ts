/**
 * What `handles run` passes to the child process that hosts the user's script, and what the child hands back.
 * The child writes the result file synchronously from its 'exit' handler, so it is there even when the
 * script calls the real process.exit().
 */
import type { LeakRecord, VerifierStop } from '../runtime/index.js';

/** A verifier stop; objectType is added from the kernel's trace when the stop itself does not say. */
export type RunStop = VerifierStop & { objectType?: string };
export type RunLeak = LeakRecord;

/** Environment variable carrying the JSON-encoded ChildConfig; the child deletes it before the script runs. */
export const CHILD_CONFIG_ENV = 'HANDLES_RUN_CHILD_CONFIG';

export interface ChildConfig {
  /** Absolute path of the user's script. */
  script: string;
  /** Arguments for the script (process.argv.slice(2) inside it). */
  args: string[];
  /** Where the child writes its ChildResult as JSON. */
  resultFile: string;
  /** Where to write kernel.toDot(), when --dot was given. */
  dotFile?: string;
}

/**
 * How the script ended:
 * - finished: its module evaluation (top-level await included) completed and the event loop drained;
 * - threw: importing or evaluating it threw (or rejected), or an uncaught exception ended the process;
 * - exited: it called the real process.exit() with a non-zero code;
 * - unsettled: its top-level await never settled (the event loop emptied first).
 */
export type ScriptOutcome = 'finished' | 'threw' | 'exited' | 'unsettled';

export interface ChildResult {
  outcome: ScriptOutcome;
  /** One line: the error's name and message and the user's line that threw, or the exit code. */
  reason?: string;
  /** The exit code given to the model's main process. */
  exitCode: number;
  /** The model's main process id. */
  pid: number;
  /** kernel.report() after the main process exited in the model. */
  report: { stops: RunStop[]; leaks: RunLeak[] };
  /** Set when writing the --dot file failed. */
  dotError?: string;
  /** Things the user should know about the run itself (printed on stderr), e.g. the script swapped kernels. */
  notes: string[];
}
