// Engines suite: sufficient statistics where the data live.
//   npm run bench -- engines                 20,000,000 rows (1,000,000 groups of 20), y ~ x + (x|g), and InstEval
//   npm run bench -- engines --rows 2000000  a smaller grouped file (groups of 20)
//   npm run bench -- engines --reps 3        each measurement 3 times: medians recorded, every run kept
// DuckDB writes the grouped Parquet file (seeded: every random number is a hash of the row number and the seed)
// into a temporary folder; each measurement runs in its own process (bench/engines-one.js) for its peak RSS.
// Prints a table and writes bench/results/engines.json.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { median, printTable, writeResults } from './util.js';

const here = dirname(fileURLToPath(import.meta.url));
const SEED = 20261202;

/** SQL of the grouped data: g = i // 20, x ~ U(0, 10), y = 1 + 0.5x + b0_g + b1_g x + e (b0 ~ N(0,1), b1 ~ N(0,0.25²), e ~ N(0,1)). */
function groupedSql(rows) {
  // u(a, k): uniform in (0, 1) from a hash of (a, k, seed); z(a, k): standard normal by Box–Muller
  const u = (a, k) => `((hash(${a}, ${k}, ${SEED}) % 2147483647)::DOUBLE + 0.5) / 2147483647.0`;
  const z = (a, k) => `(sqrt(-2 * ln(${u(a, k)})) * cos(2 * pi() * ${u(a, k + 1)}))`;
  return `SELECT g, x, 1 + 0.5 * x + ${z('g', 10)} + 0.25 * ${z('g', 20)} * x + ${z('i', 30)} AS y
    FROM (SELECT i, i // 20 AS g, 10 * ${u('i', 1)} AS x FROM range(${rows}) t(i))`;
}

function oneRun(engine, file, formula) {
  const out = execFileSync(process.execPath, ['--max-old-space-size=4096', join(here, 'engines-one.js'), engine, file, formula], { encoding: 'utf8', maxBuffer: 1 << 24, stdio: ['ignore', 'pipe', 'inherit'] });
  return JSON.parse(out.trim().split('\n').pop());
}

/** `reps` fresh processes: the last run's fields, with seconds and peak RSS replaced by their medians (every run kept under `runs`). */
function one(engine, file, formula, reps) {
  const runs = Array.from({ length: reps }, () => oneRun(engine, file, formula));
  const med = (k) => median(runs.map((r) => r[k]));
  const last = runs[runs.length - 1];
  if (reps === 1) return last;
  return {
    ...last,
    aggregate_seconds: med('aggregate_seconds'),
    fit_seconds: med('fit_seconds'),
    total_seconds: med('total_seconds'),
    peak_rss_mb: med('peak_rss_mb'),
    runs: runs.map((r) => ({ aggregate_seconds: r.aggregate_seconds, fit_seconds: r.fit_seconds, peak_rss_mb: r.peak_rss_mb, llf: r.llf })),
  };
}

export async function run() {
  const args = process.argv;
  const k = args.indexOf('--rows');
  const rows = k >= 0 ? Number(args[k + 1]) : 20_000_000;
  const kr = args.indexOf('--reps');
  const reps = kr >= 0 ? Number(args[kr + 1]) : 1;
  const load = loadavg()[0];
  const dist = new URL('../dist/', import.meta.url).href;
  const { DuckDBEngine } = await import(new URL('engines/duckdb.js', dist).href);
  const dir = mkdtempSync(join(tmpdir(), 'mixedlm-bench-engines-'));
  const results = [];
  try {
    const file = join(dir, 'grouped.parquet');
    const t0 = performance.now();
    const engine = await DuckDBEngine.create();
    await engine.run(`COPY (${groupedSql(rows)}) TO '${file}' (FORMAT parquet, ROW_GROUP_SIZE 1000000)`);
    await engine.close();
    const generateSeconds = (performance.now() - t0) / 1000;
    process.stdout.write(`  generated ${rows} rows (${rows / 20} groups of 20) in ${generateSeconds.toFixed(1)} s: ${(statSync(file).size / 2 ** 20).toFixed(0)} MB Parquet\n`);
    const grouped = one('duckdb', file, 'y ~ x + (x | g)', reps);
    results.push({ id: `grouped${rows}`, rows, groups: rows / 20, file_mb: statSync(file).size / 2 ** 20, generate_seconds: generateSeconds, seed: SEED, ...grouped });
    const inst = resolve(here, '..', '..', 'shared', 'data', 'InstEval.csv');
    const instFile = existsSync(inst) ? inst : join(here, '..', 'data', 'InstEval.csv');
    const f = 'y ~ service + (1 | s) + (1 | d) + (1 | dept)';
    results.push({ id: 'insteval-duckdb', ...one('duckdb', instFile, f, reps) });
    results.push({ id: 'insteval-memory', ...one('memory', instFile, f, reps) });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  printTable(
    ['id', 'engine', 'n', 'q', 'ztz_nnz', 'aggregate_seconds', 'fit_seconds', 'peak_rss_mb', 'fit_error'],
    results.map((r) => ({ ...r, aggregate_seconds: r.aggregate_seconds, peak_rss_mb: r.peak_rss_mb })),
  );
  writeResults('engines', {
    note: `${reps === 1 ? 'single runs' : `medians of ${reps} runs (each in a fresh process)`} on a shared 2-core machine (load average ${load.toFixed(1)} at the start: wall times grow with the load); aggregate_seconds is wall time including DuckDB start, level queries and assembly of ZᵀZ in Node; fit_seconds is MixedLM.fromCrossProducts(cp).fit() (REML); peak_rss_mb covers both (target ≤ 1500 for the 20M-row file)`,
    reps,
    loadAverage1m: load,
    results,
  });
  return results;
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) await run();
