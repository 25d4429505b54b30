/**
 * The binding index: one lazy, memoised abstract evaluation of the file's module-level wiring, answering "which
 * Win32 function does this call reach, through which binding, with which representations?".
 *
 * Values are followed through const/let initialisers (and the writes of lazily assigned lets), destructuring,
 * object literals, class fields and static members, `this`, calls of local functions (their return value), dynamic
 * imports, `await`, `require`/`createRequire`. Nothing is evaluated unless a call asks; every evaluation is
 * memoised per variable and guarded against cycles, so the cost is bounded by the file size.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { CONTRACTS, contractFor } from '../../../contracts/index.js';
import type { FunctionContract } from '../../../contracts/types.js';
import {
  type CParam, type TypeInfo, bunTypeRep, cTypeInfo, denoTypeRep, ffiNapiTypeRep, ffiRsTypeRep, nodeFfiTypeRep,
  parsePrototype, win32ApiTypeRep,
} from './c-types.js';
import { type LibraryName, classifyCandidates, classifyLibrary } from './libraries.js';
import type {
  BindingIndex, BindingReference, BindingScopeManager, BindingStyle, BindingVariable, BoundCallee, HandleRepresentation,
} from './types.js';

type Node = TSESTree.Node;
type Expr = TSESTree.Expression;
type Call = TSESTree.CallExpression | TSESTree.NewExpression;
type FunctionNode = TSESTree.FunctionDeclaration | TSESTree.FunctionExpression | TSESTree.ArrowFunctionExpression;
type ClassNode = TSESTree.ClassDeclaration | TSESTree.ClassExpression;

/** Our own runtime's module specifiers. */
const RUNTIME_MODULES = new Set(['eslint-plugin-handles/runtime']);

