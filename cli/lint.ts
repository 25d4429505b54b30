/**
 * `handles lint [paths...]`: lint with the project's own ESLint config when there is one (eslint.config.* from the
 * working directory upward), else with an embedded handles/recommended (or --strict: handles/strict) config on
 * JS/TS files. Prints the formatter's output and a summary line of counts per rule.
 * Exit: 0 clean, 1 problems (errors, parse errors, or more warnings than --max-warnings), 2 usage/configuration error.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import tsParser from '@typescript-eslint/parser';
import { ESLint, type Linter } from 'eslint';
import plugin from '../rules/index.js';
import type { CliIo } from './main.js';

export const LINT_USAGE = `usage: handles lint [paths...] [options]

Lints with the project's eslint.config.* when there is one, else with the embedded handles/recommended config.

options:
  --format <name>       ESLint formatter (default: stylish)
  --strict              use handles/strict (exception paths and "maybe" findings) instead of handles/recommended
  --max-warnings <n>    exit 1 when there are more than n warnings
  -h, --help            show this help
`;

/** The config file names ESLint 10 loads, in its own lookup order. */
export const CONFIG_FILE_NAMES = [
  'eslint.config.js',
  'eslint.config.mjs',
  'eslint.config.cjs',
  'eslint.config.ts',
  'eslint.config.mts',
  'eslint.config.cts',
] as const;

/** The files the embedded config lints when a directory is given. */
export const LINTED_FILES = ['**/*.{js,mjs,cjs,jsx,ts,tsx,mts,cts}'];

export interface LintOptions {
  paths: string[];
  format: string;
  strict: boolean;
  maxWarnings: number | undefined;
  help: boolean;
}

/** A usage or configuration problem: reported as one line, exit 2. */
export class LintUsageError extends Error {}

export function parseLintArgs(args: readonly string[]): LintOptions {
  const options: LintOptions = { paths: [], format: 'stylish', strict: false, maxWarnings: undefined, help: false };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const [flag, inlineValue] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string => {
      const next = inlineValue ?? args[++i];
      if (next === undefined || next === '') throw new LintUsageError(`option ${flag} needs a value`);
      return next;
    };
    switch (flag) {
      case '--format':
      case '-f':
        options.format = value();
        break;
      case '--strict':
        options.strict = true;
        break;
      case '--max-warnings': {
        const text = value();
        const count = Number(text);
        if (!Number.isInteger(count) || count < 0) throw new LintUsageError(`--max-warnings needs a whole number >= 0, got '${text}'`);
        options.maxWarnings = count;
        break;
      }
      case '-h':
      case '--help':
        options.help = true;
        break;
      default:
        if (flag.startsWith('-')) throw new LintUsageError(`unknown option '${flag}' (see handles lint --help)`);
        options.paths.push(arg);
    }
  }
  if (options.paths.length === 0) options.paths.push('.');
  return options;
}

/** The nearest eslint.config.* from `cwd` upward, or undefined. */
export function findProjectConfig(cwd: string): string | undefined {
  let dir = resolve(cwd);
  for (;;) {
    for (const name of CONFIG_FILE_NAMES) {
      const candidate = join(dir, name);
      if (existsSync(candidate)) return candidate;
    }
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** The embedded config used when the project has none. */
export function embeddedConfig(strict: boolean): Linter.Config[] {
  const shared = strict ? plugin.configs.strict! : plugin.configs.recommended!;
  return [
    { name: 'handles/embedded-ignores', ignores: ['**/node_modules/**', '**/dist/**'] },
    {
      ...(shared as Linter.Config),
      name: `${shared.name}/embedded`,
      files: LINTED_FILES,
      languageOptions: { parser: tsParser as Linter.Parser, sourceType: 'module' },
      // Only the handles rules run here, so directives for the project's other rules would all look unused.
      linterOptions: { reportUnusedDisableDirectives: 'off' },
    },
  ];
}

/**
 * "handles: 3 problems — no-leak 2, no-double-close 1" (the plugin's own rules without their prefix; messages
 * without a rule are "parse error" when fatal, else "eslint", e.g. an unused disable directive).
 */
export function summaryLine(results: readonly ESLint.LintResult[]): string {
  const counts = new Map<string, number>();
  let total = 0;
  for (const result of results) {
    for (const message of result.messages) {
      total++;
      const id = message.ruleId?.replace(/^handles\//, '') ?? (message.fatal ? 'parse error' : 'eslint');
      counts.set(id, (counts.get(id) ?? 0) + 1);
    }
  }
  if (total === 0) return 'handles: no problems';
  const parts = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([id, n]) => `${id} ${n}`);
  return `handles: ${total} problem${total === 1 ? '' : 's'} — ${parts.join(', ')}`;
}

export async function lintCommand(args: readonly string[], io: CliIo): Promise<number> {
  let options: LintOptions;
  try {
    options = parseLintArgs(args);
  } catch (error) {
    return usageFailure(io, error);
  }
  if (options.help) {
    io.stdout(LINT_USAGE);
    return 0;
  }
  for (const path of options.paths) {
    if (!existsSync(resolve(io.cwd, path))) return usageFailure(io, new LintUsageError(`no such file or directory: '${path}'`));
  }

  const projectConfig = findProjectConfig(io.cwd);
  let results: ESLint.LintResult[];
  let eslint: ESLint;
  try {
    eslint = projectConfig
      ? new ESLint({
          cwd: io.cwd,
          // --strict on a project config: the project's files, parser and plugins, with handles/strict's rules on top
          ...(options.strict ? { overrideConfig: { rules: plugin.configs.strict!.rules } } : {}),
        })
      : new ESLint({ cwd: io.cwd, overrideConfigFile: true, overrideConfig: embeddedConfig(options.strict) });
    results = await eslint.lintFiles(options.paths);
  } catch (error) {
    const where = projectConfig ? ` (config: ${projectConfig})` : '';
    if (projectConfig && options.strict && /Could not find plugin "handles"/.test(firstLine(error))) {
      return usageFailure(
        io,
        new LintUsageError(`--strict adds handles/strict's rules to your config, which does not register the plugin as "handles"${where}`),
      );
    }
    return usageFailure(io, new LintUsageError(`${firstLine(error)}${where}`));
  }

  let output: string;
  try {
    const formatter = await eslint.loadFormatter(options.format);
    output = await formatter.format(results, {});
  } catch (error) {
    return usageFailure(io, new LintUsageError(`cannot use formatter '${options.format}': ${firstLine(error)}`));
  }

  const summary = summaryLine(results);
  if (output) io.stdout(output.endsWith('\n') ? output : `${output}\n`);
  // Keep machine-readable formats parseable: the summary goes to stderr unless the output is stylish.
  if (options.format === 'stylish') io.stdout(`${summary}\n`);
  else io.stderr(`${summary}\n`);

  const errors = results.reduce((n, r) => n + r.errorCount + (r.fatalErrorCount > r.errorCount ? r.fatalErrorCount - r.errorCount : 0), 0);
  const warnings = results.reduce((n, r) => n + r.warningCount, 0);
  if (errors > 0) return 1;
  if (options.maxWarnings !== undefined && warnings > options.maxWarnings) return 1;
  return 0;
}

function usageFailure(io: CliIo, error: unknown): number {
  io.stderr(`handles lint: ${firstLine(error)}\n`);
  return 2;
}

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n').find((line) => line.trim() !== '')?.trim() ?? 'unknown error';
}
