/**
 * `handles run` end to end: the BUILT CLI (node bin/handles.js run ...) on fixture scripts. `npm test` builds
 * first (pretest); run `npm run build` before `npx vitest run tests/cli`.
 */
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const bin = join(root, 'bin', 'handles.js');
const fixtures = join(root, 'tests', 'cli', 'fixtures', 'run');
/** Each test starts Node twice (CLI + child) and may load TypeScript; a loaded CI box needs headroom. */
const SLOW_MACHINE_TIMEOUT = 120_000;

interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI without blocking the worker, so the concurrent tests really overlap. */
function handles(args: string[], cwd = fixtures, env: NodeJS.ProcessEnv = process.env): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd, env, timeout: 60_000 });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
    child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

/** The 1-based line of the fixture that carries `// @marker`, so the hard-coded numbers below stay honest. */
function markerLine(fixture: string, marker: string): number {
  const lines = readFileSync(join(fixtures, fixture), 'utf8').split('\n');
  return lines.findIndex((line) => line.includes(`// @${marker}`)) + 1;
}

interface JsonFinding {
  category: string;
  code: string;
  kind?: string;
  api?: string;
  handle?: number;
  type?: string;
  at?: string;
  earlierAt?: string;
}

interface JsonReport {
  script: string;
  outcome: string;
  reason?: string;
  exitCode: number;
  summary: Record<string, number>;
  findings: JsonFinding[];
  stops: unknown[];
  leaks: unknown[];
}

beforeAll(() => {
  if (!existsSync(join(root, 'dist', 'cli', 'run.js'))) {
    throw new Error('dist/cli/run.js is missing: run `npm run build` first (npm test does it in pretest)');
  }
});

describe.concurrent('handles run on TypeScript', { timeout: SLOW_MACHINE_TIMEOUT }, () => {
  it('a clean .ts script (owned/using, top-level await, script args) exits 0 with a clean summary', async () => {
    const result = await handles(['run', 'makefred-fixed.ts', '--', 'one', '--two']);
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('script args: ["one","--two"]');
    expect(result.stdout).toMatch(/summary: clean/);
    expect(result.status).toBe(0);
  });

  it('the MakeFred bug exits 1 and names the leaked duplicates\' line and both close lines', async () => {
    // The fixture's markers sit on these exact .ts lines; the report must show the .ts lines, not the JS ones.
    expect([markerLine('makefred.ts', 'dup'), markerLine('makefred.ts', 'close1'), markerLine('makefred.ts', 'close2')]).toEqual([13, 20, 21]);
    const result = await handles(['run', 'makefred.ts']);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('double close: handle 0x4 (Event) closed at makefred.ts:20 and again at makefred.ts:21');
    expect(result.stdout).toContain('leak: handle 0x8 (Event) acquired by DuplicateHandle at makefred.ts:13');
    expect(result.stdout).toContain('leak: handle 0xC (Event) acquired by DuplicateHandle at makefred.ts:13');
    expect(result.stdout).toMatch(/summary: 3 problems \(2 leaks, 1 double close\)/);
  });

  it('transpiles on a cold cache, then reuses the cached output with the same report', async () => {
    // os.tmpdir() follows TMPDIR, so a fresh TMPDIR means an empty transpile cache.
    const temporary = mkdtempSync(join(tmpdir(), 'handles-run-cache-'));
    try {
      const env = { ...process.env, TMPDIR: temporary };
      const cold = await handles(['run', 'makefred.ts'], fixtures, env);
      const cached = readdirSync(join(temporary, 'eslint-plugin-handles-ts-cache')).filter((name) => name.endsWith('.js'));
      expect(cached).toHaveLength(1);
      const warm = await handles(['run', 'makefred.ts'], fixtures, env);
      expect(cold.status).toBe(1);
      expect(warm).toEqual(cold);
    } finally {
      rmSync(temporary, { recursive: true, force: true });
    }
  });

  it('--json prints the same findings as a JSON document on stdout', async () => {
    const result = await handles(['run', '--json', 'makefred.ts']);
    expect(result.status).toBe(1);
    const report = JSON.parse(result.stdout) as JsonReport;
    expect(report.script).toBe('makefred.ts');
    expect(report.outcome).toBe('finished');
    expect(report.exitCode).toBe(0);
    expect(report.summary).toMatchObject({ problems: 3, leak: 2, 'double-close': 1 });
    expect(report.leaks).toHaveLength(2);
    expect(report.findings).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ category: 'leak', code: 'LEAK', api: 'DuplicateHandle', handle: 0x8, type: 'Event', at: 'makefred.ts:13' }),
        expect.objectContaining({ category: 'leak', code: 'LEAK', api: 'DuplicateHandle', handle: 0xc, type: 'Event', at: 'makefred.ts:13' }),
        expect.objectContaining({ category: 'double-close', code: 'INVALID_HANDLE', kind: 'double-close', handle: 0x4, at: 'makefred.ts:21', earlierAt: 'makefred.ts:20' }),
      ]),
    );
  });

  it('--dot writes the final handle tables as a Graphviz digraph', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'handles-run-dot-'));
    try {
      const dotFile = join(directory, 'tables.dot');
      const result = await handles(['run', 'makefred.ts', '--dot', dotFile]);
      expect(result.status).toBe(1);
      expect(readFileSync(dotFile, 'utf8')).toMatch(/^\s*digraph\b/);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });

  it('bundler-style extensionless imports reach ./lib/index.ts and ./lib/open.ts; the leak names the helper\'s line', async () => {
    const result = await handles(['run', 'extensionless.ts']);
    expect(result.stdout).toContain('opened 4');
    expect(result.stdout).toContain(`acquired by CreateEventW at lib/open.ts:${markerLine('lib/open.ts', 'open')} was never closed`);
    expect(result.status).toBe(1);
  });

  it('--dot into a folder that does not exist: the report, then a one-line reason and exit 2', async () => {
    const result = await handles(['run', 'makefred.ts', '--dot', 'no/such/folder/tables.dot']);
    expect(result.stdout).toMatch(/summary: 3 problems/);
    expect(result.stderr).toMatch(/^handles run: could not write no\/such\/folder\/tables\.dot: ENOENT/);
    expect(result.status).toBe(2);
  });

  it('a .cts script runs as CommonJS and requires another .cts through its .cjs name', async () => {
    const result = await handles(['run', 'clean.cts']);
    expect(result.stdout).toContain('cts 4');
    expect(result.stdout).toMatch(/summary: clean/);
    expect(result.status).toBe(0);
  });
});

