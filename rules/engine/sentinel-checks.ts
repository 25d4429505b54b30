/**
 * invalid-handle-check (finding 'wrong-sentinel'): can a test of a Win32 result see that call's failure?
 *
 * The interpreter (analyze.ts) calls `truth` and `equality` where it splits a state on a condition, with the
 * abstract value under test. Per function run and per test site, this file records which acquisitions the test saw
 * while they could still hold the failure value (the NONE bit), and whether it also saw values that are no
 * acquisition: nothing (null/0, a variable not assigned on that path) or something the analysis cannot follow.
 * `flush` judges a run's records once its whole function has been interpreted: loops visit a site many times, and
 * only the union of what reached it says whether the tested value is certainly the call's result.
 *
 * Judging needs the contract's failure value, how the call's binding represents the result (comparisonNeverTrue)
 * and what the test compares with. The fix is the binding's own failure test (sentinelExpression).
 */
import type { TSESTree } from '@typescript-eslint/utils';
import type { FailureValue } from '../../contracts/types.js';
import { comparisonNeverTrue, sentinelExpression } from './bindings/sentinels.js';
import type { BindingStyle, BoundCallee, HandleRepresentation } from './bindings/types.js';
import { type HandleInfo, NONE } from './lattice.js';
import type { EngineSuggestion, Finding, TextEdit } from './types.js';

type Node = TSESTree.Node;
type Expr = TSESTree.Expression;

/** The parts of the interpreter's abstract value these checks read (analyze.ts's AV, structurally). */
export interface TestedValue {
  readonly k: string;
  readonly ids?: readonly number[];
  readonly c?: unknown;
  readonly api?: string;
  readonly line?: number;
  readonly failure?: FailureValue;
}

/** What the checks need from the analyzer (all lazy: the analyzer's fields are not ready when this is built). */
export interface SentinelHost {
  text(node: Node): string;
  parentOf(node: Node): Node | undefined;
  /** the `h` of `ref.isNull(h)`, `h.isNull()`, `isNullPointer(h)` */
  nullTestOperand(e: Expr): Expr | undefined;
  /** the `h` of `koffi.address(h)`, `Deno.UnsafePointer.value(h)` */
  addressOperand(e: Node): Expr | undefined;
  boundCallee(call: Node): BoundCallee | undefined;
  hasFfi(): boolean;
  /** a local const's initializer, so that `x === MY_INVALID` can be judged like a literal */
  initializerOf(id: TSESTree.Identifier): Node | undefined;
  program(): TSESTree.Program;
  report(finding: Finding): void;
}

type Shape = 'truth' | 'null-call' | 'compare';

type Verdict =
  /** the test detects the failure (or, for truthiness, tells it apart) */
  | { readonly how: 'right' }
  /** says nothing about the failure (`fd < 0` is not seen here, `st === 2` names a specific status) */
  | { readonly how: 'none' }
  | { readonly how: 'wrong-value' | 'truthiness' }
  /** `otherwise`: the verdict when the value may also be something the call did not return (`let h = null`) */
  | { readonly how: 'never-true'; readonly reason: string; readonly otherwise: Verdict };

/** How the binding that made the call represents its result. */
interface Representation {
  readonly rep: HandleRepresentation;
  /** undefined: no fix can be written (a helper's result in an FFI file) */
  readonly style: BindingStyle | undefined;
  readonly moduleAlias?: string;
}

interface Entry extends Representation {
  readonly verdict: Verdict | 'mixed';
  readonly failure: FailureValue;
  readonly api: string;
  readonly line: number;
}

interface Observation {
  /** the reported node: the outermost `!` around the test, the null-test call, the comparison */
  readonly test: Node;
  readonly shape: Shape;
  /** whether the test's true edge claims "the call failed" (`!h`, `h === null`, `ref.isNull(h)`) */
  readonly claimsFailure: boolean;
  /** the tested value's expression; for comparisons known once a side holds a tested value */
  operand: Node | undefined;
  /** per acquisition (or per status result's call) */
  readonly entries: Map<object, Entry>;
  /** a path where the tested value holds nothing (null, 0, unassigned) */
  nothing: boolean;
  /** a path where it holds a value the analysis does not know, or one that is no acquisition */
  other: boolean;
}

