/** The index as a whole: the declaration list, argument order, the quick check, negatives, robustness and cost. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseForESLint } from '@typescript-eslint/parser';
import type { TSESTree } from '@typescript-eslint/utils';
import { indexBindings, parsePrototype } from '../../../rules/engine/bindings/index.js';
import type { BindingScopeManager } from '../../../rules/engine/bindings/index.js';
import { callsTo, parseCode, parseFixture, resolveOne, sourceOf } from './helpers.js';

describe('declarations', () => {
  it('lists every table function a fixture binds, with its declaration site', () => {
    const parsed = parseFixture('koffi.ts');
    const names = parsed.index.declarations.map((d) => d.win32Name).sort();
    expect(names).toEqual(['CloseHandle', 'CreateEventW', 'CreateFileW', 'CreateJobObjectW', 'CreatePipe', 'DuplicateHandle', 'GetCurrentProcess', 'GetFileSizeEx', 'OpenProcess', 'OpenProcessToken', 'ReadFile']);
    const close = parsed.index.declarations.find((d) => d.win32Name === 'CloseHandle')!;
    expect(sourceOf(parsed, close.node)).toBe("kernel32.func('bool __stdcall CloseHandle(_In_ HANDLE hObject)')");
  });

  it('lists keyed symbols (Deno) by their property, and nothing for a non-Windows library', () => {
    const deno = parseFixture('deno.ts');
    expect(deno.index.declarations.filter((d) => d.style === 'deno').map((d) => d.win32Name).sort()).toEqual(
      ['CloseHandle', 'CloseHandle', 'CreateEventW', 'CreateFileW', 'OpenProcessToken', 'WaitForSingleObject'],
    );
    const libc = parseCode("import koffi from 'koffi';\nconst c = koffi.load('libc.so.6');\nconst f = c.func('void *fopen(const char *, const char *)');\nf('a', 'r');");
    expect(libc.index.declarations).toEqual([]);
    expect(libc.index.resolve(callsTo(libc, 'f')[0]!)).toBeUndefined();
  });
});

describe('moduleAlias', () => {
  it("is koffi's local name, however it was obtained", () => {
    const viaImport = parseCode("import ffi from 'koffi';\nconst k = ffi.load('kernel32.dll');\nconst c = k.func('bool CloseHandle(void *)');\nc(null);");
    expect(resolveOne(viaImport, 'c')?.moduleAlias).toBe('ffi');
    const viaRequire = parseCode("const kf = require('koffi');\nconst k = kf.load('kernel32.dll');\nconst c = k.func('bool CloseHandle(void *)');\nc(null);");
    expect(resolveOne(viaRequire, 'c')?.moduleAlias).toBe('kf');
  });
});

describe('argumentsOf', () => {
  it('ffi-rs: the Win32 arguments are the elements of paramsValue', () => {
    const parsed = parseFixture('ffi-rs.ts');
    const close = callsTo(parsed, 'load').find((c) => sourceOf(parsed, c).includes("'CloseHandle'"))!;
    expect(parsed.index.argumentsOf(close).map((a) => (a ? sourceOf(parsed, a) : '-'))).toEqual(['h']);
  });

  it('ffi-rs define(): the Win32 arguments are the elements of the single array argument; a forwarder maps its own', () => {
    const parsed = parseFixture('ffi-rs.ts');
    const open = callsTo(parsed, 'k32.OpenProcess')[0]!;
    expect(parsed.index.argumentsOf(open).map((a) => (a ? sourceOf(parsed, a) : '-'))).toEqual(['0x400', 'false', '4']);
    const forwarded = callsTo(parsed, 'closeHandle')[0]!;
    expect(parsed.index.resolve(forwarded)?.argumentIndex).toEqual([0]);
    expect(parsed.index.argumentsOf(forwarded).map((a) => (a ? sourceOf(parsed, a) : '-'))).toEqual(['null']);
  });

  it('a reordering wrapper maps Win32 parameters to its own arguments', () => {
    const parsed = parseFixture('wrappers.ts');
    const call = callsTo(parsed, 'api.openProcess')[0]!;
    expect(parsed.index.resolve(call)?.argumentIndex).toEqual([undefined, undefined, 0]);
    expect(parsed.index.argumentsOf(call).map((a) => (a ? sourceOf(parsed, a) : '-'))).toEqual(['-', '-', '4']);
  });

  it('a direct call keeps its arguments; an unresolved call has none', () => {
    const parsed = parseCode("import { CloseHandle } from 'eslint-plugin-handles/runtime';\nCloseHandle(h);\nfoo(h);");
    expect(parsed.index.argumentsOf(callsTo(parsed, 'CloseHandle')[0]!).length).toBe(1);
    expect(parsed.index.argumentsOf(callsTo(parsed, 'foo')[0]!)).toEqual([]);
  });
});

describe('negatives', () => {
  it('a local function named like a table function, with its own body, is not the table function (also in an FFI file)', () => {
    const parsed = parseCode([
      "import koffi from 'koffi';",
      "const k = koffi.load('kernel32.dll');",
      "const real = k.func('bool CloseHandle(void *)');",
      'function CloseHandle(h: unknown) { log(h); }',
      'const OpenProcess = (pid: number) => pid + 1;',
      'CloseHandle(null);',
      'OpenProcess(4);',
      'real(null);',
    ].join('\n'));
    expect(resolveOne(parsed, 'CloseHandle')).toBeUndefined();
    expect(resolveOne(parsed, 'OpenProcess')).toBeUndefined();
    expect(resolveOne(parsed, 'real')?.style).toBe('koffi');
  });

  it('a shadowed name resolves to the inner binding', () => {
    const parsed = parseCode([
      "import { CloseHandle } from 'eslint-plugin-handles/runtime';",
      'function inner(CloseHandle: (h: number) => void) { CloseHandle(1); }',
      'CloseHandle(2);',
    ].join('\n'));
    const [shadowed, imported] = callsTo(parsed, 'CloseHandle');
    expect(parsed.index.resolve(shadowed!)?.style).toBe('name');
    expect(parsed.index.resolve(imported!)?.style).toBe('runtime');
  });
});

describe('quick check', () => {
  it('a file with no FFI text only runs the plain-name path', () => {
    const parsed = parseCode("import { CloseHandle } from 'eslint-plugin-handles/runtime';\nCloseHandle(1);");
    expect(parsed.index.hasFfi).toBe(false);
    expect(parsed.index.declarations).toEqual([]);
    expect(resolveOne(parsed, 'CloseHandle')?.style).toBe('runtime');
  });

  it('without the text, the AST is scanned for the same hints', () => {
    const parsed = parseCode("import koffi from 'koffi';\nconst k = koffi.load('kernel32.dll');\nk.func('bool CloseHandle(void *)')(null);", { withText: false });
    expect(parsed.index.hasFfi).toBe(true);
    expect(parsed.index.declarations.map((d) => d.win32Name)).toEqual(['CloseHandle']);
  });
});

describe('parsePrototype', () => {
  it('reads names, returns, SAL directions and parameter types', () => {
    expect(parsePrototype('BOOL WINAPI DuplicateHandle(_In_ HANDLE hSourceProcessHandle, _In_ HANDLE hSourceHandle, _In_ HANDLE hTargetProcessHandle, _Outptr_ LPHANDLE lpTargetHandle, _In_ DWORD dwDesiredAccess, _In_ BOOL bInheritHandle, _In_ DWORD dwOptions);')).toEqual({
      name: 'DuplicateHandle',
      returnType: 'BOOL',
      params: [
        { type: 'HANDLE', direction: 'in' }, { type: 'HANDLE', direction: 'in' }, { type: 'HANDLE', direction: 'in' },
        { type: 'LPHANDLE', direction: 'out' }, { type: 'DWORD', direction: 'in' }, { type: 'BOOL', direction: 'in' }, { type: 'DWORD', direction: 'in' },
      ],
    });
    expect(parsePrototype('void *__stdcall OpenProcess(uint32, bool, uint32)')).toMatchObject({ name: 'OpenProcess', returnType: 'void *', params: [{ type: 'uint32' }, { type: 'bool' }, { type: 'uint32' }] });
    expect(parsePrototype('int GetTickCount(void)')).toEqual({ name: 'GetTickCount', returnType: 'int', params: [] });
    expect(parsePrototype('unsigned long long f(unsigned int, const char16_t *name, _Inout_ void **p)')).toEqual({
      name: 'f', returnType: 'unsigned long long', params: [{ type: 'unsigned int', direction: 'in' }, { type: 'const char16_t *', direction: 'in' }, { type: 'void * *', direction: 'inout' }],
    });
    expect(parsePrototype('not a prototype')).toBeUndefined();
    expect(parsePrototype('(int)')).toBeUndefined();
  });
});

/** .js/.ts files under a directory, up to `limit`. */
function sourceFiles(dir: string, limit: number, out: string[] = []): string[] {
  for (const entry of readdirSync(dir)) {
    if (out.length >= limit) break;
    const path = join(dir, entry);
    const stat = statSync(path);
    if (stat.isDirectory()) sourceFiles(path, limit, out);
    else if (/\.(c|m)?js$|\.ts$/.test(entry) && !entry.endsWith('.d.ts') && stat.size < 400_000) out.push(path);
  }
  return out;
}

