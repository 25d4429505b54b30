/**
 * Turns what the child of `handles run` sends back (kernel.report() after the main process exited in the
 * model) into the readable report and the --json document.
 */
import { isAbsolute, relative } from 'node:path';
import type { ChildResult, RunLeak, RunStop } from './run-protocol.js';

export type FindingCategory = 'leak' | 'double-close' | 'use-after-close' | 'stale' | 'invalid' | 'other';

/** One line of the report: a leak or a verifier stop, with its locations relative to the working directory. */
export interface RunFinding {
  category: FindingCategory;
  /** LEAK for leaks, else the stop's name (INVALID_HANDLE, NULL_HANDLE, STALE_RECYCLED_USE, ...). */
  code: string;
  /** The Application Verifier stop code (0x300, ...); absent for leaks. */
  stopCode?: number;
  /** INVALID_HANDLE's sub-kind: double-close, use-after-close, never-opened, foreign-process-value, pseudo-close. */
  kind?: string;
  severity: 'error' | 'warning';
  /** The call: the one that acquired a leaked handle, or the one the stop happened in. */
  api: string;
  handle: number;
  /** The object's type, when known (a leak's object; a closed handle's former object, from the trace). */
  type?: string;
  pid: number;
  message?: string;
  /** file:line of the user's code: where the leaked handle was acquired, or where the bad call was made. */
  at?: string;
  /** For a double close or a use after close: file:line of the close that came first. */
  earlierAt?: string;
  /** A leaked handle that the process got by inheritance. */
  inherited?: boolean;
}

/** "/abs/dir/file.ts:12:5" → "file.ts:12" (relative to cwd when below it). */
export function shortLocation(location: string | undefined, cwd: string): string | undefined {
  if (location === undefined) return undefined;
  const match = /^(.*?):(\d+)(?::\d+)?$/.exec(location);
  if (!match) return location;
  let file = match[1]!;
  if (file.startsWith('file://')) file = decodeURIComponent(new URL(file).pathname);
  const rel = isAbsolute(file) ? relative(cwd, file) : file;
  return `${rel.startsWith('..') || rel === '' ? file : rel}:${match[2]}`;
}

function categoryOf(stop: RunStop): FindingCategory {
  if (stop.name === 'STALE_RECYCLED_USE') return 'stale';
  if (stop.name === 'INVALID_HANDLE' && stop.kind === 'double-close') return 'double-close';
  if (stop.name === 'INVALID_HANDLE' && stop.kind === 'use-after-close') return 'use-after-close';
  if (stop.name === 'INVALID_HANDLE' || stop.name === 'NULL_HANDLE' || stop.name === 'INVALID_HANDLE_VALUE_USED') return 'invalid';
  return 'other';
}

export function stopFinding(stop: RunStop, cwd: string): RunFinding {
  const finding: RunFinding = {
    category: categoryOf(stop),
    code: stop.name,
    stopCode: stop.code,
    severity: stop.severity,
    api: stop.api,
    handle: stop.handle,
    pid: stop.pid,
    message: stop.message,
  };
  if (stop.kind !== undefined) finding.kind = stop.kind;
  const type = stop.actualType ?? stop.objectType;
  if (type !== undefined) finding.type = type;
  const at = shortLocation(stop.location, cwd);
  if (at !== undefined) finding.at = at;
  const earlierAt = shortLocation(stop.firstLocation, cwd);
  if (earlierAt !== undefined) finding.earlierAt = earlierAt;
  return finding;
}

export function leakFinding(leak: RunLeak, cwd: string): RunFinding {
  const finding: RunFinding = {
    category: 'leak',
    code: 'LEAK',
    severity: 'error',
    api: leak.api,
    handle: leak.handle,
    type: leak.type,
    pid: leak.pid,
  };
  const at = shortLocation(leak.location, cwd);
  if (at !== undefined) finding.at = at;
  if (leak.inherited) finding.inherited = true;
  return finding;
}

/** Handle values as Windows tools print them: 0x4, 0xC; pseudo handles and sentinels as signed numbers. */
export function hex(value: number): string {
  return value <= 0 ? String(value) : `0x${value.toString(16).toUpperCase()}`;
}

const LABELS: Record<FindingCategory, string> = {
  leak: 'leak',
  'double-close': 'double close',
  'use-after-close': 'use after close',
  stale: 'stale handle',
  invalid: 'invalid handle',
  other: 'other stop',
};

export function describeFinding(finding: RunFinding): string {
  const handle = `handle ${hex(finding.handle)}${finding.type === undefined ? '' : ` (${finding.type})`}`;
  const where = finding.at ?? 'an unknown location';
  switch (finding.category) {
    case 'leak':
      return `leak: ${handle}${finding.inherited ? ' inherited' : ''} acquired by ${finding.api} at ${where} was never closed`;
    case 'double-close':
      return `double close: ${handle} closed at ${finding.earlierAt ?? 'an earlier line'} and again at ${where}`;
    case 'use-after-close':
      return `use after close: ${finding.api} on ${handle} at ${where}, closed at ${finding.earlierAt ?? 'an earlier line'}`;
    default: {
      const name = finding.kind === undefined ? finding.code : `${finding.code}/${finding.kind}`;
      const severity = finding.severity === 'warning' ? ' (warning)' : '';
      return `${LABELS[finding.category]}${severity}: ${name} in ${finding.api} at ${where}: ${finding.message ?? handle}`;
    }
  }
}

export function findingsOf(result: ChildResult, cwd: string): RunFinding[] {
  return [
    ...result.report.leaks.map((leak) => leakFinding(leak, cwd)),
    ...result.report.stops.map((stop) => stopFinding(stop, cwd)),
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

export function formatRunReport(script: string, result: ChildResult, cwd: string): string {
  const findings = findingsOf(result, cwd);
  const lines = [`handles run ${script}: main process ${result.pid} exited with code ${result.exitCode}`];
  for (const finding of findings) lines.push(`  ${describeFinding(finding)}`);
  const counts = summaryCounts(findings);
  const parts = (Object.keys(counts) as FindingCategory[])
    .filter((category) => counts[category] > 0)
    .map((category) => plural(counts[category], LABELS[category]));
  lines.push(
    findings.length === 0
      ? 'summary: clean, no leaks and no verifier stops'
      : `summary: ${plural(findings.length, 'problem')} (${parts.join(', ')})`,
  );
  return `${lines.join('\n')}\n`;
}

export interface RunReportJson {
  script: string;
  outcome: ChildResult['outcome'];
  reason?: string;
  pid: number;
  exitCode: number;
  summary: { problems: number } & Record<FindingCategory, number>;
  findings: RunFinding[];
  /** kernel.report() as the runtime gave it (stops gain objectType when the trace knew it). */
  stops: RunStop[];
  leaks: RunLeak[];
}

export function runReportJson(script: string, result: ChildResult, cwd: string): RunReportJson {
  const findings = findingsOf(result, cwd);
  const json: RunReportJson = {
    script,
    outcome: result.outcome,
    pid: result.pid,
    exitCode: result.exitCode,
    summary: { problems: findings.length, ...summaryCounts(findings) },
    findings,
    stops: result.report.stops,
    leaks: result.report.leaks,
  };
  if (result.reason !== undefined) json.reason = result.reason;
  return json;
}
