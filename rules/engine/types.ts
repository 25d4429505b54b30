/**
 * The engine's public result: what every rule and codemod consumes. Computed once per file.
 * Rules map findings to reports; codemods map suggestions to text edits. Neither re-analyses.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import type { FailureValue, UserFunctionDeclaration } from '../../contracts/types.js';

/** `settings.handles` */
export interface HandlesSettings {
  readonly platform?: 'desktop' | 'ce';
  readonly functions?: Readonly<Record<string, UserFunctionDeclaration>>;
}

export type FindingKind =
  /** an owned handle is not released on some normal path (no-leak) */
  | 'leak'
  /** an owned handle is released on normal paths but not when a call between acquire and release throws (no-leak, strict) */
  | 'leak-on-exception'
  /** a variable or owning field holding an open handle is overwritten, or an owned result is discarded (no-leak) */
  | 'lost'
  /** a handle is released twice on some path (no-double-close) */
  | 'double-close'
  /** a released handle is passed to a Win32 use (no-use-after-close) */
  | 'use-after-close'
  /** a pseudo, borrowed, foreign-process or transferred handle is closed (no-close-unowned) */
  | 'close-unowned'
  /** MakeFred: the original is handed to an owner while the duplicate is never used (pass-duplicate) */
  | 'pass-duplicate'
  /** the caller side of MakeFred: one handle given to two owners that both close it (pass-duplicate) */
  | 'shared-owner'
  /** DuplicateHandle called with constant arguments that cannot work (duplicate-options); node = the argument */
  | 'duplicate-options'
  /** a handle released by another family's releaser, or one nobody may release given to a releaser (matching-close);
   *  node = the releasing call */
  | 'wrong-releaser'
  /** the out-parameter holder released instead of the handle it received (matching-close); node = the releasing call */
  | 'out-param-holder'
  /** a result tested against the wrong failure value, by truthiness when the failure is truthy, or by a comparison that
   *  can never be true in the binding's representation (invalid-handle-check); node = the test expression */
  | 'wrong-sentinel'
  /** the result of a fallible acquisition used, stored, released or passed on before any validity check, or on the
   *  path where it failed (check-before-use); node = the argument or the stored value */
  | 'unchecked-use'
  /** a GetCurrentThread()/GetCurrentProcess() value escaping to where it means another thread or process
   *  (pseudo-handle); node = the escaping expression */
  | 'pseudo-escape'
  /** an INVALID_HANDLE_VALUE test of a value that is or may be GetCurrentProcess() (pseudo-handle); node = the test */
  | 'pseudo-invalid-test';

/** What is wrong with a DuplicateHandle call (duplicate-options); each names one argument. */
export type DuplicateOptionsProblem =
  | 'access-ignored'
  | 'no-access'
  | 'unknown-options'
  | 'null-target-process'
  | 'thread-as-process'
  | 'unsupported-pseudo-source'
  | 'reserved-access'
  | 'not-a-process'
  | 'ce-inherit'
  | 'ce-same-access'
  | 'ce-null-target-handle';

/** Why a close is of an unowned handle. */
export type UnownedReason = 'pseudo' | 'borrowed' | 'foreign' | 'transferred';

/** A text edit in the file's own coordinates: [start, end) replaced by text. */
export interface TextEdit {
  readonly range: readonly [number, number];
  readonly text: string;
}

export interface EngineSuggestion {
  /** 'pass-duplicate' | 'close-before-return' | 'wrap-in-try-finally' | 'remove-access' | 'add-same-access' | ... */
  readonly kind: string;
  /** one line for the editor's quick-fix menu */
  readonly description: string;
  readonly edits: readonly TextEdit[];
}

export interface Finding {
  readonly kind: FindingKind;
  /** where to report: leaks at the acquiring call, double close at the second close, use-after-close at the use,
   *  unowned close at the close, pass-duplicate at the argument, lost at the overwriting assignment */
  readonly node: TSESTree.Node;
  /** the handle as the code names it at the acquisition: `h`, `pi.hProcess`, `dup.value` */
  readonly handle: string;
  /** the acquiring call: its API name and line */
  readonly opened?: { readonly api: string; readonly line: number };
  /** definite: wrong on a feasible path the engine proved; maybe: wrong on a path it could not rule out */
  readonly certainty: 'definite' | 'maybe';
  /** how the path goes wrong, as a phrase that completes "… is not closed ": "when `GetFileSizeEx` fails (line 5)",
   *  "on the early return at line 7", "at the end of `main`" */
  readonly path?: string;
  /** the earlier event this finding refers to: the first close (double-close, use-after-close), the duplicate (pass-duplicate) */
  readonly previous?: { readonly line: number; readonly what: string };
  readonly unowned?: UnownedReason;
  /** for 'lost': overwritten (node = the assignment) or discarded (node = the call whose owned result is dropped) */
  readonly lostHow?: 'overwritten' | 'discarded';
  /** for 'pass-duplicate': the duplicate as the code names it (`hDup`, `dup.value`, `arr[0]`) */
  readonly duplicate?: string;
  /** for 'duplicate-options': the problem, the offending argument's source text, and for 'unknown-options' the
   *  undefined option bits; `opened` names the acquisition for 'not-a-process' */
  readonly duplicateOptions?: {
    readonly problem: DuplicateOptionsProblem;
    readonly argument: string;
    /** 'unknown-options' / 'reserved-access': the offending bits */
    readonly bits?: number;
    /** 'not-a-process': the kind of handle given where a process handle belongs */
    readonly kind?: string;
  };
  /** for 'wrong-releaser' / 'out-param-holder': the handle's kind, the family it needs (absent: nobody may release it),
   *  the releaser used, and for a holder the holder's text and the read of the value it holds */
  readonly release?: {
    readonly kind?: string;
    readonly expected?: string;
    readonly releaser: string;
    readonly releasable: boolean;
    readonly holder?: string;
    readonly value?: string;
  };
  /** for 'wrong-sentinel': the test's source text, what is wrong with it, the acquiring API's failure value, and for
   *  'never-true' which outcome the comparison can never have and why (comparisonNeverTrue's reason) */
  readonly sentinel?: {
    readonly test: string;
    readonly how: 'wrong-value' | 'truthiness' | 'never-true';
    readonly failure: FailureValue;
    readonly outcome?: 'true' | 'false';
    readonly reason?: string;
  };
  /** for 'unchecked-use': how the unchecked value is used, the callee's source text for passes, the failure value */
  readonly unchecked?: {
    readonly how: 'use' | 'store' | 'release' | 'failure-path';
    readonly callee?: string;
    readonly failure: FailureValue;
  };
  /** for 'pseudo-escape' / 'pseudo-invalid-test': which pseudo handle, where it escapes to, the test's text */
  readonly pseudo?: {
    readonly which: 'process' | 'thread';
    readonly escape?: PseudoEscape;
    /** the Win32 function the value is passed to ('create-thread': CreateThread, _beginthreadex, ...) */
    readonly via?: string;
    readonly test?: string;
  };
  readonly suggestions: readonly EngineSuggestion[];
}

/** Where a pseudo handle goes that changes its meaning (pseudo-handle). */
export type PseudoEscape = 'create-thread' | 'worker' | 'process' | 'field' | 'module' | 'return';

export interface FileAnalysis {
  readonly findings: readonly Finding[];
  /** how the analysis went: functions analysed, functions dropped after an internal error, early bail-out */
  readonly debug?: {
    readonly analysedFunctions: number;
    readonly failedFunctions: number;
    readonly bailedOut: boolean;
  };
}
