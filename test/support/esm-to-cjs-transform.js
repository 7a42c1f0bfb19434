/**
 * Jest transform for ESM-only dependencies (@middy/core): jest runs CommonJS, so their
 * `import`/`export` is transpiled to `require`/`exports` with TypeScript's own transpiler.
 * The Lambda bundles (esbuild) and `npm start` (tsx) load the real ESM unchanged.
 */
const ts = require('typescript');

module.exports = {
  process(source, filename) {
    const { outputText, sourceMapText } = ts.transpileModule(source, {
      fileName: filename,
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, allowJs: true, sourceMap: true },
    });
    return { code: outputText, map: sourceMapText };
  },
};
