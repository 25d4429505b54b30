import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    setupFiles: ['tests/setup.ts'],
    testTimeout: 30_000,
    pool: 'threads',
    reporters: ['default', 'json'],
    outputFile: { json: 'reports/vitest.json' },
  },
});
