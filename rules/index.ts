/**
 * The plugin object: meta, rules by id, and the shared configs, which are built from each rule's
 * `meta.docs.recommended` so that a rule's metadata is the single place that decides where it is on.
 */
import type { TSESLint } from '@typescript-eslint/utils';
import type { ESLint, Linter } from 'eslint';
import checkBeforeUse from './check-before-use.js';
import duplicateOptions from './duplicate-options.js';
import invalidHandleCheck from './invalid-handle-check.js';
import matchingClose from './matching-close.js';
import noCloseUnowned from './no-close-unowned.js';
import noDoubleClose from './no-double-close.js';
import noLeak from './no-leak.js';
import noUseAfterClose from './no-use-after-close.js';
import passDuplicate from './pass-duplicate.js';
import pseudoHandle from './pseudo-handle.js';
import type { HandlesRuleDocs } from './util/create-rule.js';
import { packageInfo } from './util/package-info.js';

type AnyRule = TSESLint.RuleModule<string, readonly unknown[], HandlesRuleDocs>;

/** Rule modules by id. The ids are a public contract. */
export const rules = {
  'no-leak': noLeak,
  'no-double-close': noDoubleClose,
  'no-use-after-close': noUseAfterClose,
  'no-close-unowned': noCloseUnowned,
  'pass-duplicate': passDuplicate,
  'duplicate-options': duplicateOptions,
  'matching-close': matchingClose,
  'invalid-handle-check': invalidHandleCheck,
  'check-before-use': checkBeforeUse,
  'pseudo-handle': pseudoHandle,
} satisfies Record<string, AnyRule>;

/** Options that handles/strict turns on for every rule whose schema has them. */
export const STRICT_OPTIONS: Readonly<Record<string, true>> = { exceptionPaths: true, reportMaybe: true };

// Typed with ESLint's own config type so that users' eslint.config.ts (defineConfig) accepts them.
const configs: Record<'recommended' | 'strict', Linter.Config> = {
  recommended: { name: 'handles/recommended' },
  strict: { name: 'handles/strict' },
};

/**
 * typescript-eslint's rule type and ESLint's differ only in readonly-ness (meta.defaultOptions); the intersection
 * keeps our precise type for the tests and makes the plugin assignable to ESLint.Plugin in users' eslint.config.ts.
 */
type PluginRules = Record<string, AnyRule> & NonNullable<ESLint.Plugin['rules']>;

const plugin = {
  meta: { name: packageInfo.name, version: packageInfo.version, namespace: 'handles' },
  rules: rules as unknown as PluginRules,
  configs,
} satisfies ESLint.Plugin;

/** The options a rule gets in handles/strict: every STRICT_OPTIONS entry its schema declares. */
export function strictOptionsFor(rule: AnyRule): Record<string, true> | undefined {
  const schema = rule.meta.schema;
  const first = Array.isArray(schema) ? (schema[0] as { properties?: Record<string, unknown> } | undefined) : undefined;
  const declared = Object.keys(first?.properties ?? {}).filter((name) => name in STRICT_OPTIONS);
  if (declared.length === 0) return undefined;
  return Object.fromEntries(declared.map((name) => [name, true] as const));
}

function buildRules(level: 'recommended' | 'strict'): Linter.RulesRecord {
  const entries: [string, Linter.RuleEntry][] = [];
  for (const [id, rule] of Object.entries(plugin.rules)) {
    const docsLevel = rule.meta.docs?.recommended;
    if (level === 'recommended') {
      if (docsLevel === 'recommended') entries.push([`handles/${id}`, 'error']);
      continue;
    }
    const options = strictOptionsFor(rule);
    entries.push([`handles/${id}`, options ? ['error', options] : 'error']);
  }
  return Object.fromEntries(entries);
}

// Assigned after the plugin object exists so that each config can register the plugin itself.
Object.assign(configs, {
  recommended: { name: 'handles/recommended', plugins: { handles: plugin }, rules: buildRules('recommended') },
  strict: { name: 'handles/strict', plugins: { handles: plugin }, rules: buildRules('strict') },
});

export default plugin;
