// InstEval benchmark: y ~ service + (1|s) + (1|d) + (1|dept), REML, single group with
// three crossed variance components (the sparse inner engine). Entries: the first 10,000
// and 20,000 rows (lme4 1.1 s / 5.2 s, statsmodels 117 s / 596 s here) and the full 73,421 rows. The table is read once (readTableSync, untimed); each fit
// is MixedLM.fromFormula + fit, timed in-process (one warm-up, median of 5), with the
// number of inner factorizations, objective evaluations (moment/surrogate start + BFGS),
// and the time in the factorizations and in the final Hessian.
//   npm run bench -- insteval          (build first: npx tsc -p tsconfig.build.json)
//   node bench/insteval.js [--only=full|20k|10k] [--reps N] [--threads=1,2]
// --threads=1,2: the dense kernels' thread counts to compare (one row each, the reps alternating
// between them so both see the same machine load; same bits either way); such a run writes
// bench/results/insteval-threads.json instead. Without it: the default setting, insteval.json.
// MIXEDLM_DIST: another build directory (default ../dist). Writes bench/results/insteval.json.
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';
import { cpuSeconds, median, peakRssMb, printTable, writeResults } from './util.js';
import { loadavg } from 'node:os';

const here = dirname(fileURLToPath(import.meta.url));
const dist = process.env.MIXEDLM_DIST ? pathToFileURL(process.env.MIXEDLM_DIST + '/').href : new URL('../dist/', import.meta.url).href;

/** lme4 REML log-likelihoods (full: lme4 1.1 on InstEval, −118,866.9; 10k: ../shared/reference/lme4.json; no reference for 20k). */
const LME4 = { full: -118866.9, '10k': -16523.6515315684 };
const FORMULA = 'y ~ service + (1|s) + (1|d) + (1|dept)';

