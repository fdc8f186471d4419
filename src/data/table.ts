import { DataError } from '../errors.js';
import { didYouMean } from './closest.js';
import { asColumn, CategoricalColumn, toColumn, type Column, type NumericColumn, type PlainCategoricalColumn } from './column.js';

/**
 * Duck type of an apache-arrow vector (what {@link Table.fromArrow} uses).
 *
 * @example
 * ```ts
 * const v: ArrowVectorLike = arrowTable.getChild('x')!;
 * ```
 */
export interface ArrowVectorLike {
  readonly length: number;
  readonly nullCount?: number;
  toArray(): ArrayLike<unknown>;
  get(i: number): unknown;
  isValid?(i: number): boolean;
}

/**
 * Duck type of an apache-arrow `Table` (no import of apache-arrow needed).
 *
 * @example
 * ```ts
 * Table.fromArrow(tableFromIPC(bytes)); // any apache-arrow Table fits
 * ```
 */
export interface ArrowTableLike {
  readonly numRows: number;
  readonly schema: { readonly fields: readonly { readonly name: string; readonly type?: unknown }[] };
  getChild(name: string): ArrowVectorLike | null;
}

/**
 * Anything {@link toTable} accepts.
 *
 * @example
 * ```ts
 * toTable([{ y: 1, g: 'a' }]); toTable({ y: [1] }); toTable(arrowTable);
 * ```
 */
export type TableInput = Table | readonly Record<string, unknown>[] | Record<string, ArrayLike<unknown>> | ArrowTableLike;

/**
 * Immutable column-oriented data table: named columns, each numeric
 * (`Float64Array`, `NaN` = missing) or categorical (`string | null`).
 *
 * @example
 * ```ts
 * const t = Table.fromRows([{ y: 1, g: 'a' }, { y: 2, g: 'b' }]);
 * t.nrow;              // 2
 * t.column('g').kind;  // 'categorical'
 * ```
 */
export class Table {
  private readonly cols: Map<string, Column>;
  readonly nrow: number;

  /**
   * Builds from already-converted columns (all of length `nrow`); typed storage
   * is not copied. Plain `{ kind: 'categorical', values }` columns are encoded.
   */
  constructor(
    columns: ReadonlyMap<string, Column | PlainCategoricalColumn> | Iterable<readonly [string, Column | PlainCategoricalColumn]>,
    nrow?: number,
  ) {
    this.cols = new Map();
    for (const [name, c] of columns) this.cols.set(name, asColumn(c));
    let n = nrow;
    for (const [name, c] of this.cols) {
      const len = c.kind === 'numeric' ? c.values.length : c.length;
      if (n === undefined) n = len;
      else if (len !== n) {
        throw new DataError(`column '${name}' has ${len} rows, expected ${n}`, { column: name, row: -1 });
      }
    }
    this.nrow = n ?? 0;
  }

  /**
   * From an array of records; the column set is the union of keys in first-seen
   * order, absent keys are missing.
   *
   * @example
   * ```ts
   * Table.fromRows([{ x: 1 }, { x: 2, g: 'a' }]).names; // ['x', 'g']
   * ```
   */
  static fromRows(rows: readonly Record<string, unknown>[]): Table {
    const names: string[] = [];
    const seen = new Set<string>();
    for (const r of rows) {
      for (const k of Object.keys(r)) {
        if (!seen.has(k)) {
          seen.add(k);
          names.push(k);
        }
      }
    }
    const cols = new Map<string, Column>();
    for (const name of names) {
      const vals = new Array<unknown>(rows.length);
      for (let i = 0; i < rows.length; i++) vals[i] = rows[i]![name];
      cols.set(name, toColumn(vals, name));
    }
    return new Table(cols, rows.length);
  }

  /**
   * From a record of equally long arrays (typed arrays become numeric columns).
   *
   * @example
   * ```ts
   * Table.fromColumns({ y: Float64Array.of(1, 2), g: ['a', 'b'] }).nrow; // 2
   * ```
   */
  static fromColumns(columns: Record<string, ArrayLike<unknown>>): Table {
    const cols = new Map<string, Column>();
    for (const [name, data] of Object.entries(columns)) cols.set(name, toColumn(data, name));
    return new Table(cols);
  }

