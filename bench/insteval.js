// InstEval benchmark: y ~ service + (1|s) + (1|d) + (1|dept), REML, single group with
// three crossed variance components (the sparse inner engine). Entries: the first 10,000
// rows and the full 73,421 rows. Each fit is timed in-process (one warm-up, median of 5;
// construction + fit), with the number of inner factorizations and BFGS evaluations.
//   npm run bench -- insteval          (build first: npx tsc -p tsconfig.build.json)
//   node bench/insteval.js [--only=full|10k] [--reps N]
// MIXEDLM_DIST: another build directory (default ../dist). Writes bench/results/insteval.json.
import { readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';
import { median, peakRssMb, printTable, writeResults } from './util.js';

const here = dirname(fileURLToPath(import.meta.url));
const dist = process.env.MIXEDLM_DIST ? pathToFileURL(process.env.MIXEDLM_DIST + '/').href : new URL('../dist/', import.meta.url).href;

/** lme4 REML log-likelihoods (full: lme4 1.1 on InstEval, −118,866.9; 10k: /work/shared/reference/lme4.json). */
const LME4 = { full: -118866.9, '10k': -16523.6515315684 };

function readInstEval(maxRows) {
  const lines = readFileSync(join(here, '..', 'data', 'InstEval.csv'), 'utf8').split(/\r?\n/).filter((l) => l.length > 0);
  const head = lines[0].split(',').map((s) => s.replace(/"/g, ''));
  const cols = Object.fromEntries(head.map((h) => [h, []]));
  for (let i = 1; i < lines.length && i <= maxRows; i++) {
    const f = lines[i].split(',');
    head.forEach((h, j) => cols[h].push(f[j].replace(/"/g, '')));
  }
  return cols;
}

function indicator(CsrMatrix, col) {
  const levels = [...new Set(col)].sort((a, b) => Number(a) - Number(b));
  const ix = new Map(levels.map((l, i) => [l, i]));
  const n = col.length;
  const rp = Int32Array.from({ length: n + 1 }, (_, i) => i);
  const ci = Int32Array.from(col, (v) => ix.get(v));
  return { m: new CsrMatrix(n, levels.length, rp, ci, new Float64Array(n).fill(1)), levels: levels.length };
}

export async function run() {
  const { CsrMatrix } = await import(new URL('sparse/csr.js', dist).href);
  const { MixedLM, VCSpec } = await import(new URL('model/index.js', dist).href);
  const args = process.argv.slice(2);
  const only = args.find((a) => a.startsWith('--only='))?.slice(7);
  const ri = args.indexOf('--reps');
  const reps = ri >= 0 ? Number(args[ri + 1]) : 5;
  const entries = [
    { id: '10k', rows: 10000 },
    { id: 'full', rows: Infinity },
  ].filter((e) => !only || e.id === only);
  const results = [];
  for (const e of entries) {
    const d = readInstEval(e.rows);
    const y = d.y.map(Number);
    const X = d.service.map((s) => [1, Number(s)]);
    const zs = ['d', 'dept', 's'].map((k) => indicator(CsrMatrix, d[k]));
    const vc = new VCSpec(['d', 'dept', 's'], [[[]], [[]], [[]]], zs.map((z) => [z.m]));
    const groups = y.map(() => 1);
    const once = () => {
      const t0 = performance.now();
      const m = new MixedLM(y, X, groups, { exogVc: vc, exogNames: ['(Intercept)', 'service1'], endogName: 'y' });
      const inner = m.likelihood.inner;
      const f0 = inner.factor.bind(inner);
      let factorizations = 0;
      inner.factor = (...a) => (factorizations++, f0(...a));
      const t1 = performance.now();
      const r = m.fit({ reml: true, fullOutput: true });
      const t2 = performance.now();
      const fev = (r.hist ?? []).reduce((s, h) => s + (h.fev ?? 0), 0);
      return { seconds: (t2 - t0) / 1000, constructSeconds: (t1 - t0) / 1000, fitSeconds: (t2 - t1) / 1000, factorizations, fev, r, solver: m.solverKind };
    };
    once(); // warm-up
    const runs = [];
    for (let k = 0; k < reps; k++) runs.push(once());
    const last = runs[runs.length - 1];
    const r = last.r;
    const res = {
      id: e.id,
      rows: y.length,
      levels: { s: zs[2].levels, d: zs[0].levels, dept: zs[1].levels },
      solver: last.solver,
      evaluations: last.fev,
      factorizations: last.factorizations,
      seconds: median(runs.map((x) => x.seconds)),
      times: runs.map((x) => x.seconds),
      constructSeconds: median(runs.map((x) => x.constructSeconds)),
      peakRssMb: peakRssMb(),
      llf: r.llf,
      lme4Llf: LME4[e.id],
      llfDiff: r.llf - LME4[e.id],
      vcomp: { d: r.vcomp[0], dept: r.vcomp[1], s: r.vcomp[2] },
      scale: r.scale,
      feParams: r.feParams,
      bse: r.bse,
      converged: r.converged,
    };
    results.push(res);
    process.stdout.write(`  insteval ${e.id}: ${res.seconds.toFixed(3)} s (${res.times.map((t) => t.toFixed(2)).join(', ')})\n`);
  }
  printTable(
    ['model', 'rows', 'levels', 'evaluations', 'factorizations', 'seconds', 'peak RSS MB', 'llf', 'lme4 llf', 'vcomp d/dept/s', 'scale'],
    results.map((x) => ({
      model: `insteval ${x.id}`,
      rows: x.rows,
      levels: `${x.levels.s}+${x.levels.d}+${x.levels.dept}`,
      evaluations: x.evaluations,
      factorizations: x.factorizations,
      seconds: x.seconds,
      'peak RSS MB': Math.round(x.peakRssMb),
      llf: x.llf.toFixed(3),
      'lme4 llf': String(x.lme4Llf),
      'vcomp d/dept/s': [x.vcomp.d, x.vcomp.dept, x.vcomp.s].map((v) => v.toPrecision(5)).join(' / '),
      scale: x.scale.toPrecision(6),
    })),
  );
  writeResults('insteval', { reps, warmup: 1, results });
  return results;
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
