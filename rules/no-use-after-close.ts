import { booleanOptions, createRule } from './util/create-rule.js';
import { reportFindings } from './util/report-findings.js';

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
    schema: booleanOptions({
      reportMaybe: 'Also report uses of a handle that is closed on some paths but not all.',
    }),
    defaultOptions: [{ reportMaybe: false }],
  },
  create(context, [options]) {
    return reportFindings<MessageIds>(context, [], options.reportMaybe, (finding, reporter) => {
      if (finding.kind !== 'use-after-close') return;
      reporter.report(finding, finding.certainty === 'definite' ? 'useAfterClose' : 'maybeUseAfterClose', {
        handle: finding.handle,
        previousLine: finding.previous?.line ?? '?',
      });
    });
  },
});
