import { describe, expect, it } from 'vitest';
import { CholeskyDecomposition, EigenvalueDecomposition, Matrix } from 'ml-matrix';
import { ldlInPlace, ldlSolve } from '../../src/model/dense.js';
import { symEigen } from '../../src/model/inference/linalg.js';
import { mulberry32 } from './helpers.js';
import { MixedLM, MixedLMParams, VCSpec } from '../../src/model/index.js';
import { DensePsiInner, SparsePsiInner } from '../../src/model/inner/psi.js';
import { DenseInner } from '../../src/model/inner/per-group.js';
import { LikelihoodCore } from '../../src/model/likelihood.js';
import type { GroupedDesign } from '../../src/model/design.js';
import { readTableSync } from '../../src/data/read.js';
import { crossProductsInMemory } from '../../src/engines/memory.js';
import { dyestuff, indicator, loadJson, pastes, penicillin, readCsv, sleepstudy } from './fit-helpers.js';

/** One group of the brute-force oracle: its rows and its dense Z (n_g × q). */
interface OGroup {
  rows: number[];
  Z: number[][];
}

/** Brute force: V_g = I + Z_g Ψ_g Z_gᵀ formed explicitly, GLS and the profile log-likelihood. */
function oracle(y: number[], X: number[][], groups: OGroup[], psiOf: (g: number) => number[][], reml: boolean): { ll: number; minEig: number; negEig: number } {
  const p = X[0]!.length;
  const n = y.length;
  let H = Matrix.zeros(p, p);
  let gv = Matrix.zeros(p, 1);
  let yy = 0;
  let logdet = 0;
  let minEig = Infinity;
  let negEig = 0;
  groups.forEach((gr, g) => {
    const Z = new Matrix(gr.Z);
    const V0 = Matrix.eye(gr.rows.length).add(Z.mmul(new Matrix(psiOf(g))).mmul(Z.transpose()));
    const V = V0.add(V0.transpose()).mul(0.5); // exactly symmetric
    const ev = new EigenvalueDecomposition(V, { assumeSymmetric: true }).realEigenvalues;
    minEig = Math.min(minEig, ...ev);
    negEig += ev.filter((e) => e < 0).length;
    const ch = new CholeskyDecomposition(V);
    if (!ch.isPositiveDefinite()) return;
    const Lm = ch.lowerTriangularMatrix;
    for (let i = 0; i < gr.rows.length; i++) logdet += 2 * Math.log(Lm.get(i, i));
    const Xg = new Matrix(gr.rows.map((r) => X[r]!));
    const yg = Matrix.columnVector(gr.rows.map((r) => y[r]!));
    const ViX = ch.solve(Xg);
    const Viy = ch.solve(yg);
    H = H.add(Xg.transpose().mmul(ViX));
    gv = gv.add(Xg.transpose().mmul(Viy));
    yy += yg.transpose().mmul(Viy).get(0, 0);
  });
  if (!(minEig > 0)) return { ll: NaN, minEig, negEig };
  const hc = new CholeskyDecomposition(H.add(H.transpose()).mul(0.5));
  const beta = hc.solve(gv);
  const qf = yy - gv.transpose().mmul(beta).get(0, 0);
  const fac = reml ? n - p : n;
  let ll = -logdet / 2 - (fac * Math.log(qf)) / 2;
  if (reml) {
    let ld = 0;
    for (let i = 0; i < p; i++) ld += 2 * Math.log(hc.lowerTriangularMatrix.get(i, i));
    ll -= ld / 2;
  }
  ll += (-fac * Math.log(2 * Math.PI) + fac * Math.log(fac) - fac) / 2;
  return { ll, minEig, negEig };
}

const uniq = (a: string[]): string[] => [...new Set(a)].sort();

/** Data, groups with explicit Z and Ψ_g(covRe, vcomp) for the three small data sets. */
interface Case {
  y: number[];
  X: number[][];
  groups: OGroup[];
  psi: (covRe: number[][], vcomp: number[]) => (g: number) => number[][];
}

