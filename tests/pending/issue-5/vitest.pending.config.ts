/**
 * Self-check of the staged issue-5 tests while the rules do not exist: runs the *.spec-pending.ts files with each
 * missing rule replaced by a stub that declares the proposed meta (proposed-meta.ts) and reports nothing. Valid
 * cases must then pass (they parse, options match the schema) and invalid cases fail only on the error count.
 *   npx vitest run --config tests/pending/issue-5/vitest.pending.config.ts
 * Delete this file (and stubs/) when the rules land and the specs move to tests/rules/.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const here = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  resolve: {
    alias: [
      {
        find: /^\.\.\/\.\.\/\.\.\/rules\/(invalid-handle-check|check-before-use|pseudo-handle)\.js$/,
        replacement: `${here}stubs/$1.ts`,
      },
    ],
  },
  test: {
    root: fileURLToPath(new URL('../../..', import.meta.url)),
    include: ['tests/pending/issue-5/**/*.spec-pending.ts'],
    globals: true,
    testTimeout: 60_000,
  },
});
