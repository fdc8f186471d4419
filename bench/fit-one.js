#!/usr/bin/env node
// One registry model in this process: `node bench/fit-one.js ID [--reps N] [--warmup N]`.
// Loads the data (untimed), then times construction + fit (warm-up runs first, median of reps)
// and prints one JSON line; VmHWM of this process is the model's peak RSS.
import { pathToFileURL } from 'node:url';
import { entry } from './registry.js';
import { median, peakRssMb } from './util.js';

// MIXEDLM_DIST: another build directory (default ../dist)
const dist = process.env.MIXEDLM_DIST ? pathToFileURL(process.env.MIXEDLM_DIST + '/').href : new URL('../dist/', import.meta.url).href;
const { CsrMatrix } = await import(new URL('sparse/csr.js', dist).href);
const { MixedLM, VCSpec } = await import(new URL('model/index.js', dist).href);

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
  const t0 = performance.now();
  const m = new MixedLM(d.endog, d.exog, d.groups, d.options);
  const t1 = performance.now();
  const r = m.fit({ ...e.fit, onProgress: (p) => (evaluations = p.evaluations) });
  const t2 = performance.now();
  return { ctor: (t1 - t0) / 1000, fit: (t2 - t1) / 1000, total: (t2 - t0) / 1000, evaluations, r, m };
}

// a warm-up run that takes over `--slow` seconds (default 10) is itself the one measurement
const slow = opt('--slow', 10);
const runs = [];
let last;
let nWarm = 0;
let nReps = reps;
let rssFirst = NaN;
for (let i = 0; i < warmup; i++) {
  last = once();
  if (i === 0) rssFirst = peakRssMb();
  nWarm++;
  if (last.total > slow) {
    runs.push(last);
    nWarm--;
    nReps = 0;
    break;
  }
}
for (let i = 0; i < nReps; i++) {
  last = once();
  runs.push(last);
}
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
};
process.stdout.write(JSON.stringify(out) + '\n');