function diagBlock(re: number[][], vc: number[]): number[][] {
  const q = re.length + vc.length;
  const out = Array.from({ length: q }, () => new Array<number>(q).fill(0));
  re.forEach((r, i) => r.forEach((v, j) => (out[i]![j] = v)));
  vc.forEach((v, j) => (out[re.length + j]![re.length + j] = v));
  return out;
}

function sleepCase(): Case {
  const d = readCsv('sleepstudy.csv');
  const y = d.Reaction!.map(Number);
  const days = d.Days!.map(Number);
  const groups = uniq(d.Subject!).map((s) => {
    const rows = d.Subject!.map((x, i) => (x === s ? i : -1)).filter((i) => i >= 0);
    return { rows, Z: rows.map((i) => [1, days[i]!]) };
  });
  return { y, X: days.map((x) => [1, x]), groups, psi: (c) => () => c };
}

/** The sleepstudy case as a GroupedDesign (random intercept and slope per subject), for the inner solvers directly. */
function sleepDesign(cs: Case): GroupedDesign {
  return {
    n: cs.y.length,
    p: 2,
    kRe: 2,
    kVc: 0,
    y: Float64Array.from(cs.y),
    X: Float64Array.from(cs.X.flat()),
    Zre: Float64Array.from(cs.X.flat()),
    vcMats: [],
    rows: cs.groups.map((g) => Int32Array.from(g.rows)),
  };
}

function penicillinCase(): Case {
  const d = readCsv('Penicillin.csv');
  const y = d.diameter!.map(Number);
  const pl = uniq(d.plate!);
  const sa = uniq(d.sample!);
  const rows = y.map((_, i) => i);
  const Z = rows.map((i) => [...pl.map((l) => (d.plate![i] === l ? 1 : 0)), ...sa.map((l) => (d.sample![i] === l ? 1 : 0))]);
  return {
    y,
    X: y.map(() => [1]),
    groups: [{ rows, Z }],
    psi: (_c, v) => () => diagBlock([], [...pl.map(() => v[0]!), ...sa.map(() => v[1]!)]),
  };
}

function pastesCase(): Case {
  const d = readCsv('Pastes.csv');
  const y = d.strength!.map(Number);
  const groups = uniq(d.batch!).map((b) => {
    const rows = d.batch!.map((x, i) => (x === b ? i : -1)).filter((i) => i >= 0);
    const casks = uniq(rows.map((i) => d.cask![i]!));
    return { rows, Z: rows.map((i) => [1, ...casks.map((c) => (d.cask![i] === c ? 1 : 0))]) };
  });
  return {
    y,
    X: y.map(() => [1]),
    groups,
    psi: (c, v) => (g) => diagBlock(c, groups[g]!.Z[0]!.slice(1).map(() => v[0]!)),
  };
}

/**
 * The first `rows` InstEval ratings as one group with three crossed variance
 * components (students, instructors, departments): the sparse single-group path
 * with fill in C, and its brute-force oracle case.
 */
function instEvalSubset(rows: number): { mk: (o?: object) => MixedLM; cs: Case } {
  const d = readCsv('InstEval.csv', rows);
  const y = d.y!.map(Number);
  const f = ['s', 'd', 'dept'];
  const lv = f.map((k) => uniq(d[k]!));
  const vc = new VCSpec(f, lv.map((l, i) => [l.map((x) => `${f[i]}[${x}]`)]), lv.map((l, i) => [indicator(d[f[i]!]!, l)]));
  const Z = y.map((_, r) => lv.flatMap((l, i) => l.map((x) => (d[f[i]!]![r] === x ? 1 : 0))));
  return {
    mk: (o = {}) => new MixedLM(y, y.map(() => [1]), y.map(() => 1), { exogVc: vc, ...o }),
    cs: { y, X: y.map(() => [1]), groups: [{ rows: y.map((_, i) => i), Z }], psi: (_c, v) => () => diagBlock([], lv.flatMap((l, i) => l.map(() => v[i]!))) },
  };
}

