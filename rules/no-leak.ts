import { booleanOptions, createRule } from './util/create-rule.js';
import { openedLine, reportFindings, SUGGESTION_MESSAGES } from './util/report-findings.js';

export type Options = [{ exceptionPaths?: boolean; reportMaybe?: boolean }];
export type MessageIds = 'leak' | 'leakOnException' | 'overwritten' | 'discarded' | 'closeBeforeReturn' | 'wrapInTryFinally';

const LEAK_MESSAGE = '`{{handle}}` (opened line {{line}}) is not closed {{path}}';

export default createRule<Options, MessageIds>({
  name: 'no-leak',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require every owned HANDLE to be closed on every path, and never overwritten or discarded while open',
      recommended: 'recommended',
    },
    hasSuggestions: true,
    messages: {
      leak: LEAK_MESSAGE,
      leakOnException: LEAK_MESSAGE,
      overwritten: '`{{handle}}` (opened line {{line}}) is overwritten while still open',
      discarded: 'The handle returned by `{{api}}` is discarded and never closed',
      closeBeforeReturn: SUGGESTION_MESSAGES.closeBeforeReturn,
      wrapInTryFinally: SUGGESTION_MESSAGES.wrapInTryFinally,
    },
    schema: booleanOptions({
      exceptionPaths:
        'Also report handles that leak when a call or await between the acquisition and the close throws (no finally).',
      reportMaybe: 'Also report leaks on paths the analysis could not prove feasible.',
    }),
    defaultOptions: [{ exceptionPaths: false, reportMaybe: false }],
  },
  create(context, [options]) {
    const exceptionPaths = options.exceptionPaths === true;
    return reportFindings<MessageIds>(context, ['closeBeforeReturn', 'wrapInTryFinally'], options.reportMaybe, (finding, reporter) => {
      const opened = { handle: finding.handle, line: openedLine(finding) };
      switch (finding.kind) {
        case 'leak':
          reporter.report(finding, 'leak', { ...opened, path: finding.path ?? 'on some path' });
          break;
        case 'leak-on-exception':
          if (exceptionPaths) reporter.report(finding, 'leakOnException', { ...opened, path: finding.path ?? 'when a call throws' });
          break;
        case 'lost':
          if (finding.lostHow === 'discarded') reporter.report(finding, 'discarded', { api: finding.opened?.api ?? finding.handle });
          else reporter.report(finding, 'overwritten', opened);
          break;
        default:
          break;
      }
    });
  },
});
