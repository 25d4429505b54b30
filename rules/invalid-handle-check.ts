import { getFileAnalysis } from './engine/index.js';
import { createRule } from './util/create-rule.js';
import { failureLabel, FindingReporter, isReported, SUGGESTION_MESSAGES } from './util/report-findings.js';

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
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          reportMaybe: {
            type: 'boolean',
            description:
              'Also report tests of a value that holds the result of this call only on some paths (another API, or a value the analysis could not follow, on the others).',
          },
        },
      },
    ],
    defaultOptions: [{ reportMaybe: false }],
  },
  create(context, [options]) {
    const reportMaybe = options.reportMaybe === true;
    return {
      Program() {
        const reporter = new FindingReporter<MessageIds>(context, ['compareWithFailure']);
        for (const finding of getFileAnalysis(context).findings) {
          const sentinel = finding.sentinel;
          if (finding.kind !== 'wrong-sentinel' || !sentinel || !isReported(finding, reportMaybe)) continue;
          const failure = failureLabel(sentinel.failure);
          const fix = finding.suggestions.find((s) => s.kind === 'compare-with-failure')?.edits[0]?.text ?? '';
          const base = { test: sentinel.test, api: finding.opened?.api ?? '?', failure, fix };
          if (sentinel.how === 'never-true') {
            reporter.report(finding, 'neverTrue', { ...base, outcome: sentinel.outcome ?? 'true', reason: sentinel.reason ?? '' });
          } else if (sentinel.how === 'truthiness') {
            reporter.report(finding, 'truthinessTest', base);
          } else {
            reporter.report(finding, 'wrongFailureValue', base);
          }
        }
      },
    };
  },
});
