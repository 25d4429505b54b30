import { getFileAnalysis } from './engine/index.js';
import type { UnownedReason } from './engine/types.js';
import { createRule } from './util/create-rule.js';
import { FindingReporter, isReported } from './util/report-findings.js';

export type Options = [{ reportMaybe?: boolean }];
export type MessageIds = 'pseudo' | 'borrowed' | 'foreign' | 'transferred';

/** The engine's reason is the message id; a finding without a reason is reported as borrowed (the weakest claim). */
const MESSAGE_BY_REASON: Readonly<Record<UnownedReason, MessageIds>> = {
  pseudo: 'pseudo',
  borrowed: 'borrowed',
  foreign: 'foreign',
  transferred: 'transferred',
};

export default createRule<Options, MessageIds>({
  name: 'no-close-unowned',
  meta: {
    type: 'problem',
    docs: {
      description:
        'Disallow closing a HANDLE this code does not own: pseudo handles, borrowed handles, foreign-process values and handles given to an owner',
      recommended: 'recommended',
    },
    messages: {
      pseudo: '`{{handle}}` is a pseudo handle; closing it does nothing useful and hides a bug',
      borrowed: '`{{handle}}` is borrowed; its owner closes it',
      foreign:
        "`{{handle}}` is a handle value in another process's table; closing it here closes an unrelated handle of this process",
      transferred: '`{{handle}}` was handed to an owner at line {{previousLine}} that closes it',
    },
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          reportMaybe: {
            type: 'boolean',
            description: 'Also report closes of handles that are unowned on some paths but not all.',
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
          if (finding.kind !== 'close-unowned' || !isReported(finding, reportMaybe)) continue;
          reporter.report(finding, MESSAGE_BY_REASON[finding.unowned ?? 'borrowed'], {
            handle: finding.handle,
            previousLine: finding.previous?.line ?? '?',
          });
        }
      },
    };
  },
});
