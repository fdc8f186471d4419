/**
 * ANOVA tables of the fixed-effect terms of a formula model, with lmerTest's
 * hypotheses: type 1 (sequential: rows of the unit upper-triangular Doolittle
 * factor of XᵀX, in the design's column order), type 2 (each term adjusted for
 * every term not containing it: L = X_tᵀ(I − P₁)X), type 3 (lmerTest's default
 * for treatment-coded factors: each full-dummy column expressed in the model's
 * columns, L₀ = (X⁺X̃)ᵀ, a term's columns orthogonalized against the columns of
 * the terms containing it, higher-order terms first; with no containment this
 * is "the term's coefficients are 0").
 */
import { InvalidArgumentError, UnsupportedDdfError } from '../../errors.js';
import { Table } from '../../data/table.js';
import { buildDesign, type DesignInfo, type TermInfo } from '../../formula/design.js';
import { mulberry32 } from './simulate.js';
import type { MixedLMResults } from '../results.js';
import { fTestRows, resolveDdf, type DdfMethod, type DdfOptions } from './contrasts.js';
import { spdInverse, symEigen } from './linalg.js';
import { crossprodRows } from '../prepare.js';

/**
 * Options of `results.anova`.
 *
 * @example
 * ```ts
 * r.anova({ type: 2, ddf: 'kenward-roger' });
 * ```
 */
export interface AnovaOptions extends DdfOptions {
  /** Hypothesis type (default 3, as lmerTest). */
  type?: 1 | 2 | 3;
}

/**
 * One row of an ANOVA table.
 *
 * @example
 * ```ts
 * const row: AnovaRow = { term: 'Days', numDf: 1, denDf: 17, F: 45.85, p: 3.26e-6 };
 * ```
 */
export interface AnovaRow {
  term: string;
  numDf: number;
  denDf: number;
  F: number;
  p: number;
}

/** XᵀX (p × p) of the model's fixed-effects design. */
function crossprod(r: MixedLMResults): Float64Array {
  const { X, n, p } = r.model.data;
  return crossprodRows(X, n, p).g;
}

/** Rows v_kᵀL for the eigenvectors of LLᵀ with non-negligible eigenvalues (same row space, full rank). */
function fullRankRows(L: number[][]): number[][] {
  const q = L.length;
  if (q === 0) return [];
  const p = L[0]!.length;
  const G = new Float64Array(q * q);
  for (let i = 0; i < q; i++) for (let j = 0; j < q; j++) G[i * q + j] = L[i]!.reduce((a, v, k) => a + v * L[j]![k]!, 0);
  const { values, vectors } = symEigen(G, q);
  const mx = Math.max(0, ...values);
  const out: number[][] = [];
  for (let k = 0; k < q; k++) {
    if (!(values[k]! > 1e-10 * mx)) continue;
    const row = new Array<number>(p).fill(0);
    for (let i = 0; i < q; i++) for (let j = 0; j < p; j++) row[j]! += vectors[i * q + k]! * L[i]![j]!;
    out.push(row);
  }
  return out;
}

const contains = (big: TermInfo, small: TermInfo): boolean =>
  big !== small && small.factors.length < big.factors.length && small.factors.every((f) => big.factors.includes(f));

function cols(t: TermInfo): number[] {
  return Array.from({ length: t.end - t.start }, (_, i) => t.start + i);
}

/** Type 1: rows of Lᵀ (XᵀX = LDLᵀ, L unit lower) for each term's columns (sequential, design column order). */
function type1(r: MixedLMResults, terms: readonly TermInfo[]): Map<TermInfo, number[][]> {
  const U = doolittleRows(crossprod(r), r.kFe);
  const out = new Map<TermInfo, number[][]>();
  for (const t of terms) out.set(t, cols(t).map((i) => U[i]!));
  return out;
}

/**
 * Type 2: each term adjusted for every term not containing it. The row space is
 * that of X_tᵀ(I − P₁)X (P₁: projection on the other terms not containing t);
 * Satterthwaite's multi-df F depends on the basis, so we take lmerTest's: the
 * identity on the term's columns when no term contains it (then type 2 = type 3),
 * else the Doolittle rows of XᵀX with the columns ordered (terms not containing
 * t, t, terms containing t).
 */
function type2(r: MixedLMResults, terms: readonly TermInfo[], all: readonly TermInfo[]): Map<TermInfo, number[][]> {
  const p = r.kFe;
  const A = crossprod(r);
  const out = new Map<TermInfo, number[][]>();
  for (const t of terms) {
    const ct = cols(t);
    const c3 = all.filter((o) => contains(o, t)).flatMap(cols);
    if (c3.length === 0) {
      out.set(t, ct.map((i) => Array.from({ length: p }, (_, j) => (j === i ? 1 : 0))));
      continue;
    }
    const c1 = all.filter((o) => o !== t && !contains(o, t)).flatMap(cols);
    const perm = [...c1, ...ct, ...c3];
    const Ap = new Float64Array(p * p);
    for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) Ap[a * p + b] = A[perm[a]! * p + perm[b]!]!;
    const U = doolittleRows(Ap, p);
    out.set(
      t,
      ct.map((_, k) => {
        const src = U[c1.length + k]!;
        const row = new Array<number>(p).fill(0);
        perm.forEach((orig, pos) => (row[orig] = src[pos]!));
        return row;
      }),
    );
  }
  return out;
}

