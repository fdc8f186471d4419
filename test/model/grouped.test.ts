/** The grouped (dense, many small groups) path: typed inputs, the kVc = 0 fast kernels, onProgress. */
import { describe, expect, it } from 'vitest';
import { CholeskyDecomposition, Matrix } from 'ml-matrix';
import { MixedLM } from '../../src/model/index.js';
import { mulberry32 } from './helpers.js';
import { sleepstudy } from './fit-helpers.js';

/** Simulated longitudinal data with k random slopes on the columns of X (row-major). */
function simulate(nGroups: number, per: number, k: number, seed: number, shuffle = false): { y: Float64Array; X: Float64Array; g: Int32Array; p: number } {
  const rnd = mulberry32(seed);
  const z = (): number => Math.sqrt(-2 * Math.log(rnd() + 1e-300)) * Math.cos(2 * Math.PI * rnd());
  const n = nGroups * per;
  const p = k;
  const y = new Float64Array(n);
  const X = new Float64Array(n * p);
  const g = new Int32Array(n);
  for (let i = 0, r = 0; i < nGroups; i++) {
    const b = Array.from({ length: k }, (_, j) => z() / (j + 1));
    for (let t = 0; t < per; t++, r++) {
      X[r * p] = 1;
      for (let j = 1; j < p; j++) X[r * p + j] = z();
      let m = 1;
      for (let j = 0; j < p; j++) m += (0.5 + b[j]!) * X[r * p + j]!;
      y[r] = m + z();
      g[r] = shuffle ? (i * 7919) % 1009 : i;
    }
  }
  return { y, X, g, p };
}

const rows = (X: Float64Array, n: number, p: number): number[][] => Array.from({ length: n }, (_, i) => Array.from(X.subarray(i * p, i * p + p)));

describe('typed inputs', () => {
  it('typed, columnar and row inputs give the same fit (tolerance 1e-10 relative)', () => {
    const { y, X, g, p } = simulate(40, 6, 2, 11);
    const n = y.length;
    const Xr = rows(X, n, p);
    const cols = [Float64Array.from(Xr, (r) => r[0]!), Float64Array.from(Xr, (r) => r[1]!)];
    const a = new MixedLM(Array.from(y), Xr, Array.from(g), { exogRe: Xr }).fit();
    const b = new MixedLM(y, X, g, { exogRe: X }).fit();
    const c = new MixedLM(y, cols, g, { exogRe: cols }).fit();
    for (const r of [b, c]) {
      r.params.forEach((v, i) => expect(Math.abs(v - a.params[i]!)).toBeLessThan(1e-10 * (1 + Math.abs(a.params[i]!))));
      expect(Math.abs(r.llf - a.llf)).toBeLessThan(1e-9);
    }
  });

  it('unsorted numeric labels sort numerically and row arrays materialize on demand', () => {
    const y = Float64Array.of(1, 2, 3, 4, 5, 6, 7.5);
    const x = Float64Array.of(0, 1, 0, 1, 0, 1, 2);
    const g = Float64Array.of(10, 2, 10, 2, 33, 33, 2);
    const m = new MixedLM(y, [Float64Array.from(y, () => 1), x], g);
    expect(m.groupLabels).toEqual([2, 10, 33]);
    expect(m.rowIndices).toEqual([[1, 3, 6], [0, 2], [4, 5]]);
    expect(m.exog[1]).toEqual([1, 1]);
    expect(m.exogRe?.[0]).toEqual([1]);
    expect(m.groups.slice(0, 3)).toEqual([10, 2, 10]);
    expect(Array.from(m.groupSizes)).toEqual([3, 2, 2]);
    expect(m.exogNames).toEqual(['const', 'x1']);
  });

  it("missing: 'drop' on typed inputs drops the rows; 'none' raises with the column name", () => {
    const { y, X, g } = simulate(10, 5, 2, 3);
    const y2 = y.slice();
    y2[7] = NaN;
    const m = new MixedLM(y2, X, g, { exogRe: X, missing: 'drop' });
    expect(m.nobs).toBe(y.length - 1);
    expect(m.nDropped).toBe(1);
    expect(() => new MixedLM(y2, X, g, { exogRe: X })).toThrow(/endog has a missing/);
    expect(y2[7]).toBeNaN(); // inputs are not mutated
  });
});

