/**
 * t and F tests of fixed-effect contrasts with a choice of denominator
 * degrees of freedom: 'satterthwaite' (lmerTest), 'kenward-roger' (pbkrtest;
 * REML fits only, with the adjusted covariance of β̂), 'residual' (n − p) or
 * 'none' (statsmodels' z / χ² Wald tests with its covariance of the estimates).
 */
import { DimensionMismatchError, InvalidArgumentError, RankDeficientError, UnsupportedDdfError } from '../../errors.js';
import { chi2Sf } from './distributions.js';
import type { MixedLMResults } from '../results.js';
import { fSf, tTwoSided } from './fdist.js';
import { kenwardRogerAdjust, kenwardRogerDf, type KenwardRogerAdjusted } from './kenward-roger.js';
import { symEigen } from './linalg.js';
import { covarianceDerivatives, type CovarianceDerivatives } from './parts.js';
import { satterthwaiteDf, satterthwaiteF, varParCovariance } from './satterthwaite.js';

/**
 * Denominator degrees-of-freedom method.
 *
 * @example
 * ```ts
 * const m: DdfMethod = 'kenward-roger';
 * ```
 */
export type DdfMethod = 'satterthwaite' | 'kenward-roger' | 'residual' | 'none';

/**
 * Options of `coefTable`, `tTest(L, options)` and `fTest`.
 *
 * @example
 * ```ts
 * r.coefTable({ ddf: 'satterthwaite' });
 * ```
 */
export interface DdfOptions {
  /** Default: 'satterthwaite' for lme4-dialect formula models (lmerTest's default), else 'none'. */
  ddf?: DdfMethod;
}

/**
 * One row of a coefficient table or of a contrast t test.
 *
 * @example
 * ```ts
 * const row: CoefRow = { name: 'Days', estimate: 10.47, se: 1.546, df: 17, t: 6.77, p: 3.26e-6 };
 * ```
 */
export interface CoefRow {
  name: string;
  estimate: number;
  se: number;
  /** Infinity for 'none' (z test) */
  df: number;
  t: number;
  p: number;
}

/**
 * A joint F test of Lβ = 0.
 *
 * @example
 * ```ts
 * const f: FTestRow = { numDf: 2, denDf: 17, F: 130.4, p: 1e-11 };
 * ```
 */
export interface FTestRow {
  numDf: number;
  /** Infinity for 'none' (χ²/q test) */
  denDf: number;
  F: number;
  p: number;
}

const METHODS: readonly DdfMethod[] = ['satterthwaite', 'kenward-roger', 'residual', 'none'];

interface Context {
  d: CovarianceDerivatives;
  A: Float64Array | null;
  kr: KenwardRogerAdjusted | null;
}
const cache = new WeakMap<MixedLMResults, Context>();

function context(r: MixedLMResults): Context {
  let c = cache.get(r);
  if (!c) {
    c = { d: covarianceDerivatives(r), A: null, kr: null };
    cache.set(r, c);
  }
  return c;
}

/**
 * The ddf method of an options object, defaulting by dialect; typed errors for unknown names and KR on ML fits.
 *
 * @example
 * ```ts
 * resolveDdf(r, {}); // 'satterthwaite' for `y ~ x + (1 | g)` models
 * ```
 */
export function resolveDdf(r: MixedLMResults, options: DdfOptions | undefined): DdfMethod {
  const m = options?.ddf ?? (r.model.formula?.dialect === 'lme4' ? 'satterthwaite' : 'none');
  if (!METHODS.includes(m)) throw new InvalidArgumentError('ddf', `expected one of ${METHODS.join(', ')}, got '${String(m)}'`);
  if (m === 'kenward-roger' && !r.reml)
    throw new UnsupportedDdfError(m, "Kenward-Roger's method is only available for REML fits (as in lmerTest); refit with reml: true");
  return m;
}