interface RunRecord {
  readonly tests: Map<Node, Observation>;
  /** acquisitions some test judged right while they could still be the failure: testing both values is fine */
  readonly rightlyTested: Set<object>;
}

/** The runtime constants a fix may need, with their values (used when the file has no runtime import to extend). */
const RUNTIME_VALUES: Readonly<Record<string, string>> = { INVALID_HANDLE_VALUE: '-1' };
const RUNTIME_MODULE = 'eslint-plugin-handles/runtime';
const INVALID_U64 = 0xffffffffffffffffn;
const NO_CONSTANT = Symbol('no constant');
/** Failure values whose other sentinel is never a valid result: a test of both is redundant, not wrong. */
const HANDLE_SENTINELS: ReadonlySet<FailureValue> = new Set(['null', 'invalid']);

export class SentinelChecks {
  /** status/BOOL results (the interpreter's 'st' values) → the call that produced them */
  private readonly results = new WeakMap<object, Node>();
  private readonly runs = new Map<number, RunRecord>();

  constructor(private readonly host: SentinelHost) {}

  /** A BOOL/status/DWORD result value and its call (for the binding's representation). */
  noteResult(value: object, call: Node): void {
    this.results.set(value, call);
  }

  /** `if (v)`, `!v`, `ref.isNull(v)`, `v && …`: the truthiness of `operand` (value `v`) is tested. */
  truth(run: number, operand: Node, v: TestedValue | undefined, handleOf: (id: number) => HandleInfo | undefined): void {
    const record = this.record(run);
    let obs = record.tests.get(operand);
    if (!obs) record.tests.set(operand, (obs = this.truthSite(operand)));
    const shape = obs.shape;
    this.observe(record, obs, v, handleOf, (failure, representation) => judge(shape, failure, representation.rep, undefined));
  }

  /** `l === r` (and `!==`, `==`, `!=`) with the values of both sides. */
  equality(run: number, test: TSESTree.BinaryExpression, l: TestedValue | undefined, r: TestedValue | undefined, handleOf: (id: number) => HandleInfo | undefined): void {
    const leftTested = isTestable(l);
    const rightTested = isTestable(r);
    // two results compared with each other say nothing about either failure
    if (leftTested && rightTested) return;
    const record = this.record(run);
    let obs = record.tests.get(test);
    if (!obs) record.tests.set(test, (obs = this.equalitySite(test)));
    const valueOnRight = rightTested || (!leftTested && isLiteralLike(test.left));
    const [value, operand, other, otherNode] = valueOnRight ? [r, test.right, l, test.left] : [l, test.left, r, test.right];
    if (leftTested || rightTested) obs.operand ??= operand;
    if (obs.operand !== undefined && obs.operand !== operand) return;
    const constant = other?.k === 'c' ? other.c : NO_CONSTANT;
    const comparison = { constant, literal: otherNode, operator: test.operator as '===' | '!==' | '==' | '!=', direct: this.isDirect(operand) };
    this.observe(record, obs, value, handleOf, (failure, representation) => judge('compare', failure, representation.rep, comparison, (id) => this.host.initializerOf(id)));
  }

  /**
   * Values given to a local helper that tests them on every normal exit (its summary's `checks`): a NULL test of an
   * INVALID_HANDLE_VALUE result afterwards is redundant, as after a right test of its own.
   */
  testedByHelper(run: number, args: readonly (TestedValue | undefined)[], checks: readonly boolean[] | undefined, handleOf: (id: number) => HandleInfo | undefined): void {
    if (!checks) return;
    args.forEach((v, i) => {
      if (!checks[i] || v?.k !== 'h') return;
      for (const id of v.ids ?? []) {
        const info = handleOf(id);
        if (info?.acq.failure && info.acq.failure !== 'none') this.record(run).rightlyTested.add(info.acq);
      }
    });
  }

