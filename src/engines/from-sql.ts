/**
 * Cross products computed by a SQL engine: levels of the categorical
 * variables first, then one aggregation for the fixed part, one per random
 * term and one per pair of terms. Only O(levels) rows leave the engine.
 */
import { DataError } from '../errors.js';
import { Table } from '../data/table.js';
import { toColumn, type Column } from '../data/column.js';
import { groupingFactor } from '../formula/grouping.js';
import { numberLabel } from '../formula/evaluate.js';
import { assembleCrossProducts, type CrossProducts, type PairSums, type TermSums } from './cross-products.js';
import type { SqlEngine } from './engine.js';
import { SqlPlan, type AggregateQuery } from './sql.js';

/**
 * Options of {@link crossProductsFromSql}.
 *
 * @example
 * ```ts
 * const o: SqlCrossProductOptions = { onProgress: (phase) => console.error(phase) };
 * ```
 */
export interface SqlCrossProductOptions {
  /** Called before each query with a short description (`'levels'`, `'fixed part'`, `'term 2 of 3: (1 | g)'`, …). */
  onProgress?: (phase: string, step: number, steps: number) => void;
}

/** Result rows of one aggregation: key columns (per row) and sums (row-major, `sums` per row). */
interface Rows {
  keys: unknown[][];
  sums: Float64Array;
  count: number;
}

async function collect(engine: SqlEngine, q: AggregateQuery): Promise<Rows> {
  const nk = q.keys.length;
  const keys: unknown[][] = q.keys.map(() => []);
  let sums = new Float64Array(Math.max(1, q.sums) * 1024);
  let count = 0;
  await engine.query(q.sql, (cols, rows) => {
    if ((count + rows) * q.sums > sums.length) {
      const next = new Float64Array(Math.max(sums.length * 2, (count + rows) * q.sums));
      next.set(sums);
      sums = next;
    }
    for (let c = 0; c < nk; c++) {
      const src = cols[c]!;
      const dst = keys[c]!;
      for (let r = 0; r < rows; r++) dst.push(src[r]);
    }
    for (let s = 0; s < q.sums; s++) {
      const src = cols[nk + s]!;
      for (let r = 0; r < rows; r++) {
        const v = src[r];
        sums[(count + r) * q.sums + s] = v === null || v === undefined ? 0 : Number(v);
      }
    }
    count += rows;
  });
  return { keys, sums, count };
}

/** A key value's label as groupingFactor writes it (numbers through numberLabel, whatever text the engine printed). */
const labelOf = (v: unknown, kind: 'numeric' | 'string'): string => (kind === 'numeric' ? numberLabel(Number(v)) : String(v));

