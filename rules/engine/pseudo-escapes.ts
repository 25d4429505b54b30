/**
 * pseudo-handle: where a GetCurrentThread()/GetCurrentProcess() value changes meaning, and the fix.
 *
 * GetCurrentThread() is -2, "the thread that uses this value"; GetCurrentProcess() is -1, "the process that uses it".
 * This file knows the places a value goes to another thread or process (CreateThread's parameter, worker_threads
 * messages and workerData, child_process arguments and messages, a command line) and builds the DuplicateHandle
 * suggestion. Which expressions hold a pseudo handle is the interpreter's knowledge (analyze.ts asks per leaf).
 * Purely syntactic: no state, no findings of its own.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { contractFor } from '../../contracts/index.js';
import type { HandleRepresentation } from './bindings/types.js';
import type { AnalysisInput, VariableLike } from './input.js';
import type { Resolver } from './input.js';
import type { EngineSuggestion, PseudoEscape, TextEdit } from './types.js';

type Node = TSESTree.Node;

export type PseudoWhich = 'process' | 'thread';

/** An expression whose value is sent where a pseudo handle means another thread or process. */
export interface SentExpression {
  readonly node: Node;
  readonly escape: 'create-thread' | 'worker' | 'process';
}

/** child_process functions: every argument (command, arguments, options such as env) reaches the child. */
const CHILD_PROCESS_FUNCTIONS = new Set(['spawn', 'spawnSync', 'exec', 'execSync', 'execFile', 'execFileSync', 'fork']);
/** the ones that return a ChildProcess (whose send() talks to the child) */
const CHILD_PROCESS_FACTORIES = new Set(['spawn', 'exec', 'execFile', 'fork']);
/** worker_threads Worker options read by the new thread */
const WORKER_OPTIONS = new Set(['workerData', 'argv']);
/** Calls that only convert a value (to put it on a command line or into a message): the value still escapes. */
const CONVERSIONS = new Set(['String', 'Number', 'BigInt']);

const RUNTIME_MODULE = 'eslint-plugin-handles/runtime';
/** the names the suggestion uses, in the order it imports them */
const FIX_IMPORTS = ['DuplicateHandle', 'GetCurrentProcess', 'DUPLICATE_SAME_ACCESS', 'out'] as const;

/** Which pseudo handle a contract's acquired object kind names (the table marks both as `pseudo`). */
export function pseudoWhichOfKind(kind: string | undefined): PseudoWhich | undefined {
  return kind === 'Thread' ? 'thread' : kind === 'Process' ? 'process' : undefined;
}

/**
 * GetCurrentProcess()'s value as the binding represents it, for `=== INVALID_HANDLE_VALUE` tests: -1 as a signed
 * number or bigint, 2^64-1 as an unsigned 64-bit value (a bun `ptr` number rounds it to 2^64); a pointer object
 * never equals a constant. Names the index does not understand are taken as numbers (like sentinelExpression).
 */
export function currentProcessValue(rep: HandleRepresentation | undefined): number | bigint | undefined {
  switch (rep) {
    case undefined:
    case 'number':
    case 'unknown':
      return -1;
    case 'signed-bigint':
      return -1n;
    case 'unsigned-bigint':
    case 'unsigned-number-or-bigint':
      return 0xffffffffffffffffn;
    case 'number-or-null':
      return Number(0xffffffffffffffffn);
    default:
      return undefined;
  }
}

/** Whether `value <op> constant` is true for GetCurrentProcess()'s value in this representation. */
export function matchesCurrentProcess(rep: HandleRepresentation | undefined, constant: unknown, loose: boolean): boolean {
  const value = currentProcessValue(rep);
  if (value === undefined || (typeof constant !== 'number' && typeof constant !== 'bigint')) return false;
  // eslint-disable-next-line eqeqeq
  return loose ? value == constant : value === constant;
}

function unwrap(e: Node): Node {
  while (
    e.type === 'TSAsExpression' || e.type === 'TSNonNullExpression' || e.type === 'TSSatisfiesExpression' ||
    e.type === 'TSTypeAssertion' || e.type === 'TSInstantiationExpression'
  )
    e = e.expression;
  return e;
}

function keyName(key: Node, computed: boolean): string | undefined {
  if (!computed && key.type === 'Identifier') return key.name;
  if (key.type === 'Literal' && typeof key.value === 'string') return key.value;
  if (key.type === 'PrivateIdentifier') return `#${key.name}`;
  return undefined;
}

