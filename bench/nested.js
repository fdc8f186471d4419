// Partially nested study (issue 10): students × teachers within schools, 24,578 rows,
// `y ~ x + (1|id) + (1|tch) + (1|sch)`, our fit against lme4's in the same run.
//   npm run bench -- nested            (ours: median of 5 fits after a warm-up, each path; lme4: median of 3)
//   npm run bench -- nested --no-r     (skip lme4)
// Our fits run in child processes (bench/fit-one.js nested [--path=…]): the chosen path and,
// for comparison, every path forced. lme4 runs bench/nested-lme4.R on the same simulated data.
// Prints a table and writes bench/results/nested.json (with lme4's timings).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { simulateNested } from './simulate-nested.js';
import { printTable, writeResults } from './util.js';

const here = dirname(fileURLToPath(import.meta.url));

function ours(path) {
  const args = [join(here, 'fit-one.js'), 'nested', '--reps', '5', '--warmup', '1', ...(path ? [`--path=${path}`] : [])];
  const out = execFileSync(process.execPath, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  return JSON.parse(out.trim().split('\n').pop());
}

function lme4() {
  const dir = mkdtempSync(join(tmpdir(), 'mixedlm-nested-'));
  try {
    const d = simulateNested({ seed: 1 });
    const lines = ['y,x,id,tch,sch'];
    for (let i = 0; i < d.y.length; i++) lines.push(`${d.y[i]},${d.x[i]},${d.id[i]},${d.tch[i]},${d.sch[i]}`);
    const file = join(dir, 'nested.csv');
    writeFileSync(file, lines.join('\n') + '\n');
    const out = execFileSync('Rscript', [join(here, 'nested-lme4.R'), file, '3'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    return JSON.parse(out.trim().split('\n').pop());
  } catch (e) {
    return { error: String(e.message ?? e).split('\n')[0] };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function run() {
  const skipR = process.argv.includes('--no-r');
  const auto = ours(null);
  const forced = ['dense-schur', 'sparse-schur', 'supernodal'].map((p) => ours(p));
  const r = skipR ? null : lme4();
  const rows = [auto, ...forced].map((x, k) => ({
    fit: k === 0 ? 'mixedlm (chosen path)' : `mixedlm, forced ${x.factorization.path}`,
    path: x.factorization.path,
    'predicted Mflop': x.factorization.predictedFlops / 1e6,
    'fill nnz': x.factorization.fillNnz,
    evaluations: x.evaluations,
    'median s': x.seconds,
    'construct s': x.constructSeconds,
    'peak RSS MB': Math.round(x.peakRssMb),
    'log-likelihood': x.llf,
    'vs lme4': r && !r.error ? x.seconds / r.median : undefined,
  }));
  if (r && !r.error) rows.push({ fit: `lme4 ${r.lme4} (${r.blas.split('/').pop()})`, 'median s': r.median, 'log-likelihood': r.llf, 'vs lme4': 1 });
  printTable(['fit', 'path', 'predicted Mflop', 'fill nnz', 'evaluations', 'median s', 'construct s', 'peak RSS MB', 'log-likelihood', 'vs lme4'], rows);
  if (r?.error) process.stdout.write(`  lme4 not run: ${r.error}\n`);
  const result = { note: 'shared 2-core machine: medians; lme4 and mixedlm timed in the same run', mixedlm: auto, forced, lme4: r, ratio: r && !r.error ? auto.seconds / r.median : null, target: '≤ 0.5× lme4' };
  writeResults('nested', result);
  return result;
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
