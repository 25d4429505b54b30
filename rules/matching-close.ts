import { booleanOptions, createRule } from './util/create-rule.js';
import { reportFindings, SUGGESTION_MESSAGES } from './util/report-findings.js';

export type Options = [{ reportMaybe?: boolean }];
export type MessageIds = 'wrongReleaser' | 'notReleasable' | 'outParamHolder' | 'useExpectedReleaser' | 'releaseHeldValue';

export default createRule<Options, MessageIds>({
  name: 'matching-close',
  meta: {
    type: 'problem',
    docs: {
      description: "Require every handle to be released by its own family's function",
      recommended: 'recommended',
    },
    hasSuggestions: true,
    messages: {
      wrongReleaser: '`{{handle}}` ({{kind}} from `{{api}}`) must be released with `{{expected}}`, not `{{releaser}}`',
      notReleasable: '`{{releaser}}` cannot release `{{handle}}` ({{kind}} from `{{api}}`), and this code does not own it',
      outParamHolder: '`{{holder}}` is the out-parameter that received the handle, not the handle: release `{{value}}`',
      useExpectedReleaser: SUGGESTION_MESSAGES.useExpectedReleaser,
      releaseHeldValue: SUGGESTION_MESSAGES.releaseHeldValue,
    },
    schema: booleanOptions({
      reportMaybe: 'Also report releases by the wrong family on paths the analysis could not prove feasible, or on some paths only.',
    }),
    defaultOptions: [{ reportMaybe: false }],
  },
  create(context, [options]) {
    return reportFindings<MessageIds>(context, ['useExpectedReleaser', 'releaseHeldValue'], options.reportMaybe, (finding, reporter) => {
      const release = finding.release;
      if (!release) return;
      const opened = { handle: finding.handle, kind: release.kind ?? 'handle', api: finding.opened?.api ?? '?', releaser: release.releaser };
      if (finding.kind === 'wrong-releaser') {
        if (release.releasable) reporter.report(finding, 'wrongReleaser', { ...opened, expected: release.expected ?? '?' });
        else reporter.report(finding, 'notReleasable', opened);
      } else if (finding.kind === 'out-param-holder') {
        reporter.report(finding, 'outParamHolder', { holder: release.holder ?? finding.handle, value: release.value ?? '?' });
      }
    });
  },
});