export class PseudoEscapes {
  private readonly readInFunction = new Map<VariableLike, boolean>();
  /** per call: what it sends (syntax only, so the same on every path and in every run) */
  private readonly sent = new Map<Node, SentExpression[]>();

  constructor(
    private readonly input: AnalysisInput,
    private readonly resolver: Resolver,
    private readonly parents: ReadonlyMap<Node, Node>,
  ) {}

  // -------------------------------------------------------------------------------------------------------------
  // Where values go

  /**
   * The expressions a call sends to a new thread or another process. `win32Name`: the contract the call reaches
   * (through a binding too), `argAt`: its Win32 argument nodes.
   */
  sentBy(call: TSESTree.CallExpression | TSESTree.NewExpression, win32Name: string | undefined, argAt: (i: number) => Node | undefined): SentExpression[] {
    let known = this.sent.get(call);
    if (!known) this.sent.set(call, (known = this.findSent(call, win32Name, argAt)));
    return known;
  }

  private findSent(call: TSESTree.CallExpression | TSESTree.NewExpression, win32Name: string | undefined, argAt: (i: number) => Node | undefined): SentExpression[] {
    const out: SentExpression[] = [];
    if (win32Name) {
      // the contract says which parameter reaches a new thread of this process or another process
      const starts = contractFor(win32Name)?.startsCode;
      const node = starts ? argAt(starts.parameter) : undefined;
      if (starts && node) out.push({ node, escape: starts.in === 'thread' ? 'create-thread' : 'process' });
      return out;
    }
    const callee = unwrap(call.callee);
    const args = call.arguments.filter((a): a is TSESTree.Expression => a.type !== 'SpreadElement');
    if (call.type === 'NewExpression') {
      if (!this.isWorkerClass(callee)) return out;
      const options = args[1] ? unwrap(args[1]) : undefined;
      if (options?.type !== 'ObjectExpression') return out;
      for (const p of options.properties) {
        if (p.type !== 'Property' || p.kind !== 'init') continue;
        const key = keyName(p.key, p.computed);
        if (key && WORKER_OPTIONS.has(key)) out.push({ node: p.value, escape: 'worker' });
      }
      return out;
    }
    const fn = this.childProcessFunction(callee);
    if (fn) {
      for (const a of args) out.push({ node: a, escape: 'process' });
      return out;
    }
    if (callee.type !== 'MemberExpression' || !args[0]) return out;
    const method = keyName(callee.property, callee.computed);
    const receiver = unwrap(callee.object);
    if (method === 'postMessage' && (this.isWorker(receiver) || this.isParentPort(receiver))) out.push({ node: args[0], escape: 'worker' });
    else if (method === 'send' && (this.isChildProcess(receiver) || this.isGlobalProcess(receiver))) out.push({ node: args[0], escape: 'process' });
    return out;
  }

  /**
   * The sub-expressions of a sent/stored/returned expression that carry their value into it unchanged: literal
   * containers' elements, template and `+` string parts, String()/JSON.stringify()/toString() conversions, both
   * branches of `?:` and logical operators. Functions are not entered (their body runs elsewhere).
   */
  leaves(expr: Node): Node[] {
    const out: Node[] = [];
    const visit = (node: Node, depth: number): void => {
      const n = unwrap(node);
      if (depth > 12) return;
      switch (n.type) {
        case 'ObjectExpression':
          for (const p of n.properties) visit(p.type === 'Property' ? p.value : p.argument, depth + 1);
          return;
        case 'ArrayExpression':
          for (const el of n.elements) if (el) visit(el.type === 'SpreadElement' ? el.argument : el, depth + 1);
          return;
        case 'TemplateLiteral':
          for (const x of n.expressions) visit(x, depth + 1);
          return;
        case 'BinaryExpression':
          if (n.operator === '+') {
            visit(n.left, depth + 1);
            visit(n.right, depth + 1);
          }
          return;
        case 'ConditionalExpression':
          visit(n.consequent, depth + 1);
          visit(n.alternate, depth + 1);
          return;
        case 'LogicalExpression':
          visit(n.left, depth + 1);
          visit(n.right, depth + 1);
          return;
        case 'CallExpression': {
          const converted = this.convertedOperand(n);
          if (converted) visit(converted, depth + 1);
          else out.push(n);
          return;
        }
        case 'Identifier':
        case 'MemberExpression':
          out.push(n);
          return;
        default:
          return;
      }
    };
    visit(expr, 0);
    return out;
  }

