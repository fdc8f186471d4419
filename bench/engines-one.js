#!/usr/bin/env node
// One engine measurement in this process (so VmHWM is its peak RSS):
//   node bench/engines-one.js duckdb FILE FORMULA     DuckDB aggregates FILE (CSV/Parquet/glob)
//   node bench/engines-one.js memory FILE FORMULA     readTable + crossProductsInMemory
// then fits from the cross products (MixedLM.fromCrossProducts, REML).
// Prints one JSON line: aggregate and fit seconds, peak RSS (MB) of the whole, n, q, ZᵀZ entries, llf.
import { pathToFileURL } from 'node:url';
import { peakRssMb, useDenseWasm } from './util.js';

const dist = process.env.MIXEDLM_DIST ? pathToFileURL(process.env.MIXEDLM_DIST + '/').href : new URL('../dist/', import.meta.url).href;
await useDenseWasm(dist);
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
// the whole fit from the cross products (REML), as `mixedlm fit FILE --engine duckdb` does
const { MixedLM } = await import(new URL('model/mixedlm.js', dist).href);
const t1 = performance.now();
let fit = { llf: null, converged: null };
let fitError;
try {
  fit = MixedLM.fromCrossProducts(cp).fit();
} catch (e) {
  fitError = String(e?.message ?? e).split('\n')[0]; // recorded, not hidden: the aggregation figures still stand
}
const fitSeconds = (performance.now() - t1) / 1000;
process.stdout.write(
  JSON.stringify({ engine: engineName, file, formula, aggregate_seconds: seconds, fit_seconds: fitSeconds, total_seconds: seconds + fitSeconds, llf: fit.llf, converged: fit.converged, fit_error: fitError, read_seconds: readSeconds || undefined, peak_rss_mb: peakRssMb(), n: cp.n, n_dropped: cp.nDropped, q: cp.ZtZ.ncol, ztz_nnz: cp.ZtZ.nnz, levels: cp.terms.map((t) => t.levels.length) }) + '\n',
);
