import { DataError, FormulaError } from '../errors.js';
import { toTable, type TableInput } from '../data/table.js';
import type { Formula } from './ast.js';
import { formulaVariables } from './design.js';
import { FactorEvaluator } from './evaluate.js';
import { parseFormula } from './parser.js';

const CONSTANTS = new Set(['pi', 'e', 'inf', 'nan']);

function asFormula(f: string | Formula): Formula {
  return typeof f === 'string' ? parseFormula(f) : f;
}

/**
 * Row mask (1 = keep) of the rows with no missing value in any variable the
 * formulas read (statsmodels' `missing='drop'` looks only at the formula's
 * variables), plus any `extra` columns (e.g. a `groups` column).
 * Unknown variables throw {@link DataError} naming them.
 *
 * @example
 * ```ts
 * const keep = completeRows(['y ~ x + (1 | g)'], table);
 * const clean = table.select(keep);
 * ```
 */
export function completeRows(formulas: readonly (string | Formula)[], data: TableInput, extra: readonly string[] = []): Uint8Array {
  const table = toTable(data);
  const names = new Set<string>(extra);
  for (const f of formulas) for (const v of formulaVariables(asFormula(f))) names.add(v);
  const mask = new Uint8Array(table.nrow).fill(1);
  const n = table.nrow;
  for (const name of names) {
    if (!table.has(name) && CONSTANTS.has(name)) continue;
    const col = table.column(name);
    if (col.kind === 'numeric') {
      const v = col.values;
      for (let i = 0; i < n; i++) if (v[i] !== v[i]) mask[i] = 0; // NaN
    } else {
      const v = col.values;
      for (let i = 0; i < n; i++) if (v[i] === null) mask[i] = 0;
    }
  }
  return mask;
}

/**
 * The response (left side) of a formula as numbers. It must be one numeric
 * factor (`y`, `log(y)`, `I(y / 100)`); a categorical response throws
 * {@link DataError} naming it, a missing or compound left side throws
 * {@link FormulaError}. Missing values are returned as `NaN`.
 *
 * @example
 * ```ts
 * const { name, values } = responseVector('Reaction ~ Days', sleepstudy); // name 'Reaction'
 * ```
 */
export function responseVector(formula: string | Formula, data: TableInput): { name: string; values: Float64Array } {
  const f = asFormula(formula);
  const table = toTable(data);
  const lhs = f.lhs;
  if (!lhs || !f.hasTilde) throw new FormulaError('formula has no response (left-hand side)', f.text, 0);
  if (lhs.kind !== 'factor') throw new FormulaError('the response must be a single variable or expression', f.text, lhs.pos);
  const v = new FactorEvaluator(f.text, table, new Map(), 'fit').eval(lhs.expr);
  if (v.t === 'cat') {
    throw new DataError(`response '${lhs.code}' is categorical; a numeric response is required`, { column: v.variable ?? lhs.code, row: -1 });
  }
  if (v.t !== 'num') throw new FormulaError(`response '${lhs.code}' does not evaluate to a column`, f.text, lhs.pos);
  // a copy (the evaluated vector may be the table's own column); `slice` copies natively (`Float64Array.from` iterates)
  return { name: lhs.code, values: v.v.slice() };
}
