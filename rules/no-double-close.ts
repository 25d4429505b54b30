import { booleanOptions, createRule } from './util/create-rule.js';
import { reportFindings } from './util/report-findings.js';

export type Options = [{ reportMaybe?: boolean }];
export type MessageIds = 'doubleClose' | 'maybeDoubleClose';

export default createRule<Options, MessageIds>({
  name: 'no-double-close',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow closing a HANDLE that is already closed, through any alias, helper, owner or DUPLICATE_CLOSE_SOURCE',
      recommended: 'recommended',
    },
    messages: {
      doubleClose: '`{{handle}}` is closed twice: it was already closed at line {{previousLine}}',
      maybeDoubleClose: '`{{handle}}` may already be closed here (closed at line {{previousLine}} on some paths)',
    },
    schema: booleanOptions({
      reportMaybe: 'Also report closes of a handle that is already closed on some paths but not all.',
    }),
    defaultOptions: [{ reportMaybe: false }],
  },
  create(context, [options]) {
    return reportFindings<MessageIds>(context, [], options.reportMaybe, (finding, reporter) => {
      if (finding.kind !== 'double-close') return;
      reporter.report(finding, finding.certainty === 'definite' ? 'doubleClose' : 'maybeDoubleClose', {
        handle: finding.handle,
        previousLine: finding.previous?.line ?? '?',
      });
    });
  },
});
