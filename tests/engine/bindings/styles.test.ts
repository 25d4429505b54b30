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

group('without a scope manager (names only)', () => {
  // module-level declarations win over nested ones: the one fixture that relies on shadowing differs
  const knownDifferences: Readonly<Record<string, readonly string[]>> = { 'koffi-obtained.ts': ['koffi-obtained.ts:21 close'] };
  for (const name of fixtures) {
    it(name, () => {
      const parsed = parseFixture(name, { scopeManager: false });
      const { expected, actual } = checkAnnotations(parsed);
      const differing = expected.filter((e, i) => e !== actual[i]).map((e) => `${name}:${e.split(':')[0]}`);
      expect(differing).toEqual(knownDifferences[name] ?? []);
    });
  }
});
