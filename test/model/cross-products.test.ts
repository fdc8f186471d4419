/**
 * MixedLM.fromCrossProducts: a model from [Z X y]ᵀ[Z X y] alone fits as the
 * model built from the rows (the engines' common path).
 */
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MixedLM } from '../../src/model/index.js';
// these tests build cross products by hand: load the module that makes them, which installs
// MixedLM.fromCrossProducts's reader as it does in the package (src/registry.ts)
import '../../src/engines/cross-products.js';
import type { ModelCrossProducts } from '../../src/model/cross-products.js';
import { readTableSync } from '../../src/data/read.js';
import { CscMatrix } from '../../src/sparse/csc.js';
import { DataError, InvalidArgumentError, DimensionMismatchError } from '../../src/errors.js';
import { REPO_ROOT } from '../paths.js';

/** Cross products computed densely from explicit X, y and Z (the oracle). */
function crossOf(y: number[], X: number[][], Z: number[][], terms: ModelCrossProducts['terms'], feNames: string[]): ModelCrossProducts {
  const n = y.length;
  const p = X[0]!.length;
  const q = Z[0]!.length;
  const XtX = new Float64Array(p * p);
  const Xty = new Float64Array(p);
  const ZtX = new Float64Array(q * p);
  const Zty = new Float64Array(q);
  const rows: number[] = [];
  const cols: number[] = [];
  const vals: number[] = [];
  const ztz = new Float64Array(q * q);
  let yty = 0;
  for (let i = 0; i < n; i++) {
    yty += y[i]! * y[i]!;
    for (let s = 0; s < p; s++) {
      Xty[s]! += X[i]![s]! * y[i]!;
      for (let t = 0; t < p; t++) XtX[s * p + t]! += X[i]![s]! * X[i]![t]!;
    }
    for (let a = 0; a < q; a++) {
      const z = Z[i]![a]!;
      if (z === 0) continue;
      Zty[a]! += z * y[i]!;
      for (let s = 0; s < p; s++) ZtX[a * p + s]! += z * X[i]![s]!;
      for (let b = 0; b < q; b++) ztz[a * q + b]! += z * Z[i]![b]!;
    }
  }
  // every level pair that occurs in the data is stored (both triangles)
  const seen = new Uint8Array(q * q);
  for (let i = 0; i < n; i++) for (let a = 0; a < q; a++) if (Z[i]![a] !== 0) for (let b = 0; b < q; b++) if (Z[i]![b] !== 0) seen[a * q + b] = 1;
  for (let a = 0; a < q; a++) for (let b = 0; b < q; b++) if (seen[a * q + b]) (rows.push(a), cols.push(b), vals.push(ztz[a * q + b]!));
  return { n, feNames, XtX, Xty, yty, terms, ZtZ: CscMatrix.fromTriplets(q, q, rows, cols, vals), ZtX, Zty, response: 'y' };
}

