/**
 * The ownership engine's entry point. `getFileAnalysis` runs the analysis once per file (cached on the
 * SourceCode object) and every rule reads the same findings.
 */
import type { TSESLint } from '@typescript-eslint/utils';
import type { FileAnalysis, HandlesSettings } from './types.js';

export type * from './types.js';

const cache = new WeakMap<object, FileAnalysis>();

/** The settings under `settings.handles`, validated loosely (bad values fall back to defaults). */
export function readSettings(settings: Readonly<Record<string, unknown>> | undefined): HandlesSettings {
  const raw = (settings?.handles ?? {}) as HandlesSettings;
  return raw;
}

/** The file's analysis, computed on first use and shared by every rule. */
export function getFileAnalysis(context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>): FileAnalysis {
  const sourceCode = context.sourceCode;
  let analysis = cache.get(sourceCode);
  if (!analysis) {
    analysis = analyzeFile(sourceCode, readSettings(context.settings));
    cache.set(sourceCode, analysis);
  }
  return analysis;
}

/** Placeholder until the engine lands: no findings. */
export function analyzeFile(_sourceCode: Readonly<TSESLint.SourceCode>, _settings: HandlesSettings): FileAnalysis {
  return { findings: [] };
}
