/**
 * `handles run <script> [--json] [--dot file] [-- script args]`: runs a user's .js/.mjs/.cjs/.ts/.mts/.cts
 * program on a fresh kernel model with the verifier on and prints what the verifier saw.
 * Exit codes: 0 clean, 1 the verifier found something, 2 usage error or the script itself failed.
 *
 * The script runs in a child Node process (cli/run-child.ts) so that its own process.exit(), argv, unhandled
 * errors and loader hooks cannot disturb the CLI; the child writes the report to a temporary file.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CliIo } from './main.js';
import { CHILD_CONFIG_ENV, type ChildConfig, type ChildResult } from './run-protocol.js';
import { formatRunReport, runReportJson } from './run-report.js';

const SCRIPT_EXTENSIONS = new Set(['.js', '.mjs', '.cjs', '.ts', '.mts', '.cts']);
const USAGE = 'usage: handles run <script> [--json] [--dot file] [-- script args]';

export interface RunOptions {
  script: string;
  scriptArgs: string[];
  json: boolean;
  dotFile?: string;
}

/** Parses the arguments after `run`; returns a one-line reason instead when they are unusable. */
export function parseRunArgs(args: readonly string[]): RunOptions | { error: string } {
  let script: string | undefined;
  let json = false;
  let dotFile: string | undefined;
  const scriptArgs: string[] = [];
  for (let index = 0; index < args.length; index += 1) {
    const arg = args[index]!;
    if (arg === '--') {
      scriptArgs.push(...args.slice(index + 1));
      break;
    }
    if (arg === '--json') json = true;
    else if (arg === '--dot' || arg.startsWith('--dot=')) {
      const value = arg === '--dot' ? args[++index] : arg.slice('--dot='.length);
      if (value === undefined || value === '' || value === '--') return { error: `--dot needs a file name (${USAGE})` };
      dotFile = value;
    } else if (arg.startsWith('-')) {
      return { error: `unknown option '${arg}' (pass the script's own options after '--'; ${USAGE})` };
    } else if (script === undefined) script = arg;
    else scriptArgs.push(arg);
  }
  if (script === undefined) return { error: `no script given (${USAGE})` };
  return dotFile === undefined ? { script, scriptArgs, json } : { script, scriptArgs, json, dotFile };
}

export async function runCommand(args: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseRunArgs(args);
  if ('error' in parsed) return usageError(io, parsed.error);

  const scriptPath = resolve(io.cwd, parsed.script);
  if (!existsSync(scriptPath)) return usageError(io, `no such file: ${parsed.script}`);
  if (!statSync(scriptPath).isFile()) return usageError(io, `not a file: ${parsed.script}`);
  if (!SCRIPT_EXTENSIONS.has(extname(scriptPath))) {
    return usageError(io, `cannot run '${parsed.script}': expected a .js, .mjs, .cjs, .ts, .mts or .cts file`);
  }

  const workDirectory = mkdtempSync(join(tmpdir(), 'handles-run-'));
  try {
    const config: ChildConfig = {
      script: scriptPath,
      args: parsed.scriptArgs,
      resultFile: join(workDirectory, 'result.json'),
    };
    if (parsed.dotFile !== undefined) config.dotFile = resolve(io.cwd, parsed.dotFile);
    // With --json, stdout carries only the report; the script's own output goes to stderr.
    const exit = await runChild(config, io, parsed.json ? io.stderr : io.stdout);
    const result = readResult(config.resultFile);
    if (result === undefined) {
      const how = exit.signal ? `signal ${exit.signal}` : `exit code ${exit.code}`;
      return usageError(io, `the script's process ended without a report (${how})`);
    }
    for (const note of result.notes) io.stderr(`handles run: note: ${note}\n`);
    if (result.dotError !== undefined) io.stderr(`handles run: could not write ${parsed.dotFile}: ${result.dotError}\n`);
    if (parsed.json) io.stdout(`${JSON.stringify(runReportJson(parsed.script, result, io.cwd), null, 2)}\n`);
    else io.stdout(formatRunReport(parsed.script, result, io.cwd));
    if (result.outcome !== 'finished') {
      io.stderr(`handles run: ${result.reason ?? result.outcome}\n`);
      return 2;
    }
    if (result.dotError !== undefined) return 2;
    return result.report.stops.length + result.report.leaks.length > 0 ? 1 : 0;
  } finally {
    rmSync(workDirectory, { recursive: true, force: true });
  }
}

function usageError(io: CliIo, reason: string): number {
  io.stderr(`handles run: ${reason}\n`);
  return 2;
}

function childEntry(): string {
  return fileURLToPath(new URL('./run-child.js', import.meta.url));
}

function runChild(
  config: ChildConfig,
  io: CliIo,
  scriptStdout: (text: string) => void,
): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [childEntry()], {
      cwd: io.cwd,
      env: { ...process.env, [CHILD_CONFIG_ENV]: JSON.stringify(config) },
      stdio: ['inherit', 'pipe', 'pipe'],
    });
    child.stdout.setEncoding('utf8').on('data', (text: string) => scriptStdout(text));
    child.stderr.setEncoding('utf8').on('data', (text: string) => io.stderr(text));
    child.on('error', reject);
    child.on('close', (code, signal) => resolvePromise({ code, signal }));
  });
}

function readResult(file: string): ChildResult | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as ChildResult;
  } catch {
    return undefined;
  }
}
