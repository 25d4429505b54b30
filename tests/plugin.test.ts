import { describe, expect, it } from 'vitest';
import plugin from '../rules/index.js';
import { packageInfo } from '../rules/util/package-info.js';

describe('plugin object', () => {
  it('carries meta with the handles namespace and the package version', () => {
    expect(plugin.meta).toEqual({ name: 'eslint-plugin-handles', version: packageInfo.version, namespace: 'handles' });
  });
});
