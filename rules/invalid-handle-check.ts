import { booleanOptions, createRule } from './util/create-rule.js';
import { failureLabel, reportFindings, SUGGESTION_MESSAGES } from './util/report-findings.js';

export type Options = [{ reportMaybe?: boolean }];
export type MessageIds = 'wrongFailureValue' | 'truthinessTest' | 'neverTrue' | 'compareWithFailure';

export default createRule<Options, MessageIds>({
  name: 'invalid-handle-check',
  meta: {
    type: 'problem',
    docs: {
      description: "Require a Win32 result to be tested against its own failure value, in the binding's representation",
      recommended: 'recommended',
    },
    hasSuggestions: true,
    messages: {
      wrongFailureValue: '`{{test}}` does not detect a failure of `{{api}}`, which fails with {{failure}}',
      truthinessTest: '`{{test}}` does not detect a failure of `{{api}}`: it fails with {{failure}}, which is truthy',
      neverTrue: '`{{test}}` is never {{outcome}}: {{reason}}',
      compareWithFailure: SUGGESTION_MESSAGES.compareWithFailure,
    },
    schema: booleanOptions({
      reportMaybe:
        'Also report tests of a value that holds the result of this call only on some paths (another API, or a value the analysis could not follow, on the others).',
    }),
    defaultOptions: [{ reportMaybe: false }],
  },
  create(context, [options]) {
    return reportFindings<MessageIds>(context, ['compareWithFailure'], options.reportMaybe, (finding, reporter) => {
      const sentinel = finding.sentinel;
      if (finding.kind !== 'wrong-sentinel' || !sentinel) return;
      const failure = failureLabel(sentinel.failure);
      const fix = finding.suggestions.find((s) => s.kind === 'compare-with-failure')?.edits[0]?.text ?? '';
      const base = { test: sentinel.test, api: finding.opened?.api ?? '?', failure, fix };
      if (sentinel.how === 'never-true') {
        reporter.report(finding, 'neverTrue', { ...base, outcome: sentinel.outcome ?? 'true', reason: sentinel.reason ?? '' });
      } else {
        reporter.report(finding, sentinel.how === 'truthiness' ? 'truthinessTest' : 'wrongFailureValue', base);
      }
    });
  },
});
