/**
 * `handles lint` end to end: the built bin (node bin/handles.js lint …) on fixture projects copied to a temporary
 * directory (so that no eslint.config.* above them is found). Needs `npm run build` first (npm test does it).
 * Cases marked ENGINE need the ownership engine's findings.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { packageRoot } from '../../rules/util/package-info.js';

const bin = join(packageRoot, 'bin', 'handles.js');
const fixtures = join(packageRoot, 'tests', 'cli', 'fixtures', 'lint');
const scratch = mkdtempSync(join(tmpdir(), 'handles-lint-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A fresh copy of a fixture project outside the repository. */
function project(name: string): string {
  const dir = join(scratch, `${name}-${Math.random().toString(36).slice(2, 8)}`);
  cpSync(join(fixtures, name), dir, { recursive: true });
  return dir;
}

function lint(cwd: string, ...args: string[]) {
  const run = spawnSync(process.execPath, [bin, 'lint', ...args], { cwd, encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' } });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('handles lint', () => {
  it('uses the built CLI', () => {
    expect(existsSync(join(packageRoot, 'dist', 'cli', 'lint.js')), 'run npm run build first').toBe(true);
  });

  it('lints a project without a config with the embedded config: clean files exit 0 (ts, tsx, mjs)', () => {
    const dir = project('embedded');
    const result = lint(dir, 'src/clean.ts', 'src/component.tsx', 'src/plain.mjs');
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe('handles: no problems\n');
    expect(result.status).toBe(0);
  });

  it('does not report disable directives for rules the embedded config does not run', () => {
    const dir = project('embedded');
    writeFileSync(join(dir, 'src', 'directive.ts'), '// eslint-disable-next-line eqeqeq\nexport const same = 1 == 1;\n');
    const result = lint(dir, 'src/directive.ts');
    expect(result.stdout).toBe('handles: no problems\n');
    expect(result.status).toBe(0);
  });

  it('labels messages without a rule: unused directives under a project config are "eslint"', () => {
    const dir = project('own-config');
    writeFileSync(join(dir, 'directive.js'), '// eslint-disable-next-line eqeqeq\nexport const same = 1;\n');
    const result = lint(dir, 'directive.js');
    expect(result.stdout).toContain('Unused eslint-disable directive');
    expect(result.stdout).toContain('handles: 1 problem — eslint 1\n');
    expect(result.status).toBe(0);
  });

  it('ignores node_modules and dist in the embedded config', () => {
    const dir = project('embedded');
    mkdirSync(join(dir, 'node_modules', 'dep'), { recursive: true });
    mkdirSync(join(dir, 'dist'), { recursive: true });
    writeFileSync(join(dir, 'node_modules', 'dep', 'broken.ts'), 'export const = ;\n');
    writeFileSync(join(dir, 'dist', 'broken.js'), 'export const = ;\n');
    const result = lint(dir, '.');
    expect(result.stdout).not.toContain('broken');
    expect(result.stdout).not.toContain('Parsing error');
  });

  it('ENGINE: reports a leak with stylish output and a per-rule summary, exit 1', () => {
    const dir = project('embedded');
    const result = lint(dir, 'src');
    expect(result.stdout).toContain('leak.ts');
    expect(result.stdout).toMatch(/4:13\s+error\s+`h` \(opened line 4\) is not closed on the early return at line 7\s+handles\/no-leak/);
    expect(result.stdout).toContain('handles: 1 problem — no-leak 1\n');
    expect(result.status).toBe(1);
  });

  it('counts parse errors as problems: exit 1', () => {
    const result = lint(project('parse-error'));
    expect(result.stdout).toContain('Parsing error');
    expect(result.stdout).toContain('handles: 1 problem — parse error 1\n');
    expect(result.status).toBe(1);
  });

  it("uses the project's own config when there is one", () => {
    const result = lint(project('own-config'));
    expect(result.stdout).toMatch(/2:3\s+error\s+Unexpected 'debugger' statement\s+no-debugger/);
    expect(result.stdout).toContain('handles: 1 problem — no-debugger 1\n');
    expect(result.status).toBe(1);
  });

  it("finds the project's config from a subdirectory upward", () => {
    const dir = project('own-config');
    mkdirSync(join(dir, 'sub'));
    writeFileSync(join(dir, 'sub', 'more.js'), 'debugger;\n');
    const result = lint(join(dir, 'sub'));
    expect(result.stdout).toContain('more.js');
    expect(result.stdout).toContain('no-debugger 1');
    expect(result.status).toBe(1);
  });

  it('ENGINE: works with a project config that registers the plugin through configs.recommended', () => {
    const dir = project('embedded');
    const pluginUrl = pathToFileURL(join(packageRoot, 'dist', 'rules', 'index.js')).href;
    const parserUrl = pathToFileURL(join(packageRoot, 'node_modules', '@typescript-eslint', 'parser', 'dist', 'index.js')).href;
    writeFileSync(
      join(dir, 'eslint.config.mjs'),
      `import handles from ${JSON.stringify(pluginUrl)};\nimport * as parser from ${JSON.stringify(parserUrl)};\n` +
        `export default [{ files: ['**/*.ts'], languageOptions: { parser } }, { files: ['**/*.ts'], ...handles.configs.recommended }];\n`,
    );
    const result = lint(dir, 'src/leak.ts', 'src/clean.ts');
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('handles: 1 problem — no-leak 1\n');
    expect(result.status).toBe(1);
  });

  it('a broken project config is a configuration error: exit 2 and one line', () => {
    const result = lint(project('broken-config'));
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/^handles lint: this project config is broken on purpose \(config: .*eslint\.config\.mjs\)\n$/);
  });

  it('a path that does not exist is a usage error: exit 2 and one line', () => {
    const result = lint(project('embedded'), 'src/missing.ts');
    expect(result).toEqual({ status: 2, stdout: '', stderr: "handles lint: no such file or directory: 'src/missing.ts'\n" });
  });

  it('an unknown option is a usage error: exit 2 and one line', () => {
    const result = lint(project('embedded'), '--frobnicate');
    expect(result).toEqual({ status: 2, stdout: '', stderr: "handles lint: unknown option '--frobnicate' (see handles lint --help)\n" });
  });

  it('an unknown formatter is a configuration error: exit 2 and one line', () => {
    const result = lint(project('embedded'), '--format', 'no-such-formatter', 'src/clean.ts');
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/^handles lint: cannot use formatter 'no-such-formatter': .*\n$/);
  });

  it('--format json keeps stdout parseable (summary on stderr)', () => {
    const result = lint(project('parse-error'), '--format', 'json');
    const parsed = JSON.parse(result.stdout) as { messages: { fatal?: boolean }[] }[];
    expect(parsed).toHaveLength(1);
    expect(parsed[0]!.messages[0]!.fatal).toBe(true);
    expect(result.stderr).toBe('handles: 1 problem — parse error 1\n');
    expect(result.status).toBe(1);
  });

  it('warnings exit 0 unless there are more than --max-warnings', () => {
    const dir = project('own-config');
    writeFileSync(join(dir, 'eslint.config.mjs'), "export default [{ files: ['**/*.js'], rules: { 'no-debugger': 'warn' } }];\n");
    const relaxed = lint(dir);
    expect(relaxed.stdout).toContain('warning');
    expect(relaxed.status).toBe(0);
    expect(lint(dir, '--max-warnings', '1').status).toBe(0);
    expect(lint(dir, '--max-warnings=0').status).toBe(1);
    expect(lint(dir, '--max-warnings', 'many')).toEqual({
      status: 2,
      stdout: '',
      stderr: "handles lint: --max-warnings needs a whole number >= 0, got 'many'\n",
    });
  });

  it('--strict on a project config that does not register the plugin explains itself: exit 2 and one line', () => {
    const result = lint(project('own-config'), '--strict');
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/^handles lint: --strict adds handles\/strict's rules to your config, which does not register the plugin as "handles" \(config: .*\)\n$/);
  });

  it('--help prints the usage: exit 0', () => {
    const result = lint(project('embedded'), '--help');
    expect(result.stdout).toContain('usage: handles lint [paths...]');
    expect(result.status).toBe(0);
  });

  it('--strict switches the embedded config to handles/strict (ENGINE for the strict finding)', () => {
    const dir = project('strict');
    const recommended = lint(dir);
    expect(recommended.stdout).toBe('handles: no problems\n');
    expect(recommended.status).toBe(0);
    const strict = lint(dir, '--strict');
    expect(strict.stdout).toContain('handles: 1 problem — no-leak 1\n');
    expect(strict.status).toBe(1);
  });
});
