/**
 * What the ESM hooks (cli/ts-loader.ts, loader thread) and the CommonJS hooks (cli/ts-loader-cjs.ts, main
 * thread) of `handles run` share: which files are TypeScript, which module format they get, and the transpile.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export type TypeScriptModule = typeof import('typescript');

export const OWN_PACKAGE = 'eslint-plugin-handles';
export const TS_EXTENSION = /\.(?:ts|mts|cts)$/;

const JS_TO_TS: ReadonlyArray<readonly [RegExp, string]> = [
  [/\.js$/, '.ts'],
  [/\.mjs$/, '.mts'],
  [/\.cjs$/, '.cts'],
];

/**
 * Files a relative specifier written in a TypeScript file may mean, in order: `./x.js` → `./x.ts` (and
 * .mjs → .mts, .cjs → .cts); an extensionless `./x` (bundler-style TypeScript) → `./x.ts`, `./x.mts`,
 * `./x/index.ts`. Empty for other specifiers.
 */
export function typeScriptCandidates(specifier: string): string[] {
  if (!specifier.startsWith('./') && !specifier.startsWith('../')) return [];
  for (const [jsExtension, tsExtension] of JS_TO_TS) {
    if (jsExtension.test(specifier)) return [specifier.replace(jsExtension, tsExtension)];
  }
  const lastSegment = specifier.slice(specifier.lastIndexOf('/') + 1);
  if (lastSegment.includes('.') && lastSegment !== '.' && lastSegment !== '..') return [];
  return [`${specifier}.ts`, `${specifier}.mts`, `${specifier}/index.ts`];
}

const packageTypeCache = new Map<string, 'module' | 'commonjs' | undefined>();

/** The "type" field of the nearest package.json at or above `directory` (undefined when it has none). */
function nearestPackageType(directory: string): 'module' | 'commonjs' | undefined {
  if (packageTypeCache.has(directory)) return packageTypeCache.get(directory);
  let result: 'module' | 'commonjs' | undefined;
  const manifest = join(directory, 'package.json');
  if (existsSync(manifest)) {
    try {
      const type = (JSON.parse(readFileSync(manifest, 'utf8')) as { type?: unknown }).type;
      result = type === 'module' || type === 'commonjs' ? type : undefined;
    } catch {
      result = undefined;
    }
  } else {
    const parent = dirname(directory);
    result = parent === directory ? undefined : nearestPackageType(parent);
  }
  packageTypeCache.set(directory, result);
  return result;
}

/**
 * .mts is ESM and .cts CommonJS, as in Node. A .ts file is CommonJS only when its package.json says
 * "type": "commonjs" explicitly; otherwise ESM, since TypeScript users write import/export and top-level await.
 */
export function moduleFormatOf(filePath: string): 'module' | 'commonjs' {
  if (filePath.endsWith('.mts')) return 'module';
  if (filePath.endsWith('.cts')) return 'commonjs';
  return nearestPackageType(dirname(filePath)) === 'commonjs' ? 'commonjs' : 'module';
}

/**
 * Type-strips and downlevels one file. Target es2022 lowers `using` / `await using` to helpers that Node 20
 * runs; the inline source map (with the source text) maps stack frames back to the user's lines.
 */
export function transpileTypeScript(
  ts: TypeScriptModule,
  sourceText: string,
  filePath: string,
  format: 'module' | 'commonjs',
): string {
  return ts.transpileModule(sourceText, {
    fileName: filePath,
    reportDiagnostics: false,
    compilerOptions: {
      target: ts.ScriptTarget.ES2022,
      module: format === 'module' ? ts.ModuleKind.ESNext : ts.ModuleKind.CommonJS,
      inlineSourceMap: true,
      inlineSources: true,
      esModuleInterop: true,
    },
  }).outputText;
}

/**
 * Transpiled output is cached on disk (os.tmpdir()/eslint-plugin-handles-ts-cache), keyed by the TypeScript
 * version, the module format, the file's path and its text, so a run whose files are all cached never loads
 * the `typescript` package (about a second of startup). Cache trouble is never an error: it just transpiles.
 */
const CACHE_DIRECTORY = join(tmpdir(), 'eslint-plugin-handles-ts-cache');
/** Bump when transpileTypeScript's options change, so older cache entries stop matching. */
const TRANSPILE_VERSION = 1;
let typeScriptVersion: string | undefined;

function cacheKey(sourceText: string, filePath: string, format: 'module' | 'commonjs'): string {
  typeScriptVersion ??= (createRequire(import.meta.url)('typescript/package.json') as { version: string }).version;
  return createHash('sha256').update(`${typeScriptVersion}\0${TRANSPILE_VERSION}\0${format}\0${filePath}\0${sourceText}`).digest('hex');
}

export function cachedTranspile(sourceText: string, filePath: string, format: 'module' | 'commonjs'): { key: string; output?: string } {
  try {
    const key = cacheKey(sourceText, filePath, format);
    const file = join(CACHE_DIRECTORY, `${key}.js`);
    return existsSync(file) ? { key, output: readFileSync(file, 'utf8') } : { key };
  } catch {
    return { key: '' };
  }
}

export function storeTranspiled(key: string, output: string): void {
  if (key === '') return;
  try {
    mkdirSync(CACHE_DIRECTORY, { recursive: true });
    // Write then rename: a concurrent run never reads half a file.
    const temporary = join(CACHE_DIRECTORY, `${key}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`);
    writeFileSync(temporary, output);
    renameSync(temporary, join(CACHE_DIRECTORY, `${key}.js`));
  } catch {
    // A read-only or full temp directory only costs speed.
  }
}