/** Four-point central differences (error O(h⁴)); step h·max(|x|, 0.05). */
function fd(f: (x: number[]) => number, x: number[], h: number): number[] {
  return x.map((_, i) => {
    const hi = h * Math.max(Math.abs(x[i]!), 0.05);
    const at = (d: number): number => {
      const a = x.slice();
      a[i] = x[i]! + d;
      return f(a);
    };
    return (8 * (at(hi) - at(-hi)) - (at(2 * hi) - at(-2 * hi))) / (12 * hi);
  });
}

type Mk = (o?: object) => MixedLM;
// name, builder, oracle case, solvers, (profile-scale) cov_re, vcomp, fe point — Ψ indefinite, V positive definite
const points: Array<[string, Mk, () => Case, Array<'dense' | 'sparse'>, number[][], number[], number[]]> = [
  ['sleepstudy |corr| > 1', sleepstudy, sleepCase, ['dense'], [[0.93, 0.25], [0.25, 0.054]], [], [250, 10]],
  ['sleepstudy slope variance < 0', sleepstudy, sleepCase, ['dense'], [[0.9, 0.01], [0.01, -0.0015]], [], [250, 10]],
  ['sleepstudy small intercept variance, |corr| > 1', sleepstudy, sleepCase, ['dense'], [[0.001, 0.05], [0.05, 0.02]], [], [250, 10]],
  ['penicillin plate variance < 0', penicillin, penicillinCase, ['dense', 'sparse'], [], [-0.05, 10], [23]],
  ['penicillin sample variance < 0', penicillin, penicillinCase, ['dense', 'sparse'], [], [2.4, -0.01], [23]],
  ['pastes cask variance < 0', pastes, pastesCase, ['dense'], [[2.4]], [-0.1], [60]],
  ['pastes batch variance < 0', pastes, pastesCase, ['dense'], [[-0.05]], [12], [60]],
];

const packed = (m: MixedLM, c: number[][], v: number[]): number[] => MixedLMParams.fromComponents({ feParams: new Array<number>(m.kFe).fill(0), covRe: c, vcomp: v }).getPacked(false, false);

