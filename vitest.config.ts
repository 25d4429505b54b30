import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // typescript-eslint's RuleTester hooks into the global describe/it/afterAll; globals avoid a setup file that
    // would load the rule tester into every test file's worker
    globals: true,
    testTimeout: 30_000,
    pool: 'threads',
    reporters: ['default', 'json'],
    outputFile: { json: 'reports/vitest.json' },
  },
});
