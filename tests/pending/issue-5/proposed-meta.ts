/**
 * The proposed public surface of issue 5's rules: message ids and texts, options, defaults, descriptions and
 * configs. The staged specs are typed against these, the self-check stubs (stubs/) declare them, and the rule
 * authors can copy them into rules/<id>.ts. README.md explains each choice.
 */
import type { JSONSchema4 } from '@typescript-eslint/utils/json-schema';

interface ProposedMeta<MessageIds extends string, Options extends readonly unknown[]> {
  readonly description: string;
  readonly recommended: 'recommended' | 'strict';
  readonly type: 'problem' | 'suggestion';
  readonly messages: Readonly<Record<MessageIds, string>>;
  readonly schema: JSONSchema4[];
  readonly defaultOptions: Options;
}

const REPORT_MAYBE = {
  type: 'boolean',
  description: 'Also report findings on paths the analysis could not prove feasible (certainty "maybe").',
} as const;

// ------------------------------------------------------------------ invalid-handle-check

export type InvalidHandleCheckMessageIds = 'wrongFailureValue' | 'truthinessTest' | 'neverTrue' | 'compareWithFailure';
export type InvalidHandleCheckOptions = [];

export const INVALID_HANDLE_CHECK: ProposedMeta<InvalidHandleCheckMessageIds, InvalidHandleCheckOptions> = {
  description: "Require a Win32 result to be tested against its own failure value, in the binding's representation",
  recommended: 'recommended',
  type: 'problem',
  messages: {
    wrongFailureValue: '`{{test}}` does not detect a failure of `{{api}}`, which fails with {{failure}}',
    truthinessTest: '`{{test}}` does not detect a failure of `{{api}}`: it fails with {{failure}}, which is truthy',
    neverTrue: '`{{test}}` is never {{outcome}}: {{reason}}',
    compareWithFailure: 'Test for {{failure}}: `{{fix}}`',
  },
  schema: [],
  defaultOptions: [],
};

// ------------------------------------------------------------------ check-before-use

export type CheckBeforeUseMessageIds = 'uncheckedUse' | 'uncheckedStore' | 'uncheckedRelease' | 'useOnFailurePath';
export type CheckBeforeUseOptions = [{ checkRelease?: boolean; reportMaybe?: boolean }];

const UNCHECKED_USE = '`{{handle}}` is passed to `{{callee}}` before it is checked: `{{api}}` (line {{line}}) fails with {{failure}}';

export const CHECK_BEFORE_USE: ProposedMeta<CheckBeforeUseMessageIds, CheckBeforeUseOptions> = {
  description: 'Require the result of a fallible acquisition to be checked before it is used, stored or passed on',
  recommended: 'recommended',
  type: 'problem',
  messages: {
    uncheckedUse: UNCHECKED_USE,
    uncheckedRelease: UNCHECKED_USE,
    uncheckedStore: '`{{handle}}` is stored before it is checked: `{{api}}` (line {{line}}) fails with {{failure}}',
    useOnFailurePath: '`{{handle}}` is passed to `{{callee}}` on the path where `{{api}}` (line {{line}}) failed: it fails with {{failure}}',
  },
  schema: [
    {
      type: 'object',
      additionalProperties: false,
      properties: {
        checkRelease: {
          type: 'boolean',
          description: 'Also report an unchecked result passed straight to its releaser (CloseHandle(h) before any check).',
        },
        reportMaybe: REPORT_MAYBE,
      },
    },
  ],
  defaultOptions: [{ checkRelease: false, reportMaybe: false }],
};

// ------------------------------------------------------------------ matching-close

export type MatchingCloseMessageIds = 'wrongReleaser' | 'notReleasable' | 'outParamHolder' | 'useExpectedReleaser' | 'releaseHeldValue';
export type MatchingCloseOptions = [{ reportMaybe?: boolean }];