describe('ψ-direct likelihood at indefinite Ψ (useSqrt: false) vs a brute-force dense V', () => {
  for (const [name, mk, mkCase, solvers, cov, vc] of points) {
    const cs = mkCase();
    for (const solver of solvers)
      for (const reml of [true, false])
        it(`${name} ${solver} reml=${reml}`, () => {
          const m = mk({ useSqrt: false, solver });
          m.reml = reml;
          const o = oracle(cs.y, cs.X, cs.groups, cs.psi(cov, vc), reml);
          expect(o.minEig).toBeGreaterThan(0); // the point keeps V positive definite
          const ll = m.loglike(packed(m, cov, vc));
          expect(Math.abs(ll - o.ll)).toBeLessThanOrEqual(1e-10 * Math.abs(o.ll)); // 1e-10 relative
        });
  }

  it('V not positive definite: NaN (sparse and dense), like a rejected point', () => {
    const cs = penicillinCase();
    // plate variance −0.5: I − 0.5·Z_pZ_pᵀ has eigenvalue 1 − 3 along the plate contrasts (an even number of them)
    const o = oracle(cs.y, cs.X, cs.groups, cs.psi([], [-0.5, 10]), true);
    expect(o.minEig).toBeLessThan(0);
    for (const solver of ['dense', 'sparse'] as const) {
      const m = penicillin({ useSqrt: false, solver });
      expect(Number.isNaN(m.loglike([-0.5, 10]))).toBe(true);
      expect(m.score([-0.5, 10]).every(Number.isNaN)).toBe(true);
    }
    const sc = sleepCase();
    const bad = [[0.9, 0.8], [0.8, 0.05]];
    expect(oracle(sc.y, sc.X, sc.groups, sc.psi(bad, []), true).minEig).toBeLessThan(0);
    expect(Number.isNaN(sleepstudy({ useSqrt: false }).loglike(packed(sleepstudy(), bad, [])))).toBe(true);
    // Ψ negative definite: C_g = Ψ⁻¹ + Z_gᵀZ_g = [[8, 45], [45, 265]] is PD, so det V_g = det Ψ · det C > 0
    // (the sign test passes) but V_g has two negative eigenvalues: only the inertia count rejects it
    const negdef = [[-0.5, 0], [0, -0.05]];
    expect(oracle(sc.y, sc.X, sc.groups, sc.psi(negdef, []), true).minEig).toBeLessThan(0);
    expect(Number.isNaN(sleepstudy({ useSqrt: false }).loglike(packed(sleepstudy(), negdef, [])))).toBe(true);
  });

  it('Ψ negative definite with a small leading diagonal (two negative eigenvalues, det V_g > 0): the eigenvalues of P count them', () => {
    const sc = sleepCase();
    const inner = new DensePsiInner(new DenseInner(sleepDesign(sc)).groupSums());
    // P⁻¹ is small beside Z_gᵀZ_g, so C_g is positive definite; |p₁₁| < |p₁₂| (a row-pivoted LU of P hides the count)
    const P = [[-4, 50], [50, -1000]];
    expect(oracle(sc.y, sc.X, sc.groups, sc.psi(P, []), true).negEig).toBe(2 * sc.groups.length);
    expect(Number.isNaN(inner.factor(Float64Array.from(P.flat()), new Float64Array(0), new Float64Array(9)))).toBe(true);
    // the same P with one eigenvalue flipped positive keeps V positive definite (the count, not the shape, rejects)
    const P1 = [[0.001, 0.05], [0.05, 0.02]];
    expect(oracle(sc.y, sc.X, sc.groups, sc.psi(P1, []), true).minEig).toBeGreaterThan(0);
    expect(Number.isFinite(inner.factor(Float64Array.from(P1.flat()), new Float64Array(0), new Float64Array(9)))).toBe(true);
  });

  it('P singular to rounding (an eigenvalue ≤ 1e-14·max|λ|): NaN; a small but resolved eigenvalue: finite', () => {
    const inner = new DensePsiInner(new DenseInner(sleepDesign(sleepCase())).groupSums());
    const Q = new Float64Array(9);
    // rank one: det = 0.3/30 − 0.01 is rounding noise of either sign
    expect(Number.isNaN(inner.factor(Float64Array.of(0.3, 0.1, 0.1, 0.1 / 3), new Float64Array(0), Q))).toBe(true);
    expect(Number.isNaN(inner.factor(Float64Array.of(0, 0, 0, 0), new Float64Array(0), Q))).toBe(true);
    expect(Number.isFinite(inner.factor(Float64Array.of(0.3, 0.1, 0.1, 0.1 / 3 - 1e-9), new Float64Array(0), Q))).toBe(true);
  });

  it('singular Ψ that is not PSD (a zero and a negative variance): NaN', () => {
    const m = penicillin({ useSqrt: false, solver: 'sparse' });
    expect(Number.isNaN(m.loglike([0, -0.01]))).toBe(true);
  });

  it('useSqrt: true keeps rejecting non-PSD covariances given as MixedLMParams', () => {
    const m = penicillin({ solver: 'sparse' });
    const po = MixedLMParams.fromComponents({ feParams: [23], covRe: [], vcomp: [-0.05, 10] });
    expect(Number.isNaN(m.loglike(po))).toBe(true);
  });
});

