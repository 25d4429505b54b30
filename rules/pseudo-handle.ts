import type { PseudoEscape } from './engine/types.js';
import { booleanOptions, createRule } from './util/create-rule.js';
import { reportFindings, SUGGESTION_MESSAGES } from './util/report-findings.js';

export type Options = [{ reportMaybe?: boolean }];
export type MessageIds = 'pseudoEscape' | 'invalidComparison' | 'duplicateToRealHandle';

const ESCAPE_PHRASES: Readonly<Record<PseudoEscape, string>> = {
  'create-thread': 'passing it to CreateThread',
  worker: 'sending it to a worker',
  process: 'sending it to another process',
  field: 'storing it in a field',
  module: 'storing it in a module variable',
  return: 'returning it',
};

export default createRule<Options, MessageIds>({
  name: 'pseudo-handle',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow pseudo handles (GetCurrentProcess, GetCurrentThread) where they mean another process or thread',
      recommended: 'recommended',
    },
    hasSuggestions: true,
    messages: {
      pseudoEscape: '`{{handle}}` is the pseudo handle `{{api}}()`: {{escape}} makes it mean a different {{target}}',
      invalidComparison:
        '`{{test}}` is also true when `{{handle}}` is the current-process pseudo handle: GetCurrentProcess() is -1, the same value as INVALID_HANDLE_VALUE',
      duplicateToRealHandle: SUGGESTION_MESSAGES.duplicateToRealHandle,
    },
    schema: booleanOptions({
      reportMaybe:
        'Also report a thread pseudo handle stored in a field or module variable, or returned, where the thread that reads it is not known.',
    }),
    defaultOptions: [{ reportMaybe: false }],
  },
  create(context, [options]) {
    return reportFindings<MessageIds>(context, ['duplicateToRealHandle'], options.reportMaybe, (finding, reporter) => {
      const pseudo = finding.pseudo;
      if (!pseudo) return;
      if (finding.kind === 'pseudo-escape' && pseudo.escape) {
        const api = pseudo.which === 'thread' ? 'GetCurrentThread' : 'GetCurrentProcess';
        // a thread started by another function than CreateThread (_beginthreadex) is named as such
        const escape = pseudo.escape === 'create-thread' && pseudo.via ? `passing it to ${pseudo.via}` : ESCAPE_PHRASES[pseudo.escape];
        reporter.report(finding, 'pseudoEscape', { handle: finding.handle, api, escape, target: pseudo.which });
      } else if (finding.kind === 'pseudo-invalid-test') {
        reporter.report(finding, 'invalidComparison', { test: pseudo.test ?? '', handle: finding.handle });
      }
    });
  },
});
