#!/usr/bin/env node
// Benchmark driver: `npm run bench -- [suite ...]` (default: every suite).
// Each suite is bench/<name>.js exporting `run(): Promise<object>`; it prints its own
// table and writes bench/results/<name>.json. Timings live here, never in unit tests.
import { readdirSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';

const here = dirname(fileURLToPath(import.meta.url));
const known = readdirSync(here)
  .filter((f) => f.endsWith('.js') && !['run.js', 'util.js', 'simulate.js'].includes(f))
  .map((f) => f.slice(0, -3))
  .sort();
const asked = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const suites = asked.length > 0 ? asked : known;
for (const name of suites) {
  if (!known.includes(name)) {
    process.stderr.write(`unknown benchmark suite '${name}'; known: ${known.join(', ')}\n`);
    process.exit(2);
  }
}
for (const name of suites) {
  const mod = await import(pathToFileURL(join(here, `${name}.js`)).href);
  process.stdout.write(`\n## ${name}\n`);
  await mod.run();
}