describe.concurrent('handles run on JavaScript', { timeout: SLOW_MACHINE_TIMEOUT }, () => {
  it('a .js script: the leak names its line, the use after close names the call', async () => {
    const result = await handles(['run', '--json', 'leaky.js']);
    expect(result.status).toBe(1);
    const report = JSON.parse(result.stdout) as JsonReport;
    expect(report.findings).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ category: 'leak', api: 'CreateMutexW', type: 'Mutant', at: `leaky.js:${markerLine('leaky.js', 'leak')}` }),
        expect.objectContaining({ code: 'INVALID_HANDLE', kind: 'use-after-close', api: 'SetEvent', at: `leaky.js:${markerLine('leaky.js', 'stale')}` }),
      ]),
    );
    // The script's own console output goes to stderr under --json, so stdout stays one JSON document.
    expect(result.stderr).toContain('still open');
  });

  it('every other stop gets its own line: wrong type, NULL handle, protected close, pseudo-handle close (a warning)', async () => {
    const line = (marker: string) => `other-stops.js:${markerLine('other-stops.js', marker)}`;
    const result = await handles(['run', 'other-stops.js']);
    expect(result.status).toBe(1);
    const lines = result.stdout.trim().split('\n');
    // Our part of each line is exact; the runtime's message after the location is only checked for its facts.
    const expected = [
      [`  other stop: INCORRECT_OBJECT_TYPE in SetEvent at ${line('type')}: `, /Mutant.*Event/],
      [`  invalid handle: NULL_HANDLE in SetEvent at ${line('null')}: `, /NULL/],
      [`  other stop: PROTECTED_CLOSE in CloseHandle at ${line('protected')}: `, /0x4.*protected/],
      [`  invalid handle (warning): INVALID_HANDLE/pseudo-close in CloseHandle at ${line('pseudo')}: `, /pseudo handle -1/],
    ] as const;
    expect(lines).toHaveLength(expected.length + 2);
    expected.forEach(([prefix, message], index) => {
      const printed = lines[index + 1]!;
      expect(printed.startsWith(prefix), `${printed} starts with ${prefix}`).toBe(true);
      expect(printed.slice(prefix.length)).toMatch(message);
    });
    expect(lines.at(-1)).toBe('summary: 4 problems (2 invalid handles, 2 other stops)');
  });

  it('a script that calls the real process.exit(0) still gets the exit sweep and its leak', async () => {
    const result = await handles(['run', 'exits.cjs']);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain(`acquired by CreateSemaphoreW at exits.cjs:${markerLine('exits.cjs', 'leak')}`);
  });
});

