import { getFileAnalysis } from './engine/index.js';
import { createRule } from './util/create-rule.js';
import { FindingReporter, isReported } from './util/report-findings.js';

export type Options = [{ reportMaybe?: boolean }];
export type MessageIds = 'useAfterClose' | 'maybeUseAfterClose';

export default createRule<Options, MessageIds>({
  name: 'no-use-after-close',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow passing a HANDLE to a Win32 function after it was closed',
      recommended: 'recommended',
    },
    messages: {
      useAfterClose: '`{{handle}}` is used after it was closed at line {{previousLine}}',
      maybeUseAfterClose: '`{{handle}}` may be used after it was closed at line {{previousLine}}',
    },
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          reportMaybe: {
            type: 'boolean',
            description: 'Also report uses of a handle that is closed on some paths but not all.',
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
          if (finding.kind !== 'use-after-close' || !isReported(finding, reportMaybe)) continue;
          reporter.report(finding, finding.certainty === 'definite' ? 'useAfterClose' : 'maybeUseAfterClose', {
            handle: finding.handle,
            previousLine: finding.previous?.line ?? '?',
          });
        }
      },
    };
  },
});