describe('robustness and cost on real code', () => {
  const files = [
    ...sourceFiles('node_modules/eslint/lib', 400),
    ...sourceFiles('node_modules/@typescript-eslint/typescript-estree/dist', 150),
  ];

  it('never throws; resolving every call costs a fraction of parsing', () => {
    expect(files.length).toBeGreaterThan(100);
    let parseMs = 0;
    let indexMs = 0;
    let calls = 0;
    let parsed = 0;
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      let result;
      const t0 = performance.now();
      try {
        result = parseForESLint(text, { range: true, loc: true, sourceType: file.endsWith('.cjs') ? 'script' : 'module', ecmaVersion: 'latest' });
      } catch {
        continue; // not parseable as a module: outside the contract
      }
      const t1 = performance.now();
      const index = indexBindings(result.ast as unknown as TSESTree.Program, result.scopeManager as unknown as BindingScopeManager, text);
      const all: (TSESTree.CallExpression | TSESTree.NewExpression)[] = [];
      const visit = (n: unknown): void => {
        if (!n || typeof n !== 'object') return;
        if (Array.isArray(n)) return n.forEach(visit);
        const node = n as TSESTree.Node;
        if (typeof node.type !== 'string') return;
        if (node.type === 'CallExpression' || node.type === 'NewExpression') all.push(node);
        for (const k of Object.keys(node)) if (k !== 'parent' && k !== 'loc' && k !== 'range') visit((node as unknown as Record<string, unknown>)[k]);
      };
      visit(result.ast);
      const t2 = performance.now();
      for (const call of all) {
        index.resolve(call);
        index.argumentsOf(call);
      }
      void index.declarations;
      indexMs += performance.now() - t2;
      expect({ file, internalErrors: index.internalErrors }).toEqual({ file, internalErrors: 0 });
      parseMs += t1 - t0;
      calls += all.length;
      parsed++;
    }
    console.log(`bindings over ${parsed} real files, ${calls} calls: index+resolve ${indexMs.toFixed(0)} ms, parse ${parseMs.toFixed(0)} ms (${((indexMs / parseMs) * 100).toFixed(1)}%)`);
    expect(parsed).toBeGreaterThan(100);
    expect(indexMs).toBeLessThan(parseMs * 0.25);
  });
});