  /** `String(x)`, `Number(x)`, `JSON.stringify(x)`, `x.toString()`: x. */
  private convertedOperand(call: TSESTree.CallExpression): Node | undefined {
    const callee = unwrap(call.callee);
    const first = call.arguments[0];
    if (callee.type === 'Identifier' && CONVERSIONS.has(callee.name) && first && first.type !== 'SpreadElement' && this.isGlobal(callee)) return first;
    if (callee.type !== 'MemberExpression') return undefined;
    const name = keyName(callee.property, callee.computed);
    if (name === 'toString' && call.arguments.length <= 1) return callee.object;
    const object = unwrap(callee.object);
    if (name === 'stringify' && object.type === 'Identifier' && object.name === 'JSON' && this.isGlobal(object) && first && first.type !== 'SpreadElement') return first;
    return undefined;
  }

  /**
   * A store that keeps a value where another thread may read it: `this.f = …` / `x.f = …` on an object that is
   * not a local of the function (field), or a module-scope variable that some function reads (module). Stores
   * into local objects and module variables read only at the top level keep their meaning.
   */
  storeEscape(target: Node, fn: Node): Extract<PseudoEscape, 'field' | 'module'> | undefined {
    const t = unwrap(target);
    if (t.type === 'MemberExpression') {
      let base: Node = unwrap(t.object);
      while (base.type === 'MemberExpression') base = unwrap(base.object);
      if (base.type === 'ThisExpression') return 'field';
      if (base.type !== 'Identifier') return undefined;
      const variable = this.resolver.variableOf(base);
      if (!variable || variable.defs[0]?.type === 'Parameter') return 'field';
      const def = variable.defs[0]?.node as Node | undefined;
      const local = !!def && fn.type !== 'Program' && def.range[0] >= fn.range[0] && def.range[1] <= fn.range[1];
      return local ? undefined : 'field';
    }
    if (t.type !== 'Identifier') return undefined;
    const variable = this.resolver.variableOf(t);
    if (!variable || !this.isModuleVariable(variable)) return undefined;
    return this.isReadInFunction(variable) ? 'module' : undefined;
  }

  /** Declared at the top level of the module (not inside a function or a block). */
  private isModuleVariable(variable: VariableLike): boolean {
    const def = variable.defs[0];
    if (!def || def.type !== 'Variable') return false;
    const declaration = this.parents.get(def.node as Node);
    let holder = declaration ? this.parents.get(declaration) : undefined;
    if (holder?.type === 'ExportNamedDeclaration') holder = this.parents.get(holder);
    return holder?.type === 'Program';
  }

  private isReadInFunction(variable: VariableLike): boolean {
    let known = this.readInFunction.get(variable);
    if (known !== undefined) return known;
    known = false;
    const declared = new Set(variable.identifiers);
    const visit = (node: Node, inFunction: boolean): void => {
      if (known) return;
      if (node.type === 'Identifier' && inFunction && !declared.has(node) && this.resolver.variableOf(node) === variable) {
        const parent = this.parents.get(node);
        const written = parent?.type === 'AssignmentExpression' && parent.left === node && parent.operator === '=';
        if (!written) known = true;
      }
      const inside = inFunction || node.type === 'FunctionDeclaration' || node.type === 'FunctionExpression' || node.type === 'ArrowFunctionExpression';
      for (const key of Object.keys(node)) {
        if (key === 'parent' || key === 'loc' || key === 'range' || key === 'typeAnnotation' || key === 'returnType' || key === 'tokens' || key === 'comments') continue;
        const child = (node as unknown as Record<string, unknown>)[key];
        if (Array.isArray(child)) {
          for (const c of child) if (c && typeof (c as Node).type === 'string') visit(c as Node, inside);
        } else if (child && typeof child === 'object' && typeof (child as Node).type === 'string') visit(child as Node, inside);
      }
    };
    visit(this.input.ast, false);
    this.readInFunction.set(variable, known);
    return known;
  }

  // -------------------------------------------------------------------------------------------------------------
  // What things are

