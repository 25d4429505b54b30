/** Parses a snippet the way the codemods will (typescript-estree + scope-manager) and runs the engine on it. */
import { analyze } from '@typescript-eslint/scope-manager';
import { parse } from '@typescript-eslint/typescript-estree';
import { analyzeFile } from '../../rules/engine/index.js';
import type { AnalysisInput, ScopeManagerLike } from '../../rules/engine/input.js';
import type { FileAnalysis, Finding, HandlesSettings } from '../../rules/engine/types.js';

export function inputFor(code: string): AnalysisInput {
  const ast = parse(code, { range: true, loc: true, comment: false, jsx: false });
  const scopeManager = analyze(ast, { sourceType: 'module' });
  return { ast, scopeManager: scopeManager as unknown as ScopeManagerLike, text: code };
}

export function analyzeCode(code: string, settings: HandlesSettings = {}): FileAnalysis {
  return analyzeFile(inputFor(code), settings);
}

/** Findings in a compact, comparable form: kind@line certainty [extra]. */
export function brief(f: Finding): string {
  const extra = [
    f.handle && `handle=${f.handle}`,
    f.path && `path=${f.path}`,
    f.unowned && `unowned=${f.unowned}`,
    f.previous && `previous=${f.previous.what}@${f.previous.line}`,
    f.duplicate && `duplicate=${f.duplicate}`,
    f.lostHow && `lost=${f.lostHow}`,
  ].filter(Boolean);
  return `${f.kind}@${f.node.loc.start.line} ${f.certainty} ${extra.join(' ')}`.trim();
}

export function findings(code: string, settings: HandlesSettings = {}): string[] {
  const result = analyzeCode(code, settings);
  if (result.debug && result.debug.failedFunctions > 0) throw new Error(`engine failed on ${result.debug.failedFunctions} function(s)`);
  return result.findings.map(brief);
}

/** Only kind@line certainty, for tests that do not care about messages. */
export function kinds(code: string, settings: HandlesSettings = {}): string[] {
  return findings(code, settings).map((s) => s.split(' ').slice(0, 2).join(' '));
}