describe.concurrent('handles run when the script fails', { timeout: SLOW_MACHINE_TIMEOUT }, () => {
  it('a throw is one line on stderr and exit 2, and the report still shows what the verifier saw', async () => {
    const result = await handles(['run', 'throws.ts']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(`handles run: TypeError: the script gave up (`);
    expect(result.stderr).toContain(`throws.ts:${markerLine('throws.ts', 'throw')})`);
    expect(result.stdout).toContain(`acquired by CreateEventW at throws.ts:${markerLine('throws.ts', 'leak')}`);
  });
});

describe.concurrent('handles run when the script never finishes or hides its calls', { timeout: SLOW_MACHINE_TIMEOUT }, () => {
  it('an unsettled top-level await is exit 2 with a reason, after the report', async () => {
    const result = await handles(['run', 'unsettled.mjs']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('handles run: the script never finished: its top-level await did not settle');
    expect(result.stdout).toContain(`acquired by CreateEventW at unsettled.mjs:${markerLine('unsettled.mjs', 'leak')}`);
  });

  it('a script that makes its own kernel active gets a note saying the report cannot see it', async () => {
    const result = await handles(['run', 'own-kernel.mjs']);
    expect(result.stderr).toContain('handles run: note: the script made another kernel active');
    expect(result.stdout).toMatch(/summary: clean/);
    expect(result.status).toBe(0);
  });
});

describe.concurrent('handles run usage errors exit 2 with a one-line reason', { timeout: SLOW_MACHINE_TIMEOUT }, () => {
  it.each([
    [[], /no script given/],
    [['missing.ts'], /no such file: missing\.ts/],
    [['makefred.ts', '--frobnicate'], /unknown option '--frobnicate'/],
    [['makefred.ts', '--dot'], /--dot needs a file name/],
    [['notes.txt'], /cannot run 'notes\.txt': expected a \.js, \.mjs, \.cjs, \.ts, \.mts or \.cts file/],
    [['.'], /not a file: \./],
  ])('run %j', async (args, reason) => {
    const result = await handles(['run', ...args]);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(reason);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stdout).toBe('');
  });
});

describe('handles run resolves eslint-plugin-handles/runtime for projects that do not depend on it', { timeout: SLOW_MACHINE_TIMEOUT }, () => {
  let project: string;
  beforeAll(() => {
    project = mkdtempSync(join(tmpdir(), 'handles-run-project-'));
  });
  afterAll(() => rmSync(project, { recursive: true, force: true }));

  it('uses this package when the project has no copy', async () => {
    cpSync(join(fixtures, 'makefred.ts'), join(project, 'makefred.ts'));
    const result = await handles(['run', 'makefred.ts'], project);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('acquired by DuplicateHandle at makefred.ts:13');
  });

  it('a copy installed in the project\'s node_modules shares the kernel that handles run checks', async () => {
    const installed = join(project, 'node_modules', 'eslint-plugin-handles');
    mkdirSync(installed, { recursive: true });
    cpSync(join(root, 'dist'), join(installed, 'dist'), { recursive: true });
    cpSync(join(root, 'package.json'), join(installed, 'package.json'));
    writeFileSync(
      join(project, 'installed.mjs'),
      [
        "import { CreateEventW } from 'eslint-plugin-handles/runtime';",
        "const where = new URL(import.meta.resolve('eslint-plugin-handles/runtime')).pathname;",
        "console.log(`runtime from ${where}`);",
        '',
        'CreateEventW(null, false, false, null); // leaked',
        '',
      ].join('\n'),
    );
    const result = await handles(['run', 'installed.mjs'], project);
    // The script's import reached the project's copy, and the kernel `handles run` reports on still saw the call.
    expect(result.stdout).toContain(`runtime from ${join(installed, 'dist', 'runtime', 'index.js')}`);
    expect(result.stdout).toContain('acquired by CreateEventW at installed.mjs:5');
    expect(result.status).toBe(1);
  });
});