  /** The findings of a run whose function has been interpreted to the end. */
  flush(run: number): void {
    const record = this.runs.get(run);
    if (!record) return;
    this.runs.delete(run);
    for (const obs of record.tests.values()) {
      if (!obs.operand) continue;
      const wrong: Entry[] = [];
      let fine = 0;
      for (const [key, original] of obs.entries) {
        // the representation holds only for the call's own result: with null on other paths, `h !== null` can be false
        const entry = original.verdict !== 'mixed' && original.verdict.how === 'never-true' && (obs.nothing || obs.other)
          ? { ...original, verdict: original.verdict.otherwise }
          : original;
        const verdict = entry.verdict;
        // NULL and INVALID_HANDLE_VALUE both tested is fine; a descriptor tested with `!fd` still rejects fd 0
        const bothTested = verdict !== 'mixed' && verdict.how !== 'never-true' && HANDLE_SENTINELS.has(entry.failure) && record.rightlyTested.has(key);
        if (verdict === 'mixed' || verdict.how === 'right' || verdict.how === 'none' || bothTested) fine++;
        else wrong.push(entry);
      }
      if (wrong.length === 0) continue;
      wrong.sort((a, b) => a.line - b.line);
      const primary = wrong[0]!;
      const verdict = primary.verdict as Exclude<Verdict, { how: 'right' | 'none' }>;
      // another API or an unknown value on some path: the test is wrong on those paths only
      const certain = fine === 0 && !obs.other && wrong.every((e) => e.failure === primary.failure && (e.verdict as Verdict).how === verdict.how);
      this.host.report({
        kind: 'wrong-sentinel',
        node: obs.test,
        handle: this.host.text(obs.operand),
        opened: { api: primary.api, line: primary.line },
        certainty: certain ? 'definite' : 'maybe',
        sentinel: {
          test: this.host.text(obs.test),
          how: verdict.how,
          failure: primary.failure,
          ...(verdict.how === 'never-true' ? { outcome: this.outcomeOf(obs), reason: verdict.reason } : {}),
        },
        suggestions: certain ? this.compareWithFailure(obs, primary) : [],
      });
    }
  }

  // -------------------------------------------------------------------------------------------------------------

  private record(run: number): RunRecord {
    let record = this.runs.get(run);
    if (!record) this.runs.set(run, (record = { tests: new Map(), rightlyTested: new Set() }));
    return record;
  }

  private observe(
    record: RunRecord,
    obs: Observation,
    v: TestedValue | undefined,
    handleOf: (id: number) => HandleInfo | undefined,
    judgeFor: (failure: FailureValue, representation: Representation) => Verdict,
  ): void {
    if (!v) {
      obs.other = true;
      return;
    }
    if (v.k === 'h') {
      for (const id of v.ids ?? []) {
        const info = handleOf(id);
        if (!info) continue;
        const failure = info.acq.failure as FailureValue | undefined;
        const call = info.acq.node as Node | undefined;
        if (!info.acq.api || !failure || failure === 'none' || !call) {
          obs.other = true;
          continue;
        }
        const representation = this.representationOf(call, info.acq.slot === 'return' ? 'return' : 'out');
        const verdict = judgeFor(failure, representation);
        // tested already on this path: a further test is redundant, not wrong (but a right one still pairs with an
        // earlier wrong one: `e === INVALID_HANDLE_VALUE || e === NULL`, whose first test the interpreter takes as a check)
        if (!(info.bits & NONE)) {
          if (verdict.how === 'right') record.rightlyTested.add(info.acq);
          continue;
        }
        this.enter(record, obs, info.acq, { ...representation, verdict, failure, api: info.acq.api, line: info.acq.line });
      }
      return;
    }
    if (v.k === 'st') {
      const call = this.results.get(v);
      if (!call || !v.failure || v.failure === 'none' || !v.api || v.line === undefined) {
        obs.other = true;
        return;
      }
      // a result whose out-params were all tested already on this path
      if ((v.ids ?? []).length > 0 && (v.ids ?? []).every((id) => !((handleOf(id)?.bits ?? 0) & NONE))) return;
      const representation = this.representationOf(call, 'return');
      this.enter(record, obs, call, { ...representation, verdict: judgeFor(v.failure, representation), failure: v.failure, api: v.api, line: v.line });
      return;
    }
    if ((v.k === 'c' && !v.c) || v.k === 'f') obs.nothing = true;
    else obs.other = true;
  }

