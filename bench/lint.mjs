#!/usr/bin/env node
/**
 * Lint benchmark (issue 4). Prints, in one run, each figure with its target and PASS/FAIL:
 *  (a) real code with no handle calls (the JS of node_modules/eslint/lib and node_modules/@typescript-eslint/*\/dist):
 *      time with handles/strict ÷ time with the parser and no rules            target ≤ 1.05
 *  (b) a generated handle-dense corpus (bench/corpus/generate.mjs): the same ratio                  target ≤ 2.0
 *      and time(2N) ÷ time(N) for a single function of N sequential conditional closes, N up to 1,000  target ≤ 2.2
 *  (c) peak memory (maxRSS) of a child process linting all of the above with handles/strict ÷ the same child
 *      with the parser and no rules                                               target ≤ 1.3
 * Uses the built plugin (dist/; run `npm run build` first). Timings interleave the two configurations file by
 * file (rotating which goes first) and repeat rounds after a warm-up, so drift from other processes hits both
 * sides alike; a ratio compares the sums of each file's fastest time. Options: --rounds <n> (default 3), --only a,b,c (a subset of the sections), --check (exit 1
 * when a figure fails).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { generateDenseCorpus, generateSequentialCloses } from './corpus/generate.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const self = fileURLToPath(import.meta.url);

// Collect garbage between measurements: re-run with --expose-gc when it is not on.
if (typeof globalThis.gc !== 'function' && !process.argv.includes('--child')) {
  const rerun = spawnSync(process.execPath, ['--expose-gc', self, ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exit(rerun.status ?? 1);
}

const distPlugin = join(root, 'dist', 'rules', 'index.js');
if (!existsSync(distPlugin)) {
  console.error('bench/lint.mjs: dist/rules/index.js is missing; run `npm run build` first');
  process.exit(2);
}
const { Linter } = await import('eslint');
const tsParser = (await import('@typescript-eslint/parser')).default;

const argValue = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : fallback;
};

function jsFilesUnder(dir, out = []) {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return out;
  }
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) jsFilesUnder(path, out);
    else if (/\.(?:c|m)?js$/.test(entry.name)) out.push(path);
  }
  return out;
}

/** (a) real code: [{ name, text }] */
function realCode() {
  const scoped = join(root, 'node_modules', '@typescript-eslint');
  const files = [
    ...jsFilesUnder(join(root, 'node_modules', 'eslint', 'lib')),
    ...readdirSync(scoped).flatMap((pkg) => jsFilesUnder(join(scoped, pkg, 'dist'))),
  ];
  return files.map((path) => ({ name: 'file.js', text: readFileSync(path, 'utf8') }));
}

/** (b) the generated dense corpus, as TypeScript files */
function denseCorpus() {
  return generateDenseCorpus(20, 25, 8).map((f) => ({ name: 'file.ts', text: f.text }));
}

async function configs() {
  const plugin = (await import(pathToFileURL(distPlugin).href)).default;
  const languageOptions = { parser: tsParser, sourceType: 'module' };
  const files = ['**/*.js', '**/*.ts'];
  // A rule that does nothing but subscribe to Program: ESLint's own cost of running any rule at all.
  const noop = { rules: { noop: { meta: { schema: [] }, create: () => ({ Program() {} }) } } };
  return {
    base: [{ files, languageOptions }],
    strict: [{ files, languageOptions, plugins: { handles: plugin }, rules: plugin.configs.strict.rules }],
    noop: [{ files, languageOptions, plugins: { noop }, rules: { 'noop/noop': 'error' } }],
  };
}

const megabytes = (texts) => (texts.reduce((n, f) => n + f.text.length, 0) / 1e6).toFixed(1);
const sum = (values) => values.reduce((x, y) => x + y, 0);
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const verdict = (value, target) => (value <= target ? 'PASS' : 'FAIL');

/**
 * Lint time of `files` under each config of `sides` ({ name: config }), file by file, rotating which config goes
 * first; one warm-up round, then `rounds` measured rounds. Returns, by name, the per-round totals (ms) and the
 * "best" total: the sum over files of each file's fastest round, which discards interference from other processes.
 */
function interleaved(linter, files, sides, rounds) {
  const names = Object.keys(sides);
  const totals = Object.fromEntries(names.map((n) => [n, []]));
  const fastest = Object.fromEntries(names.map((n) => [n, new Array(files.length).fill(Infinity)]));
  for (let round = -1; round < rounds; round++) {
    globalThis.gc?.();
    const sums = Object.fromEntries(names.map((n) => [n, 0]));
    files.forEach((file, i) => {
      const shift = (i + round + 1) % names.length;
      for (const name of [...names.slice(shift), ...names.slice(0, shift)]) {
        const start = performance.now();
        linter.verify(file.text, sides[name], file.name);
        const elapsed = performance.now() - start;
        sums[name] += elapsed;
        if (round >= 0) fastest[name][i] = Math.min(fastest[name][i], elapsed);
      }
    });
    if (round >= 0) for (const n of names) totals[n].push(sums[n]);
  }
  return Object.fromEntries(names.map((n) => [n, { rounds: totals[n], best: sum(fastest[n]) }]));
}

/** Child mode: lint everything once with one config and print the peak RSS in kB. */
async function child(side) {
  const { base, strict } = await configs();
  const linter = new Linter({ configType: 'flat' });
  const config = side === 'strict' ? strict : base;
  const files = [...realCode(), ...denseCorpus(), { name: 'file.ts', text: generateSequentialCloses(1000) }];
  let messages = 0;
  for (const file of files) messages += linter.verify(file.text, config, file.name).length;
  process.stdout.write(JSON.stringify({ side, maxRssKb: process.resourceUsage().maxRSS, messages }) + '\n');
}

