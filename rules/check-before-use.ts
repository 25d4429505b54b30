import { getFileAnalysis } from './engine/index.js';
import { createRule } from './util/create-rule.js';
import { failureLabel, FindingReporter, isReported, openedLine } from './util/report-findings.js';

export type Options = [{ checkRelease?: boolean; reportMaybe?: boolean }];
export type MessageIds = 'uncheckedUse' | 'uncheckedStore' | 'uncheckedRelease' | 'useOnFailurePath';

const UNCHECKED_USE = '`{{handle}}` is passed to `{{callee}}` before it is checked: `{{api}}` (line {{line}}) fails with {{failure}}';

export default createRule<Options, MessageIds>({
  name: 'check-before-use',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require the result of a fallible acquisition to be checked before it is used, stored or passed on',
      recommended: 'recommended',
    },
    messages: {
      uncheckedUse: UNCHECKED_USE,
      uncheckedRelease: UNCHECKED_USE,
      uncheckedStore: '`{{handle}}` is stored before it is checked: `{{api}}` (line {{line}}) fails with {{failure}}',
      useOnFailurePath:
        '`{{handle}}` is passed to `{{callee}}` on the path where `{{api}}` (line {{line}}) failed: it fails with {{failure}}',
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
          reportMaybe: {
            type: 'boolean',
            description: 'Also report uses on paths the analysis could not prove feasible, and passes to functions it cannot see.',
          },
        },
      },
    ],
    defaultOptions: [{ checkRelease: false, reportMaybe: false }],
  },
  create(context, [options]) {
    const reportMaybe = options.reportMaybe === true;
    const checkRelease = options.checkRelease === true;
    return {
      Program() {
        const reporter = new FindingReporter<MessageIds>(context, []);
        for (const finding of getFileAnalysis(context).findings) {
          const unchecked = finding.unchecked;
          if (finding.kind !== 'unchecked-use' || !unchecked || !isReported(finding, reportMaybe)) continue;
          if (unchecked.how === 'release' && !checkRelease) continue;
          const data = {
            handle: finding.handle,
            callee: unchecked.callee ?? '?',
            api: finding.opened?.api ?? '?',
            line: openedLine(finding),
            failure: failureLabel(unchecked.failure),
          };
          const messageId: MessageIds =
            unchecked.how === 'store'
              ? 'uncheckedStore'
              : unchecked.how === 'release'
                ? 'uncheckedRelease'
                : unchecked.how === 'failure-path'
                  ? 'useOnFailurePath'
                  : 'uncheckedUse';
          reporter.report(finding, messageId, data);
        }
      },
    };
  },
});
