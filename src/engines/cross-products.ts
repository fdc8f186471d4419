/**
 * The sufficient statistics of the Gaussian mixed model: [Z X y]ᵀ[Z X y] and n.
 * Every engine (in memory, DuckDB, ClickHouse) produces this one shape; the
 * model fits from it (`MixedLM.fromCrossProducts`).
 */
import { CscMatrix } from '../sparse/csc.js';
import type { ModelCrossProducts } from '../model/cross-products.js';
import * as crossModel from '../model/cross-products-model.js';
import { install } from '../registry.js';

// Every maker of cross products (in memory, SQL, sums assembled by hand) goes through
// assembleCrossProducts here, so a bundle that can make them carries the model's reader of them
// (MixedLM.fromCrossProducts) and one that imports only MixedLM does not (src/registry.ts).
install('crossModel', crossModel);

/**
 * One random-effects term `(expr | f)` of a {@link CrossProducts}.
 *
 * @example
 * ```ts
 * const t: CrossProductTerm = { label: '(Days | Subject)', group: 'Subject', columns: ['(Intercept)', 'Days'], levels: ['308', '309'] };
 * ```
 */
export interface CrossProductTerm {
  /** lme4 term text, e.g. '(1 + x | g)' */
  label: string;
  /** grouping factor name as lme4 prints it, e.g. 'g' or 'school:lea' */
  group: string;
  /** the term's k column names in order, e.g. ['(Intercept)', 'x'] */
  columns: string[];
  /** the l levels of the grouping factor, in the order of the blocks below (sorted as the in-memory path sorts them) */
  levels: string[];
}

/**
 * Cross products of a mixed model's data. Z = [Z₁ … Z_m]; term i occupies
 * lᵢ·kᵢ columns of Z, level-major (level j's kᵢ columns adjacent), terms in
 * formula order after lme4's expansion (`a/b` → a, a:b; `||` → scalar terms).
 *
 * @example
 * ```ts
 * const cp = crossProductsInMemory('Reaction ~ Days + (Days | Subject)', sleepstudy);
 * cp.ZtZ.ncol; // 36 (18 subjects × 2 columns)
 * ```
 */
export interface CrossProducts extends ModelCrossProducts {
  response: string;
  /** the terms in lme4's words (each also a `CrossProductsTerm` of the model) */
  terms: CrossProductTerm[];
  /** rows dropped because a formula variable was missing (NULL / NaN) */
  nDropped: number;
}

/**
 * Per-term sums an engine returns (one row per level): the diagonal k×k
 * blocks ZᵢᵀZᵢ, ZᵢᵀX and Zᵢᵀy, level-major.
 *
 * @example
 * ```ts
 * const b: TermSums = { term, diag: new Float64Array(l * k * k), zx: new Float64Array(l * k * p), zy: new Float64Array(l * k) };
 * ```
 */
export interface TermSums {
  term: CrossProductTerm;
  /** l·k·k: level j's block row-major at j·k·k */
  diag: Float64Array;
  /** l·k·p: row (j·k + r) of ZᵢᵀX at (j·k + r)·p */
  zx: Float64Array;
  /** l·k */
  zy: Float64Array;
}

/**
 * Off-diagonal sums ZₐᵀZ_b (a < b) over the level pairs that occur.
 *
 * @example
 * ```ts
 * const s: PairSums = { a: 0, b: 1, la: Int32Array.of(0), lb: Int32Array.of(3), values: Float64Array.of(2) };
 * ```
 */
export interface PairSums {
  a: number;
  b: number;
  /** level of term a per pair */
  la: Int32Array;
  /** level of term b per pair */
  lb: Int32Array;
  /** kₐ·k_b per pair, row-major (row = column of term a) */
  values: Float64Array;
}

/**
 * Assembles {@link CrossProducts} from per-term and per-pair sums: ZᵀZ in CSC
 * with both triangles (diagonal blocks dense k×k per level, off-diagonal blocks
 * and their transposes per occurring level pair). With a single term, its `zx`
 * and `zy` arrays are taken over as ZᵀX and Zᵀy (not copied).
 *
 * @example
 * ```ts
 * const cp = assembleCrossProducts({ n, response: 'y', feNames, XtX, Xty, yty, terms, pairs, nDropped: 0 });
 * ```
 */
