// The browser build: `import { … } from 'mixedlm'` bundled by esbuild for the browser
// (package.json `exports` condition `browser`) must reach no Node API, and run in a
// context that has only web globals. Uses dist/ (npm test builds it first).
import { describe, expect, it } from 'vitest';
import { build } from 'esbuild';
import { build as viteBuild } from 'vite';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createContext, runInContext } from 'node:vm';
import { gzipSync } from 'node:zlib';
import { MixedLM } from '../../src/model/mixedlm.js';
import { readTableSync } from '../../src/data/read.js';
import { nodeLeaks, WEB_GLOBALS } from './leaks.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

async function bundle(contents: string, format: 'esm' | 'iife' = 'esm'): Promise<string> {
  const r = await build({
    stdin: { contents, resolveDir: root, loader: 'js' },
    bundle: true,
    platform: 'browser',
    format,
    globalName: format === 'iife' ? 'mixedlm' : undefined,
    minify: true, // locals get short names: a Node global left in the code keeps its full name
    write: false,
    logLevel: 'silent',
  });
  expect(r.errors).toEqual([]);
  return r.outputFiles[0]!.text;
}


describe('browser bundle (esbuild, platform browser)', () => {
  it('bundles the whole API with no node: import and no Node global', async () => {
    const code = await bundle("export * from 'mixedlm';");
    expect(nodeLeaks(code)).toEqual([]);
    // the scan does find a leak when there is one
    expect(nodeLeaks('let a=process.env.X,b=Buffer.from("x");import("node:fs")').length).toBe(3);
  });

  // Issue 14's budget: MixedLM alone (every method of the model and of its results working: the df
  // inference, anova, profile, bootstrap…) at most 100 KB gzipped. What only other names need stays out
  // (src/registry.ts): MixedLMResults.fromJSON and DesignInfo.fromJSON are installed by those exports,
  // MixedLM.fromCrossProducts's reader by the makers of cross products, and the WebAssembly dense kernels
  // by the dense backend's names (sparse/dense/wasm-api.ts); without them every fit runs in JavaScript.
  it('keeps MixedLM alone within the 100 KB gzipped budget', async () => {
    const code = await bundle("export { MixedLM } from 'mixedlm';");
    const gz = gzipSync(code).length;
    expect(gz).toBeLessThanOrEqual(100 * 1024);
    expect(gz).toBeGreaterThan(10 * 1024); // it did bundle the model
  });

  it('keeps the error classes\' names in a minified bundle (the minifier renames the classes themselves)', async () => {
    const code = await bundle(
      `import { MixedLM, FormulaError, DataError } from 'mixedlm';
       globalThis.names = [];
       for (const f of [() => MixedLM.fromFormula('y ~ x', { y: [1, 2], x: [3, 4] }), () => MixedLM.fromFormula('y ~ (x', { y: [1, 2] }), () => MixedLM.fromFormula('y ~ 1 + (1 | g)', { y: [1, NaN, 2, 3], g: ['a', 'a', 'b', 'b'] }).fit()])
         try { f(); } catch (e) { globalThis.names.push([e.name, e instanceof FormulaError, e instanceof DataError]); }`,
      'iife',
    );
    const ctx = createContext(WEB_GLOBALS());
    runInContext('globalThis.globalThis = globalThis;', ctx);
    runInContext(code, ctx);
    expect(runInContext('names', ctx)).toEqual([
      ['InvalidArgumentError', false, false],
      ['FormulaError', true, false],
      ['DataError', false, true],
    ]);
  });

  // The WebAssembly dense kernels are installed by the dense backend's public names (sparse/dense/wasm-api.ts):
  // MixedLM alone runs the JavaScript kernels and carries neither the module nor the thread pool.
  it('leaves the WebAssembly kernels out of MixedLM alone; loadDenseWasm brings them', async () => {
    const WASM_MAGIC = 'AGFzbQ'; // base64 of the module's first bytes, "\0asm"
    const alone = await bundle("export { MixedLM } from 'mixedlm';");
    expect(alone).not.toContain(WASM_MAGIC);
    expect(alone).not.toContain('Atomics.wait'); // nor threads.ts
    const withWasm = await bundle("export { MixedLM, loadDenseWasm } from 'mixedlm';");
    expect(withWasm).toContain(WASM_MAGIC);
    expect(withWasm).toContain('Atomics.wait');
  });

  it('reads CSV text, bytes and a Blob and fits sleepstudy in a context with only web globals', async () => {
    const code = await bundle(
      `import { MixedLM, readTable } from 'mixedlm';
       globalThis.run = async (text) => {
         const bytes = new TextEncoder().encode(text);
         const fromBlob = await readTable(new Blob([bytes]));
         const fromBytes = await readTable(bytes.buffer);
         const t = await readTable(text);
         const r = MixedLM.fromFormula('Reaction ~ Days + (Days | Subject)', t).fit({ reml: true });
         return { llf: r.llf, fe: Array.from(r.feParams), nrow: [t.nrow, fromBlob.nrow, fromBytes.nrow], kinds: t.names.map((n) => t.column(n).kind) };
       };`,
      'iife',
    );
    const ctx = createContext(WEB_GLOBALS());
    runInContext('globalThis.globalThis = globalThis;', ctx);
    runInContext(code, ctx);
    const text = readFileSync(new URL('../../data/sleepstudy.csv', import.meta.url), 'utf8');
    const got = (await runInContext('run', ctx)(text)) as { llf: number; fe: number[]; nrow: number[]; kinds: string[] };
    const ref = MixedLM.fromFormula('Reaction ~ Days + (Days | Subject)', readTableSync('data/sleepstudy.csv')).fit({ reml: true });
    expect(got.nrow).toEqual([180, 180, 180]);
    expect(got.kinds).toEqual(['numeric', 'numeric', 'categorical']);
    expect(got.llf).toBe(ref.llf); // same code, same data: bit-identical
    expect(got.fe).toEqual(Array.from(ref.feParams));
  });
});

