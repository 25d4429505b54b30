/**
 * Module hooks for `handles run` (registered with module.register() in the child process, so they run on
 * Node's loader thread):
 * - TypeScript files (.ts/.mts/.cts) are transpiled with the `typescript` package, target es2022 (which lowers
 *   `using` for Node 20), with an inline source map so stack traces and verifier locations show the user's
 *   .ts lines once process.setSourceMapsEnabled(true) is on.
 * - `eslint-plugin-handles` and its subpaths resolve to THIS package when the user's project does not
 *   depend on it; a copy the user installed is used as is (it shares our kernel through the globalThis slot).
 * - A relative `./x.js` written in a TypeScript file reaches `./x.ts` when there is no `./x.js` (the
 *   TypeScript convention for ESM imports), and an extensionless `./x` reaches `./x.ts` or `./x/index.ts`.
 */
import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { LoadHook, ResolveHook } from 'node:module';
import { cachedTranspile, moduleFormatOf, OWN_PACKAGE, storeTranspiled, transpileTypeScript, TS_EXTENSION, typeScriptCandidates, type TypeScriptModule } from './ts-loader-transpile.js';

function isOwnPackage(specifier: string): boolean {
  return specifier === OWN_PACKAGE || specifier.startsWith(`${OWN_PACKAGE}/`);
}

function isTypeScriptParent(parentURL: string | undefined): boolean {
  return parentURL !== undefined && parentURL.startsWith('file:') && TS_EXTENSION.test(new URL(parentURL).pathname);
}

export const resolve: ResolveHook = async (specifier, context, nextResolve) => {
  try {
    return await nextResolve(specifier, context);
  } catch (error) {
    if (isOwnPackage(specifier)) {
      // Resolve as a self-reference from inside this package: its "exports" map decides the file.
      return nextResolve(specifier, { ...context, parentURL: import.meta.url });
    }
    if (isTypeScriptParent(context.parentURL)) {
      for (const candidate of typeScriptCandidates(specifier)) {
        const url = new URL(candidate, context.parentURL);
        if (existsSync(fileURLToPath(url))) return { url: url.href, shortCircuit: true };
      }
    }
    throw error;
  }
};

export const load: LoadHook = async (url, context, nextLoad) => {
  if (!url.startsWith('file:') || !TS_EXTENSION.test(new URL(url).pathname)) return nextLoad(url, context);
  const filePath = fileURLToPath(url);
  const format = moduleFormatOf(filePath);
  // CommonJS goes to Node's CJS loader (no source here), where cli/ts-loader-cjs.ts transpiles it: that way
  // its require() calls work as in any CommonJS module.
  if (format === 'commonjs') return { format, shortCircuit: true };
  const sourceText = await readFile(filePath, 'utf8');
  const cached = cachedTranspile(sourceText, filePath, format);
  if (cached.output !== undefined) return { format, source: cached.output, shortCircuit: true };
  const source = transpileTypeScript(await loadTypeScript(), sourceText, filePath, format);
  storeTranspiled(cached.key, source);
  return { format, source, shortCircuit: true };
};

let typescript: TypeScriptModule | undefined;

async function loadTypeScript(): Promise<TypeScriptModule> {
  // Loaded only when a TypeScript file shows up: plain .js runs never pay for it.
  typescript ??= ((await import('typescript')) as { default: TypeScriptModule }).default;
  return typescript;
}