describe('ψ-direct score (full parameterization) vs central differences', () => {
  for (const [name, mk, , solvers, cov, vc, fe] of points)
    for (const solver of solvers)
      for (const reml of [true, false])
        for (const profileFe of [true, false])
          it(`${name} ${solver} reml=${reml} profileFe=${profileFe}`, () => {
            const m = mk({ useSqrt: false, solver });
            m.reml = reml;
            const cp = packed(m, cov, vc);
            const x0 = profileFe ? cp : [...fe, ...cp];
            const asParams = (x: number[]): MixedLMParams | number[] => (profileFe ? x : MixedLMParams.fromPacked(x, m.kFe, m.kRe, false, true));
            const ll = (x: number[]): number => m.loglike(asParams(x), profileFe);
            let sc: number[];
            if (profileFe) sc = m.score(x0, true);
            else {
              const r = m.scoreFull(MixedLMParams.fromPacked(x0, m.kFe, m.kRe, false, true), true);
              sc = [...r.fe, ...r.re, ...r.vc];
            }
            const num = fd(ll, x0, 1e-3); // relative step 1e-3: loglike carries ~1e-12 relative noise (qf = yᵀV⁻¹y − … cancels)
            const smax = Math.max(...num.map(Math.abs));
            sc.forEach((v, i) => expect(Math.abs(v - num[i]!)).toBeLessThan(1e-5 * smax + 1e-6)); // 1e-5 of max |score|: noise/h ≈ 1e-6, FD error ~h⁴
          });

  it('Hessian at an indefinite Ψ vs differences of the score (penicillin, sparse and dense)', () => {
    for (const solver of ['dense', 'sparse'] as const) {
      const m = penicillin({ useSqrt: false, solver });
      const gls = m.getFeParams([], [-0.05, 10]);
      const x0 = [...gls, -0.05, 10];
      const h = m.hessian(MixedLMParams.fromPacked(x0, 1, 0, false, true));
      const g = (x: number[]): number[] => {
        const r = m.scoreFull(MixedLMParams.fromPacked(x, 1, 0, false, true), true);
        return [...r.fe, ...r.re, ...r.vc];
      };
      const hmax = Math.max(...h.flat().map(Math.abs));
      for (let j = 0; j < x0.length; j++) {
        const a = x0.slice();
        const b = x0.slice();
        const hj = 1e-5 * Math.max(1e-2, Math.abs(x0[j]!));
        a[j] = x0[j]! + hj;
        b[j] = x0[j]! - hj;
        const ga = g(a);
        const gb = g(b);
        for (let i = 0; i < x0.length; i++) expect(Math.abs(h[i]![j]! - (ga[i]! - gb[i]!) / (2 * hj))).toBeLessThan(1e-6 * hmax); // 1e-6 of max |H|
      }
    }
  });

  it('dense per-group LDLᵀ and sparse LDLᵀ agree; ψ-direct equals the Cholesky path at a PSD Ψ', () => {
    const a = penicillin({ useSqrt: false, solver: 'dense' });
    const b = penicillin({ useSqrt: false, solver: 'sparse' });
    const x = [-0.02, 4];
    expect(Math.abs(a.loglike(x) - b.loglike(x))).toBeLessThan(1e-10 * Math.abs(b.loglike(x))); // 1e-10 relative
    a.score(x).forEach((v, i) => expect(Math.abs(v - b.score(x)[i]!)).toBeLessThan(1e-8 * Math.max(1, Math.abs(v)))); // 1e-8 relative
    // at a positive definite Ψ the ψ-direct solvers reproduce the Cholesky path
    const design = sleepDesign(sleepCase());
    const dense = new DenseInner(design);
    const chol = new LikelihoodCore(design, dense);
    const psi = new LikelihoodCore(design, new DensePsiInner(dense.groupSums()));
    const L = Float64Array.of(0.9, 0, 0.01, 0.2); // Ψ = LLᵀ
    const P = Float64Array.of(0.81, 0.009, 0.009, 0.0401);
    for (const reml of [true, false]) {
      const l1 = chol.loglikeOf(chol.evaluate(L, new Float64Array(0), null), reml);
      const l2 = psi.loglikeOf(psi.evaluate(P, new Float64Array(0), null), reml);
      expect(Math.abs(l1 - l2)).toBeLessThan(1e-11 * Math.abs(l1)); // 1e-11 relative
    }
  });
});