describe('statics installed by their public export (src/registry.ts)', () => {
  /** Runs a bundled IIFE in a context with web globals only; returns its global `run`. */
  function runner(code: string): (text: string) => Promise<unknown> {
    const ctx = createContext(WEB_GLOBALS());
    runInContext('globalThis.globalThis = globalThis;', ctx);
    runInContext(code, ctx);
    return runInContext('run', ctx) as (text: string) => Promise<unknown>;
  }
  const sleep = readFileSync(new URL('../../data/sleepstudy.csv', import.meta.url), 'utf8');
  const rows = [{ Days: 3, Subject: '308' }, { Days: 9, Subject: '372' }];

  it('MixedLMResults.fromJSON reads a saved fit in a bundle that imports MixedLMResults; a bundle of MixedLM alone leaves the reader out', async () => {
    const withReader = await bundle(
      `import { MixedLM, MixedLMResults, readTable } from 'mixedlm';
       globalThis.run = async (text) => {
         const r = MixedLM.fromFormula('Reaction ~ Days + (Days | Subject)', await readTable(text)).fit();
         const saved = MixedLMResults.fromJSON(JSON.parse(JSON.stringify(r.toJSON())));
         return { saved: saved.predict(${JSON.stringify(rows)}), fit: r.predict(${JSON.stringify(rows)}) };
       };`,
      'iife',
    );
    const got = (await runner(withReader)(sleep)) as { saved: number[]; fit: number[] };
    expect(got.saved).toEqual(got.fit); // same coding, same modes: identical predictions
    const alone = await bundle(
      `import { MixedLM, readTable, NotInstalledError } from 'mixedlm';
       globalThis.run = async (text) => {
         const r = MixedLM.fromFormula('Reaction ~ Days + (Days | Subject)', await readTable(text)).fit();
         try { r.constructor.fromJSON(r.toJSON()); return 'read'; } catch (e) { return [e instanceof NotInstalledError, e.api, e.importName]; }
       };`,
      'iife',
    );
    expect(await runner(alone)(sleep)).toEqual([true, 'MixedLMResults.fromJSON', 'MixedLMResults']);
    expect(alone).not.toContain('unsupported saved-fit version'); // the reader's checks are not in it
  });

  it('MixedLM.fromCrossProducts fits in a bundle that makes cross products; MixedLM alone leaves their reader out', async () => {
    const withReader = await bundle(
      `import { MixedLM, crossProductsInMemory, readTable } from 'mixedlm';
       globalThis.run = async (text) => {
         const t = await readTable(text);
         const f = 'Reaction ~ Days + (Days | Subject)';
         return [MixedLM.fromCrossProducts(crossProductsInMemory(f, t)).fit().llf, MixedLM.fromFormula(f, t).fit().llf];
       };`,
      'iife',
    );
    const [cross, fromRows] = (await runner(withReader)(sleep)) as [number, number];
    expect(Math.abs(cross - fromRows)).toBeLessThan(1e-8 * Math.abs(fromRows)); // 1e-8 relative, as test/model/cross-products.test.ts
    const alone = await bundle(
      `import { MixedLM, NotInstalledError } from 'mixedlm';
       globalThis.run = async () => {
         try { MixedLM.fromCrossProducts({ n: 3 }); return 'built'; } catch (e) { return [e instanceof NotInstalledError, e.api, e.importName]; }
       };`,
      'iife',
    );
    expect(await runner(alone)('')).toEqual([true, 'MixedLM.fromCrossProducts', 'assembleCrossProducts']);
    expect(alone).not.toContain('between two levels of one term'); // the reader's checks are not in it
  });

  it('formula.DesignInfo.fromJSON restores a design in a bundle that imports formula', async () => {
    const code = await bundle(
      `import { formula, readTable } from 'mixedlm';
       globalThis.run = async (text) => {
         const t = await readTable(text);
         const d = formula.buildDesign('Days + center(Days)', t);
         const back = formula.DesignInfo.fromJSON(JSON.parse(JSON.stringify(d.info)));
         return [Array.from(back.build(t).matrix), Array.from(d.matrix)];
       };`,
      'iife',
    );
    const [back, orig] = (await runner(code)(sleep)) as [number[], number[]];
    expect(back.length).toBe(180 * 3);
    expect(back).toEqual(orig);
  });
});

describe('browser bundle (Vite library build)', () => {
  it('builds test/browser/entry.js (MixedLM, readTable, crossProductsInMemory) with no node: import or Node global in any chunk', async () => {
    const r = await viteBuild({
      configFile: false,
      logLevel: 'silent',
      root,
      build: { write: false, minify: true, lib: { entry: 'test/browser/entry.js', formats: ['es'], fileName: 'entry' } },
    });
    const outputs = (Array.isArray(r) ? r : [r]).flatMap((o) => ('output' in o ? o.output : []));
    const chunks = outputs.filter((o): o is Extract<typeof o, { type: 'chunk' }> => o.type === 'chunk');
    expect(chunks.length).toBeGreaterThanOrEqual(2); // Arrow / Parquet readers split off as lazy chunks
    for (const c of chunks) expect(nodeLeaks(c.code), c.fileName).toEqual([]);
    const entry = chunks.find((c) => c.isEntry)!;
    expect([...entry.exports].sort()).toEqual(['MixedLM', 'crossProductsInMemory', 'readTable']);
    expect(entry.code).toMatch(/["']crossModel["']\s*,/); // Rollup keeps the installation of fromCrossProducts's reader (src/registry.ts)
  });
});
