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
 * file (alternating which goes first) and repeat rounds after a warm-up, so drift from other processes hits both
 * sides alike. Options: --rounds <n> (default 3), --check (exit 1 when a figure fails).
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
  return {
    base: [{ files, languageOptions }],
    strict: [{ files, languageOptions, plugins: { handles: plugin }, rules: plugin.configs.strict.rules }],
  };
}

const megabytes = (texts) => (texts.reduce((n, f) => n + f.text.length, 0) / 1e6).toFixed(1);
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const verdict = (value, target) => (value <= target ? 'PASS' : 'FAIL');

/**
 * Total lint time of `files` under configs A and B, file by file, alternating which config goes first;
 * one warm-up round, then `rounds` measured rounds. Returns per-round totals in ms.
 */
function interleaved(linter, files, a, b, rounds) {
  const totals = { a: [], b: [] };
  for (let round = -1; round < rounds; round++) {
    globalThis.gc?.();
    let ta = 0;
    let tb = 0;
    files.forEach((file, i) => {
      const order = (i + round) % 2 === 0 ? ['a', 'b'] : ['b', 'a'];
      for (const side of order) {
        const start = performance.now();
        linter.verify(file.text, side === 'a' ? a : b, file.name);
        const elapsed = performance.now() - start;
        if (side === 'a') ta += elapsed;
        else tb += elapsed;
      }
    });
    if (round >= 0) {
      totals.a.push(ta);
      totals.b.push(tb);
    }
  }
  return totals;
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
  const { base, strict } = await configs();
  const linter = new Linter({ configType: 'flat' });
  const figures = [];
  const report = (label, value, target, detail) => {
    const pass = verdict(value, target);
    figures.push(pass);
    console.log(`${label}: ${value.toFixed(2)} (target ≤ ${target}) ${pass}${detail ? `  [${detail}]` : ''}`);
  };

  console.log(`lint benchmark: node ${process.version}, ${rounds} measured rounds after a warm-up, interleaved per file\n`);

  // (a) real code without handle calls
  const real = realCode();
  const a = interleaved(linter, real, base, strict, rounds);
  const ratioA = a.b.reduce((x, y) => x + y) / a.a.reduce((x, y) => x + y);
  report(
    `(a) real code, no handle calls (${real.length} files, ${megabytes(real)} MB): handles/strict ÷ parser only`,
    ratioA,
    1.05,
    `median round: strict ${(median(a.b) / 1000).toFixed(2)} s, parser only ${(median(a.a) / 1000).toFixed(2)} s`,
  );

  // (b1) dense corpus
  const dense = denseCorpus();
  const b = interleaved(linter, dense, base, strict, rounds);
  const ratioB = b.b.reduce((x, y) => x + y) / b.a.reduce((x, y) => x + y);
  report(
    `(b) handle-dense corpus (${dense.length} files × 25 functions × 8 units, ${megabytes(dense)} MB): handles/strict ÷ parser only`,
    ratioB,
    2.0,
    `median round: strict ${(median(b.b) / 1000).toFixed(2)} s, parser only ${(median(b.a) / 1000).toFixed(2)} s`,
  );

  // (b2) scaling of one function of N sequential conditional closes
  const sizes = [125, 250, 500, 1000, 2000];
  const texts = new Map(sizes.map((n) => [n, generateSequentialCloses(n)]));
  const times = new Map(sizes.map((n) => [n, []]));
  const budgetMs = 120_000;
  let tooSlow;
  // A round of the scaling series is short, so it gets more rounds than the corpora.
  const scalingRounds = Math.max(5, rounds);
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
      const t1 = median(times.get(n));
      const t2 = median(times.get(2 * n));
      report(
        `(b) one function of N sequential conditional closes, time(2N) ÷ time(N) for N = ${n}`,
        t2 / t1,
        2.2,
        `${n}: ${t1.toFixed(0)} ms, ${2 * n}: ${t2.toFixed(0)} ms`,
      );
    }
  }

  // (c) peak memory, each side in its own child process, interleaved, three times
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

  const failed = figures.filter((f) => f === 'FAIL').length;
  console.log(`\nlint benchmark: ${figures.length - failed} PASS, ${failed} FAIL`);
  if (check && failed > 0) process.exitCode = 1;
}

if (process.argv.includes('--child')) await child(argValue('--child', 'base'));
else await main();