export async function run() {
  const load0 = loadavg(); // 1, 5, 15-minute load averages (other engineers share the 2 cores)
  const { MixedLM } = await import(new URL('model/index.js', dist).href);
  const { readTableSync } = await import(new URL('data/read.js', dist).href);
  const { setDenseThreads, getDenseThreads } = await import(new URL('sparse/dense/index.js', dist).href);
  const { useNodeDenseThreads } = await import(new URL('node-threads.js', dist).href);
  useNodeDenseThreads();
  const args = process.argv.slice(2);
  const threadsOpt = args.find((a) => a.startsWith('--threads='))?.slice(10);
  const threadsList = (threadsOpt ?? '0').split(',').map(Number);
  const only = args.find((a) => a.startsWith('--only='))?.slice(7);
  const ri = args.indexOf('--reps');
  const reps = ri >= 0 ? Number(args[ri + 1]) : 5;
  const entries = [
    { id: '10k', rows: 10000 },
    { id: '20k', rows: 20000 },
    { id: 'full', rows: Infinity },
  ].filter((e) => !only || e.id === only);
  const tRead = performance.now();
  const table = readTableSync(join(here, '..', 'data', 'InstEval.csv'));
  const readSeconds = (performance.now() - tRead) / 1000;
  const results = [];
  for (const e of entries) {
    const tab = e.rows < table.nrow ? table.take(Int32Array.from({ length: e.rows }, (_, i) => i)) : table;
    const once = () => {
      const c0 = cpuSeconds();
      const t0 = performance.now();
      const m = MixedLM.fromFormula(FORMULA, tab);
      const inner = m.likelihood.inner;
      const f0 = inner.factor.bind(inner);
      let factorizations = 0;
      let factorSeconds = 0;
      inner.factor = (...a) => {
        const t = performance.now();
        factorizations++;
        const v = f0(...a);
        factorSeconds += (performance.now() - t) / 1000;
        return v;
      };
      const h0 = m.hessian.bind(m);
      let hessianSeconds = 0;
      m.hessian = (...a) => {
        const t = performance.now();
        const v = h0(...a);
        hessianSeconds += (performance.now() - t) / 1000;
        return v;
      };
      const t1 = performance.now();
      const r = m.fit({ reml: true, fullOutput: true });
      const t2 = performance.now();
      const c1 = cpuSeconds();
      const fev = (r.hist ?? []).reduce((s, h) => s + (h.fev ?? 0), 0);
      return { seconds: (t2 - t0) / 1000, cpuSeconds: c1.process - c0.process, mainThreadCpuSeconds: c1.thread - c0.thread, constructSeconds: (t1 - t0) / 1000, fitSeconds: (t2 - t1) / 1000, factorSeconds, hessianSeconds, factorizations, fev, r, solver: m.solverKind, levels: r.model?.formula?.random?.map((x) => x.nLevels) };
    };
    for (const threads of threadsList) {
      setDenseThreads(threads);
      once(); // warm-up
    }
    const runsBy = threadsList.map(() => []);
    for (let k = 0; k < reps; k++) {
      threadsList.forEach((threads, ti) => {
        setDenseThreads(threads);
        const runs = runsBy[ti];
        // keep only the last run's results (each holds its model and dense buffers)
        if (runs.length > 0) runs[runs.length - 1].r = null;
        runs.push(once());
      });
    }
    setDenseThreads(0);
    for (const [ti, threads] of threadsList.entries()) {
      const runs = runsBy[ti];
      const last = runs[runs.length - 1];
      const r = last.r;
      const res = {
        id: e.id,
        threads: threads || getDenseThreads(),
        rows: tab.nrow,
        levels: Object.fromEntries(last.r.model.formula.random.map((x) => [x.grp, x.nLevels])),
        solver: last.solver,
        evaluations: last.fev,
        factorizations: last.factorizations,
        seconds: median(runs.map((x) => x.seconds)),
        times: runs.map((x) => x.seconds),
        cpuSeconds: median(runs.map((x) => x.cpuSeconds)),
        mainThreadCpuSeconds: median(runs.map((x) => x.mainThreadCpuSeconds)),
        constructSeconds: median(runs.map((x) => x.constructSeconds)),
        fitSeconds: median(runs.map((x) => x.fitSeconds)),
        factorSeconds: median(runs.map((x) => x.factorSeconds)),
        hessianSeconds: median(runs.map((x) => x.hessianSeconds)),
        readSeconds,
        peakRssMb: peakRssMb(),
        llf: r.llf,
        lme4Llf: LME4[e.id] ?? null,
        llfDiff: LME4[e.id] === undefined ? null : r.llf - LME4[e.id],
        vcomp: Object.fromEntries(r.model.exogVc.names.map((k, i) => [k, r.vcomp[i]])),
        scale: r.scale,
        feParams: r.feParams,
        bse: r.bse,
        converged: r.converged,
      };
      results.push(res);
      process.stdout.write(`  insteval ${e.id}, ${threads} thread(s): ${res.seconds.toFixed(3)} s (${res.times.map((t) => t.toFixed(2)).join(', ')})\n`);
    }
  }
  printTable(
    ['model', 'threads', 'rows', 'levels', 'evaluations', 'factorizations', 'seconds', 'CPU s', 'main-thread CPU s', 'construct s', 'factor s', 'hessian s', 'peak RSS MB', 'llf', 'lme4 llf', 'vcomp d/dept/s', 'scale'],
    results.map((x) => ({
      model: `insteval ${x.id}`,
      threads: x.threads,
      rows: x.rows,
      levels: `${x.levels.s}+${x.levels.d}+${x.levels.dept}`,
      'CPU s': x.cpuSeconds,
      'main-thread CPU s': x.mainThreadCpuSeconds,
      'construct s': x.constructSeconds,
      'factor s': x.factorSeconds,
      'hessian s': x.hessianSeconds,
      evaluations: x.evaluations,
      factorizations: x.factorizations,
      seconds: x.seconds,
      'peak RSS MB': Math.round(x.peakRssMb),
      llf: x.llf.toFixed(3),
      'lme4 llf': x.lme4Llf === null ? '' : String(x.lme4Llf),
      'vcomp d/dept/s': [x.vcomp.d, x.vcomp.dept, x.vcomp.s].map((v) => v.toPrecision(5)).join(' / '),
      scale: x.scale.toPrecision(6),
    })),
  );
  writeResults(threadsOpt ? 'insteval-threads' : 'insteval', { reps, warmup: 1, note: 'machine: 2 cores shared with other engineers; 1- and 2-thread reps alternate', loadAverage: { start: load0, end: loadavg() }, results });
  return results;
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
