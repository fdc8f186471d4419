/**
 * Checks on a formula model's inputs that belong to the model, not the file
 * reader: the table has rows and columns, no variable the formulas use is
 * entirely missing, rows remain after dropping, the options have the right
 * types, and each grouping factor has fewer levels than observations (lme4's
 * `checkNlevels` / `checkZdims`).
 */
import { DataError, InvalidArgumentError, showValue } from '../errors.js';
import { didYouMean } from '../data/closest.js';
import type { Table } from '../data/table.js';
import { isMissingAt } from '../data/column.js';
import { formulaVariables } from '../formula/design.js';
import { parseFormula } from '../formula/parser.js';

/**
 * The table is not empty: it has columns (an empty file has none) and rows
 * (a header-only file has none).
 *
 * @example
 * ```ts
 * checkTableShape(Table.fromColumns({ y: [] }), 'data'); // throws DataError: no rows
 * ```
 */
export function checkTableShape(table: Table, what = 'the data'): void {
  if (table.ncol === 0) throw new DataError(`${what} have no columns (an empty file?)`, { row: -1 });
  if (table.nrow === 0) throw new DataError(`${what} have no rows (a header line only?): columns ${table.names.slice(0, 8).join(', ')}${table.ncol > 8 ? ', …' : ''}`, { row: -1 });
}

/** Names of the table columns the formulas (and `extra` columns) read, in order of first use. */
export function usedColumns(formulas: readonly string[], table: Table, extra: readonly string[] = []): string[] {
  const out = new Set<string>();
  for (const f of formulas) for (const v of formulaVariables(parseFormula(f))) if (table.has(v)) out.add(v);
  for (const e of extra) if (table.has(e)) out.add(e);
  return [...out];
}

/**
 * No used column is entirely missing; when `dropped` rows were removed for
 * missing values and none is left, say which columns were missing where.
 *
 * @example
 * ```ts
 * checkColumnsPresent(table, ['y', 'x']); // throws DataError: column 'x' has no values (all 6 rows are missing)
 * ```
 */
export function checkColumnsPresent(table: Table, columns: readonly string[]): void {
  const n = table.nrow;
  for (const c of columns) {
    const col = table.column(c);
    let i = 0;
    while (i < n && isMissingAt(col, i)) i++;
    if (i === n) throw new DataError(`column '${c}' has no values: all ${n} rows are missing (NA)`, { column: c, row: -1 });
  }
}

/**
 * After `missing: 'drop'` left no row: a DataError naming the columns with missing values and how many.
 *
 * @example
 * ```ts
 * allRowsDropped(table, ['y', 'x']); // DataError: all 4 rows were dropped ... y (2 missing), x (2 missing)
 * ```
 */
export function allRowsDropped(table: Table, columns: readonly string[]): DataError {
  const parts: string[] = [];
  for (const c of columns) {
    const col = table.column(c);
    let k = 0;
    for (let i = 0; i < table.nrow; i++) if (isMissingAt(col, i)) k++;
    if (k > 0) parts.push(`${c} (${k} missing)`);
  }
  return new DataError(`all ${table.nrow} rows were dropped because of missing values in ${parts.join(', ')}; no complete rows left`, { row: -1 });
}

/**
 * lme4's checks of a random term on `nObs` observations: the grouping factor
 * must have fewer levels than observations (`checkNlevels`: "number of levels
 * of each grouping factor must be < number of observations"), and the term's
 * random effects (levels × columns) must be fewer than the observations
 * (`checkZdims`).
 *
 * @example
 * ```ts
 * checkLevels('Subject', 18, 2, 180, '(Days | Subject)'); // ok
 * checkLevels('g', 6, 1, 6, '(1 | g)'); // throws DataError
 * ```
 */
export function checkLevels(grouping: string, nLevels: number, nColumns: number, nObs: number, term: string): void {
  if (nLevels >= nObs) {
    throw new DataError(
      `number of levels of each grouping factor must be < number of observations (problems: ${grouping}: ${nLevels} levels, ${nObs} observations; every group has about one observation, so its variance cannot be told from the residual variance)`,
      { column: grouping, row: -1 },
    );
  }
  if (nObs <= nLevels * nColumns) {
    throw new DataError(
      `number of observations (=${nObs}) <= number of random effects (=${nLevels * nColumns}) for term ${term}; the random-effects parameters and the residual variance are probably unidentifiable`,
      { column: grouping, row: -1 },
    );
  }
}

const FROM_FORMULA_KEYS = ['groups', 'reFormula', 'vcFormula', 'useSparse', 'missing', 'subset', 'useSqrt', 'solver'];