async function main() {
  const rounds = Number(argValue('--rounds', '3'));
  const check = process.argv.includes('--check');
  const only = new Set(argValue('--only', 'a,b,c').split(','));
  const { base, strict, noop } = await configs();
  const linter = new Linter({ configType: 'flat' });
  const figures = [];
  const report = (label, value, target, detail) => {
    const pass = verdict(value, target);
    figures.push(pass);
    console.log(`${label}: ${value.toFixed(2)} (target ≤ ${target}) ${pass}${detail ? `  [${detail}]` : ''}`);
  };

  console.log(`lint benchmark: node ${process.version}, ${rounds} measured rounds after a warm-up, interleaved per file\n`);

  // (a) real code without handle calls
  if (only.has('a')) {
    const real = realCode();
    const a = interleaved(linter, real, { base, strict, noop }, rounds);
    report(
      `(a) real code, no handle calls (${real.length} files, ${megabytes(real)} MB): handles/strict ÷ parser only`,
      a.strict.best / a.base.best,
      1.05,
      `sum of per-file best times: strict ${(a.strict.best / 1000).toFixed(2)} s, parser only ${(a.base.best / 1000).toFixed(2)} s; ` +
        `median round ratio ${(median(a.strict.rounds) / median(a.base.rounds)).toFixed(2)}`,
    );
    console.log(
      `    for reference: a no-op rule (Program only) ÷ parser only: ${(a.noop.best / a.base.best).toFixed(2)}; ` +
        `handles/strict ÷ no-op rule: ${(a.strict.best / a.noop.best).toFixed(2)} (the plugin's own share)`,
    );
  }

  // (b1) dense corpus
  if (only.has('b')) {
    const dense = denseCorpus();
    const b = interleaved(linter, dense, { base, strict }, rounds);
    report(
      `(b) handle-dense corpus (${dense.length} files × 25 functions × 8 units, ${megabytes(dense)} MB): handles/strict ÷ parser only`,
      b.strict.best / b.base.best,
      2.0,
      `sum of per-file best times: strict ${(b.strict.best / 1000).toFixed(2)} s, parser only ${(b.base.best / 1000).toFixed(2)} s; ` +
        `median round ratio ${(median(b.strict.rounds) / median(b.base.rounds)).toFixed(2)}`,
    );

    // (b2) scaling of one function of N sequential conditional closes
    const sizes = [125, 250, 500, 1000, 2000];
    const texts = new Map(sizes.map((n) => [n, generateSequentialCloses(n)]));
    const times = new Map(sizes.map((n) => [n, []]));
    const budgetMs = 120_000;
    let tooSlow;
    // A round of the scaling series is short, so it gets more rounds than the corpora.
    const scalingRounds = Math.max(9, rounds);
    for (let round = -1; round < scalingRounds && !tooSlow; round++) {
      for (const n of round % 2 === 0 ? sizes : [...sizes].reverse()) {
        globalThis.gc?.();
        const start = performance.now();
        linter.verify(texts.get(n), strict, 'file.ts');
        const elapsed = performance.now() - start;
        if (round >= 0) times.get(n).push(elapsed);
        if (elapsed > budgetMs) tooSlow = n;
      }
  }
  if (tooSlow) {
    report(`(b) one function of ${tooSlow} sequential conditional closes took over ${budgetMs / 1000} s`, Infinity, 2.2);
  } else {
    for (let i = 0; i + 1 < sizes.length; i++) {
      const n = sizes[i];
      // the fastest run of each size: least disturbed by other processes
      const t1 = Math.min(...times.get(n));
      const t2 = Math.min(...times.get(2 * n));
      report(
        `(b) one function of N sequential conditional closes, time(2N) ÷ time(N) for N = ${n}`,
        t2 / t1,
        2.2,
        `${n}: ${t1.toFixed(0)} ms, ${2 * n}: ${t2.toFixed(0)} ms`,
      );
    }
  }

  }

  // (c) peak memory, each side in its own child process, interleaved, three times
  if (only.has('c')) {
    const rss = { base: [], strict: [] };
    for (let i = 0; i < 3; i++) {
      for (const side of i % 2 === 0 ? ['base', 'strict'] : ['strict', 'base']) {
        const run = spawnSync(process.execPath, [self, '--child', side], { encoding: 'utf8', maxBuffer: 1 << 24 });
        if (run.status !== 0) throw new Error(`memory child (${side}) failed: ${run.stderr.split('\n')[0]}`);
        rss[side].push(JSON.parse(run.stdout.trim().split('\n').at(-1)).maxRssKb);
      }
  }
  const rssBase = median(rss.base);
  const rssStrict = median(rss.strict);
  report(
    '(c) peak memory (maxRSS, all corpora, one child per side): handles/strict ÷ parser only',
    rssStrict / rssBase,
    1.3,
    `median: strict ${(rssStrict / 1024).toFixed(0)} MB, parser only ${(rssBase / 1024).toFixed(0)} MB`,
  );
  }

  const failed = figures.filter((f) => f === 'FAIL').length;
  console.log(`\nlint benchmark: ${figures.length - failed} PASS, ${failed} FAIL`);
  if (check && failed > 0) process.exitCode = 1;
}

if (process.argv.includes('--child')) await child(argValue('--child', 'base'));
else await main();