  private enter(record: RunRecord, obs: Observation, key: object, entry: Entry): void {
    const old = obs.entries.get(key);
    const verdict = old && !sameVerdict(old.verdict, entry.verdict) ? 'mixed' : entry.verdict;
    obs.entries.set(key, verdict === entry.verdict ? entry : { ...entry, verdict });
    if (entry.verdict !== 'mixed' && entry.verdict.how === 'right') record.rightlyTested.add(key);
  }

  private representationOf(call: Node, slot: 'return' | 'out'): Representation {
    const bound = this.host.boundCallee(call);
    if (!bound) return { rep: 'unknown', style: this.host.hasFfi() ? undefined : 'name' };
    let rep = bound.returns;
    if (slot === 'out') {
      const at = bound.contract.acquires?.find((a) => a.slot.at === 'out')?.slot;
      const received = at && at.at === 'out' ? bound.outValues[at.param] : undefined;
      rep = received ?? (bound.style === 'runtime' ? 'number' : 'unknown');
    }
    return { rep, style: bound.style, moduleAlias: bound.moduleAlias };
  }

  /** The operand is the value itself (not `koffi.address(h)`, which is a bigint whatever `h` is). */
  private isDirect(operand: Node): boolean {
    return this.host.addressOperand(unwrap(operand)) === undefined;
  }

  private truthSite(operand: Node): Observation {
    let node = operand;
    let shape: Shape = 'truth';
    let claimsFailure = false;
    node = this.climbTransparent(node);
    const parent = this.host.parentOf(node);
    const grandparent = parent ? this.host.parentOf(parent) : undefined;
    const call =
      parent?.type === 'CallExpression' ? parent
      : parent?.type === 'MemberExpression' && parent.object === node && grandparent?.type === 'CallExpression' && grandparent.callee === parent ? grandparent
      : undefined;
    if (call && this.host.nullTestOperand(call) === node) {
      node = call;
      shape = 'null-call';
      claimsFailure = true;
    }
    const top = this.climbNegations(node, claimsFailure);
    return { test: top.node, shape, claimsFailure: top.claimsFailure, operand, entries: new Map(), nothing: false, other: false };
  }

  private equalitySite(test: TSESTree.BinaryExpression): Observation {
    const top = this.climbNegations(test, test.operator === '===' || test.operator === '==');
    return { test: top.node, shape: 'compare', claimsFailure: top.claimsFailure, operand: undefined, entries: new Map(), nothing: false, other: false };
  }

  private climbTransparent(node: Node): Node {
    for (let parent = this.host.parentOf(node); parent && isTransparent(parent); parent = this.host.parentOf(node)) node = parent;
    return node;
  }

  private climbNegations(start: Node, claimsFailure: boolean): { node: Node; claimsFailure: boolean } {
    let node = start;
    let claims = claimsFailure;
    for (;;) {
      const parent = this.host.parentOf(node);
      if (parent && isTransparent(parent)) node = parent;
      else if (parent?.type === 'UnaryExpression' && parent.operator === '!') {
        node = parent;
        claims = !claims;
      } else break;
    }
    return { node, claimsFailure: claims };
  }

  private outcomeOf(obs: Observation): 'true' | 'false' {
    let node: Node = obs.test;
    while (node.type === 'UnaryExpression' || isTransparent(node)) node = node.type === 'UnaryExpression' ? node.argument : node.expression;
    return node.type === 'BinaryExpression' && (node.operator === '!==' || node.operator === '!=') ? 'false' : 'true';
  }

  // -------------------------------------------------------------------------------------------------------------
  // The fix

