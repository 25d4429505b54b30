/**
 * CommonJS side of the `handles run` loader (main thread): require() of .ts/.cts files, `./x.cjs` → `./x.cts`
 * from TypeScript files, and require('eslint-plugin-handles/...') falling back to this package. The ESM hooks
 * (cli/ts-loader.ts) hand .cts files, and .ts files of "type": "commonjs" packages, to this loader.
 */
import Module, { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { cachedTranspile, OWN_PACKAGE, storeTranspiled, TS_EXTENSION, transpileTypeScript, typeScriptCandidates, type TypeScriptModule } from './ts-loader-transpile.js';

/** The parts of Node's internal CommonJS loader this file patches (not in @types/node's public surface). */
interface CommonJsInternals {
  _extensions: Record<string, (module: CommonJsModule, filename: string) => void>;
  _resolveFilename: (request: string, parent: CommonJsModule | undefined, ...rest: unknown[]) => string;
}
interface CommonJsModule {
  filename?: string;
  _compile(source: string, filename: string): void;
}

const ownRequire = createRequire(import.meta.url);
let installed = false;

export function installCommonJsTypeScript(): void {
  if (installed) return;
  installed = true;
  const internals = Module as unknown as CommonJsInternals;
  let typescript: TypeScriptModule | undefined;
  const compile = (module: CommonJsModule, filename: string): void => {
    const sourceText = readFileSync(filename, 'utf8');
    const cached = cachedTranspile(sourceText, filename, 'commonjs');
    let output = cached.output;
    if (output === undefined) {
      typescript ??= ownRequire('typescript') as TypeScriptModule;
      output = transpileTypeScript(typescript, sourceText, filename, 'commonjs');
      storeTranspiled(cached.key, output);
    }
    module._compile(output, filename);
  };
  for (const extension of ['.ts', '.cts']) internals._extensions[extension] = compile;

  const resolveFilename = internals._resolveFilename;
  internals._resolveFilename = function resolveWithFallbacks(request, parent, ...rest) {
    try {
      return resolveFilename.call(this, request, parent, ...rest);
    } catch (error) {
      if ((error as { code?: unknown }).code !== 'MODULE_NOT_FOUND') throw error;
      if (TS_EXTENSION.test(parent?.filename ?? '')) {
        for (const candidate of typeScriptCandidates(request)) {
          try {
            return resolveFilename.call(this, candidate, parent, ...rest);
          } catch {
            // try the next candidate; the original error is the one to report
          }
        }
      }
      if (request === OWN_PACKAGE || request.startsWith(`${OWN_PACKAGE}/`)) return ownRequire.resolve(request);
      throw error;
    }
  };
}
