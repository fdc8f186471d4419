/**
 * Cross products [Z X y]ᵀ[Z X y] of a table held in memory: one pass over the
 * rows of typed columns, coded by the formula machinery that `fromFormula` uses.
 */
import { DataError, FormulaError, InvalidArgumentError } from '../errors.js';
import { toTable, type TableInput } from '../data/table.js';
import { buildDesign, formulaVariables } from '../formula/design.js';
import { parseFormula } from '../formula/parser.js';
import { isMissingAt } from '../data/column.js';
import { groupingFactor } from '../formula/grouping.js';
import { parseMixedFormula, type RandomTerm } from '../formula/mixed.js';
import { completeRows, responseVector } from '../formula/response.js';
import { assembleCrossProducts, type CrossProducts, type PairSums, type TermSums } from './cross-products.js';
import { responseOffset } from '../model/cross-products.js';

/**
 * Options of {@link crossProductsInMemory}.
 *
 * @example
 * ```ts
 * const o: MemoryCrossProductOptions = { missing: 'raise' };
 * ```
 */
export interface MemoryCrossProductOptions {
  /** `'drop'` (default, as the SQL engines do): rows missing any formula variable are left out and counted; `'raise'`: a DataError naming the column and row. */
  missing?: 'drop' | 'raise';
}

/**
 * lme4's text of an expanded random term, e.g. `'(1 + x | g)'`.
 *
 * @example
 * ```ts
 * termLabel(parseMixedFormula('y ~ (x || g)').random[1]!); // '(0 + x | g)'
 * ```
 */
export function termLabel(t: RandomTerm): string {
  return `(${t.expr} | ${t.text})`;
}

/**
 * patsy's `Intercept` → lme4's `(Intercept)`; other names unchanged.
 *
 * @example
 * ```ts
 * lme4Column('Intercept'); // '(Intercept)'
 * ```
 */
export function lme4Column(name: string): string {
  return name === 'Intercept' ? '(Intercept)' : name;
}

