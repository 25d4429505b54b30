import type { UnownedReason } from './engine/types.js';
import { booleanOptions, createRule } from './util/create-rule.js';
import { reportFindings } from './util/report-findings.js';

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
    schema: booleanOptions({
      reportMaybe: 'Also report closes of handles that are unowned on some paths but not all.',
    }),
    defaultOptions: [{ reportMaybe: false }],
  },
  create(context, [options]) {
    return reportFindings<MessageIds>(context, [], options.reportMaybe, (finding, reporter) => {
      if (finding.kind !== 'close-unowned') return;
      reporter.report(finding, MESSAGE_BY_REASON[finding.unowned ?? 'borrowed'], {
        handle: finding.handle,
        previousLine: finding.previous?.line ?? '?',
      });
    });
  },
});
