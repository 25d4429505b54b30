import { booleanOptions, createRule } from './util/create-rule.js';
import { reportFindings, SUGGESTION_MESSAGES } from './util/report-findings.js';

export type Options = [{ reportMaybe?: boolean }];
export type MessageIds = 'passDuplicate' | 'sharedOwner' | 'passDuplicateFix';

export default createRule<Options, MessageIds>({
  name: 'pass-duplicate',
  meta: {
    type: 'problem',
    docs: {
      description:
        'Require the duplicate made by DuplicateHandle, not the original, to be handed to a new owner (the MakeFred bug)',
      recommended: 'recommended',
    },
    hasSuggestions: true,
    messages: {
      passDuplicate:
        '`{{handle}}` is handed over while its duplicate `{{duplicate}}` (line {{line}}) is never used: pass `{{duplicate}}` instead',
      sharedOwner: '`{{handle}}` is given to two owners (lines {{previousLine}} and {{line}}) that both close it',
      passDuplicateFix: SUGGESTION_MESSAGES.passDuplicateFix,
    },
    schema: booleanOptions({
      reportMaybe: 'Also report hand-overs that happen on paths the analysis could not prove feasible.',
    }),
    defaultOptions: [{ reportMaybe: false }],
  },
  create(context, [options]) {
    return reportFindings<MessageIds>(context, ['passDuplicateFix'], options.reportMaybe, (finding, reporter) => {
      if (finding.kind === 'pass-duplicate') {
        reporter.report(finding, 'passDuplicate', {
          handle: finding.handle,
          duplicate: finding.duplicate ?? '?',
          line: finding.previous?.line ?? '?',
        });
      } else if (finding.kind === 'shared-owner') {
        reporter.report(finding, 'sharedOwner', {
          handle: finding.handle,
          previousLine: finding.previous?.line ?? '?',
          line: finding.node.loc.start.line,
        });
      }
    });
  },
});
