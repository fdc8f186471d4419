// npm run build:web: bundle the page and its worker with esbuild into web/dist (static files; serve the folder).
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, 'dist');
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const result = await build({
  entryPoints: { main: join(here, 'src/main.ts'), worker: join(here, 'src/worker.ts') },
  outdir: out,
  bundle: true,
  format: 'esm',
  splitting: true, // the Arrow and Parquet readers load as chunks when a file needs them
  chunkNames: 'chunks/[name]-[hash]',
  platform: 'browser',
  target: ['es2022'],
  minify: true,
  sourcemap: true,
  metafile: true,
  logLevel: 'warning',
});
for (const f of ['index.html', 'style.css']) copyFileSync(join(here, f), join(out, f));
// the page must not carry Node code: fail the build on any node: import left in the bundle
const inputs = Object.keys(result.metafile.inputs);
const nodeInputs = inputs.filter((p) => p.startsWith('node:'));
if (nodeInputs.length > 0) throw new Error(`web bundle imports Node modules: ${nodeInputs.join(', ')}`);
for (const [file, o] of Object.entries(result.metafile.outputs)) if (!file.endsWith('.map') && !file.includes('/chunks/')) console.log(`${file}  ${(o.bytes / 1024).toFixed(1)} KiB`);
