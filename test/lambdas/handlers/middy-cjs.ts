import { readFileSync } from 'node:fs';
import ts from 'typescript';

/**
 * @middy/core is ESM-only and jest (CommonJS, node_modules untransformed) cannot require it.
 * Tests call `jest.mock('@middy/core', () => require('<this file>').loadMiddyAsCommonJs())`
 * to run the real middy source, transpiled to CommonJS on the fly.
 */
export function loadMiddyAsCommonJs(): unknown {
  const file = require.resolve('@middy/core');
  const source = readFileSync(file, 'utf8');
  const { outputText } = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
  });
  const mod = { exports: {} as Record<string, unknown> };
  new Function('module', 'exports', 'require', outputText)(mod, mod.exports, require);
  return mod.exports;
}