/** Text that means the file may bind a library through FFI (the quick check before any evaluation). */
const FFI_HINT =
  /koffi|ffi-napi|\bffi\b|bun:ffi|Deno|node:ffi|ffi-rs|win32-api|dlopen|Library\s*\(|loadAndBatchBind|bun-win32|bun-[a-z]+32|deno_win32|win32\.deno/;

type ModuleKind =
  | 'koffi' | 'ffi-napi' | 'ref' | 'bun-ffi' | 'node-ffi' | 'ffi-rs' | 'win32-api' | 'runtime' | 'deno' | 'deno-win32'
  | 'node-module' | 'global';

/** A declared binding table (symbols object, ffi-napi library, win32-api loaded object, jsrt batch). */
interface SymbolTable {
  readonly style: BindingStyle;
  readonly library: LibraryName;
  readonly lookup: (name: string) => BoundCallee | undefined;
}

type TypeVal = TypeInfo & { readonly direction?: 'out' | 'inout'; readonly opaque?: boolean };

/** What an expression evaluates to, as far as bindings are concerned; undefined = nothing known. */
type Val =
  | { readonly k: 'module'; readonly mod: ModuleKind; readonly alias?: string }
  /** a function exported by (or a method of) a module: koffi.load, dlopen, Library, createRequire, require, ... */
  | { readonly k: 'api'; readonly mod: ModuleKind; readonly name: string; readonly library?: string }
  /** koffi library (has .func) or a dlopen result (has .symbols / .functions) */
  | { readonly k: 'lib'; readonly style: BindingStyle; readonly library: LibraryName; readonly alias?: string; readonly table?: SymbolTable }
  | { readonly k: 'koffi-func'; readonly lib: Extract<Val, { k: 'lib' }> }
  | { readonly k: 'table'; readonly table: SymbolTable }
  | { readonly k: 'bound'; readonly b: BoundCallee }
  /** something bound from a non-Windows library: never a table function */
  | { readonly k: 'foreign' }
  /** an object literal; `outer` is `this` where the literal was written (arrow and plain property values see it) */
  | { readonly k: 'object'; readonly node: TSESTree.ObjectExpression; readonly outer?: Val }
  | { readonly k: 'fn'; readonly node: FunctionNode; readonly self?: Val; readonly name?: string }
  | { readonly k: 'class'; readonly node: ClassNode }
  | { readonly k: 'instance'; readonly cls: ClassNode }
  /** bun-win32 style class of static methods named after the DLL's exports */
  | { readonly k: 'static-class'; readonly library: string }
  | { readonly k: 'promise'; readonly of: Val }
  | { readonly k: 'type'; readonly info: TypeVal }
  /** a namespace of type constants: bun FFIType, ffi-rs DataType, win32-api DTypes/DModel, ref.types */
  | { readonly k: 'type-ns'; readonly style: 'bun' | 'ffi-rs' | 'win32-api' | 'ffi-napi' }
  | { readonly k: 'string'; readonly values: readonly string[] };

const MAX_DEPTH = 48;
/** Evaluation steps one question (one resolve) may take before giving up on the rest. */
const STEP_BUDGET = 20_000;

/** Builds the index for one parsed file. Never throws: an internal error yields an index that resolves nothing FFI-specific. */
export function indexBindings(program: TSESTree.Program, scopeManager: BindingScopeManager | null, text?: string): BindingIndex {
  try {
    return new Indexer(program, scopeManager, text);
  } catch {
    return FAILED_INDEX;
  }
}

const FAILED_INDEX: BindingIndex = {
  internalErrors: 1,
  resolve: () => undefined,
  argumentsOf: () => [],
  declarations: [],
  hasFfi: false,
  initializerOf: () => undefined,
};

class Indexer implements BindingIndex {
  readonly hasFfi: boolean;
  internalErrors = 0;
  /** evaluations cut short by a depth limit or a cycle guard (results computed meanwhile are not memoised) */
  private cuts = 0;
  /** values computed under a cut, valid for the current public question only */
  private readonly partialValues = new Map<BindingVariable, Val | undefined>();
  /** evaluation steps spent on the current public question */
  private steps = 0;
  private variables: Map<unknown, BindingVariable | null> | undefined;
  /** without a scope manager: declarations by name (module level first, then nested ones; no shadowing) */
  private variablesByName: Map<string, BindingVariable> | undefined;
  private parents: Map<Node, Node> | undefined;
  private readonly resolved = new Map<Node, BoundCallee | null>();
  private readonly varValues = new Map<BindingVariable, Val | undefined>();
  private readonly inProgress = new Set<unknown>();
  private readonly forwarding = new Set<Node>();
  private readonly forwarders = new Map<Node, Map<string, BoundCallee | null>>();
  private readonly classLibraries = new Map<ClassNode, LibraryName>();
  /** koffi type names the file defines: koffi.alias('HANDLE', 'uint64'), koffi.pointer('HANDLE', koffi.opaque()) */
  private koffiAliases: Map<string, TypeInfo> | undefined;
  /** '' once looked up and not found */
  private koffiName: string | undefined;
  /** ffi-rs `open({ library, path })` aliases */
  private ffiRsLibraries: Map<string, LibraryName> | undefined;
  private candidateCalls: Call[] | undefined;
  private declarationList: BoundCallee[] | undefined;

  constructor(
    private readonly program: TSESTree.Program,
    private readonly scopeManager: BindingScopeManager | null,
    text: string | undefined,
  ) {
    this.hasFfi = FFI_HINT.test(text ?? '') || (text === undefined && this.programMentionsFfi());
  }

  // -------------------------------------------------------------------------------------------------------------
  // Public API

  resolve(call: Call): BoundCallee | undefined {
    const cached = this.resolved.get(call);
    if (cached !== undefined) return cached ?? undefined;
    let result: BoundCallee | undefined;
    this.startQuestion();
    try {
      result = this.resolveCall(call, undefined, 0);
    } catch {
      this.internalErrors++;
      result = undefined;
    }
    this.resolved.set(call, result ?? null);
    return result;
  }

  private startQuestion(): void {
    this.steps = 0;
    this.partialValues.clear();
  }

  argumentsOf(call: Call): readonly (Node | undefined)[] {
    const bound = this.resolve(call);
    return bound ? this.argumentsFor(call, bound) : [];
  }

  private argumentsFor(call: Call, bound: BoundCallee): readonly (Node | undefined)[] {
    if (bound.argumentsIn) {
      const first = call.arguments[0];
      const options = first ? this.objectOf(first) : undefined;
      const values = bound.argumentsIn === 'first-array' ? first : options ? propertyValue(options, 'paramsValue') : undefined;
      const array = values ? this.arrayOf(values) : undefined;
      return array ? array.elements.map((e) => (e && e.type !== 'SpreadElement' ? e : undefined)) : [];
    }
    if (bound.argumentIndex) return bound.argumentIndex.map((i) => (i === undefined ? undefined : call.arguments[i]));
    return call.arguments;
  }

  get declarations(): readonly BoundCallee[] {
    if (this.declarationList) return this.declarationList;
    const out: BoundCallee[] = [];
    const seen = new Set<Node>();
    const add = (b: BoundCallee | undefined): void => {
      if (b && !seen.has(b.node)) {
        seen.add(b.node);
        out.push(b);
      }
    };
    if (this.hasFfi) {
      try {
        for (const call of this.candidates()) {
          this.startQuestion();
          const v = this.evalExpr(call, undefined, 0);
          if (v?.k === 'bound') add(v.b);
          if (calleeName(unwrapExpr(call.callee as Expr)) === 'load' && call.arguments[0]?.type === 'ObjectExpression') add(this.resolve(call));
          const table = v?.k === 'table' ? v.table : v?.k === 'lib' ? v.table : undefined;
          if (table) for (const name of this.tableNames(call)) add(table.lookup(name));
        }
      } catch {
        // an internal error loses the listing only
        this.internalErrors++;
      }
    }
    this.declarationList = out;
    return out;
  }

  initializerOf(id: TSESTree.Identifier): Expr | undefined {
    const variable = this.variableOf(id);
    if (!variable) return undefined;
    for (const def of variable.defs) {
      const node = def.node as Node;
      if (node.type === 'VariableDeclarator' && node.id.type === 'Identifier' && node.init) return unwrapExpr(node.init);
    }
    return undefined;
  }

  // -------------------------------------------------------------------------------------------------------------
  // Calls

  private resolveCall(call: Call, self: Val | undefined, depth: number): BoundCallee | undefined {
    if (depth > MAX_DEPTH) return undefined;
    const callee = unwrapExpr(call.callee as Expr);
    const name = calleeName(callee);
    const contract = name ? contractFor(name) : undefined;
    // files without FFI: only the plain-name path (a table name, not a local function with its own body)
    if (!this.hasFfi) return contract && name ? this.plainName(callee, name, contract, self, depth) : undefined;

    const value = this.evalExpr(callee, self, depth + 1);
    // bindings declared in another module (runtime, bun-win32 packages, deno_win32) have no local declaration: use the callee
    if (value?.k === 'bound') return value.b.node ? value.b : { ...value.b, node: callee };
    if (value?.k === 'foreign') return undefined;
    if (value?.k === 'api' && value.mod === 'ffi-rs' && value.name === 'load') return this.ffiRsCall(call);
    if (value?.k === 'fn') return this.forwarder(value, name, depth);
    if (!contract || !name) return undefined;
    return this.plainName(callee, name, contract, self, depth);
  }

  /** A callee named exactly like a table function, reached through nothing the index understands. */
  private plainName(callee: Node, name: string, contract: FunctionContract, self: Val | undefined, depth: number): BoundCallee | undefined {
    if (callee.type === 'Identifier') {
      const variable = this.variableOf(callee);
      if (variable) {
        for (const def of variable.defs) {
          const node = def.node as Node;
          if (def.type === 'ImportBinding') {
            const source = importSource(def.parent as Node | undefined);
            if (source && RUNTIME_MODULES.has(source)) return this.runtimeCallee(contract, node);
          }
          if (def.type === 'Parameter') break;
          if (node.type === 'FunctionDeclaration' && node.body) return this.hasFfi ? undefined : this.forwarder({ k: 'fn', node, name }, name, depth);
          if (node.type === 'VariableDeclarator' && node.id.type === 'Identifier' && node.init) {
            const init = unwrapExpr(node.init);
            if (init.type === 'ArrowFunctionExpression' || init.type === 'FunctionExpression') {
              return this.hasFfi ? undefined : this.forwarder({ k: 'fn', node: init, name }, name, depth);
            }
          }
          if (node.type === 'ClassDeclaration') return undefined;
        }
      }
      return nameOnly(contract, callee);
    }
    if (callee.type === 'MemberExpression') {
      if (!this.hasFfi) {
        // `runtime.CloseHandle(h)` with `import * as runtime from 'eslint-plugin-handles/runtime'`
        const object = unwrapExpr(callee.object as Expr);
        if (object.type === 'Identifier') {
          const source = this.importSourceOf(object);
          if (source && RUNTIME_MODULES.has(source)) return this.runtimeCallee(contract, callee);
        }
        if (object.type === 'ThisExpression') {
          const method = this.ownMethod(object, name);
          if (method) return this.forwarder({ k: 'fn', node: method, self, name }, name, depth);
        }
      }
      return nameOnly(contract, callee);
    }
    return undefined;
  }

  private runtimeCallee(contract: FunctionContract, node: Node): BoundCallee {
    return { ...fromContract(contract, 'runtime', 'number', 'boolean', node), moduleAlias: undefined };
  }

  /**
   * A local function that only forwards to a bound function under the same or a camelCase name
   * (`closeHandle(h) { return k32.CloseHandle(h) }`, `CloseHandle: (h) => lib.CloseHandle(h) ? 1 : 0`).
   * Any other local function with a body is not the table's function.
   */
  private forwarder(fn: Extract<Val, { k: 'fn' }>, name: string | undefined, depth: number): BoundCallee | undefined {
    // the answer depends on the function, its `this` and the name it is called by: memoise the common case (no `this`)
    const memo = fn.self === undefined ? `${name ?? ''}|${fn.name ?? ''}` : undefined;
    const known = memo === undefined ? undefined : this.forwarders.get(fn.node)?.get(memo);
    if (known !== undefined) return known ?? undefined;
    const result = this.forwarderOnce(fn, name, depth);
    if (memo !== undefined && !this.forwarding.size) {
      let byName = this.forwarders.get(fn.node);
      if (!byName) this.forwarders.set(fn.node, (byName = new Map()));
      byName.set(memo, result ?? null);
    }
    return result;
  }

  private forwarderOnce(fn: Extract<Val, { k: 'fn' }>, name: string | undefined, depth: number): BoundCallee | undefined {
    if (this.forwarding.has(fn.node)) return undefined;
    const forwarded = forwardedCall(fn.node);
    if (!forwarded) return undefined;
    const inner = forwarded.call;
    this.forwarding.add(fn.node);
    let bound: BoundCallee | undefined;
    try {
      bound = this.resolveCall(inner, fn.self ?? this.selfOf(fn.node), depth + 1);
    } finally {
      this.forwarding.delete(fn.node);
    }
    if (!bound) return undefined;
    const names = [name, fn.name, this.declaredName(fn.node)].filter((n): n is string => !!n);
    if (!names.some((n) => n === bound.win32Name || n === lowerFirst(bound.win32Name))) return undefined;
    const params = fn.node.params.map((p) => (p.type === 'Identifier' ? p.name : p.type === 'AssignmentPattern' && p.left.type === 'Identifier' ? p.left.name : undefined));
    const innerArgs = this.argumentsFor(inner, bound);
    const argumentIndex = innerArgs.map((a) => (a?.type === 'Identifier' ? indexOrUndefined(params, a.name) : undefined));
    const identity = argumentIndex.every((j, i) => j === i) && argumentIndex.length <= params.length;
    return {
      ...bound,
      // a wrapper that maps the result (`? 1 : 0`, `!!`, a comparison) no longer returns the binding's representation
      returns: forwarded.transformed ? 'unknown' : bound.returns,
      node: fn.node,
      async: bound.async || fn.node.async,
      // a wrapper around an ffi-rs call takes plain arguments: map them from paramsValue
      argumentIndex: identity && !bound.argumentsIn ? undefined : argumentIndex,
      argumentsIn: undefined,
    };
  }

  /** ffi-rs: `load({ library: 'kernel32', funcName: 'CloseHandle', retType, paramsType, paramsValue, runAsync })` */
  private ffiRsCall(call: Call): BoundCallee | undefined {
    const options = call.arguments[0] && this.objectOf(call.arguments[0] as Expr);
    if (!options) return undefined;
    const funcName = this.stringsOf(propertyValue(options, 'funcName'))?.[0];
    const contract = funcName ? contractFor(funcName) : undefined;
    if (!contract || !funcName) return undefined;
    const libraryAlias = this.stringsOf(propertyValue(options, 'library'))?.[0];
    const library = libraryAlias ? this.ffiRsLibrary(libraryAlias) : undefined;
    if (library?.windows === 'no') return undefined;
    const retType = propertyValue(options, 'retType');
    const paramsType = propertyValue(options, 'paramsType');
    const paramTypes = paramsType ? this.arrayOf(paramsType) : undefined;
    const runAsync = propertyValue(options, 'runAsync');
    return {
      win32Name: funcName,
      contract,
      style: 'ffi-rs',
      returns: this.ffiRsType(retType),
      params: paramTypes ? paramTypes.elements.map((e) => this.ffiRsType(e ?? undefined)) : [],
      outValues: [],
      async: runAsync?.type === 'Literal' && runAsync.value === true,
      node: call,
      library: library?.module,
      argumentsIn: 'options-paramsValue',
    };
  }

  private ffiRsType(node: Node | undefined): HandleRepresentation {
    if (!node) return 'unknown';
    const n = unwrapExpr(node as Expr);
    if (n.type === 'MemberExpression') return ffiRsTypeRep(propertyKey(n) ?? '');
    return 'unknown';
  }

  private ffiRsLibrary(alias: string): LibraryName | undefined {
    if (!this.ffiRsLibraries) {
      this.ffiRsLibraries = new Map();
      for (const call of this.candidates()) {
        if (calleeName(unwrapExpr(call.callee as Expr)) !== 'open') continue;
        const options = call.arguments[0] && this.objectOf(call.arguments[0] as Expr);
        if (!options) continue;
        const name = this.stringsOf(propertyValue(options, 'library'))?.[0];
        const path = this.stringsOf(propertyValue(options, 'path'));
        if (name) this.ffiRsLibraries.set(name, classifyCandidates(path));
      }
    }
    return this.ffiRsLibraries.get(alias);
  }

  // -------------------------------------------------------------------------------------------------------------
  // Abstract evaluation

  private evalExpr(node: Node | null | undefined, self: Val | undefined, depth: number): Val | undefined {
    if (!node) return undefined;
    if (depth > MAX_DEPTH || ++this.steps > STEP_BUDGET) {
      this.cuts++;
      return undefined;
    }
    const e = unwrapExpr(node as Expr);
    switch (e.type) {
      case 'Identifier':
        return this.evalIdentifier(e, depth);
      case 'ThisExpression':
        return self ?? this.thisValue(e);
      case 'MemberExpression': {
        const object = this.evalExpr(e.object, self, depth + 1);
        const key = propertyKey(e);
        if (!object || key === undefined) {
          // `FFIType.ptr` etc. without a resolvable import still names a type
          if (e.object.type === 'Identifier' && key !== undefined) return typeNamespaceByName(e.object.name, key);
          return undefined;
        }
        return this.member(object, key, depth + 1);
      }
      case 'CallExpression':
      case 'NewExpression':
        return this.evalCall(e, self, depth + 1);
      case 'ImportExpression': {
        const mod = this.moduleFromSpecifiers(this.stringsOf(e.source));
        return mod ? { k: 'promise', of: mod } : undefined;
      }
      case 'AwaitExpression': {
        const v = this.evalExpr(e.argument, self, depth + 1);
        return v?.k === 'promise' ? v.of : v;
      }
      case 'ConditionalExpression':
        return this.evalExpr(e.consequent, self, depth + 1) ?? this.evalExpr(e.alternate, self, depth + 1);
      case 'LogicalExpression':
        return this.evalExpr(e.right, self, depth + 1) ?? this.evalExpr(e.left, self, depth + 1);
      case 'AssignmentExpression':
        return this.evalExpr(e.right, self, depth + 1);
      case 'SequenceExpression':
        return this.evalExpr(e.expressions[e.expressions.length - 1], self, depth + 1);
      case 'ObjectExpression':
        return { k: 'object', node: e, outer: self };
      case 'ArrowFunctionExpression':
      case 'FunctionExpression':
        return { k: 'fn', node: e, self: e.type === 'ArrowFunctionExpression' ? self : undefined };
      case 'ClassExpression':
        return { k: 'class', node: e };
      case 'Literal':
        return typeof e.value === 'string' ? { k: 'string', values: [e.value] } : undefined;
      case 'TemplateLiteral':
        return { k: 'string', values: [e.quasis.map((q) => q.value.cooked ?? '').join('')] };
      default:
        return undefined;
    }
  }

  private evalIdentifier(id: TSESTree.Identifier, depth: number): Val | undefined {
    const variable = this.variableOf(id);
    // no variable, or one without definitions (typescript-eslint's implicit lib globals): a global
    if (!variable || variable.defs.length === 0) {
      switch (id.name) {
        case 'Deno': return { k: 'module', mod: 'deno', alias: 'Deno' };
        case 'globalThis': case 'window': case 'self': case 'global': return { k: 'module', mod: 'global' };
        case 'require': return { k: 'api', mod: 'node-module', name: 'require' };
        default: return undefined;
      }
    }
    if (this.varValues.has(variable)) return this.varValues.get(variable);
    if (this.partialValues.has(variable)) return this.partialValues.get(variable);
    if (this.inProgress.has(variable)) {
      this.cuts++;
      return undefined;
    }
    this.inProgress.add(variable);
    const cutsBefore = this.cuts;
    let value: Val | undefined;
    try {
      value = this.evalVariable(variable, depth);
    } finally {
      this.inProgress.delete(variable);
    }
    // a value computed under a depth limit or a cycle guard may be incomplete: only complete answers are memoised
    if (this.cuts === cutsBefore) this.varValues.set(variable, value);
    else this.partialValues.set(variable, value); // reused until the current question is answered, keeping it linear
    return value;
  }

  private evalVariable(variable: BindingVariable, depth: number): Val | undefined {
    for (const def of variable.defs) {
      const node = def.node as Node;
      switch (def.type) {
        case 'ImportBinding':
          return this.importValue(node, def.parent as Node | undefined, variable.name);
        case 'FunctionName':
          return node.type === 'FunctionDeclaration' || node.type === 'FunctionExpression' ? { k: 'fn', node, name: variable.name } : undefined;
        case 'ClassName':
          return node.type === 'ClassDeclaration' || node.type === 'ClassExpression' ? { k: 'class', node } : undefined;
        case 'Variable': {
          if (node.type !== 'VariableDeclarator') return undefined;
          const path = patternPath(node.id, def.name as Node);
          if (!path) return undefined;
          let base = node.init ? this.evalExpr(node.init, undefined, depth + 1) : undefined;
          if (!base) {
            // lazily assigned: `let lib; ... lib ??= koffi.load(...)`
            for (const ref of variable.references ?? []) {
              if (!ref.writeExpr || ref.writeExpr === node.init) continue;
              base = this.evalExpr(ref.writeExpr as Node, undefined, depth + 1);
              if (base) break;
            }
          }
          let value = base;
          for (const key of path) value = value ? this.member(value, key, depth + 1) : undefined;
          if (value?.k === 'fn' && !value.name) value = { ...value, name: variable.name };
          return value;
        }
        case 'ImplicitGlobalVariable':
        default:
          return undefined;
      }
    }
    return undefined;
  }

  private importValue(spec: Node, declaration: Node | undefined, localName: string): Val | undefined {
    if (spec.type === 'TSImportEqualsDeclaration') {
      const ref = spec.moduleReference;
      if (ref.type === 'TSExternalModuleReference' && ref.expression.type === 'Literal' && typeof ref.expression.value === 'string')
        return this.moduleValue(ref.expression.value, localName);
      return undefined;
    }
    const source = importSource(declaration);
    if (!source) return undefined;
    const mod = this.moduleValue(source, localName);
    if (!mod) return undefined;
    if (spec.type === 'ImportNamespaceSpecifier' || spec.type === 'ImportDefaultSpecifier') return mod;
    if (spec.type === 'ImportSpecifier') {
      const imported = spec.imported.type === 'Identifier' ? spec.imported.name : String(spec.imported.value);
      return this.member(mod, imported, 0);
    }
    return undefined;
  }

  /** The value of `require(specifier)` / a default or namespace import of it. */
  private moduleValue(specifier: string, alias?: string): Val | undefined {
    const s = specifier.trim();
    if (s === 'koffi' || s.startsWith('koffi/')) return { k: 'module', mod: 'koffi', alias };
    if (/(^|\/)(ffi-napi|node-ffi-napi)$/.test(s) || s === 'ffi' || s === 'node-ffi' || s === '@lwahonen/ffi-napi') return { k: 'module', mod: 'ffi-napi', alias };
    if (/(^|\/)ref-napi$/.test(s) || s === 'ref') return { k: 'module', mod: 'ref', alias };
    if (s === 'bun:ffi') return { k: 'module', mod: 'bun-ffi', alias };
    if (s === 'node:ffi') return { k: 'module', mod: 'node-ffi', alias };
    if (s === 'ffi-rs') return { k: 'module', mod: 'ffi-rs', alias };
    if (s === 'win32-api' || s.startsWith('win32-api/')) return { k: 'module', mod: 'win32-api', alias };
    if (RUNTIME_MODULES.has(s)) return { k: 'module', mod: 'runtime', alias };
    if (s === 'module' || s === 'node:module') return { k: 'module', mod: 'node-module', alias };
    const bunWin32 = /^(?:@bun-win32\/|bun-)([a-z0-9_]+)$/i.exec(s);
    if (bunWin32 && classifyLibrary(bunWin32[1]!).windows === 'yes') return { k: 'static-class', library: bunWin32[1]!.toLowerCase() };
    if (/deno_win32|win32\.deno\.dev/i.test(s)) return { k: 'module', mod: 'deno-win32', alias };
    return undefined;
  }

  private moduleFromSpecifiers(values: readonly string[] | undefined): Val | undefined {
    for (const v of values ?? []) {
      const mod = this.moduleValue(v);
      if (mod) return mod;
    }
    return undefined;
  }

  private member(object: Val, key: string, depth: number): Val | undefined {
    if (depth > MAX_DEPTH) return undefined;
    switch (object.k) {
      case 'module':
        return this.moduleMember(object, key);
      case 'lib':
        if (object.style === 'koffi' && ['func', 'stdcall', 'cdecl', 'fastcall', 'thiscall'].includes(key)) return { k: 'koffi-func', lib: object };
        if ((key === 'symbols' && (object.style === 'bun' || object.style === 'deno')) || (key === 'functions' && object.style === 'node-ffi'))
          return object.library.windows === 'no' ? { k: 'foreign' } : object.table ? { k: 'table', table: object.table } : undefined;
        return undefined;
      case 'table': {
        if (object.table.library.windows === 'no') return { k: 'foreign' };
        const b = object.table.lookup(key);
        return b ? { k: 'bound', b } : undefined;
      }
      case 'foreign':
        return object;
      case 'bound':
        if (key === 'async' && object.b.style === 'koffi') return { k: 'bound', b: { ...object.b, async: true } };
        return undefined;
      case 'object':
        return this.objectMember(object.node, key, object, depth);
      case 'class':
        return this.classMember(object.node, key, true, depth);
      case 'instance':
        return this.classMember(object.cls, key, false, depth);
      case 'static-class': {
        const contract = contractFor(key);
        return contract ? { k: 'bound', b: { ...fromContract(contract, 'bun', 'number-or-null', 'number', undefined), library: object.library } } : undefined;
      }
      case 'api':
        if (object.mod === 'win32-api' && key === 'load') return { k: 'api', mod: 'win32-api', name: 'load', library: object.library };
        return undefined;
      case 'promise':
        return undefined;
      case 'type-ns':
        return typeFromNamespace(object.style, key);
      default:
        return undefined;
    }
  }

  private moduleMember(m: Extract<Val, { k: 'module' }>, key: string): Val | undefined {
    if (key === 'default') return m;
    switch (m.mod) {
      case 'koffi':
        return key === 'load' ? { k: 'api', mod: 'koffi', name: 'load' } : { k: 'api', mod: 'koffi', name: key };
      case 'ffi-napi':
        return key === 'Library' ? { k: 'api', mod: 'ffi-napi', name: 'Library' } : key === 'types' ? { k: 'type-ns', style: 'ffi-napi' } : undefined;
      case 'ref':
        return key === 'types' ? { k: 'type-ns', style: 'ffi-napi' } : { k: 'api', mod: 'ref', name: key };
      case 'bun-ffi':
        return key === 'FFIType' ? { k: 'type-ns', style: 'bun' } : { k: 'api', mod: 'bun-ffi', name: key };
      case 'node-ffi':
        return { k: 'api', mod: 'node-ffi', name: key };
      case 'ffi-rs':
        return key === 'DataType' ? { k: 'type-ns', style: 'ffi-rs' } : { k: 'api', mod: 'ffi-rs', name: key };
      case 'win32-api':
        if (key === 'ffi' || key === 'koffi') return { k: 'module', mod: 'koffi', alias: key };
        if (/^(DTypes|DModel|DStruct|Def|D|T|Types)$/.test(key)) return { k: 'type-ns', style: 'win32-api' };
        if (classifyLibrary(key).windows === 'yes') return { k: 'api', mod: 'win32-api', name: 'class', library: key.toLowerCase() };
        return undefined;
      case 'runtime': {
        const contract = contractFor(key);
        return contract ? { k: 'bound', b: fromContract(contract, 'runtime', 'number', 'boolean', undefined) } : undefined;
      }
      case 'deno':
        return key === 'dlopen' ? { k: 'api', mod: 'deno', name: 'dlopen' } : undefined;
      case 'deno-win32': {
        const contract = contractFor(key);
        // deno_win32 generated modules: handles are Deno pointers, BOOL is an i32
        return contract ? { k: 'bound', b: fromContract(contract, 'deno', 'pointer', 'number', undefined) } : undefined;
      }
      case 'node-module':
        return key === 'createRequire' || key === 'createRequireFromPath' ? { k: 'api', mod: 'node-module', name: 'createRequire' } : undefined;
      case 'global':
        if (key === 'Deno') return { k: 'module', mod: 'deno', alias: 'Deno' };
        if (key === 'require') return { k: 'api', mod: 'node-module', name: 'require' };
        return undefined;
    }
  }

  private objectMember(node: TSESTree.ObjectExpression, key: string, self: Extract<Val, { k: 'object' }>, depth: number): Val | undefined {
    for (let i = node.properties.length - 1; i >= 0; i--) {
      const p = node.properties[i]!;
      if (p.type === 'SpreadElement') {
        const spread = this.evalExpr(p.argument, self.outer, depth + 1);
        const v = spread ? this.member(spread, key, depth + 1) : undefined;
        if (v) return v;
        continue;
      }
      if (staticKey(p.key, p.computed) !== key) continue;
      if (p.kind === 'get' && p.value.type === 'FunctionExpression') return this.returnValue(p.value, self, depth + 1);
      // methods and function expressions see the object as `this`; arrows and plain values see the outer `this`
      const v = this.evalExpr(p.value as Expr, self.outer, depth + 1);
      if (v?.k === 'fn') return { ...v, self: v.node.type === 'ArrowFunctionExpression' ? self.outer : self, name: v.name ?? key };
      return v;
    }
    return undefined;
  }

  private classMember(cls: ClassNode, key: string, isStatic: boolean, depth: number): Val | undefined {
    const self: Val = isStatic ? { k: 'class', node: cls } : { k: 'instance', cls };
    if (isStatic) {
      // bun-win32 style: `static Symbols = { CloseHandle: { args, returns } }` with static lazy binders named after exports
      const fromTable = this.staticSymbolTable(cls, key, depth);
      if (fromTable) return fromTable;
    }
    for (const member of cls.body.body) {
      if (member.type === 'PropertyDefinition' && member.static === isStatic && staticKey(member.key, member.computed) === key) {
        const v = this.evalExpr(member.value, self, depth + 1);
        return v?.k === 'fn' ? { ...v, self: v.self ?? self, name: v.name ?? key } : v;
      }
      if (member.type === 'MethodDefinition' && member.value.type === 'FunctionExpression' && member.static === isStatic && staticKey(member.key, member.computed) === key) {
        if (member.kind === 'get') return this.returnValue(member.value, self, depth + 1);
        if (member.kind === 'method') return { k: 'fn', node: member.value, self, name: key };
      }
    }
    if (!isStatic) {
      // `this.kernel32 = koffi.load(...)` in the constructor or another method
      for (const member of cls.body.body) {
        if (member.type !== 'MethodDefinition' || member.static) continue;
        const assigned = findThisAssignment(member.value.body, key);
        if (assigned) return this.evalExpr(assigned, self, depth + 1);
      }
    }
    return undefined;
  }

  private staticSymbolTable(cls: ClassNode, key: string, depth: number): Val | undefined {
    if (!contractFor(key)) return undefined;
    for (const member of cls.body.body) {
      if (member.type !== 'PropertyDefinition' || !member.static || !member.value) continue;
      const object = this.objectOf(member.value as Expr);
      if (!object) continue;
      const entry = propertyValue(object, key);
      const entryObject = entry ? this.objectOf(entry) : undefined;
      if (!entryObject) continue;
      const style: BindingStyle | undefined = propertyValue(entryObject, 'returns') ? 'bun' : propertyValue(entryObject, 'result') ? 'deno' : undefined;
      if (!style) continue;
      const library = this.classLibrary(cls, depth);
      if (library.windows === 'no') return { k: 'foreign' };
      const b = this.symbolEntry(style, key, entryObject, library, undefined);
      return b ? { k: 'bound', b } : undefined;
    }
    return undefined;
  }

  /** The library a class dlopens somewhere in its body (`dlopen('kernel32.dll', ...)`). */
  private classLibrary(cls: ClassNode, depth: number): LibraryName {
    const cached = this.classLibraries.get(cls);
    if (cached) return cached;
    let found: LibraryName | undefined;
    walk(cls.body, (n) => {
      if (found || n.type !== 'CallExpression') return;
      const callee = this.evalExpr(n.callee, undefined, depth + 1);
      if (callee?.k === 'api' && callee.name === 'dlopen') found = classifyCandidates(this.stringsOf(n.arguments[0]));
    });
    const library = found ?? { module: '', windows: 'unknown' as const };
    this.classLibraries.set(cls, library);
    return library;
  }

  private evalCall(call: Call, self: Val | undefined, depth: number): Val | undefined {
    const calleeNode = unwrapExpr(call.callee as Expr);
    // jsrt: `ffi.loadAndBatchBind('kernel32.dll', ['BOOL WINAPI CloseHandle(_In_ HANDLE h);', ...])`
    if (calleeNode.type === 'MemberExpression' && propertyKey(calleeNode) === 'loadAndBatchBind') return this.jsrtTable(call);
    // Object.freeze(x) / Object.assign(x, ...) keep x's members
    if (calleeNode.type === 'MemberExpression' && calleeNode.object.type === 'Identifier' && calleeNode.object.name === 'Object' && this.isGlobal(calleeNode.object)) {
      const method = propertyKey(calleeNode);
      if (method === 'freeze' || method === 'assign' || method === 'seal') return this.evalExpr(call.arguments[0], self, depth + 1);
    }
    const callee = this.evalExpr(calleeNode, self, depth + 1);
    if (!callee) return undefined;
    switch (callee.k) {
      case 'api':
        return this.apiCall(callee, call, depth);
      case 'koffi-func':
        return this.koffiFunc(callee.lib, call);
      case 'fn':
        return this.returnValue(callee.node, callee.self, depth + 1);
      case 'class':
        return call.type === 'NewExpression' ? { k: 'instance', cls: callee.node } : undefined;
      case 'foreign':
        return callee;
      default:
        return undefined;
    }
  }

  private apiCall(api: Extract<Val, { k: 'api' }>, call: Call, depth: number): Val | undefined {
    const [first, second] = call.arguments;
    switch (`${api.mod}.${api.name}`) {
      case 'node-module.require':
        return this.moduleFromSpecifiers(this.stringsOf(first));
      case 'node-module.createRequire':
        return { k: 'api', mod: 'node-module', name: 'require' };
      case 'koffi.load': {
        const library = classifyCandidates(this.stringsOf(first));
        return { k: 'lib', style: 'koffi', library };
      }
      case 'ffi-napi.Library': {
        const library = classifyCandidates(this.stringsOf(first));
        const symbols = second ? this.objectOf(second as Expr) : undefined;
        return symbols ? { k: 'table', table: this.keyedTable('ffi-napi', library, symbols) } : undefined;
      }
      case 'bun-ffi.dlopen':
      case 'deno.dlopen':
      case 'node-ffi.dlopen': {
        const style: BindingStyle = api.mod === 'bun-ffi' ? 'bun' : api.mod === 'deno' ? 'deno' : 'node-ffi';
        const library = classifyCandidates(this.stringsOf(first));
        const symbols = second ? this.objectOf(second as Expr) : undefined;
        return { k: 'lib', style, library, table: symbols ? this.keyedTable(style, library, symbols) : undefined };
      }
      case 'ffi-rs.define': {
        const symbols = first ? this.objectOf(first as Expr) : undefined;
        return symbols ? { k: 'table', table: this.keyedTable('ffi-rs', { module: '', windows: 'unknown' }, symbols) } : undefined;
      }
      case 'win32-api.load': {
        const library = classifyLibrary(api.library ?? '');
        return { k: 'table', table: this.contractTable('win32-api', library, 'unsigned-number-or-bigint', 'number', call) };
      }
      default:
        void depth;
        return undefined;
    }
  }

  /** The value a local function returns (its single/last `return`, or an arrow's expression body). */
  private returnValue(fn: FunctionNode, self: Val | undefined, depth: number): Val | undefined {
    if (this.inProgress.has(fn)) return undefined;
    this.inProgress.add(fn);
    try {
      const thisValue = fn.type === 'ArrowFunctionExpression' ? self : self ?? this.selfOf(fn);
      if (fn.body.type !== 'BlockStatement') return this.wrapAsync(fn, this.evalExpr(fn.body, thisValue, depth + 1));
      const returns: TSESTree.ReturnStatement[] = [];
      walkFunctionBody(fn.body, (n) => {
        if (n.type === 'ReturnStatement' && n.argument) returns.push(n);
      });
      for (let i = returns.length - 1; i >= 0; i--) {
        const v = this.evalExpr(returns[i]!.argument, thisValue, depth + 1);
        if (v) return this.wrapAsync(fn, v);
      }
      return undefined;
    } finally {
      this.inProgress.delete(fn);
    }
  }

  private wrapAsync(fn: FunctionNode, v: Val | undefined): Val | undefined {
    return v && fn.async && v.k !== 'promise' ? { k: 'promise', of: v } : v;
  }

  // -------------------------------------------------------------------------------------------------------------
  // Declarations per binding style

  /** koffi: `lib.func('<prototype>')`, `lib.func('Name', ret, [args])`, `lib.func('__stdcall', 'Name', ret, [args])` */
  private koffiFunc(lib: Extract<Val, { k: 'lib' }>, call: Call): Val | undefined {
    if (lib.library.windows === 'no') return { k: 'foreign' };
    const args = call.arguments.map((a) => a as Expr);
    let strings = args.map((a) => this.stringsOf(a)?.[0]);
    let offset = 0;
    if (strings[0] && /^(__)?(stdcall|cdecl|fastcall|thiscall|vectorcall)$/i.test(strings[0]) && args.length >= 2) {
      offset = 1;
      strings = strings.slice(1);
    }
    let name: string | undefined;
    let returns: TypeVal | undefined;
    let params: TypeVal[] = [];
    if (args.length - offset === 1 && strings[0]) {
      const proto = parsePrototype(strings[0]);
      if (!proto) return undefined;
      name = proto.name;
      returns = this.koffiType(proto.returnType);
      params = proto.params.map((p) => this.koffiParam(p));
    } else if (strings[0]) {
      name = strings[0];
      returns = this.koffiTypeNode(args[offset + 1]);
      const list = args[offset + 2] ? this.arrayOf(args[offset + 2]!) : undefined;
      params = list ? list.elements.map((e) => this.koffiTypeNode(e ?? undefined) ?? { rep: 'unknown' }) : [];
    }
    const contract = name ? contractFor(name) : undefined;
    if (!contract || !name) return undefined;
    return {
      k: 'bound',
      b: {
        win32Name: name,
        contract,
        style: 'koffi',
        returns: returns?.rep ?? 'unknown',
        params: params.map((p) => p.rep),
        outValues: params.map((p) => p.pointee),
        async: false,
        node: call,
        library: lib.library.module || undefined,
        moduleAlias: this.koffiAlias(),
      },
    };
  }

  private koffiParam(p: CParam): TypeVal {
    const info = this.koffiType(p.type);
    return p.direction === 'in' ? info : { ...info, direction: p.direction };
  }

  private koffiType(type: string): TypeVal {
    return cTypeInfo(type, this.aliases());
  }

  /** A koffi type given as a value: a string, koffi.pointer(...), koffi.out(...), a named type constant. */
  private koffiTypeNode(node: Node | undefined, depth = 0): TypeVal | undefined {
    if (!node || depth > 8) return undefined;
    const n = unwrapExpr(node as Expr);
    const s = this.stringsOf(n)?.[0];
    if (s !== undefined) return this.koffiType(s);
    if (n.type === 'CallExpression') {
      const method = calleeName(unwrapExpr(n.callee as Expr));
      const args = n.arguments;
      const typeArg = (i: number): TypeVal | undefined => this.koffiTypeNode(args[i], depth + 1);
      switch (method) {
        case 'out':
        case 'inout':
          return { ...(typeArg(0) ?? { rep: 'pointer' }), direction: method };
        case 'pointer': {
          const inner = args.length >= 2 ? typeArg(1) : typeArg(0);
          const level = args.length >= 3 && args[2]?.type === 'Literal' && typeof args[2].value === 'number' ? args[2].value : 1;
          // a pointer to an opaque struct is the handle itself (its pointee is not a handle)
          const pointee = level > 1 ? 'pointer' : inner?.opaque || inner?.rep === 'unknown' ? undefined : inner?.rep;
          return { rep: 'pointer', pointee };
        }
        case 'opaque':
          return { rep: 'unknown', opaque: true };
        case 'alias':
          return typeArg(1);
        case 'types':
          return undefined;
        default:
          return undefined;
      }
    }
    if (n.type === 'Identifier') {
      const v = this.evalExpr(n, undefined, depth + 1);
      if (v?.k === 'type') return v.info;
      const init = this.initializerOf(n);
      return init && init !== n ? this.koffiTypeNode(init, depth + 1) : undefined;
    }
    if (n.type === 'MemberExpression') {
      const key = propertyKey(n) ?? '';
      const objectName = n.object.type === 'Identifier' ? n.object.name : '';
      if (/ptr|pointer/i.test(objectName)) return { rep: 'pointer', pointee: /^(HANDLE|VOID)$/i.test(key) ? 'pointer' : undefined };
      const v = this.evalExpr(n, undefined, depth + 1);
      if (v?.k === 'type') return v.info;
      return this.koffiType(key);
    }
    return undefined;
  }

  private aliases(): Map<string, TypeInfo> {
    if (this.koffiAliases) return this.koffiAliases;
    this.koffiAliases = new Map();
    for (const call of this.candidates()) {
      const callee = unwrapExpr(call.callee as Expr);
      const method = callee.type === 'MemberExpression' ? propertyKey(callee) : undefined;
      if (!method || !['alias', 'pointer', 'opaque', 'handle'].includes(method)) continue;
      const name = this.stringsOf(call.arguments[0])?.[0];
      if (!name || !/^[A-Za-z_]\w*$/.test(name)) continue;
      // koffi.pointer(type) with one argument is an anonymous pointer type, not a named one
      if ((method === 'pointer' || method === 'alias') && call.arguments.length < 2) continue;
      const value = this.koffiTypeNode(call);
      const info: TypeInfo = method === 'opaque' || method === 'handle' ? { rep: 'unknown' } : (value ?? { rep: 'unknown' });
      this.koffiAliases.set(name, { rep: info.rep, pointee: info.pointee });
    }
    return this.koffiAliases;
  }

  /** The module-level name the file gives koffi (`import koffi from 'koffi'`, `const ffi = require('koffi')`), for fix texts. */
  private koffiAlias(): string | undefined {
    if (this.koffiName !== undefined) return this.koffiName || undefined;
    this.koffiName = '';
    for (const statement of this.program.body) {
      if (statement.type === 'ImportDeclaration' && typeof statement.source.value === 'string' && statement.source.value.startsWith('koffi')) {
        const spec = statement.specifiers.find((sp) => sp.type !== 'ImportSpecifier');
        if (spec) return (this.koffiName = spec.local.name);
      }
      const declaration = statement.type === 'ExportNamedDeclaration' ? statement.declaration : statement;
      if (declaration?.type !== 'VariableDeclaration') continue;
      for (const d of declaration.declarations) {
        if (d.id.type !== 'Identifier' || !d.init) continue;
        const v = this.evalExpr(d.init, undefined, 0);
        if (v?.k === 'module' && v.mod === 'koffi') return (this.koffiName = d.id.name);
      }
    }
    return undefined;
  }

  /** A keyed declaration object: ffi-napi `{ Name: [ret, [args]] }`, bun `{ Name: { args, returns } }`, Deno `{ parameters, result }`, node:ffi `{ arguments, return }`. */
  private keyedTable(style: BindingStyle, library: LibraryName, symbols: TSESTree.ObjectExpression): SymbolTable {
    const cache = new Map<string, BoundCallee | undefined>();
    return {
      style,
      library,
      lookup: (name) => {
        if (cache.has(name)) return cache.get(name);
        let result: BoundCallee | undefined;
        const contract = contractFor(name);
        const entry = contract ? propertyValue(symbols, name) : undefined;
        if (entry) {
          const property = findProperty(symbols, name);
          if (style === 'ffi-napi') result = this.ffiNapiEntry(name, entry, library, property ?? entry);
          else {
            const object = this.objectOf(entry);
            result = object ? this.symbolEntry(style, name, object, library, property) : undefined;
          }
        }
        cache.set(name, result);
        return result;
      },
    };
  }

  private ffiNapiEntry(name: string, entry: Node, library: LibraryName, node: Node): BoundCallee | undefined {
    const contract = contractFor(name);
    const pair = this.arrayOf(entry);
    if (!contract || !pair) return undefined;
    const [ret, params] = pair.elements;
    const list = params ? this.arrayOf(params) : undefined;
    const types = list ? list.elements.map((e) => this.napiType(e ?? undefined)) : [];
    return {
      win32Name: name,
      contract,
      style: 'ffi-napi',
      returns: this.napiType(ret ?? undefined).rep,
      params: types.map((t) => t.rep),
      outValues: types.map((t) => t.pointee),
      async: false,
      node,
      library: library.module || undefined,
    };
  }

  private napiType(node: Node | undefined, depth = 0): TypeInfo {
    if (!node || depth > 8) return { rep: 'unknown' };
    const n = unwrapExpr(node as Expr);
    if (n.type === 'Identifier') {
      const init = this.initializerOf(n);
      if (init) return this.napiType(init, depth + 1);
    }
    const s = this.stringsOf(n)?.[0];
    if (s !== undefined) return { rep: ffiNapiTypeRep(s) };
    if (n.type === 'CallExpression' && calleeName(unwrapExpr(n.callee as Expr)) === 'refType') {
      const inner = this.napiType(n.arguments[0], depth + 1);
      return { rep: 'pointer', pointee: inner.rep === 'unknown' ? undefined : inner.rep };
    }
    const v = this.evalExpr(n, undefined, 0);
    if (v?.k === 'type') return v.info;
    if (n.type === 'MemberExpression') {
      const key = propertyKey(n) ?? '';
      if (n.object.type === 'Identifier' && /^(DTypes|DModel|D|Def|W)$/.test(n.object.name)) return { rep: win32ApiTypeRep(key) };
      return { rep: ffiNapiTypeRep(key) };
    }
    return { rep: 'unknown' };
  }

  private symbolEntry(style: BindingStyle, name: string, entry: TSESTree.ObjectExpression, library: LibraryName, property: Node | undefined): BoundCallee | undefined {
    const contract = contractFor(name);
    if (!contract) return undefined;
    const paramsNode = propertyValue(entry, style === 'bun' ? 'args' : style === 'deno' ? 'parameters' : 'arguments')
      ?? propertyValue(entry, 'parameters') ?? propertyValue(entry, 'args') ?? propertyValue(entry, 'arguments') ?? propertyValue(entry, 'paramsType');
    const resultNode = propertyValue(entry, style === 'bun' ? 'returns' : style === 'deno' ? 'result' : 'return')
      ?? propertyValue(entry, 'result') ?? propertyValue(entry, 'returns') ?? propertyValue(entry, 'return') ?? propertyValue(entry, 'retType');
    const list = paramsNode ? this.arrayOf(paramsNode) : undefined;
    const typeRep = (n: Node | undefined): HandleRepresentation => this.styleType(style, n);
    const nonblocking = propertyValue(entry, 'nonblocking');
    return {
      win32Name: name,
      contract,
      style,
      returns: resultNode ? typeRep(resultNode) : 'unknown',
      params: list ? list.elements.map((e) => typeRep(e ?? undefined)) : [],
      outValues: [],
      async: nonblocking?.type === 'Literal' && nonblocking.value === true,
      node: property ?? entry,
      library: library.module || undefined,
      moduleAlias: style === 'deno' ? 'Deno' : undefined,
      argumentsIn: style === 'ffi-rs' ? 'first-array' : undefined,
    };
  }

  private styleType(style: BindingStyle, node: Node | undefined): HandleRepresentation {
    if (!node) return 'unknown';
    const n = unwrapExpr(node as Expr);
    const s = this.stringsOf(n)?.[0];
    const byName = (name: string): HandleRepresentation =>
      style === 'bun' ? bunTypeRep(name) : style === 'deno' ? denoTypeRep(name) : style === 'ffi-rs' ? ffiRsTypeRep(name) : nodeFfiTypeRep(name);
    if (s !== undefined) return byName(s);
    const v = this.evalExpr(n, undefined, 0);
    if (v?.k === 'type') return v.info.rep;
    if (n.type === 'MemberExpression') return byName(propertyKey(n) ?? '');
    return 'unknown';
  }

  /** jsrt: an array of complete C prototypes; the callables are properties named after the functions. */
  private jsrtTable(call: Call): Val | undefined {
    let library: LibraryName = { module: '', windows: 'unknown' };
    let prototypes: TSESTree.ArrayExpression | undefined;
    for (const arg of call.arguments) {
      const array = this.arrayOf(arg);
      if (array) prototypes ??= array;
      else {
        const path = this.stringsOf(arg);
        if (path) library = classifyCandidates(path);
      }
    }
    if (!prototypes) return undefined;
    if (library.windows === 'no') return { k: 'foreign' };
    const byName = new Map<string, BoundCallee>();
    for (const element of prototypes.elements) {
      const text = element ? this.stringsOf(element)?.[0] : undefined;
      const proto = text ? parsePrototype(text) : undefined;
      const contract = proto ? contractFor(proto.name) : undefined;
      if (!proto || !contract || !element) continue;
      const params = proto.params.map((p) => cTypeInfo(p.type));
      byName.set(proto.name, {
        win32Name: proto.name,
        contract,
        style: 'jsrt',
        returns: jsrtRep(cTypeInfo(proto.returnType).rep),
        params: params.map((p) => jsrtRep(p.rep)),
        outValues: params.map((p) => (p.pointee ? jsrtRep(p.pointee) : undefined)),
        async: false,
        node: element,
        library: library.module || undefined,
      });
    }
    return { k: 'table', table: { style: 'jsrt', library, lookup: (name) => byName.get(name) } };
  }

  /** A table whose members are every contract function (win32-api's loaded object), with representations from the contract. */
  private contractTable(style: BindingStyle, library: LibraryName, handleRep: HandleRepresentation, boolRep: HandleRepresentation, node: Node): SymbolTable {
    return {
      style,
      library,
      lookup: (name) => {
        const contract = contractFor(name);
        return contract ? { ...fromContract(contract, style, handleRep, boolRep, node), library: library.module || undefined } : undefined;
      },
    };
  }

  // -------------------------------------------------------------------------------------------------------------
  // Syntax helpers that need the scope manager or parents

  /** Every string an expression may evaluate to (literals, templates with holes dropped, consts, ternaries). */
  private stringsOf(node: Node | null | undefined, depth = 0): string[] | undefined {
    if (!node || depth > 8) return undefined;
    const n = unwrapExpr(node as Expr);
    switch (n.type) {
      case 'Literal':
        return typeof n.value === 'string' ? [n.value] : undefined;
      case 'TemplateLiteral':
        return [n.quasis.map((q) => q.value.cooked ?? '').join('')];
      case 'ConditionalExpression': {
        const values = [...(this.stringsOf(n.consequent, depth + 1) ?? []), ...(this.stringsOf(n.alternate, depth + 1) ?? [])];
        return values.length ? values : undefined;
      }
      case 'LogicalExpression': {
        const values = [...(this.stringsOf(n.left, depth + 1) ?? []), ...(this.stringsOf(n.right, depth + 1) ?? [])];
        return values.length ? values : undefined;
      }
      case 'BinaryExpression': {
        if (n.operator !== '+') return undefined;
        const left = this.stringsOf(n.left as Expr, depth + 1) ?? [''];
        const right = this.stringsOf(n.right, depth + 1) ?? [''];
        return [left[0]! + right[0]!];
      }
      case 'CallExpression': {
        // path.join('C:\\Windows', 'System32', 'kernel32.dll'): the last literal segment names the file
        const last = n.arguments[n.arguments.length - 1];
        const callee = unwrapExpr(n.callee as Expr);
        if (callee.type === 'MemberExpression' && ['join', 'resolve', 'win32'].includes(propertyKey(callee) ?? '')) return this.stringsOf(last, depth + 1);
        return undefined;
      }
      case 'Identifier': {
        const init = this.initializerOf(n);
        return init ? this.stringsOf(init, depth + 1) : undefined;
      }
      default:
        return undefined;
    }
  }

  private objectOf(node: Node, depth = 0): TSESTree.ObjectExpression | undefined {
    const n = unwrapExpr(node as Expr);
    if (n.type === 'ObjectExpression') return n;
    if (n.type === 'Identifier' && depth < 8) {
      const init = this.initializerOf(n);
      return init ? this.objectOf(init, depth + 1) : undefined;
    }
    if (n.type === 'MemberExpression' && depth < 8) {
      const v = this.evalExpr(n, undefined, 0);
      return v?.k === 'object' ? v.node : undefined;
    }
    return undefined;
  }

  private arrayOf(node: Node, depth = 0): TSESTree.ArrayExpression | undefined {
    const n = unwrapExpr(node as Expr);
    if (n.type === 'ArrayExpression') return n;
    if (n.type === 'Identifier' && depth < 8) {
      const init = this.initializerOf(n);
      return init ? this.arrayOf(init, depth + 1) : undefined;
    }
    return undefined;
  }

  private variableOf(id: TSESTree.Identifier): BindingVariable | undefined {
    if (!this.scopeManager) {
      this.variablesByName ??= declarationsByName(this.program);
      return this.variablesByName.get(id.name);
    }
    if (!this.variables) {
      this.variables = new Map();
      for (const scope of this.scopeManager.scopes) {
        for (const ref of scope.references) this.variables.set(ref.identifier, ref.resolved);
        for (const variable of scope.variables) for (const ident of variable.identifiers) this.variables.set(ident, variable);
      }
    }
    return this.variables.get(id) ?? undefined;
  }

  private isGlobal(id: TSESTree.Identifier): boolean {
    const variable = this.variableOf(id);
    return !variable || variable.defs.length === 0;
  }

  private importSourceOf(id: TSESTree.Identifier): string | undefined {
    const variable = this.variableOf(id);
    const def = variable?.defs.find((d) => d.type === 'ImportBinding');
    return def ? importSource(def.parent as Node | undefined) : undefined;
  }

  private parentOf(node: Node): Node | undefined {
    if (!this.parents) {
      this.parents = new Map();
      const parents = this.parents;
      const visit = (n: Node): void => {
        forEachChild(n, (child) => {
          parents.set(child, n);
          visit(child);
        });
      };
      visit(this.program);
    }
    return this.parents.get(node);
  }

  /** What `this` is inside a function: the class (static) or an instance (method), or the object literal it is a property of. */
  private selfOf(fn: FunctionNode): Val | undefined {
    const parent = this.parentOf(fn);
    if (!parent) return undefined;
    if (parent.type === 'MethodDefinition' || parent.type === 'PropertyDefinition') {
      const cls = this.parentOf(this.parentOf(parent) ?? parent);
      if (cls && (cls.type === 'ClassDeclaration' || cls.type === 'ClassExpression')) return parent.static ? { k: 'class', node: cls } : { k: 'instance', cls };
    }
    if (parent.type === 'Property') {
      const object = this.parentOf(parent);
      if (object?.type === 'ObjectExpression') return { k: 'object', node: object };
    }
    return undefined;
  }

  private thisValue(node: TSESTree.ThisExpression): Val | undefined {
    let current: Node | undefined = node;
    while (current) {
      const parent = this.parentOf(current);
      if (!parent) return undefined;
      if (parent.type === 'FunctionExpression' || parent.type === 'FunctionDeclaration') return this.selfOf(parent);
      if (parent.type === 'PropertyDefinition' && current === parent.value) {
        const cls = this.parentOf(this.parentOf(parent) ?? parent);
        if (cls && (cls.type === 'ClassDeclaration' || cls.type === 'ClassExpression')) return parent.static ? { k: 'class', node: cls } : { k: 'instance', cls };
      }
      current = parent;
    }
    return undefined;
  }

  private ownMethod(node: TSESTree.ThisExpression, name: string): FunctionNode | undefined {
    const self = this.thisValue(node);
    const cls = self?.k === 'instance' ? self.cls : self?.k === 'class' ? self.node : undefined;
    if (!cls) return undefined;
    for (const member of cls.body.body) {
      if (member.type === 'MethodDefinition' && member.kind === 'method' && member.value.type === 'FunctionExpression' && staticKey(member.key, member.computed) === name)
        return member.value;
    }
    return undefined;
  }

  private declaredName(fn: FunctionNode): string | undefined {
    if (fn.id) return fn.id.name;
    const parent = this.parentOf(fn);
    if (!parent) return undefined;
    if (parent.type === 'VariableDeclarator' && parent.id.type === 'Identifier') return parent.id.name;
    if ((parent.type === 'Property' || parent.type === 'MethodDefinition' || parent.type === 'PropertyDefinition') && !parent.computed)
      return staticKey(parent.key, false);
    return undefined;
  }

  /** Calls that may declare or load something (collected once, in one walk, only for files that mention FFI). */
  private candidates(): Call[] {
    if (this.candidateCalls) return this.candidateCalls;
    const calls: Call[] = [];
    const interesting = new Set(['func', 'stdcall', 'cdecl', 'fastcall', 'thiscall', 'dlopen', 'Library', 'load', 'open', 'define', 'alias', 'pointer', 'opaque', 'handle', 'loadAndBatchBind']);
    walk(this.program, (n) => {
      if (n.type !== 'CallExpression' && n.type !== 'NewExpression') return;
      const name = calleeName(unwrapExpr(n.callee as Expr));
      if (name && interesting.has(name)) calls.push(n);
    });
    this.candidateCalls = calls;
    return calls;
  }

  /** The names a declaring call declares (keys of its symbols object, prototype names), for the declarations list. */
  private tableNames(call: Call): string[] {
    const names: string[] = [];
    for (const arg of call.arguments) {
      const object = this.objectOf(arg);
      if (object) for (const p of object.properties) if (p.type === 'Property') {
        const key = staticKey(p.key, p.computed);
        if (key) names.push(key);
      }
      const array = this.arrayOf(arg);
      if (array) for (const e of array.elements) {
        const text = e ? this.stringsOf(e)?.[0] : undefined;
        const proto = text ? parsePrototype(text) : undefined;
        if (proto) names.push(proto.name);
      }
    }
    const callee = unwrapExpr(call.callee as Expr);
    if (callee.type === 'MemberExpression' && propertyKey(callee) === 'load' && call.arguments.length === 0) {
      // win32-api's Kernel32.load(): every table function of that library
      const library = callee.object.type === 'Identifier' ? callee.object.name.toLowerCase() : '';
      names.push(...allContractNames(library));
    }
    return names;
  }

  private programMentionsFfi(): boolean {
    let found = false;
    walk(this.program, (n) => {
      if (found) return;
      if (n.type === 'Literal' && typeof n.value === 'string' && FFI_HINT.test(n.value)) found = true;
      else if (n.type === 'Identifier' && FFI_HINT.test(n.name)) found = true;
    });
    return found;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Pure helpers

/**
 * Scope-manager-free fallback: a pseudo-variable per declared name. Module-level declarations win over nested ones;
 * shadowing is not modelled, and lazily assigned lets are not followed.
 */
function declarationsByName(program: TSESTree.Program): Map<string, BindingVariable> {
  const byName = new Map<string, BindingVariable>();
  const nested = new Map<string, BindingVariable>();
  const add = (target: Map<string, BindingVariable>, name: string, def: BindingVariable['defs'][number]): void => {
    if (!target.has(name)) target.set(name, { name, defs: [def], identifiers: [def.name] });
  };
  const declare = (node: Node, target: Map<string, BindingVariable>, parent: Node | undefined): void => {
    switch (node.type) {
      case 'ImportDeclaration':
        for (const spec of node.specifiers) add(target, spec.local.name, { type: 'ImportBinding', node: spec, name: spec.local, parent: node });
        break;
      case 'VariableDeclaration':
        for (const d of node.declarations) {
          const names: TSESTree.Identifier[] = [];
          collectPatternNames(d.id, names);
          for (const id of names) add(target, id.name, { type: 'Variable', node: d, name: id, parent: node });
        }
        break;
      case 'FunctionDeclaration':
        if (node.id) add(target, node.id.name, { type: 'FunctionName', node, name: node.id, parent });
        break;
      case 'ClassDeclaration':
        if (node.id) add(target, node.id.name, { type: 'ClassName', node, name: node.id, parent });
        break;
      case 'TSImportEqualsDeclaration':
        add(target, node.id.name, { type: 'ImportBinding', node, name: node.id, parent });
        break;
      case 'ExportNamedDeclaration':
      case 'ExportDefaultDeclaration':
        if (node.declaration) declare(node.declaration as Node, target, node);
        break;
      default:
        break;
    }
  };
  for (const statement of program.body) declare(statement, byName, program);
  walk(program, (n) => {
    if (n.type === 'VariableDeclaration' || n.type === 'FunctionDeclaration' || n.type === 'ClassDeclaration') declare(n, nested, undefined);
  });
  for (const [name, variable] of nested) if (!byName.has(name)) byName.set(name, variable);
  // writes of lazily assigned lets: `cached = require('koffi')`
  const writes = new Map<string, BindingReference[]>();
  walk(program, (n) => {
    if (n.type === 'AssignmentExpression' && n.left.type === 'Identifier') {
      const list = writes.get(n.left.name) ?? [];
      list.push({ identifier: n.left, resolved: null, writeExpr: n.right });
      writes.set(n.left.name, list);
    }
  });
  for (const [name, references] of writes) {
    const variable = byName.get(name);
    if (variable) byName.set(name, { ...variable, references });
  }
  return byName;
}

function collectPatternNames(pattern: Node, out: TSESTree.Identifier[]): void {
  switch (pattern.type) {
    case 'Identifier': out.push(pattern); break;
    case 'ObjectPattern': for (const p of pattern.properties) collectPatternNames(p.type === 'Property' ? p.value : p.argument, out); break;
    case 'ArrayPattern': for (const e of pattern.elements) if (e) collectPatternNames(e, out); break;
    case 'AssignmentPattern': collectPatternNames(pattern.left, out); break;
    case 'RestElement': collectPatternNames(pattern.argument, out); break;
    default: break;
  }
}

function allContractNames(library: string): string[] {
  return CONTRACTS.filter((c) => c.module === library).map((c) => c.name);
}

function fromContract(
  contract: FunctionContract,
  style: BindingStyle,
  handleRep: HandleRepresentation,
  boolRep: HandleRepresentation,
  node: Node | undefined,
): BoundCallee {
  const returns: HandleRepresentation =
    contract.returns === 'handle' || contract.returns === 'pointer' ? handleRep : contract.returns === 'bool' ? boolRep : contract.returns === 'unknown' ? 'unknown' : 'number';
  const params: HandleRepresentation[] = [];
  const handleParams = new Set([...(contract.borrows ?? []), ...(contract.releases ?? []).map((r) => r.param), ...(contract.takes ?? [])]);
  const arity = contract.arity ?? Math.max(-1, ...handleParams) + 1;
  for (let i = 0; i < arity; i++) params.push(handleParams.has(i) ? handleRep : 'unknown');
  return {
    win32Name: contract.name,
    contract,
    style,
    returns,
    params,
    outValues: [],
    async: false,
    node: node as Node,
  };
}

function nameOnly(contract: FunctionContract, node: Node): BoundCallee {
  return { win32Name: contract.name, contract, style: 'name', returns: 'unknown', params: [], outValues: [], async: false, node };
}

function jsrtRep(rep: HandleRepresentation): HandleRepresentation {
  return rep === 'unsigned-number-or-bigint' ? 'pointer' : rep;
}

function typeFromNamespace(style: 'bun' | 'ffi-rs' | 'win32-api' | 'ffi-napi', key: string): Val {
  const rep = style === 'bun' ? bunTypeRep(key) : style === 'ffi-rs' ? ffiRsTypeRep(key) : style === 'win32-api' ? win32ApiTypeRep(key) : ffiNapiTypeRep(key);
  return { k: 'type', info: { rep } };
}

/** `FFIType.u64` / `DataType.External` when the namespace's import could not be followed. */
function typeNamespaceByName(objectName: string, key: string): Val | undefined {
  if (objectName === 'FFIType') return typeFromNamespace('bun', key);
  if (objectName === 'DataType') return typeFromNamespace('ffi-rs', key);
  if (objectName === 'DTypes' || objectName === 'DModel') return typeFromNamespace('win32-api', key);
  return undefined;
}

function lowerFirst(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}

function indexOrUndefined(list: readonly (string | undefined)[], name: string): number | undefined {
  const i = list.indexOf(name);
  return i < 0 ? undefined : i;
}

/** Strips TS-only wrappers and parentheses: `x as T`, `x!`, `<T>x`, `x satisfies T`. */
export function unwrapExpr(node: Expr): Expr {
  let n: Node = node;
  for (;;) {
    if (n.type === 'TSAsExpression' || n.type === 'TSNonNullExpression' || n.type === 'TSTypeAssertion' || n.type === 'TSSatisfiesExpression' || n.type === 'TSInstantiationExpression')
      n = n.expression;
    else if (n.type === 'ChainExpression') n = n.expression;
    else return n as Expr;
  }
}

function propertyKey(member: TSESTree.MemberExpression): string | undefined {
  return staticKey(member.property, member.computed);
}

function staticKey(key: Node, computed: boolean): string | undefined {
  if (!computed && key.type === 'Identifier') return key.name;
  if (key.type === 'Literal' && (typeof key.value === 'string' || typeof key.value === 'number')) return String(key.value);
  if (key.type === 'TemplateLiteral' && key.expressions.length === 0) return key.quasis[0]?.value.cooked ?? undefined;
  return undefined;
}

function calleeName(callee: Node): string | undefined {
  if (callee.type === 'Identifier') return callee.name;
  if (callee.type === 'MemberExpression') return propertyKey(callee);
  return undefined;
}

function importSource(declaration: Node | undefined): string | undefined {
  if (declaration?.type === 'ImportDeclaration' && typeof declaration.source.value === 'string') return declaration.source.value;
  return undefined;
}

function findProperty(object: TSESTree.ObjectExpression, key: string): TSESTree.Property | undefined {
  for (let i = object.properties.length - 1; i >= 0; i--) {
    const p = object.properties[i]!;
    if (p.type === 'Property' && staticKey(p.key, p.computed) === key) return p;
  }
  return undefined;
}

function propertyValue(object: TSESTree.ObjectExpression, key: string): Node | undefined {
  const p = findProperty(object, key);
  return p ? (p.value as Node) : undefined;
}

/** The keys leading from a declarator's pattern to one bound identifier: `{ symbols: { CloseHandle: c } }` → ['symbols', 'CloseHandle']. */
function patternPath(pattern: Node, target: Node): string[] | undefined {
  if (pattern === target) return [];
  if (pattern.type === 'ObjectPattern') {
    for (const p of pattern.properties) {
      if (p.type !== 'Property') continue;
      const key = staticKey(p.key, p.computed);
      const value = p.value.type === 'AssignmentPattern' ? p.value.left : p.value;
      const rest = patternPath(value, target);
      if (rest && key !== undefined) return [key, ...rest];
    }
  }
  if (pattern.type === 'AssignmentPattern') return patternPath(pattern.left, target);
  return undefined;
}

/** `this.<key> = value` anywhere in a method body (not inside nested non-arrow functions). */
function findThisAssignment(body: Node | null | undefined, key: string): Expr | undefined {
  let found: Expr | undefined;
  if (!body) return undefined;
  walkFunctionBody(body, (n) => {
    if (found || n.type !== 'AssignmentExpression') return;
    const left = n.left;
    if (left.type === 'MemberExpression' && left.object.type === 'ThisExpression' && propertyKey(left) === key) found = n.right;
  });
  return found;
}

/**
 * The call a function only forwards to: an arrow's expression body or the last statement (`return X` / `X;`),
 * through `await`, `!`, casts, `Boolean()/Number()`, a ternary's test or a comparison.
 */
function forwardedCall(fn: FunctionNode): { call: Call; transformed: boolean } | undefined {
  let expr: Node | null | undefined;
  let transformed = false;
  if (fn.body.type !== 'BlockStatement') expr = fn.body;
  else {
    const statements = fn.body.body;
    const last = statements[statements.length - 1];
    // only a straight-line prefix (declarations, expression statements) may precede the forwarded call: a guard
    // such as `if (!h) return;` makes the wrapper conditional, and the engine then analyses it as written
    if (!statements.slice(0, -1).every(isStraightLine)) return undefined;
    if (last?.type === 'ReturnStatement') expr = last.argument;
    else if (last?.type === 'ExpressionStatement') expr = last.expression;
  }
  for (let i = 0; expr && i < 8; i++) {
    const e = unwrapExpr(expr as Expr);
    switch (e.type) {
      case 'CallExpression':
        if (e.callee.type === 'Identifier' && ['Boolean', 'Number', 'BigInt', 'String'].includes(e.callee.name) && e.arguments.length === 1) {
          expr = e.arguments[0];
          transformed = true;
          continue;
        }
        return { call: e, transformed };
      case 'AwaitExpression':
        expr = e.argument;
        continue;
      case 'UnaryExpression':
        expr = e.argument;
        transformed = true;
        continue;
      case 'ConditionalExpression':
        expr = e.test;
        transformed = true;
        continue;
      case 'BinaryExpression':
        transformed = true;
        expr = e.left.type === 'CallExpression' || e.left.type === 'AwaitExpression' ? e.left : e.right;
        continue;
      default:
        return undefined;
    }
  }
  return undefined;
}

/** A statement with no control flow of its own (nested functions do not count). */
function isStraightLine(statement: TSESTree.Statement): boolean {
  if (statement.type !== 'VariableDeclaration' && statement.type !== 'ExpressionStatement') return false;
  let plain = true;
  walkFunctionBody(statement, (n) => {
    if (n.type === 'ConditionalExpression' || n.type === 'LogicalExpression' || n.type === 'ChainExpression' || n.type === 'YieldExpression') plain = false;
  });
  return plain;
}

function forEachChild(node: Node, visit: (child: Node) => void): void {
  for (const key in node) {
    if (key === 'parent' || key === 'loc' || key === 'range') continue;
    const value = (node as unknown as Record<string, unknown>)[key];
    if (Array.isArray(value)) {
      for (const item of value) if (item && typeof item === 'object' && typeof (item as Node).type === 'string') visit(item as Node);
    } else if (value && typeof value === 'object' && typeof (value as Node).type === 'string') visit(value as Node);
  }
}

function walk(node: Node, visit: (n: Node) => void): void {
  const stack: Node[] = [node];
  while (stack.length) {
    const n = stack.pop()!;
    visit(n);
    forEachChild(n, (child) => stack.push(child));
  }
}

/** Walks a function body without entering nested non-arrow functions or classes. */
function walkFunctionBody(node: Node, visit: (n: Node) => void): void {
  const stack: Node[] = [node];
  while (stack.length) {
    const n = stack.pop()!;
    visit(n);
    forEachChild(n, (child) => {
      if (child.type === 'FunctionDeclaration' || child.type === 'FunctionExpression' || child.type === 'ClassDeclaration' || child.type === 'ClassExpression') return;
      if (child.type === 'ArrowFunctionExpression') return;
      stack.push(child);
    });
  }
}