describe('MixedLM.fromCrossProducts', () => {
  const t = readTableSync(resolve(REPO_ROOT, 'test', 'reference', 'general', 'singular30x8.csv'));
  const rows = Array.from({ length: t.nrow }, (_, i) => t.row(i) as { subj: string; item: string; cond: number; rt: number });
  const formula = 'rt ~ cond + (1 + cond | subj) + (1 | item)';
  const ref = MixedLM.fromFormula(formula, t);
  const subj = [...new Set(rows.map((r) => r.subj))].sort();
  const item = [...new Set(rows.map((r) => r.item))].sort();
  const q = 2 * subj.length + item.length;
  const Z = rows.map((r) => {
    const z = new Array<number>(q).fill(0);
    const s = subj.indexOf(r.subj);
    z[2 * s] = 1;
    z[2 * s + 1] = r.cond;
    z[2 * subj.length + item.indexOf(r.item)] = 1;
    return z;
  });
  const cp = crossOf(
    rows.map((r) => r.rt),
    rows.map((r) => [1, r.cond]),
    Z,
    [
      { group: 'subj', columns: ['(Intercept)', 'cond'], levels: subj },
      { group: 'item', columns: ['(Intercept)'], levels: item },
    ],
    ['Intercept', 'cond'],
  );
  const rel = (a: number, b: number): number => Math.abs(a - b) / Math.max(Math.abs(b), 1e-12);

  for (const reml of [true, false])
    it(`fits as the row model: llf, fixed effects, variance components, standard errors, conditional modes (reml=${reml}) to 1e-8`, () => {
      const a = ref.fit({ reml });
      const b = MixedLM.fromCrossProducts(cp).fit({ reml });
      expect(Math.abs(b.llf - a.llf)).toBeLessThan(1e-8 * Math.abs(a.llf)); // 1e-8 relative
      a.params.forEach((v, i) => expect(rel(b.params[i]!, v), `param ${i}`).toBeLessThan(1e-8));
      a.bse.forEach((v, i) => expect(rel(b.bse[i]!, v), `bse ${i}`).toBeLessThan(1e-6));
      expect(b.varCorr().map((r) => [r.grp, r.var1, r.var2])).toEqual(a.varCorr().map((r) => [r.grp, r.var1, r.var2]));
      const ra = a.randomEffects.get('all')!;
      const rb = b.randomEffects.get('all')!;
      for (const k of Object.keys(ra)) expect(Math.abs(rb[k]! - ra[k]!), k).toBeLessThan(1e-8);
      const ca = a.randomEffectsCondVar().get('all')!;
      const cb = b.randomEffectsCondVar().get('all')!;
      for (const k of Object.keys(ca)) expect(rel(cb[k]!, ca[k]!), k).toBeLessThan(1e-8);
    });

  it('what needs the rows says so; malformed cross products are typed errors', () => {
    const b = MixedLM.fromCrossProducts(cp).fit();
    expect(() => b.fittedValues).toThrow(InvalidArgumentError);
    expect(() => b.simulate({ seed: 1 })).toThrow(/needs the data rows/);
    expect(() => MixedLM.fromCrossProducts({ ...cp, Zty: new Float64Array(3) })).toThrow(DimensionMismatchError);
    expect(() => MixedLM.fromCrossProducts({ ...cp, n: 0 })).toThrow(InvalidArgumentError);
  });
});

/**
 * One random term on one grouping factor (statsmodels' grouped model): the
 * cross-products model is the grouped model (one group per level, exog_re =
 * the term's columns) fitted by the dense per-group solver from ZᵀZ's diagonal
 * blocks, so it follows the row model's optimizer path step for step.
 */
