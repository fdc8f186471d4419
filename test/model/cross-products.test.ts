/**
 * MixedLM.fromCrossProducts: a model from [Z X y]ᵀ[Z X y] alone fits as the
 * model built from the rows (the engines' common path).
 */
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MixedLM } from '../../src/model/index.js';
import type { ModelCrossProducts } from '../../src/model/cross-products.js';
import { readTableSync } from '../../src/data/read.js';
import { CscMatrix } from '../../src/sparse/csc.js';
import { InvalidArgumentError, DimensionMismatchError } from '../../src/errors.js';
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
