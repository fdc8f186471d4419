// Costs of issue 11's reliability features: fitAsync against fit (same iterates,
// replayed in slices), the saved-fit data fingerprint, and how soon an abort lands.
//   npm run bench -- reliability    (median of 3 after a warm-up; writes bench/results/reliability.json)
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median, printTable, useDenseWasm, writeResults } from './util.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const dist = process.env.MIXEDLM_DIST ? new URL(`file://${process.env.MIXEDLM_DIST}/`).href : new URL('../dist/', import.meta.url).href;

async function timed(f, reps = 3) {
  await f();
  const ts = [];
  for (let r = 0; r < reps; r++) {
    const t0 = performance.now();
    await f();
    ts.push((performance.now() - t0) / 1000);
  }
  return median(ts);
}

export async function run() {
  await useDenseWasm(dist);
  const { MixedLM, readTableSync, dataFingerprint } = await import(new URL('index.js', dist).href);
  const inst = readTableSync(join(here, '..', 'data', 'InstEval.csv'));
  const take = (t, n) => t.take(Array.from({ length: n }, (_, i) => i));
  const models = [
    { id: 'sleepstudy (Days|Subject)', model: () => MixedLM.fromFormula('Reaction ~ Days + (Days | Subject)', readTableSync(join(here, '..', 'data', 'sleepstudy.csv'))) },
    { id: 'InstEval 10k crossed', model: () => MixedLM.fromFormula('y ~ service + (1 | s) + (1 | d) + (1 | dept)', take(inst, 10000)) },
    { id: 'InstEval 73k crossed', model: () => MixedLM.fromFormula('y ~ service + (1 | s) + (1 | d) + (1 | dept)', inst) },
  ];
  const rows = [];
  for (const m of models) {
    const model = m.model();
    const fitS = await timed(() => model.fit());
    const asyncS = await timed(() => model.fitAsync());
    const fpS = await timed(() => dataFingerprint(model));
    // abort latency: a timer asks for the abort 1 ms after the start; time from then until the
    // promise rejects (the timer runs at the next yield, so this includes the evaluation in progress);
    // NaN: the fit finished before the timer could run
    const lat = [];
    for (let r = 0; r < 3; r++) {
      const ac = new AbortController();
      const t0 = performance.now();
      setTimeout(() => ac.abort(), 1);
      try {
        await model.fitAsync({ signal: ac.signal });
        lat.push(NaN);
      } catch {
        lat.push((performance.now() - t0 - 1) / 1000);
      }
    }
    rows.push({ model: m.id, 'fit s': fitS, 'fitAsync s': asyncS, 'fitAsync / fit': asyncS / fitS, 'abort latency s': median(lat), 'fingerprint s': fpS });
  }
  printTable(Object.keys(rows[0]), rows);
  writeResults('reliability', { note: 'shared 2-core machine; medians of 3 after a warm-up', results: rows });
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
