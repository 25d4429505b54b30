/**
 * The one place where engine findings become ESLint reports. Rules choose which findings they own and which
 * message each gets; this file only translates (data strings, suggestion edits), it never analyses code.
 */
import type { TSESLint } from '@typescript-eslint/utils';
import { getFileAnalysis } from '../engine/index.js';
import type { FailureValue } from '../../contracts/types.js';
import type { EngineSuggestion, Finding } from '../engine/types.js';

/** Suggestion message ids, shared by the rules that offer the matching engine suggestion kinds. */
export type SuggestionMessageId = 'passDuplicateFix' | 'closeBeforeReturn' | 'wrapInTryFinally' | 'removeAccess' | 'addSameAccess' | 'useExpectedReleaser' | 'releaseHeldValue'
  | 'compareWithFailure' | 'duplicateToRealHandle';

export const SUGGESTION_MESSAGES: Readonly<Record<SuggestionMessageId, string>> = {
  passDuplicateFix: 'Pass `{{duplicate}}` instead of `{{handle}}`',
  closeBeforeReturn: 'Close `{{handle}}` before returning',
  wrapInTryFinally: 'Close `{{handle}}` in a finally block',
  removeAccess: 'Pass 0 as the access mask',
  addSameAccess: 'Add DUPLICATE_SAME_ACCESS',
  useExpectedReleaser: 'Release it with `{{expected}}`',
  releaseHeldValue: 'Release `{{value}}`',
  compareWithFailure: 'Test for {{failure}}: `{{fix}}`',
  duplicateToRealHandle: 'Duplicate it into a real handle with DuplicateHandle',
};

/** Engine suggestion kind → message id. Kinds not listed here are not offered by any rule yet. */
const SUGGESTION_MESSAGE_BY_KIND: Readonly<Record<string, SuggestionMessageId>> = {
  'pass-duplicate': 'passDuplicateFix',
  'close-before-return': 'closeBeforeReturn',
  'wrap-in-try-finally': 'wrapInTryFinally',
  'remove-access': 'removeAccess',
  'add-same-access': 'addSameAccess',
  'use-expected-releaser': 'useExpectedReleaser',
  'release-held-value': 'releaseHeldValue',
  'compare-with-failure': 'compareWithFailure',
  'duplicate-to-real-handle': 'duplicateToRealHandle',
};

/** Whether a finding of this certainty is reported under the rule's `reportMaybe` option. */
export function isReported(finding: Finding, reportMaybe: boolean): boolean {
  return finding.certainty === 'definite' || reportMaybe;
}

/** The line a message names for "opened line N": the acquiring call, or the reported node when the engine has none. */
export function openedLine(finding: Finding): number {
  return finding.opened?.line ?? finding.node.loc.start.line;
}

/**
 * A rule's whole listener: once per file, every finding of the file's shared analysis whose certainty the rule's
 * `reportMaybe` lets through is handed to `report`, which picks the rule's own kinds and messages.
 */
export function reportFindings<MessageIds extends string>(
  context: Readonly<TSESLint.RuleContext<MessageIds, readonly unknown[]>>,
  offered: readonly (SuggestionMessageId & MessageIds)[],
  reportMaybe: boolean | undefined,
  report: (finding: Finding, reporter: FindingReporter<MessageIds>) => void,
): TSESLint.RuleListener {
  return {
    Program() {
      const reporter = new FindingReporter<MessageIds>(context, offered);
      for (const finding of getFileAnalysis(context).findings) if (isReported(finding, reportMaybe === true)) report(finding, reporter);
    },
  };
}

/** Reports findings once each: the same message at the same place is never repeated within one rule. */
export class FindingReporter<MessageIds extends string> {
  private readonly seen = new Set<string>();

  constructor(
    private readonly context: Readonly<TSESLint.RuleContext<MessageIds, readonly unknown[]>>,
    /** the suggestion message ids this rule declares; other engine suggestions are not offered by it */
    private readonly offered: readonly (SuggestionMessageId & MessageIds)[],
  ) {}

  report(finding: Finding, messageId: MessageIds, data: Readonly<Record<string, string | number>>): void {
    const key = `${messageId}@${finding.node.range[0]}:${finding.node.range[1]}:${finding.handle}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    const suggest = this.suggestionsFor(finding, data);
    this.context.report({ node: finding.node, messageId, data, ...(suggest.length > 0 ? { suggest } : {}) });
  }

  private suggestionsFor(
    finding: Finding,
    data: Readonly<Record<string, string | number>>,
  ): TSESLint.ReportSuggestionArray<MessageIds> {
    const result: TSESLint.ReportSuggestionArray<MessageIds> = [];
    const usedMessages = new Set<string>();
    for (const suggestion of finding.suggestions) {
      const messageId = SUGGESTION_MESSAGE_BY_KIND[suggestion.kind];
      if (messageId === undefined || !this.offered.some((offered) => offered === messageId)) continue;
      // ESLint rejects empty suggestions and two suggestions with the same message on one report.
      if (suggestion.edits.length === 0 || usedMessages.has(messageId)) continue;
      usedMessages.add(messageId);
      result.push({
        messageId: messageId as SuggestionMessageId & MessageIds,
        data: { handle: finding.handle, duplicate: finding.duplicate ?? '', ...data },
        fix: (fixer) => toFixes(fixer, suggestion),
      });
    }
    return result;
  }
}

function toFixes(fixer: TSESLint.RuleFixer, suggestion: EngineSuggestion): TSESLint.RuleFix[] {
  return suggestion.edits.map((edit) => fixer.replaceTextRange([edit.range[0], edit.range[1]], edit.text));
}

/** How messages name a contract failure value. */
const FAILURE_LABELS: Readonly<Record<FailureValue, string>> = {
  null: 'NULL',
  invalid: 'INVALID_HANDLE_VALUE',
  false: 'FALSE',
  status: 'a non-zero status',
  'minus-one': '-1',
  'wait-failed': 'WAIT_FAILED',
  none: 'nothing',
};

export function failureLabel(failure: FailureValue): string {
  return FAILURE_LABELS[failure];
}