/** Rows of Lᵀ for XᵀX = LDLᵀ (L unit lower), from the Cholesky factor C: row i = C[·, i]/C[i, i]. */
function doolittleRows(A: Float64Array, p: number): number[][] {
  const C = Float64Array.from(A);
  for (let j = 0; j < p; j++) {
    let d = C[j * p + j]!;
    for (let k = 0; k < j; k++) d -= C[j * p + k]! ** 2;
    d = Math.sqrt(Math.max(d, 0));
    C[j * p + j] = d;
    for (let i = j + 1; i < p; i++) {
      let s = C[i * p + j]!;
      for (let k = 0; k < j; k++) s -= C[i * p + k]! * C[j * p + k]!;
      C[i * p + j] = d > 0 ? s / d : 0;
    }
  }
  return Array.from({ length: p }, (_, i) => Array.from({ length: p }, (_, k) => (k < i || !(C[i * p + i]! > 0) ? 0 : C[k * p + i]! / C[i * p + i]!)));
}

/**
 * Type 3 (lmerTest's default for treatment contrasts). The coefficients of the
 * full-dummy columns X̃ in the model's columns are exact linear identities of
 * the coding, so they are computed on a small synthetic grid of the factor
 * levels (numeric variables drawn at random) rather than on the data.
 */