  /** Where an identifier comes from: `{ module, name }` for imports and requires (name '*' for the whole module). */
  private importOf(id: TSESTree.Identifier): { module: string; name: string } | undefined {
    const variable = this.resolver.variableOf(id);
    if (variable === undefined && !this.resolver.hasScopes) return this.importByName(id.name);
    const def = variable?.defs[0];
    if (!def) return undefined;
    if (def.type === 'ImportBinding') {
      for (const st of this.input.ast.body) {
        if (st.type !== 'ImportDeclaration') continue;
        for (const sp of st.specifiers) if (sp === def.node) return { module: moduleName(st.source.value), name: importedName(sp) };
      }
      return undefined;
    }
    if (def.type !== 'Variable') return undefined;
    const declarator = def.node as Node;
    if (declarator.type !== 'VariableDeclarator' || !declarator.init) return undefined;
    const module = requiredModule(declarator.init);
    if (!module) return undefined;
    if (declarator.id.type === 'Identifier') return { module, name: '*' };
    if (declarator.id.type === 'ObjectPattern') {
      for (const p of declarator.id.properties) {
        if (p.type !== 'Property') continue;
        const value = p.value.type === 'AssignmentPattern' ? p.value.left : p.value;
        if (value === def.name) {
          const key = keyName(p.key, p.computed);
          return key ? { module, name: key } : undefined;
        }
      }
    }
    return undefined;
  }

  /** Without a scope manager: the file's own import of that local name. */
  private importByName(local: string): { module: string; name: string } | undefined {
    for (const st of this.input.ast.body) {
      if (st.type !== 'ImportDeclaration') continue;
      for (const sp of st.specifiers) if (sp.local.name === local) return { module: moduleName(st.source.value), name: importedName(sp) };
    }
    return undefined;
  }

  /** Not declared in this file (a global such as `process`, `Worker`, `String`). */
  private isGlobal(id: TSESTree.Identifier): boolean {
    const variable = this.resolver.variableOf(id);
    if (variable === undefined) return !this.resolver.hasScopes && !this.importByName(id.name);
    return variable === null || variable.defs.length === 0;
  }

  /** `spawn`, `cp.spawn`, `child_process.fork` from node:child_process: the function's name. */
  private childProcessFunction(callee: Node): string | undefined {
    if (callee.type === 'Identifier') {
      const from = this.importOf(callee);
      return from?.module === 'child_process' && CHILD_PROCESS_FUNCTIONS.has(from.name) ? from.name : undefined;
    }
    if (callee.type === 'MemberExpression') {
      const object = unwrap(callee.object);
      const name = keyName(callee.property, callee.computed);
      if (object.type !== 'Identifier' || !name || !CHILD_PROCESS_FUNCTIONS.has(name)) return undefined;
      const from = this.importOf(object);
      return from?.module === 'child_process' && (from.name === '*' || from.name === 'default') ? name : undefined;
    }
    return undefined;
  }

  /** `Worker` from node:worker_threads (or `wt.Worker`), or the global (web) Worker: a new thread. */
  private isWorkerClass(callee: Node): boolean {
    if (callee.type === 'Identifier' && callee.name === 'Worker' && this.isGlobal(callee)) return true;
    return this.isWorkerThreadsExport(callee, 'Worker');
  }

  /** A type annotation naming a class of this module (`Worker`, `wt.Worker`, `Worker | undefined`). */
  private annotationNames(annotation: TSESTree.TypeNode | undefined, module: string, name: string): boolean {
    if (!annotation) return false;
    if (annotation.type === 'TSUnionType') return annotation.types.some((t) => this.annotationNames(t, module, name));
    if (annotation.type !== 'TSTypeReference') return false;
    const typeName = annotation.typeName;
    if (typeName.type === 'Identifier') {
      if (typeName.name === name && module === 'worker_threads' && this.isGlobal(typeName)) return true;
      const from = this.importOf(typeName);
      return from?.module === module && from.name === name;
    }
    if (typeName.type === 'TSQualifiedName' && typeName.right.name === name && typeName.left.type === 'Identifier') {
      const from = this.importOf(typeName.left);
      return from?.module === module && (from.name === '*' || from.name === 'default');
    }
    return false;
  }

