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

const root = fileURLToPath(new URL('../..', import.meta.url));
const NODE_GLOBALS = ['process', 'Buffer', 'require', '__dirname', '__filename', 'global', 'setImmediate', 'module', 'exports'];

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

/** Free uses of Node globals and `node:` imports in minified code ("x.process" and "processes" do not count). */
function nodeLeaks(code: string): string[] {
  const out: string[] = [];
  const ident = new RegExp(`(?<![\\w$.])(${NODE_GLOBALS.join('|')})(?![\\w$])(?!\\s*:)`, 'g');
  for (const m of code.matchAll(ident)) out.push(code.slice(Math.max(0, m.index - 40), m.index + 40));
  for (const m of code.matchAll(/["'`]node:[\w/]+["'`]/g)) out.push(code.slice(Math.max(0, m.index - 40), m.index + 40));
  return out;
}

describe('browser bundle (esbuild, platform browser)', () => {
  it('bundles the whole API with no node: import and no Node global', async () => {
    const code = await bundle("export * from 'mixedlm';");
    expect(nodeLeaks(code)).toEqual([]);
    // the scan does find a leak when there is one
    expect(nodeLeaks('let a=process.env.X,b=Buffer.from("x");import("node:fs")').length).toBe(3);
  });

  // Issue 14's budget is 100 KB; the general model class, the df inference (methods of the results class,
  // so every bundle of MixedLM carries them) and the input checks took it to 105 KB. This bound keeps it from
  // growing further while the budget is open. Issue 10's structure-aware factorization (the sparse-Schur
  // factor and the cost estimates the model now runs) added 3.5 KB: 108 → 109 KB measured, bound 110 KB.
  it('keeps MixedLM alone within 110 KB gzipped', async () => {
    const code = await bundle("export { MixedLM } from 'mixedlm';");
    const gz = gzipSync(code).length;
    expect(gz).toBeLessThanOrEqual(110 * 1024);
    expect(gz).toBeGreaterThan(10 * 1024); // it did bundle the model
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
    const web = { console, TextEncoder, TextDecoder, WebAssembly: (globalThis as Record<string, unknown>).WebAssembly, Blob, URL, performance, setTimeout, clearTimeout, queueMicrotask, Promise };
    const ctx = createContext({ ...web });
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

describe('browser bundle (Vite library build)', () => {
  it('builds test/browser/entry.js (MixedLM, readTable) with no node: import or Node global in any chunk', async () => {
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
    expect([...entry.exports].sort()).toEqual(['MixedLM', 'readTable']);
  });
});
