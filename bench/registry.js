// Registry of benchmark/test models: dataset × model, shared by `bench/fit.js` and
// `test/model/registry.test.ts` (MixedModels.jl keeps such a table of datasets and formulas).
//
// Entry: { id, description, formula, size: 'small' | 'big', rows, levels,
//          load(lib): { endog, exog, groups, options }, fit: FitOptions,
//          reference?: { source, llf, feParams, covRe?, vcomp?, scale } }
// `lib` supplies the classes the data need ({ VCSpec, CsrMatrix }) so the same registry runs
// against `src/` (vitest) and `dist/` (benchmarks). Plain ESM; Node APIs only for file reads.
import { readFileSync } from 'node:fs';
import { simulateCrossed, simulateGrouped, simulateMaximal } from './simulate.js';
import { simulateNested } from './simulate-nested.js';
import { simulateMovieLens } from './simulate-movielens.js';

const dataUrl = (name) => new URL(`../data/${name}`, import.meta.url);

/** A simple CSV (quoted strings, no embedded commas) as columns of strings. */
function readCsv(name) {
  const lines = readFileSync(dataUrl(name), 'utf8').split(/\r?\n/).filter((l) => l.length > 0);
  const head = lines[0].split(',').map((s) => s.replace(/"/g, ''));
  const cols = Object.fromEntries(head.map((h) => [h, []]));
  for (let i = 1; i < lines.length; i++) {
    const f = lines[i].split(',');
    head.forEach((h, j) => cols[h].push(f[j].replace(/"/g, '')));
  }
  return cols;
}

/** Sorted distinct levels and the level code of each value. */
function codes(values) {
  const levels = [...new Set(values)].sort();
  const ix = new Map(levels.map((l, i) => [l, i]));
  return { levels, code: Int32Array.from(values, (v) => ix.get(v)) };
}

/** CSR indicator matrix (n × nLevels) of integer codes. */
function indicator(CsrMatrix, code, nLevels) {
  const n = code.length;
  const rowPtr = new Int32Array(n + 1);
  for (let i = 0; i <= n; i++) rowPtr[i] = i;
  return new CsrMatrix(n, nLevels, rowPtr, Int32Array.from(code), new Float64Array(n).fill(1));
}

/** Row-major [1 x] (n × 2). */
function interceptAnd(x) {
  const X = new Float64Array(2 * x.length);
  for (let i = 0; i < x.length; i++) {
    X[2 * i] = 1;
    X[2 * i + 1] = x[i];
  }
  return X;
}

/** One group holding two crossed factors as CSR variance components. */
function crossedEntry(id, n, seed) {
  const nA = 10000;
  const nB = 2000;
  return {
    id,
    description: `simulated crossed design, ${n.toExponential(0)} rows, factors of ${nA} and ${nB} levels (simulateCrossed seed ${seed})`,
    formula: 'y ~ x + (1|a) + (1|b)',
    size: 'big',
    rows: n,
    levels: `${nA}+${nB}`,
    load({ VCSpec, CsrMatrix }) {
      const { y, x, a, b } = simulateCrossed({ n, nA, nB, seed });
      const names = (p, k) => Array.from({ length: k }, (_, i) => `${p}[${i}]`);
      const exogVc = new VCSpec(['a', 'b'], [[names('a', nA)], [names('b', nB)]], [[indicator(CsrMatrix, a, nA)], [indicator(CsrMatrix, b, nB)]]);
      return { endog: y, exog: interceptAnd(x), groups: new Int32Array(n), options: { exogVc, exogNames: ['Intercept', 'x'] } };
    },
    fit: { reml: true },
  };
}

/** CSR (n × levels·2) of a correlated (1 + x | f) term: row i holds [1, x_i] at its level's two columns. */
function slopeBlock(CsrMatrix, code, x, nLevels) {
  const n = code.length;
  const rowPtr = new Int32Array(n + 1);
  const colIdx = new Int32Array(2 * n);
  const values = new Float64Array(2 * n);
  for (let i = 0; i < n; i++) {
    rowPtr[i + 1] = 2 * (i + 1);
    colIdx[2 * i] = 2 * code[i];
    colIdx[2 * i + 1] = 2 * code[i] + 1;
    values[2 * i] = 1;
    values[2 * i + 1] = x[i];
  }
  return new CsrMatrix(n, 2 * nLevels, rowPtr, colIdx, values);
}

/** The maximal crossed model rt ~ cond + (1 + cond | subj) + (1 + cond | item): two 2 × 2 blocks in one group. */
function maximalEntry(id, nSubj, nItem, seed, size, reference = null) {
  const n = nSubj * nItem;
  return {
    id,
    description: `simulated maximal design, ${nSubj} subjects × ${nItem} items fully crossed (simulateMaximal seed ${seed})`,
    formula: 'rt ~ cond + (1 + cond | subj) + (1 + cond | item)',
    size,
    rows: n,
    levels: `${nSubj}×2+${nItem}×2`,
    load({ VCSpec, CsrMatrix }) {
      const { y, cond, subj, item } = simulateMaximal({ nSubj, nItem, seed });
      const lv = (p, k) => [Array.from({ length: k }, (_, i) => `${p}${i}`)];
      const exogVc = new VCSpec(
        ['subj', 'item'],
        [lv('s', nSubj), lv('i', nItem)],
        [[slopeBlock(CsrMatrix, subj, cond, nSubj)], [slopeBlock(CsrMatrix, item, cond, nItem)]],
        [2, 2],
        [['(Intercept)', 'cond'], ['(Intercept)', 'cond']],
      );
      return { endog: y, exog: interceptAnd(cond), groups: new Int32Array(n), options: { exogVc, exogNames: ['Intercept', 'cond'], endogName: 'rt' } };
    },
    fit: { reml: true },
    ...(reference ? { reference } : {}),
  };
}

/** lme4's fit of the maximal60x40 data (test/reference/general/bench-maximal.R). */
const maximalReference = () => {
  const j = JSON.parse(readFileSync(new URL('../test/reference/general/bench-maximal.json', import.meta.url), 'utf8'));
  return { source: 'test/reference/general/bench-maximal.json', llf: j.llf, feParams: j.feParams, vcomp: j.vcomp, scale: j.scale };
};

export const registry = [
  {
    id: 'sleepstudy',
    description: 'lme4 sleepstudy, correlated random intercept and slope per subject',
    formula: 'Reaction ~ Days + (Days|Subject)',
    size: 'small',
    rows: 180,
    levels: 18,
    load() {
      const d = readCsv('sleepstudy.csv');
      const days = Float64Array.from(d.Days, Number);
      const X = interceptAnd(days);
      return {
        endog: Float64Array.from(d.Reaction, Number),
        exog: X,
        groups: Int32Array.from(d.Subject, Number),
        options: { exogRe: X, exogNames: ['Intercept', 'Days'], exogReNames: ['Subject', 'Days'], endogName: 'Reaction' },
      };
    },
    fit: { reml: true },
    reference: {
      source: 'lme4.json sleepstudy_slopes_reml',
      llf: -871.814135979976,
      feParams: [251.405104848485, 10.467285959596],
      covRe: [
        [612.100158024769, 9.60440895115776],
        [9.60440895115776, 35.0717144509388],
      ],
      scale: 654.940008259961,
    },
  },
  {
    id: 'penicillin',
    description: 'lme4 Penicillin, crossed plate × sample as one group with two variance components',
    formula: 'diameter ~ 1 + (1|plate) + (1|sample)',
    size: 'small',
    rows: 144,
    levels: '24+6',
    load({ VCSpec, CsrMatrix }) {
      const d = readCsv('Penicillin.csv');
      const n = d.diameter.length;
      const pl = codes(d.plate);
      const sa = codes(d.sample);
      const exogVc = new VCSpec(
        ['plate', 'sample'],
        [[pl.levels.map((l) => `C(plate)[${l}]`)], [sa.levels.map((l) => `C(sample)[${l}]`)]],
        [[indicator(CsrMatrix, pl.code, pl.levels.length)], [indicator(CsrMatrix, sa.code, sa.levels.length)]],
      );
      return {
        endog: Float64Array.from(d.diameter, Number),
        exog: new Float64Array(n).fill(1),
        groups: new Int32Array(n),
        options: { exogVc, exogNames: ['Intercept'], endogName: 'diameter' },
      };
    },
    fit: { reml: true },
    reference: {
      source: 'lme4.json penicillin_reml',
      llf: -165.430294499802,
      feParams: [22.9722222222219],
      vcomp: [0.716905141000605, 3.7311318423045],
      scale: 0.302414956247233,
    },
  },
  {
    id: 'grouped1m',
    description: '1,000,000 rows, 100,000 groups of 10, correlated random intercept and slope (simulateGrouped seed 1)',
    formula: 'y ~ x + (x|g)',
    size: 'big',
    rows: 1000000,
    levels: 100000,
    load() {
      const { y, x, g } = simulateGrouped({ nGroups: 100000, perGroup: 10, seed: 1 });
      const X = interceptAnd(x);
      return { endog: y, exog: X, groups: g, options: { exogRe: X, exogNames: ['Intercept', 'x'], exogReNames: ['g', 'x'] } };
    },
    fit: { reml: true },
  },
  maximalEntry('maximal60x40', 60, 40, 5, 'small', maximalReference()),
  maximalEntry('maximal500x400', 500, 400, 6, 'big'),
  crossedEntry('crossed1e5', 100000, 2),
  crossedEntry('crossed1e6', 1000000, 3),
  crossedEntry('crossed3e6', 3000000, 4),
];

/** Levels of an Int32Array of codes (max + 1). */
const nLevels = (code) => code.reduce((a, b) => Math.max(a, b), -1) + 1;

/** One group holding the indicator factors `facs` ([name, codes]) as variance components. */
function vcOf({ VCSpec, CsrMatrix }, facs) {
  const names = (p, k) => [Array.from({ length: k }, (_, i) => `${p}[${i}]`)];
  return new VCSpec(
    facs.map(([nm]) => nm),
    facs.map(([nm, c]) => names(nm, nLevels(c))),
    facs.map(([, c]) => [indicator(CsrMatrix, c, nLevels(c))]),
  );
}

registry.push(
  {
    id: 'nested',
    description: 'simulated partially nested study: students × teachers within schools, 24,578 rows (simulateNested seed 1; the shape of the published study in issue 10)',
    formula: 'y ~ x + (1|id) + (1|tch) + (1|sch)',
    size: 'big',
    rows: 24578,
    levels: '10732+1374+80',
    load(lib) {
      const { y, x, id, tch, sch } = simulateNested({ seed: 1 });
      const exogVc = vcOf(lib, [['id', id], ['tch', tch], ['sch', sch]]);
      return { endog: y, exog: interceptAnd(x), groups: new Int32Array(y.length), options: { exogVc, exogNames: ['Intercept', 'x'] } };
    },
    fit: { reml: true },
  },
  {
    id: 'movielens',
    description: 'simulated MovieLens-1M shape: 1,000,209 distinct user × item ratings, 6,040 users × 3,706 items, skewed activity and popularity (simulateMovieLens seed 1)',
    formula: 'rating ~ 1 + (1|user) + (1|item)',
    size: 'big',
    rows: 1000209,
    levels: '6040+3706',
    load(lib) {
      const { y, user, item } = simulateMovieLens({ seed: 1 });
      const exogVc = vcOf(lib, [['user', user], ['item', item]]);
      return { endog: y, exog: new Float64Array(y.length).fill(1), groups: new Int32Array(y.length), options: { exogVc, exogNames: ['Intercept'], endogName: 'rating' } };
    },
    fit: { reml: true },
  },
);

/** The entry with this id (throws on an unknown id). */
export function entry(id) {
  const e = registry.find((r) => r.id === id);
  if (!e) throw new Error(`unknown registry entry '${id}'; known: ${registry.map((r) => r.id).join(', ')}`);
  return e;
}