/** Validates L (rows of length kFe, finite) without mutating it; returns a copy as rows. */
function checkL(r: MixedLMResults, L: readonly (readonly number[])[] | readonly number[], what: string): number[][] {
  const rows = (Array.isArray(L[0]) ? L : [L]) as readonly (readonly number[])[];
  if (rows.length === 0) throw new InvalidArgumentError(what, 'the contrast matrix has no rows');
  const p = r.kFe;
  return rows.map((row, i) => {
    if (!Array.isArray(row) && !ArrayBuffer.isView(row)) throw new InvalidArgumentError(what, `row ${i} is not an array`);
    if (row.length !== p) throw new DimensionMismatchError(what, `${p} columns (one per fixed effect)`, `${row.length} columns in row ${i}`);
    const out = Array.from(row, Number);
    const bad = out.findIndex((v) => !Number.isFinite(v));
    if (bad >= 0) throw new InvalidArgumentError(what, `entry (${i}, ${bad}) is not a finite number`);
    return out;
  });
}

/** Rank of the rows of L (eigenvalues of LLᵀ above a relative tolerance). */
function rowRank(L: number[][]): number {
  const q = L.length;
  const G = new Float64Array(q * q);
  for (let i = 0; i < q; i++) for (let j = 0; j < q; j++) G[i * q + j] = L[i]!.reduce((a, v, k) => a + v * L[j]![k]!, 0);
  const { values } = symEigen(G, q);
  const mx = Math.max(0, ...values);
  return mx === 0 ? 0 : values.filter((v) => v > 1e-10 * mx).length;
}

function quad(M: Float64Array | number[][], l: readonly number[]): number {
  const p = l.length;
  let s = 0;
  for (let a = 0; a < p; a++)
    for (let b = 0; b < p; b++) s += l[a]! * (M instanceof Float64Array ? M[a * p + b]! : M[a]![b]!) * l[b]!;
  return s;
}

function estimate(r: MixedLMResults, l: readonly number[]): number {
  return l.reduce((a, v, j) => a + v * r.feParams[j]!, 0);
}

/** One contrast's t test under a resolved method. */
function tRow(r: MixedLMResults, l: number[], name: string, ddf: DdfMethod): CoefRow {
  const est = estimate(r, l);
  let v: number;
  let df: number;
  if (ddf === 'none') {
    v = quad(r.covParams(), l.concat(new Array<number>(r.params.length - l.length).fill(0)));
    df = Infinity;
  } else {
    const c = context(r);
    if (ddf === 'kenward-roger') {
      c.kr ??= kenwardRogerAdjust(c.d);
      v = quad(c.kr.phiA, l);
      df = kenwardRogerDf(c.kr, [l]).denDf;
    } else {
      v = c.d.scale * quad(c.d.Hinv, l);
      if (ddf === 'residual') df = r.nobs - r.kFe;
      else {
        c.A ??= varParCovariance(c.d);
        df = satterthwaiteDf(c.d, c.A, l);
      }
    }
  }
  const se = Math.sqrt(v);
  const t = est / se;
  return { name, estimate: est, se, df, t, p: tTwoSided(t, df) };
}

/**
 * The fixed-effects table with t tests under a ddf method.
 *
 * @example
 * ```ts
 * coefTable(r, { ddf: 'kenward-roger' }); // [{ name: '(Intercept)', estimate, se, df, t, p }, ...]
 * ```
 */
export function coefTable(r: MixedLMResults, options?: DdfOptions): CoefRow[] {
  const ddf = resolveDdf(r, options);
  const names = r.model.exogNames;
  return names.map((name, j) => {
    const l = new Array<number>(r.kFe).fill(0);
    l[j] = 1;
    return tRow(r, l, name, ddf);
  });
}

/**
 * One t test per row of L (rows named `L[i]`).
 *
 * @example
 * ```ts
 * contrastTTest(r, [[0, 1]], { ddf: 'satterthwaite' })[0].df;
 * ```
 */
