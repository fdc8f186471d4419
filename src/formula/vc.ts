import { toTable, type TableInput } from '../data/table.js';
import { buildDesign, type DesignMatrix, type DesignOptions } from './design.js';

/**
 * Evaluates a statsmodels `vc_formula` entry (e.g. `"0 + C(classroom)"`) on
 * the rows of one group: exactly {@link buildDesign} on that subset, so the
 * columns are the levels present in the group (as statsmodels' per-group
 * `patsy.dmatrix` gives).
 *
 * @example
 * ```ts
 * const Z = evaluateVcFormula('0 + C(cask)', pastes, groupRows);
 * Z.columnNames; // ['C(cask)[a]', 'C(cask)[b]', 'C(cask)[c]']
 * ```
 */
export function evaluateVcFormula(formula: string, data: TableInput, rows?: ArrayLike<number>, options: DesignOptions = {}): DesignMatrix {
  const t = toTable(data);
  return buildDesign(formula, rows === undefined ? t : t.take(rows), options);
}
