// Cost of the intervals beyond statsmodels: profile-likelihood intervals (every
// parameter) and the seeded parametric bootstrap, on sleepstudy and Penicillin.
//   npm run bench -- intervals    (median of 3 after a warm-up; writes bench/results/intervals.json)
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median, printTable, useDenseWasm, writeResults } from './util.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const dist = process.env.MIXEDLM_DIST ? new URL(`file://${process.env.MIXEDLM_DIST}/`).href : new URL('../dist/', import.meta.url).href;

export async function run() {
  await useDenseWasm(dist);
  const { MixedLM, readTableSync } = await import(new URL('index.js', dist).href);
  const models = [
    { id: 'sleepstudy', file: 'sleepstudy.csv', formula: 'Reaction ~ Days + (Days | Subject)' },
    { id: 'penicillin', file: 'Penicillin.csv', formula: 'diameter ~ 1 + (1 | plate) + (1 | sample)' },
  ];
  const rows = [];
  for (const m of models) {
    const fit = MixedLM.fromFormula(m.formula, readTableSync(join(here, '..', 'data', m.file))).fit();
    const time = (f) => {
      f();
      const ts = [];
      for (let r = 0; r < 3; r++) {
        const t0 = performance.now();
        f();
        ts.push((performance.now() - t0) / 1000);
      }
      return median(ts);
    };
    const boot = fit.bootstrap(50, { seed: 1 });
    rows.push({ model: m.id, 'profile s': time(() => fit.confInt({ method: 'profile' })), 'bootstrap s/replicate': boot.secondsPerReplicate, 'replicates not converged': boot.nNotConverged });
  }
  printTable(Object.keys(rows[0]), rows);
  writeResults('intervals', { results: rows });
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
