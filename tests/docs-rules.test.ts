/**
 * Docs are tests: every docs/rules/<id>.md belongs to a rule and vice versa, starts with the rule's description,
 * has the required sections and a heading per option, and every ```ts incorrect / ```ts correct example is
 * linted with the rule: an incorrect example must get at least one message from it, a correct one none. A correct
 * example is also clean under the whole handles/recommended config (users copy them; another rule must not object).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import tsParser from '@typescript-eslint/parser';
import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import plugin from '../rules/index.js';
import { packageRoot } from '../rules/util/package-info.js';

const docsDir = join(packageRoot, 'docs', 'rules');
const docIds = readdirSync(docsDir)
  .filter((name) => name.endsWith('.md'))
  .map((name) => name.slice(0, -'.md'.length))
  .sort();
const ruleIds = Object.keys(plugin.rules).sort();

interface Example {
  kind: 'incorrect' | 'correct';
  options?: Record<string, unknown>;
  code: string;
  line: number;
}

/** The ```ts incorrect|correct [options='{…}'] fences of a doc, with their line in the file. */
function examplesOf(markdown: string): Example[] {
  const fence = /^```ts (incorrect|correct)(?: options='([^']*)')?\n([\s\S]*?)^```$/gm;
  const examples: Example[] = [];
  for (const match of markdown.matchAll(fence)) {
    examples.push({
      kind: match[1] as Example['kind'],
      options: match[2] ? (JSON.parse(match[2]) as Record<string, unknown>) : undefined,
      code: match[3]!,
      line: markdown.slice(0, match.index).split('\n').length,
    });
  }
  return examples;
}

/** The first paragraph after the title. */
function firstParagraph(markdown: string): string {
  const body = markdown.split('\n').slice(1).join('\n').trim();
  return body.split(/\n\s*\n/)[0]!.replace(/\s+/g, ' ').trim();
}

function schemaOptionNames(id: string): string[] {
  const schema = plugin.rules[id]!.meta.schema;
  const first = Array.isArray(schema) ? (schema[0] as { properties?: Record<string, unknown> } | undefined) : undefined;
  return Object.keys(first?.properties ?? {});
}

/** `handles/recommended` with the example's own rule at the example's options. */
function recommendedWith(id: string, example: Example): Linter.RulesRecord {
  return { ...plugin.configs.recommended!.rules, [`handles/${id}`]: example.options ? ['error', example.options] : 'error' } as Linter.RulesRecord;
}

function lint(id: string, example: Example, rules: Linter.RulesRecord = { [`handles/${id}`]: example.options ? ['error', example.options] : 'error' }): Linter.LintMessage[] {
  const linter = new Linter({ configType: 'flat' });
  return linter.verify(
    example.code,
    [
      {
        files: ['**/*.ts'],
        languageOptions: { parser: tsParser as Linter.Parser },
        plugins: { handles: plugin as unknown as NonNullable<Linter.Config['plugins']>[string] },
        rules,
      },
    ],
    'example.ts',
  );
}

describe('docs/rules', () => {
  it('has one doc per rule and one rule per doc', () => {
    expect(docIds).toEqual(ruleIds);
  });

  describe.each(docIds)('%s.md', (id) => {
    const markdown = readFileSync(join(docsDir, `${id}.md`), 'utf8');
    const rule = plugin.rules[id];

    it('starts with the title and the rule description', () => {
      expect(markdown.split('\n')[0]).toBe(`# handles/${id}`);
      expect(firstParagraph(markdown)).toBe(rule?.meta.docs?.description);
    });

    it('has the required sections', () => {
      for (const heading of ['## Rule Details', '## Options', '## When Not To Use It', '## Related']) {
        expect(markdown.split('\n'), heading).toContain(heading);
      }
    });

    it('has a heading for every option', () => {
      for (const option of schemaOptionNames(id)) {
        expect(markdown.split('\n'), option).toContain(`### \`${option}\``);
      }
    });

    it('has at least one incorrect and one correct example', () => {
      const kinds = new Set(examplesOf(markdown).map((e) => e.kind));
      expect([...kinds].sort()).toEqual(['correct', 'incorrect']);
    });

    const examples = examplesOf(markdown);
    it.each(examples.map((e) => [`${e.kind} example at line ${e.line}`, e] as const))('%s', (_name, example) => {
      const messages = lint(id, example);
      const fatal = messages.filter((m) => m.fatal);
      expect(fatal, 'the example must parse').toEqual([]);
      const own = messages.filter((m) => m.ruleId === `handles/${id}`);
      if (example.kind === 'incorrect') {
        expect(own.length, 'an incorrect example gets at least one message').toBeGreaterThan(0);
      } else {
        expect(messages, 'a correct example gets no message').toEqual([]);
        const fromAll = lint(id, example, recommendedWith(id, example)).map((m) => `${m.line}: ${m.ruleId}: ${m.message}`);
        expect(fromAll, 'a correct example gets no message from handles/recommended either').toEqual([]);
      }
    });
  });
});