/**
 * Types of `MixedLM.fromFormula` options: unknown keys (typos) and wrong
 * types are {@link InvalidArgumentError}s naming the option.
 *
 * @example
 * ```ts
 * checkFromFormulaOptions({ group: 'Subject' }); // throws: unknown option 'group' (did you mean 'groups'?)
 * ```
 */
export function checkFromFormulaOptions(options: unknown): void {
  if (options === undefined) return;
  if (typeof options !== 'object' || options === null || Array.isArray(options)) throw new InvalidArgumentError('options', `expected an options object, got ${options === null ? 'null' : typeof options}`);
  const o = options as Record<string, unknown>;
  for (const k of Object.keys(o)) {
    if (!FROM_FORMULA_KEYS.includes(k)) throw new InvalidArgumentError(k, `unknown option of fromFormula${didYouMean(k, FROM_FORMULA_KEYS)}`);
  }
  const isStr = (x: unknown): boolean => typeof x === 'string';
  if (o.groups !== undefined && !isStr(o.groups) && !(typeof o.groups === 'object' && o.groups !== null && typeof (o.groups as { length?: unknown }).length === 'number'))
    throw new InvalidArgumentError('groups', `expected a column name or one label per row, got ${typeof o.groups}`);
  if (o.reFormula !== undefined && !isStr(o.reFormula)) throw new InvalidArgumentError('reFormula', `expected a formula string, got ${typeof o.reFormula}`);
  if (o.vcFormula !== undefined) {
    if (typeof o.vcFormula !== 'object' || o.vcFormula === null || Array.isArray(o.vcFormula)) throw new InvalidArgumentError('vcFormula', 'expected an object {name: formula}');
    for (const [k, v] of Object.entries(o.vcFormula)) if (!isStr(v)) throw new InvalidArgumentError(`vcFormula.${k}`, `expected a formula string, got ${typeof v}`);
    if (Object.keys(o.vcFormula).length === 0) throw new InvalidArgumentError('vcFormula', 'is empty: give at least one {name: formula}');
  }
  for (const k of ['useSparse', 'useSqrt'] as const) if (o[k] !== undefined && typeof o[k] !== 'boolean') throw new InvalidArgumentError(k, `expected true or false, got ${JSON.stringify(o[k])}`);
  if (o.solver !== undefined && !['auto', 'dense', 'sparse'].includes(o.solver as string)) throw new InvalidArgumentError('solver', `expected 'auto', 'dense' or 'sparse', got ${JSON.stringify(o.solver)}`);
  if (o.subset !== undefined && typeof o.subset !== 'function' && !(typeof o.subset === 'object' && o.subset !== null && typeof (o.subset as { length?: unknown }).length === 'number'))
    throw new InvalidArgumentError('subset', 'expected a mask (one entry per row) or a function (row, index) => boolean');
}

const MODEL_KEYS = ['exogRe', 'exogVc', 'useSqrt', 'missing', 'exogNames', 'exogReNames', 'endogName', 'solver'];

/**
 * Types of the `MixedLM` constructor options (unknown keys, wrong types) as
 * {@link InvalidArgumentError}s naming the option; shapes are checked later
 * with the data.
 *
 * @example
 * ```ts
 * checkModelOptions({ useSqrt: 'no' }); // throws InvalidArgumentError('useSqrt', ...)
 * ```
 */
export function checkModelOptions(options: unknown): void {
  if (options === undefined) return;
  if (typeof options !== 'object' || options === null || Array.isArray(options)) throw new InvalidArgumentError('options', `expected an options object, got ${showValue(options)}`);
  const o = options as Record<string, unknown>;
  for (const k of Object.keys(o)) if (!MODEL_KEYS.includes(k) && o[k] !== undefined) throw new InvalidArgumentError(k, `unknown option of MixedLM${didYouMean(k, MODEL_KEYS)}`);
  if (o.useSqrt !== undefined && typeof o.useSqrt !== 'boolean') throw new InvalidArgumentError('useSqrt', `expected true or false, got ${showValue(o.useSqrt)}`);
  if (o.endogName !== undefined && typeof o.endogName !== 'string') throw new InvalidArgumentError('endogName', `expected a string, got ${showValue(o.endogName)}`);
  for (const k of ['exogNames', 'exogReNames'] as const) {
    const v = o[k];
    if (v !== undefined && !(Array.isArray(v) && v.every((s) => typeof s === 'string'))) throw new InvalidArgumentError(k, `expected an array of strings, got ${showValue(v)}`);
  }
}