/** A growable Float64Array of blocks of `width` values. */
class BlockList {
  data: Float64Array;
  count = 0;
  constructor(readonly width: number) {
    this.data = new Float64Array(Math.max(1, width) * 64);
  }
  push(): number {
    if ((this.count + 1) * this.width > this.data.length) {
      const next = new Float64Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    return this.count++;
  }
}

/**
 * The cross products of `formula` (lme4 dialect: fixed part as `fromFormula`
 * codes it, any number of random terms `(expr | f)`, `||`, `a:b`, `a/b`) on a
 * table in memory. Levels of each grouping factor are sorted as `fromFormula`
 * sorts them; blocks of Z are level-major.
 *
 * @example
 * ```ts
 * const cp = crossProductsInMemory('Reaction ~ Days + (Days | Subject)', sleepstudy);
 * cp.feNames;           // ['Intercept', 'Days']
 * cp.terms[0]!.columns; // ['(Intercept)', 'Days']
 * ```
 */
export function crossProductsInMemory(formula: string, data: TableInput, options: MemoryCrossProductOptions = {}): CrossProducts {
  const missing = options.missing ?? 'drop';
  if (missing !== 'drop' && missing !== 'raise') throw new InvalidArgumentError('missing', `expected 'drop' or 'raise', got '${String(missing)}'`);
  const mf = parseMixedFormula(formula);
  if (mf.response === null) throw new FormulaError('formula has no response (left-hand side)', formula, 0);
  if (mf.random.length === 0) throw new FormulaError("the formula has no random-effects term '(... | g)'", formula, formula.length);
  let table = toTable(data);
  const mask = completeRows([formula], table);
  const keep: number[] = [];
  for (let i = 0; i < mask.length; i++) if (mask[i]) keep.push(i);
  const nDropped = table.nrow - keep.length;
  if (nDropped > 0) {
    if (missing === 'raise') {
      const row = mask.indexOf(0);
      const names = formulaVariables(parseFormula(formula)).filter((v) => table.has(v) && isMissingAt(table.column(v), row));
      throw new DataError(`missing value in '${names[0] ?? '?'}' at row ${row} (use missing: 'drop')`, { column: names[0] ?? '', row });
    }
    table = table.take(keep);
  }
  const n = table.nrow;
  const X = buildDesign(mf.fixed, table);
  const p = X.ncol;
  const xm = X.matrix;
  // sums of y − c (c ≈ mean of y) when an all-ones column absorbs c: no sum carries a large mean
  const y = Float64Array.from(responseVector(mf.fixed, table).values);
  let mean = 0;
  for (let i = 0; i < n; i++) mean += y[i]! / n;
  const yOffset = responseOffset(mean, X.info.interceptColumn);
  if (yOffset) for (let i = 0; i < n; i++) y[i]! -= yOffset.value;
  // fixed part: XᵀX (upper, mirrored), Xᵀy, yᵀy
  const XtX = new Float64Array(p * p);
  const Xty = new Float64Array(p);
  let yty = 0;
  for (let i = 0; i < n; i++) {
    const yi = y[i]!;
    const o = i * p;
    yty += yi * yi;
    for (let a = 0; a < p; a++) {
      const xa = xm[o + a]!;
      Xty[a]! += xa * yi;
      for (let b = a; b < p; b++) XtX[a * p + b]! += xa * xm[o + b]!;
    }
  }
  for (let a = 0; a < p; a++) for (let b = 0; b < a; b++) XtX[a * p + b] = XtX[b * p + a]!;
  const src = mf.formula;
  const terms = mf.random.map((t) => {
    const d = buildDesign(t.expr, table);
    if (d.ncol === 0) throw new FormulaError(`random term ${termLabel(t)} has no columns`, src, t.position);
    const gf = groupingFactor(table, t.grouping);
    return { t, z: d.matrix, k: d.ncol, codes: gf.codes, columns: d.columnNames.map(lme4Column), levels: gf.levels };
  });
  // per term: diagonal blocks, ZᵢᵀX, Zᵢᵀy
  const sums: TermSums[] = terms.map((tm) => {
    const { k, z, codes } = tm;
    const l = tm.levels.length;
    const diag = new Float64Array(l * k * k);
    const zx = new Float64Array(l * k * p);
    const zy = new Float64Array(l * k);
    for (let i = 0; i < n; i++) {
      const j = codes[i]!;
      const zo = i * k;
      const yi = y[i]!;
      const xo = i * p;
      for (let r = 0; r < k; r++) {
        const zr = z[zo + r]!;
        const row = j * k + r;
        zy[row]! += zr * yi;
        for (let c = 0; c < k; c++) diag[row * k + c]! += zr * z[zo + c]!;
        for (let c = 0; c < p; c++) zx[row * p + c]! += zr * xm[xo + c]!;
      }
    }
    return { term: { label: termLabel(tm.t), group: tm.t.text, columns: tm.columns, levels: tm.levels.slice() }, diag, zx, zy };
  });
  // per pair a < b: ZₐᵀZ_b over the level pairs that occur
  const pairs: PairSums[] = [];
  for (let a = 0; a < terms.length; a++) {
    for (let b = a + 1; b < terms.length; b++) {
      const A = terms[a]!;
      const B = terms[b]!;
      const w = A.k * B.k;
      const lb = B.levels.length;
      const index = new Map<number, number>();
      const blocks = new BlockList(w);
      const pa: number[] = [];
      const pb: number[] = [];
      for (let i = 0; i < n; i++) {
        const ja = A.codes[i]!;
        const jb = B.codes[i]!;
        const key = ja * lb + jb;
        let s = index.get(key);
        if (s === undefined) {
          s = blocks.push();
          index.set(key, s);
          pa.push(ja);
          pb.push(jb);
        }
        const v = blocks.data;
        const o = s * w;
        for (let r = 0; r < A.k; r++) {
          const zr = A.z[i * A.k + r]!;
          for (let c = 0; c < B.k; c++) v[o + r * B.k + c]! += zr * B.z[i * B.k + c]!;
        }
      }
      pairs.push({ a, b, la: Int32Array.from(pa), lb: Int32Array.from(pb), values: blocks.data.slice(0, blocks.count * w) });
    }
  }
  return assembleCrossProducts({ n, response: mf.response, feNames: [...X.columnNames], XtX, Xty, yty, terms: sums, pairs, nDropped, ...(yOffset ? { yOffset } : {}) });
}
