/**
 * The docs drafts under the checks tests/docs-rules.test.ts will apply once they move to docs/rules/: title,
 * description (from proposed-meta.ts), required sections, a heading per option, both kinds of example, and every
 * example parses. (Whether the examples get messages needs the rules: tests/docs-rules.test.ts does that later.)
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseForESLint } from '@typescript-eslint/parser';
import { describe, expect, it } from 'vitest';
import { PROPOSED } from './proposed-meta.js';

const fence = /^```ts (incorrect|correct)(?: options='([^']*)')?\n([\s\S]*?)^```$/gm;

// drafts of rules that have landed moved to docs/rules/ (tests/docs-rules.test.ts checks them there)
const drafts = (Object.keys(PROPOSED) as (keyof typeof PROPOSED)[]).filter((id) => existsSync(fileURLToPath(new URL(`./docs/${id}.md`, import.meta.url))));

describe.each(drafts)('docs draft %s.md', (id) => {
  const markdown = readFileSync(fileURLToPath(new URL(`./docs/${id}.md`, import.meta.url)), 'utf8');
  const meta = PROPOSED[id];

  it('starts with the title and the proposed description', () => {
    expect(markdown.split('\n')[0]).toBe(`# handles/${id}`);
    const body = markdown.split('\n').slice(1).join('\n').trim();
    expect(body.split(/\n\s*\n/)[0]!.replace(/\s+/g, ' ').trim()).toBe(meta.description);
  });

  it('has the required sections and a heading per option', () => {
    const lines = markdown.split('\n');
    for (const heading of ['## Rule Details', '## Options', '## When Not To Use It', '## Related']) expect(lines, heading).toContain(heading);
    const properties = (meta.schema[0] as { properties?: Record<string, unknown> } | undefined)?.properties ?? {};
    for (const option of Object.keys(properties)) expect(lines, option).toContain(`### \`${option}\``);
  });

  it('has incorrect and correct examples that parse, with valid options', () => {
    const examples = [...markdown.matchAll(fence)];
    expect(new Set(examples.map((m) => m[1])).size).toBe(2);
    for (const [, , options, code] of examples) {
      expect(() => parseForESLint(code!, { range: true, loc: true, sourceType: 'module', ecmaVersion: 'latest' })).not.toThrow();
      if (options) expect(Object.keys(meta.defaultOptions[0] ?? {})).toEqual(expect.arrayContaining(Object.keys(JSON.parse(options))));
    }
  });
});
