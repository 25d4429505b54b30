/**
 * The child process of `handles run`: hosts the user's script on a fresh kernel model with the verifier on.
 * Order matters: loader hooks and source maps first (so .ts works and stacks show .ts lines), then the kernel
 * is created and made active, then the script is imported. When the script is done (its top-level await has
 * settled and the event loop is empty, or it called process.exit) the model's main process exits, which runs
 * the exit sweep that records leaks, and the report is written for the parent to print.
 */
import { register } from 'node:module';
import { writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createKernel, setActiveKernel, GetCurrentProcessId, type TraceRecord, type VerifierStop } from '../runtime/index.js';
import { installCommonJsTypeScript } from './ts-loader-cjs.js';
import { CHILD_CONFIG_ENV, type ChildConfig, type ChildResult, type RunStop, type ScriptOutcome } from './run-protocol.js';

const config = JSON.parse(process.env[CHILD_CONFIG_ENV] ?? 'null') as ChildConfig | null;
if (config === null) {
  process.stderr.write('handles run: the child entry needs its configuration (run it through `handles run`)\n');
  process.exit(2);
}
delete process.env[CHILD_CONFIG_ENV];

register('./ts-loader.js', import.meta.url);
installCommonJsTypeScript();
process.setSourceMapsEnabled(true);
// Deep enough for oneLine() to find the user's frame under library frames in a thrown error's stack.
if (Error.stackTraceLimit < 50) Error.stackTraceLimit = 50;

const kernel = createKernel({ verifier: true });
setActiveKernel(kernel);
const mainPid = GetCurrentProcessId();

let outcome: ScriptOutcome | undefined;
let reason: string | undefined;
let finalized = false;

/** "TypeError: boom (main.ts:12)": the error and the first frame that is not Node's or ours. */
function oneLine(error: unknown): string {
  if (!(error instanceof Error)) return `threw ${describeValue(error)}`;
  const head = `${error.name}: ${error.message.split('\n')[0] ?? ''}`;
  // Frames look like "at fn (/abs/file.ts:3:7)", "at /abs/file.ts:3:7" or "at file:///abs/file.mjs:3:7".
  const frame = (error.stack ?? '')
    .split('\n')
    .map((line) => /^at (?:.*? \()?((?:file:\/\/)?\/[^()]+?):(\d+):\d+\)?$/.exec(line.trim()))
    .find((match) => match !== null && !match[1]!.includes('/node_modules/eslint-plugin-handles/') && !isOurs(match[1]!));
  if (!frame) return head;
  const file = frame[1]!.startsWith('file://') ? fileURLToPath(frame[1]!) : frame[1]!;
  const shown = relative(process.cwd(), file);
  return `${head} (${shown.startsWith('..') ? file : shown}:${frame[2]})`;
}

function isOurs(file: string): boolean {
  const ownRoot = new URL('../', import.meta.url).pathname;
  return file.replace(/^file:\/\//, '').startsWith(ownRoot);
}

function describeValue(value: unknown): string {
  try {
    return typeof value === 'string' ? JSON.stringify(value) : String(value);
  } catch {
    return typeof value;
  }
}

/**
 * A stop about a closed value (double close, use after close) cannot name the object's type itself: the
 * handle is gone. The trace still knows what the value pointed at when it was closed.
 */
function withObjectType(stop: VerifierStop, trace: readonly TraceRecord[]): RunStop {
  if (stop.actualType !== undefined) return stop;
  let type: string | undefined;
  for (const record of trace) {
    if (record.seq > stop.seq) break;
    if (record.pid === stop.pid && record.value === stop.handle && record.kind !== 'BADREF') type = record.objectType;
  }
  return type === undefined ? stop : { ...stop, objectType: type };
}

/** Exit the model's main process (the exit sweep records leaks), then hand the report to the parent. */
function finalize(exitCode: number): void {
  if (finalized) return;
  finalized = true;
  const result: ChildResult = {
    outcome: outcome ?? 'finished',
    exitCode,
    pid: mainPid,
    report: { stops: [], leaks: [] },
    notes: [],
  };
  // The active-kernel slot shared by every copy of the runtime (see runtime/kernel.ts).
  const slot = (globalThis as Record<symbol, { kernel?: unknown } | undefined>)[Symbol.for('eslint-plugin-handles.runtime')];
  if (slot?.kernel !== kernel) {
    result.notes.push('the script made another kernel active (createKernel or setActiveKernel): calls on that kernel are not in this report');
  }
  if (reason !== undefined) result.reason = reason;
  try {
    const mainProcess = kernel.process(mainPid);
    if (mainProcess && !mainProcess.exited) mainProcess.exit(exitCode);
    const report = kernel.report();
    // kernel.trace() formats every record's stack: only ask for it when a stop needs it.
    const trace = report.stops.some((stop) => stop.actualType === undefined) ? kernel.trace(mainPid) : [];
    result.report = { stops: report.stops.map((stop) => withObjectType(stop, trace)), leaks: report.leaks };
  } catch (error) {
    // The model itself failed: say so rather than print an empty, "clean" report.
    result.outcome = 'threw';
    result.reason = `the kernel model failed while exiting the main process: ${oneLine(error)}`;
  }
  if (config!.dotFile !== undefined) {
    try {
      writeFileSync(config!.dotFile, kernel.toDot());
    } catch (error) {
      result.dotError = error instanceof Error ? error.message : String(error);
    }
  }
  writeFileSync(config!.resultFile, JSON.stringify(result));
}

process.on('uncaughtExceptionMonitor', (error) => {
  if (outcome === undefined || outcome === 'finished') {
    outcome = 'threw';
    reason = oneLine(error);
  }
});

// The event loop is empty: the script's work is over (or its top-level await can never settle).
process.on('beforeExit', () => {
  if (outcome === undefined) {
    outcome = 'unsettled';
    reason = 'the script never finished: its top-level await did not settle before the event loop emptied';
  }
  const exitCode = Number(process.exitCode ?? 0);
  if (outcome === 'finished' && exitCode !== 0) {
    outcome = 'exited';
    reason = `the script set process.exitCode = ${exitCode}`;
  }
  finalize(outcome === 'finished' ? 0 : exitCode || 1);
});

// Also reached when the script calls the real process.exit(): the sweep still runs, synchronously.
process.on('exit', (code) => {
  if (!finalized && outcome === undefined) {
    outcome = code === 0 ? 'finished' : 'exited';
    if (code !== 0) reason = `the script called process.exit(${code})`;
  }
  if (!finalized && outcome === 'threw' && code === 0) code = 1;
  finalize(code);
});

process.argv = [process.argv[0]!, config.script, ...config.args];
try {
  await import(pathToFileURL(config.script).href);
  outcome ??= 'finished';
} catch (error) {
  outcome = 'threw';
  reason = oneLine(error);
}
