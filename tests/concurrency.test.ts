/**
 * Rules keep no state across files: `eslint --concurrency=2` over a folder of handle code gives exactly the results
 * of a single-threaded run. ESLint's own CLI from node_modules/.bin, with handles/strict from the built package
 * (needs `npm run build`). The six files use the same names on purpose and differ in constants (and modules 4-6 keep
 * the MakeFred bug), so state leaking from one file into another would change some file's findings.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { packageRoot } from '../rules/util/package-info.js';

const eslintBin = join(packageRoot, 'node_modules', '.bin', 'eslint');
const MODULES = 6;

function moduleSource(n: number): string {
  return `import { CloseHandle, CreateEventW, DuplicateHandle, GetCurrentProcess, SetEvent, DUPLICATE_SAME_ACCESS, out } from 'eslint-plugin-handles/runtime';

// The same names in every file: rules must keep no state across files.
export function signal(flag: boolean): boolean {
  const h = CreateEventW(null, true, false, 'event-${n}');
  if (!h) return false;
  if (flag) {
    return SetEvent(h);
  }
  CloseHandle(h);
  return true;
}

export function twice(): void {
  const h = CreateEventW(null, true, false, null);
  if (!h) return;
  CloseHandle(h);
  ${n} % 2 === 0 ? CloseHandle(h) : SetEvent(h);
}

class Fred {
  constructor(private readonly h: number) {}
  [Symbol.dispose]() {
    CloseHandle(this.h);
  }
}

export function MakeFred(h: number): Fred {
  const hDup = out<number>();
  DuplicateHandle(GetCurrentProcess(), h, GetCurrentProcess(), hDup, 0, false, DUPLICATE_SAME_ACCESS);
  return new Fred(${n <= 3 ? 'hDup.value' : 'h'});
}

export async function later(delay: (ms: number) => Promise<void>): Promise<void> {
  const h = CreateEventW(null, false, false, null);
  if (!h) return;
  await delay(${n});
  CloseHandle(h);
}

export function pseudo(): void {
  if (${n} === 2) CloseHandle(GetCurrentProcess());
}
`;
}

function writeFixture(): string {
  const dir = mkdtempSync(join(tmpdir(), 'handles-concurrency-'));
  mkdirSync(join(dir, 'src'));
  for (let n = 1; n <= MODULES; n++) writeFileSync(join(dir, 'src', `module-${n}.ts`), moduleSource(n));
  const fromPackage = createRequire(join(packageRoot, 'package.json'));
  const plugin = pathToFileURL(join(packageRoot, 'dist', 'rules', 'index.js')).href;
  const parser = pathToFileURL(fromPackage.resolve('@typescript-eslint/parser')).href;
  writeFileSync(
    join(dir, 'eslint.config.mjs'),
    [
      `import handles from ${JSON.stringify(plugin)};`,
      `import tsParser from ${JSON.stringify(parser)};`,
      'export default [',
      "  { files: ['**/*.ts'], languageOptions: { parser: tsParser } },",
      "  { files: ['**/*.ts'], ...handles.configs.strict },",
      '];',
      '',
    ].join('\n'),
  );
  return dir;
}

const fixture = writeFixture();
afterAll(() => rmSync(fixture, { recursive: true, force: true }));

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
    expect(new Set(single.map((m) => m.file)).size, 'findings in every fixture file').toBe(MODULES);
    expect(new Set(single.map((m) => m.ruleId)).size, 'more than one rule reports').toBeGreaterThan(1);
    expect(parallel).toEqual(single);
  }, 60_000);
});