export function contrastTTest(r: MixedLMResults, L: readonly (readonly number[])[] | readonly number[], options?: DdfOptions): CoefRow[] {
  const rows = checkL(r, L, 'L');
  const ddf = resolveDdf(r, options);
  return rows.map((l, i) => {
    if (l.every((v) => v === 0)) throw new RankDeficientError('L', 0, 1);
    return tRow(r, l, `L[${i}]`, ddf);
  });
}

/**
 * The joint F test of Lβ = 0 (L of full row rank): Satterthwaite's F as
 * lmerTest (eigen-decomposition of L Var(β̂) Lᵀ), Kenward–Roger's scaled F
 * with Φ_A, or the Wald F with n − p ('residual') or ∞ ('none', χ²/q) df.
 *
 * @example
 * ```ts
 * contrastFTest(r, [[0, 1, 0], [0, 0, 1]], { ddf: 'kenward-roger' }); // { numDf: 2, denDf, F, p }
 * ```
 */
export function contrastFTest(r: MixedLMResults, L: readonly (readonly number[])[] | readonly number[], options?: DdfOptions): FTestRow {
  const rows = checkL(r, L, 'L');
  const rank = rowRank(rows);
  if (rank < rows.length) throw new RankDeficientError('L', rank, rows.length);
  const ddf = resolveDdf(r, options);
  return fTestRows(r, rows, ddf);
}

/** F test for validated full-rank rows. */
export function fTestRows(r: MixedLMResults, rows: number[][], ddf: DdfMethod): FTestRow {
  const q = rows.length;
  const b = rows.map((l) => estimate(r, l));
  const wald = (V: (a: number[], c: number[]) => number): number => {
    const M = new Float64Array(q * q);
    for (let i = 0; i < q; i++) for (let j = 0; j < q; j++) M[i * q + j] = V(rows[i]!, rows[j]!);
    const { values, vectors } = symEigen(M, q);
    let w = 0;
    for (let k = 0; k < q; k++) {
      let z = 0;
      for (let i = 0; i < q; i++) z += vectors[i * q + k]! * b[i]!;
      w += (z * z) / values[k]!;
    }
    return w;
  };
  const bil = (M: Float64Array, p: number) => (a: number[], c: number[]): number => {
    let s = 0;
    for (let x = 0; x < p; x++) for (let y = 0; y < p; y++) s += a[x]! * M[x * p + y]! * c[y]!;
    return s;
  };
  if (ddf === 'none') {
    const cp = r.covParams();
    const p = r.kFe;
    const M = new Float64Array(p * p);
    for (let x = 0; x < p; x++) for (let y = 0; y < p; y++) M[x * p + y] = cp[x]![y]!;
    const w = wald(bil(M, p));
    return { numDf: q, denDf: Infinity, F: w / q, p: chi2Sf(w, q) };
  }
  const c = context(r);
  const p = r.kFe;
  if (ddf === 'kenward-roger') {
    c.kr ??= kenwardRogerAdjust(c.d);
    const w = wald(bil(c.kr.phiA, p));
    const { denDf, scaling } = kenwardRogerDf(c.kr, rows);
    const F = (scaling * w) / q;
    return { numDf: q, denDf, F, p: fSf(F, q, denDf) };
  }
  if (ddf === 'residual') {
    const V = Float64Array.from(c.d.Hinv, (v) => v * c.d.scale);
    const F = wald(bil(V, p)) / q;
    const den = r.nobs - r.kFe;
    return { numDf: q, denDf: den, F, p: fSf(F, q, den) };
  }
  c.A ??= varParCovariance(c.d);
  const s = satterthwaiteF(c.d, c.A, rows);
  return { ...s, p: fSf(s.F, s.numDf, s.denDf) };
}

/**
 * Internal: Var(β̂) = σ²H⁻¹ (lme4's vcov) of a fit, p × p row-major.
 *
 * @example
 * ```ts
 * vcovBeta(r);
 * ```
 */
export function vcovBeta(r: MixedLMResults): Float64Array {
  const d = context(r).d;
  return Float64Array.from(d.Hinv, (v) => v * d.scale);
}
