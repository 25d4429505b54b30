import { getFileAnalysis } from './engine/index.js';
import { createRule } from './util/create-rule.js';
import { FindingReporter, isReported } from './util/report-findings.js';

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
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          reportMaybe: {
            type: 'boolean',
            description: 'Also report closes of a handle that is already closed on some paths but not all.',
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
        const reporter = new FindingReporter<MessageIds>(context, []);
        for (const finding of getFileAnalysis(context).findings) {
          if (finding.kind !== 'double-close' || !isReported(finding, reportMaybe)) continue;
          reporter.report(finding, finding.certainty === 'definite' ? 'doubleClose' : 'maybeDoubleClose', {
            handle: finding.handle,
            previousLine: finding.previous?.line ?? '?',
          });
        }
      },
    };
  },
});
