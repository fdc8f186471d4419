#!/usr/bin/env node
// Benchmark driver: `npm run bench -- [suite ...]` (default: every suite).
// Each suite is bench/<name>.js exporting `run(): Promise<object>`; it prints its own
// table and writes bench/results/<name>.json. Timings live here, never in unit tests.
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';

const here = dirname(fileURLToPath(import.meta.url));
// the suites, in the order a full run takes them (other files here are helpers: util, simulate, registry, fit-one, engines-one)
const known = ['sparse', 'dense', 'insteval', 'nested', 'fit', 'intervals', 'ddf', 'reliability', 'read', 'engines', 'bundle'];
// suite names come first; everything from the first option on is the suites' own (`insteval --reps 3`)
const args = process.argv.slice(2);
const firstOption = args.findIndex((a) => a.startsWith('-'));
const asked = firstOption < 0 ? args : args.slice(0, firstOption);
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
