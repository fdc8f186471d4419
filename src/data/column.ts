import { DataError } from '../errors.js';

/**
 * A numeric column: `NaN` marks a missing value.
 *
 * @example
 * ```ts
 * const c: NumericColumn = { kind: 'numeric', values: Float64Array.of(1, NaN) };
 * ```
 */
export interface NumericColumn {
  readonly kind: 'numeric';
  readonly values: Float64Array;
}

/**
 * A categorical column: string labels, `null` marks a missing value.
 *
 * @example
 * ```ts
 * const c: CategoricalColumn = { kind: 'categorical', values: ['a', null] };
 * ```
 */
export interface CategoricalColumn {
  readonly kind: 'categorical';
  readonly values: readonly (string | null)[];
}

/**
 * One column of a {@link Table}.
 *
 * @example
 * ```ts
 * const c: Column = { kind: 'numeric', values: Float64Array.of(1, 2, NaN) };
 * ```
 */
export type Column = NumericColumn | CategoricalColumn;

/**
 * Label of a boolean as pandas → patsy shows it (`"True"` / `"False"`).
 *
 * @example
 * ```ts
 * boolLabel(true); // 'True'
 * ```
 */
export function boolLabel(b: boolean): string {
  return b ? 'True' : 'False';
}

function isMissing(v: unknown): boolean {
  return v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v));
}

/**
 * Converts user values to a {@link Column}. Typed arrays (except BigInt arrays,
 * which are converted) and arrays of numbers / `null` / `undefined` / `NaN`
 * become numeric; anything holding a string, boolean or other value becomes
 * categorical (numbers as `String(x)`, booleans as `"True"`/`"False"`, Dates as
 * ISO strings). The input is never mutated or aliased.
 *
 * @example
 * ```ts
 * toColumn([1, 2, null], 'x').kind;   // 'numeric'
 * toColumn(['a', null], 'g').values;  // ['a', null]
 * toColumn([true, false], 'b').values; // ['True', 'False']
 * ```
 */
export function toColumn(data: ArrayLike<unknown>, name: string): Column {
  if (ArrayBuffer.isView(data) && !(data instanceof DataView)) {
    const n = (data as unknown as ArrayLike<unknown>).length;
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = Number((data as unknown as ArrayLike<number | bigint>)[i]);
    return { kind: 'numeric', values: out };
  }
  if (data === null || typeof data !== 'object' || typeof data.length !== 'number') {
    throw new DataError(`column '${name}' is not an array`, { column: name, row: -1 });
  }
  const n = data.length;
  let numeric = true;
  for (let i = 0; i < n; i++) {
    const v = data[i];
    if (isMissing(v)) continue;
    if (typeof v !== 'number' && typeof v !== 'bigint') {
      numeric = false;
      break;
    }
  }
  if (numeric) {
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const v = data[i];
      out[i] = isMissing(v) ? NaN : Number(v as number | bigint);
    }
    return { kind: 'numeric', values: out };
  }
  const out: (string | null)[] = new Array<string | null>(n);
  for (let i = 0; i < n; i++) {
    const v = data[i];
    if (isMissing(v)) out[i] = null;
    else if (typeof v === 'string') out[i] = v;
    else if (typeof v === 'boolean') out[i] = boolLabel(v);
    else if (typeof v === 'number' || typeof v === 'bigint') out[i] = String(v);
    else if (v instanceof Date) out[i] = v.toISOString();
    else throw new DataError(`column '${name}' row ${i}: unsupported value of type ${typeof v}`, { column: name, row: i });
  }
  return { kind: 'categorical', values: out };
}

/**
 * Whether row `i` of `col` is missing.
 *
 * @example
 * ```ts
 * isMissingAt({ kind: 'numeric', values: Float64Array.of(NaN) }, 0); // true
 * ```
 */
export function isMissingAt(col: Column, i: number): boolean {
  return col.kind === 'numeric' ? Number.isNaN(col.values[i]!) : col.values[i] === null;
}
