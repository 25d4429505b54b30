import type { RuleModule } from '@typescript-eslint/utils/ts-eslint';
import type { RuleWithMetaAndName } from '@typescript-eslint/utils/eslint-utils';
import type { JSONSchema4 } from '@typescript-eslint/utils/json-schema';
import { packageInfo } from './package-info.js';

/** The plugin's own `meta.docs` fields. `recommended` selects the shared config a rule joins. */
export interface HandlesRuleDocs {
  /** 'recommended': definite bugs, on in handles/recommended and handles/strict; 'strict': only in handles/strict */
  recommended: 'recommended' | 'strict';
}

/** The repository's web address, from package.json when it names one; rule docs live under docs/rules/ there. */
export const repositoryUrl: string = (() => {
  const repository = packageInfo.repository;
  const raw = typeof repository === 'string' ? repository : repository?.url;
  if (!raw) return 'https://github.com/eslint-plugin-handles/eslint-plugin-handles';
  return raw.replace(/^git\+/, '').replace(/\.git$/, '');
})();

/** The documentation page of a rule: docs/rules/<id>.md in the repository (ends up as SARIF helpUri). */
export function ruleDocsUrl(ruleId: string): string {
  return `${repositoryUrl}/blob/main/docs/rules/${ruleId}.md`;
}

/**
 * Like typescript-eslint's RuleCreator (docs URL from the rule id, options with their defaults), but the merged
 * options are computed once per options array instead of being cloned for every rule on every file: ESLint hands
 * each rule the same `context.options` array for every file of a config, and RuleCreator's structuredClone was the
 * plugin's largest own cost on files without handle code (bench/lint.mjs (a)). Our options are flat objects of flags,
 * so a shallow merge is the whole merge.
 */
export function createRule<Options extends readonly unknown[], MessageIds extends string>({
  name,
  meta,
  create,
}: Readonly<RuleWithMetaAndName<Options, MessageIds, HandlesRuleDocs>>): RuleModule<MessageIds, Options, HandlesRuleDocs> & { name: string } {
  const defaults = (meta.defaultOptions ?? []) as Options;
  const merged = new WeakMap<readonly unknown[], Options>();
  const withDefaults = (given: readonly unknown[] | undefined): Options => {
    if (!given) return defaults;
    let options = merged.get(given);
    if (!options) {
      options = defaults.map((fallback, i) => {
        const value = given[i];
        if (value === undefined) return fallback;
        return isPlainObject(fallback) && isPlainObject(value) ? { ...fallback, ...value } : value;
      }) as unknown as Options;
      merged.set(given, options);
    }
    return options;
  };
  return {
    name,
    meta: { ...meta, docs: { ...meta.docs, url: ruleDocsUrl(name) } },
    create: (context) => create(context, withDefaults(context.options)),
  };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The schema of the one options object every rule takes: boolean flags (all off by default), each described. */
export function booleanOptions(descriptions: Readonly<Record<string, string>>): JSONSchema4[] {
  const properties = Object.fromEntries(Object.entries(descriptions).map(([name, description]) => [name, { type: 'boolean', description } as const]));
  return [{ type: 'object', additionalProperties: false, properties }];
}
