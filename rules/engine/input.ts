/**
 * What the engine needs from a parsed file, and no more: an ESTree AST with ranges and locations, a scope
 * manager (for shadowing), and the text. ESLint's SourceCode satisfies it; codemods build the same object with
 * @typescript-eslint/typescript-estree + @typescript-eslint/scope-manager.
 */
import type { TSESTree } from '@typescript-eslint/utils';

/** The parts of a scope-manager Variable the engine reads. */
export interface VariableLike {
  readonly name: string;
  readonly defs: readonly { readonly type: string; readonly node: unknown; readonly name: unknown }[];
  readonly identifiers: readonly unknown[];
}

export interface ReferenceLike {
  readonly identifier: unknown;
  readonly resolved: VariableLike | null;
}

export interface ScopeLike {
  readonly type: string;
  readonly block: unknown;
  readonly references: readonly ReferenceLike[];
  readonly variables: readonly VariableLike[];
  readonly through: readonly ReferenceLike[];
}

export interface ScopeManagerLike {
  readonly scopes: readonly ScopeLike[];
  acquire(node: never, inner?: boolean): ScopeLike | null;
}

export interface AnalysisInput {
  readonly ast: TSESTree.Program;
  /** null: identifiers are resolved by name only (no shadowing) */
  readonly scopeManager: ScopeManagerLike | null;
  readonly text: string;
  /** child keys per node type (ESLint's `sourceCode.visitorKeys`); without them every own property is looked at */
  readonly visitorKeys?: Readonly<Record<string, readonly string[] | undefined>>;
}

/** Identifier → variable, built once per analysed file from every scope's references and declarations. */
export class Resolver {
  private readonly byIdentifier = new Map<unknown, VariableLike | null>();
  private readonly scopeByBlock = new Map<unknown, ScopeLike>();

  constructor(scopeManager: ScopeManagerLike | null) {
    if (!scopeManager) return;
    for (const scope of scopeManager.scopes) {
      if (!this.scopeByBlock.has(scope.block)) this.scopeByBlock.set(scope.block, scope);
      for (const ref of scope.references) this.byIdentifier.set(ref.identifier, ref.resolved);
      for (const variable of scope.variables) for (const id of variable.identifiers) this.byIdentifier.set(id, variable);
    }
  }

  get hasScopes(): boolean {
    return this.scopeByBlock.size > 0;
  }

  /** The variable an identifier refers to; null for globals/unresolved; undefined when unknown to the scope manager. */
  variableOf(id: TSESTree.Identifier): VariableLike | null | undefined {
    return this.byIdentifier.get(id);
  }

  /** The scope a function (or other block) opens. */
  scopeOf(block: TSESTree.Node): ScopeLike | undefined {
    return this.scopeByBlock.get(block);
  }
}
