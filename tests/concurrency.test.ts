/**
 * Rules keep no state across files: `eslint --concurrency=2` over a fixture folder of handle code gives exactly
 * the results of a single-threaded run. ESLint's own CLI from node_modules/.bin, with the fixture's eslint.config.mjs
 * (handles/strict through the package's own name). Needs `npm run build` (the config imports dist/).
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../rules/util/package-info.js';

const fixture = join(packageRoot, 'tests', 'cli', 'fixtures', 'lint', 'concurrency');
const eslintBin = join(packageRoot, 'node_modules', '.bin', 'eslint');

interface Flat {
  file: string;
  ruleId: string | null;
  line: number;
  column: number;
  message: string;
}

function run(concurrency: string): Flat[] {
  const result = spawnSync(eslintBin, [`--concurrency=${concurrency}`, '--format', 'json', '.'], {
    cwd: fixture,
    encoding: 'utf8',
    env: { ...process.env, NODE_NO_WARNINGS: '1' },
  });
  expect(result.status, result.stderr).toBe(1);
  const results = JSON.parse(result.stdout) as {
    filePath: string;
    messages: { ruleId: string | null; line: number; column: number; message: string }[];
  }[];
  return results
    .flatMap((r) => r.messages.map((m) => ({ file: r.filePath.slice(fixture.length + 1), ruleId: m.ruleId, line: m.line, column: m.column, message: m.message })))
    .sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column || a.message.localeCompare(b.message));
}

describe('eslint --concurrency', () => {
  it('gives the same results with two threads as with one', () => {
    const single = run('off');
    const parallel = run('2');
    expect(single.filter((m) => m.ruleId === null), 'no parse errors in the fixture').toEqual([]);
    expect(new Set(single.map((m) => m.file)).size, 'findings in every fixture file').toBe(6);
    expect(new Set(single.map((m) => m.ruleId)).size, 'more than one rule reports').toBeGreaterThan(1);
    expect(parallel).toEqual(single);
  }, 60_000);
});