describe('kVc = 0 kernels', () => {
  for (const k of [1, 2, 3]) {
    it(`score matches central differences of loglike, k_re = ${k} (tolerance 1e-5 relative)`, () => {
      const { y, X, g } = simulate(25, 5, k, 100 + k, true);
      const m = new MixedLM(y, X, g, { exogRe: X });
      const kk = (k * (k + 1)) / 2;
      const th = Array.from({ length: kk }, (_, i) => 0.3 + 0.1 * i);
      const s = m.score(th);
      const h = 1e-6;
      for (let i = 0; i < kk; i++) {
        const tp = th.slice();
        const tm = th.slice();
        tp[i]! += h;
        tm[i]! -= h;
        const fd = (m.loglike(tp) - m.loglike(tm)) / (2 * h);
        expect(Math.abs(s[i]! - fd)).toBeLessThan(1e-5 * (1 + Math.abs(fd)));
      }
    });
  }

  for (const reml of [true, false])
    it(`loglike matches a dense V = I + ZΨZᵀ oracle, k_re = 3, reml = ${reml} (1e-9 relative)`, () => {
      const { y, X, g, p } = simulate(12, 4, 3, 77);
      const m = new MixedLM(y, X, g, { exogRe: X });
      m.reml = reml;
      const Lc = [0.9, 0.2, 0.5, -0.3, 0.1, 0.4]; // tril of the Cholesky factor
      const L = new Matrix([[Lc[0]!, 0, 0], [Lc[1]!, Lc[2]!, 0], [Lc[3]!, Lc[4]!, Lc[5]!]]);
      const Psi = L.mmul(L.transpose());
      let logdet = 0;
      const H = Matrix.zeros(p, p);
      const gv = Matrix.zeros(p, 1);
      let yy = 0;
      for (let gi = 0; gi < 12; gi++) {
        const ix = Array.from({ length: 4 }, (_, t) => gi * 4 + t);
        const Z = new Matrix(ix.map((r) => Array.from(X.subarray(r * p, r * p + p))));
        const V0 = Matrix.eye(4).add(Z.mmul(Psi).mmul(Z.transpose()));
        const V = V0.add(V0.transpose()).mul(0.5);
        const ch = new CholeskyDecomposition(V);
        const Ld = ch.lowerTriangularMatrix;
        for (let t = 0; t < 4; t++) logdet += 2 * Math.log(Ld.get(t, t));
        const yg = new Matrix(ix.map((r) => [y[r]!]));
        const Vy = ch.solve(yg);
        const VX = ch.solve(Z);
        H.add(Z.transpose().mmul(VX));
        gv.add(Z.transpose().mmul(Vy));
        yy += yg.transpose().mmul(Vy).get(0, 0);
      }
      const n = y.length;
      const Hs = H.add(H.transpose()).mul(0.5);
      const beta = new CholeskyDecomposition(Hs).solve(gv);
      const qf = yy - gv.transpose().mmul(beta).get(0, 0);
      const fac = reml ? n - p : n;
      let ll = -logdet / 2 - (fac * Math.log(qf)) / 2;
      if (reml) {
        const Lh = new CholeskyDecomposition(Hs).lowerTriangularMatrix;
        let ld = 0;
        for (let t = 0; t < p; t++) ld += 2 * Math.log(Lh.get(t, t));
        ll -= ld / 2;
      }
      ll += (-fac * Math.log(2 * Math.PI) + fac * Math.log(fac) - fac) / 2;
      const got = m.loglike(Lc);
      expect(Math.abs(got - ll)).toBeLessThan(1e-9 * Math.abs(ll));
    });
});

describe('fit({ onProgress })', () => {
  it('is called per evaluation with increasing counts and ends at the fitted llf (1e-6)', () => {
    const seen: Array<{ evaluations: number; objective: number; elapsedSeconds: number }> = [];
    const r = sleepstudy().fit({ onProgress: (p) => seen.push(p) });
    expect(seen.length).toBeGreaterThan(2);
    for (let i = 1; i < seen.length; i++) {
      expect(seen[i]!.evaluations).toBe(seen[i - 1]!.evaluations + 1);
      expect(seen[i]!.elapsedSeconds).toBeGreaterThanOrEqual(seen[i - 1]!.elapsedSeconds);
    }
    const best = Math.max(...seen.map((s) => (Number.isFinite(s.objective) ? s.objective : -Infinity)));
    expect(Math.abs(best - r.llf)).toBeLessThan(1e-6);
  });
});

describe('method-of-moments start (kVc = 0)', () => {
  it('is near the simulated cov_re/scale and the fit does not depend on the start (1e-5)', () => {
    const { y, X, g } = simulate(300, 8, 2, 21);
    const m = new MixedLM(y, X, g, { exogRe: X });
    const inner = m.likelihood.inner as unknown as { momentStartRe(): number[][] | null };
    const s0 = inner.momentStartRe()!;
    // simulated: b_j ~ N(0, 1/(j+1)²), e ~ N(0, 1): Ψ/σ² = diag(1, 0.25); loose check of a moment estimate
    expect(Math.abs(s0[0]![0]! - 1)).toBeLessThan(0.35);
    expect(Math.abs(s0[1]![1]! - 0.25)).toBeLessThan(0.1);
    const a = m.fit();
    const b = new MixedLM(y, X, g, { exogRe: X }).fit({ startParams: [1, 0, 1] });
    a.params.forEach((v, i) => expect(Math.abs(v - b.params[i]!)).toBeLessThan(1e-5 * (1 + Math.abs(v))));
    expect(Math.abs(a.llf - b.llf)).toBeLessThan(1e-6);
  });
});

