/**
 * Turns what the child of `handles run` sends back (kernel.report() after the main process exited in the
 * model) into the readable report and the --json document.
 */
import { relative } from 'node:path';
import type { ChildResult } from './run-protocol.js';

export type FindingCategory = 'leak' | 'double-close' | 'use-after-close' | 'stale' | 'invalid' | 'other';

/** One line of the report, whatever the runtime's stop or leak looked like. */
export interface RunFinding {
  category: FindingCategory;
  /** The verifier code: LEAK for leaks, else the stop's code (INVALID_HANDLE, NULL_HANDLE, ...). */
  code: string;
  /** The stop's sub-kind (double-close, use-after-close, never-opened, foreign-process-value, ...). */
  kind?: string;
  api?: string;
  handle?: number;
  type?: string;
  pid?: number;
  message?: string;
  /** file:line of the user's code: where the leaked handle was acquired, or where the bad call was made. */
  at?: string;
  /** For a double close or a stale use: file:line of the close that came first. */
  earlierAt?: string;
}

type Loose = Record<string, unknown>;

const isRecord = (value: unknown): value is Loose => typeof value === 'object' && value !== null;

function firstString(record: Loose, keys: readonly string[]): string | undefined {
  for (const key of keys) if (typeof record[key] === 'string' && record[key] !== '') return record[key];
  return undefined;
}

function firstNumber(record: Loose, keys: readonly string[]): number | undefined {
  for (const key of keys) if (typeof record[key] === 'number') return record[key];
  return undefined;
}

/** A location given as "file:line[:col]", { file, line }, or a stack whose first frame is the user's. */
function locationText(value: unknown, cwd: string): string | undefined {
  if (typeof value === 'string') {
    const match = /((?:file:\/\/)?[^\s()]+?):(\d+)(?::\d+)?\)?$/.exec(value.split('\n').find((l) => /:\d+/.test(l))?.trim() ?? '');
    return match ? `${shortFile(match[1]!, cwd)}:${match[2]}` : undefined;
  }
  if (isRecord(value)) {
    const file = firstString(value, ['file', 'fileName', 'path', 'url']);
    const line = firstNumber(value, ['line', 'lineNumber']);
    if (file !== undefined && line !== undefined) return `${shortFile(file, cwd)}:${line}`;
    for (const key of ['location', 'at', 'site', 'stack']) {
      if (key in value) {
        const nested = locationText(value[key], cwd);
        if (nested !== undefined) return nested;
      }
    }
  }
  return undefined;
}

function shortFile(file: string, cwd: string): string {
  const path = file.startsWith('file://') ? decodeURIComponent(new URL(file).pathname) : file;
  const rel = relative(cwd, path);
  return rel.startsWith('..') ? path : rel;
}

function categoryOf(code: string, kind: string | undefined): FindingCategory {
  if (code === 'LEAK') return 'leak';
  if (kind === 'double-close') return 'double-close';
  if (kind === 'use-after-close') return 'use-after-close';
  if (code === 'STALE_RECYCLED_USE') return 'stale';
  if (code === 'INVALID_HANDLE' || code === 'NULL_HANDLE' || code === 'INVALID_HANDLE_VALUE_USED') return 'invalid';
  return 'other';
}

export function normalizeStop(stop: unknown, cwd: string): RunFinding {
  const record = isRecord(stop) ? stop : { message: String(stop) };
  const code = firstString(record, ['code', 'stop', 'name']) ?? 'STOP';
  const kind = firstString(record, ['kind', 'subKind']);
  const finding: RunFinding = { category: categoryOf(code, kind), code };
  if (kind !== undefined) finding.kind = kind;
  fillCommon(finding, record, cwd);
  const earlier = locationText(record['previous'] ?? record['closedAt'] ?? record['firstClose'] ?? record['earlier'], cwd);
  if (earlier !== undefined) finding.earlierAt = earlier;
  return finding;
}

export function normalizeLeak(leak: unknown, cwd: string): RunFinding {
  const record = isRecord(leak) ? leak : { message: String(leak) };
  const finding: RunFinding = { category: 'leak', code: 'LEAK' };
  fillCommon(finding, record, cwd);
  return finding;
}