  /**
   * From an apache-arrow `Table` (duck-typed). Numeric Arrow types become numeric
   * columns (nulls → `NaN`); strings, dictionaries and booleans become categorical.
   *
   * @example
   * ```ts
   * import { tableFromArrays } from 'apache-arrow';
   * Table.fromArrow(tableFromArrays({ x: Float64Array.of(1, 2) })).nrow; // 2
   * ```
   */
  static fromArrow(table: ArrowTableLike): Table {
    const cols = new Map<string, Column>();
    const n = table.numRows;
    for (const field of table.schema.fields) {
      const vec = table.getChild(field.name);
      if (!vec) throw new DataError(`arrow column '${field.name}' not found`, { column: field.name, row: -1 });
      const typeName = String(field.type ?? '');
      const plain = !/^(Bool|Dictionary|Utf8|LargeUtf8|Binary|Date|Timestamp)/i.test(typeName);
      const arr = plain ? vec.toArray() : undefined;
      if (arr !== undefined && ArrayBuffer.isView(arr) && !(arr instanceof DataView) && arr.length === n) {
        const out = new Float64Array(n);
        const src = arr as unknown as ArrayLike<number | bigint>;
        for (let i = 0; i < n; i++) out[i] = Number(src[i]);
        if ((vec.nullCount ?? 0) > 0) {
          for (let i = 0; i < n; i++) {
            const valid = vec.isValid ? vec.isValid(i) : vec.get(i) !== null;
            if (!valid) out[i] = NaN;
          }
        }
        cols.set(field.name, { kind: 'numeric', values: out });
      } else {
        const vals = new Array<unknown>(n);
        for (let i = 0; i < n; i++) vals[i] = vec.get(i);
        cols.set(field.name, toColumn(vals, field.name));
      }
    }
    return new Table(cols, n);
  }

  /** Column names in order. */
  get names(): string[] {
    return [...this.cols.keys()];
  }

  /** Number of columns. */
  get ncol(): number {
    return this.cols.size;
  }

  /** Whether a column exists. */
  has(name: string): boolean {
    return this.cols.has(name);
  }

  /**
   * The named column; throws {@link DataError} naming it (and the closest
   * existing name) when absent.
   *
   * @example
   * ```ts
   * t.column('Days');
   * ```
   */
  column(name: string): Column {
    const c = this.cols.get(name);
    if (!c) {
      throw new DataError(`no column '${name}'${didYouMean(name, this.names)}; columns are: ${this.names.join(', ')}`, {
        column: name,
        row: -1,
      });
    }
    return c;
  }

  /**
   * A numeric column's values; throws {@link DataError} when it is categorical.
   *
   * @example
   * ```ts
   * t.numeric('Reaction')[0];
   * ```
   */
  numeric(name: string): Float64Array {
    const c = this.column(name);
    if (c.kind !== 'numeric') throw new DataError(`column '${name}' is categorical, expected numeric`, { column: name, row: -1 });
    return c.values;
  }

  /**
   * Rows where `mask` is truthy, in order.
   *
   * @example
   * ```ts
   * t.select(Uint8Array.of(1, 0, 1)).nrow; // 2
   * ```
   */
  select(mask: ArrayLike<boolean | number>): Table {
    if (mask.length !== this.nrow) {
      throw new DataError(`row mask has length ${mask.length}, table has ${this.nrow} rows`, { row: -1 });
    }
    let k = 0;
    for (let i = 0; i < this.nrow; i++) if (mask[i]) k++;
    const idx = new Int32Array(k);
    k = 0;
    for (let i = 0; i < this.nrow; i++) if (mask[i]) idx[k++] = i;
    return this.take(idx);
  }