export function assembleCrossProducts(parts: Pick<CrossProducts, 'n' | 'response' | 'feNames' | 'XtX' | 'Xty' | 'yty' | 'nDropped' | 'yOffset'> & { terms: TermSums[]; pairs: PairSums[] }): CrossProducts {
  const p = parts.feNames.length;
  const offset: number[] = [];
  let q = 0;
  for (const t of parts.terms) {
    offset.push(q);
    q += t.term.levels.length * t.term.columns.length;
  }
  if (parts.pairs.length === 0) return blockDiagonal(parts, offset, q);
  let nnz = 0;
  for (const t of parts.terms) nnz += t.term.levels.length * t.term.columns.length ** 2;
  for (const pr of parts.pairs) nnz += 2 * pr.values.length;
  const rows = new Int32Array(nnz);
  const cols = new Int32Array(nnz);
  const vals = new Float64Array(nnz);
  let w = 0;
  const ZtX = new Float64Array(q * p);
  const Zty = new Float64Array(q);
  parts.terms.forEach((t, i) => {
    const k = t.term.columns.length;
    const l = t.term.levels.length;
    const o = offset[i]!;
    for (let j = 0; j < l; j++) {
      const base = o + j * k;
      for (let r = 0; r < k; r++) {
        for (let c = 0; c < k; c++) {
          rows[w] = base + r;
          cols[w] = base + c;
          vals[w++] = t.diag[(j * k + r) * k + c]!;
        }
      }
    }
    ZtX.set(t.zx, o * p);
    Zty.set(t.zy, o);
  });
  for (const pr of parts.pairs) {
    const ka = parts.terms[pr.a]!.term.columns.length;
    const kb = parts.terms[pr.b]!.term.columns.length;
    const oa = offset[pr.a]!;
    const ob = offset[pr.b]!;
    const m = pr.la.length;
    for (let s = 0; s < m; s++) {
      const ra = oa + pr.la[s]! * ka;
      const cb = ob + pr.lb[s]! * kb;
      for (let r = 0; r < ka; r++) {
        for (let c = 0; c < kb; c++) {
          const v = pr.values[(s * ka + r) * kb + c]!;
          rows[w] = ra + r;
          cols[w] = cb + c;
          vals[w++] = v;
          rows[w] = cb + c;
          cols[w] = ra + r;
          vals[w++] = v;
        }
      }
    }
  }
  return withZ(parts, CscMatrix.fromTriplets(q, q, rows, cols, vals), ZtX, Zty);
}

/** The cross products from the parts the engine summed and the assembled ZᵀZ, ZᵀX, Zᵀy. */
function withZ(parts: Parameters<typeof assembleCrossProducts>[0], ZtZ: CscMatrix, ZtX: Float64Array, Zty: Float64Array): CrossProducts {
  return {
    n: parts.n,
    response: parts.response,
    feNames: parts.feNames,
    XtX: parts.XtX,
    Xty: parts.Xty,
    yty: parts.yty,
    terms: parts.terms.map((t) => t.term),
    ZtZ,
    ZtX,
    Zty,
    nDropped: parts.nDropped,
    ...(parts.yOffset ? { yOffset: { ...parts.yOffset } } : {}),
  };
}

/**
 * {@link assembleCrossProducts} without pairs (one term, or terms whose
 * levels never meet): ZᵀZ is block diagonal, so its CSC is written directly
 * (column j of level g's block holds rows g·k … g·k + k − 1) instead of sorting
 * l·k² triplets. Same matrix as the triplet route, explicit zeros included.
 * With one term its `zx` and `zy` become ZᵀX and Zᵀy themselves (fresh memory
 * is dear at a million levels).
 */
function blockDiagonal(parts: Parameters<typeof assembleCrossProducts>[0], offset: number[], q: number): CrossProducts {
  const p = parts.feNames.length;
  let nnz = 0;
  for (const t of parts.terms) nnz += t.term.levels.length * t.term.columns.length ** 2;
  const colPtr = new Int32Array(q + 1);
  const rowIdx = new Int32Array(nnz);
  const vals = new Float64Array(nnz);
  // one term: its ZᵀX and Zᵀy sums are the whole ZᵀX and Zᵀy (taken over, not copied: the sums are built for this call)
  const t0 = parts.terms.length === 1 ? parts.terms[0]! : null;
  const own = t0 !== null && t0.zx.length === q * p && t0.zy.length === q;
  const ZtX = own ? t0.zx : new Float64Array(q * p);
  const Zty = own ? t0.zy : new Float64Array(q);
  let w = 0;
  parts.terms.forEach((t, i) => {
    const k = t.term.columns.length;
    const l = t.term.levels.length;
    const o = offset[i]!;
    const d = t.diag;
    for (let g = 0; g < l; g++) {
      const base = o + g * k;
      for (let c = 0; c < k; c++) {
        for (let r = 0; r < k; r++) {
          rowIdx[w] = base + r;
          vals[w++] = d[(g * k + r) * k + c]!;
        }
        colPtr[base + c + 1] = w;
      }
    }
    if (!own) {
      ZtX.set(t.zx, o * p);
      Zty.set(t.zy, o);
    }
  });
  return withZ(parts, new CscMatrix(q, q, colPtr, rowIdx, vals), ZtX, Zty);
}
