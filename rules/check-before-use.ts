import type { Finding } from './engine/types.js';
import { booleanOptions, createRule } from './util/create-rule.js';
import { failureLabel, openedLine, reportFindings } from './util/report-findings.js';

export type Options = [{ checkRelease?: boolean; reportMaybe?: boolean }];
export type MessageIds = 'uncheckedUse' | 'uncheckedStore' | 'uncheckedRelease' | 'useOnFailurePath';

const MESSAGE_BY_HOW: Readonly<Record<NonNullable<Finding['unchecked']>['how'], MessageIds>> = {
  use: 'uncheckedUse',
  store: 'uncheckedStore',
  release: 'uncheckedRelease',
  'failure-path': 'useOnFailurePath',
};

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
    schema: booleanOptions({
      checkRelease:
        'Also report an unchecked result passed straight to its releaser (CloseHandle(h) before any check).',
      reportMaybe:
        'Also report uses on paths the analysis could not prove feasible, and passes to functions it cannot see.',
    }),
    defaultOptions: [{ checkRelease: false, reportMaybe: false }],
  },
  create(context, [options]) {
    const checkRelease = options.checkRelease === true;
    return reportFindings<MessageIds>(context, [], options.reportMaybe, (finding, reporter) => {
      const unchecked = finding.unchecked;
      if (finding.kind !== 'unchecked-use' || !unchecked) return;
      if (unchecked.how === 'release' && !checkRelease) return;
      reporter.report(finding, MESSAGE_BY_HOW[unchecked.how], {
        handle: finding.handle,
        callee: unchecked.callee ?? '?',
        api: finding.opened?.api ?? '?',
        line: openedLine(finding),
        failure: failureLabel(unchecked.failure),
      });
    });
  },
});
