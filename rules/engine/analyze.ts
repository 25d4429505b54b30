/**
 * The ownership analysis: a path-sensitive typestate interpreter over ESTree, one run per function.
 *
 * Control flow is interpreted structurally (completion records: normal, break/continue per label, return;
 * exceptions go to the innermost try handler), which gives exact try/finally (the finally block runs once per
 * kind of completion), labels, switch fall-through, and loops iterated to a fixpoint. Each program point holds a
 * small set of partitions (ESP, Das/Lerner/Seigle 2002): states with the same typestate map are joined, states
 * that differ stay apart up to PARTITION_CAP, then widen. Branch conditions are evaluated under each partition's
 * facts, so constant and correlated conditions prune infeasible edges without enumerating paths.
 * See docs/engine.md.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { CONTRACTS, contractFor } from '../../contracts/index.js';
import { DUPLICATE_ARGUMENT_CONSTANTS, DUPLICATE_DEFINED_OPTIONS } from '../../contracts/constants.js';
import type { FailureValue, FunctionContract, UserFunctionDeclaration } from '../../contracts/types.js';
import type { AnalysisInput, VariableLike } from './input.js';
import { Resolver } from './input.js';
import { type PseudoWhich, PseudoEscapes, matchesCurrentProcess, pseudoWhichOfKind } from './pseudo-escapes.js';
import { type BindingIndex, type BoundCallee, type OutParamHolder, indexBindingsFor, isOutParamRead, outParamReads } from './bindings/index.js';
import {
  type Acquisition, type HandleInfo, type Ownership,
  CLOSED, DEFER, NONE, OPEN, RELEASED, joinInfo, mayLeak, sameInfo, sameTypestate, settled,
} from './lattice.js';
import { type PMap, pequal, pforEach, pget, pmerge, pset } from './pmap.js';
import type { DuplicateOptionsProblem, EngineSuggestion, Finding, FindingKind, HandlesSettings, TextEdit, UnownedReason } from './types.js';
import { SentinelChecks } from './sentinel-checks.js';
import { type TestFact, type UncheckedParamEffect, checkableFailure, joinParamEffect, passToLocal, uncheckedFinding } from './unchecked-use.js';

type Node = TSESTree.Node;
type Expr = TSESTree.Expression;
type FunctionNode = TSESTree.FunctionDeclaration | TSESTree.FunctionExpression | TSESTree.ArrowFunctionExpression;
type ClassNode = TSESTree.ClassDeclaration | TSESTree.ClassExpression;

/** Partitions kept per program point before joining (widening). */
const PARTITION_CAP = 8;
/** Loop iterations before all partitions at the loop head are joined into one. */
const WIDEN_AFTER = 4;
/** Loop iterations before giving up on a fixpoint (the function's findings are then dropped). */
const MAX_ITERATIONS = 40;
/** Handle ids one binding may point to after joins. */
const MAX_ALIASES = 4;

// ---------------------------------------------------------------------------------------------------------------
// Abstract values and states

type Const = number | boolean | string | null | undefined | bigint;

/** What an expression or a variable holds; `undefined` = unknown. */
type AV =
  /** one or (after joins) several handle values */
  | { readonly k: 'h'; readonly ids: readonly number[] }
  /** a known constant */
  | { readonly k: 'c'; readonly c: Const }
  /** known truthy / falsy, value unknown */
  | { readonly k: 't' }
  | { readonly k: 'f' }
  /** the BOOL/status/handle result of a Win32 call: success decides which handle values exist */
  | { readonly k: 'st'; readonly ids: readonly number[]; readonly api: string; readonly line: number; readonly failure: FailureValue }
  /** a local function or class, as a value */
  | { readonly k: 'fn'; readonly node: FunctionNode | ClassNode }
  /** an array or object literal holding handles (escapes when the container does); props by key when simple */
  | { readonly k: 'box'; readonly ids: readonly number[]; readonly props?: ReadonlyMap<string, AV | undefined> }
  /** an instance of a local owner class, holding the handles its constructor took */
  | { readonly k: 'inst'; readonly cls: ClassInfo; readonly ids: readonly number[] }
  /** a DisposableStack and the handles registered with it (adopt/use/defer), released when it is disposed */
  | { readonly k: 'stack'; readonly ids: readonly number[] };

const TRUTHY: AV = { k: 't' };
const FALSY: AV = { k: 'f' };
/** Operators whose use on a value is a test of it (check-before-use). */
const COMPARISONS = new Set(['===', '!==', '==', '!=', '<', '<=', '>', '>=']);

interface ExcOrigin {
  /** 'throw': an explicit throw statement (a normal-path leak); 'call': a call or await that may throw */
  readonly kind: 'throw' | 'call';
  readonly line: number;
  readonly api?: string;
  /** source position of the throwing node (the first exit in source order names the path) */
  readonly pos: number;
  /** a generator's consumer stopping at a `yield` */
  readonly via?: 'yield';
}

interface St {
  readonly h: PMap<HandleInfo>;
  readonly v: PMap<AV>;
  /** ids that may be leaked (owned, not escaped, maybe open): a superset, checked against h */
  readonly live: PMap<true>;
  /** joined across different typestates (widened): findings from it are 'maybe' */
  readonly approx: boolean;
  /** the failure branch this path is on, for "when `X` fails (line N)" */
  readonly fail?: { readonly api: string; readonly line: number };
  readonly exc?: ExcOrigin;
  /** the return statement a protected (finally/using) return came from */
  readonly exit?: TSESTree.ReturnStatement;
}

const EMPTY_STATE: St = { h: undefined, v: undefined, live: undefined, approx: false, fail: undefined, exc: undefined, exit: undefined };

function avEqual(a: AV | undefined, b: AV | undefined): boolean {
  if (a === b) return true;
  if (!a || !b || a.k !== b.k) return false;
  switch (a.k) {
    case 'h': return sameIds(a.ids, (b as typeof a).ids);
    case 'c': return Object.is(a.c, (b as typeof a).c);
    case 't': case 'f': return true;
    case 'st': return sameIds(a.ids, (b as typeof a).ids) && a.line === (b as typeof a).line && a.api === (b as typeof a).api;
    case 'fn': return a.node === (b as typeof a).node;
    case 'box': return sameIds(a.ids, (b as typeof a).ids) && a.props === (b as typeof a).props;
    case 'inst': return a.cls === (b as typeof a).cls && sameIds(a.ids, (b as typeof a).ids);
    case 'stack': return sameIds(a.ids, (b as typeof a).ids);
  }
}

