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
 * A categorical column stored as level codes: `codes[i]` indexes `levels`
 * (`-1` marks a missing value). `levels` hold distinct labels in first-seen
 * order (not sorted; consumers sort as they need) and may include labels no
 * row uses (after {@link Table.take}). `values` materializes the labels
 * (`string | null` per row) on first access and caches them.
 *
 * @example
 * ```ts
 * const c = new CategoricalColumn(Int32Array.of(0, -1, 1, 0), ['a', 'b']);
 * c.values;        // ['a', null, 'b', 'a']
 * c.levels;        // ['a', 'b']
 * CategoricalColumn.fromValues(['x', null]).codes; // Int32Array [0, -1]
 * ```
 */
export class CategoricalColumn {
  readonly kind = 'categorical' as const;
  /** Labels per row, materialized lazily (own enumerable accessor, so it compares like a plain `{kind, values}`). */
  declare readonly values: readonly (string | null)[];
  readonly #codes: Int32Array;
  readonly #levels: readonly string[];
  #values: (string | null)[] | undefined;

  /** Wraps codes and levels (not copied; every code must be −1 or a valid index). */
  constructor(codes: Int32Array, levels: readonly string[]) {
    this.#codes = codes;
    this.#levels = levels;
    Object.defineProperty(this, 'values', { enumerable: true, configurable: false, get: () => this.labels() });
  }

  /**
   * Encodes labels (`null` / `undefined` = missing); levels in first-seen order.
   *
   * @example
   * ```ts
   * CategoricalColumn.fromValues(['b', 'a', 'b']).levels; // ['b', 'a']
   * ```
   */
  static fromValues(values: ArrayLike<string | null | undefined>): CategoricalColumn {
    const n = values.length;
    const codes = new Int32Array(n);
    const index = new Map<string, number>();
    const levels: string[] = [];
    for (let i = 0; i < n; i++) {
      const s = values[i];
      if (s === null || s === undefined) {
        codes[i] = -1;
        continue;
      }
      let k = index.get(s);
      if (k === undefined) {
        k = levels.length;
        index.set(s, k);
        levels.push(s);
      }
      codes[i] = k;
    }
    const out = new CategoricalColumn(codes, levels);
    if (Array.isArray(values) && values.every((v) => v !== undefined)) out.#values = values.slice() as (string | null)[];
    return out;
  }

  /** Level index per row (−1 = missing). Do not mutate. */
  get codes(): Int32Array {
    return this.#codes;
  }

  /** Distinct labels in first-seen order. */
  get levels(): readonly string[] {
    return this.#levels;
  }

  /** Number of rows. */
  get length(): number {
    return this.#codes.length;
  }

  private labels(): readonly (string | null)[] {
    if (this.#values === undefined) {
      const n = this.#codes.length;
      const out = new Array<string | null>(n);
      for (let i = 0; i < n; i++) {
        const k = this.#codes[i]!;
        out[i] = k < 0 ? null : this.#levels[k]!;
      }
      this.#values = out;
    }
    return this.#values;
  }
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
  return CategoricalColumn.fromValues(out);
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
  return col.kind === 'numeric' ? Number.isNaN(col.values[i]!) : col.codes[i]! < 0;
}

/**
 * A categorical column given as plain labels (`{ kind: 'categorical', values }`),
 * the shape earlier versions used; {@link asColumn} encodes it.
 *
 * @example
 * ```ts
 * const c: PlainCategoricalColumn = { kind: 'categorical', values: ['a', null] };
 * ```
 */
export interface PlainCategoricalColumn {
  readonly kind: 'categorical';
  readonly values: readonly (string | null)[];
}

/**
 * Normalizes a column object: a {@link CategoricalColumn} or numeric column is
 * returned as is, a plain `{ kind: 'categorical', values }` is encoded.
 *
 * @example
 * ```ts
 * asColumn({ kind: 'categorical', values: ['a'] }).kind; // 'categorical'
 * ```
 */
export function asColumn(c: Column | PlainCategoricalColumn): Column {
  if (c.kind === 'numeric' || c instanceof CategoricalColumn) return c;
  return CategoricalColumn.fromValues(c.values);
}