/** First index with sorted[i] >= x. */
function lowerBound(sorted: Float64Array, x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Levels of a grouping factor from the distinct keys an engine returned, in
 * groupingFactor's order; `codes[r]` = level of result row r; `lookup` finds
 * the level of a key in another result. One numeric key: a typed sort and
 * binary search (a million levels without per-level objects); otherwise
 * groupingFactor itself on the keys.
 */
function levelsOf(
  grouping: readonly string[],
  kinds: ReadonlyMap<string, 'numeric' | 'string'>,
  keys: unknown[][],
  count: number,
): { levels: string[]; codes: Int32Array; lookup: (get: (v: string) => unknown) => number } {
  if (grouping.length === 1 && kinds.get(grouping[0]!) === 'numeric') {
    const v = grouping[0]!;
    const vals = Float64Array.from(keys[0]!, (x) => Number(x));
    const sorted = vals.slice().sort();
    const levels = Array.from(sorted, numberLabel);
    const codes = new Int32Array(count);
    for (let r = 0; r < count; r++) codes[r] = lowerBound(sorted, vals[r]!);
    return { levels, codes, lookup: (get) => lowerBound(sorted, Number(get(v))) };
  }
  const cols = new Map<string, Column>();
  grouping.forEach((v, c) => {
    const key = keys[c]!;
    cols.set(v, kinds.get(v) === 'numeric' ? { kind: 'numeric', values: Float64Array.from(key, (x) => Number(x)) } : toColumn(key.map((x) => String(x)), v));
  });
  const gf = groupingFactor(new Table(cols, count), grouping);
  const index = new Map<string, number>();
  gf.levels.forEach((l, j) => index.set(l, j));
  const lookup = (get: (v: string) => unknown): number => index.get(grouping.map((v) => labelOf(get(v), kinds.get(v)!)).join(':'))!;
  return { levels: gf.levels, codes: gf.codes, lookup };
}

/**
 * The cross products of `formula` on `table` in a SQL engine. Rows with a
 * missing (NULL or NaN) formula variable are dropped and counted; factor
 * levels come back from the engine and are ordered as the in-memory path
 * orders them, so the result equals `crossProductsInMemory` on the same rows
 * up to summation order.
 *
 * @example
 * ```ts
 * const engine = await DuckDBEngine.create();
 * const cp = await crossProductsFromSql(engine, 'sleepstudy.parquet', 'Reaction ~ Days + (Days | Subject)');
 * await engine.close();
 * ```
 */
export async function crossProductsFromSql(engine: SqlEngine, table: string, formula: string, options: SqlCrossProductOptions = {}): Promise<CrossProducts> {
  const columns = await engine.describe(table);
  const plan = new SqlPlan(formula, engine.from(table), columns, engine.dialect, table);
  const lq = plan.levelQueries();
  const m = plan.mf.random.length;
  const steps = lq.length + 3 + m + (m * (m - 1)) / 2;
  let step = 0;
  const progress = (phase: string): void => options.onProgress?.(phase, step++, steps);
  const levels = new Map<string, (string | number)[]>();
  for (const { variable, sql } of lq) {
    progress(`levels of ${variable}`);
    const vals: (string | number)[] = [];
    await engine.query(sql, (cols, rows) => {
      const c = cols[0]!;
      for (let r = 0; r < rows; r++) {
        const v = c[r];
        if (v !== null && v !== undefined) vals.push(plan.columns.get(variable)!.kind === 'numeric' ? Number(v) : String(v));
      }
    });
    levels.set(variable, vals);
  }
  progress('response mean');
  let yMean = 0;
  await engine.query(plan.meanQuery(), (cols, rows) => {
    if (rows > 0) yMean = Number(cols[0]![0]);
  });
  const coded = plan.code(levels, yMean);
  progress('row count');
  let nAll = 0;
  await engine.query(plan.countQuery(), (cols, rows) => {
    if (rows > 0) nAll = Number(cols[0]![0]);
  });
  progress('fixed part');
  const fx = await collect(engine, coded.fixedQuery);
  const p = coded.feNames.length;
  const n = fx.sums[0]!;
  if (!(n > 0)) throw new DataError(`no complete rows in ${table} for the formula's variables (${plan.variables.join(', ')})`, { row: -1 });
  const yty = fx.sums[1]!;
  const Xty = fx.sums.slice(2, 2 + p);
  const XtX = new Float64Array(p * p);
  let o = 2 + p;
  for (let a = 0; a < p; a++) for (let b = a; b < p; b++) XtX[a * p + b] = XtX[b * p + a] = fx.sums[o++]!;
  // per term: levels (ordered as groupingFactor orders them) and level-ordered sums
  const lookups: ((get: (v: string) => unknown) => number)[] = [];
  const sums: TermSums[] = [];
  for (let i = 0; i < m; i++) {
    const t = coded.terms[i]!;
    progress(`term ${i + 1} of ${m}: ${t.label}`);
    const rows = await collect(engine, coded.termQueries[i]!);
    const gf = levelsOf(t.grouping, coded.keyKinds, rows.keys, rows.count);
    lookups.push(gf.lookup);
    const k = t.columns.length;
    const l = gf.levels.length;
    const diag = new Float64Array(l * k * k);
    const zx = new Float64Array(l * k * p);
    const zy = new Float64Array(l * k);
    const w = k * k + k * p + k;
    const src = rows.sums;
    const kk = k * k;
    const kp = k * p;
    for (let r = 0; r < rows.count; r++) {
      // result row r = [ZᵢᵀZᵢ (k²) | ZᵢᵀX (k·p) | Zᵢᵀy (k)] of level j (index loops: no view per level)
      const j = gf.codes[r]!;
      const s = r * w;
      for (let e = 0; e < kk; e++) diag[j * kk + e] = src[s + e]!;
      for (let e = 0; e < kp; e++) zx[j * kp + e] = src[s + kk + e]!;
      for (let e = 0; e < k; e++) zy[j * k + e] = src[s + kk + kp + e]!;
    }
    sums.push({ term: { label: t.label, group: t.group, columns: t.columns, levels: gf.levels }, diag, zx, zy });
  }
  const pairs: PairSums[] = [];
  for (const pq of coded.pairQueries) {
    const A = coded.terms[pq.a]!;
    const B = coded.terms[pq.b]!;
    progress(`pair ${A.label} × ${B.label}`);
    const rows = await collect(engine, pq);
    const colOf = new Map(pq.keys.map((v, c) => [v, c]));
    const la = new Int32Array(rows.count);
    const lb = new Int32Array(rows.count);
    for (let r = 0; r < rows.count; r++) {
      const get = (v: string): unknown => rows.keys[colOf.get(v)!]![r];
      la[r] = lookups[pq.a]!(get);
      lb[r] = lookups[pq.b]!(get);
    }
    pairs.push({ a: pq.a, b: pq.b, la, lb, values: rows.sums.slice(0, rows.count * pq.sums) });
  }
  progress('done');
  return assembleCrossProducts({ n, response: coded.response, feNames: coded.feNames, XtX, Xty, yty, terms: sums, pairs, nDropped: nAll - n, ...(coded.yOffset ? { yOffset: coded.yOffset } : {}) });
}