describe('ψ-direct paths (sparse LDLᵀ, dense per-group LDLᵀ) on 300 InstEval ratings, three crossed components', () => {
  const { mk, cs } = instEvalSubset(300);
  const innerOf = (m: MixedLM): unknown => (m as unknown as { psiCore: LikelihoodCore }).psiCore.inner;

  it('one negative variance, V positive definite: brute-force V and the dense per-group solver agree', () => {
    const sparse = mk({ useSqrt: false, solver: 'sparse' });
    const dense = mk({ useSqrt: false, solver: 'dense' });
    for (const v of [[-0.02, 0.2, 0.1], [0.3, -0.1, 0.2], [0.3, 0.2, -0.02]])
      for (const reml of [true, false]) {
        sparse.reml = reml;
        dense.reml = reml;
        const o = oracle(cs.y, cs.X, cs.groups, cs.psi([], v), reml);
        expect(o.minEig).toBeGreaterThan(0.1); // V positive definite, not near singular
        const ls = sparse.loglike(v);
        expect(innerOf(sparse)).toBeInstanceOf(SparsePsiInner);
        expect(Math.abs(ls - o.ll)).toBeLessThanOrEqual(1e-10 * Math.abs(o.ll)); // 1e-10 relative, as for the small data sets
        const ld = dense.loglike(v);
        expect(innerOf(dense)).toBeInstanceOf(DensePsiInner);
        expect(Math.abs(ls - ld)).toBeLessThanOrEqual(1e-10 * Math.abs(ld)); // 1e-10 relative
        const sd = dense.score(v);
        sparse.score(v).forEach((x, i) => expect(Math.abs(x - sd[i]!)).toBeLessThan(1e-8 * Math.max(1, Math.abs(x)))); // 1e-8 relative
      }
  });

  it('V with an even number of negative eigenvalues (det V > 0): rejected by the exact inertia of C (sparse and dense)', () => {
    for (const solver of ['sparse', 'dense'] as const) {
      const m = mk({ useSqrt: false, solver });
      for (const [v, neg] of [[[0.3, -0.2, 0.1], 2], [[0.3, -0.3, 0.1], 4], [[-0.1, 0.2, 0.1], 6]] as const) {
        const o = oracle(cs.y, cs.X, cs.groups, cs.psi([], [...v]), true);
        expect(o.negEig).toBe(neg); // even: the sign of det V = det Ψ · det C alone would accept the point
        expect(Number.isNaN(m.loglike([...v]))).toBe(true);
        expect(innerOf(m)).toBeInstanceOf(solver === 'sparse' ? SparsePsiInner : DensePsiInner);
        expect(m.score([...v]).every(Number.isNaN)).toBe(true);
      }
    }
  });
});

describe('ψ-direct on a model built from cross products (no rows: the sums come from the inner solver)', () => {
  // the ψ-direct solver takes A = ZᵀZ, B = ZᵀX, c = Zᵀy from the model's own inner solver; it used to
  // recompute them from the rows, which a fromCrossProducts model does not have (Z = 0: a wrong finite value)
  const cases = [
    { name: 'Penicillin, two crossed components (sparse single block)', formula: 'diameter ~ 1 + (1 | plate) + (1 | sample)', file: 'data/Penicillin.csv', kind: 'sparse', points: [[-0.01, 3], [0.5, -0.02], [0.5, 3]] },
    { name: 'sleepstudy, (Days | Subject) (dense per group)', formula: 'Reaction ~ Days + (Days | Subject)', file: 'data/sleepstudy.csv', kind: 'dense', points: [[0.001, 0.05, 0.02], [1, 0.1, 0.05]] },
  ];
  for (const c of cases)
    it(c.name, () => {
      const t = readTableSync(c.file);
      const rows = MixedLM.fromFormula(c.formula, t, { useSqrt: false });
      const cross = MixedLM.fromCrossProducts(crossProductsInMemory(c.formula, t), { useSqrt: false });
      expect(cross.solverKind).toBe(c.kind); // so both ψ-direct solvers are checked
      for (const x of c.points)
        for (const reml of [true, false]) {
          rows.reml = reml;
          cross.reml = reml;
          const a = rows.loglike(x);
          expect(Number.isFinite(a)).toBe(true);
          expect(Math.abs(cross.loglike(x) - a)).toBeLessThan(1e-9 * Math.abs(a)); // 1e-9 relative: the same sums, summed in another order
        }
    });
});

