#!/usr/bin/env node
// One registry model in this process: `node bench/fit-one.js ID [--reps N] [--warmup N] [--threads 1,2]`.
// Loads the data (untimed), then times construction + fit (warm-up runs first, median of reps)
// and prints one JSON line; VmHWM of this process is the model's peak RSS.
// --threads: dense-kernel thread counts to compare; the reps alternate between them (same machine
// load for each) and `secondsByThreads` holds each one's median; `seconds` is the last count's.
import { pathToFileURL } from 'node:url';
import { entry } from './registry.js';
import { cpuSeconds, median, peakRssMb } from './util.js';

// MIXEDLM_DIST: another build directory (default ../dist)
const dist = process.env.MIXEDLM_DIST ? pathToFileURL(process.env.MIXEDLM_DIST + '/').href : new URL('../dist/', import.meta.url).href;
const { CsrMatrix } = await import(new URL('sparse/csr.js', dist).href);
const { MixedLM, VCSpec } = await import(new URL('model/index.js', dist).href);
const { setDenseThreads } = await import(new URL('sparse/dense/index.js', dist).href);
const { useNodeDenseThreads } = await import(new URL('node-threads.js', dist).href);
useNodeDenseThreads();

const args = process.argv.slice(2);
// --path=dense-schur|sparse-schur|supernodal: force the single-block factorization (internal switch, for comparisons)
const forcePath = args.find((a) => a.startsWith('--path='))?.slice(7);
if (forcePath) (await import(new URL('model/inner/factorization-choice.js', dist).href)).forceFactorizationPath(forcePath);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};
const id = args.find((a, i) => !a.startsWith('-') && !(i > 0 && args[i - 1].startsWith('--') && !args[i - 1].includes('=')));
const e = entry(id);
const reps = opt('--reps', 5);
const warmup = opt('--warmup', 1);
const tLoad = performance.now();
const d = e.load({ VCSpec, CsrMatrix });
const loadSeconds = (performance.now() - tLoad) / 1000;
const rssData = peakRssMb();

function once() {
  let evaluations = 0;
  const c0 = cpuSeconds();
  const t0 = performance.now();
  const m = new MixedLM(d.endog, d.exog, d.groups, d.options);
  const t1 = performance.now();
  const r = m.fit({ ...e.fit, onProgress: (p) => (evaluations = p.evaluations) });
  const t2 = performance.now();
  const c1 = cpuSeconds();
  return { ctor: (t1 - t0) / 1000, fit: (t2 - t1) / 1000, total: (t2 - t0) / 1000, cpu: c1.process - c0.process, mainCpu: c1.thread - c0.thread, evaluations, r, m };
}

const ti = args.indexOf('--threads');
const threadsList = ti >= 0 ? args[ti + 1].split(',').map(Number) : [0];
// a warm-up run that takes over `--slow` seconds (default 10) is itself one measurement (and then
// at most 2 more follow per thread count)
const slow = opt('--slow', 10);
const runsBy = threadsList.map(() => []);
let last;
let nWarm = 0;
let nReps = reps;
let rssFirst = NaN;
for (const [k, threads] of threadsList.entries()) {
  setDenseThreads(threads);
  for (let i = 0; i < warmup; i++) {
    last = once();
    if (Number.isNaN(rssFirst)) rssFirst = peakRssMb();
    nWarm++;
    if (last.total > slow) {
      runsBy[k].push(last);
      nWarm--;
      nReps = threadsList.length > 1 ? Math.min(reps, 2) : 0;
      break;
    }
  }
}
for (let i = 0; i < nReps; i++) {
  for (const [k, threads] of threadsList.entries()) {
    setDenseThreads(threads);
    if (last) last.r = last.m = null;
    last = once();
    runsBy[k].push(last);
  }
}
setDenseThreads(0);
const runs = runsBy[runsBy.length - 1];
last = runs[runs.length - 1];
const r = last.r;
const out = {
  id: e.id,
  formula: e.formula,
  rows: last.m.nobs,
  levels: e.levels,
  solver: last.m.solverKind,
  factorization: last.m.factorization,
  evaluations: last.evaluations,
  seconds: median(runs.map((x) => x.total)),
  constructSeconds: median(runs.map((x) => x.ctor)),
  fitSeconds: median(runs.map((x) => x.fit)),
  times: runs.map((x) => x.total),
  loadSeconds,
  peakRssMb: peakRssMb(),
  // VmHWM after the first fit (one model alive; later runs add garbage until the GC runs)
  peakRssFirstFitMb: Number.isNaN(rssFirst) ? peakRssMb() : rssFirst,
  dataRssMb: rssData,
  llf: r.llf,
  converged: r.converged,
  feParams: r.feParams,
  covRe: r.covRe,
  vcomp: r.vcomp,
  scale: r.scale,
  date: new Date().toISOString(),
  reps: runs.length,
  warmup: nWarm,
  ...(threadsList.length > 1 || threadsList[0] !== 0
    ? {
        secondsByThreads: Object.fromEntries(threadsList.map((t, k) => [t, median(runsBy[k].map((x) => x.total))])),
        timesByThreads: Object.fromEntries(threadsList.map((t, k) => [t, runsBy[k].map((x) => x.total)])),
        // CPU seconds of the process and of the main thread (Linux): the work done, and the main thread's share
        cpuSecondsByThreads: Object.fromEntries(threadsList.map((t, k) => [t, median(runsBy[k].map((x) => x.cpu))])),
        mainThreadCpuSecondsByThreads: Object.fromEntries(threadsList.map((t, k) => [t, median(runsBy[k].map((x) => x.mainCpu))])),
      }
    : {}),
};
process.stdout.write(JSON.stringify(out) + '\n');