  /** The declared type and initializer of what `x` or `this.x` names (parameter, variable, class field). */
  private declarationOf(receiver: Node): { type?: TSESTree.TypeNode; init?: Node } | undefined {
    if (receiver.type === 'Identifier') {
      const variable = this.resolver.variableOf(receiver);
      const def = variable?.defs[0];
      if (!def || variable.defs.length !== 1) return undefined;
      const name = def.name as Node;
      if (def.type === 'Parameter' && name.type === 'Identifier') return { type: name.typeAnnotation?.typeAnnotation };
      const declarator = def.node as Node;
      if (def.type === 'Variable' && declarator.type === 'VariableDeclarator' && declarator.id.type === 'Identifier') {
        const declaration = this.parents.get(declarator);
        const constant = declaration?.type === 'VariableDeclaration' && declaration.kind === 'const';
        return { type: declarator.id.typeAnnotation?.typeAnnotation, init: constant && declarator.init ? unwrap(declarator.init) : undefined };
      }
      return undefined;
    }
    if (receiver.type === 'MemberExpression' && unwrap(receiver.object).type === 'ThisExpression') {
      const field = keyName(receiver.property, receiver.computed);
      let cls: Node | undefined = receiver;
      while (cls && cls.type !== 'ClassBody') cls = this.parents.get(cls);
      if (!field || cls?.type !== 'ClassBody') return undefined;
      for (const member of cls.body) {
        if (member.type === 'PropertyDefinition' && keyName(member.key, member.computed) === field && !member.static) {
          const readonly = member.readonly;
          return { type: member.typeAnnotation?.typeAnnotation, init: readonly && member.value ? unwrap(member.value) : undefined };
        }
        if (member.type === 'MethodDefinition' && member.kind === 'constructor') {
          for (const p of member.value.params)
            if (p.type === 'TSParameterProperty' && p.parameter.type === 'Identifier' && p.parameter.name === field)
              return { type: p.parameter.typeAnnotation?.typeAnnotation };
        }
      }
    }
    return undefined;
  }

  private isWorker(receiver: Node): boolean {
    const d = this.declarationOf(receiver);
    if (!d) return false;
    if (this.annotationNames(d.type, 'worker_threads', 'Worker')) return true;
    return d.init?.type === 'NewExpression' && this.isWorkerClass(unwrap(d.init.callee));
  }

  /** `parentPort` (or `wt.parentPort`) from node:worker_threads: messages go to the thread that made this worker. */
  private isParentPort(receiver: Node): boolean {
    return this.isWorkerThreadsExport(receiver, 'parentPort');
  }

  /** `name` imported from node:worker_threads, or read off its namespace or default import (`wt.name`). */
  private isWorkerThreadsExport(node: Node, name: string): boolean {
    if (node.type === 'Identifier') {
      const from = this.importOf(node);
      return from?.module === 'worker_threads' && from.name === name;
    }
    if (node.type === 'MemberExpression' && keyName(node.property, node.computed) === name) {
      const object = unwrap(node.object);
      const from = object.type === 'Identifier' ? this.importOf(object) : undefined;
      return from?.module === 'worker_threads' && (from.name === '*' || from.name === 'default');
    }
    return false;
  }

  private isChildProcess(receiver: Node): boolean {
    const d = this.declarationOf(receiver);
    if (!d) return false;
    if (this.annotationNames(d.type, 'child_process', 'ChildProcess')) return true;
    if (d.init?.type !== 'CallExpression') return false;
    const fn = this.childProcessFunction(unwrap(d.init.callee));
    return !!fn && CHILD_PROCESS_FACTORIES.has(fn);
  }

  /** The global `process` (in a forked child, process.send() talks to the parent). */
  private isGlobalProcess(receiver: Node): boolean {
    return receiver.type === 'Identifier' && receiver.name === 'process' && this.isGlobal(receiver);
  }

  // -------------------------------------------------------------------------------------------------------------
  // The suggestion

