import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import * as table from '../../contracts/index.js';
import { DOCS_PATH, renderContractDocs } from '../../scripts/generate-contract-docs.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));

describe('docs/win32-contracts.md', () => {
  test('is exactly what the table generates (run `npm run docs:contracts` if this fails)', () => {
    const onDisk = readFileSync(`${root}${DOCS_PATH}`, 'utf8');
    expect(onDisk).toBe(renderContractDocs(table));
  });

  test('has one row per function and a section per module', () => {
    const markdown = renderContractDocs(table);
    for (const c of table.CONTRACTS) expect(markdown).toContain(`| \`${c.name}\` |`);
    for (const module of table.contractsByModule().keys()) expect(markdown).toContain(`\n## ${module}\n`);
  });

  test('rows say what the table says', () => {
    const markdown = renderContractDocs(table);
    expect(markdown).toContain('| `CreateFileW` | handle, fails INVALID_HANDLE_VALUE | File (return) → CloseHandle |  | 6 (File) |');
    expect(markdown).toContain('| `CreateProcessW` | bool, fails FALSE | Process (9.hProcess) → CloseHandle; Thread (9.hThread) → CloseHandle |');
    expect(markdown).toContain('| `ReleaseDC` | int, fails NULL |  | 1 → ReleaseDC | 0 (Window) |');
    expect(markdown).toContain('| `_open_osfhandle` | int, fails -1 | CrtFd (return) → _close | takes 0 (File) |');
  });

  test('the script transpiles the TypeScript table itself and its --check agrees', () => {
    const output = execFileSync(process.execPath, ['scripts/generate-contract-docs.mjs', '--check'], { cwd: root, encoding: 'utf8' });
    expect(output.trim()).toBe(`${DOCS_PATH} is current`);
  });
});