describe('fits with useSqrt: false match the statsmodels references', () => {
  const sm = loadJson('statsmodels.json');
  const builders: Record<string, Mk> = { sleepstudy_slopes: sleepstudy, dyestuff, penicillin, pastes };
  const close = (a: number, b: number, rtol: number, atol = 0): void => {
    expect(Math.abs(a - b), `${a} vs ${b}`).toBeLessThanOrEqual(rtol * Math.abs(b) + atol);
  };
  for (const name of Object.keys(builders))
    for (const tag of ['reml', 'ml'])
      for (const solver of name === 'penicillin' ? (['dense', 'sparse'] as const) : (['auto'] as const))
        it(`${name} ${tag} ${solver}`, () => {
          const ref = sm[`${name}_${tag}`]!;
          const r = builders[name]!({ useSqrt: false, solver }).fit({ reml: tag === 'reml' });
          expect(r.converged).toBe(true);
          // the same tolerances as reference.test.ts: fe 1e-4, variances 2e-3 relative, llf 1e-4 absolute
          ref.fe_params.forEach((v: number, i: number) => close(r.feParams[i]!, v, 1e-4));
          ref.cov_re.forEach((row: number[], i: number) => row.forEach((v, j) => close(r.covRe[i]![j]!, v, 2e-3, 1e-8)));
          ref.vcomp.forEach((v: number, i: number) => close(r.vcomp[i]!, v, 2e-3));
          close(r.scale, ref.scale, 1e-4);
          close(r.llf, ref.llf, 0, 1e-4);
        });
});

/** Seeded random symmetric n × n matrix (entries uniform in [−0.5, 0.5], diagonal shifted by `shift`), row-major. */
function randomSym(rnd: () => number, n: number, shift: number): Float64Array {
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j <= i; j++) a[i * n + j] = a[j * n + i] = rnd() - 0.5 + (i === j ? shift : 0);
  return a;
}

