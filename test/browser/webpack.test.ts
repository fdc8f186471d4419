// The browser build with webpack 5: `import { MixedLM, readTable } from 'mixedlm'` (test/browser/webpack-entry.js)
// bundled for target 'web' with no resolve.fallback, no polyfills and node: false (webpack leaves `global`,
// `__dirname`… untouched, so a use of one shows in the scan); production mode (tree shaking, the package's
// sideEffects) without terser, which takes a minute on the Arrow chunk: the chunks are minified by esbuild
// for the scan instead, so that locals get short names and only free (global) names keep theirs. Must build
// with no error or warning, reach no Node API in any chunk, and fit sleepstudy in a context with web
// globals only, bit-identical to Node. Uses dist/ (npm test builds it first).
import { describe, expect, it } from 'vitest';
import webpack from 'webpack';
import { transform } from 'esbuild';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createContext, runInContext } from 'node:vm';
import { MixedLM } from '../../src/model/index.js';
import { readTableSync } from '../../src/data/read.js';
import { nodeLeaks, WEB_GLOBALS } from './leaks.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

function pack(out: string): Promise<webpack.Stats> {
  const compiler = webpack({
    mode: 'production',
    target: 'web',
    context: root,
    entry: './test/browser/webpack-entry.js',
    output: { path: out, filename: 'main.js', chunkFilename: '[name].chunk.js', publicPath: '' },
    node: false,
    optimization: { minimize: false },
    performance: { hints: false },
    infrastructureLogging: { level: 'error' },
  });
  return new Promise((resolve, reject) =>
    compiler.run((err, stats) => {
      compiler.close(() => undefined);
      if (err || !stats) reject(err ?? new Error('webpack gave no stats'));
      else resolve(stats);
    }),
  );
}

describe('browser bundle (webpack 5, target web, no fallbacks)', () => {
  it('bundles MixedLM, readTable and crossProductsInMemory with no error, no warning and no Node API in any chunk, and fits sleepstudy with web globals only', async () => {
    const out = mkdtempSync(join(tmpdir(), 'mixedlm-webpack-'));
    try {
      const stats = await pack(out);
      const info = stats.toJson({ all: false, errors: true, warnings: true });
      expect(info.errors?.map((e) => e.message) ?? []).toEqual([]);
      expect(info.warnings?.map((e) => e.message) ?? []).toEqual([]);
      const files = readdirSync(out).filter((f) => f.endsWith('.js'));
      expect(files.length).toBeGreaterThanOrEqual(2); // the Arrow / Parquet readers are lazy chunks
      for (const f of files) {
        const min = await transform(readFileSync(join(out, f), 'utf8'), { minify: true, loader: 'js' });
        expect(nodeLeaks(min.code), f).toEqual([]);
      }
      const ctx = createContext(WEB_GLOBALS());
      runInContext('globalThis.globalThis = globalThis; globalThis.self = globalThis;', ctx);
      runInContext(readFileSync(join(out, 'main.js'), 'utf8'), ctx);
      const text = readFileSync(join(root, 'data/sleepstudy.csv'), 'utf8');
      const got = (await runInContext('run', ctx)(text)) as { llf: number; fe: number[]; nrow: number; anova: Array<{ term: string; denDf: number }>; crossLlf: number };
      const ref = MixedLM.fromFormula('Reaction ~ Days + (Days | Subject)', readTableSync(join(root, 'data/sleepstudy.csv'))).fit({ reml: true });
      expect(got.nrow).toBe(180);
      expect(got.llf).toBe(ref.llf); // same code, same data: bit-identical
      expect(got.fe).toEqual(Array.from(ref.feParams));
      expect(got.anova).toEqual(JSON.parse(JSON.stringify(ref.anova({ ddf: 'kenward-roger' }))));
      expect(Math.abs(got.crossLlf - ref.llf)).toBeLessThan(1e-8 * Math.abs(ref.llf)); // 1e-8 relative, as test/model/cross-products.test.ts
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
