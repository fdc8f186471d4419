// Cost of fixed-effect inference after a fit (issue 12): Satterthwaite df for every fixed
// effect of the full InstEval model (target ≤ 1 s) and Kenward–Roger on a 2,400-row
// crossed design (target ≤ 2 s). Each timing runs the pipeline from the fitted parameters
// (score sums → covariance of the variance parameters → df) reusing the Hessian sums the fit
// left in the likelihood; the cost of recomputing them is reported beside it.
//   npm run bench -- ddf    (median of 3 after a warm-up; writes bench/results/ddf.json)
// The 2,400-row design is test/reference/ddf/maximal_60x40.csv (60 subjects × 40 items),
// fitted with the maximal `(1 + cond | subj) + (1 + cond | item)` and with random intercepts.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median, printTable, useDenseWasm, writeResults } from './util.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const dist = process.env.MIXEDLM_DIST ? new URL(`file://${process.env.MIXEDLM_DIST}/`).href : new URL('../dist/', import.meta.url).href;

export async function run() {
  await useDenseWasm(dist);
  const { MixedLM, readTableSync } = await import(new URL('index.js', dist).href);
  const { covarianceDerivatives } = await import(new URL('model/inference/parts.js', dist).href);
  const { varParCovariance, satterthwaiteDf } = await import(new URL('model/inference/satterthwaite.js', dist).href);
  const { kenwardRogerAdjust, kenwardRogerDf } = await import(new URL('model/inference/kenward-roger.js', dist).href);
  const unit = (p, j) => Array.from({ length: p }, (_, k) => (k === j ? 1 : 0));
  const satt = (r) => {
    const d = covarianceDerivatives(r);
    const A = varParCovariance(d);
    return Array.from({ length: d.p }, (_, j) => satterthwaiteDf(d, A, unit(d.p, j)));
  };
  const kr = (r) => {
    const d = covarianceDerivatives(r);
    const adj = kenwardRogerAdjust(d);
    return Array.from({ length: d.p }, (_, j) => kenwardRogerDf(adj, [unit(d.p, j)]).denDf);
  };
  const time = (f) => {
    f();
    const ts = [];
    for (let k = 0; k < 3; k++) {
      const t0 = performance.now();
      f();
      ts.push((performance.now() - t0) / 1000);
    }
    return median(ts);
  };
  const models = [
    { id: 'InstEval (73,421 rows)', file: join(here, '..', 'data', 'InstEval.csv'), formula: 'y ~ service + (1 | s) + (1 | d) + (1 | dept)', kr: true },
    { id: '60×40 maximal (2,400 rows)', file: join(here, '..', 'test', 'reference', 'ddf', 'maximal_60x40.csv'), formula: 'rt ~ cond + (1 + cond | subj) + (1 + cond | item)', kr: true },
    { id: '60×40 intercepts (2,400 rows)', file: join(here, '..', 'test', 'reference', 'ddf', 'maximal_60x40.csv'), formula: 'rt ~ cond + (1 | subj) + (1 | item)', kr: true },
  ];
  const rows = [];
  for (const m of models) {
    const t0 = performance.now();
    const r = MixedLM.fromFormula(m.formula, readTableSync(m.file)).fit();
    const fitS = (performance.now() - t0) / 1000;
    rows.push({
      model: m.id,
      'fit s': fitS,
      'Satterthwaite s': time(() => satt(r)),
      'Kenward-Roger s': m.kr ? time(() => kr(r)) : NaN,
      // the fit already evaluated the Hessian at the optimum and the likelihood keeps its sums;
      // this is what the df would cost if they had to be recomputed
      'Hessian recompute s': time(() => r.model.hessian(r.paramsObject)),
      'df (first non-intercept)': satt(r)[1],
    });
  }
  printTable(Object.keys(rows[0]), rows);
  writeResults('ddf', { results: rows, note: 'machine shared with other engineers; medians of 3 after a warm-up' });
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