describe('small dense LDLᵀ (dense.ts) and continuity at the PSD boundary', () => {
  it('ldlInPlace/ldlSolve on seeded symmetric indefinite matrices: residuals, log|det| and inertia against symEigen', () => {
    const rnd = mulberry32(15);
    const eps = 2.2e-16;
    for (const n of [1, 2, 5, 9, 20])
      for (const shift of [0, 0.3, -0.3]) {
        const a = randomSym(rnd, n, shift);
        const off = 3; // the factor lives inside a larger array, as the per-group blocks do
        const f = new Float64Array(off + n * n);
        f.set(a, off);
        for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) f[off + i * n + j] = NaN; // only the lower triangle is read
        expect(ldlInPlace(f, off, n)).toBe(-1);
        const { values } = symEigen(a, n);
        // Sylvester: inertia(A) = inertia(D); log|det A| = Σ log|d_i| = Σ log|λ_i|
        let neg = 0;
        let ld = 0;
        for (let i = 0; i < n; i++) {
          const d = f[off + i * n + i]!;
          if (d < 0) neg++;
          ld += Math.log(Math.abs(d));
        }
        expect(neg).toBe(values.filter((x) => x < 0).length);
        expect(Math.abs(ld - values.reduce((s, x) => s + Math.log(Math.abs(x)), 0))).toBeLessThan(1e-10 * n); // both backward stable; κ-free at these sizes
        // three right-hand sides at an offset: A x = b with the componentwise backward error of LDLᵀ
        // (Higham, Accuracy and Stability, Thm 9.3 / §11.1): |A x̂ − b| ≤ γ_{3n} |L||D||Lᵀ| |x̂|
        const ncol = 3;
        const xo = 2;
        const b = Float64Array.from({ length: n * ncol }, () => rnd() - 0.5);
        const x = new Float64Array(xo + n * ncol);
        x.set(b, xo);
        ldlSolve(f, off, n, x, xo, ncol);
        const L = (i: number, k: number): number => (i === k ? 1 : i > k ? f[off + i * n + k]! : 0);
        const D = (k: number): number => f[off + k * n + k]!;
        for (let c = 0; c < ncol; c++) {
          const xc = Array.from({ length: n }, (_, j) => x[xo + j * ncol + c]!);
          for (let i = 0; i < n; i++) {
            let r = -b[i * ncol + c]!;
            for (let j = 0; j < n; j++) r += a[i * n + j]! * xc[j]!;
            let bound = 0; // (|L||D||Lᵀ||x|)_i
            for (let k = 0; k < n; k++) {
              let lx = 0;
              for (let j = 0; j < n; j++) lx += Math.abs(L(j, k) * xc[j]!);
              bound += Math.abs(L(i, k) * D(k)) * lx;
            }
            expect(Math.abs(r)).toBeLessThanOrEqual(((3 * n * eps) / (1 - 3 * n * eps)) * bound + 1e-300);
          }
        }
      }
    // A = [[1, 2], [2, 1]]: d = (1, −3), one negative eigenvalue (3 and −1), A⁻¹[3, 3] = [1, 1]
    const e = Float64Array.of(1, 2, 2, 1);
    expect(ldlInPlace(e, 0, 2)).toBe(-1);
    expect([e[0], e[2], e[3]]).toEqual([1, 2, -3]);
    const y = Float64Array.of(3, 3);
    ldlSolve(e, 0, 2, y, 0, 1);
    expect(Array.from(y)).toEqual([1, 1]);
  });

  it('ldlInPlace reports the first zero or non-finite pivot (no pivoting)', () => {
    expect(ldlInPlace(Float64Array.of(0, 1, 1, 0), 0, 2)).toBe(0); // nonsingular, but d₁ = 0 without a row exchange
    expect(ldlInPlace(Float64Array.of(1, 2, 3, 2, 4, 5, 3, 5, 6), 0, 3)).toBe(1); // leading 2 × 2 block singular
    expect(ldlInPlace(Float64Array.of(1e-300, 1e300, 1e300, 1), 0, 2)).toBe(1); // d₂ = 1 − 1e600/1e-300 = −∞
    expect(ldlInPlace(Float64Array.of(9, 9, 9, 2, 1, 1, 0.5), 3, 2)).toBe(1); // at offset 3: [[2, 1], [1, 0.5]], d₂ = 0.5 − 1/2 = 0
  });

  it('loglike is continuous where a variance crosses 0 (Cholesky path at +ε, ψ-direct at −ε)', () => {
    for (const solver of ['dense', 'sparse'] as const) {
      const m = penicillin({ useSqrt: false, solver });
      const a = m.loglike([1e-9, 3]);
      const b = m.loglike([-1e-9, 3]);
      expect(Math.abs(a - b)).toBeLessThan(1e-6); // |∂ll/∂v|·2e-9 ≈ 1e-7
    }
    const s = pastes({ useSqrt: false });
    expect(Math.abs(s.loglike([2, 1e-9]) - s.loglike([2, -1e-9]))).toBeLessThan(1e-6); // same
  });
});