function type3(r: MixedLMResults, info: DesignInfo, terms: readonly TermInfo[], all: readonly TermInfo[]): Map<TermInfo, number[][]> {
  const p = r.kFe;
  const out = new Map<TermInfo, number[][]>();
  const contained = terms.filter((t) => all.some((o) => contains(o, t)));
  if (contained.length === 0) {
    for (const t of terms) out.set(t, cols(t).map((i) => Array.from({ length: p }, (_, j) => (j === i ? 1 : 0))));
    return out;
  }
  // synthetic grid over the categorical variables, 3 replicates, random numeric variables
  const cats = new Map<string, readonly string[]>();
  for (const f of info.factors.values())
    if (f.kind === 'categorical') {
      if (f.variable === null) throw new UnsupportedDdfError('anova type 3', `factor '${f.code}' is not a single data column; use type 1 or 2`);
      cats.set(f.variable, f.levels);
    }
  const catNames = [...cats.keys()];
  let cells = 1;
  for (const l of cats.values()) cells *= l.length;
  const reps = 3;
  const n = cells * reps;
  if (n > 200000) throw new UnsupportedDdfError('anova type 3', `too many factor-level combinations (${cells})`);
  const rng = mulberry32(12345);
  const columns: Record<string, ArrayLike<unknown>> = {};
  for (const v of info.variables) {
    if (cats.has(v)) continue;
    columns[v] = Float64Array.from({ length: n }, () => 0.5 + 2 * rng());
  }
  const levelIx = catNames.map(() => new Int32Array(n));
  catNames.forEach((v, ci) => {
    const levels = cats.get(v)!;
    let stride = 1;
    for (let k = 0; k < ci; k++) stride *= cats.get(catNames[k]!)!.length;
    const vals: string[] = new Array(n);
    for (let i = 0; i < n; i++) {
      const li = Math.floor((i % cells) / stride) % levels.length;
      levelIx[ci]![i] = li;
      vals[i] = levels[li]!;
    }
    columns[v] = vals;
  });
  const table = Table.fromColumns(columns);
  const X = info.build(table).matrix;
  // numeric factor values: a single-factor term's column, else the factor evaluated alone
  const numVal = new Map<string, Float64Array>();
  const numericOf = (code: string): Float64Array => {
    let v = numVal.get(code);
    if (v) return v;
    const own = all.find((t) => t.factors.length === 1 && t.factors[0] === code);
    if (own) v = Float64Array.from({ length: n }, (_, i) => X[i * p + own.start]!);
    else v = buildDesign(`0 + ${code}`, table).matrix;
    numVal.set(code, v);
    return v;
  };
  // full-dummy columns X̃: per term, every level combination of its categorical factors
  const rd: Float64Array[] = [];
  for (const t of all) {
    const parts = t.factors.map((code) => {
      const f = info.factors.get(code)!;
      return f.kind === 'numeric' ? { num: numericOf(code), ci: -1, nl: 1 } : { num: null, ci: catNames.indexOf(f.variable!), nl: f.levels.length };
    });
    const combo = new Array<number>(parts.length).fill(0);
    const total = parts.reduce((a, q) => a * q.nl, 1);
    for (let c = 0; c < total; c++) {
      const col = new Float64Array(n).fill(1);
      parts.forEach((q, f) => {
        if (q.num) for (let i = 0; i < n; i++) col[i]! *= q.num[i]!;
        else for (let i = 0; i < n; i++) if (levelIx[q.ci]![i] !== combo[f]) col[i] = 0;
      });
      rd.push(col);
      for (let f = 0; f < combo.length; f++) {
        combo[f]!++;
        if (combo[f]! < parts[f]!.nl) break;
        combo[f] = 0;
      }
    }
  }
  // L₀ (prd × p): row k = (XᵀX)⁻¹Xᵀ x̃_k
  const XtXi = spdInverse(crossprodRows(X, n, p).g, p);
  if (!XtXi) throw new UnsupportedDdfError('anova type 3', 'could not express the full-dummy coding in the model columns');
  const L0 = rd.map((col) => {
    const xt = new Float64Array(p);
    for (let i = 0; i < n; i++) {
      const v = col[i]!;
      if (v === 0) continue;
      for (let a = 0; a < p; a++) xt[a]! += X[i * p + a]! * v;
    }
    const row = new Float64Array(p);
    for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) row[a]! += XtXi[a * p + b]! * xt[b]!;
    return row;
  });
  // the rows of X̃ that are X's own columns, in X's order
  const match = Array.from({ length: p }, (_, j) => {
    const k = rd.findIndex((col) => {
      for (let i = 0; i < n; i++) if (Math.abs(col[i]! - X[i * p + j]!) > 1e-9 * (1 + Math.abs(col[i]!))) return false;
      return true;
    });
    if (k < 0) throw new UnsupportedDdfError('anova type 3', `column '${info.columnNames[j]}' is not treatment coded; use type 1 or 2`);
    return k;
  });
  // orthogonalize columns of L₀, higher-order terms first
  const order = all.filter((t) => t.factors.length > 0).sort((a, b) => b.factors.length - a.factors.length);
  const prd = L0.length;
  for (const t of order) {
    const cont = all.filter((o) => contains(o, t)).flatMap(cols);
    if (cont.length === 0) continue;
    const k = cont.length;
    const G = new Float64Array(k * k);
    for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) for (let i = 0; i < prd; i++) G[a * k + b]! += L0[i]![cont[a]!]! * L0[i]![cont[b]!]!;
    const { values, vectors } = symEigen(G, k);
    const mx = Math.max(0, ...values);
    for (const j of cols(t)) {
      // residual of column j on span(cont) (least squares via the eigen pseudo-inverse)
      const z = new Float64Array(k);
      for (let a = 0; a < k; a++) for (let i = 0; i < prd; i++) z[a]! += L0[i]![cont[a]!]! * L0[i]![j]!;
      const coef = new Float64Array(k);
      for (let e = 0; e < k; e++) {
        if (!(values[e]! > 1e-10 * mx)) continue;
        let proj = 0;
        for (let a = 0; a < k; a++) proj += vectors[a * k + e]! * z[a]!;
        for (let a = 0; a < k; a++) coef[a]! += (vectors[a * k + e]! * proj) / values[e]!;
      }
      for (let i = 0; i < prd; i++) {
        let fit = 0;
        for (let a = 0; a < k; a++) fit += L0[i]![cont[a]!]! * coef[a]!;
        L0[i]![j]! -= fit;
      }
    }
  }
  for (const t of terms)
    out.set(
      t,
      cols(t)
        .map((j) => match.map((k) => (Math.abs(L0[k]![j]!) < 1e-10 ? 0 : L0[k]![j]!)))
        .filter((row) => row.some((v) => v !== 0)),
    );
  return out;
}

/**
 * The ANOVA table of a formula model's fixed-effect terms (intercept left out), F tests with `ddf`.
 *
 * @example
 * ```ts
 * anovaTable(r, { type: 3, ddf: 'satterthwaite' });
 * ```
 */
export function anovaTable(r: MixedLMResults, options: AnovaOptions = {}): AnovaRow[] {
  const type = options.type ?? 3;
  if (type !== 1 && type !== 2 && type !== 3) throw new InvalidArgumentError('type', `expected 1, 2 or 3, got '${String(type)}'`);
  const info = r.model.formula?.fixedDesign;
  if (!info) throw new InvalidArgumentError('anova', 'an ANOVA table needs a model built with MixedLM.fromFormula (terms map to columns)');
  const ddf: DdfMethod = resolveDdf(r, options);
  const all = info.terms;
  // lmerTest's row order: terms by degree, formula order within a degree
  const terms = all.filter((t) => t.factors.length > 0).map((t, i) => ({ t, i })).sort((a, b) => a.t.factors.length - b.t.factors.length || a.i - b.i).map((x) => x.t);
  if (terms.length === 0) return [];
  const Ls = type === 1 || (type === 3 && (r.kFe <= 1 || terms.length <= 1)) ? type1(r, terms) : type === 2 ? type2(r, terms, all) : type3(r, info, terms, all);
  return terms.map((t) => {
    const rows = fullRankRows(Ls.get(t)!);
    if (rows.length === 0) return { term: t.name, numDf: 0, denDf: NaN, F: NaN, p: NaN };
    return { term: t.name, ...fTestRows(r, rows, ddf) };
  });
}
