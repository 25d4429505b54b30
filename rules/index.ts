import type { TSESLint } from '@typescript-eslint/utils';
import { packageInfo } from './util/package-info.js';

/** Rule modules by id (filled by the lifecycle and API rule issues). */
export const rules: Record<string, TSESLint.RuleModule<string, readonly unknown[]>> = {};

const plugin = {
  meta: { name: packageInfo.name, version: packageInfo.version, namespace: 'handles' },
  rules,
  configs: {} as Record<string, TSESLint.FlatConfig.Config>,
};

export default plugin;
