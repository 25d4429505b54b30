/**
 * The ownership engine's entry point. `getFileAnalysis` runs the analysis once per file (cached on the
 * SourceCode object) and every rule reads the same findings.
 */
import type { TSESLint } from '@typescript-eslint/utils';
import { CONTRACTS } from '../../contracts/index.js';
import { FileAnalyzer, mentionsHandles } from './analyze.js';
import type { AnalysisInput, ScopeManagerLike } from './input.js';
import type { UserFunctionDeclaration } from '../../contracts/types.js';
import type { FileAnalysis, HandlesSettings } from './types.js';

export type * from './types.js';
export type { AnalysisInput, ScopeManagerLike } from './input.js';

const cache = new WeakMap<object, FileAnalysis>();
/**
 * Only functions that hand out or release handles make a file worth analysing (not exit/abort/ReadFile alone), and
 * those failing with WAIT_FAILED, whose result is often compared with -1 (invalid-handle-check).
 */
const CONTRACT_NAMES = CONTRACTS.filter(
  (c) => c.acquires?.length || c.releases?.length || c.special === 'duplicate-handle' || c.failure === 'wait-failed',
).map((c) => c.name);

const PLATFORMS = new Set(['desktop', 'ce']);

/** The settings under `settings.handles`, validated loosely (bad values fall back to defaults). */
export function readSettings(settings: Readonly<Record<string, unknown>> | undefined): HandlesSettings {
  const raw = settings?.handles;
  if (!raw || typeof raw !== 'object') return {};
  const { platform, functions } = raw as Record<string, unknown>;
  return {
    platform: typeof platform === 'string' && PLATFORMS.has(platform) ? (platform as HandlesSettings['platform']) : undefined,
    functions: readFunctions(functions),
  };
}

const indexList = (v: unknown): number[] | undefined =>
  Array.isArray(v) ? v.filter((x): x is number => Number.isInteger(x) && x >= 0) : undefined;
const oneOf = <T extends string>(v: unknown, allowed: readonly T[]): T | undefined =>
  typeof v === 'string' && (allowed as readonly string[]).includes(v) ? (v as T) : undefined;

/** `settings.handles.functions`, keeping only well-formed fields (a bad entry must not break the analysis). */
function readFunctions(raw: unknown): HandlesSettings['functions'] {
  if (!raw || typeof raw !== 'object') return undefined;
  const out: Record<string, UserFunctionDeclaration> = {};
  for (const [name, decl] of Object.entries(raw as Record<string, unknown>)) {
    if (!decl || typeof decl !== 'object') continue;
    const d = decl as Record<string, unknown>;
    out[name] = {
      returns: oneOf(d.returns, ['owned', 'borrowed', 'pseudo'] as const),
      failure: oneOf(d.failure, ['null', 'invalid', 'false', 'status', 'minus-one', 'wait-failed', 'none'] as const),
      family: typeof d.family === 'string' ? (d.family as UserFunctionDeclaration['family']) : undefined,
      releases: indexList(d.releases),
      borrows: indexList(d.borrows),
      takes: indexList(d.takes),
      checks: indexList(d.checks),
    };
  }
  return out;
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

/**
 * Every finding of the file. Takes an ESLint SourceCode or any object with the AST (ranges + locs), a scope
 * manager and the text. Never throws on a parseable file: an internal error in one function drops only that
 * function's findings (counted in `debug.failedFunctions`).
 */
export function analyzeFile(
  sourceCode: Readonly<TSESLint.SourceCode> | AnalysisInput,
  settings: HandlesSettings = {},
): FileAnalysis {
  const input: AnalysisInput = {
    ast: sourceCode.ast,
    scopeManager: (sourceCode.scopeManager ?? null) as unknown as ScopeManagerLike | null,
    text: sourceCode.text,
    visitorKeys: (sourceCode as { visitorKeys?: AnalysisInput['visitorKeys'] }).visitorKeys,
  };
  if (!mentionsHandles(input.text, settings, CONTRACT_NAMES)) {
    return { findings: [], debug: { failedFunctions: 0, analysedFunctions: 0, bailedOut: true } };
  }
  try {
    const result = new FileAnalyzer(input, settings).analyze();
    return { findings: result.findings, debug: result.debug };
  } catch {
    return { findings: [], debug: { failedFunctions: 1, analysedFunctions: 0, bailedOut: false } };
  }
}