  /**
   * duplicate-to-real-handle: before the statement holding `escaping`, at its indentation,
   *   const realThread = out();
   *   if (!DuplicateHandle(GetCurrentProcess(), <pseudo>, GetCurrentProcess(), realThread, 0, false, DUPLICATE_SAME_ACCESS)) throw new Error('DuplicateHandle failed');
   * then `escaping` becomes `realThread.value`, and the runtime import gains what is missing. Offered only in a
   * runtime file, when the statement sits in a statement list, the escaping expression runs every time the
   * statement does (not in a callback or behind `?:`/`&&`), and no name it introduces is taken.
   */
  duplicateToRealHandle(escaping: Node, which: PseudoWhich): EngineSuggestion | undefined {
    const text = this.input.text;
    const runtimeImport = this.input.ast.body.find(
      (st): st is TSESTree.ImportDeclaration => st.type === 'ImportDeclaration' && st.source.value === RUNTIME_MODULE && st.importKind !== 'type',
    );
    const named = runtimeImport?.specifiers.filter((sp): sp is TSESTree.ImportSpecifier => sp.type === 'ImportSpecifier') ?? [];
    const last = named[named.length - 1];
    if (!runtimeImport || !last) return undefined;
    const statement = this.enclosingStatement(escaping);
    if (!statement) return undefined;
    const lineStart = text.lastIndexOf('\n', statement.range[0] - 1) + 1;
    const indent = text.slice(lineStart, statement.range[0]);
    if (!/^[ \t]*$/.test(indent)) return undefined;
    const name = which === 'thread' ? 'realThread' : 'realProcess';
    const imported = new Map(named.map((sp) => [importedName(sp), sp.local.name]));
    const missing = FIX_IMPORTS.filter((n) => imported.get(n) !== n);
    if (this.declaresAnywhere([name, ...missing])) return undefined;
    // a variable declared by the statement itself is not available before it
    const e = unwrap(escaping);
    if (e.type === 'Identifier') {
      const def = this.resolver.variableOf(e)?.defs[0]?.node as Node | undefined;
      if (def && def.range[0] >= statement.range[0] && def.range[1] <= statement.range[1]) return undefined;
    }
    const pseudo = text.slice(escaping.range[0], escaping.range[1]);
    const inserted =
      `const ${name} = out();\n${indent}` +
      `if (!DuplicateHandle(GetCurrentProcess(), ${pseudo}, GetCurrentProcess(), ${name}, 0, false, DUPLICATE_SAME_ACCESS)) throw new Error('DuplicateHandle failed');\n${indent}`;
    const edits: TextEdit[] = [];
    if (missing.length > 0) edits.push({ range: [last.range[1], last.range[1]], text: `, ${missing.join(', ')}` });
    edits.push({ range: [statement.range[0], statement.range[0]], text: inserted });
    edits.push({ range: escaping.range, text: `${name}.value` });
    return { kind: 'duplicate-to-real-handle', description: `Duplicate \`${pseudo}\` into a real handle with DuplicateHandle`, edits };
  }

  /** The statement of a statement list that evaluates `node` unconditionally; undefined otherwise. */
  private enclosingStatement(node: Node): Node | undefined {
    let child = node;
    for (let parent = this.parents.get(child); parent; child = parent, parent = this.parents.get(child)) {
      switch (parent.type) {
        case 'BlockStatement':
        case 'Program':
        case 'SwitchCase':
          return parent.type === 'SwitchCase' && parent.test === child ? undefined : child;
        case 'FunctionDeclaration':
        case 'FunctionExpression':
        case 'ArrowFunctionExpression':
        case 'ClassBody':
        case 'IfStatement':
        case 'WhileStatement':
        case 'DoWhileStatement':
        case 'ForStatement':
        case 'ForInStatement':
        case 'ForOfStatement':
        case 'LabeledStatement':
        case 'TryStatement':
        case 'CatchClause':
          return undefined;
        case 'ConditionalExpression':
          if (parent.test !== child) return undefined;
          break;
        case 'LogicalExpression':
          if (parent.left !== child) return undefined;
          break;
        case 'ChainExpression':
          return undefined;
        default:
          break;
      }
    }
    return undefined;
  }

  /** Whether any scope of the file declares one of these names (the fix would clash with it). */
  private declaresAnywhere(names: readonly string[]): boolean {
    const wanted = new Set(names);
    const scopes = this.input.scopeManager?.scopes;
    if (!scopes) return new RegExp(`\\b(?:${names.join('|')})\\b`).test(this.input.text);
    return scopes.some((scope) => scope.variables.some((v) => wanted.has(v.name) && v.defs.length > 0));
  }
}

function moduleName(source: string): string {
  return source.startsWith('node:') ? source.slice(5) : source;
}

function importedName(sp: TSESTree.ImportClause): string {
  if (sp.type === 'ImportDefaultSpecifier') return 'default';
  if (sp.type === 'ImportNamespaceSpecifier') return '*';
  return sp.imported.type === 'Identifier' ? sp.imported.name : String(sp.imported.value);
}

/** `require('node:child_process')`, `await import('worker_threads')`: the module name. */
function requiredModule(init: Node): string | undefined {
  let n = unwrap(init);
  if (n.type === 'AwaitExpression') n = unwrap(n.argument);
  if (n.type === 'ImportExpression') return n.source.type === 'Literal' && typeof n.source.value === 'string' ? moduleName(n.source.value) : undefined;
  if (n.type !== 'CallExpression' || n.callee.type !== 'Identifier' || n.callee.name !== 'require') return undefined;
  const arg = n.arguments[0];
  return arg?.type === 'Literal' && typeof arg.value === 'string' ? moduleName(arg.value) : undefined;
}