describe('MixedLM.fromCrossProducts with one random term: the grouped route', () => {
  const rel = (a: number, b: number): number => Math.abs(a - b) / Math.max(Math.abs(b), 1e-12);
  const sleep = readTableSync(resolve(REPO_ROOT, '..', 'shared', 'data', 'sleepstudy.csv'));
  const sleepRows = Array.from({ length: sleep.nrow }, (_, i) => sleep.row(i) as { Reaction: number; Days: number; Subject: number | string });
  /** Seeded unbalanced data: 40 groups of 1..8 rows; group g07 has a constant x (a singular ZᵢᵀZᵢ), g00 a single row. */
  const synth = (() => {
    let s = 987654321;
    const rnd = (): number => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
    const out: { y: number; x: number; g: string }[] = [];
    for (let j = 0; j < 40; j++) {
      const b0 = 2 * (rnd() - 0.5);
      const b1 = 0.6 * (rnd() - 0.5);
      const m = j === 0 ? 1 : 1 + (j % 8);
      for (let i = 0; i < m; i++) {
        const x = j === 7 ? 3 : 10 * rnd();
        out.push({ y: 1 + 0.5 * x + b0 + b1 * x + (rnd() + rnd() + rnd() - 1.5), x, g: `g${String(j).padStart(2, '0')}` });
      }
    }
    return out;
  })();
  /** [Z X y] of a one-term model (levels sorted as fromFormula sorts them) and its cross products. */
  const oneTerm = <R>(rows: R[], y: (r: R) => number, x: (r: R) => number[], z: (r: R) => number[], g: (r: R) => string, group: string, columns: string[], feNames: string[]): ModelCrossProducts => {
    const levels = [...new Set(rows.map(g))].sort();
    const k = columns.length;
    const Z = rows.map((r) => {
      const row = new Array<number>(levels.length * k).fill(0);
      const j = levels.indexOf(g(r));
      z(r).forEach((v, c) => (row[j * k + c] = v));
      return row;
    });
    return crossOf(rows.map(y), rows.map(x), Z, [{ group, columns, levels }], feNames);
  };
  const cases: { name: string; formula: string; table: Parameters<typeof MixedLM.fromFormula>[1]; cp: () => ModelCrossProducts }[] = [
    {
      name: 'sleepstudy (Days | Subject)',
      formula: 'Reaction ~ Days + (Days | Subject)',
      table: sleep,
      cp: () => oneTerm(sleepRows, (r) => r.Reaction, (r) => [1, r.Days], (r) => [1, r.Days], (r) => String(r.Subject), 'Subject', ['(Intercept)', 'Days'], ['Intercept', 'Days']),
    },
    {
      name: 'sleepstudy (1 | Subject)',
      formula: 'Reaction ~ Days + (1 | Subject)',
      table: sleep,
      cp: () => oneTerm(sleepRows, (r) => r.Reaction, (r) => [1, r.Days], () => [1], (r) => String(r.Subject), 'Subject', ['(Intercept)'], ['Intercept', 'Days']),
    },
    {
      name: 'unbalanced, a one-row group and a constant-x group, (x | g)',
      formula: 'y ~ x + (x | g)',
      table: synth,
      cp: () => oneTerm(synth, (r) => r.y, (r) => [1, r.x], (r) => [1, r.x], (r) => r.g, 'g', ['(Intercept)', 'x'], ['Intercept', 'x']),
    },
  ];
  for (const c of cases)
    for (const reml of [true, false])
      it(`${c.name} (reml=${reml}): llf, all parameters, standard errors, VarCorr, conditional modes and variances equal the row model's to 1e-8`, () => {
        const model = MixedLM.fromCrossProducts(c.cp());
        expect(model.solverKind).toBe('dense');
        const ref = MixedLM.fromFormula(c.formula, c.table);
        expect(model.nGroups).toBe(ref.nGroups);
        expect(Array.from(model.groupSizes)).toEqual(Array.from(ref.groupSizes));
        expect(model.paramNames).toEqual(ref.paramNames);
        const a = ref.fit({ reml });
        const b = model.fit({ reml });
        expect(rel(b.llf, a.llf)).toBeLessThan(1e-8); // 1e-8 relative throughout
        a.params.forEach((v, i) => expect(rel(b.params[i]!, v), `param ${a.model.paramNames[i]}`).toBeLessThan(1e-8));
        a.bse.forEach((v, i) => expect(rel(b.bse[i]!, v), `bse ${a.model.paramNames[i]}`).toBeLessThan(1e-8));
        expect(rel(b.scale, a.scale)).toBeLessThan(1e-8);
        const va = a.varCorr();
        const vb = b.varCorr();
        expect(vb.map((r) => [r.grp, r.var1, r.var2])).toEqual(va.map((r) => [r.grp, r.var1, r.var2]));
        va.forEach((r, i) => expect(rel(vb[i]!.vcov, r.vcov), `vcov ${r.grp} ${r.var1} ${r.var2}`).toBeLessThan(1e-8));
        const cva = a.randomEffectsCondVar();
        const cvb = b.randomEffectsCondVar();
        a.model.groupLabels.forEach((g, gi) => {
          const ra = Object.values(a.randomEffects.get(g)!);
          const rb = Object.values(b.randomEffects.get(b.model.groupLabels[gi]!)!);
          expect(String(b.model.groupLabels[gi])).toBe(String(g));
          const scale = Math.max(...ra.map(Math.abs));
          ra.forEach((v, j) => expect(Math.abs(rb[j]! - v) / scale, `ranef ${String(g)} ${j}`).toBeLessThan(1e-8));
          const ca = Object.values(cva.get(g)!);
          const cb = Object.values(cvb.get(b.model.groupLabels[gi]!)!);
          ca.forEach((v, j) => expect(rel(cb[j]!, v), `condvar ${String(g)} ${j}`).toBeLessThan(1e-8));
        });
      });

  it('(Days | Subject): the same summary text, Satterthwaite df and profile intervals as the row model', () => {
    const a = MixedLM.fromFormula(cases[0]!.formula, sleep).fit();
    const b = MixedLM.fromCrossProducts({ ...cases[0]!.cp(), response: 'Reaction' }).fit();
    expect(b.summary()).toBe(a.summary()); // group sizes come from the (Intercept) column's ZᵀZ diagonal
    const ta = a.coefTable({ ddf: 'satterthwaite' });
    const tb = b.coefTable({ ddf: 'satterthwaite' });
    ta.forEach((r, i) => expect(rel(tb[i]!.df!, r.df!), r.name).toBeLessThan(1e-6)); // df from a finite-difference Hessian: 1e-6
    const ia = a.confInt({ method: 'profile' });
    const ib = b.confInt({ method: 'profile' });
    ia.forEach((r, i) => {
      expect(rel(ib[i]!.lower, r.lower), `${r.name} lower`).toBeLessThan(1e-6); // root-finding tolerance
      expect(rel(ib[i]!.upper, r.upper), `${r.name} upper`).toBeLessThan(1e-6);
    });
  });

  it('useSqrt: false (the ψ-direct engine where Ψ is not positive semidefinite) fits as the row model to 1e-8', () => {
    for (const c of [cases[0]!, cases[2]!]) {
      const a = MixedLM.fromFormula(c.formula, c.table, { useSqrt: false }).fit();
      const b = MixedLM.fromCrossProducts(c.cp(), { useSqrt: false }).fit();
      expect(rel(b.llf, a.llf), c.name).toBeLessThan(1e-8); // 1e-8 relative
      a.params.forEach((v, i) => expect(rel(b.params[i]!, v), `${c.name} param ${i}`).toBeLessThan(1e-8));
      // and the ψ-direct likelihood itself at a Ψ that is not positive semidefinite
      const psi = [0.05, 0.012, 0.002]; // packed cov_re/scale: correlation 0.012 / √0.0001 = 1.2, not PSD
      const la = a.model.loglike(psi);
      const lb = b.model.loglike(psi);
      expect(Number.isFinite(la)).toBe(true);
      expect(rel(lb, la), `${c.name} loglike at a non-PSD Ψ`).toBeLessThan(1e-10);
    }
  });

  it('the bootstrap, simulation and fitted values raise their typed error (no rows)', () => {
    const b = MixedLM.fromCrossProducts(cases[0]!.cp()).fit();
    expect(() => b.bootstrap(5, { seed: 1 })).toThrow(InvalidArgumentError);
    expect(() => b.bootstrap(5, { seed: 1 })).toThrow(/needs the data rows/);
    expect(() => b.simulate({ seed: 1 })).toThrow(/needs the data rows/);
    expect(() => b.fittedValues).toThrow(InvalidArgumentError);
  });

  it('a term without an intercept column (row counts unknown) stays on the single-group sparse route and reaches the same maximum', () => {
    const cp = oneTerm(sleepRows, (r) => r.Reaction, (r) => [1, r.Days], (r) => [r.Days], (r) => String(r.Subject), 'Subject', ['Days'], ['Intercept', 'Days']);
    const m = MixedLM.fromCrossProducts(cp);
    expect(m.solverKind).toBe('sparse');
    const a = MixedLM.fromFormula('Reaction ~ Days + (0 + Days | Subject)', sleep).fit();
    expect(rel(m.fit().llf, a.llf)).toBeLessThan(1e-8); // 1e-8 relative
  });

  it('ZᵀZ with a nonzero entry between two levels of the one term: a DataError naming ZtZ', () => {
    const cp = cases[0]!.cp();
    const { colPtr, rowIdx, values } = cp.ZtZ;
    const r: number[] = [];
    const cc: number[] = [];
    const v: number[] = [];
    for (let j = 0; j < cp.ZtZ.ncol; j++) for (let e = colPtr[j]!; e < colPtr[j + 1]!; e++) (r.push(rowIdx[e]!), cc.push(j), v.push(values[e]!));
    r.push(0, 2);
    cc.push(2, 0);
    v.push(1, 1);
    const bad = { ...cp, ZtZ: CscMatrix.fromTriplets(cp.ZtZ.nrow, cp.ZtZ.ncol, r, cc, v) };
    expect(() => MixedLM.fromCrossProducts(bad)).toThrow(DataError);
    expect(() => MixedLM.fromCrossProducts(bad)).toThrow(/ZtZ has a nonzero entry \(2, 0\) between two levels/);
  });
});
