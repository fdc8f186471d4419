// Seeded CSV files for the read suite (bench/read.js), written like R's write.csv:
// numbers unquoted with at most 15 significant digits, the grouping factor quoted.
import { closeSync, existsSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mulberry32, normalGenerator, simulateGrouped } from './simulate.js';

const dir = join(tmpdir(), 'mixedlm-bench-read');

/** Writes rows in 1 MB blocks; `row(i)` returns one line without the newline. */
function writeCsv(path, header, n, row) {
  mkdirSync(dir, { recursive: true });
  const fd = openSync(path + '.tmp', 'w');
  writeSync(fd, header + '\n');
  let block = [];
  let size = 0;
  for (let i = 0; i < n; i++) {
    const line = row(i);
    block.push(line);
    size += line.length + 1;
    if (size > 1 << 20) {
      writeSync(fd, block.join('\n') + '\n');
      block = [];
      size = 0;
    }
  }
  if (block.length) writeSync(fd, block.join('\n') + '\n');
  closeSync(fd);
  // atomic: a half-written file is never taken for a finished one
  return import('node:fs').then(({ renameSync }) => renameSync(path + '.tmp', path));
}

const r15 = (v) => String(Number(v.toPrecision(15)));

/** 1,000,000 rows `y, x, g`: 100,000 groups of 10 (bench/simulate.js simulateGrouped, seed 13). */
export async function bigCsv() {
  const path = join(dir, 'grouped-1e6.csv');
  if (existsSync(path)) return path;
  const { y, x, g } = simulateGrouped({ nGroups: 100_000, perGroup: 10, seed: 13 });
  await writeCsv(path, '"y","x","g"', y.length, (i) => `${r15(y[i])},${x[i]},"${g[i] + 1}"`);
  return path;
}

/** 400,000 rows `y, x, g` with 200,000 levels of g (2 rows each, rows shuffled), seed 17. */
export async function manyLevelsCsv() {
  const path = join(dir, 'levels-2e5.csv');
  if (existsSync(path)) return path;
  const n = 400_000;
  const nLevels = 200_000;
  const rng = mulberry32(17);
  const z = normalGenerator(rng);
  const eff = Float64Array.from({ length: nLevels }, () => 0.7 * z());
  const g = Int32Array.from({ length: n }, (_, i) => i % nLevels);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    const t = g[i];
    g[i] = g[j];
    g[j] = t;
  }
  const x = Float64Array.from({ length: n }, () => z());
  const y = Float64Array.from({ length: n }, (_, i) => 2 + 0.5 * x[i] + eff[g[i]] + z());
  await writeCsv(path, '"y","x","g"', n, (i) => `${r15(y[i])},${r15(x[i])},"L${g[i]}"`);
  return path;
}