export const MATCHING_CLOSE: ProposedMeta<MatchingCloseMessageIds, MatchingCloseOptions> = {
  description: "Require every handle to be released by its own family's function",
  recommended: 'recommended',
  type: 'problem',
  messages: {
    wrongReleaser: '`{{handle}}` ({{kind}} from `{{api}}`) must be released with `{{expected}}`, not `{{releaser}}`',
    notReleasable: '`{{releaser}}` cannot release `{{handle}}` ({{kind}} from `{{api}}`), and this code does not own it',
    outParamHolder: '`{{holder}}` is the out-parameter that received the handle, not the handle: release `{{value}}`',
    useExpectedReleaser: 'Release it with `{{expected}}`',
    releaseHeldValue: 'Release `{{value}}`',
  },
  schema: [{ type: 'object', additionalProperties: false, properties: { reportMaybe: REPORT_MAYBE } }],
  defaultOptions: [{ reportMaybe: false }],
};

// ------------------------------------------------------------------ pseudo-handle

export type PseudoHandleMessageIds = 'pseudoEscape' | 'invalidComparison' | 'duplicateToRealHandle';
export type PseudoHandleOptions = [{ reportMaybe?: boolean }];

export const PSEUDO_HANDLE: ProposedMeta<PseudoHandleMessageIds, PseudoHandleOptions> = {
  description: 'Disallow pseudo handles (GetCurrentProcess, GetCurrentThread) where they mean another process or thread',
  recommended: 'recommended',
  type: 'problem',
  messages: {
    pseudoEscape: '`{{handle}}` is the pseudo handle `{{api}}()`: {{escape}} makes it mean a different {{target}}',
    invalidComparison:
      '`{{test}}` is also true when `{{handle}}` is the current-process pseudo handle: GetCurrentProcess() is -1, the same value as INVALID_HANDLE_VALUE',
    duplicateToRealHandle: 'Duplicate it into a real handle with DuplicateHandle',
  },
  schema: [{ type: 'object', additionalProperties: false, properties: { reportMaybe: REPORT_MAYBE } }],
  defaultOptions: [{ reportMaybe: false }],
};

// ------------------------------------------------------------------ duplicate-options

export type DuplicateOptionsMessageIds =
  | 'accessIgnored'
  | 'noAccess'
  | 'unknownOptions'
  | 'nullTargetProcess'
  | 'threadAsProcess'
  | 'unsupportedPseudoSource'
  | 'ceInherit'
  | 'ceSameAccess'
  | 'removeAccess'
  | 'addSameAccess';
export type DuplicateOptionsOptions = [];

export const DUPLICATE_OPTIONS: ProposedMeta<DuplicateOptionsMessageIds, DuplicateOptionsOptions> = {
  description: 'Disallow DuplicateHandle arguments that cannot work',
  recommended: 'recommended',
  type: 'problem',
  messages: {
    accessIgnored: 'DUPLICATE_SAME_ACCESS is given, so the access mask `{{access}}` is ignored',
    noAccess: 'Access 0 without DUPLICATE_SAME_ACCESS makes a handle that can do nothing',
    unknownOptions:
      '`{{options}}` sets bits DuplicateHandle does not define ({{bits}}): the options are DUPLICATE_CLOSE_SOURCE (1), DUPLICATE_SAME_ACCESS (2) and DUPLICATE_SAME_ATTRIBUTES (4)',
    nullTargetProcess: 'A NULL target process without DUPLICATE_CLOSE_SOURCE always fails (ERROR_INVALID_PARAMETER)',
    threadAsProcess: '`{{argument}}` is the current-thread pseudo handle, not a process handle',
    unsupportedPseudoSource:
      '`{{source}}` is a pseudo handle DuplicateHandle cannot duplicate: only -1 (current process) and -2 (current thread) are converted',
    ceInherit: 'On Windows CE, bInheritHandle must be FALSE',
    ceSameAccess: 'On Windows CE, dwOptions must include DUPLICATE_SAME_ACCESS',
    removeAccess: 'Pass 0 as the access mask',
    addSameAccess: 'Add DUPLICATE_SAME_ACCESS',
  },
  schema: [],
  defaultOptions: [],
};

/** Rule id → proposed meta (the stubs read this). */
export const PROPOSED = {
  'invalid-handle-check': INVALID_HANDLE_CHECK,
  'check-before-use': CHECK_BEFORE_USE,
  'matching-close': MATCHING_CLOSE,
  'pseudo-handle': PSEUDO_HANDLE,
  'duplicate-options': DUPLICATE_OPTIONS,
} as const;
