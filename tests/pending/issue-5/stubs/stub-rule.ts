/** A rule that declares the proposed meta of an issue-5 rule and reports nothing (self-check only; see vitest.pending.config.ts). */
import { createRule } from '../../../../rules/util/create-rule.js';
import { PROPOSED } from '../proposed-meta.js';

export function stubRule(id: keyof typeof PROPOSED) {
  const meta = PROPOSED[id];
  return createRule<readonly unknown[], string>({
    name: id,
    meta: {
      type: meta.type,
      docs: { description: meta.description, recommended: meta.recommended },
      hasSuggestions: true,
      messages: meta.messages,
      schema: meta.schema,
      defaultOptions: meta.defaultOptions,
    },
    create: () => ({}),
  });
}