function sameIds(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function truthiness(av: AV | undefined): boolean | undefined {
  if (!av) return undefined;
  if (av.k === 'c') return Boolean(av.c);
  if (av.k === 't' || av.k === 'fn' || av.k === 'box' || av.k === 'inst' || av.k === 'stack') return true;
  if (av.k === 'f') return false;
  return undefined;
}

function joinAV(a: AV | undefined, b: AV | undefined): AV | undefined {
  if (avEqual(a, b)) return a;
  if (!a || !b) return undefined;
  if (a.k === 'h' && b.k === 'h') {
    const ids = [...new Set([...a.ids, ...b.ids])].sort((x, y) => x - y);
    return ids.length <= MAX_ALIASES ? { k: 'h', ids } : undefined;
  }
  if (a.k === 'stack' && b.k === 'stack') return { k: 'stack', ids: [...new Set([...a.ids, ...b.ids])].sort((x, y) => x - y) };
  // a handle on one path, nothing (0/null/undefined) on the other: the value's NONE bit says "may hold nothing"
  if (a.k === 'h' && truthiness(b) === false) return a;
  if (b.k === 'h' && truthiness(a) === false) return b;
  const ta = truthiness(a);
  if (ta !== undefined && ta === truthiness(b) && a.k !== 'h' && b.k !== 'h') return ta ? TRUTHY : FALSY;
  return undefined;
}

function joinHandle(a: HandleInfo | undefined, b: HandleInfo | undefined): HandleInfo | undefined {
  if (a && b) return joinInfo(a, b);
  const x = (a ?? b)!;
  // absent on the other path = acquired on this path only: the other path holds nothing
  return x.bits & NONE ? x : { ...x, bits: x.bits | NONE };
}

function joinStates(a: St, b: St): St {
  if (a === b) return a;
  const sameFail = a.fail === b.fail || (a.fail && b.fail && a.fail.api === b.fail.api && a.fail.line === b.fail.line);
  return makeState(
    pmerge(a.h, b.h, joinHandle),
    pmerge(a.v, b.v, joinAV),
    pmerge(a.live, b.live, (x, y) => x ?? y),
    a.approx || b.approx,
    sameFail ? a.fail : undefined,
    !a.exc ? b.exc : !b.exc ? a.exc : a.exc.line <= b.exc.line ? a.exc : b.exc,
    a.exit ?? b.exit,
  );
}

function sameKey(a: St, b: St): boolean {
  return pequal(a.h, b.h, sameTypestate, settled);
}

/** Adds a state to a partition set: joined into the partition with the same typestates, else a new one (capped). */
function addState(list: St[], s: St): void {
  for (let i = 0; i < list.length; i++) {
    if (sameKey(list[i]!, s)) {
      list[i] = joinStates(list[i]!, s);
      return;
    }
  }
  list.push(s);
  if (list.length > PARTITION_CAP) {
    const last = list.pop()!;
    const prev = list.pop()!;
    const j = joinStates(prev, last);
    list.push(makeState(j.h, j.v, j.live, true, j.fail, j.exc, j.exit));
  }
}

function addAll(list: St[], states: readonly St[]): void {
  for (const s of states) addState(list, s);
}

function widen(list: readonly St[]): St[] {
  if (list.length <= 1) return [...list];
  let acc = list[0]!;
  for (let i = 1; i < list.length; i++) acc = joinStates(acc, list[i]!);
  return [makeState(acc.h, acc.v, acc.live, true, acc.fail, acc.exc, acc.exit)];
}

function sameStateSets(a: readonly St[], b: readonly St[]): boolean {
  if (a.length !== b.length) return false;
  return a.every((x) => b.some((y) => pequal(x.h, y.h, sameInfo) && pequal(x.v, y.v, avEqual) && x.approx === y.approx));
}

/** Every state is built here, so all states share one object shape (monomorphic property access). */
function makeState(
  h: PMap<HandleInfo>, v: PMap<AV>, live: PMap<true>, approx: boolean,
  fail: St['fail'], exc: ExcOrigin | undefined, exit: TSESTree.ReturnStatement | undefined,
): St {
  return { h, v, live, approx, fail, exc, exit };
}

function withHandle(s: St, id: number, info: HandleInfo): St {
  const live = mayLeak(info) ? pset(s.live, id, true as const) : s.live;
  return makeState(pset(s.h, id, info), s.v, live, s.approx, s.fail, s.exc, s.exit);
}

function withVar(s: St, loc: number, av: AV | undefined): St {
  const v = pset(s.v, loc, av);
  return v === s.v ? s : makeState(s.h, v, s.live, s.approx, s.fail, s.exc, s.exit);
}

// ---------------------------------------------------------------------------------------------------------------
// Completions

interface Completion {
  n: St[];
  r: St[];
  b: Map<string, St[]>;
  c: Map<string, St[]>;
}

/** Shared by every completion without breaks/continues (most of them): allocated on first jump. */
const NO_JUMPS: Map<string, St[]> = new Map();

function completion(n: St[] = []): Completion {
  return { n, r: [], b: NO_JUMPS, c: NO_JUMPS };
}

function addJump(comp: Completion, kind: 'b' | 'c', label: string, states: readonly St[]): void {
  if (states.length === 0) return;
  if (comp[kind] === NO_JUMPS) comp[kind] = new Map();
  const map = comp[kind];
  let list = map.get(label);
  if (!list) map.set(label, (list = []));
  addAll(list, states);
}

/** Merges a completion's abrupt parts into another. */
function mergeAbrupt(into: Completion, from: Completion): void {
  if (from.r.length) addAll(into.r, from.r);
  for (const [k, v] of from.b) addJump(into, 'b', k, v);
  for (const [k, v] of from.c) addJump(into, 'c', k, v);
}

// ---------------------------------------------------------------------------------------------------------------
// Summaries

type ParamEffect = 'closes' | 'maybe-closes' | 'takes' | 'escapes' | 'uses';

interface Summary {
  readonly params: readonly ParamEffect[];
  readonly returns?:
    | { readonly kind: 'owned'; readonly failure: FailureValue; readonly releaser?: string }
    | { readonly kind: 'param'; readonly index: number }
    /** an object/array literal of parameters: `return { handle: h }` */
    | { readonly kind: 'box'; readonly props: readonly (readonly [string, number])[] }
    | { readonly kind: 'disposed'; readonly line: number };
  readonly noReturn: boolean;
  /** an exception can leave it (a throwing call or throw statement not caught inside) */
  readonly mayThrow: boolean;
  /** check-before-use: per parameter, used before any test of it, or given where the analysis cannot see */
  readonly unchecked?: readonly (UncheckedParamEffect | undefined)[];
  /** check-before-use: per parameter, tested on every normal exit (a helper that throws or returns on failure) */
  readonly checks?: readonly boolean[];
}

const UNKNOWN_SUMMARY: Summary = { params: [], noReturn: false, mayThrow: true };

interface ClassInfo {
  readonly node: ClassNode;
  /** fields released in close()/dispose()/[Symbol.dispose]() */
  readonly ownedFields: ReadonlySet<string>;
  /** methods that release an owned field (close, dispose, delete, ... or one that calls such a method) */
  readonly releasingMethods: ReadonlySet<string>;
  /** owned fields that may hold nothing when a method starts (an overwrite there is only 'maybe') */
  readonly mayBeEmpty: ReadonlySet<string>;
  /** the first acquisition stored into each owned field, for messages */
  readonly fieldOpened: ReadonlyMap<string, { api: string; line: number }>;
  readonly ctor?: TSESTree.FunctionExpression;
  readonly methods: ReadonlyMap<string, TSESTree.FunctionExpression>;
}

// ---------------------------------------------------------------------------------------------------------------
// Calls

type Target =
  /** `bound`: reached through an FFI binding (bindings/), whose arguments may differ from the call's own */
  | { readonly t: 'contract'; readonly name: string; readonly c: FunctionContract; readonly bound?: BoundCallee }
  | { readonly t: 'user'; readonly name: string; readonly d: UserFunctionDeclaration }
  | { readonly t: 'local'; readonly name: string; readonly fn: FunctionNode }
  | { readonly t: 'class'; readonly name: string; readonly cls: ClassInfo }
  | { readonly t: 'never' }
  | { readonly t: 'owned' }
  | { readonly t: 'method'; readonly name: string; readonly object: Expr }
  | { readonly t: 'unknown'; readonly name?: string };

const NAMED_CONSTANTS: Readonly<Record<string, Const>> = {
  INVALID_HANDLE_VALUE: -1, NULL: null, FALSE: 0, TRUE: 1, ERROR_SUCCESS: 0, S_OK: 0, STATUS_SUCCESS: 0,
  DUPLICATE_CLOSE_SOURCE: 1, DUPLICATE_SAME_ACCESS: 2, WAIT_FAILED: 0xffffffff,
};


/** Access bits DuplicateHandle rejects with ERROR_ACCESS_DENIED when DUPLICATE_SAME_ACCESS is not given (bits 21-23, 26-27). */
const RESERVED_ACCESS_BITS = 0x0ce00000;

/** INVALID_HANDLE_VALUE as an unsigned 64-bit value: bun u64, koffi/Deno 64-bit integers, koffi.address(), UnsafePointer.value() */
const INVALID_U64 = 0xffffffffffffffffn;
/** the same written as a number literal (a double: 2^64), which bun `ptr` results compare with */
const INVALID_U64_NUMBER = Number(INVALID_U64);
/** Calls that give a pointer's address: the value is the handle itself, seen as a number or bigint (not a use, no escape). */
const ADDRESS_NAMESPACES = new Set(['koffi', 'ffi', 'ref']);

const EQUALITY_OPERATORS = new Set(['===', '!==', '==', '!=']);

/** Node's assertion modules: `assert(x)` throws when x is falsy. */
const ASSERT_MODULES = new Set(['assert', 'node:assert', 'assert/strict', 'node:assert/strict']);

const RELEASE_METHODS = new Set(['close', 'dispose', 'Symbol.dispose', 'Symbol.asyncDispose']);
/** Array methods whose callback runs synchronously, before the call returns. */
const SYNC_CALLBACK_METHODS = new Set([
  'forEach', 'map', 'filter', 'some', 'every', 'find', 'findIndex', 'findLast', 'findLastIndex', 'reduce', 'reduceRight', 'flatMap', 'sort',
]);
const TIMERS = new Set(['setTimeout', 'setInterval', 'setImmediate']);
const CANCEL_TIMERS = new Set(['clearTimeout', 'clearInterval', 'clearImmediate']);
const BOX_METHODS = new Set(['push', 'unshift', 'pop', 'shift', 'slice', 'concat', 'includes', 'indexOf', 'join', 'at', ...SYNC_CALLBACK_METHODS]);
const GLOBAL_CONSTRUCTORS = /^(?:(?:Ui|I)nt(?:8|16|32)Array|Uint8ClampedArray|Float(?:32|64)Array|Big(?:Ui|I)nt64Array|Array|ArrayBuffer|DataView|Map|Set|WeakMap|WeakSet|WeakRef|Date|Object|Promise|AbortController|TextEncoder|TextDecoder|\w*Error|DisposableStack|AsyncDisposableStack)$/;
const PURE_FUNCTIONS = new Set(['Number', 'String', 'Boolean', 'BigInt', 'Symbol', 'isNaN', 'isFinite', 'parseInt', 'parseFloat', 'setTimeout', 'setInterval', 'setImmediate', 'clearTimeout', 'clearInterval', 'clearImmediate', 'queueMicrotask', 'out']);
const PURE_NAMESPACES = new Set(['console', 'Math', 'Object', 'Array', 'Number', 'String', 'Symbol', 'Date']);

/** Never children: back links, positions, and the Program's token/comment lists. */
const SKIPPED_KEYS = new Set(['parent', 'loc', 'range', 'tokens', 'comments']);
/** Type positions hold no runtime code. */
const TYPE_KEYS = new Set(['typeAnnotation', 'returnType', 'typeParameters', 'typeArguments']);

interface Out {
  readonly s: St;
  readonly v: AV | undefined;
}

class Handler {
  readonly states: St[] = [];
}

/** Per-function run: the exits, the protected depth (returns that must first pass a finally/using). */
class Run {
  readonly handlers: Handler[] = [];
  protectDepth = 0;
  exitJoin: St | undefined;
  readonly returned: { av: AV | undefined; s: St }[] = [];
  readonly paramIds: (number | undefined)[] = [];
  readonly usingLocs = new Set<number>();
  /** an exception left the function on some path */
  threw = false;
  readonly locIds = new Map<string, number>();
  readonly fieldsOfLoc = new Map<number, Set<number>>();
  readonly siteIds = new Map<string, number>();
  readonly acquisitions = new Map<number, Acquisition>();
  /** out-param holders read back through a call (`buf.readPointer(0)`, `koffi.decode(p, T)`), by holder name */
  readonly outHolders = new Map<string, OutParamHolder>();
  /** check-before-use: what this function does with each parameter (by index) before testing it */
  readonly uncheckedParams = new Map<number, UncheckedParamEffect>();
  /** check-before-use: the first store of each value into a field or outer variable (reported if it leaves untested) */
  readonly uncheckedStores = new Map<number, Node>();
  constructor(
    readonly id: number,
    readonly fn: FunctionNode | TSESTree.Program,
    readonly name: string,
    readonly cls: ClassInfo | undefined,
  ) {}
}

export interface AnalysisDebug {
  /** functions whose analysis failed internally (their findings are dropped) */
  readonly failedFunctions: number;
  readonly analysedFunctions: number;
  readonly bailedOut: boolean;
}

export interface EngineResult {
  readonly findings: Finding[];
  readonly debug: AnalysisDebug;
}

/** A DuplicateHandle argument whose value the analysis does not know (distinct from a known `undefined`). */
const UNKNOWN_ARGUMENT = Symbol('unknown argument');

const KIND_ORDER: readonly FindingKind[] = [
  'leak', 'leak-on-exception', 'lost', 'double-close', 'use-after-close', 'close-unowned', 'pass-duplicate', 'shared-owner',
  'duplicate-options', 'wrong-releaser', 'out-param-holder',
];

// ---------------------------------------------------------------------------------------------------------------

let bailRegexCache: { key: string; re: RegExp } | undefined;

/** Cheap O(text) test: could this file call anything handle-related at all? */
export function mentionsHandles(text: string, settings: HandlesSettings, contractNames: readonly string[]): boolean {
  const extra = Object.keys(settings.functions ?? {});
  const key = extra.join(',');
  if (!bailRegexCache || bailRegexCache.key !== key) {
    const names = [...contractNames, ...extra, 'OwnedHandle', 'BorrowedHandle'].map((n) => n.replace(/[$]/g, '\\$'));
    bailRegexCache = { key, re: new RegExp(`\\b(?:${names.join('|')})\\b`) };
  }
  return bailRegexCache.re.test(text);
}

export class FileAnalyzer {
  private readonly resolver: Resolver;
  private readonly parents = new Map<Node, Node>();
  private readonly functions: FunctionNode[] = [];
  private readonly classes = new Map<ClassNode, ClassInfo>();
  private readonly methodClass = new Map<FunctionNode, ClassInfo>();
  private readonly varIds = new Map<VariableLike, number>();
  // Value and location ids are dense per analysed function (small tries, see pmap.ts)
  private get locIds(): Map<string, number> {
    return this.run.locIds;
  }
  private get fieldsOfLoc(): Map<number, Set<number>> {
    return this.run.fieldsOfLoc;
  }
  private get siteIds(): Map<string, number> {
    return this.run.siteIds;
  }
  private get acquisitions(): Map<number, Acquisition> {
    return this.run.acquisitions;
  }
  private runs = 0;
  private readonly summaries = new Map<Node, Summary | 'pending'>();
  private readonly findings = new Map<string, Finding>();
  private readonly findingOrder = new Map<string, number>();
  private readonly findingValue = new Map<Finding, number>();
  private readonly openAt = new Map<Node, Set<number>>();
  /** closes of owned values, by node: a close-unowned there is not on every path */
  private readonly ownedCloseAt = new Set<Node>();
  /** assignments that, on some path, overwrite nothing open */
  private readonly safeOverwriteAt = new Set<Node>();
  private readonly lines: number[] = [];
  private failed = 0;
  private analysed = 0;
  private run!: Run;
  /** built on first use: only files that pass the quick bail-out and call something get an FFI index */
  private bindingIndex: BindingIndex | undefined;
  private readonly boundOf = new Map<Node, BoundCallee | null>();
  /** Win32 arguments of bound calls whose arguments are not the call's own (ffi-rs paramsValue, reordering wrappers) */
  private readonly win32Args = new Map<Node, readonly (Node | undefined)[]>();
  /** out-param holder variables (as passed to the acquiring call) → the acquisition they received */
  private readonly holderAcquisitions = new Map<VariableLike, number>();
  /** invalid-handle-check: what each test of a result can see (sentinel-checks.ts); judged when a run ends */
  private readonly sentinels = new SentinelChecks({
    text: (node) => this.text(node),
    parentOf: (node) => this.parents.get(node),
    nullTestOperand: (e) => this.nullTestOperand(e),
    addressOperand: (e) => (e.type === 'CallExpression' ? this.addressOperand(e) : undefined),
    boundCallee: (call) => (call.type === 'CallExpression' || call.type === 'NewExpression' ? this.boundCallee(call) : undefined),
    hasFfi: () => this.bindings.hasFfi,
    initializerOf: (id) => this.bindings.initializerOf(id),
    program: () => this.input.ast,
    report: (finding) => this.report(finding, finding.node),
  });

  constructor(
    private readonly input: AnalysisInput,
    private readonly settings: HandlesSettings,
  ) {
    this.resolver = new Resolver(input.scopeManager);
  }

  analyze(): EngineResult {
    this.index(this.input.ast, undefined);
    for (const cls of this.classes.keys()) this.classInfo(cls);
    this.guarded(this.input.ast, () => this.notePseudoFieldInitializers());
    this.guarded(this.input.ast, () => this.analyzeUnit(this.input.ast));
    for (const fn of this.functions) if (!this.summaries.has(fn)) this.guarded(fn, () => this.summaryOf(fn));
    const findings = [...this.findings.values()].map((f) =>
      f.certainty === 'definite' &&
      (((f.kind === 'double-close' || f.kind === 'use-after-close') && !this.closedOnEveryPath(f)) ||
        (f.kind === 'close-unowned' && this.ownedCloseAt.has(f.node)) ||
        (f.kind === 'wrong-releaser' && this.rightReleaseAt.has(f.node)) ||
        (f.kind === 'lost' && f.lostHow === 'overwritten' && this.safeOverwriteAt.has(f.node)))
        ? // matching-close offers no fix for a wrong family on some paths only
          { ...f, certainty: 'maybe' as const, ...(f.kind === 'wrong-releaser' ? { suggestions: [] } : {}) }
        : f,
    ).sort(
      (a, b) => a.node.range[0] - b.node.range[0] || KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind),
    );
    // one bug, one finding: a site that leaks on a normal path is not also reported for exception paths
    const leakSites = new Set(findings.filter((f) => f.kind === 'leak').map((f) => f.node));
    return {
      findings: findings.filter((f) => !(f.kind === 'leak-on-exception' && leakSites.has(f.node))),
      debug: { failedFunctions: this.failed, analysedFunctions: this.analysed, bailedOut: false },
    };
  }

  /** Runs one unit; an internal error drops that unit's findings instead of failing the file. */
  private guarded(unit: Node, work: () => void): void {
    const before = new Map(this.findings);
    const saved = this.run;
    try {
      work();
    } catch {
      this.failed++;
      this.findings.clear();
      for (const [k, v] of before) this.findings.set(k, v);
      this.summaries.set(unit, UNKNOWN_SUMMARY);
    } finally {
      this.run = saved;
    }
  }

  // -------------------------------------------------------------------------------------------------------------
  // Indexing: parents, functions, classes (one walk over the file)

  private index(node: Node, parent: Node | undefined): void {
    if (parent) this.parents.set(node, parent);
    switch (node.type) {
      case 'FunctionDeclaration':
      case 'FunctionExpression':
      case 'ArrowFunctionExpression':
        if (node.body) this.functions.push(node);
        break;
      case 'ClassDeclaration':
      case 'ClassExpression':
        this.classes.set(node, undefined as unknown as ClassInfo);
        break;
    }
    this.forEachChild(node, (child) => this.index(child, node), true);
  }

  /** The node's children, by the parser's visitor keys when the input has them (ESLint's SourceCode does). */
  private forEachChild(node: Node, visit: (child: Node) => void, skipTypes = false): void {
    const keys = this.input.visitorKeys?.[node.type] ?? Object.keys(node);
    for (const key of keys) {
      if (SKIPPED_KEYS.has(key) || (skipTypes && TYPE_KEYS.has(key))) continue;
      const child = (node as unknown as Record<string, unknown>)[key];
      if (Array.isArray(child)) {
        for (const c of child) if (c && typeof (c as Node).type === 'string') visit(c as Node);
      } else if (child && typeof child === 'object' && typeof (child as Node).type === 'string') visit(child as Node);
    }
  }

  private classInfo(cls: ClassNode): ClassInfo {
    const existing = this.classes.get(cls);
    if (existing) return existing;
    const methods = new Map<string, TSESTree.FunctionExpression>();
    let ctor: TSESTree.FunctionExpression | undefined;
    for (const member of cls.body.body) {
      if (member.type !== 'MethodDefinition' || member.value.type !== 'FunctionExpression') continue;
      if (member.kind === 'constructor') ctor = member.value;
      const name = propertyName(member.key, member.computed);
      if (name) methods.set(name, member.value);
    }
    const ownedFields = new Set<string>();
    const releasingMethods = new Set<string>();
    const delegates = new Map<string, string[]>();
    for (const [name, fn] of methods) {
      // a field the class releases in any method (close(), [Symbol.dispose](), a C++-style delete()) is owned
      if (fn === ctor) continue;
      this.walk(fn.body, (n) => {
        if (n.type !== 'CallExpression') return;
        const callee = unwrap(n.callee);
        if (callee.type === 'MemberExpression' && callee.object.type === 'ThisExpression') {
          const m = propertyName(callee.property, callee.computed);
          if (m) delegates.set(name, [...(delegates.get(name) ?? []), m]);
        }
        const released = this.releasedParams(n);
        for (const i of released) {
          const arg = n.arguments[i];
          if (arg?.type === 'MemberExpression' && arg.object.type === 'ThisExpression') {
            const f = propertyName(arg.property, arg.computed);
            if (f) {
              ownedFields.add(f);
              releasingMethods.add(name);
            }
          }
        }
      });
    }
    // `[Symbol.dispose]() { this.close(); }` releases too
    for (let changed = true; changed; ) {
      changed = false;
      for (const [name, callees] of delegates)
        if (!releasingMethods.has(name) && callees.some((c) => releasingMethods.has(c))) {
          releasingMethods.add(name);
          changed = true;
        }
    }
    const fieldOpened = new Map<string, { api: string; line: number }>();
    // owned fields that may hold nothing when a method starts: set lazily, emptied (`= 0`), or uninitialised
    const mayBeEmpty = new Set<string>();
    const ctorSets = new Set<string>();
    for (const st of ctor?.body?.body ?? []) {
      const x = st.type === 'ExpressionStatement' ? st.expression : undefined;
      if (x?.type === 'AssignmentExpression' && x.left.type === 'MemberExpression' && x.left.object.type === 'ThisExpression' && unwrap(x.right).type === 'CallExpression') {
        const f = propertyName(x.left.property, x.left.computed);
        if (f) ctorSets.add(f);
      }
    }
    for (const p of ctor?.params ?? []) if (p.type === 'TSParameterProperty' && p.parameter.type === 'Identifier') ctorSets.add(p.parameter.name);
    this.walk(cls.body, (n) => {
      let field: string | undefined;
      let value: Node | null | undefined;
      if (n.type === 'AssignmentExpression' && n.left.type === 'MemberExpression' && n.left.object.type === 'ThisExpression') {
        field = propertyName(n.left.property, n.left.computed);
        value = n.right;
      } else if (n.type === 'PropertyDefinition') {
        field = propertyName(n.key, n.computed);
        value = n.value;
        if (field && value?.type !== 'CallExpression' && !ctorSets.has(field)) mayBeEmpty.add(field);
      }
      if (field && value && (value.type === 'Literal' || (value.type === 'Identifier' && value.name === 'undefined')) && !(value.type === 'Literal' && value.value))
        mayBeEmpty.add(field);
      if (!field || !ownedFields.has(field) || fieldOpened.has(field) || value?.type !== 'CallExpression') return;
      const api = calleeName(value.callee);
      if (api) fieldOpened.set(field, { api, line: value.loc.start.line });
    });
    for (const f of ownedFields) if (!ctorSets.has(f) && !fieldOpened.has(f)) mayBeEmpty.add(f);
    const info: ClassInfo = { node: cls, ownedFields, releasingMethods, fieldOpened, mayBeEmpty, ctor, methods };
    this.classes.set(cls, info);
    for (const fn of methods.values()) this.methodClass.set(fn, info);
    return info;
  }

  private walk(node: Node, visit: (n: Node) => void): void {
    visit(node);
    this.forEachChild(node, (child) => this.walk(child, visit));
  }

  // -------------------------------------------------------------------------------------------------------------
  // Ids

  private varId(variable: VariableLike): number {
    let id = this.varIds.get(variable);
    if (id === undefined) this.varIds.set(variable, (id = this.varIds.size));
    return id;
  }

  private loc(key: string): number {
    let id = this.locIds.get(key);
    if (id === undefined) this.locIds.set(key, (id = this.locIds.size));
    return id;
  }

  private fieldLoc(base: number, field: string): number {
    const id = this.loc(`${base}.${field}`);
    let set = this.fieldsOfLoc.get(base);
    if (!set) this.fieldsOfLoc.set(base, (set = new Set()));
    set.add(id);
    return id;
  }

  private siteId(node: Node, slot: string): number {
    const key = `${node.range[0]}:${node.range[1]}:${slot}`;
    let id = this.siteIds.get(key);
    if (id === undefined) this.siteIds.set(key, (id = this.siteIds.size));
    return id;
  }

  /** The storage location an identifier names (its variable, or a global by name). */
  private identLoc(id: TSESTree.Identifier): number {
    const variable = this.resolver.variableOf(id);
    if (variable) return this.loc(`v${this.varId(variable)}`);
    return this.loc(`g:${id.name}`);
  }

  /** The location of `x`, `this.f`, `x.f`, `x[0]`, `x.f.g`; undefined for anything else. */
  private exprLoc(e: Node): number | undefined {
    if (e.type === 'Identifier') return this.identLoc(e);
    if (e.type === 'ThisExpression') return this.loc('this');
    if (e.type === 'MemberExpression') {
      const base = this.exprLoc(e.object);
      const field = propertyName(e.property, e.computed);
      if (base === undefined || field === undefined) return undefined;
      return this.fieldLoc(base, field);
    }
    if (isTransparent(e)) return this.exprLoc(e.expression);
    return undefined;
  }

  private line(node: Node): number {
    return node.loc.start.line;
  }

  private text(node: Node): string {
    return this.input.text.slice(node.range[0], node.range[1]);
  }

  // -------------------------------------------------------------------------------------------------------------
  // Findings

  /**
   * Records a finding, one per (kind, site). Among several paths the definite one wins, then the one whose exit
   * comes first in source order (`order`).
   */
  private report(f: Finding, site: number | Node, order = 0, valueId?: number): void {
    const key = `${f.kind}${f.duplicateOptions ? `/${f.duplicateOptions.problem}` : ''}:${typeof site === 'number' ? `s${this.run.id}:${site}` : `n${site.range[0]}-${site.range[1]}`}`;
    const old = this.findings.get(key);
    if (old) {
      const better = old.certainty === 'maybe' && f.certainty === 'definite';
      const same = old.certainty === f.certainty;
      if (!better && !(same && order < (this.findingOrder.get(key) ?? 0))) return;
    }
    this.findings.set(key, f);
    this.findingOrder.set(key, order);
    if (valueId !== undefined) this.findingValue.set(f, valueId);
  }

  /** A release or use evaluated while the value may still be open: findings there are 'maybe' (not on every path). */
  private noteOpenAt(node: Node, id: number): void {
    let ids = this.openAt.get(node);
    if (!ids) this.openAt.set(node, (ids = new Set()));
    ids.add(id);
  }

  private closedOnEveryPath(f: Finding): boolean {
    const id = this.findingValue.get(f);
    return id === undefined || !this.openAt.get(f.node)?.has(id);
  }

  // -------------------------------------------------------------------------------------------------------------
  // Units

  private summaryOf(fn: FunctionNode): Summary {
    const known = this.summaries.get(fn);
    if (known === 'pending') return UNKNOWN_SUMMARY; // recursion: assume nothing
    if (known) return known;
    this.summaries.set(fn, 'pending');
    let summary: Summary = UNKNOWN_SUMMARY;
    const saved = this.run;
    try {
      summary = this.analyzeUnit(fn);
    } catch {
      this.failed++;
    } finally {
      this.run = saved;
    }
    this.summaries.set(fn, summary);
    return summary;
  }

  private functionName(fn: FunctionNode | TSESTree.Program): string {
    if (fn.type === 'Program') return '';
    if (fn.id) return fn.id.name;
    const parent = this.parents.get(fn);
    if (parent?.type === 'VariableDeclarator' && parent.id.type === 'Identifier') return parent.id.name;
    if (parent?.type === 'MethodDefinition' || parent?.type === 'Property' || parent?.type === 'PropertyDefinition') {
      const name = propertyName(parent.key, parent.computed);
      if (name) return name;
    }
    return '';
  }

  private analyzeUnit(fn: FunctionNode | TSESTree.Program): Summary {
    this.analysed++;
    const cls = fn.type === 'Program' ? undefined : this.methodClass.get(fn);
    const run = new Run(this.runs++, fn, this.functionName(fn), cls);
    this.run = run;
    let s: St = EMPTY_STATE;
    if (fn.type !== 'Program') {
      const declared = this.declaredFor(fn);
      fn.params.forEach((p, i) => {
        const param = p.type === 'TSParameterProperty' ? p.parameter : p;
        const id = param.type === 'AssignmentPattern' ? param.left : param;
        if (id.type !== 'Identifier' || !mayHoldHandle(id.typeAnnotation)) return;
        const borrowed = declared?.borrows?.includes(i) || typeName(id.typeAnnotation) === 'BorrowedHandle';
        const vid = this.siteId(id, 'param');
        const acq = this.acquisition(vid, { name: id.name, line: this.line(id), node: id });
        // a parameter may be anything, including NULL: both sides of a test on it are feasible
        s = withHandle(s, vid, { bits: OPEN | NONE, own: borrowed ? 'borrowed' : 'param', escaped: false, acq });
        s = withVar(s, this.identLoc(id), { k: 'h', ids: [vid] });
        run.paramIds[i] = vid;
        if (p.type === 'TSParameterProperty' && cls) {
          // `constructor(private readonly h: HANDLE)` stores the parameter into this.h
          const member = { type: 'MemberExpression', object: { type: 'ThisExpression' }, property: id, computed: false } as unknown as TSESTree.MemberExpression;
          s = this.storeIntoMember(s, member, { k: 'h', ids: [vid] }, p);
          s = withVar(s, this.fieldLoc(this.loc('this'), id.name), { k: 'h', ids: [vid] });
        }
      });
      if (cls && this.isMethodOf(fn, cls) && fn !== cls.ctor) {
        // an owned field holds an open handle when a method starts: overwriting it without a release loses it
        for (const field of cls.ownedFields) {
          const vid = this.siteId(fn, `field:${field}`);
          const opened = cls.fieldOpened.get(field);
          const acq = this.acquisition(vid, { name: `this.${field}`, api: opened?.api, line: opened?.line ?? this.line(fn), node: fn });
          s = withHandle(s, vid, { bits: cls.mayBeEmpty.has(field) ? OPEN | NONE : OPEN, own: 'field', escaped: true, acq });
          s = withVar(s, this.fieldLoc(this.loc('this'), field), { k: 'h', ids: [vid] });
        }
      }
    }
    let comp: Completion;
    if (fn.type === 'Program') comp = this.statements(fn.body, [s], fn);
    else if (fn.body.type === 'BlockStatement') comp = this.statements(fn.body.body, [s], fn.body);
    else {
      comp = completion();
      for (const out of this.ev(fn.body, s)) this.doReturn(out.s, out.v, undefined, comp);
    }
    for (const st of comp.n) this.exitCheck(st, undefined);
    for (const st of comp.r) this.exitCheck(st, st.exit);
    this.sentinels.flush(run.id);
    return fn.type === 'Program' ? UNKNOWN_SUMMARY : this.summarize(fn, run);
  }

  private isMethodOf(fn: FunctionNode, cls: ClassInfo): boolean {
    for (const m of cls.methods.values()) if (m === fn) return true;
    return false;
  }

  private declaredFor(fn: FunctionNode): UserFunctionDeclaration | undefined {
    const name = this.functionName(fn);
    return name ? this.settings.functions?.[name] : undefined;
  }

  private summarize(fn: FunctionNode, run: Run): Summary {
    const exit = run.exitJoin;
    const params: ParamEffect[] = run.paramIds.map((id) => {
      const info = id === undefined || !exit ? undefined : pget(exit.h, id);
      if (!info) return 'uses';
      if (info.own === 'transferred') return 'takes';
      if (info.bits & RELEASED) return info.bits & OPEN ? 'maybe-closes' : 'closes';
      if (info.escaped) return 'escapes';
      return 'uses';
    });
    let returns: Summary['returns'];
    const boxes = run.returned.filter((r) => r.av?.k === 'box');
    if (boxes.length > 0 && boxes.length === run.returned.length) {
      const box = boxes[0]!.av as AV & { k: 'box' };
      const props: [string, number][] = [];
      for (const [key, v] of box.props ?? []) {
        const index = v?.k === 'h' && v.ids.length === 1 ? run.paramIds.indexOf(v.ids[0]!) : -1;
        if (index >= 0) props.push([key, index]);
      }
      if (props.length > 0) returns = { kind: 'box', props };
    }
    const handles = run.returned.filter((r) => r.av?.k === 'h');
    if (handles.length > 0 && handles.length === run.returned.filter((r) => r.av?.k !== 'c').length) {
      const first = handles[0]!;
      const id = (first.av as { ids: readonly number[] }).ids[0]!;
      const info = pget(first.s.h, id);
      const atExit = exit ? pget(exit.h, id) : undefined;
      const paramIndex = run.paramIds.indexOf(id);
      if (paramIndex >= 0) returns = { kind: 'param', index: paramIndex };
      else if (atExit && atExit.bits & CLOSED && !(atExit.bits & OPEN))
        // returned from a `using` scope: handed over already disposed
        returns = { kind: 'disposed', line: atExit.closedAt?.line ?? atExit.acq.line };
      else if (info && info.own === 'owned') {
        const unchecked = handles.some((r) => {
          const i = pget(r.s.h, (r.av as { ids: readonly number[] }).ids[0]!);
          return i ? (i.bits & NONE) !== 0 : false;
        });
        returns = { kind: 'owned', failure: unchecked ? ((info.acq.failure as FailureValue) ?? 'null') : 'none', releaser: info.acq.releaser };
      }
    }
    const noReturn = !exit && typeName(fn.returnType) === 'never';
    return { params, returns, noReturn, mayThrow: run.threw, ...this.uncheckedSummary(run) };
  }

  private acquisition(id: number, a: Omit<Acquisition, 'id'>): Acquisition {
    let acq = this.acquisitions.get(id);
    if (!acq) this.acquisitions.set(id, (acq = { id, ...a }));
    return acq;
  }

  // -------------------------------------------------------------------------------------------------------------
  // Exits and leaks

  private exitPhrase(s: St, exit: TSESTree.ReturnStatement | undefined): string {
    if (s.fail) return `when \`${s.fail.api}\` fails (line ${s.fail.line})`;
    if (exit && !this.isFinalStatement(exit)) return `on the early return at line ${this.line(exit)}`;
    const name = this.run.name;
    if (this.run.fn.type === 'Program') return 'at the end of the module';
    return name ? `at the end of \`${name}\`` : 'at the end of the function';
  }

  private isFinalStatement(ret: TSESTree.ReturnStatement): boolean {
    const parent = this.parents.get(ret);
    const fnBody = this.run.fn.type === 'Program' ? this.run.fn : this.run.fn.body;
    return parent === fnBody && parent?.type === 'BlockStatement' && parent.body[parent.body.length - 1] === ret;
  }

  /** A normal exit (return, falling off the end): leaks are reported; the state joins the summary's exit. */
  private exitCheck(s: St, exit: TSESTree.ReturnStatement | undefined): void {
    this.run.exitJoin = this.run.exitJoin ? joinStates(this.run.exitJoin, s) : s;
    this.uncheckedStoresAtExit(s);
    const order = exit ? exit.range[0] : this.run.fn.range[1];
    this.leaks(s, 'leak', this.exitPhrase(s, exit), exit, order);
  }

  private leaks(s: St, kind: 'leak' | 'leak-on-exception', path: string, exit: TSESTree.ReturnStatement | undefined, order: number): void {
    const moduleEnd = this.run.fn.type === 'Program';
    pforEach(s.live, (id) => {
      const info = pget(s.h, id);
      if (!info || !mayLeak(info)) return;
      if (moduleEnd && this.heldByModuleVariable(s, id)) return;
      const definite = !s.approx && !(info.bits & RELEASED);
      const suggestions: EngineSuggestion[] = [];
      if (kind === 'leak' && definite && exit && !this.isFinalStatement(exit) && info.bits === OPEN && this.run.protectDepth === 0) {
        const fix = this.closeBeforeReturn(info, exit, s);
        if (fix) suggestions.push(fix);
      }
      if (kind === 'leak-on-exception' && definite) {
        const fix = this.wrapInTryFinally(info);
        if (fix) suggestions.push(fix);
      }
      this.report(
        {
          kind, node: info.acq.node as Node, handle: info.acq.name,
          opened: info.acq.api ? { api: info.acq.api, line: info.acq.line } : undefined,
          certainty: definite ? 'definite' : 'maybe', path, suggestions,
        },
        id,
        order,
      );
    });
  }

  /** Top-level values kept in module variables that functions use are the module's resources, not leaks. */
  private heldByModuleVariable(s: St, id: number): boolean {
    let held = false;
    pforEach(s.v, (_loc, av) => {
      if (!held && handleIds(av).includes(id)) held = true;
    });
    return held;
  }

  private insideFunction(node: Node): boolean {
    for (let p = this.parents.get(node); p; p = this.parents.get(p))
      if (p.type === 'FunctionDeclaration' || p.type === 'FunctionExpression' || p.type === 'ArrowFunctionExpression') return true;
    return false;
  }

  private closeBeforeReturn(info: HandleInfo, exit: TSESTree.ReturnStatement, s: St): EngineSuggestion | undefined {
    const releaser = info.acq.releaser;
    if (!releaser) return undefined;
    let close: string;
    const bound = this.boundOf.get(info.acq.node as Node);
    if (bound && bound.style !== 'name' && bound.style !== 'runtime') {
      // through an FFI binding the releaser is not a plain `CloseHandle` in scope, and the handle may need
      // converting (`Deno.UnsafePointer.create(token[0])`): repeat the function's own close of this value
      const existing = this.existingClose(releaser, info.acq.name);
      if (!existing) return undefined;
      close = `${existing};`;
    } else {
      if (!/^[\w$.]+(\[\d+\])?$/.test(info.acq.name)) return undefined;
      close = `${releaser}(${info.acq.name});`;
    }
    const parent = this.parents.get(exit);
    const lineStart = this.input.text.lastIndexOf('\n', exit.range[0] - 1) + 1;
    const indent = /^[ \t]*/.exec(this.input.text.slice(lineStart, exit.range[0]))![0];
    const edit =
      parent?.type === 'BlockStatement' || parent?.type === 'SwitchCase' || parent?.type === 'Program'
        ? { range: [exit.range[0], exit.range[0]] as const, text: `${close}\n${indent}` }
        : { range: exit.range, text: `{ ${close} ${this.text(exit)} }` };
    void s;
    return { kind: 'close-before-return', description: `Close \`${info.acq.name}\` before this return`, edits: [edit] };
  }

  /** The text of a call in the current function that releases `name` through `releaser` (as this file calls it). */
  private existingClose(releaser: string, name: string): string | undefined {
    let found: string | undefined;
    const body = this.run.fn.type === 'Program' ? this.run.fn : this.run.fn.body;
    this.walk(body, (n) => {
      if (found || n.type !== 'CallExpression') return;
      const t = this.target(n);
      if (t.t !== 'contract' || t.name !== releaser) return;
      const param = t.c.releases?.[0]?.param;
      const arg = param === undefined ? undefined : this.argAt(n, param);
      if (arg && this.text(arg).includes(name)) found = this.text(n);
    });
    return found;
  }

  /**
   * `const h = Acquire(...); [if (<failure test on h>) return/throw;] …statements…; Release(h);` in one block,
   * with the release the block's only top-level release of `h`: the statements between go into `try`, the
   * release into `finally`. Offered only in exactly this shape, where the rewrite is certainly equivalent on the
   * normal path.
   */
  private wrapInTryFinally(info: HandleInfo): EngineSuggestion | undefined {
    const call = info.acq.node as Node;
    const declarator = this.parents.get(call);
    const declaration = declarator ? this.parents.get(declarator) : undefined;
    const block = declaration ? this.parents.get(declaration) : undefined;
    if (declarator?.type !== 'VariableDeclarator' || declarator.id.type !== 'Identifier' || declarator.init !== call) return undefined;
    if (declaration?.type !== 'VariableDeclaration' || declaration.declarations.length !== 1) return undefined;
    if (block?.type !== 'BlockStatement') return undefined;
    const name = declarator.id.name;
    const releaser = info.acq.releaser;
    if (!releaser || info.acq.name !== name) return undefined;
    const body = block.body;
    let start = body.indexOf(declaration) + 1;
    const check = body[start];
    if (check?.type === 'IfStatement' && !check.alternate && this.mentions(check.test, name) && endsPath(check.consequent)) start++;
    const isRelease = (st: Node | undefined): boolean =>
      st?.type === 'ExpressionStatement' && st.expression.type === 'CallExpression' &&
      calleeName(st.expression.callee) === releaser && st.expression.arguments.length === 1 &&
      st.expression.arguments[0]!.type === 'Identifier' && (st.expression.arguments[0] as TSESTree.Identifier).name === name;
    const releases = body.filter((st, i) => i >= start && isRelease(st));
    if (releases.length !== 1) return undefined;
    const release = releases[0]!;
    const end = body.indexOf(release);
    if (end <= start) return undefined;
    const inner = body.slice(start, end);
    // a `return`/`break`/`continue` of the block would now also run the release: still correct; a declaration
    // used after the release would move into the try scope: not offered then
    if (inner.some((st) => st.type === 'VariableDeclaration') && body.slice(end + 1).length > 0) return undefined;
    const text = this.input.text;
    const lineStart = text.lastIndexOf('\n', declaration.range[0] - 1) + 1;
    const indent = /^[ \t]*/.exec(text.slice(lineStart, declaration.range[0]))![0];
    const first = inner[0]!;
    const innerText = text.slice(first.range[0], inner[inner.length - 1]!.range[1]);
    const reindented = innerText.split('\n').map((line, i) => (i === 0 ? `${indent}  ${line}` : line.length ? `  ${line}` : line)).join('\n');
    const replacement = `try {\n${reindented}\n${indent}} finally {\n${indent}  ${this.text(release)}\n${indent}}`;
    return {
      kind: 'wrap-in-try-finally',
      description: `Release \`${name}\` in a finally block`,
      edits: [{ range: [first.range[0], release.range[1]], text: replacement }],
    };
  }

  private mentions(node: Node, name: string): boolean {
    let found = false;
    this.walk(node, (n) => {
      if (n.type === 'Identifier' && n.name === name) found = true;
    });
    return found;
  }

  /** An exception leaves the current point: to the innermost handler, or out of the function. */
  private throwFrom(s: St, kind: 'throw' | 'call', node: Node, api?: string, via?: 'yield'): void {
    if (this.run.handlers.length === 0) this.run.threw = true;
    if (kind === 'call' && s.live === undefined && this.run.handlers.length === 0) return; // nothing to lose, nowhere to go
    const origin: ExcOrigin = { kind, line: this.line(node), api, pos: node.range[0], via };
    const st = makeState(s.h, s.v, s.live, s.approx, s.fail, origin, s.exit);
    const handler = this.run.handlers[this.run.handlers.length - 1];
    if (handler) {
      addState(handler.states, st);
      return;
    }
    this.uncaught(st);
  }

  private uncaught(s: St): void {
    this.run.threw = true;
    const origin = s.exc;
    if (!origin || s.live === undefined) return;
    if (origin.kind === 'throw') {
      const path = s.fail ? `when \`${s.fail.api}\` fails (line ${s.fail.line})` : `when it throws at line ${origin.line}`;
      this.leaks(s, 'leak', path, undefined, origin.pos);
    } else {
      const path = origin.api
        ? `when \`${origin.api}\` throws (line ${origin.line})`
        : origin.via === 'yield'
          ? `when the consumer stops at the \`yield\` on line ${origin.line}`
          : `when the \`await\` at line ${origin.line} rejects`;
      this.leaks(s, 'leak-on-exception', path, undefined, origin.pos);
    }
  }

  // -------------------------------------------------------------------------------------------------------------
  // Statements

  private statements(body: readonly TSESTree.Statement[] | readonly TSESTree.ProgramStatement[], entry: St[], block: Node): Completion {
    const usings = body.filter(
      (st): st is TSESTree.VariableDeclaration => st.type === 'VariableDeclaration' && (st.kind === 'using' || st.kind === 'await using'),
    );
    if (usings.length === 0) return this.sequence(body, entry);
    // `using` declarations: the block is a try whose finally disposes them (LIFO), on every completion
    return this.protectedBlock(
      (states) => this.sequence(body, states),
      entry,
      (states) => this.disposeUsings(usings, states),
      block,
    );
  }

  private sequence(body: readonly (TSESTree.Statement | TSESTree.ProgramStatement)[], entry: St[]): Completion {
    const comp = completion();
    let states = entry;
    for (const st of body) {
      if (states.length === 0) break;
      const c = this.statement(st, states, undefined);
      mergeAbrupt(comp, c);
      states = c.n;
    }
    comp.n = states;
    return comp;
  }

  private disposeUsings(usings: readonly TSESTree.VariableDeclaration[], states: St[]): St[] {
    const out: St[] = [];
    for (let s of states) {
      for (let i = usings.length - 1; i >= 0; i--) {
        const decl = usings[i]!;
        for (let j = decl.declarations.length - 1; j >= 0; j--) {
          const d = decl.declarations[j]!;
          if (d.id.type !== 'Identifier') continue;
          const av = pget(s.v, this.identLoc(d.id));
          const dispose = { node: decl as Node, handle: d.id.name };
          if (av?.k === 'h') s = this.release(s, av, d, 'dispose', d.id, { dispose });
          else if (av?.k === 'stack') s = this.disposeStack(s, this.identLoc(d.id), av, decl, `${d.id.name}[Symbol.dispose]()`);
          else if (av?.k === 'inst' && av.cls.ownedFields.size > 0)
            s = this.release(s, { k: 'h', ids: av.ids }, d, 'dispose', d.id, { asOwner: true, dispose: { node: decl, handle: this.text(d.id) } });
        }
      }
      addState(out, s);
    }
    return out;
  }

  /** try { body } finally { fin }: exceptions inside go to a handler; fin runs once per kind of completion. */
  private protectedBlock(
    body: (states: St[]) => Completion,
    entry: St[],
    fin: (states: St[]) => St[] | Completion,
    _node: Node,
    catchClause?: TSESTree.CatchClause | null,
  ): Completion {
    const run = this.run;
    const handler = new Handler();
    run.handlers.push(handler);
    run.protectDepth++;
    let inner: Completion;
    try {
      inner = body(entry);
    } finally {
      run.handlers.pop();
    }
    let exceptional = handler.states;
    if (catchClause) {
      const catchHandler = new Handler();
      run.handlers.push(catchHandler);
      try {
        const entryStates = exceptional.map((s) => {
          let st: St = makeState(s.h, s.v, s.live, s.approx, s.fail, undefined, s.exit);
          if (catchClause.param?.type === 'Identifier') st = withVar(st, this.identLoc(catchClause.param), undefined);
          return st;
        });
        const merged: St[] = [];
        addAll(merged, entryStates);
        const c = entryStates.length ? this.statements(catchClause.body.body, merged, catchClause.body) : completion();
        addAll(inner.n, c.n);
        mergeAbrupt(inner, c);
      } finally {
        run.handlers.pop();
      }
      exceptional = catchHandler.states;
    }
    run.protectDepth--;
    const out = completion();
    const runFin = (states: St[], rest: (finished: St[]) => void): void => {
      if (states.length === 0) return;
      const r = fin(states);
      if (Array.isArray(r)) rest(r);
      else {
        mergeAbrupt(out, r);
        rest(r.n);
      }
    };
    runFin(inner.n, (f) => addAll(out.n, f));
    runFin(inner.r, (f) => addAll(out.r, f));
    for (const [label, states] of inner.b) runFin(states, (f) => addJump(out, 'b', label, f));
    for (const [label, states] of inner.c) runFin(states, (f) => addJump(out, 'c', label, f));
    runFin(exceptional, (f) => {
      for (const s of f) {
        const handlerAbove = run.handlers[run.handlers.length - 1];
        if (handlerAbove) addState(handlerAbove.states, s);
        else this.uncaught(s);
      }
    });
    if (run.protectDepth === 0) {
      // returns that passed every finally now leave the function
      for (const s of out.r) this.exitCheck(s, s.exit);
      out.r = [];
    }
    return out;
  }

  private statement(node: TSESTree.Statement | TSESTree.ProgramStatement, entry: St[], label: string[] | undefined): Completion {
    switch (node.type) {
      case 'ExpressionStatement': {
        const comp = completion();
        for (const s of entry) for (const out of this.ev(node.expression, s)) addState(comp.n, this.discard(out, node.expression));
        return comp;
      }
      case 'VariableDeclaration':
        return completion(this.flat(entry, (s) => this.declaration(node, s)));
      case 'BlockStatement':
        return this.statements(node.body, entry, node);
      case 'EmptyStatement':
      case 'DebuggerStatement':
        return completion(entry);
      case 'IfStatement': {
        const comp = completion();
        const [t, f] = this.condAll(node.test, entry);
        const a = t.length ? this.statement(node.consequent, t, undefined) : completion();
        const b = node.alternate ? (f.length ? this.statement(node.alternate, f, undefined) : completion()) : completion(f);
        addAll(comp.n, a.n);
        addAll(comp.n, b.n);
        mergeAbrupt(comp, a);
        mergeAbrupt(comp, b);
        return comp;
      }
      case 'ReturnStatement': {
        const comp = completion();
        for (const s of entry) {
          const outs = node.argument ? this.ev(node.argument, s) : [{ s, v: { k: 'c', c: undefined } as AV }];
          for (const out of outs) this.doReturn(out.s, out.v, node, comp);
        }
        return comp;
      }
      case 'ThrowStatement': {
        for (const s of entry) for (const out of this.ev(node.argument, s)) this.throwFrom(this.escapeAV(out.s, out.v), 'throw', node);
        return completion();
      }
      case 'BreakStatement': {
        const comp = completion();
        addJump(comp, 'b', node.label?.name ?? '', entry);
        return comp;
      }
      case 'ContinueStatement': {
        const comp = completion();
        addJump(comp, 'c', node.label?.name ?? '', entry);
        return comp;
      }
      case 'LabeledStatement': {
        const labels = [...(label ?? []), node.label.name];
        const isLoop = /^(For|ForIn|ForOf|While|DoWhile)Statement$/.test(node.body.type);
        const c = this.statement(node.body, entry, isLoop || node.body.type === 'LabeledStatement' ? labels : undefined);
        const broken = c.b.get(node.label.name);
        if (broken) {
          addAll(c.n, broken);
          c.b.delete(node.label.name);
        }
        return c;
      }
      case 'WhileStatement':
      case 'DoWhileStatement':
      case 'ForStatement':
      case 'ForInStatement':
      case 'ForOfStatement':
        return this.loop(node, entry, label ?? []);
      case 'SwitchStatement':
        return this.switchStatement(node, entry);
      case 'TryStatement':
        return this.protectedBlock(
          (states) => this.statements(node.block.body, states, node.block),
          entry,
          (states) => (node.finalizer ? this.statements(node.finalizer.body, states, node.finalizer) : states),
          node,
          node.handler,
        );
      case 'FunctionDeclaration':
        return completion(entry.map((s) => this.captures(node, s, false)));
      case 'ClassDeclaration':
        return completion(entry);
      case 'ExportNamedDeclaration':
        return node.declaration ? this.statement(node.declaration as TSESTree.Statement, entry, undefined) : completion(entry);
      case 'ExportDefaultDeclaration': {
        const d = node.declaration;
        if (d.type === 'FunctionDeclaration' || d.type === 'ClassDeclaration' || d.type.startsWith('TS')) return completion(entry);
        const comp = completion();
        for (const s of entry) for (const out of this.ev(d as Expr, s)) addState(comp.n, this.escapeAV(out.s, out.v));
        return comp;
      }
      case 'WithStatement':
        throw new Error('with statement is not analysed');
      default:
        return completion(entry); // imports, TS declarations, ...
    }
  }

  private flat(states: readonly St[], f: (s: St) => St[]): St[] {
    const out: St[] = [];
    for (const s of states) addAll(out, f(s));
    return out;
  }

  private discard(out: Out, expr: Expr): St {
    // a call whose owned result is dropped on the floor loses it
    let e: Node = expr;
    while (e.type === 'AwaitExpression' || e.type === 'UnaryExpression' && e.operator === 'void' || isTransparent(e))
      e = (e as { argument?: Node; expression?: Node }).argument ?? (e as { expression: Node }).expression;
    if (e.type === 'CallExpression' || e.type === 'NewExpression') {
      let s = out.s;
      const ids = (['slot0', 'return'] as const)
        .map((slot) => this.siteIds.get(`${e.range[0]}:${e.range[1]}:${slot}`))
        .filter((id): id is number => id !== undefined);
      for (const id of ids) {
        const info = pget(s.h, id);
        if (!info || info.acq.node !== e || info.acq.slot !== 'return' || !mayLeak(info)) continue;
        this.report(
          {
            kind: 'lost', node: e, handle: info.acq.name, lostHow: 'discarded',
            opened: info.acq.api ? { api: info.acq.api, line: info.acq.line } : undefined,
            certainty: s.approx ? 'maybe' : 'definite', suggestions: [],
          },
          id,
        );
        s = withHandle(s, id, { ...info, escaped: true });
      }
      return s;
    }
    return out.s;
  }

  private doReturn(s: St, v: AV | undefined, node: TSESTree.ReturnStatement | undefined, comp: Completion): void {
    this.notePseudoReturn(s, node);
    if (v?.k === 'h' && node?.argument) for (const id of v.ids) s = this.checkPassDuplicate(s, id, node.argument, node.argument);
    if (v?.k === 'box' && node?.argument) {
      // `return { handle: h }`: each handle placed in the returned literal is handed over
      const literal = unwrap(node.argument);
      const elements =
        literal.type === 'ObjectExpression'
          ? literal.properties.flatMap((p) => (p.type === 'Property' ? [p.value as Node] : []))
          : literal.type === 'ArrayExpression' ? literal.elements.filter((x): x is TSESTree.Expression => !!x && x.type !== 'SpreadElement') : [];
      for (const el of elements) {
        const ev = this.peek(el, s);
        if (ev?.k === 'h') for (const id of ev.ids) s = this.checkPassDuplicate(s, id, el, el);
      }
    }
    this.run.returned.push({ av: v, s });
    s = this.escapeAV(s, v);
    if (this.run.protectDepth > 0) addState(comp.r, makeState(s.h, s.v, s.live, s.approx, s.fail, s.exc, node));
    else this.exitCheck(s, node);
  }

  private declaration(node: TSESTree.VariableDeclaration, s: St): St[] {
    let states = [s];
    for (const d of node.declarations) {
      const next: St[] = [];
      for (const st of states) {
        if (!d.init) {
          if (d.id.type === 'Identifier') addState(next, withVar(st, this.identLoc(d.id), node.kind === 'var' ? pget(st.v, this.identLoc(d.id)) : { k: 'c', c: undefined }));
          else addState(next, st);
          continue;
        }
        for (const out of this.ev(d.init, st, d.id.type === 'Identifier' ? d.id.name : undefined)) {
          this.notePseudoStore(out.s, d.id, d.init);
          addState(next, this.bindPattern(out.s, d.id, out.v, d.init));
        }
      }
      states = next;
    }
    return states;
  }

  /** Binds a declaration or assignment pattern; `{ hProcess } = pi` aliases `pi.hProcess`. */
  private bindPattern(s: St, pattern: Node, v: AV | undefined, init: Node | undefined): St {
    if (pattern.type === 'Identifier') return withVar(s, this.identLoc(pattern), v);
    if (pattern.type === 'ObjectPattern') {
      const base = init ? this.exprLoc(init) : undefined;
      for (const p of pattern.properties) {
        if (p.type === 'RestElement') continue;
        const field = propertyName(p.key, p.computed);
        const target = p.value.type === 'AssignmentPattern' ? p.value.left : p.value;
        let fv = base !== undefined && field !== undefined ? pget(s.v, this.fieldLoc(base, field)) : undefined;
        if (!fv && field !== undefined && v?.k === 'box') fv = v.props?.get(field);
        s = this.bindPattern(s, target, fv, undefined);
      }
      return s;
    }
    if (pattern.type === 'ArrayPattern') {
      const base = init ? this.exprLoc(init) : undefined;
      pattern.elements.forEach((el, i) => {
        if (!el || el.type === 'RestElement') return;
        const target = el.type === 'AssignmentPattern' ? el.left : el;
        let fv = base !== undefined ? pget(s.v, this.fieldLoc(base, String(i))) : undefined;
        if (!fv && v?.k === 'box') fv = v.props?.get(String(i));
        s = this.bindPattern(s, target, fv, undefined);
      });
      return s;
    }
    if (pattern.type === 'AssignmentPattern') return this.bindPattern(s, pattern.left, v, init);
    return s;
  }

  private loop(
    node: TSESTree.WhileStatement | TSESTree.DoWhileStatement | TSESTree.ForStatement | TSESTree.ForInStatement | TSESTree.ForOfStatement,
    entry: St[],
    labels: string[],
  ): Completion {
    const out = completion();
    let start: St[] = entry;
    if (node.type === 'ForStatement' && node.init) {
      start =
        node.init.type === 'VariableDeclaration'
          ? this.flat(entry, (s) => this.declaration(node.init as TSESTree.VariableDeclaration, s))
          : this.flat(entry, (s) => this.ev(node.init as Expr, s).map((o) => o.s));
    }
    if (node.type === 'ForInStatement' || node.type === 'ForOfStatement') {
      start = this.flat(entry, (s) => this.ev(node.right, s).map((o) => this.escapeIfHandle(this.noteContentsUnseen(o.s, o.v), o.v)));
    }
    const own = (m: Map<string, St[]>): St[] => {
      const r: St[] = [];
      for (const l of ['', ...labels]) {
        const st = m.get(l);
        if (st) addAll(r, st);
        m.delete(l);
      }
      return r;
    };
    let head: St[] = [...start];
    let exits: St[] = [];
    let body: Completion = completion();
    for (let iteration = 0; ; iteration++) {
      if (iteration > MAX_ITERATIONS) throw new Error('loop did not reach a fixpoint');
      exits = [];
      let bodyEntry: St[];
      if (node.type === 'DoWhileStatement') bodyEntry = head;
      else if ((node.type === 'WhileStatement' || node.type === 'ForStatement') && node.test) {
        const [t, f] = this.loopTest(node.test, head);
        bodyEntry = t;
        addAll(exits, f);
      } else if (node.type === 'ForInStatement' || node.type === 'ForOfStatement') {
        addAll(exits, head);
        bodyEntry = head.map((s) => this.bindLoopVariable(node, s));
        if (node.type === 'ForOfStatement' && node.await) for (const s of bodyEntry) this.throwFrom(s, 'call', node);
      } else bodyEntry = head; // for (;;)
      body = bodyEntry.length ? this.statement(node.body, bodyEntry, undefined) : completion();
      let back: St[] = [];
      addAll(back, body.n);
      addAll(back, own(body.c));
      if (node.type === 'DoWhileStatement') {
        const [t, f] = this.loopTest(node.test, back);
        addAll(exits, f);
        back = t;
      } else if (node.type === 'ForStatement' && node.update) {
        back = this.flat(back, (s) => this.ev(node.update!, s).map((o) => o.s));
      }
      addAll(exits, own(body.b));
      const next: St[] = [];
      addAll(next, start);
      addAll(next, back);
      const widened = iteration >= WIDEN_AFTER ? widen(next) : next;
      if (sameStateSets(widened, head) || back.length === 0) {
        if (back.length === 0 || sameStateSets(widened, head)) break;
      }
      head = widened;
    }
    out.n = exits;
    mergeAbrupt(out, body);
    return out;
  }

  /**
   * A loop test: its false edge is the loop's normal end, not a failure path (`while (FindNextFileW(h, d))`
   * ends the loop when the call "fails"), so the exit keeps the failure context it had before the test.
   */
  private loopTest(test: Expr, states: readonly St[]): [St[], St[]] {
    const t: St[] = [];
    const f: St[] = [];
    for (const s of states) {
      const [a, b] = this.cond(test, s);
      addAll(t, a);
      for (const x of b) addState(f, x.fail === s.fail ? x : makeState(x.h, x.v, x.live, x.approx, s.fail, x.exc, x.exit));
    }
    return [t, f];
  }

  private bindLoopVariable(node: TSESTree.ForInStatement | TSESTree.ForOfStatement, s: St): St {
    const left = node.left;
    if (left.type === 'VariableDeclaration') {
      const d = left.declarations[0];
      return d ? this.bindPattern(s, d.id, undefined, undefined) : s;
    }
    const loc = this.exprLoc(left);
    return loc === undefined ? s : withVar(s, loc, undefined);
  }

  private switchStatement(node: TSESTree.SwitchStatement, entry: St[]): Completion {
    const comp = completion();
    const entries: St[][] = node.cases.map(() => []);
    // each state with the discriminant's value on it (evaluated once, before the tests)
    let remaining: Out[] = [];
    for (const s of entry) remaining.push(...this.ev(node.discriminant, s).map((o) => ({ s: this.noteTest(o.s, o.v, 'tested-loosely'), v: o.v })));
    const discLoc = this.exprLoc(node.discriminant);
    node.cases.forEach((c, i) => {
      if (!c.test) return;
      const next: Out[] = [];
      for (const r of remaining) {
        for (const o of this.ev(c.test, r.s)) {
          const eq = strictEquals(r.v, o.v);
          if (eq !== false) addState(entries[i]!, discLoc !== undefined && o.v?.k === 'c' && !r.v ? withVar(o.s, discLoc, o.v) : o.s);
          if (eq !== true) next.push({ s: o.s, v: r.v });
        }
      }
      remaining = next.length > PARTITION_CAP ? [{ s: widen(next.map((o) => o.s))[0]!, v: undefined }] : next;
    });
    const defaultIndex = node.cases.findIndex((c) => !c.test);
    for (const r of remaining) addState(defaultIndex >= 0 ? entries[defaultIndex]! : comp.n, r.s);
    let fall: St[] = [];
    node.cases.forEach((c, i) => {
      const states: St[] = [];
      addAll(states, entries[i]!);
      addAll(states, fall);
      if (states.length === 0) {
        fall = [];
        return;
      }
      const r = this.statements(c.consequent, states, c);
      fall = r.n;
      const broken = r.b.get('');
      if (broken) {
        addAll(comp.n, broken);
        r.b.delete('');
      }
      mergeAbrupt(comp, r);
    });
    addAll(comp.n, fall);
    return comp;
  }

  // -------------------------------------------------------------------------------------------------------------
  // Conditions

  private condAll(test: Expr, states: readonly St[]): [St[], St[]] {
    const t: St[] = [];
    const f: St[] = [];
    for (const s of states) {
      const [a, b] = this.cond(test, s);
      addAll(t, a);
      addAll(f, b);
    }
    return [t, f];
  }

  /** Splits a state by the truth of an expression, refining facts and pruning infeasible sides. */
  private cond(e: Expr, s: St): [St[], St[]] {
    if (isTransparent(e)) return this.cond(e.expression as Expr, s);
    if (e.type === 'UnaryExpression' && e.operator === '!') {
      const [t, f] = this.cond(e.argument, s);
      return [f, t];
    }
    const nullTested = this.nullTestOperand(e);
    if (nullTested) {
      const [t, f] = this.cond(nullTested, s);
      return [f, t];
    }
    if (e.type === 'LogicalExpression' && e.operator !== '??') {
      const [at, af] = this.cond(e.left, s);
      if (e.operator === '&&') {
        const [bt, bf] = this.condAll(e.right, at);
        const f = [...af];
        addAll(f, bf);
        return [bt, f];
      }
      const [bt, bf] = this.condAll(e.right, af);
      const t = [...at];
      addAll(t, bt);
      return [t, bf];
    }
    if (e.type === 'BinaryExpression' && ['===', '==', '!==', '!='].includes(e.operator)) {
      const negate = e.operator === '!==' || e.operator === '!=';
      const loose = e.operator === '==' || e.operator === '!=';
      const t: St[] = [];
      const f: St[] = [];
      for (const l of this.ev(e.left as Expr, s)) {
        for (const r of this.ev(e.right, l.s)) {
          this.sentinels.equality(this.run.id, e, l.v, r.v, (id) => pget(r.s.h, id));
          const [eqs, nes] = this.splitEquality(this.noteComparison(r.s, l.v, r.v, e.operator), l.v, r.v, e.left as Expr, e.right, loose);
          addAll(negate ? f : t, eqs);
          addAll(negate ? t : f, nes);
        }
      }
      return [t, f];
    }
    const t: St[] = [];
    const f: St[] = [];
    for (const out of this.ev(e, s)) {
      const [a, b] = this.splitTruth(this.noteTruthTest(out.s, out.v, e), out.v, e);
      addAll(t, a);
      addAll(f, b);
    }
    return [t, f];
  }

  private splitTruth(s: St, v: AV | undefined, e: Expr): [St[], St[]] {
    this.sentinels.truth(this.run.id, e, v, (id) => pget(s.h, id));
    const known = truthiness(v);
    if (known !== undefined) return known ? [[s], []] : [[], [s]];
    if (v?.k === 'h') {
      // a handle tested for truth: falsy = NULL = the failure sentinel of a NULL-returning API
      const t = this.refineHandles(s, v.ids, 'nonnull');
      const f = this.refineHandles(s, v.ids, 'failed');
      return [t ? [t] : [], f ? [f] : []];
    }
    if (v?.k === 'st') {
      const successTruthy = v.failure !== 'status';
      const ok = this.refineHandles(s, v.ids, 'success');
      const bad = this.refineHandles(s, v.ids, 'failed');
      const badWithFail = bad ? makeState(bad.h, bad.v, bad.live, bad.approx, { api: v.api, line: v.line }, bad.exc, bad.exit) : undefined;
      const truthy = successTruthy ? ok : badWithFail;
      const falsy = successTruthy ? badWithFail : ok;
      return [truthy ? [truthy] : [], falsy ? [falsy] : []];
    }
    const loc = this.exprLoc(e);
    if (loc !== undefined && !v) return [[withVar(s, loc, TRUTHY)], [withVar(s, loc, FALSY)]];
    return [[s], [s]];
  }

  private splitEquality(s: St, l: AV | undefined, r: AV | undefined, le: Expr, re: Expr, loose: boolean): [St[], St[]] {
    this.notePseudoTest(s, l, r, le, re, loose);
    const folded = loose ? looseEquals(l, r) : strictEquals(l, r);
    if (folded !== undefined) return folded ? [[s], []] : [[], [s]];
    // a handle or status compared with a sentinel
    for (const [a, b] of [[l, r], [r, l]] as const) {
      if (b?.k !== 'c') continue;
      if (a?.k === 'h') {
        const sentinel =
          b.c === null || b.c === undefined || b.c === 0 || b.c === -1 || b.c === 0n || b.c === -1n || b.c === INVALID_U64 || b.c === INVALID_U64_NUMBER;
        if (!sentinel) break;
        const eq = this.refineHandles(s, a.ids, 'failed');
        const ne = this.refineHandles(s, a.ids, this.sentinelMatches(s, a.ids, b.c) ? 'success' : 'nonnull');
        return [eq ? [eq] : [], ne ? [ne] : []];
      }
      if (a?.k === 'st') {
        const failValue = a.failure === 'false' || a.failure === 'null' ? 0 : a.failure === 'status' ? 0 : undefined;
        if (failValue === undefined || !(b.c === 0 || b.c === false || b.c === null)) break;
        // `st === 0`: for BOOL/NULL results that is failure; for status codes 0 is success
        const zeroIsSuccess = a.failure === 'status';
        const ok = this.refineHandles(s, a.ids, 'success');
        const bad = this.refineHandles(s, a.ids, 'failed');
        const badF = bad ? makeState(bad.h, bad.v, bad.live, bad.approx, { api: a.api, line: a.line }, bad.exc, bad.exit) : undefined;
        return zeroIsSuccess ? [ok ? [ok] : [], badF ? [badF] : []] : [badF ? [badF] : [], ok ? [ok] : []];
      }
    }
    // an unknown variable (or a parameter) compared with a constant: remember the constant on the equal side
    for (const [a, b, e] of [[l, r, le], [r, l, re]] as const) {
      const isParam = a?.k === 'h' && a.ids.every((id) => pget(s.h, id)?.own === 'param');
      if ((a && !isParam) || b?.k !== 'c') continue;
      const loc = this.exprLoc(e);
      if (loc !== undefined) return [[withVar(s, loc, b)], [s]];
    }
    return [[s], [s]];
  }

  private sentinelMatches(s: St, ids: readonly number[], c: Const): boolean {
    return ids.every((id) => {
      const f = pget(s.h, id)?.acq.failure;
      if (f === 'invalid') return c === -1 || c === -1n || c === INVALID_U64 || c === INVALID_U64_NUMBER;
      if (f === 'minus-one') return c === -1 || c === -1n;
      return c === null || c === undefined || c === 0 || c === 0n;
    });
  }

  /** The state where these handle values are on their failure / success side; undefined when infeasible. */
  private refineHandles(s: St, ids: readonly number[], side: 'failed' | 'success' | 'nonnull'): St | undefined {
    let out = s;
    for (const id of ids) {
      const info = pget(out.h, id);
      if (!info) continue;
      let bits = info.bits;
      if (side === 'failed') bits = bits & NONE;
      else if (side === 'success') bits = bits & ~NONE;
      else bits = info.acq.failure === 'invalid' || info.acq.failure === 'minus-one' ? bits : bits & ~NONE;
      if (bits === 0) {
        if (ids.length === 1) return undefined; // this path cannot happen
        continue;
      }
      if (bits !== info.bits) out = withHandle(out, id, { ...info, bits });
    }
    return out;
  }

  // -------------------------------------------------------------------------------------------------------------
  // Expressions

  private evSeq(exprs: readonly Node[], s: St): { s: St; vs: (AV | undefined)[] }[] {
    let results: { s: St; vs: (AV | undefined)[] }[] = [{ s, vs: [] }];
    for (const e of exprs) {
      const next: { s: St; vs: (AV | undefined)[] }[] = [];
      for (const r of results) {
        if (e.type === 'SpreadElement') {
          for (const o of this.ev(e.argument, r.s)) next.push({ s: this.escapeIfHandle(o.s, o.v), vs: [...r.vs, undefined] });
          continue;
        }
        for (const o of this.ev(e as Expr, r.s)) next.push({ s: o.s, vs: [...r.vs, o.v] });
      }
      results = next.length > PARTITION_CAP ? this.collapseOuts(next) : next;
    }
    return results;
  }

  private collapseOuts(outs: { s: St; vs: (AV | undefined)[] }[]): { s: St; vs: (AV | undefined)[] }[] {
    let acc = outs[0]!;
    for (let i = 1; i < outs.length; i++) {
      const o = outs[i]!;
      const j = joinStates(acc.s, o.s);
      acc = { s: makeState(j.h, j.v, j.live, true, j.fail, j.exc, j.exit), vs: acc.vs.map((v, k) => joinAV(v, o.vs[k])) };
    }
    return [acc];
  }

  /** Evaluates an expression: one result per resulting path (several after short-circuits and ternaries). */
  private ev(e: Expr, s: St, nameHint?: string): Out[] {
    const outs = this.evRaw(e, s, nameHint);
    return outs.length > 1 ? normalizeOuts(outs) : outs;
  }

  private evRaw(e: Expr, s: St, nameHint?: string): Out[] {
    switch (e.type) {
      case 'Literal':
        return [{ s, v: { k: 'c', c: 'regex' in e && e.regex ? undefined : (e.value as Const) } }];
      case 'TemplateLiteral': {
        const outs = this.evSeq(e.expressions, s);
        return outs.map((o) => ({ s: o.s, v: e.expressions.length === 0 ? { k: 'c', c: e.quasis[0]?.value.cooked ?? '' } : undefined }));
      }
      case 'Identifier': {
        if (e.name === 'undefined' && !this.resolver.variableOf(e)) return [{ s, v: { k: 'c', c: undefined } }];
        const variable = this.resolver.variableOf(e);
        const v = pget(s.v, this.identLoc(e));
        if (v) return [{ s, v }];
        const constant = variable ? this.constantOf(variable) : undefined;
        if (constant) return [{ s, v: constant }];
        if (!variable && e.name in NAMED_CONSTANTS) return [{ s, v: { k: 'c', c: NAMED_CONSTANTS[e.name] } }];
        if (variable && variable.defs[0]?.type === 'ImportBinding' && e.name in NAMED_CONSTANTS)
          return [{ s, v: { k: 'c', c: NAMED_CONSTANTS[e.name] } }];
        const fn = variable ? this.functionValue(variable) : undefined;
        return [{ s, v: fn ? { k: 'fn', node: fn } : undefined }];
      }
      case 'ThisExpression':
        return [{ s, v: TRUTHY }];
      case 'MemberExpression': {
        const loc = this.exprLoc(e);
        const outs = e.object.type === 'Identifier' || e.object.type === 'ThisExpression' ? [{ s, v: undefined as AV | undefined }] : this.ev(e.object as Expr, s);
        if (e.computed && e.property.type !== 'Literal') {
          const r: Out[] = [];
          for (const o of outs) for (const p of this.ev(e.property, o.s)) r.push({ s: p.s, v: undefined });
          return r;
        }
        const field = propertyName(e.property, e.computed);
        return outs.map((o) => {
          let v = loc !== undefined ? pget(o.s.v, loc) : undefined;
          if (!v && field !== undefined) {
            const base = e.object.type === 'Identifier' || e.object.type === 'MemberExpression' ? this.peek(e.object, o.s) : o.v;
            // an OwnedHandle's `.value` is the handle; a literal container's element is what was put there
            if (base?.k === 'h' && field === 'value') v = base;
            else if (base?.k === 'box') v = base.props?.get(field);
            else if (field in NAMED_CONSTANTS && base?.k !== 'inst') v = { k: 'c', c: NAMED_CONSTANTS[field] }; // k32.INVALID_HANDLE_VALUE
          }
          return { s: v?.k === 'h' ? this.markUsed(o.s, v.ids) : o.s, v };
        });
      }
      case 'ChainExpression':
        return this.chain(e, s);
      case 'CallExpression':
      case 'NewExpression':
        return this.call(e, s, nameHint);
      case 'AssignmentExpression':
        return this.assignment(e, s);
      case 'LogicalExpression': {
        if (e.operator === '??') {
          const out: Out[] = [];
          for (const l of this.ev(e.left, s)) {
            if (l.v && !(l.v.k === 'c' && (l.v.c === null || l.v.c === undefined))) {
              out.push({ s: this.noteTest(l.s, l.v, 'tested-loosely'), v: l.v }); // `h ?? fail()` tests h for null
              continue;
            }
            if (!l.v) out.push(l);
            out.push(...this.ev(e.right, l.s));
          }
          return out;
        }
        const out: Out[] = [];
        for (const l of this.ev(e.left, s)) {
          const [t, f] = this.splitTruth(this.noteTruthTest(l.s, l.v, e.left), l.v, e.left);
          const stop = e.operator === '&&' ? f : t;
          const go = e.operator === '&&' ? t : f;
          for (const st of stop) out.push({ s: st, v: l.v });
          for (const st of go) out.push(...this.ev(e.right, st));
        }
        return out;
      }
      case 'ConditionalExpression': {
        const [t, f] = this.cond(e.test, s);
        const out: Out[] = [];
        for (const st of t) out.push(...this.ev(e.consequent, st));
        for (const st of f) out.push(...this.ev(e.alternate, st));
        return out;
      }
      case 'UnaryExpression': {
        const outs = this.ev(e.argument, s);
        return outs.map((o) => {
          if (e.operator === 'void') return { s: o.s, v: { k: 'c', c: undefined } };
          if (e.operator === '!') {
            const t = truthiness(o.v);
            return { s: this.noteTruthTest(o.s, o.v, e.argument), v: t === undefined ? undefined : { k: 'c', c: !t } };
          }
          if (e.operator === '-' && o.v?.k === 'c' && (typeof o.v.c === 'number' || typeof o.v.c === 'bigint')) return { s: o.s, v: { k: 'c', c: -o.v.c } };
          if (e.operator === 'delete') return { s: o.s, v: undefined };
          return { s: o.s, v: undefined };
        });
      }
      case 'BinaryExpression': {
        const out: Out[] = [];
        for (const l of this.ev(e.left as Expr, s))
          for (const r of this.ev(e.right, l.s)) {
            // a comparison kept in a value (`const bad = me === INVALID_HANDLE_VALUE`) is a test too
            if (EQUALITY_OPERATORS.has(e.operator)) this.notePseudoTest(r.s, l.v, r.v, e.left as Expr, e.right, e.operator.length === 2);
            out.push({ s: this.noteComparison(r.s, l.v, r.v, e.operator), v: foldBinary(e.operator, l.v, r.v) });
          }
        return out.length > PARTITION_CAP ? this.collapseOuts(out.map((o) => ({ s: o.s, vs: [o.v] }))).map((o) => ({ s: o.s, v: o.vs[0] })) : out;
      }
      case 'UpdateExpression': {
        const loc = this.exprLoc(e.argument);
        return this.ev(e.argument, s).map((o) => ({ s: loc !== undefined ? withVar(o.s, loc, undefined) : o.s, v: undefined }));
      }
      case 'SequenceExpression': {
        let outs: Out[] = [{ s, v: undefined }];
        for (const x of e.expressions) outs = outs.flatMap((o) => this.ev(x, o.s));
        return outs;
      }
      case 'AwaitExpression': {
        const outs = this.ev(e.argument, s);
        // a rejection is reported like a throw of the awaited call (`await delay(10)`: when `delay` throws)
        const awaited = unwrap(e.argument);
        const api = awaited.type === 'CallExpression' ? calleeName(awaited.callee) : undefined;
        // a nonblocking FFI call (Deno `nonblocking: true`) reports failure through its result; its promise does not reject
        const ffiAsync = awaited.type === 'CallExpression' && this.boundOf.get(awaited)?.async === true;
        if (!ffiAsync) for (const o of outs) this.throwFrom(o.s, 'call', api ? awaited : e, api);
        return outs;
      }
      case 'YieldExpression': {
        const outs = e.argument ? this.ev(e.argument, s) : [{ s, v: undefined }];
        return outs.map((o) => {
          const st = this.escapeIfHandle(o.s, o.v);
          // the consumer may stop here (return()/throw() on the generator): an exception-like exit
          this.throwFrom(st, 'call', e, undefined, 'yield');
          return { s: st, v: undefined };
        });
      }
      case 'ArrowFunctionExpression':
      case 'FunctionExpression':
        return [{ s: this.captures(e, s, true), v: { k: 'fn', node: e } }];
      case 'ClassExpression':
        return [{ s, v: { k: 'fn', node: e } }];
      case 'ArrayExpression':
      case 'ObjectExpression': {
        const parts: Node[] = [];
        if (e.type === 'ArrayExpression') for (const el of e.elements) { if (el) parts.push(el); }
        else for (const p of e.properties) parts.push(p.type === 'Property' ? (p.value as Node) : p);
        const exprs = parts.filter((p) => p.type !== 'AssignmentPattern' && p.type !== 'ObjectPattern' && p.type !== 'ArrayPattern');
        const keys = exprs.map((p, i) => {
          if (e.type === 'ArrayExpression') return e.elements.includes(p as never) && !e.elements.some((x) => x?.type === 'SpreadElement') ? String(e.elements.indexOf(p as never)) : undefined;
          const prop = this.parents.get(p);
          return prop?.type === 'Property' && prop.kind === 'init' ? propertyName(prop.key, prop.computed) : undefined;
        });
        return this.evSeq(exprs, s).map((o) => {
          // a literal container: its handles escape when it does (returned, stored, passed on)
          const ids = [...new Set(o.vs.flatMap((v) => handleIds(v)))];
          if (ids.length === 0) return { s: o.s, v: TRUTHY };
          const props = new Map<string, AV | undefined>();
          o.vs.forEach((v, i) => {
            const key = keys[i];
            if (key !== undefined) props.set(key, v);
          });
          return { s: o.s, v: { k: 'box', ids, props } as AV };
        });
      }
      case 'TaggedTemplateExpression':
        return this.evSeq(e.quasi.expressions, s).map((o) => {
          let st = o.s;
          for (const v of o.vs) st = this.escapeIfHandle(st, v);
          return { s: st, v: undefined };
        });
      case 'TSAsExpression':
      case 'TSNonNullExpression':
      case 'TSSatisfiesExpression':
      case 'TSTypeAssertion':
      case 'TSInstantiationExpression':
        return this.ev(e.expression as Expr, s, nameHint);
      default:
        return [{ s, v: undefined }];
    }
  }

  /** `a?.b(h)`: when the object may be nullish, the whole chain may be skipped. */
  private chain(e: TSESTree.ChainExpression, s: St): Out[] {
    let base: Node | undefined;
    for (let x: Node = e.expression; ; ) {
      if ((x.type === 'MemberExpression' || x.type === 'CallExpression') && x.optional) base = x.type === 'MemberExpression' ? x.object : x.callee;
      if (x.type === 'MemberExpression') x = x.object;
      else if (x.type === 'CallExpression') x = x.callee;
      else if (isTransparent(x)) x = x.expression;
      else break;
    }
    const outs: Out[] = [];
    const baseValue = base ? this.peek(base, s) : TRUTHY;
    const nullish = baseValue?.k === 'c' && (baseValue.c === null || baseValue.c === undefined);
    const present = baseValue !== undefined && !nullish;
    if (!present) outs.push({ s, v: { k: 'c', c: undefined } });
    if (!nullish) outs.push(...this.ev(e.expression as Expr, s));
    return outs;
  }

  /** The value of a side-effect-free expression (identifier, member chain), else unknown. */
  private peek(e: Node, s: St): AV | undefined {
    if (e.type === 'Identifier' || e.type === 'MemberExpression' || e.type === 'ThisExpression') {
      if (e.type === 'ThisExpression') return TRUTHY;
      const loc = this.exprLoc(e);
      const v = loc !== undefined ? pget(s.v, loc) : undefined;
      if (v) return v;
      if (e.type === 'Identifier') {
        const variable = this.resolver.variableOf(e);
        if (variable && this.functionValue(variable)) return TRUTHY;
        if (variable && variable.defs[0]?.type === 'ImportBinding') return TRUTHY;
      }
    }
    return undefined;
  }

  /** A `const` initialised with a literal (module flags like `const DEBUG = false`), wherever it is declared. */
  private constantOf(variable: VariableLike): AV | undefined {
    const def = variable.defs[0];
    if (!def || def.type !== 'Variable' || variable.defs.length !== 1) return undefined;
    const node = def.node as Node;
    if (node.type !== 'VariableDeclarator' || !node.init || node.id.type !== 'Identifier') return undefined;
    const decl = this.parents.get(node);
    if (decl?.type !== 'VariableDeclaration' || decl.kind !== 'const') return undefined;
    const init = unwrap(node.init);
    if (init.type === 'Literal' && !('regex' in init && init.regex)) return { k: 'c', c: init.value as Const };
    if (init.type === 'UnaryExpression' && init.operator === '-' && init.argument.type === 'Literal' && typeof init.argument.value === 'number')
      return { k: 'c', c: -init.argument.value };
    return undefined;
  }

  private functionValue(variable: VariableLike): FunctionNode | ClassNode | undefined {
    // a local definition with a body wins over an import of the same name
    const def = variable.defs.find((d) => d.type !== 'ImportBinding') ?? variable.defs[0];
    if (!def) return undefined;
    const node = def.node as Node;
    if (def.type === 'FunctionName' && node.type === 'FunctionDeclaration' && node.body) return node;
    if (def.type === 'ClassName' && (node.type === 'ClassDeclaration' || node.type === 'ClassExpression')) return node;
    if (def.type === 'Variable' && node.type === 'VariableDeclarator') {
      const decl = this.parents.get(node);
      const init = node.init ? unwrap(node.init) : undefined;
      if (decl?.type === 'VariableDeclaration' && decl.kind === 'const' && init &&
        (init.type === 'ArrowFunctionExpression' || init.type === 'FunctionExpression')) return init;
      if (decl?.type === 'VariableDeclaration' && decl.kind === 'const' && init?.type === 'ClassExpression') return init;
    }
    return undefined;
  }

  private assignment(e: TSESTree.AssignmentExpression, s: St): Out[] {
    if (e.operator !== '=') {
      const loc = this.exprLoc(e.left);
      return this.ev(e.right, s).map((o) => ({ s: loc !== undefined ? withVar(o.s, loc, undefined) : o.s, v: undefined }));
    }
    const left = e.left;
    if (left.type === 'ObjectPattern' || left.type === 'ArrayPattern') {
      return this.ev(e.right, s).map((o) => ({ s: this.bindPattern(o.s, left, o.v, e.right), v: o.v }));
    }
    const loc = this.exprLoc(left);
    const name = left.type === 'Identifier' ? left.name : this.text(left);
    const outs = this.ev(e.right, s, name);
    return outs.map((o) => {
      let st = o.s;
      this.notePseudoStore(st, left, e.right);
      if (loc === undefined) return { s: this.escapeIfHandle(st, o.v), v: o.v };
      st = this.checkOverwrite(s, st, loc, o.v, e);
      st = this.noteStore(st, left, o.v, e.right);
      if (left.type === 'MemberExpression') st = this.storeIntoMember(st, left, o.v);
      else if (left.type === 'Identifier' && this.isOuterVariable(left)) st = this.escapeIfHandle(st, o.v);
      // struct fields of the old value are no longer reachable through this name
      st = withVar(st, loc, o.v);
      for (const f of this.fieldsOfLoc.get(loc) ?? []) if (pget(st.v, f) !== undefined) st = withVar(st, f, undefined);
      return { s: st, v: o.v };
    });
  }

  /** A variable declared outside the function being analysed (module state, a closure's capture). */
  private isOuterVariable(id: TSESTree.Identifier): boolean {
    const variable = this.resolver.variableOf(id);
    if (!variable) return true;
    const def = variable.defs[0]?.node as Node | undefined;
    const fn = this.run.fn;
    if (!def || fn.type === 'Program') return false;
    return def.range[0] < fn.range[0] || def.range[1] > fn.range[1];
  }

  private storeIntoMember(s: St, left: TSESTree.MemberExpression, v: AV | undefined, at: Node = left): St {
    if (v?.k !== 'h') return this.escapeAV(s, v);
    const cls = this.run.cls;
    const field = propertyName(left.property, left.computed);
    if (left.object.type === 'ThisExpression' && cls && field && cls.ownedFields.has(field)) {
      // stored into a field the class releases: handed to an owner
      const assignment = this.parents.get(left);
      const value = assignment?.type === 'AssignmentExpression' ? assignment.right : undefined;
      if (assignment && value) for (const id of v.ids) s = this.checkPassDuplicate(s, id, assignment, value);
      return this.mapHandles(s, v.ids, (info) =>
        info.own === 'param' ? { ...info, own: 'transferred', escaped: true, ownerLine: this.line(at) } : { ...info, escaped: true },
      );
    }
    return this.escapeAV(s, v);
  }

  /** `before`: the state before the right-hand side ran (a loop may re-acquire at the same site, same id). */
  private checkOverwrite(before: St, s: St, loc: number, next: AV | undefined, node: TSESTree.AssignmentExpression): St {
    const old = pget(before.v, loc);
    const oldInfo = old?.k === 'h' && old.ids.length === 1 ? pget(before.h, old.ids[0]!) : undefined;
    // like a close in a loop: an overwrite that loses an open handle on only some paths here is 'maybe'
    if (!oldInfo || !(oldInfo.bits & OPEN)) this.safeOverwriteAt.add(node);
    if (old?.k !== 'h' || old.ids.length !== 1) return s;
    const id = old.ids[0]!;
    const info = pget(before.h, id);
    if (!info || !(info.bits & OPEN)) return s;
    const reacquired = info.acq.node === unwrap(node.right);
    if (next?.k === 'h' && next.ids.includes(id) && !reacquired) return s;
    if (!(mayLeak(info) || info.own === 'field')) return s;
    // still reachable through another name?
    let elsewhere = false;
    pforEach(before.v, (l, av) => {
      if (!elsewhere && l !== loc && av.k === 'h' && av.ids.includes(id) && !this.isFieldOf(l, loc)) elsewhere = true;
    });
    if (elsewhere) return s;
    this.report(
      {
        kind: 'lost', node, handle: info.acq.name, lostHow: 'overwritten',
        opened: info.acq.api ? { api: info.acq.api, line: info.acq.line } : undefined,
        certainty: s.approx || info.bits & RELEASED || (info.own === 'field' && info.bits & NONE) ? 'maybe' : 'definite', suggestions: [],
      },
      info.own === 'field' ? node : id,
    );
    const now = pget(s.h, id);
    return now && !reacquired ? withHandle(s, id, { ...now, escaped: true }) : s;
  }

  private isFieldOf(l: number, base: number): boolean {
    return this.fieldsOfLoc.get(base)?.has(l) ?? false;
  }

  private mapHandles(s: St, ids: readonly number[], f: (info: HandleInfo) => HandleInfo): St {
    for (const id of ids) {
      const info = pget(s.h, id);
      if (!info) continue;
      const next = f(info);
      if (next !== info) s = withHandle(s, id, next);
    }
    return s;
  }

  private escapeAV(s: St, v: AV | undefined): St {
    const ids = handleIds(v);
    if (ids.length === 0) return s;
    return this.mapHandles(s, ids, (info) => (info.escaped ? info : { ...info, escaped: true, used: true }));
  }

  private escapeIfHandle(s: St, v: AV | undefined): St {
    return this.escapeAV(s, v);
  }

  private markUsed(s: St, ids: readonly number[]): St {
    return this.mapHandles(s, ids, (info) => (info.dupOf === undefined || info.used ? info : { ...info, used: true }));
  }

  /** A closure is created: captured handles it releases get a deferred close; others escape into it. */
  /**
   * A closure is created. Captured handles it releases get a deferred close (it runs later). For a closure that
   * runs later (not an IIFE or a synchronous array callback), captured handles escape into it and a Win32 use
   * inside is remembered: a synchronous close afterwards makes it a use after close. A synchronous callback's
   * uses are plain uses.
   */
  private captures(fn: FunctionNode, s: St, _expression: boolean): St {
    const scope = this.resolver.scopeOf(fn);
    if (!scope) return s;
    const later = this.closureEscapes(fn);
    for (const ref of scope.through) {
      if (!ref.resolved) continue;
      const loc = this.loc(`v${this.varId(ref.resolved)}`);
      const av = pget(s.v, loc);
      if (av?.k !== 'h') continue;
      const ident = ref.identifier as Node;
      const releaseCall = this.releasingCallOf(ident);
      const stack = releaseCall ? this.stackDeferring(fn, s) : undefined;
      if (releaseCall && stack) {
        s = this.registerWithStack(s, stack.loc, stack.av, av, releaseCall);
        continue;
      }
      if (releaseCall) {
        s = this.release(s, av, releaseCall, this.calleeLabel(releaseCall), ident, { deferred: true });
        s = this.noteTimer(s, fn, av.ids);
        continue;
      }
      const useCall = this.usingCallOf(ident);
      if (!later) {
        if (useCall) s = this.useHandle(s, av, useCall, this.calleeLabel(useCall));
        continue;
      }
      s = this.escapeAV(s, av);
      if (useCall) {
        s = this.mapHandles(s, av.ids, (info) => (info.deferredUse ? info : { ...info, deferredUse: useCall }));
        s = this.noteTimer(s, fn, av.ids);
      }
      if (this.isUsingVariable(ref.resolved)) {
        // a `using` handle captured by a closure that runs later is disposed when its block ends
        const declarator = ref.resolved.defs[0]?.node as Node | undefined;
        const info = pget(s.h, av.ids[0]!);
        if (info && declarator)
          this.report(
            {
              kind: 'use-after-close', node: useCall ?? ident, handle: ref.resolved.name,
              opened: info.acq.api ? { api: info.acq.api, line: info.acq.line } : undefined,
              certainty: 'definite', previous: { line: this.line(declarator), what: 'using' }, suggestions: [],
            },
            av.ids[0]!,
          );
      }
    }
    return s;
  }

  /** The Win32 (or declared) call that uses this identifier as an argument (`SetEvent(h)`, `SetEvent(e.value)`). */
  private usingCallOf(ident: Node): TSESTree.CallExpression | undefined {
    let arg: Node = ident;
    let parent = this.parents.get(arg);
    while (parent && (isTransparent(parent) || (parent.type === 'MemberExpression' && parent.object === arg && propertyName(parent.property, parent.computed) === 'value'))) {
      arg = parent;
      parent = this.parents.get(arg);
    }
    if (parent?.type !== 'CallExpression' || !parent.arguments.includes(arg as TSESTree.CallExpressionArgument)) return undefined;
    const t = this.target(parent);
    return t.t === 'contract' || t.t === 'user' ? parent : undefined;
  }

  /**
   * `const t = setTimeout(() => …h…)`: remember the timer's location on the values the callback releases or
   * uses, so that `clearTimeout(t)` cancels those deferred events.
   */
  private noteTimer(s: St, fn: FunctionNode, ids: readonly number[]): St {
    const call = this.parents.get(fn);
    if (call?.type !== 'CallExpression' || call.callee.type !== 'Identifier' || !TIMERS.has(call.callee.name)) return s;
    const holder = this.parents.get(call);
    const loc =
      holder?.type === 'VariableDeclarator' && holder.id.type === 'Identifier' ? this.identLoc(holder.id)
      : holder?.type === 'AssignmentExpression' ? this.exprLoc(holder.left) : undefined;
    return loc === undefined ? s : this.mapHandles(s, ids, (info) => ({ ...info, timer: loc }));
  }

  /** `clearTimeout(t)`: the callbacks of timer `t` will not run. */
  private cancelTimer(s: St, arg: Node | undefined): St {
    const loc = arg ? this.exprLoc(arg) : undefined;
    if (loc === undefined) return s;
    const ids: number[] = [];
    pforEach(s.h, (id, info) => {
      if (info.timer === loc) ids.push(id);
    });
    return this.mapHandles(s, ids, (info) => ({
      ...info, timer: undefined, deferredUse: undefined, deferredClose: undefined,
      bits: info.bits & DEFER ? (info.bits & ~DEFER) | OPEN : info.bits,
    }));
  }

  /** `stack.defer(fn)` with a tracked DisposableStack: the stack and its location. */
  private stackDeferring(fn: FunctionNode, s: St): { loc: number | undefined; av: AV & { k: 'stack' } } | undefined {
    const call = this.parents.get(fn);
    if (call?.type !== 'CallExpression' || call.callee.type !== 'MemberExpression') return undefined;
    if (propertyName(call.callee.property, call.callee.computed) !== 'defer') return undefined;
    const av = this.peek(call.callee.object, s);
    return av?.k === 'stack' ? { loc: this.exprLoc(call.callee.object), av } : undefined;
  }

  /** A handle registered with a DisposableStack: released when the stack is disposed. */
  private registerWithStack(s: St, loc: number | undefined, stack: AV & { k: 'stack' }, v: AV & { k: 'h' }, at: Node): St {
    s = this.mapHandles(s, v.ids, (info) => (info.deferredClose ? info : { ...info, deferredClose: { node: at, line: this.line(at) } }));
    if (loc === undefined) return this.escapeAV(s, v);
    return withVar(s, loc, { k: 'stack', ids: [...new Set([...stack.ids, ...v.ids])] });
  }

  /** The stack's disposal releases what it holds; a handle already closed by hand is closed twice. */
  private disposeStack(s: St, loc: number | undefined, stack: AV & { k: 'stack' }, at: Node, what: string): St {
    for (const id of stack.ids) {
      const info = pget(s.h, id);
      if (!info) continue;
      const deferred = info.deferredClose;
      if (info.bits & CLOSED && deferred && !info.wrapperClosed) {
        const node = deferred.node as Node;
        this.report(
          {
            kind: 'double-close', node, handle: info.acq.name, opened: info.acq.api ? { api: info.acq.api, line: info.acq.line } : undefined,
            certainty: !(info.bits & OPEN) && !s.approx ? 'definite' : 'maybe', previous: info.closedAt, suggestions: [],
          },
          id, 0, id,
        );
        if (info.bits & OPEN && !s.exc) this.noteOpenAt(node, id);
      }
      if (info.bits === NONE) continue;
      s = withHandle(s, id, { ...info, bits: CLOSED | (info.bits & NONE), closedAt: info.closedAt ?? { line: this.line(at), what }, deferredClose: undefined, wrapperClosed: true });
    }
    return loc === undefined ? s : withVar(s, loc, { k: 'stack', ids: [] });
  }

  /** Does the closure run after the current statement (anything but an IIFE or a synchronous array callback)? */
  private closureEscapes(fn: FunctionNode): boolean {
    const parent = this.parents.get(fn);
    if (!parent) return false;
    if (parent.type === 'CallExpression' && parent.callee === fn) return false; // IIFE
    if (parent.type === 'CallExpression' && parent.callee.type === 'MemberExpression') {
      const name = propertyName(parent.callee.property, parent.callee.computed);
      if (name && SYNC_CALLBACK_METHODS.has(name)) return false;
    }
    return true;
  }

  private isUsingVariable(variable: VariableLike): boolean {
    const def = variable.defs[0];
    const decl = def ? this.parents.get(def.node as Node) : undefined;
    return decl?.type === 'VariableDeclaration' && (decl.kind === 'using' || decl.kind === 'await using');
  }

  private blockEndLine(declarator: Node): number {
    const decl = this.parents.get(declarator);
    const block = decl ? this.parents.get(decl) : undefined;
    return block ? block.loc.end.line : declarator.loc.end.line;
  }

  /** The call releasing this identifier when it is a released argument of one (CloseHandle(h), h.close()). */
  private releasingCallOf(ident: Node): TSESTree.CallExpression | undefined {
    let arg: Node = ident;
    let parent = this.parents.get(arg);
    while (parent && isTransparent(parent)) {
      arg = parent;
      parent = this.parents.get(arg);
    }
    if (parent?.type === 'CallExpression') {
      const index = parent.arguments.indexOf(arg as TSESTree.CallExpressionArgument);
      if (index >= 0 && this.releasedParams(parent).includes(index)) return parent;
    }
    if (parent?.type === 'MemberExpression' && parent.object === arg) {
      const call = this.parents.get(parent);
      const name = propertyName(parent.property, parent.computed);
      if (call?.type === 'CallExpression' && call.callee === parent && name && RELEASE_METHODS.has(name)) return call;
    }
    return undefined;
  }

  private releasedParams(call: TSESTree.CallExpression): number[] {
    const target = this.target(call);
    if (target.t === 'contract') return (target.c.releases ?? []).map((r) => r.param);
    if (target.t === 'user') return [...(target.d.releases ?? [])];
    if (target.t === 'local') {
      const summary = this.summaries.get(target.fn);
      if (summary && summary !== 'pending') return summary.params.flatMap((p, i) => (p === 'closes' ? [i] : []));
      // not yet summarised: a direct syntactic look at its body
      return this.syntacticCloses(target.fn);
    }
    return [];
  }

  private syntacticCloses(fn: FunctionNode): number[] {
    const out: number[] = [];
    fn.params.forEach((p, i) => {
      if (p.type !== 'Identifier') return;
      let closes = false;
      this.walk(fn.body, (n) => {
        if (closes || n.type !== 'CallExpression') return;
        const t = this.target(n);
        const released = t.t === 'contract' ? (t.c.releases ?? []).map((r) => r.param) : t.t === 'user' ? t.d.releases ?? [] : [];
        if (released.some((j) => n.arguments[j]?.type === 'Identifier' && (n.arguments[j] as TSESTree.Identifier).name === p.name)) closes = true;
      });
      if (closes) out.push(i);
    });
    return out;
  }

  private calleeLabel(call: TSESTree.CallExpression | TSESTree.NewExpression): string {
    return calleeName(call.callee) ?? 'call';
  }

  // -------------------------------------------------------------------------------------------------------------
  // Calls

  private target(call: TSESTree.CallExpression | TSESTree.NewExpression): Target {
    const callee = unwrap(call.callee);
    if (callee.type === 'Identifier') {
      const variable = this.resolver.variableOf(callee);
      const local = variable ? this.functionValue(variable) : undefined;
      if (local && (local.type === 'ClassDeclaration' || local.type === 'ClassExpression')) {
        const cls = this.classInfo(local);
        if (!cls.ctor && (this.settings.functions?.[callee.name] || local.declare)) return this.byName(callee.name);
        return { t: 'class', name: callee.name, cls };
      }
      if (local) return { t: 'local', name: callee.name, fn: local };
      if (variable && this.declaresNever(variable)) return { t: 'never' };
      return this.boundTarget(call) ?? this.byName(callee.name);
    }
    if (callee.type === 'MemberExpression') {
      const name = propertyName(callee.property, callee.computed);
      if (!name) return { t: 'unknown' };
      if (callee.object.type === 'Identifier' && callee.object.name === 'process' && name === 'exit' && !this.resolver.variableOf(callee.object))
        return { t: 'never' };
      if (callee.object.type === 'ThisExpression' && this.run?.cls) {
        const m = this.run.cls.methods.get(name);
        if (m) return { t: 'local', name, fn: m };
      }
      const bound = this.boundTarget(call);
      if (bound) return bound;
      const named = this.byName(name);
      if (named.t !== 'unknown') return named;
      return { t: 'method', name, object: callee.object as Expr };
    }
    return { t: 'unknown' };
  }

  private get bindings(): BindingIndex {
    return (this.bindingIndex ??= indexBindingsFor(this.input));
  }

  /** The FFI function a call reaches (koffi, ffi-napi, bun, Deno, node:ffi, ffi-rs, ... and forwarders), memoised per call. */
  private boundCallee(call: TSESTree.CallExpression | TSESTree.NewExpression): BoundCallee | undefined {
    let bound = this.boundOf.get(call);
    if (bound === undefined) {
      bound = this.bindings.resolve(call) ?? null;
      this.boundOf.set(call, bound);
      const argumentsMoved = bound && (bound.argumentsIn || bound.argumentIndex);
      if (argumentsMoved) this.win32Args.set(call, this.bindings.argumentsOf(call));
    }
    return bound ?? undefined;
  }

  /**
   * A call bound through an FFI declaration: the contract of the Win32 function it reaches. Plain names
   * (style 'name'/'runtime') and functions the settings declare go through byName as before.
   */
  private boundTarget(call: TSESTree.CallExpression | TSESTree.NewExpression): Target | undefined {
    const bound = this.boundCallee(call);
    // in a file with FFI, a table name the index does not resolve is bound from a non-Windows library
    if (!bound && this.bindings.hasFfi && this.bindings.internalErrors === 0) {
      const name = calleeName(unwrap(call.callee));
      if (name && contractFor(name)) return { t: 'unknown', name };
    }
    if (!bound || bound.style === 'name' || bound.style === 'runtime' || this.settings.functions?.[bound.win32Name]) return undefined;
    // koffi `fn.async(...args, callback)` returns nothing: the result goes to the callback (analysed as a closure)
    const callee = unwrap(call.callee);
    if (bound.async && callee.type === 'MemberExpression' && propertyName(callee.property, callee.computed) === 'async')
      return { t: 'unknown', name: bound.win32Name };
    const c = bound.contract;
    if (c.noReturn || c.special === 'process-exit') return { t: 'never' };
    return { t: 'contract', name: bound.win32Name, c, bound };
  }

  /** The node of Win32 argument `i` of a call (through ffi-rs options objects and reordering wrappers). */
  private argAt(e: TSESTree.CallExpression | TSESTree.NewExpression, i: number): Node | undefined {
    const moved = this.win32Args.get(e);
    return moved ? moved[i] : e.arguments[i];
  }

  private byName(name: string): Target {
    const declared = this.settings.functions?.[name];
    if (declared) return { t: 'user', name, d: declared };
    const c = contractFor(name);
    if (c) return c.noReturn || c.special === 'process-exit' ? { t: 'never' } : { t: 'contract', name, c };
    if (name === 'owned' || name === 'OwnedHandle') return { t: 'owned' };
    return { t: 'unknown', name };
  }

  private declaresNever(variable: VariableLike): boolean {
    for (const def of variable.defs) {
      const node = def.node as Node;
      if ((node.type === 'TSDeclareFunction' || node.type === 'FunctionDeclaration') && typeName(node.returnType) === 'never') return true;
    }
    return false;
  }

  private call(e: TSESTree.CallExpression | TSESTree.NewExpression, s: St, nameHint?: string): Out[] {
    const folded = this.foldedNumericCall(e);
    if (folded !== undefined) return [{ s, v: { k: 'c', c: folded } }];
    const asserted = this.assertedCondition(e);
    if (asserted) {
      // `assert(h !== INVALID_HANDLE_VALUE)` is `if (!(h !== INVALID_HANDLE_VALUE)) throw …`: a test, then a throw
      const [holds, fails] = this.condAll(asserted, [s]);
      for (const st of fails) this.throwFrom(st, 'throw', e);
      return holds.map((st) => ({ s: st, v: undefined }));
    }
    const read = this.outParamRead(e, s);
    if (read) return [read];
    const address = this.addressOperand(e);
    if (address) return this.ev(address, s);
    let target = this.target(e);
    const calleeNode = unwrap(e.callee);
    if (calleeNode.type === 'MemberExpression' && (target.t === 'contract' || target.t === 'unknown' || target.t === 'user')) {
      // `fred.close()`, `owned.close()`: a method of a value the engine tracks wins over a Win32 name
      const name = propertyName(calleeNode.property, calleeNode.computed);
      const obj = this.peek(calleeNode.object, s);
      if (name && (obj?.k === 'inst' || (obj?.k === 'h' && RELEASE_METHODS.has(name)))) target = { t: 'method', name, object: calleeNode.object as Expr };
    }
    // evaluate the callee's object (for side effects and `x?.y`) only when it is not a plain name
    const callee = unwrap(e.callee);
    let pre: Out[] = [{ s, v: undefined }];
    if (callee.type === 'MemberExpression' && callee.object.type !== 'Identifier' && callee.object.type !== 'ThisExpression' && callee.object.type !== 'MemberExpression')
      pre = this.ev(callee.object as Expr, s);
    else if (callee.type !== 'Identifier' && callee.type !== 'MemberExpression') pre = this.ev(callee as Expr, s);
    const results: Out[] = [];
    const passesName = target.t === 'owned' || (target.t === 'method' && (target.name === 'use' || target.name === 'adopt'));
    if (passesName && nameHint && e.arguments.length >= 1 && e.arguments[0]!.type !== 'SpreadElement') {
      // `const e = owned(CreateEventW(...))`, `const e = stack.use(owned(...))`: the handle is known by that name
      for (const p of pre)
        for (const a of this.ev(e.arguments[0] as Expr, p.s, nameHint))
          for (const rest of this.evSeq(e.arguments.slice(1), a.s)) results.push(...this.applyCall(e, target, rest.s, [a.v, ...rest.vs], nameHint));
      return results;
    }
    const moved = target.t === 'contract' && target.bound ? this.win32Args.get(e) : undefined;
    for (const p of pre) {
      if (moved && target.t === 'contract' && target.bound?.argumentsIn) {
        // ffi-rs: the Win32 arguments are the elements of `paramsValue` / the array argument
        const present = moved.flatMap((n) => (n ? [n] : []));
        for (const a of this.evSeq(present, p.s)) {
          const vs = moved.map((n) => (n ? a.vs[present.indexOf(n)] : undefined));
          results.push(...this.applyCall(e, target, a.s, vs, nameHint));
        }
        continue;
      }
      for (const a of this.evSeq(e.arguments, p.s)) {
        // a reordering wrapper: Win32 parameter i is the wrapper's argument argumentIndex[i] (or fixed inside it)
        const order = target.t === 'contract' ? target.bound?.argumentIndex : undefined;
        const vs = order ? order.map((j) => (j === undefined ? undefined : a.vs[j])) : a.vs;
        results.push(...this.applyCall(e, target, a.s, vs, nameHint));
      }
    }
    return results;
  }

  /**
   * `BigInt.asUintN(64, -1n)`, `BigInt(-1)`, `Number(0xffffffffn)` of literal arguments: how sentinels are spelled
   * for bigint and number bindings, so a test against them is a test against that value.
   */
  private foldedNumericCall(e: TSESTree.CallExpression | TSESTree.NewExpression): number | bigint | undefined {
    if (e.type !== 'CallExpression') return undefined;
    const callee = unwrap(e.callee);
    const isGlobal = (id: Node, name: string): boolean => {
      if (id.type !== 'Identifier' || id.name !== name) return false;
      const variable = this.resolver.variableOf(id);
      return variable == null || variable.defs.length === 0;
    };
    const args = e.arguments.map((a) => numericLiteral(a) ?? (a.type === 'CallExpression' ? this.foldedNumericCall(a) : undefined));
    if (args.some((a) => a === undefined)) return undefined;
    try {
      if (args.length === 1 && isGlobal(callee, 'BigInt')) return BigInt(args[0]!);
      if (args.length === 1 && isGlobal(callee, 'Number')) return Number(args[0]!);
      if (callee.type === 'MemberExpression' && isGlobal(callee.object, 'BigInt') && args.length === 2 && typeof args[1] === 'bigint') {
        const bits = Number(args[0]);
        const method = propertyName(callee.property, callee.computed);
        if (method === 'asUintN') return BigInt.asUintN(bits, args[1]);
        if (method === 'asIntN') return BigInt.asIntN(bits, args[1]);
      }
    } catch {
      return undefined; // BigInt(1.5) throws at run time; not a constant
    }
    return undefined;
  }

  /**
   * The condition of a Node.js assertion that throws when it is falsy: `assert(x)`, `assert.ok(x)`, `ok(x)`,
   * `strict(x)` imported from 'assert' / 'node:assert' (and their /strict forms). Other assertion functions compare
   * two values and stay ordinary calls.
   */
  private assertedCondition(e: TSESTree.CallExpression | TSESTree.NewExpression): Expr | undefined {
    if (e.type !== 'CallExpression' || e.arguments.length === 0 || e.arguments[0]!.type === 'SpreadElement') return undefined;
    const callee = unwrap(e.callee);
    const base = callee.type === 'MemberExpression' ? unwrap(callee.object) : callee;
    if (base.type !== 'Identifier') return undefined;
    if (callee.type === 'MemberExpression' && propertyName(callee.property, callee.computed) !== 'ok') return undefined;
    const def = this.resolver.variableOf(base)?.defs[0];
    if (def?.type !== 'ImportBinding') return undefined;
    const specifier = def.node as TSESTree.ImportClause;
    const declaration = this.parents.get(specifier);
    if (declaration?.type !== 'ImportDeclaration' || !ASSERT_MODULES.has(String(declaration.source.value))) return undefined;
    const imported = specifier.type === 'ImportSpecifier' ? propertyName(specifier.imported, false) : 'default';
    const callable = imported === 'default' || imported === 'ok' || imported === 'strict';
    // `import * as assert` is callable only through `.ok`; a member call needs the module object itself
    if (callee.type === 'MemberExpression') return specifier.type === 'ImportSpecifier' && imported !== 'strict' ? undefined : (e.arguments[0] as Expr);
    return callable && specifier.type !== 'ImportNamespaceSpecifier' ? (e.arguments[0] as Expr) : undefined;
  }

  /**
   * `buf.readPointer(0)`, `ref.deref(buf)`, `koffi.decode(p, HANDLE)`, `new DataView(bytes.buffer).getBigUint64(0, true)`:
   * reads the handle an earlier call wrote into an out-param holder (stored at the holder's `[0]`).
   */
  private outParamRead(e: TSESTree.CallExpression | TSESTree.NewExpression, s: St): Out | undefined {
    if (e.type !== 'CallExpression' || this.run.outHolders.size === 0) return undefined;
    for (const [name, holder] of this.run.outHolders) {
      if (!isOutParamRead(e, holder)) continue;
      const ident = findIdentifier(e, name);
      const base = ident ? this.exprLoc(ident) : undefined;
      const v = base === undefined ? undefined : pget(s.v, this.fieldLoc(base, '0'));
      if (v?.k === 'h') return { s: this.markUsed(s, v.ids), v };
    }
    return undefined;
  }

  /** `koffi.address(h)`, `ref.address(h)`, `Deno.UnsafePointer.value(h)` / `.create(v)`: the same handle as a number/bigint or pointer. */
  private addressOperand(e: TSESTree.CallExpression | TSESTree.NewExpression): Expr | undefined {
    if (e.type !== 'CallExpression' || e.arguments.length !== 1 || e.arguments[0]!.type === 'SpreadElement') return undefined;
    const callee = unwrap(e.callee);
    if (callee.type !== 'MemberExpression' || callee.computed || callee.property.type !== 'Identifier') return undefined;
    const object = unwrap(callee.object);
    const method = callee.property.name;
    const isAddress =
      (method === 'address' && object.type === 'Identifier' && ADDRESS_NAMESPACES.has(object.name)) ||
      ((method === 'value' || method === 'create') && object.type === 'MemberExpression' && propertyName(object.property, object.computed) === 'UnsafePointer') ||
      ((method === 'value' || method === 'create') && object.type === 'Identifier' && object.name === 'UnsafePointer');
    return isAddress ? (e.arguments[0] as Expr) : undefined;
  }

  /** `h.isNull()`, `h.isZero()` (jsrt), `ref.isNull(h)`, `isNullPointer(h)` (ffi-rs): a NULL test of `h`. */
  private nullTestOperand(e: Expr): Expr | undefined {
    if (e.type !== 'CallExpression') return undefined;
    const callee = unwrap(e.callee);
    if (callee.type === 'MemberExpression' && !callee.computed && callee.property.type === 'Identifier') {
      const method = callee.property.name;
      if ((method === 'isNull' || method === 'isZero') && e.arguments.length === 0) return callee.object as Expr;
      if (method === 'isNull' && e.arguments.length === 1 && e.arguments[0]!.type !== 'SpreadElement') return e.arguments[0] as Expr;
    }
    if (callee.type === 'Identifier' && callee.name === 'isNullPointer' && e.arguments.length === 1 && e.arguments[0]!.type !== 'SpreadElement')
      return e.arguments[0] as Expr;
    return undefined;
  }

  private applyCall(
    e: TSESTree.CallExpression | TSESTree.NewExpression,
    target: Target,
    s: St,
    args: (AV | undefined)[],
    nameHint: string | undefined,
  ): Out[] {
    const line = this.line(e);
    this.notePseudoEscapes(e, target, s);
    switch (target.t) {
      case 'never':
        return [];
      case 'owned': {
        // owned(h) / new OwnedHandle(h) wraps the same handle (it rejects the failure sentinel by throwing)
        // (it throws only on the sentinel, when nothing is held)
        const v = args[0];
        if (v?.k === 'h') {
          const st = this.refineHandles(s, v.ids, 'success');
          return st ? [{ s: st, v }] : [];
        }
        return [{ s, v }];
      }
      case 'contract':
        return this.applyContract(e, target.c, target.name, s, args, nameHint);
      case 'user':
        return this.applyUser(e, target.d, target.name, s, args, nameHint);
      case 'local': {
        const summary = this.summaryOf(target.fn);
        const out = this.applySummary(e, summary, target.name, s, args, nameHint);
        return this.isOwnReleasingMethodCall(e, target.name) ? out.map((o) => ({ s: this.emptyOwnedFields(o.s), v: o.v })) : out;
      }
      case 'class': {
        const ctor = target.cls.ctor;
        const summary = ctor ? this.summaryOf(ctor) : UNKNOWN_SUMMARY;
        const out = this.applySummary(e, { ...summary, returns: undefined }, target.name, s, args, nameHint);
        // the instance holds what its constructor took
        const held = args.flatMap((v, i) => (summary.params[i] === 'takes' ? handleIds(v) : []));
        return out.map((o) => ({ s: o.s, v: { k: 'inst', cls: target.cls, ids: held } as AV }));
      }
      case 'method':
        return this.applyMethod(e, target.name, target.object, s, args);
      case 'unknown': {
        if (e.type === 'CallExpression' && target.name && CANCEL_TIMERS.has(target.name) && e.callee.type === 'Identifier')
          return [{ s: this.cancelTimer(s, e.arguments[0]), v: undefined }];
        if (e.type === 'NewExpression' && (target.name === 'DisposableStack' || target.name === 'AsyncDisposableStack') && e.arguments.length === 0)
          return [{ s, v: { k: 'stack', ids: [] } }];
        // what it is given has left this function even when it throws
        let st = this.passUnseen(s, e, args, undefined);
        for (const v of args) st = this.escapeIfHandle(st, v);
        for (const arg of e.arguments) st = this.escapeStructFields(st, arg);
        if (this.mayThrow(e)) this.throwFrom(st, 'call', e, target.name);
        return [{ s: st, v: undefined }];
      }
    }
  }

  /**
   * Whether a call may throw, for exception paths. Win32 and unknown calls may; constructors of JS built-ins,
   * timers and console/Math helpers are taken not to (they would make every path an exception path).
   */
  private mayThrow(e: TSESTree.CallExpression | TSESTree.NewExpression): boolean {
    const callee = unwrap(e.callee);
    const global = (id: Node): id is TSESTree.Identifier => {
      if (id.type !== 'Identifier') return false;
      const variable = this.resolver.variableOf(id);
      // unresolved, a TypeScript lib global (no definitions), or imported by name
      return variable == null || variable.defs.length === 0 || variable.defs[0]?.type === 'ImportBinding';
    };
    if (e.type === 'NewExpression') return !(global(callee) && GLOBAL_CONSTRUCTORS.test(callee.name));
    if (global(callee)) return !PURE_FUNCTIONS.has(callee.name);
    if (callee.type === 'MemberExpression' && global(callee.object)) return !PURE_NAMESPACES.has(callee.object.name);
    return true;
  }

  /** A struct (PROCESS_INFORMATION, out<HANDLE>()) passed to an unknown callee: the handles in it escape. */
  private escapeStructFields(s: St, arg: Node): St {
    const loc = this.exprLoc(arg);
    if (loc === undefined) return s;
    for (const f of this.fieldsOfLoc.get(loc) ?? []) s = this.escapeAV(s, pget(s.v, f));
    return s;
  }

  /** `this.close()` inside the class whose close() releases its owned fields */
  private isOwnReleasingMethodCall(e: TSESTree.CallExpression | TSESTree.NewExpression, name: string): boolean {
    const callee = e.type === 'CallExpression' ? unwrap(e.callee) : undefined;
    return callee?.type === 'MemberExpression' && callee.object.type === 'ThisExpression' && !!this.run?.cls?.releasingMethods.has(name);
  }

  /**
   * After `this.close()` the owned fields hold nothing the caller may still lose: the method released them (and
   * usually emptied them), so a following `this.h = Open()` is no overwrite. Marking them empty rather than closed
   * keeps a later `CloseHandle(this.h)` guarded by the emptied value from being called a double close.
   */
  private emptyOwnedFields(s: St): St {
    const cls = this.run?.cls;
    if (!cls) return s;
    for (const field of cls.ownedFields) s = withVar(s, this.fieldLoc(this.loc('this'), field), FALSY);
    return s;
  }

  private applyMethod(e: TSESTree.CallExpression | TSESTree.NewExpression, name: string, object: Expr, s: St, args: (AV | undefined)[]): Out[] {
    const obj = this.peek(object, s);
    if (obj?.k === 'h' && RELEASE_METHODS.has(name)) {
      // OwnedHandle.close()/[Symbol.dispose](): idempotent through the wrapper
      return [{ s: this.release(s, obj, e, `${this.text(object)}.${name}`, object, { wrapper: true }), v: undefined }];
    }
    if (obj?.k === 'inst') {
      // a method of a local owner class: close()/dispose release what the constructor took
      if (obj.cls.releasingMethods.has(name))
        return [{ s: this.release(s, { k: 'h', ids: obj.ids }, e, `${this.text(object)}.${name}`, object, { asOwner: true }), v: undefined }];
      s = this.passUnseen(s, e, args, undefined);
      for (const v of args) s = this.escapeIfHandle(s, v);
      return [{ s, v: undefined }];
    }
    if (obj?.k === 'stack') {
      const loc = this.exprLoc(object);
      if ((name === 'adopt' || name === 'use') && args[0]?.k === 'h') {
        // released when the stack is disposed; until then the stack (a local owner) holds it
        return [{ s: this.registerWithStack(s, loc, obj, args[0], e), v: args[0] }];
      }
      if (name === 'dispose' || name === 'Symbol.dispose' || name === 'disposeAsync' || name === 'Symbol.asyncDispose')
        return [{ s: this.disposeStack(s, loc, obj, e, `${this.text(object)}.${name === 'dispose' ? 'dispose()' : name}`), v: undefined }];
      if (name === 'move') return [{ s: loc === undefined ? s : withVar(s, loc, { k: 'stack', ids: [] }), v: obj }];
      return [{ s, v: undefined }];
    }
    if ((name === 'adopt' || name === 'use') && args[0]?.k === 'h') {
      // an unknown disposable stack: a deferred release
      const v = args[0];
      return [{ s: this.release(s, v, e, `${this.text(object)}.${name}`, e.arguments[0]!, { deferred: true }), v }];
    }
    if (obj?.k === 'box' && BOX_METHODS.has(name)) {
      if (SYNC_CALLBACK_METHODS.has(name)) s = this.noteContentsUnseen(s, obj); // `[a, b].every(isOpen)` may test them
      for (const v of args) s = this.escapeIfHandle(s, v); // stored into the container: conservatively escapes
      return [{ s, v: undefined }];
    }
    let st = this.passUnseen(s, e, args, obj);
    for (const v of args) st = this.escapeIfHandle(st, v);
    for (const arg of e.arguments) st = this.escapeStructFields(st, arg);
    if (obj?.k === 'h') st = this.escapeAV(st, obj);
    if (this.mayThrow(e)) this.throwFrom(st, 'call', e, name);
    return [{ s: st, v: undefined }];
  }

  private applyContract(
    e: TSESTree.CallExpression | TSESTree.NewExpression,
    c: FunctionContract,
    name: string,
    s: St,
    args: (AV | undefined)[],
    nameHint: string | undefined,
  ): Out[] {
    const line = this.line(e);
    const releases = new Set((c.releases ?? []).map((r) => r.param));
    // every handle argument of a Win32 function that it does not release is a use
    args.forEach((v, i) => {
      s = this.uncheckedPass(s, v, e, this.argAt(e, i), releases.has(i) ? 'release' : 'use', true);
      if (!releases.has(i) && (v?.k === 'h' || v?.k === 'box')) s = this.useHandle(s, { k: 'h', ids: v.ids }, e, name);
    });
    if (c.special === 'duplicate-handle') return this.duplicateHandle(e, c, name, s, args);
    s = this.handToStartRoutine(e, c, s, args);
    // Win32 functions report failure through their result; they do not throw
    for (const r of c.releases ?? []) {
      const v = args[r.param];
      const argNode = this.argAt(e, r.param);
      if (v?.k === 'h') {
        this.checkReleaser(s, v, e, name, r.family, argNode ?? e);
        s = this.release(s, v, e, name, argNode ?? e);
      } else if (argNode) {
        this.checkHolderRelease(s, e, argNode);
      }
    }
    const ids: number[] = [];
    let result: AV | undefined;
    for (const [i, a] of (c.acquires ?? []).entries()) {
      const created = this.acquireSlot(e, s, a, i, name, c, nameHint);
      if (!created) continue;
      s = created.s;
      if (created.id === undefined) continue;
      if (a.slot.at === 'return') result = { k: 'h', ids: [created.id] };
      else ids.push(created.id);
    }
    if (!result && c.failure !== 'none' && c.returns !== 'void')
      result = { k: 'st', ids, api: name, line, failure: c.failure };
    if (result?.k === 'st') s = this.mapHandles(s, ids, (info) => ({ ...info, status: line }));
    if (result?.k === 'st') this.sentinels.noteResult(result, e);
    return [{ s, v: result }];
  }

  /**
   * CreateThread(…, routine, h, …) where the local start routine closes its parameter: the new thread owns `h`. It
   * leaves this function's care (an escape, not a release: when CreateThread fails the caller may still close it).
   */
  private handToStartRoutine(e: TSESTree.CallExpression | TSESTree.NewExpression, c: FunctionContract, s: St, args: (AV | undefined)[]): St {
    const starts = c.startsCode;
    if (starts?.in !== 'thread' || starts.routine === undefined) return s;
    const parameter = args[starts.parameter];
    const routineNode = this.argAt(e, starts.routine);
    if (parameter?.k !== 'h' || !routineNode) return s;
    const routine = unwrap(routineNode);
    let fn: FunctionNode | ClassNode | undefined;
    if (routine.type === 'ArrowFunctionExpression' || routine.type === 'FunctionExpression') fn = routine;
    else if (routine.type === 'Identifier') {
      const variable = this.resolver.variableOf(routine);
      fn = variable ? this.functionValue(variable) : undefined;
    }
    if (!fn || (fn.type !== 'FunctionDeclaration' && fn.type !== 'FunctionExpression' && fn.type !== 'ArrowFunctionExpression')) return s;
    const effect = this.summaryOf(fn).params[0];
    return effect === 'closes' || effect === 'maybe-closes' || effect === 'takes' ? this.escapeIfHandle(s, parameter) : s;
  }

  /**
   * matching-close: a release by a function of another family than the handle's (contract table), or of a handle
   * nobody may release by this family (a borrowed HWND/HMODULE). A borrowed or pseudo handle of the right family is
   * no-close-unowned's. 'maybe' when only some of the values the argument may hold are wrong.
   */
  private checkReleaser(s: St, v: AV & { k: 'h' }, call: TSESTree.CallExpression | TSESTree.NewExpression, name: string, family: string, argNode: Node): void {
    const infos = v.ids.map((id) => pget(s.h, id)).filter((info): info is HandleInfo => !!info && info.bits !== NONE);
    if (infos.length === 0) return;
    const wrong: { info: HandleInfo; releasable: boolean }[] = [];
    for (const info of infos) {
      if (info.own === 'owned' || info.own === 'transferred' || info.own === 'foreign') {
        if (info.acq.releaser && info.acq.releaser !== family) wrong.push({ info, releasable: true });
      } else if ((info.own === 'borrowed' || info.own === 'pseudo') && info.acq.kind) {
        if (!this.familiesOfKind(info.acq.kind).has(family)) wrong.push({ info, releasable: false });
      }
    }
    const first = wrong[0];
    if (!first) {
      this.rightReleaseAt.add(call);
      return;
    }
    const certainty = s.approx || wrong.length < infos.length ? 'maybe' : 'definite';
    const expected = first.releasable ? first.info.acq.releaser : undefined;
    const suggestions: EngineSuggestion[] = [];
    if (certainty === 'definite' && expected) {
      const fix = this.useExpectedReleaser(call, expected);
      if (fix) suggestions.push(fix);
    }
    const opened = first.info.acq.api ? { api: first.info.acq.api, line: first.info.acq.line } : undefined;
    const release = { kind: first.info.acq.kind, expected, releaser: name, releasable: first.releasable };
    this.report({ kind: 'wrong-releaser', node: call, handle: this.text(argNode), opened, certainty, release, suggestions }, call);
  }

  private readonly kindFamilies = new Map<string, Set<string>>();
  /** releasing calls where some path releases the right family: a wrong family there is only on some paths ('maybe') */
  private readonly rightReleaseAt = new Set<Node>();

  /** The families that release owned handles of this kind anywhere in the contract table. */
  private familiesOfKind(kind: string): Set<string> {
    let families = this.kindFamilies.get(kind);
    if (!families) {
      families = new Set();
      for (const c of CONTRACTS)
        for (const a of c.acquires ?? []) if (a.kind === kind && a.ownership === 'owned') families.add(a.family ?? 'CloseHandle');
      this.kindFamilies.set(kind, families);
    }
    return families;
  }

  /**
   * Replace the callee by the expected releaser when it takes the handle as its only argument and the file reaches
   * it the same way: a runtime file (the import is added when missing) or an FFI file that binds it.
   */
  private useExpectedReleaser(call: TSESTree.CallExpression | TSESTree.NewExpression, expected: string): EngineSuggestion | undefined {
    if (contractFor(expected)?.arity !== 1) return undefined;
    const callee = unwrap(call.callee);
    const nameNode = callee.type === 'Identifier' ? callee : callee.type === 'MemberExpression' && !callee.computed ? callee.property : undefined;
    if (!nameNode) return undefined;
    const bound = this.boundCallee(call);
    const edits: TextEdit[] = [{ range: nameNode.range, text: expected }];
    if (bound && bound.style !== 'runtime' && bound.style !== 'name') {
      if (!this.bindings.declarations.some((d) => d.win32Name === expected && d.style === bound.style)) return undefined;
    } else {
      const runtimeImport = this.input.ast.body.find(
        (st): st is TSESTree.ImportDeclaration => st.type === 'ImportDeclaration' && st.source.value === 'eslint-plugin-handles/runtime',
      );
      if (!runtimeImport) return undefined;
      const named = runtimeImport.specifiers.filter((sp): sp is TSESTree.ImportSpecifier => sp.type === 'ImportSpecifier');
      const last = named[named.length - 1];
      if (!last) return undefined;
      if (!named.some((sp) => sp.local.name === expected)) edits.push({ range: [last.range[1], last.range[1]], text: `, ${expected}` });
    }
    return { kind: 'use-expected-releaser', description: `Release it with ${expected}`, edits };
  }

  /** matching-close: the out-param holder given to a releaser while the handle it received is open. */
  private checkHolderRelease(s: St, call: TSESTree.CallExpression | TSESTree.NewExpression, argNode: Node): void {
    const arg = unwrap(argNode);
    if (arg.type !== 'Identifier') return;
    const variable = this.resolver.variableOf(arg);
    const id = variable ? this.holderAcquisitions.get(variable) : undefined;
    const info = id !== undefined ? pget(s.h, id) : undefined;
    if (!info || !(info.bits & OPEN) || info.own !== 'owned') return;
    const value = info.acq.name;
    const release = { kind: info.acq.kind, releaser: this.calleeLabel(call), releasable: true, holder: arg.name, value };
    const suggestions: EngineSuggestion[] = [{ kind: 'release-held-value', description: `Release ${value}`, edits: [{ range: argNode.range, text: value }] }];
    const opened = info.acq.api ? { api: info.acq.api, line: info.acq.line } : undefined;
    this.report(
      { kind: 'out-param-holder', node: call, handle: arg.name, opened, certainty: s.approx ? 'maybe' : 'definite', release, suggestions },
      call,
    );
  }

  /** Creates the handle an acquisition slot receives; returns the id (undefined when it has no holder). */
  private acquireSlot(
    e: TSESTree.CallExpression | TSESTree.NewExpression,
    s: St,
    a: NonNullable<FunctionContract['acquires']>[number],
    index: number,
    api: string,
    c: FunctionContract,
    nameHint: string | undefined,
    ownOverride?: Ownership,
    dupOf?: number,
  ): { s: St; id?: number } | undefined {
    const own: Ownership = ownOverride ?? (a.ownership === 'owned' ? 'owned' : a.ownership === 'borrowed' ? 'borrowed' : 'pseudo');
    const checked = c.failure === 'none' || a.ownership !== 'owned';
    const bits = checked ? OPEN : NONE | OPEN;
    const releaser = a.family ?? (a.ownership === 'owned' ? 'CloseHandle' : undefined);
    const id = this.siteId(e, `slot${index}`);
    if (a.slot.at === 'return') {
      const acq = this.acquisition(id, { name: nameHint ?? `${api}(…)`, api, line: this.line(e), node: e, releaser, failure: c.failure, kind: a.kind, slot: 'return' });
      return { s: withHandle(s, id, { bits, own, escaped: false, acq, dupOf }), id };
    }
    const argNode = this.argAt(e, a.slot.param);
    if (!argNode) return undefined;
    // an FFI out-param holder (koffi [null], Buffer, BigUint64Array through ptr()/UnsafePointer.of, a const pointer to one)
    const bound = this.boundOf.get(e) ?? undefined;
    const holder = a.slot.at === 'out' && bound ? this.outHolder(argNode, bound.outValues[a.slot.param]) : undefined;
    const arg = holder ? holder.ident : unwrap(argNode);
    const base = this.exprLoc(arg);
    if (base === undefined) return { s };
    let name: string;
    let locs: number[];
    if (a.slot.at === 'field') {
      name = `${this.text(arg)}.${a.slot.field}`;
      locs = [this.fieldLoc(base, a.slot.field)];
    } else if (holder) {
      name = holder.read;
      locs = [this.fieldLoc(base, '0')];
    } else {
      const arrayLike = this.isArrayLike(arg);
      name = arrayLike ? `${this.text(arg)}[0]` : `${this.text(arg)}.value`;
      locs = [this.fieldLoc(base, 'value'), this.fieldLoc(base, '0')];
    }
    const acq = this.acquisition(id, { name, api, line: this.line(e), node: e, releaser, failure: c.failure === 'none' ? 'none' : 'null', kind: a.kind });
    s = withHandle(s, id, { bits, own, escaped: false, acq, dupOf });
    // the holder as passed (`token`, `tokenPtr`, `dup`): releasing it instead of the value is matching-close's outParamHolder
    const passed = unwrap(argNode);
    if (passed.type === 'Identifier') {
      const variable = this.resolver.variableOf(passed);
      if (variable) this.holderAcquisitions.set(variable, id);
    }
    for (const l of locs) s = withVar(s, l, { k: 'h', ids: [id] });
    return { s, id };
  }

  /**
   * The variable holding an FFI out-param's value and how code reads it back (bindings' outParamReads). Holders
   * read through a call (Buffer, ref.alloc, koffi.alloc, bytes) are registered for outParamRead. Our runtime's
   * `out<HANDLE>()` keeps the engine's own `.value` handling.
   */
  private outHolder(argNode: Node, pointee: BoundCallee['outValues'][number]): { ident: TSESTree.Identifier; read: string } | undefined {
    const lookup = (id: TSESTree.Identifier) => this.bindings.initializerOf(id);
    const holder = outParamReads(argNode, lookup, pointee);
    if (!holder?.holderName || holder.kind === 'out-object') return undefined;
    const ident = this.holderIdentifier(argNode, holder.holderName, 0);
    if (!ident) return undefined;
    if (holder.kind !== 'array' && holder.kind !== 'typed-array') this.run.outHolders.set(holder.holderName, holder);
    return { ident, read: holder.reads[0]?.text ?? `${holder.holderName}[0]` };
  }

  /** The identifier naming the holder inside an out-param argument: `arr`, `ptr(arr)`, `buf.ptr`, `tokenPtr` (= ptr(tokenArr)). */
  private holderIdentifier(node: Node, name: string, depth: number): TSESTree.Identifier | undefined {
    if (depth > 6) return undefined;
    const n = unwrap(node);
    if (n.type === 'Identifier') {
      if (n.name === name) return n;
      const init = this.bindings.initializerOf(n);
      return init ? this.holderIdentifier(init, name, depth + 1) : undefined;
    }
    if (n.type === 'CallExpression') return n.arguments[0] ? this.holderIdentifier(n.arguments[0], name, depth + 1) : undefined;
    if (n.type === 'MemberExpression') return this.holderIdentifier(n.object, name, depth + 1);
    return undefined;
  }

  private isArrayLike(arg: Node): boolean {
    if (arg.type !== 'Identifier') return false;
    const variable = this.resolver.variableOf(arg);
    const def = variable?.defs[0]?.node as Node | undefined;
    const init = def?.type === 'VariableDeclarator' && def.init ? unwrap(def.init) : undefined;
    if (!init) return false;
    if (init.type === 'ArrayExpression') return true;
    if (init.type === 'NewExpression' && init.callee.type === 'Identifier' && /Array$/.test(init.callee.name)) return true;
    return false;
  }

  private duplicateHandle(
    e: TSESTree.CallExpression | TSESTree.NewExpression,
    c: FunctionContract,
    name: string,
    s: St,
    args: (AV | undefined)[],
  ): Out[] {
    const line = this.line(e);
    this.checkDuplicateArguments(e, s, args);
    const [srcProc, src, tgtProc] = [args[0], args[1], args[2]];
    const closeSource = this.hasCloseSource(this.argAt(e, 6), args[6]);
    const sourceIsOurs = this.isCurrentProcess(s, srcProc, this.argAt(e, 0));
    const targetIsOurs = this.isCurrentProcess(s, tgtProc, this.argAt(e, 2));
    // DUPLICATE_CLOSE_SOURCE closes the source in its process on success AND on failure
    if (closeSource && sourceIsOurs && src?.k === 'h') s = this.release(s, src, e, name, this.argAt(e, 1) ?? e);
    const targetNode = this.argAt(e, 3);
    const targetArg = targetNode ? unwrap(targetNode) : undefined;
    const targetIsNull = !targetArg || (args[3]?.k === 'c' && (args[3].c === null || args[3].c === undefined || args[3].c === 0));
    const ids: number[] = [];
    if (targetIsNull) {
      const onlyClosesRemote = closeSource && (tgtProc?.k === 'c' ? !tgtProc.c : false);
      if (!onlyClosesRemote && !(closeSource && !tgtProc)) {
        this.report(
          {
            kind: 'lost', lostHow: 'discarded', node: e, handle: 'the duplicate', opened: { api: name, line },
            certainty: s.approx ? 'maybe' : 'definite', suggestions: [],
          },
          e,
        );
      }
    } else {
      const acq = c.acquires?.[0] ?? { slot: { at: 'out' as const, param: 3 }, ownership: 'owned' as const, kind: 'Any' as const, family: 'CloseHandle' as const };
      const srcId = src?.k === 'h' && src.ids.length === 1 && sourceIsOurs ? src.ids[0] : undefined;
      const created = this.acquireSlot(e, s, acq, 0, name, { ...c, failure: 'false' }, undefined, targetIsOurs ? 'owned' : 'foreign', srcId);
      if (created) {
        s = created.s;
        if (created.id !== undefined) {
          ids.push(created.id);
          // a real handle to our own process (duplicated from the pseudo handle) names the current process too
          if (targetIsOurs && sourceIsOurs && this.isCurrentProcess(s, src, this.argAt(e, 1)))
            s = this.mapHandles(s, [created.id], (info) => ({ ...info, selfProcess: true }));
        }
      }
    }
    s = this.mapHandles(s, ids, (info) => ({ ...info, status: line }));
    const result: AV = { k: 'st', ids, api: name, line, failure: 'false' };
    this.sentinels.noteResult(result, e);
    return [{ s, v: result }];
  }

  /**
   * duplicate-options: DuplicateHandle arguments whose known values cannot work (runtime-spec §3, §3.10; CE rules under
   * settings.handles.platform 'ce'). Arguments whose value the analysis does not know are never judged.
   */
  private checkDuplicateArguments(e: TSESTree.CallExpression | TSESTree.NewExpression, s: St, args: (AV | undefined)[]): void {
    const node = (i: number): Node | undefined => this.argAt(e, i);
    const value = (i: number): Const | typeof UNKNOWN_ARGUMENT => this.duplicateArgumentValue(node(i), args[i]);
    const ce = this.settings.platform === 'ce';
    const report = (
      i: number,
      problem: DuplicateOptionsProblem,
      suggestions: EngineSuggestion[] = [],
      bits?: number,
      acquired?: Acquisition,
    ): void => {
      const at = node(i);
      if (!at) return;
      const duplicateOptions = { problem, argument: this.text(at), ...(bits !== undefined ? { bits } : {}), ...(acquired ? { kind: acquired.kind } : {}) };
      const opened = acquired?.api ? { api: acquired.api, line: acquired.line } : undefined;
      const certainty = s.approx ? 'maybe' : 'definite';
      this.report({ kind: 'duplicate-options', node: at, handle: this.text(at), opened, certainty, duplicateOptions, suggestions }, at);
    };
    const access = value(4);
    const options = value(6);
    const optionBits = typeof options === 'number' ? options : typeof options === 'boolean' || options === null ? Number(options) : undefined;
    const targetProcess = value(2);
    const targetIsNull = targetProcess === null || targetProcess === 0 || (targetProcess === undefined && args[2]?.k === 'c');
    for (const i of [0, 2]) {
      if (this.isCurrentThreadPseudo(s, args[i])) report(i, 'thread-as-process');
      else {
        const other = this.nonProcessAcquisition(s, args[i]);
        if (other) report(i, 'not-a-process', [], undefined, other);
      }
    }
    if (ce && (value(3) === null || value(3) === 0)) report(3, 'ce-null-target-handle');
    const source = value(1);
    if ((typeof source === 'number' || typeof source === 'bigint') && source < 0 && source !== -1 && source !== -2 && source !== -1n && source !== -2n)
      report(1, 'unsupported-pseudo-source');
    if (optionBits === undefined) return;
    const undefinedBits = (optionBits & ~DUPLICATE_DEFINED_OPTIONS) >>> 0;
    if (undefinedBits !== 0) report(6, 'unknown-options', [], undefinedBits);
    const sameAccess = (optionBits & 0x2) !== 0;
    if (targetIsNull && (optionBits & 0x1) === 0) report(2, 'null-target-process');
    // Without SAME_ACCESS the mask is checked before anything else happens: reserved bits fail every call.
    const reservedBits = typeof access === 'number' ? (access & RESERVED_ACCESS_BITS) >>> 0 : 0;
    if (!sameAccess && !targetIsNull && !ce && reservedBits !== 0) report(4, 'reserved-access', [], reservedBits);
    if (sameAccess && typeof access === 'number' && access !== 0) {
      const at = node(4)!;
      report(4, 'access-ignored', [{ kind: 'remove-access', description: 'Pass 0 as the access mask', edits: [{ range: at.range, text: '0' }] }]);
    }
    if (ce) {
      const inherit = value(5);
      if (inherit !== UNKNOWN_ARGUMENT && !!inherit) report(5, 'ce-inherit');
      if (!sameAccess) report(6, 'ce-same-access', this.addSameAccess(node(6), optionBits));
    } else if (!sameAccess && access === 0 && !targetIsNull) {
      report(4, 'no-access', this.addSameAccess(node(6), optionBits));
    }
  }

  /** The known value of a DuplicateHandle argument: the analysis' constant, else the flag/access names it is spelled with. */
  private duplicateArgumentValue(node: Node | undefined, v: AV | undefined): Const | typeof UNKNOWN_ARGUMENT {
    if (v?.k === 'c') return v.c;
    if (!node) return UNKNOWN_ARGUMENT;
    const n = unwrap(node);
    if (n.type === 'BinaryExpression' && (n.operator === '|' || n.operator === '+')) {
      const l = this.duplicateArgumentValue(n.left, undefined);
      const r = this.duplicateArgumentValue(n.right, undefined);
      return typeof l === 'number' && typeof r === 'number' ? (n.operator === '|' ? (l | r) >>> 0 : l + r) : UNKNOWN_ARGUMENT;
    }
    if (n.type === 'Literal') return typeof n.value === 'number' || typeof n.value === 'boolean' || n.value === null ? n.value : UNKNOWN_ARGUMENT;
    let name: string | undefined;
    if (n.type === 'Identifier') {
      const variable = this.resolver.variableOf(n);
      if (variable && variable.defs[0]?.type !== 'ImportBinding') {
        const constant = this.constantOf(variable);
        return constant?.k === 'c' ? constant.c : UNKNOWN_ARGUMENT;
      }
      name = n.name;
    } else if (n.type === 'MemberExpression') {
      name = propertyName(n.property, n.computed);
    }
    return name !== undefined && name in DUPLICATE_ARGUMENT_CONSTANTS ? DUPLICATE_ARGUMENT_CONSTANTS[name]! : UNKNOWN_ARGUMENT;
  }

  /**
   * The acquisition behind a value that is certainly a handle of a known kind other than a process (CreateThread's
   * thread, an event, a file), for a process argument of DuplicateHandle; pseudo and 'Any' handles are not judged.
   */
  private nonProcessAcquisition(s: St, v: AV | undefined): Acquisition | undefined {
    if (v?.k !== 'h' || v.ids.length === 0) return undefined;
    const infos = v.ids.map((id) => pget(s.h, id));
    const first = infos[0]?.acq;
    if (!first?.kind || !first.api || first.kind === 'Process' || first.kind === 'Any') return undefined;
    const sameKind = infos.every((info) => !!info && info.own !== 'pseudo' && !info.selfProcess && info.acq.kind === first.kind);
    return sameKind ? first : undefined;
  }

  /** GetCurrentThread()'s value (-2, or a value the engine knows is the thread pseudo handle). */
  private isCurrentThreadPseudo(s: St, v: AV | undefined): boolean {
    if (v?.k === 'c') return v.c === -2 || v.c === -2n;
    if (v?.k !== 'h' || v.ids.length === 0) return false;
    return v.ids.every((id) => {
      const info = pget(s.h, id);
      return !!info && info.own === 'pseudo' && info.acq.kind === 'Thread';
    });
  }

  /**
   * The add-same-access fix for the options argument: a file on the runtime names the flag (importing it when
   * missing), a binding's file gets the number (`1` → `3`).
   */
  private addSameAccess(options: Node | undefined, bits: number): EngineSuggestion[] {
    if (!options) return [];
    const text = this.text(options);
    const runtimeImport = this.input.ast.body.find(
      (st): st is TSESTree.ImportDeclaration => st.type === 'ImportDeclaration' && st.source.value === 'eslint-plugin-handles/runtime',
    );
    const edits: TextEdit[] = [];
    if (runtimeImport) {
      const name = 'DUPLICATE_SAME_ACCESS';
      edits.push({ range: options.range, text: bits === 0 ? name : `${text} | ${name}` });
      const named = runtimeImport.specifiers.filter((sp): sp is TSESTree.ImportSpecifier => sp.type === 'ImportSpecifier');
      const last = named[named.length - 1];
      if (last && !named.some((sp) => sp.local.name === name)) edits.push({ range: [last.range[1], last.range[1]], text: `, ${name}` });
    } else {
      const n = unwrap(options);
      edits.push({ range: options.range, text: n.type === 'Literal' ? String((bits | 0x2) >>> 0) : `${text} | 2` });
    }
    return [{ kind: 'add-same-access', description: 'Add DUPLICATE_SAME_ACCESS', edits }];
  }

  private isCurrentProcess(s: St, v: AV | undefined, node: Node | undefined): boolean {
    // Windows CE names the current process by its id too (GetCurrentProcessId() as a process handle)
    if (this.settings.platform === 'ce' && node) {
      const n = unwrap(node);
      if (n.type === 'CallExpression' && calleeName(n.callee) === 'GetCurrentProcessId') return true;
    }
    if (!v) return false;
    if (v.k === 'c') return v.c === -1 || v.c === -1n;
    if (v.k === 'h')
      return v.ids.every((id) => {
        const info = pget(s.h, id);
        return !!info && ((info.own === 'pseudo' && info.acq.kind !== 'Thread') || info.selfProcess === true);
      });
    return false;
  }

  private hasCloseSource(node: Node | undefined, v: AV | undefined): boolean {
    if (v?.k === 'c' && typeof v.c === 'number') return (v.c & 1) !== 0;
    if (!node) return false;
    let found = false;
    this.walk(node, (n) => {
      if (n.type === 'Identifier' && n.name === 'DUPLICATE_CLOSE_SOURCE') found = true;
      if (n.type === 'MemberExpression' && propertyName(n.property, n.computed) === 'DUPLICATE_CLOSE_SOURCE') found = true;
    });
    return found;
  }

  private applyUser(
    e: TSESTree.CallExpression | TSESTree.NewExpression,
    d: UserFunctionDeclaration,
    name: string,
    s: St,
    args: (AV | undefined)[],
    nameHint: string | undefined,
  ): Out[] {
    const line = this.line(e);
    const releases = new Set(d.releases ?? []);
    const takes = new Set(d.takes ?? []);
    const checks = new Set(d.checks ?? []);
    if (checks.size > 0) {
      // an assertion helper: the values it checks count as tested, rightly (it throws on their failure value)
      this.sentinels.testedByHelper(this.run.id, args, args.map((_, i) => checks.has(i)), (id) => pget(s.h, id));
    }
    args.forEach((v, i) => {
      if (v?.k !== 'h') return;
      if (checks.has(i)) {
        s = this.noteTest(s, v, 'tested');
        return;
      }
      s = this.uncheckedPass(s, v, e, e.arguments[i], releases.has(i) ? 'release' : 'use', !takes.has(i));
      if (releases.has(i)) s = this.release(s, v, e, name, e.arguments[i]!);
      else if (takes.has(i)) s = this.transfer(s, v, e.arguments[i]!, line, e);
      else s = this.useHandle(s, v, e, name);
    });
    if (!d.returns) return [{ s, v: undefined }];
    const failure = d.failure ?? (d.returns === 'owned' ? 'null' : 'none');
    const contract: FunctionContract = {
      name, module: 'user', returns: 'handle', failure,
      acquires: [{ slot: { at: 'return' }, ownership: d.returns, kind: 'Any', family: d.family ?? 'CloseHandle' }],
    };
    const created = this.acquireSlot(e, s, contract.acquires![0]!, 0, name, contract, nameHint);
    return [{ s: created?.s ?? s, v: created?.id !== undefined ? { k: 'h', ids: [created.id] } : undefined }];
  }

  private applySummary(
    e: TSESTree.CallExpression | TSESTree.NewExpression,
    summary: Summary,
    name: string,
    s: St,
    args: (AV | undefined)[],
    nameHint: string | undefined,
  ): Out[] {
    const line = this.line(e);
    if (summary.noReturn) return [];
    this.sentinels.testedByHelper(this.run.id, args, summary.checks, (id) => pget(s.h, id));
    args.forEach((v, i) => {
      const effect = summary.params[i];
      s = this.uncheckedPassToLocal(s, v, e, e.arguments[i], effect === 'closes' || effect === 'maybe-closes', summary, i);
      if (v?.k !== 'h') return;
      const argNode = e.arguments[i]!;
      switch (effect) {
        case 'closes': s = this.release(s, v, e, name, argNode); break;
        case 'maybe-closes': s = this.release(s, v, e, name, argNode, { maybe: true }); break;
        case 'takes': s = this.transfer(s, v, argNode, line, e); break;
        case 'uses': s = this.useHandle(s, v, e, name); break;
        default: s = this.escapeAV(s, v);
      }
    });
    // struct arguments: a local helper that fills or closes fields is not modelled; be conservative
    for (const arg of e.arguments) s = this.escapeStructFields(s, arg);
    if (summary.mayThrow) this.throwFrom(s, 'call', e, name);
    const r = summary.returns;
    if (!r) return [{ s, v: undefined }];
    if (r.kind === 'param') return [{ s, v: args[r.index] }];
    if (r.kind === 'box') {
      const props = new Map<string, AV | undefined>(r.props.map(([key, index]) => [key, args[index]]));
      const ids = [...new Set(r.props.flatMap(([, index]) => handleIds(args[index])))];
      return [{ s, v: ids.length ? { k: 'box', ids, props } : TRUTHY }];
    }
    const id = this.siteId(e, 'return');
    const acq = this.acquisition(id, { name: nameHint ?? `${name}(…)`, api: name, line, node: e, slot: 'return', releaser: r.kind === 'owned' ? r.releaser : 'CloseHandle', failure: r.kind === 'owned' ? r.failure : 'none' });
    if (r.kind === 'disposed') {
      s = withHandle(s, id, { bits: CLOSED, own: 'owned', escaped: false, acq, closedAt: { line: r.line, what: 'using' } });
    } else {
      s = withHandle(s, id, { bits: r.failure === 'none' ? OPEN : NONE | OPEN, own: 'owned', escaped: false, acq });
    }
    return [{ s, v: { k: 'h', ids: [id] } }];
  }

  // -------------------------------------------------------------------------------------------------------------
  // Events on handle values

  /**
   * A release of the handle(s) in `v` by `call` (`what` names it for messages). Deferred releases (a callback,
   * DisposableStack) take effect later: a synchronous release after one is a double close reported at the
   * deferred one. Releases through an OwnedHandle wrapper (close(), dispose, `using`) are idempotent.
   */
  private release(
    s: St,
    v: AV & { k: 'h' },
    call: Node,
    what: string,
    argNode: Node,
    opts: { deferred?: boolean; maybe?: boolean; wrapper?: boolean; asOwner?: boolean; dispose?: { node: Node; handle: string } } = {},
  ): St {
    const line = this.line(call);
    const at = opts.dispose?.node ?? call;
    for (const id of v.ids) {
      const info = pget(s.h, id);
      if (!info) continue;
      const unowned = opts.asOwner && info.own === 'transferred' ? undefined : unownedReason(info.own);
      if (unowned) {
        if (!(info.bits & OPEN) && info.own !== 'transferred') continue;
        this.report(
          {
            kind: 'close-unowned', node: at, handle: opts.dispose?.handle ?? this.text(argNode),
            certainty: s.approx || v.ids.length > 1 ? 'maybe' : 'definite',
            unowned, opened: info.acq.api ? { api: info.acq.api, line: info.acq.line } : undefined,
            previous: info.ownerLine !== undefined ? { line: info.ownerLine, what: 'owner' } : undefined, suggestions: [],
          },
          at,
        );
        continue;
      }
      if ((opts.wrapper || opts.dispose) && info.wrapperClosed) continue;
      if (info.bits & OPEN && !opts.deferred && !s.exc) this.noteOpenAt(at, id);
      if (!s.exc) this.ownedCloseAt.add(at);
      const handle = opts.dispose?.handle ?? info.acq.name;
      const opened = info.acq.api ? { api: info.acq.api, line: info.acq.line } : undefined;
      const definite = !(info.bits & OPEN) && !s.approx && v.ids.length === 1;
      if (info.bits & CLOSED || (opts.deferred && info.bits & DEFER)) {
        const previous = opts.deferred && !(info.bits & CLOSED) && info.deferredClose ? { line: info.deferredClose.line, what } : info.closedAt;
        this.report({ kind: 'double-close', node: at, handle, opened, certainty: definite ? 'definite' : 'maybe', previous, suggestions: [] }, id, 0, id);
      } else if (!opts.deferred && info.bits & DEFER && info.deferredClose) {
        // the deferred release runs after this one: it is the second close
        const node = info.deferredClose.node as Node;
        if (info.bits & OPEN) this.noteOpenAt(node, id);
        this.report(
          { kind: 'double-close', node, handle: info.acq.name, opened, certainty: definite ? 'definite' : 'maybe', previous: { line, what }, suggestions: [] },
          id, 0, id,
        );
      }
      if (!opts.deferred && info.deferredUse && !(info.bits & CLOSED)) {
        const node = info.deferredUse as Node;
        this.report(
          { kind: 'use-after-close', node, handle: info.acq.name, opened, certainty: definite || info.bits & OPEN ? 'definite' : 'maybe', previous: { line, what }, suggestions: [] },
          id, 0, id,
        );
      }
      if (info.bits === NONE) continue; // releasing the failure sentinel is another rule's business
      const released = opts.deferred ? DEFER : CLOSED;
      const kept = opts.maybe || v.ids.length > 1 ? info.bits : info.bits & NONE;
      const bits = released | (opts.deferred ? kept : kept & ~DEFER);
      const closedAt = opts.deferred ? info.closedAt : info.closedAt ?? { line: opts.dispose ? this.line(opts.dispose.node) : line, what };
      const deferredClose = opts.deferred ? info.deferredClose ?? { node: call, line } : info.deferredClose;
      const wrapperClosed = info.wrapperClosed || opts.wrapper || opts.dispose !== undefined;
      s = withHandle(s, id, { ...info, bits, closedAt, used: true, deferredClose, wrapperClosed });
    }
    return s;
  }

  /** A use of the handle(s) by a Win32 call or a helper that only uses them: after a release it is a bug. */
  private useHandle(s: St, v: AV & { k: 'h' }, call: Node, _api: string): St {
    for (const id of v.ids) {
      const info = pget(s.h, id);
      if (!info) continue;
      if (info.bits & OPEN && !s.exc) this.noteOpenAt(call, id);
      if (!(info.bits & CLOSED)) continue;
      const definite = !(info.bits & (OPEN | DEFER)) && !s.approx && v.ids.length === 1;
      this.report(
        {
          kind: 'use-after-close', node: call, handle: info.acq.name,
          opened: info.acq.api ? { api: info.acq.api, line: info.acq.line } : undefined,
          certainty: definite ? 'definite' : 'maybe', previous: info.closedAt, suggestions: [],
        },
        id, 0, id,
      );
    }
    return this.mapHandles(s, v.ids, (info) => (info.used ? info : { ...info, used: true }));
  }

  // -------------------------------------------------------------------------------------------------------------
  // check-before-use ('unchecked-use', see unchecked-use.ts). Per value, a fact in the location map says whether a
  // test has seen it on every path to here (a join drops a location one side lacks), and whether it was stored
  // untested into something that outlives the function.

  private testedLoc(id: number): number {
    return this.loc(`tested:${id}`);
  }

  private storedLoc(id: number): number {
    return this.loc(`stored:${id}`);
  }

  private testFact(s: St, id: number): TestFact | undefined {
    const av = pget(s.v, this.testedLoc(id));
    if (!av) return undefined;
    return av.k === 'c' && (av.c === 'tested-loosely' || av.c === 'unseen') ? av.c : 'tested';
  }

  /** A test of `v` (a handle, or the BOOL/status result that decides some): each value it decides is tested from here on. */
  private noteTest(s: St, v: AV | undefined, fact: TestFact): St {
    if (v?.k !== 'h' && v?.k !== 'st') return s;
    for (const id of v.ids) {
      if (fact === 'unseen' && this.testFact(s, id)) continue;
      s = withVar(s, this.testedLoc(id), fact === 'tested' ? TRUTHY : { k: 'c', c: fact });
      // one out-param of a BOOL/status call tested (`if (!pi.hProcess)`) tells whether the call succeeded: its
      // siblings (`pi.hThread`) count as tested too, loosely (their own failure edge was not taken)
      const info = v.k === 'h' && fact !== 'unseen' ? pget(s.h, id) : undefined;
      if (info?.status !== undefined) {
        const call = info.acq.node;
        const siblings: number[] = [];
        pforEach(s.h, (other, o) => {
          if (other !== id && o.acq.node === call && o.status !== undefined) siblings.push(other);
        });
        for (const other of siblings) if (!this.testFact(s, other)) s = withVar(s, this.testedLoc(other), { k: 'c', c: 'tested-loosely' });
      }
    }
    return s;
  }

  /** `h`, `!h`, `ok`, `event.valid` as a condition: its falsy side is the failure only for values that fail with NULL. */
  private noteTruthTest(s: St, v: AV | undefined, e: Node): St {
    const x = unwrap(e);
    if (!v && x.type === 'MemberExpression' && propertyName(x.property, x.computed) === 'valid')
      return this.noteTest(s, this.peek(x.object, s), 'tested'); // OwnedHandle.valid: neither NULL nor INVALID_HANDLE_VALUE
    if (v?.k !== 'h') return this.noteTest(s, v, 'tested');
    const falsyFailure = v.ids.every((id) => {
      const failure = pget(s.h, id)?.acq.failure;
      return failure !== 'invalid' && failure !== 'minus-one';
    });
    return this.noteTest(s, v, falsyFailure ? 'tested' : 'tested-loosely');
  }

  /** A comparison: against the value's own sentinel it decides failure; any other comparison still counts as a test. */
  private noteComparison(s: St, l: AV | undefined, r: AV | undefined, operator: string): St {
    if (!COMPARISONS.has(operator)) return s;
    const equality = operator[0] === '=' || operator[0] === '!';
    for (const [a, b] of [[l, r], [r, l]] as const) {
      if (a?.k === 'st') s = this.noteTest(s, a, equality ? 'tested' : 'tested-loosely');
      else if (a?.k === 'h') s = this.noteTest(s, a, equality && b?.k === 'c' && this.sentinelMatches(s, a.ids, b.c) ? 'tested' : 'tested-loosely');
    }
    return s;
  }

  /**
   * `v` given to `call` as `argNode`: a Win32 use or release, a declared wrapper's, or one the analysis cannot see
   * (`certain` false). Reports an untested acquisition there (or a use on the path where its test said it failed);
   * for a parameter of the function being analysed, remembers the use for the function's summary.
   */
  private uncheckedPass(
    s: St, v: AV | undefined, call: TSESTree.CallExpression | TSESTree.NewExpression, argNode: Node | undefined,
    how: 'use' | 'release', certain: boolean,
  ): St {
    if (v?.k !== 'h' && v?.k !== 'box') return s;
    const node = argNode ?? call;
    for (const id of v.ids) {
      const info = pget(s.h, id);
      if (!info || info.bits & RELEASED) continue; // released first: no-use-after-close's
      const fact = this.testFact(s, id);
      const untested = !fact || fact === 'unseen';
      const param = this.run.paramIds.indexOf(id);
      if (param >= 0) {
        if (how === 'use' && untested) this.noteUncheckedParam(param, certain && !fact ? 'use' : 'maybe');
        continue;
      }
      const failure = checkableFailure(info);
      const kind = untested ? how : how === 'use' && fact === 'tested' && info.bits === NONE ? 'failure-path' : undefined;
      if (!failure || !kind) continue;
      const definite = certain && fact !== 'unseen' && !s.approx && (v.k === 'box' || v.ids.length === 1);
      // one finding per acquisition for uses and stores, and one for releases (reported only under checkRelease)
      this.report(uncheckedFinding(info, node, kind, failure, definite, this.text(call.callee)), kind === 'release' ? -1 - id : id, node.range[0]);
    }
    return s;
  }

  /** Passed to a local function: what its summary says it does with that parameter before testing it. */
  private uncheckedPassToLocal(
    s: St, v: AV | undefined, call: TSESTree.CallExpression | TSESTree.NewExpression, argNode: Node | undefined,
    releases: boolean, summary: Summary, index: number,
  ): St {
    const pass = passToLocal(releases, summary.checks?.[index] === true, summary.unchecked?.[index]);
    if (pass) s = this.uncheckedPass(s, v, call, argNode, pass.how, pass.certain);
    if (pass && !pass.certain) s = this.noteTest(s, v, 'unseen');
    return summary.checks?.[index] ? this.noteTest(s, v, 'tested') : s;
  }

  /** Given to a callee the analysis cannot see (and a method's object): a maybe use; the callee may have tested it. */
  private passUnseen(s: St, call: TSESTree.CallExpression | TSESTree.NewExpression, args: readonly (AV | undefined)[], object: AV | undefined): St {
    if (!this.mayThrow(call)) return s; // JS built-ins, timers, console: they neither use nor test a handle
    args.forEach((v, i) => {
      s = this.uncheckedPass(s, v, call, call.arguments[i], 'use', false);
      s = this.noteTest(s, v, 'unseen');
    });
    // `[a, b].every(isOpen)`: the elements of a literal the method runs on
    const callee = unwrap(call.callee);
    const literal = callee.type === 'MemberExpression' ? unwrap(callee.object) : undefined;
    if (literal?.type === 'ArrayExpression')
      for (const element of literal.elements) if (element && element.type !== 'SpreadElement') s = this.noteTest(s, this.peek(element, s), 'unseen');
    return this.noteTest(s, object, 'unseen');
  }

  /** The handles of a literal container looked at element by element (`for…of`, `every`): they may have been tested. */
  private noteContentsUnseen(s: St, v: AV | undefined): St {
    return v?.k === 'box' ? this.noteTest(s, { k: 'h', ids: v.ids }, 'unseen') : s;
  }

  /** `this.f = v`, `param.f = v`, `moduleVariable = v`: an untested value stored where it outlives the function. */
  private noteStore(s: St, target: Node, v: AV | undefined, value: Node): St {
    if (v?.k !== 'h' || !this.outlivesFunction(target)) return s;
    for (const id of v.ids) {
      const info = pget(s.h, id);
      const fact = info ? this.testFact(s, id) : 'tested';
      if (fact && fact !== 'unseen') continue;
      const param = this.run.paramIds.indexOf(id);
      if (param >= 0) this.noteUncheckedParam(param, 'maybe');
      else if (info && checkableFailure(info)) {
        if (!this.run.uncheckedStores.has(id)) this.run.uncheckedStores.set(id, value);
        s = withVar(s, this.storedLoc(id), TRUTHY);
      }
    }
    return s;
  }

  /** A field of `this` or of a parameter, or a module variable (a captured local of an enclosing function is not). */
  private outlivesFunction(target: Node): boolean {
    if (this.run.fn.type === 'Program') return false;
    let root = unwrap(target);
    while (root.type === 'MemberExpression') root = unwrap(root.object);
    if (root.type === 'ThisExpression') return root !== unwrap(target);
    if (root.type !== 'Identifier') return false;
    const variable = this.resolver.variableOf(root);
    if (variable === null) return true; // a global
    const def = variable?.defs[0]; // (undefined: no scope information, nothing is known)
    if (!def) return false;
    if (def.type === 'Parameter') return root !== unwrap(target); // a field of an object the caller gave
    return !this.insideFunction(def.node as Node);
  }

  /** Untested values stored into fields or module variables on this path, at a normal exit. */
  private uncheckedStoresAtExit(s: St): void {
    for (const [id, node] of this.run.uncheckedStores) {
      if (!pget(s.v, this.storedLoc(id))) continue;
      const fact = this.testFact(s, id);
      const info = pget(s.h, id);
      const failure = info ? checkableFailure(info) : undefined;
      if ((fact && fact !== 'unseen') || !info || !failure) continue;
      this.report(uncheckedFinding(info, node, 'store', failure, !fact && !s.approx, undefined), id, node.range[0]);
    }
  }

  private noteUncheckedParam(index: number, effect: UncheckedParamEffect): void {
    this.run.uncheckedParams.set(index, joinParamEffect(this.run.uncheckedParams.get(index), effect));
  }

  /** The summary's check-before-use part: per parameter, used untested / tested on every normal exit. */
  private uncheckedSummary(run: Run): Pick<Summary, 'unchecked' | 'checks'> {
    const exit = run.exitJoin;
    const tested = (id: number | undefined): boolean => {
      const fact = id === undefined || !exit ? undefined : this.testFact(exit, id);
      return fact !== undefined && fact !== 'unseen';
    };
    return { unchecked: run.paramIds.map((_, i) => run.uncheckedParams.get(i)), checks: run.paramIds.map(tested) };
  }

  /** Handed to an owner (a constructor or helper that stores it and releases it later). */
  private transfer(s: St, v: AV & { k: 'h' }, argNode: Node, line: number, handOver: Node): St {
    for (const id of v.ids) {
      const info = pget(s.h, id);
      if (!info) continue;
      if (info.own === 'transferred') {
        this.report(
          {
            kind: 'shared-owner', node: argNode, handle: this.text(argNode),
            opened: info.acq.api ? { api: info.acq.api, line: info.acq.line } : undefined,
            certainty: s.approx || v.ids.length > 1 ? 'maybe' : 'definite',
            previous: info.ownerLine !== undefined ? { line: info.ownerLine, what: 'owner' } : undefined, suggestions: [],
          },
          argNode,
        );
        continue;
      }
      s = this.checkPassDuplicate(s, id, handOver, argNode);
      const cur = pget(s.h, id)!;
      if (cur.own === 'pseudo' || cur.own === 'foreign') {
        s = withHandle(s, id, { ...cur, escaped: true, used: true });
        continue;
      }
      s = withHandle(s, id, { ...cur, own: 'transferred', escaped: true, used: true, ownerLine: line });
    }
    return s;
  }

  /** MakeFred: the original goes to an owner while its fresh duplicate was never used. */
  /** `handOver` is the call/assignment/return value that gives the original away; `argNode` the original as written. */
  private checkPassDuplicate(s: St, sourceId: number, handOver: Node, argNode: Node): St {
    let found: HandleInfo | undefined;
    pforEach(s.h, (_id, info) => {
      if (!found && info.dupOf === sourceId && !info.used && info.own === 'owned' && info.bits & OPEN && !info.escaped) found = info;
    });
    if (!found) return s;
    const dup = found;
    this.report(
      {
        kind: 'pass-duplicate', node: argNode, handle: this.text(argNode), duplicate: dup.acq.name,
        opened: dup.acq.api ? { api: dup.acq.api, line: dup.acq.line } : undefined,
        certainty: s.approx ? 'maybe' : 'definite', previous: { line: dup.acq.line, what: 'DuplicateHandle' },
        suggestions: [
          {
            kind: 'pass-duplicate', description: `Pass the duplicate \`${dup.acq.name}\` instead of \`${this.text(argNode)}\``,
            edits: [{ range: argNode.range, text: dup.acq.name }],
          },
        ],
      },
      handOver,
    );
    void handOver;
    // one bug, one finding: the unused duplicate is not reported as a leak too
    return withHandle(s, dup.acq.id, { ...dup, escaped: true, used: true });
  }

  // -------------------------------------------------------------------------------------------------------------
  // pseudo-handle: pseudo-escapes.ts knows where values go, the interpreter what they hold

  private pseudoSites: PseudoEscapes | undefined;
  private get pseudoEscapes(): PseudoEscapes {
    return (this.pseudoSites ??= new PseudoEscapes(this.input, this.resolver, this.parents));
  }

  /** Which pseudo handle an expression holds here; `every`: on all the values it may hold, not just some. With
   *  EMPTY_STATE a call is judged by its callee alone (code that never runs through the interpreter). */
  private pseudoOf(node: Node, s: St): { which: PseudoWhich; every: boolean; acquiredBy: Node } | undefined {
    const n = unwrap(node);
    if (n.type === 'CallExpression') {
      const t = this.target(n);
      const a = t.t === 'contract' ? t.c.acquires?.[0] : undefined;
      const which = a?.ownership === 'pseudo' && a.slot.at === 'return' ? pseudoWhichOfKind(a.kind) : undefined;
      // a call in a branch (`c ? GetCurrentThread() : h`) counts only on the paths that evaluated it
      const site = s !== EMPTY_STATE ? this.siteIds.get(`${n.range[0]}:${n.range[1]}:slot0`) : undefined;
      if (s !== EMPTY_STATE && (site === undefined || !pget(s.h, site))) return undefined;
      return which ? { which, every: true, acquiredBy: n } : undefined;
    }
    const v = this.peek(n, s);
    if (v?.k !== 'h') return undefined;
    let found: { which: PseudoWhich; acquiredBy: Node } | undefined;
    let count = 0;
    for (const id of v.ids) {
      const info = pget(s.h, id);
      const which = info?.own === 'pseudo' ? pseudoWhichOfKind(info.acq.kind) : undefined;
      if (!which || (found && found.which !== which)) continue;
      found = { which, acquiredBy: info!.acq.node as Node };
      count++;
    }
    return found ? { ...found, every: count === v.ids.length } : undefined;
  }

  /** A call sending a thread pseudo handle to a new thread, or either one to another process. */
  private notePseudoEscapes(e: TSESTree.CallExpression | TSESTree.NewExpression, target: Target, s: St): void {
    const win32 = target.t === 'contract' ? target.name : undefined;
    for (const sent of this.pseudoEscapes.sentBy(e, win32, (i) => this.argAt(e, i)))
      for (const leaf of this.pseudoEscapes.leaves(sent.node)) {
        const p = this.pseudoOf(leaf, s);
        if (!p || (sent.escape !== 'process' && p.which !== 'thread')) continue;
        this.reportPseudoEscape(leaf, p, sent.escape, s.approx || !p.every ? 'maybe' : 'definite', win32);
      }
  }

  /** A thread pseudo handle kept in a field or a module variable another thread may read: 'maybe'. */
  private notePseudoStore(s: St, target: Node, value: Node): void {
    if (target.type !== 'Identifier' && target.type !== 'MemberExpression') return;
    let escape: 'field' | 'module' | null | undefined;
    for (const leaf of this.pseudoEscapes.leaves(value)) {
      const p = this.pseudoOf(leaf, s);
      if (p?.which !== 'thread') continue;
      escape ??= this.pseudoEscapes.storeEscape(target, this.run.fn) ?? null;
      if (!escape) return;
      this.reportPseudoEscape(leaf, p, escape, 'maybe');
    }
  }

  /** A thread pseudo handle returned: the caller may hand it to another thread ('maybe'). */
  private notePseudoReturn(s: St, node: TSESTree.ReturnStatement | undefined): void {
    const fn = this.run.fn;
    const value = node ? node.argument : fn.type === 'ArrowFunctionExpression' && fn.body.type !== 'BlockStatement' ? fn.body : undefined;
    if (!value) return;
    for (const leaf of this.pseudoEscapes.leaves(value)) {
      const p = this.pseudoOf(leaf, s);
      if (p?.which === 'thread') this.reportPseudoEscape(leaf, p, 'return', 'maybe');
    }
  }

  /** `private owner = GetCurrentThread();`: a class field initialised with the thread pseudo handle ('maybe'). */
  private notePseudoFieldInitializers(): void {
    for (const cls of this.classes.keys())
      for (const member of cls.body.body) {
        if (member.type !== 'PropertyDefinition' || !member.value) continue;
        for (const leaf of this.pseudoEscapes.leaves(member.value)) {
          const p = leaf.type === 'CallExpression' ? this.pseudoOf(leaf, EMPTY_STATE) : undefined;
          if (p?.which === 'thread') this.reportPseudoEscape(leaf, p, 'field', 'maybe');
        }
      }
  }

  private reportPseudoEscape(
    leaf: Node,
    p: { which: PseudoWhich; every: boolean; acquiredBy: Node },
    escape: 'create-thread' | 'worker' | 'process' | 'field' | 'module' | 'return',
    certainty: 'definite' | 'maybe',
    via?: string,
  ): void {
    const suggestions: EngineSuggestion[] = [];
    // the fix duplicates what the expression holds: only when that is the pseudo handle on every path, in a
    // runtime file, and within this process (a child needs a handle duplicated INTO it)
    const bound = this.boundOf.get(p.acquiredBy);
    if (escape !== 'process' && p.every && (!bound || bound.style === 'runtime' || bound.style === 'name')) {
      const fix = this.pseudoEscapes.duplicateToRealHandle(leaf, p.which);
      if (fix) suggestions.push(fix);
    }
    this.report({ kind: 'pseudo-escape', node: leaf, handle: this.text(leaf), certainty, pseudo: { which: p.which, escape, ...(via ? { via } : {}) }, suggestions }, leaf);
  }

  /**
   * `h === INVALID_HANDLE_VALUE` (or -1, in the binding's representation) where h is, or may be, GetCurrentProcess():
   * the test is true for the current process too. A parameter whose default is GetCurrentProcess() may be it.
   */
  private notePseudoTest(s: St, l: AV | undefined, r: AV | undefined, le: Expr, re: Expr, loose: boolean): void {
    for (const [a, b, operand] of [[l, r, le], [r, l, re]] as const) {
      if (a?.k !== 'h' || b?.k !== 'c') continue;
      for (const id of a.ids) {
        const info = pget(s.h, id);
        let source: Node | undefined;
        if (info?.own === 'pseudo' && pseudoWhichOfKind(info.acq.kind) === 'process') source = info.acq.node as Node;
        else if (info?.own === 'param') {
          const pattern = this.parents.get(info.acq.node as Node);
          if (pattern?.type === 'AssignmentPattern' && this.pseudoOf(pattern.right, EMPTY_STATE)?.which === 'process') source = unwrap(pattern.right);
        }
        const call = source?.type === 'CallExpression' || source?.type === 'NewExpression' ? source : undefined;
        if (!call || !matchesCurrentProcess(this.boundCallee(call)?.returns, b.c, loose)) continue;
        const test = this.parents.get(le);
        if (!test) return;
        this.report(
          {
            kind: 'pseudo-invalid-test', node: test, handle: this.text(operand), certainty: s.approx ? 'maybe' : 'definite',
            pseudo: { which: 'process', test: this.text(test) }, suggestions: [],
          },
          test,
        );
        return;
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Helpers

/** `return …;`, `throw …;` or a block holding just one of them. */
/** The first identifier named `name` in a read expression's callee object or arguments (shallow, through members and `new`). */
/** A number or bigint literal, possibly negated. */
function numericLiteral(node: Node): number | bigint | undefined {
  const n = unwrap(node);
  if (n.type === 'Literal') return typeof n.value === 'number' || typeof n.value === 'bigint' ? n.value : undefined;
  if (n.type === 'UnaryExpression' && n.operator === '-') {
    const inner = numericLiteral(n.argument);
    return inner === undefined ? undefined : -inner;
  }
  return undefined;
}

function findIdentifier(node: Node, name: string): TSESTree.Identifier | undefined {
  const n = unwrap(node);
  if (n.type === 'Identifier') return n.name === name ? n : undefined;
  if (n.type === 'MemberExpression') return findIdentifier(n.object, name);
  if (n.type === 'CallExpression' || n.type === 'NewExpression') {
    for (const a of n.arguments) {
      const found = findIdentifier(a, name);
      if (found) return found;
    }
    return n.type === 'CallExpression' ? findIdentifier(n.callee, name) : undefined;
  }
  return undefined;
}

function endsPath(st: Node): boolean {
  if (st.type === 'ReturnStatement' || st.type === 'ThrowStatement') return true;
  return st.type === 'BlockStatement' && st.body.length === 1 && endsPath(st.body[0]!);
}

function unownedReason(own: Ownership): UnownedReason | undefined {
  return own === 'pseudo' || own === 'borrowed' || own === 'foreign' || own === 'transferred' ? own : undefined;
}

function isTransparent(e: Node): e is TSESTree.TSAsExpression | TSESTree.TSNonNullExpression | TSESTree.TSSatisfiesExpression | TSESTree.TSTypeAssertion | TSESTree.TSInstantiationExpression {
  return (
    e.type === 'TSAsExpression' || e.type === 'TSNonNullExpression' || e.type === 'TSSatisfiesExpression' ||
    e.type === 'TSTypeAssertion' || e.type === 'TSInstantiationExpression'
  );
}

function unwrap(e: Node): Node {
  while (isTransparent(e)) e = e.expression;
  return e;
}

function propertyName(key: Node, computed: boolean): string | undefined {
  if (!computed && key.type === 'Identifier') return key.name;
  if (key.type === 'Literal' && (typeof key.value === 'string' || typeof key.value === 'number')) return String(key.value);
  if (computed && key.type === 'MemberExpression' && key.object.type === 'Identifier' && key.object.name === 'Symbol' && key.property.type === 'Identifier')
    return `Symbol.${key.property.name}`;
  if (key.type === 'PrivateIdentifier') return `#${key.name}`;
  return undefined;
}

function calleeName(callee: Node): string | undefined {
  const c = unwrap(callee);
  if (c.type === 'Identifier') return c.name;
  if (c.type === 'MemberExpression') return propertyName(c.property, c.computed);
  return undefined;
}

/** Parameters typed boolean/string/function/object-literal cannot hold a handle value. */
function mayHoldHandle(annotation: TSESTree.TSTypeAnnotation | undefined): boolean {
  const t = annotation?.typeAnnotation;
  if (!t) return true;
  return !['TSBooleanKeyword', 'TSStringKeyword', 'TSFunctionType', 'TSTypeLiteral', 'TSArrayType', 'TSVoidKeyword', 'TSUndefinedKeyword'].includes(t.type);
}

function typeName(annotation: TSESTree.TSTypeAnnotation | undefined | null): string | undefined {
  const t = annotation?.typeAnnotation;
  if (!t) return undefined;
  if (t.type === 'TSNeverKeyword') return 'never';
  if (t.type === 'TSTypeReference' && t.typeName.type === 'Identifier') return t.typeName.name;
  return undefined;
}

function strictEquals(a: AV | undefined, b: AV | undefined): boolean | undefined {
  if (a?.k === 'c' && b?.k === 'c') return Object.is(a.c, b.c) || a.c === b.c;
  return undefined;
}

function looseEquals(a: AV | undefined, b: AV | undefined): boolean | undefined {
  // eslint-disable-next-line eqeqeq
  if (a?.k === 'c' && b?.k === 'c') return a.c == b.c;
  return undefined;
}

/** Constant folding of binary operators on known constants. */
export function foldBinary(op: string, l: AV | undefined, r: AV | undefined): AV | undefined {
  if (l?.k !== 'c' || r?.k !== 'c') return undefined;
  const a = l.c as never;
  const b = r.c as never;
  let c: Const;
  try {
    switch (op) {
      case '+': c = (a as number) + (b as number); break;
      case '-': c = (a as number) - (b as number); break;
      case '*': c = (a as number) * (b as number); break;
      case '/': c = (a as number) / (b as number); break;
      case '%': c = (a as number) % (b as number); break;
      case '|': c = (a as number) | (b as number); break;
      case '&': c = (a as number) & (b as number); break;
      case '^': c = (a as number) ^ (b as number); break;
      case '<<': c = (a as number) << (b as number); break;
      case '>>': c = (a as number) >> (b as number); break;
      case '<': c = (a as number) < (b as number); break;
      case '<=': c = (a as number) <= (b as number); break;
      case '>': c = (a as number) > (b as number); break;
      case '>=': c = (a as number) >= (b as number); break;
      case '===': c = a === b; break;
      case '!==': c = a !== b; break;
      // eslint-disable-next-line eqeqeq
      case '==': c = a == b; break;
      // eslint-disable-next-line eqeqeq
      case '!=': c = a != b; break;
      default: return undefined;
    }
  } catch {
    return undefined; // mixing bigint and number throws at run time: unknown here
  }
  return { k: 'c', c };
}

/** The handle ids an abstract value holds or contains. */
function handleIds(av: AV | undefined): readonly number[] {
  if (!av) return [];
  if (av.k === 'h' || av.k === 'box' || av.k === 'inst' || av.k === 'stack') return av.ids;
  return [];
}

/**
 * Results of one expression, merged like partitions: results whose states have the same typestates are joined
 * (their facts and values too), so chains of `&&`/`||`/`?:` stay linear instead of doubling per operator.
 */
function normalizeOuts(outs: Out[]): Out[] {
  const merged: { s: St; v: AV | undefined }[] = [];
  for (const o of outs) {
    const same = merged.find((m) => m.s === o.s || sameKey(m.s, o.s));
    if (same) {
      same.s = same.s === o.s ? same.s : joinStates(same.s, o.s);
      same.v = joinAV(same.v, o.v);
    } else merged.push({ s: o.s, v: o.v });
  }
  if (merged.length > PARTITION_CAP) {
    let acc = merged[0]!;
    for (let i = 1; i < merged.length; i++) acc = { s: joinStates(acc.s, merged[i]!.s), v: joinAV(acc.v, merged[i]!.v) };
    return [{ s: makeState(acc.s.h, acc.s.v, acc.s.live, true, acc.s.fail, acc.s.exc, acc.s.exit), v: acc.v }];
  }
  return merged;
}