  private compareWithFailure(obs: Observation, entry: Entry): EngineSuggestion[] {
    if (!entry.style || !obs.operand) return [];
    // `koffi.address(h) === 0n`: the binding's own test is written on `h` itself
    const tested = this.host.addressOperand(unwrap(obs.operand)) ?? obs.operand;
    const operand = this.operandText(tested);
    const sentinel = sentinelExpression(entry.failure, entry.rep, entry.style, { handle: operand, moduleAlias: entry.moduleAlias });
    if (!sentinel) return [];
    const edits: TextEdit[] = [];
    let failed = sentinel.failed;
    for (const name of sentinel.imports ?? []) {
      const local = this.runtimeName(name, edits);
      const spelled = local ?? RUNTIME_VALUES[name];
      if (spelled === undefined) return [];
      if (spelled !== name) failed = failed.replace(new RegExp(`\\b${name}\\b`), spelled);
    }
    // the variable may hold nothing on paths where the call never ran: keep the NULL test (a descriptor may be 0)
    const mayHoldNothing = obs.nothing || this.declaredEmpty(tested);
    const keepNull = mayHoldNothing && !obs.other && isPlainReference(tested) && (entry.failure === 'invalid' || entry.failure === 'minus-one');
    let fix: string;
    if (keepNull) {
      const [isNothing, isSomething] = entry.failure === 'invalid' ? [`!${operand}`, operand] : [`${operand} == null`, `${operand} != null`];
      fix = obs.claimsFailure ? `${isNothing} || ${failed}` : `${isSomething} && ${negate(failed, operand)}`;
    } else {
      fix = obs.claimsFailure ? failed : negate(failed, operand);
    }
    if (this.needsParentheses(obs.test, keepNull)) fix = `(${fix})`;
    edits.unshift({ range: obs.test.range, text: fix });
    return [{ kind: 'compare-with-failure', description: `Test for the call's failure value: ${fix}`, edits }];
  }

  /** `let h = null` (or 0, undefined): paths that never assigned the call's result may reach the test even when
   *  the interpreter joined them with the others (loops, many branches). */
  private declaredEmpty(operand: Node): boolean {
    const id = unwrap(operand);
    if (id.type !== 'Identifier') return false;
    const init = this.host.initializerOf(id);
    if (!init) return false;
    const n = unwrap(init);
    return (n.type === 'Literal' && !n.value && !('regex' in n && n.regex)) || (n.type === 'Identifier' && n.name === 'undefined');
  }

  private operandText(operand: Node): string {
    const text = this.host.text(operand);
    const simple = ['Identifier', 'MemberExpression', 'CallExpression', 'ThisExpression', 'Literal'];
    return simple.includes(operand.type) ? text : `(${text})`;
  }

  /** A replacement of the test inside a larger expression keeps its meaning only in parentheses. */
  private needsParentheses(test: Node, compound: boolean): boolean {
    const parent = this.host.parentOf(test);
    if (!parent) return false;
    if (parent.type === 'LogicalExpression') return compound;
    return parent.type === 'BinaryExpression' || parent.type === 'UnaryExpression' || parent.type === 'MemberExpression' || isTransparent(parent);
  }

