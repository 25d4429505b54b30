/**
 * Meta-test: rules/<id>.ts ⇔ plugin.rules ⇔ docs/rules/<id>.md ⇔ tests/rules/<id>.test.ts ⇔ configs, and the
 * metadata every rule must carry (typescript-eslint style), so that adding a rule without its docs, tests or
 * config entry fails here instead of in review.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { ESLint, Linter } from 'eslint';
import { describe, expect, expectTypeOf, it } from 'vitest';
import plugin, { STRICT_OPTIONS, strictOptionsFor } from '../rules/index.js';
import { booleanOptions, createRule, ruleDocsUrl } from '../rules/util/create-rule.js';
import { packageInfo, packageRoot } from '../rules/util/package-info.js';
import { SUGGESTION_MESSAGES } from '../rules/util/report-findings.js';

const ruleFiles = readdirSync(join(packageRoot, 'rules'))
  .filter((name) => name.endsWith('.ts') && !name.endsWith('.d.ts') && name !== 'index.ts')
  .map((name) => name.slice(0, -'.ts'.length))
  .sort();
const ruleIds = Object.keys(plugin.rules).sort();

function optionSchema(id: string): { type?: string; additionalProperties?: boolean; properties?: Record<string, { type?: string; description?: string }> } | undefined {
  const schema = plugin.rules[id]!.meta.schema;
  return Array.isArray(schema) ? (schema[0] as never) : undefined;
}

describe('plugin object', () => {
  it('carries meta with the handles namespace and the package version', () => {
    expect(plugin.meta).toEqual({ name: 'eslint-plugin-handles', version: packageInfo.version, namespace: 'handles' });
  });

  it("is typed so that users' eslint.config.ts accepts it (checked by npm run typecheck)", () => {
    expectTypeOf(plugin).toExtend<ESLint.Plugin>();
    expectTypeOf(plugin.configs.recommended).toExtend<Linter.Config>();
    expectTypeOf(plugin.configs.strict).toExtend<Linter.Config>();
  });

  it('has the lifecycle rules of issue 4 (public ids)', () => {
    for (const id of ['no-leak', 'no-double-close', 'no-use-after-close', 'no-close-unowned', 'pass-duplicate']) {
      expect(ruleIds).toContain(id);
    }
  });

  it('registers exactly the rule files in rules/', () => {
    expect(ruleIds).toEqual(ruleFiles);
  });

  it('has a doc and a test file for every rule', () => {
    for (const id of ruleIds) {
      expect(existsSync(join(packageRoot, 'docs', 'rules', `${id}.md`)), `docs/rules/${id}.md`).toBe(true);
      const testFile = existsSync(join(packageRoot, 'tests', 'rules', `${id}.test.ts`));
      const testDir = existsSync(join(packageRoot, 'tests', 'rules', id));
      expect(testFile || testDir, `tests/rules/${id}.test.ts`).toBe(true);
    }
  });
});

describe.each(ruleIds)('rule %s', (id) => {
  const rule = plugin.rules[id]!;

  it('has the metadata of a problem rule with a docs URL, description and config level', () => {
    expect(rule.meta.type).toBe('problem');
    expect(rule.meta.docs?.description).toMatch(/^[A-Z]/);
    expect(rule.meta.docs?.description).not.toMatch(/\.$/);
    expect(['recommended', 'strict']).toContain(rule.meta.docs?.recommended);
    expect(rule.meta.docs?.url).toBe(ruleDocsUrl(id));
    expect(rule.meta.docs?.url).toMatch(new RegExp(`/docs/rules/${id}\\.md$`));
  });

  it('declares an object schema with a description on every option, and defaults for each', () => {
    const schema = optionSchema(id);
    expect(schema?.type).toBe('object');
    expect(schema?.additionalProperties).toBe(false);
    const defaults = (rule.meta.defaultOptions?.[0] ?? {}) as Record<string, unknown>;
    for (const [name, property] of Object.entries(schema?.properties ?? {})) {
      expect(property.description, `${id}.${name}`).toMatch(/\S/);
      expect(name in defaults, `default for ${id}.${name}`).toBe(true);
    }
  });

  it('has a reportMaybe option that is off by default', () => {
    expect(optionSchema(id)?.properties?.reportMaybe?.type).toBe('boolean');
    expect((rule.meta.defaultOptions?.[0] as Record<string, unknown>).reportMaybe).toBe(false);
  });

  it('declares hasSuggestions exactly when it has suggestion messages', () => {
    const suggestionIds = Object.keys(SUGGESTION_MESSAGES);
    const hasSuggestionMessages = Object.keys(rule.meta.messages).some((m) => suggestionIds.includes(m));
    expect(Boolean(rule.meta.hasSuggestions)).toBe(hasSuggestionMessages);
  });
});

describe('configs', () => {
  const recommended = plugin.configs.recommended!;
  const strict = plugin.configs.strict!;

  it('register the plugin itself under the handles namespace, with names', () => {
    expect(recommended.name).toBe('handles/recommended');
    expect(strict.name).toBe('handles/strict');
    expect(recommended.plugins?.handles).toBe(plugin);
    expect(strict.plugins?.handles).toBe(plugin);
  });

  it('recommended turns on exactly the rules whose docs say recommended, with default options', () => {
    const expected = Object.fromEntries(
      ruleIds.filter((id) => plugin.rules[id]!.meta.docs?.recommended === 'recommended').map((id) => [`handles/${id}`, 'error']),
    );
    expect(recommended.rules).toEqual(expected);
  });

  it('strict turns on every rule with exceptionPaths/reportMaybe on wherever the rule has them', () => {
    expect(Object.keys(strict.rules ?? {}).sort()).toEqual(ruleIds.map((id) => `handles/${id}`));
    expect(strict.rules?.['handles/no-leak']).toEqual(['error', { exceptionPaths: true, reportMaybe: true }]);
    for (const id of ruleIds) {
      const names = Object.keys(optionSchema(id)?.properties ?? {}).filter((n) => n in STRICT_OPTIONS);
      const entry = strict.rules?.[`handles/${id}`];
      if (names.length === 0) expect(entry).toBe('error');
      else expect(entry).toEqual(['error', Object.fromEntries(names.map((n) => [n, true]))]);
      expect(strictOptionsFor(plugin.rules[id]!)).toEqual(names.length ? Object.fromEntries(names.map((n) => [n, true])) : undefined);
    }
  });
});

describe('createRule', () => {
  const seen: unknown[] = [];
  const rule = createRule<[{ a?: boolean; b?: boolean }], 'm'>({
    name: 'probe',
    meta: {
      type: 'problem',
      docs: { description: 'Probe', recommended: 'strict' },
      messages: { m: 'm' },
      schema: booleanOptions({ a: 'a', b: 'b' }),
      defaultOptions: [{ a: false, b: true }],
    },
    create(_context, [options]) {
      seen.push(options);
      return {};
    },
  });
  const contextWith = (options: unknown[]) => ({ options }) as unknown as Parameters<typeof rule.create>[0];

  it('fills every option the user leaves out from meta.defaultOptions, and keeps what the user gives', () => {
    rule.create(contextWith([]));
    rule.create(contextWith([{ a: true }]));
    expect(seen.slice(-2)).toEqual([{ a: false, b: true }, { a: true, b: true }]);
  });

  it('merges once per options array (ESLint passes the same array for every file of a config)', () => {
    const given = [{ b: false }];
    rule.create(contextWith(given));
    rule.create(contextWith(given));
    const [first, second] = seen.slice(-2);
    expect(first).toEqual({ a: false, b: false });
    expect(second).toBe(first);
  });

  it('links the rule to its page', () => {
    expect(rule.meta.docs?.url).toBe(ruleDocsUrl('probe'));
  });
});