function fillCommon(finding: RunFinding, record: Loose, cwd: string): void {
  const api = firstString(record, ['api', 'acquiredBy', 'function']);
  const handle = firstNumber(record, ['handle', 'value']);
  const type = firstString(record, ['type', 'objectType']);
  const pid = firstNumber(record, ['pid', 'processId']);
  const message = firstString(record, ['message', 'description']);
  const at = locationText(record['location'] ?? record['at'] ?? record['site'] ?? record['stack'], cwd);
  if (api !== undefined) finding.api = api;
  if (handle !== undefined) finding.handle = handle;
  if (type !== undefined) finding.type = type;
  if (pid !== undefined) finding.pid = pid;
  if (message !== undefined) finding.message = message;
  if (at !== undefined) finding.at = at;
}

export function hex(value: number): string {
  return value < 0 ? String(value) : `0x${value.toString(16).toUpperCase()}`;
}

const LABELS: Record<FindingCategory, string> = {
  leak: 'leak',
  'double-close': 'double close',
  'use-after-close': 'use after close',
  stale: 'stale handle',
  invalid: 'invalid handle',
  other: 'other stop',
};

function describe(finding: RunFinding): string {
  const handle = finding.handle === undefined ? '' : ` ${hex(finding.handle)}`;
  const type = finding.type === undefined ? '' : ` (${finding.type})`;
  const where = finding.at ?? 'unknown location';
  switch (finding.category) {
    case 'leak':
      return `leak: handle${handle}${type} acquired by ${finding.api ?? 'an unknown call'} at ${where} was never closed`;
    case 'double-close':
      return `double close: handle${handle}${type} closed at ${finding.earlierAt ?? 'an earlier line'} and again at ${where}`;
    default: {
      const api = finding.api === undefined ? '' : ` in ${finding.api}`;
      const earlier = finding.earlierAt === undefined ? '' : ` (closed at ${finding.earlierAt})`;
      const detail = finding.message === undefined ? '' : `: ${finding.message}`;
      const code = finding.kind === undefined ? finding.code : `${finding.code}/${finding.kind}`;
      return `${LABELS[finding.category]} ${code}: handle${handle}${type}${api} at ${where}${earlier}${detail}`;
    }
  }
}

export function findingsOf(result: ChildResult, cwd: string): RunFinding[] {
  return [
    ...result.report.leaks.map((leak) => normalizeLeak(leak, cwd)),
    ...result.report.stops.map((stop) => normalizeStop(stop, cwd)),
  ];
}

function summaryCounts(findings: readonly RunFinding[]): Record<FindingCategory, number> {
  const counts: Record<FindingCategory, number> = {
    leak: 0, 'double-close': 0, 'use-after-close': 0, stale: 0, invalid: 0, other: 0,
  };
  for (const finding of findings) counts[finding.category] += 1;
  return counts;
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : word.endsWith('s') ? 'es' : 's'}`;
}

export function formatRunReport(script: string, result: ChildResult, cwd: string = process.cwd()): string {
  const findings = findingsOf(result, cwd);
  const lines = [`handles run ${script}: main process ${result.pid} exited with code ${result.exitCode}`];
  for (const finding of findings) lines.push(`  ${describe(finding)}`);
  const counts = summaryCounts(findings);
  const parts = (Object.keys(counts) as FindingCategory[])
    .filter((category) => counts[category] > 0)
    .map((category) => plural(counts[category], LABELS[category]));
  lines.push(findings.length === 0 ? 'summary: clean, no leaks and no verifier stops' : `summary: ${plural(findings.length, 'problem')} (${parts.join(', ')})`);
  return `${lines.join('\n')}\n`;
}

export function runReportJson(script: string, result: ChildResult, cwd: string = process.cwd()): unknown {
  const findings = findingsOf(result, cwd);
  return {
    script,
    outcome: result.outcome,
    ...(result.reason === undefined ? {} : { reason: result.reason }),
    pid: result.pid,
    exitCode: result.exitCode,
    summary: { problems: findings.length, ...summaryCounts(findings) },
    findings,
    stops: result.report.stops,
    leaks: result.report.leaks,
  };
}