  /**
   * The file's local name for a runtime export the fix needs: an existing import of it, the namespace import, or
   * the name appended to the file's named runtime import (the edit is added). Undefined: no runtime import.
   */
  private runtimeName(name: string, edits: TextEdit[]): string | undefined {
    const imports = this.host.program().body.filter(
      (st): st is TSESTree.ImportDeclaration => st.type === 'ImportDeclaration' && st.source.value === RUNTIME_MODULE && st.importKind !== 'type',
    );
    for (const decl of imports)
      for (const sp of decl.specifiers)
        if (sp.type === 'ImportSpecifier' && sp.importKind !== 'type' && importedName(sp) === name) return sp.local.name;
    for (const decl of imports)
      for (const sp of decl.specifiers) if (sp.type === 'ImportNamespaceSpecifier') return `${sp.local.name}.${name}`;
    for (const decl of imports) {
      const named = decl.specifiers.filter((sp): sp is TSESTree.ImportSpecifier => sp.type === 'ImportSpecifier');
      const last = named[named.length - 1];
      if (!last) continue;
      edits.push({ range: [last.range[1], last.range[1]], text: `, ${name}` });
      return name;
    }
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Judging

interface Comparison {
  readonly constant: unknown;
  readonly literal: Node;
  readonly operator: '===' | '!==' | '==' | '!=';
  /** the compared expression is the result itself, in the binding's representation */
  readonly direct: boolean;
}

/** Which failure value a compared constant stands for. */
function sentinelClass(c: unknown): 'zero' | 'all-ones' | 'wait-failed' | undefined {
  if (c === null || c === undefined || c === 0 || c === 0n || c === false) return 'zero';
  // -1 in every width: INVALID_HANDLE_VALUE, (DWORD)-1 as a signed number, the u64 all-ones value and its double
  if (c === -1 || c === -1n || c === INVALID_U64 || c === Number(INVALID_U64)) return 'all-ones';
  if (c === 0xffffffff || c === 0xffffffffn) return 'wait-failed';
  return undefined;
}

/**
 * Whether a test of a result with this failure value and representation can see the failure. `comparison` is
 * given for `===`-style tests; without it the shape is a truthiness or null-call test.
 */
function judge(
  shape: Shape,
  failure: FailureValue,
  rep: HandleRepresentation,
  comparison: Comparison | undefined,
  lookup?: (id: TSESTree.Identifier) => Node | undefined,
): Verdict {
  if (shape === 'compare' && comparison) {
    if (comparison.direct && rep !== 'unknown') {
      const reason = comparisonNeverTrue(rep, comparison.literal, comparison.operator, lookup);
      if (reason) return { how: 'never-true', reason, otherwise: judge(shape, failure, rep, { ...comparison, direct: false }) };
    }
    const cls = comparison.constant === NO_CONSTANT ? undefined : sentinelClass(comparison.constant);
    switch (failure) {
      case 'invalid':
      case 'minus-one':
        return cls === 'zero' ? { how: 'wrong-value' } : cls === 'all-ones' ? { how: 'right' } : { how: 'none' };
      case 'null':
      case 'false':
        return cls === 'all-ones' ? { how: 'wrong-value' } : cls === 'zero' ? { how: 'right' } : { how: 'none' };
      case 'wait-failed':
        return cls === 'all-ones' ? { how: 'wrong-value' } : cls === 'wait-failed' ? { how: 'right' } : { how: 'none' };
      default:
        // a status code: only comparisons that can never be true are judged (`st === 2` names a specific error)
        return { how: 'none' };
    }
  }
  if (shape === 'null-call') {
    if (failure === 'invalid' || failure === 'minus-one') return { how: 'wrong-value' };
    return failure === 'null' ? { how: 'right' } : { how: 'none' };
  }
  // truthiness: INVALID_HANDLE_VALUE and -1 are truthy; NULL, FALSE and a status's success 0 are falsy
  if (failure === 'invalid' || failure === 'minus-one') return { how: 'truthiness' };
  return failure === 'null' || failure === 'false' || failure === 'status' ? { how: 'right' } : { how: 'none' };
}

function sameVerdict(a: Verdict | 'mixed', b: Verdict | 'mixed'): boolean {
  if (a === 'mixed' || b === 'mixed') return a === b;
  return a.how === b.how;
}

/** The negation of a failure test: `a === b` → `a !== b`, `!h` → `h`, `ref.isNull(h)` → `!ref.isNull(h)`. */
export function negate(failed: string, operand: string): string {
  const comparison = /^(.*) (===|!==) ([^\s()]+)$/s.exec(failed);
  if (comparison) return `${comparison[1]} ${comparison[2] === '===' ? '!==' : '==='} ${comparison[3]}`;
  if (failed === `!${operand}`) return operand;
  return `!${failed}`;
}

function isTestable(v: TestedValue | undefined): boolean {
  return v?.k === 'h' || v?.k === 'st';
}

function isLiteralLike(node: Node): boolean {
  const n = unwrap(node);
  return n.type === 'Literal' || (n.type === 'UnaryExpression' && unwrap(n.argument).type === 'Literal');
}

function isPlainReference(node: Node): boolean {
  const n = unwrap(node);
  if (n.type === 'Identifier' || n.type === 'ThisExpression') return true;
  return n.type === 'MemberExpression' && (!n.computed || n.property.type === 'Literal') && isPlainReference(n.object);
}

function importedName(sp: TSESTree.ImportSpecifier): string {
  return sp.imported.type === 'Identifier' ? sp.imported.name : String(sp.imported.value);
}

type Transparent = TSESTree.TSAsExpression | TSESTree.TSNonNullExpression | TSESTree.TSSatisfiesExpression | TSESTree.TSTypeAssertion;

function isTransparent(node: Node): node is Transparent {
  return node.type === 'TSAsExpression' || node.type === 'TSNonNullExpression' || node.type === 'TSSatisfiesExpression' || node.type === 'TSTypeAssertion';
}

function unwrap(node: Node): Node {
  let n = node;
  while (isTransparent(n)) n = n.expression;
  return n;
}
