/**
 * Every binding style of docs/ffi-bindings.md: each fixture annotates its calls with `// @resolves` (Win32 name,
 * style, representations, async) or `// @unresolved`, and the index must agree on every one.
 */
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe as group, expect, it } from 'vitest';
import { annotations, checkAnnotations, parseFixture } from './helpers.js';

const fixtures = readdirSync(fileURLToPath(new URL('./fixtures/', import.meta.url))).filter((f) => /\.(ts|js|mjs|cjs)$/.test(f));

group('binding styles (annotated fixtures)', () => {
  it('has fixtures, each with annotations', () => {
    expect(fixtures.length).toBeGreaterThan(0);
  });
  for (const name of fixtures) {
    it(name, () => {
      const parsed = parseFixture(name);
      expect(annotations(parsed.text).length).toBeGreaterThan(0);
      const { expected, actual } = checkAnnotations(parsed);
      expect(actual).toEqual(expected);
    });
  }
});
