import type { DuplicateOptionsProblem } from './engine/index.js';
import { booleanOptions, createRule } from './util/create-rule.js';
import { openedLine, reportFindings, SUGGESTION_MESSAGES } from './util/report-findings.js';

export type Options = [{ reportMaybe?: boolean }];
export type MessageIds =
  | 'accessIgnored'
  | 'noAccess'
  | 'unknownOptions'
  | 'nullTargetProcess'
  | 'threadAsProcess'
  | 'unsupportedPseudoSource'
  | 'ceInherit'
  | 'ceSameAccess'
  | 'reservedAccess'
  | 'notAProcess'
  | 'ceNullTargetHandle'
  | 'removeAccess'
  | 'addSameAccess';

/** The engine's problem → this rule's message. */
const MESSAGE_BY_PROBLEM: Readonly<Record<DuplicateOptionsProblem, MessageIds>> = {
  'access-ignored': 'accessIgnored',
  'no-access': 'noAccess',
  'unknown-options': 'unknownOptions',
  'null-target-process': 'nullTargetProcess',
  'thread-as-process': 'threadAsProcess',
  'unsupported-pseudo-source': 'unsupportedPseudoSource',
  'ce-inherit': 'ceInherit',
  'ce-same-access': 'ceSameAccess',
  'reserved-access': 'reservedAccess',
  'not-a-process': 'notAProcess',
  'ce-null-target-handle': 'ceNullTargetHandle',
};

export default createRule<Options, MessageIds>({
  name: 'duplicate-options',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow DuplicateHandle arguments that cannot work',
      recommended: 'recommended',
    },
    hasSuggestions: true,
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
      reservedAccess: '`{{access}}` sets reserved access bits ({{bits}}): without DUPLICATE_SAME_ACCESS the call fails with ERROR_ACCESS_DENIED',
      notAProcess:
        '`{{argument}}` is a {{kind}} handle (from `{{api}}`, line {{line}}), not a process handle: the call fails with ERROR_INVALID_HANDLE',
      ceNullTargetHandle: 'On Windows CE, lpTargetHandle cannot be NULL',
      removeAccess: SUGGESTION_MESSAGES.removeAccess,
      addSameAccess: SUGGESTION_MESSAGES.addSameAccess,
    },
    // the CE rules follow the shared settings.handles.platform, not an option of this rule
    schema: booleanOptions({
      reportMaybe: 'Also report calls on paths the analysis could not prove feasible.',
    }),
    defaultOptions: [{ reportMaybe: false }],
  },
  create(context, [options]) {
    return reportFindings<MessageIds>(context, ['removeAccess', 'addSameAccess'], options.reportMaybe, (finding, reporter) => {
      const problem = finding.duplicateOptions;
      if (finding.kind !== 'duplicate-options' || !problem) return;
      const argument = problem.argument;
      reporter.report(finding, MESSAGE_BY_PROBLEM[problem.problem], {
        access: argument,
        options: argument,
        argument,
        source: argument,
        bits: `0x${(problem.bits ?? 0).toString(16)}`,
        kind: problem.kind ?? 'handle',
        api: finding.opened?.api ?? '?',
        line: openedLine(finding),
      });
    });
  },
});
