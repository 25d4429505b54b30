import { ESLintUtils } from '@typescript-eslint/utils';
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

export const createRule = ESLintUtils.RuleCreator<HandlesRuleDocs>(ruleDocsUrl);

/** The schema of the one options object every rule takes: boolean flags (all off by default), each described. */
export function booleanOptions(descriptions: Readonly<Record<string, string>>): JSONSchema4[] {
  const properties = Object.fromEntries(Object.entries(descriptions).map(([name, description]) => [name, { type: 'boolean', description } as const]));
  return [{ type: 'object', additionalProperties: false, properties }];
}
