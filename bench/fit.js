// Fit suite: every registry model (bench/registry.js) in its own child process
// (`node bench/fit-one.js ID`) so the peak RSS (VmHWM) is per model.
//   npm run bench -- fit            all entries
//   npm run bench -- fit --quick    skip the 3·10⁶-row crossed model
//   npm run bench -- fit --only=sleepstudy,grouped1m   re-run some entries, keep the others' results
//   npm run bench -- fit --only=maximal500x400 --threads=1,2   dense kernels on 1 and on 2 threads, reps alternating
//     (a --threads run writes bench/results/fit-threads.json instead, keeping its earlier entries)
// Prints a table and writes bench/results/fit.json.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { registry } from './registry.js';
import { printTable, writeResults } from './util.js';
import { loadavg } from 'node:os';

const here = dirname(fileURLToPath(import.meta.url));

export async function run() {
  const load0 = loadavg(); // 1, 5, 15-minute load averages (other engineers share the 2 cores)
  const quick = process.argv.includes('--quick');
  const only = process.argv.find((a) => a.startsWith('--only='))?.slice(7).split(',');
  const threads = process.argv.find((a) => a.startsWith('--threads='))?.slice(10);
  const entries = registry.filter((e) => (!quick || e.id !== 'crossed3e6') && (!only || only.includes(e.id)));
  const results = [];
  for (const e of entries) {
    const reps = e.size === 'small' ? ['--reps', '5', '--warmup', '30'] : ['--reps', '5', '--warmup', '1'];
    let res;
    try {
      const out = execFileSync(process.execPath, ['--max-old-space-size=4096', join(here, 'fit-one.js'), e.id, ...reps, ...(threads ? ['--threads', threads] : [])], { encoding: 'utf8', maxBuffer: 1 << 26, stdio: ['ignore', 'pipe', 'inherit'] });
      res = JSON.parse(out.trim().split('\n').pop());
    } catch (err) {
      res = { id: e.id, error: String(err.message ?? err).split('\n')[0] };
    }
    results.push({ ...res, description: e.description, reference: e.reference ?? null });
    const row = toRow(res, e);
    process.stdout.write(`  ${e.id}: ${res.error ? 'FAILED ' + res.error : row.seconds.toFixed(3) + ' s'}\n`);
  }
  // --only=ID,...: keep the other entries of an earlier bench/results/fit.json
  let all = results;
  const file = threads ? 'fit-threads' : 'fit';
  if (only) {
    try {
      const prev = JSON.parse(readFileSync(join(here, 'results', `${file}.json`), 'utf8')).results ?? [];
      all = registry.map((e) => results.find((r) => r.id === e.id) ?? prev.find((r) => r.id === e.id)).filter(Boolean);
    } catch {
      /* no earlier results */
    }
  }
  printTable(
    ['model', 'formula', 'rows', 'levels', 'factorization', 'evaluations', 'seconds', 's by dense threads', 'CPU s / main-thread CPU s', 'construct s', 'peak RSS MB', '1st-fit RSS MB', 'log-likelihood'],
    all.map((r) => toRow(r, registry.find((e) => e.id === r.id))),
  );
  writeResults(file, { quick, ...(threads ? { threads, note: 'machine: 2 cores shared with other engineers; 1- and 2-thread reps alternate', loadAverage: { start: load0, end: loadavg() } } : {}), results: all });
  return all;
}

function toRow(r, e) {
  return {
    model: r.id,
    formula: e.formula,
    rows: r.rows ?? e.rows,
    levels: e.levels,
    factorization: r.factorization ? `${r.factorization.path} (${(r.factorization.predictedFlops / 1e6).toFixed(0)} Mflop)` : r.solver,
    evaluations: r.evaluations,
    seconds: r.seconds ?? NaN,
    's by dense threads': r.secondsByThreads
      ? Object.entries(r.secondsByThreads).map(([t, v]) => `${t}: ${v.toFixed(2)}`).join(', ')
      : '',
    'CPU s / main-thread CPU s': r.cpuSecondsByThreads
      ? Object.keys(r.cpuSecondsByThreads).map((t) => `${t}: ${r.cpuSecondsByThreads[t].toFixed(2)} / ${r.mainThreadCpuSecondsByThreads[t].toFixed(2)}`).join(', ')
      : '',
    'construct s': r.constructSeconds,
    'peak RSS MB': r.peakRssMb !== undefined ? Math.round(r.peakRssMb) : undefined,
    '1st-fit RSS MB': r.peakRssFirstFitMb !== undefined ? Math.round(r.peakRssFirstFitMb) : undefined,
    'log-likelihood': r.llf,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
