/**
 * FFI binding recognition for the engine: which Win32 function a call reaches (koffi, ffi-napi, bun:ffi, Deno,
 * node:ffi, ffi-rs, jsrt, win32-api, bun-win32 classes, forwarding wrappers, plain names), how the binding represents
 * handles, the failure test in that representation, comparisons that can never be true, and out-param holders.
 * See docs/engine-bindings.md.
 */
export { indexBindings } from './indexer.js';
export { sentinelExpression, comparisonNeverTrue, literalValue } from './sentinels.js';
export type { SentinelTest, SentinelOptions, LiteralValue } from './sentinels.js';
export { outParamReads, isOutParamHolder, isOutParamRead } from './out-params.js';
export type { OutParamHolder, OutParamKind, OutParamRead, InitializerLookup } from './out-params.js';
export { parsePrototype, cTypeInfo } from './c-types.js';
export type { CPrototype, CParam, TypeInfo } from './c-types.js';
export { classifyLibrary } from './libraries.js';
export type { LibraryName } from './libraries.js';
export type * from './types.js';

import type { TSESTree } from '@typescript-eslint/utils';
import { indexBindings as buildIndex } from './indexer.js';
import type { BindingIndex, BindingScopeManager } from './types.js';

/**
 * The index for the engine's per-file input (`{ ast, scopeManager, text }`: an ESLint SourceCode or the engine's
 * AnalysisInput). The scope manager is read structurally; null means names only.
 */
export function indexBindingsFor(input: { readonly ast: TSESTree.Program; readonly scopeManager: unknown; readonly text?: string }): BindingIndex {
  return buildIndex(input.ast, (input.scopeManager ?? null) as BindingScopeManager | null, input.text);
}
