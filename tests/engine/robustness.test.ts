/**
 * The engine must never throw on a parseable file and should not give up on real code: run the analyzer itself
 * (bypassing the bail-out, so every function is interpreted) over ESLint's own rule sources.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileAnalyzer } from '../../rules/engine/analyze.js';
import { inputFor } from './helpers.js';

const dir = join(process.cwd(), 'node_modules', 'eslint', 'lib', 'rules');

describe('robustness on real code', () => {
  it('interprets every function of ESLint\u2019s rules without an internal failure and without findings', () => {
    const files = readdirSync(dir).filter((f) => f.endsWith('.js'));
    expect(files.length).toBeGreaterThan(200);
    let functions = 0;
    let failed = 0;
    let findings = 0;
    for (const file of files) {
      const text = readFileSync(join(dir, file), 'utf8');
      const result = new FileAnalyzer(inputFor(text), {}).analyze();
      functions += result.debug.analysedFunctions;
      failed += result.debug.failedFunctions;
      findings += result.findings.length;
    }
    expect(functions).toBeGreaterThan(2000);
    expect(failed).toBe(0);
    expect(findings).toBe(0); // no handle calls, nothing to report
  }, 60_000);
});