  /**
   * Rows at the given 0-based indices (repeats allowed).
   *
   * @example
   * ```ts
   * t.take([2, 0]).nrow; // 2
   * ```
   */
  take(indices: ArrayLike<number>): Table {
    const m = indices.length;
    for (let k = 0; k < m; k++) {
      const i = indices[k]!;
      if (!Number.isInteger(i) || i < 0 || i >= this.nrow) throw new DataError(`row index ${i} out of range [0, ${this.nrow})`, { row: i });
    }
    const cols = new Map<string, Column>();
    for (const [name, c] of this.cols) {
      if (c.kind === 'numeric') {
        const out = new Float64Array(m);
        for (let k = 0; k < m; k++) out[k] = c.values[indices[k]!]!;
        cols.set(name, { kind: 'numeric', values: out } satisfies NumericColumn);
      } else {
        const codes = c.codes;
        const out = new Int32Array(m);
        for (let k = 0; k < m; k++) out[k] = codes[indices[k]!]!;
        cols.set(name, new CategoricalColumn(out, c.levels));
      }
    }
    return new Table(cols, m);
  }

  /**
   * A sub-table: some columns (in the given order) and/or some rows (a boolean
   * mask or an index list).
   *
   * @example
   * ```ts
   * t.subset({ columns: ['y', 'g'], rows: Uint8Array.of(1, 0, 1) });
   * ```
   */
  subset(opts: { columns?: readonly string[]; rows?: ArrayLike<boolean | number>; indices?: ArrayLike<number> }): Table {
    let t: Table = this;
    if (opts.columns) {
      const cols = new Map<string, Column>();
      for (const name of opts.columns) cols.set(name, this.column(name));
      t = new Table(cols, this.nrow);
    }
    if (opts.rows) t = t.select(opts.rows);
    if (opts.indices) t = t.take(opts.indices);
    return t;
  }

  /**
   * A new table with `name` added or replaced (values converted as in
   * {@link Table.fromColumns}).
   *
   * @example
   * ```ts
   * t.withColumn('one', new Float64Array(t.nrow).fill(1));
   * ```
   */
  withColumn(name: string, data: Column | PlainCategoricalColumn | ArrayLike<unknown>): Table {
    const col = isColumn(data) ? asColumn(data) : toColumn(data, name);
    const cols = new Map(this.cols);
    cols.set(name, col);
    return new Table(cols, this.nrow);
  }

  /**
   * Row `i` as a record (`null` for missing values).
   *
   * @example
   * ```ts
   * t.row(0); // { y: 1, g: 'a' }
   * ```
   */
  row(i: number): Record<string, number | string | null> {
    const out: Record<string, number | string | null> = {};
    for (const [name, c] of this.cols) {
      if (c.kind === 'numeric') {
        const v = c.values[i];
        out[name] = v === undefined || Number.isNaN(v) ? null : v;
      } else {
        const k = c.codes[i];
        out[name] = k === undefined || k < 0 ? null : c.levels[k]!;
      }
    }
    return out;
  }
}

function isColumn(x: unknown): x is Column | PlainCategoricalColumn {
  return (
    typeof x === 'object' && x !== null && 'kind' in x && 'values' in x &&
    ((x as Column).kind === 'numeric' || (x as Column).kind === 'categorical')
  );
}

function isArrowLike(x: unknown): x is ArrowTableLike {
  return (
    typeof x === 'object' && x !== null && 'schema' in x && 'numRows' in x &&
    typeof (x as ArrowTableLike).getChild === 'function'
  );
}

/**
 * Normalizes any supported input (a {@link Table}, an array of records, a
 * record of columns, or an apache-arrow Table) to a {@link Table}.
 *
 * @example
 * ```ts
 * toTable({ y: [1, 2], g: ['a', 'b'] }).nrow; // 2
 * ```
 */
export function toTable(data: TableInput): Table {
  if (data instanceof Table) return data;
  if (Array.isArray(data)) return Table.fromRows(data as Record<string, unknown>[]);
  if (isArrowLike(data)) return Table.fromArrow(data);
  if (typeof data === 'object' && data !== null) return Table.fromColumns(data as Record<string, ArrayLike<unknown>>);
  throw new DataError('data must be a Table, an array of records, a record of columns or an Arrow table', { row: -1 });
}
