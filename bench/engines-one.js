#!/usr/bin/env node
// One engine measurement in this process (so VmHWM is its peak RSS):
//   node bench/engines-one.js duckdb FILE FORMULA     DuckDB aggregates FILE (CSV/Parquet/glob)
//   node bench/engines-one.js memory FILE FORMULA     readTable + crossProductsInMemory
// Prints one JSON line: aggregate seconds, peak RSS (MB), n, q, ZᵀZ entries.
import { pathToFileURL } from 'node:url';
import { peakRssMb } from './util.js';

const dist = process.env.MIXEDLM_DIST ? pathToFileURL(process.env.MIXEDLM_DIST + '/').href : new URL('../dist/', import.meta.url).href;
const [engineName, file, formula] = process.argv.slice(2);
const t0 = performance.now();
let cp;
let readSeconds = 0;
if (engineName === 'duckdb') {
  const { DuckDBEngine } = await import(new URL('engines/duckdb.js', dist).href);
  const { crossProductsFromSql } = await import(new URL('engines/from-sql.js', dist).href);
  const engine = await DuckDBEngine.create();
  cp = await crossProductsFromSql(engine, file, formula);
  await engine.close();
} else if (engineName === 'memory') {
  const { readTable } = await import(new URL('data/read.js', dist).href);
  const { crossProductsInMemory } = await import(new URL('engines/memory.js', dist).href);
  const table = await readTable(file);
  readSeconds = (performance.now() - t0) / 1000;
  cp = crossProductsInMemory(formula, table);
} else {
  process.stderr.write(`unknown engine '${engineName}'\n`);
  process.exit(2);
}
const seconds = (performance.now() - t0) / 1000;
process.stdout.write(
  JSON.stringify({ engine: engineName, file, formula, aggregate_seconds: seconds, read_seconds: readSeconds || undefined, peak_rss_mb: peakRssMb(), n: cp.n, n_dropped: cp.nDropped, q: cp.ZtZ.ncol, ztz_nnz: cp.ZtZ.nnz, levels: cp.terms.map((t) => t.levels.length) }) + '\n',
);
