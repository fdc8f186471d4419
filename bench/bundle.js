// Browser bundle sizes (issue 14): `import { … } from 'mixedlm'` bundled by esbuild as
// test/browser/bundle.test.ts does (platform browser, ESM, minified; gzip level 6), for the
// README's table, with the budget (MixedLM alone ≤ 100 KB gzipped) and the biggest modules of
// that bundle.
//   npm run bench -- bundle
// Prints the tables and writes bench/results/bundle.json. Sizes, not timings: deterministic for
// one build and one esbuild version.
import { build } from 'esbuild';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { printTable, writeResults } from './util.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const BUDGET_KB = 100;

const CASES = [
  { imports: 'MixedLM', split: false },
  { imports: 'MixedLM, MixedLMResults', split: false },
  { imports: 'MixedLM, loadDenseWasm', split: false },
  { imports: 'MixedLM, readTable', split: true },
  { imports: '*', split: true },
];

const kb = (bytes) => Math.round((bytes / 1024) * 10) / 10;

/** One bundle: the entry's gzipped and minified size, all chunks gzipped, and the entry's inputs by size. */
async function measure({ imports, split }) {
  const contents = imports === '*' ? "export * from 'mixedlm';" : `export { ${imports} } from 'mixedlm';`;
  const outdir = split ? mkdtempSync(join(tmpdir(), 'mixedlm-bundle-')) : undefined;
  try {
    const r = await build({
      stdin: { contents, resolveDir: root, loader: 'js' },
      bundle: true,
      platform: 'browser',
      format: 'esm',
      minify: true,
      write: false,
      metafile: true,
      logLevel: 'silent',
      ...(split ? { splitting: true, outdir } : {}),
    });
    const js = r.outputFiles.filter((f) => !split || f.path.endsWith('.js'));
    const entry = split ? js.find((f) => basename(f.path) === 'stdin.js') : js[0];
    const meta = Object.entries(r.metafile.outputs).find(([k]) => !split || basename(k) === 'stdin.js')[1];
    return {
      imports: imports === '*' ? 'everything (export *)' : imports,
      splitting: split,
      gzipBytes: gzipSync(entry.text).length,
      minifiedBytes: entry.text.length,
      allChunksGzipBytes: js.reduce((a, f) => a + gzipSync(f.text).length, 0),
      modules: Object.entries(meta.inputs)
        .map(([file, v]) => ({ file, bytes: v.bytesInOutput }))
        .sort((a, b) => b.bytes - a.bytes),
    };
  } finally {
    if (outdir) rmSync(outdir, { recursive: true, force: true });
  }
}

export async function run() {
  const results = [];
  for (const c of CASES) results.push(await measure(c));
  printTable(
    ['import', 'splitting', 'gzipped KB', 'minified KB', 'all chunks gzipped KB'],
    results.map((r) => ({ import: r.imports, splitting: r.splitting ? 'on' : 'off', 'gzipped KB': kb(r.gzipBytes).toFixed(1), 'minified KB': kb(r.minifiedBytes).toFixed(1), 'all chunks gzipped KB': kb(r.allChunksGzipBytes).toFixed(1) })),
  );
  const alone = results[0];
  process.stdout.write(`\n  MixedLM alone: ${kb(alone.gzipBytes)} KB gzipped, budget ${BUDGET_KB} KB (${alone.gzipBytes <= BUDGET_KB * 1024 ? 'met' : 'NOT met'}, ${BUDGET_KB * 1024 - alone.gzipBytes} bytes to spare)\n`);
  process.stdout.write('  its biggest modules (minified bytes in the bundle):\n');
  printTable(['module', 'bytes'], alone.modules.slice(0, 12).map((m) => ({ module: m.file, bytes: m.bytes })));
  writeResults('bundle', {
    esbuild: (await import('esbuild')).version,
    budgetKb: BUDGET_KB,
    bundles: results.map(({ modules, ...r }) => ({ ...r, biggestModules: modules.slice(0, 12) })),
  });
}
