/**
 * Reading tables from in-memory sources, with no Node APIs (this module is
 * what the browser build reads with): CSV/TSV text, bytes, `Blob`s/`File`s,
 * Arrow IPC and Parquet bytes.
 */
import { DataError } from '../errors.js';
import { CsvParser, type CsvOptions } from './csv-parser.js';
import { CategoricalColumn } from './column.js';
import { looksLikeParquet } from './parquet.js';
import { Table, type ArrowTableLike } from './table.js';

/**
 * Options of {@link parseTable} and `readTable`.
 *
 * @example
 * ```ts
 * await parseTable(file, { format: 'csv', delimiter: '|', onProgress: (p) => console.log(p.bytes) });
 * ```
 */
export type ReadOptions = Omit<CsvOptions, 'source'> & {
  /** Force the format instead of deciding by name / content. */
  format?: 'csv' | 'arrow' | 'parquet';
  /** File name: picks the format and delimiter by extension and names the file in errors. */
  name?: string;
  /** Called while CSV input streams in (bytes read so far, of `totalBytes` when known; data rows parsed). */
  onProgress?: (p: ReadProgress) => void;
};

/**
 * Progress of a read.
 *
 * @example
 * ```ts
 * const show = (p: ReadProgress) => `${p.rows} rows, ${p.bytes} of ${p.totalBytes} bytes`;
 * ```
 */
export interface ReadProgress {
  bytes: number;
  totalBytes: number | null;
  rows: number;
}

/**
 * What {@link parseTable} reads: CSV/TSV text (a string), bytes (`Uint8Array`,
 * any `ArrayBufferView`, `ArrayBuffer`), or a `Blob` / `File`.
 *
 * @example
 * ```ts
 * const s: TableSource = 'y,g\n1,"a"\n';
 * ```
 */
export type TableSource = string | ArrayBuffer | ArrayBufferView | Blob;

const ARROW_EXT = /\.(arrow|feather|arrows|ipc)$/i;
const PARQUET_EXT = /\.parquet$/i;
const TSV_EXT = /\.(tsv|tab)$/i;

/**
 * True for Arrow IPC bytes (file magic `ARROW1` or the stream's 0xFFFFFFFF continuation marker).
 *
 * @example
 * ```ts
 * looksLikeArrow(new TextEncoder().encode('ARROW1')); // true
 * ```
 */
export function looksLikeArrow(bytes: Uint8Array): boolean {
  const magic = 'ARROW1';
  let file = bytes.length >= 6;
  for (let i = 0; i < 6 && file; i++) file = bytes[i] === magic.charCodeAt(i);
  const stream = bytes.length >= 4 && bytes[0] === 0xff && bytes[1] === 0xff && bytes[2] === 0xff && bytes[3] === 0xff;
  return file || stream;
}

/**
 * The format of a source from `options.format`, else the name's extension, else the leading bytes.
 *
 * @example
 * ```ts
 * detectFormat(new Uint8Array(0), 'x.parquet', {}); // 'parquet'
 * ```
 */
export function detectFormat(head: Uint8Array, name: string | undefined, options: ReadOptions): 'csv' | 'arrow' | 'parquet' {
  if (options.format !== undefined) {
    if (options.format !== 'csv' && options.format !== 'arrow' && options.format !== 'parquet') {
      throw new DataError(`format must be 'csv', 'arrow' or 'parquet', got '${String(options.format)}'`, { row: -1 });
    }
    return options.format;
  }
  if (name !== undefined && ARROW_EXT.test(name)) return 'arrow';
  if (name !== undefined && PARQUET_EXT.test(name)) return 'parquet';
  if (looksLikeArrow(head)) return 'arrow';
  if (head.length >= 4 && head[0] === 0x50 && head[1] === 0x41 && head[2] === 0x52 && head[3] === 0x31) return 'parquet';
  return 'csv';
}

/**
 * CSV options for a named source: the delimiter from the extension (`.tsv`/`.tab` → tab,
 * `.csv` → comma) unless given, else sniffed.
 *
 * @example
 * ```ts
 * csvOptionsFor('x.tsv', {}).delimiter; // '\t'
 * ```
 */
export function csvOptionsFor(name: string | undefined, options: ReadOptions): CsvOptions {
  const o: CsvOptions = { source: name ?? '<csv>' };
  if (options.delimiter !== undefined) o.delimiter = options.delimiter;
  else if (name !== undefined && TSV_EXT.test(name)) o.delimiter = '\t';
  else if (name !== undefined && /\.csv$/i.test(name)) o.delimiter = ',';
  if (options.types) o.types = options.types;
  if (options.naStrings) o.naStrings = options.naStrings;
  return o;
}

/** An ArrayBuffer, also one from another realm (a worker, an iframe). */
function isArrayBuffer(x: unknown): x is ArrayBuffer {
  return x instanceof ArrayBuffer || Object.prototype.toString.call(x) === '[object ArrayBuffer]';
}

function asBytes(x: ArrayBuffer | ArrayBufferView): Uint8Array {
  if (ArrayBuffer.isView(x)) return new Uint8Array(x.buffer, x.byteOffset, x.byteLength);
  return new Uint8Array(x);
}

function isBlob(x: unknown): x is Blob {
  return typeof Blob !== 'undefined' && x instanceof Blob;
}

/**
 * Parses a whole in-memory file (CSV/TSV, Arrow IPC or Parquet bytes) into a
 * {@link Table}; `types` overrides column types for every format.
 *
 * @example
 * ```ts
 * const t = await tableFromBytes(bytes, 'data.parquet', {});
 * ```
 */
export async function tableFromBytes(bytes: Uint8Array, name: string | undefined, options: ReadOptions): Promise<Table> {
  const format = detectFormat(bytes, name, options);
  const source = name ?? `<${format}>`;
  if (format === 'csv') {
    const p = new CsvParser(csvOptionsFor(name, options));
    p.pushOwned(bytes); // read only, never modified
    const t = p.finish();
    options.onProgress?.({ bytes: bytes.length, totalBytes: bytes.length, rows: t.nrow });
    return t;
  }
  let t: Table;
  if (format === 'parquet') {
    if (!looksLikeParquet(bytes)) throw new DataError(`${source}: not a Parquet file (no PAR1 magic at both ends)`, { row: -1 });
    const { parseParquet } = await import('./parquet.js');
    t = await parseParquet(bytes, source);
  } else {
    const arrow = await import('apache-arrow');
    let at: ArrowTableLike;
    try {
      at = arrow.tableFromIPC(bytes) as unknown as ArrowTableLike;
    } catch (e) {
      throw new DataError(`'${source}': not a readable Arrow IPC file: ${(e as Error).message}`, { row: -1 });
    }
    t = Table.fromArrow(at);
  }
  return applyTypes(t, options.types ?? {}, source);
}

/**
 * Reads a table from memory: a string is CSV/TSV **text**, bytes / `ArrayBuffer`
 * / `Blob` / `File` may hold CSV, TSV, Arrow IPC or Parquet (by `options.format`,
 * the file name, or the leading bytes). A `Blob` holding CSV streams through the
 * parser chunk by chunk. Works in browsers and in Node.
 *
 * @example
 * ```ts
 * const t1 = await parseTable('y,g\n1,"a"\n2,"b"\n');
 * const t2 = await parseTable(fileInput.files[0]);         // a File: CSV, Arrow or Parquet
 * const t3 = await parseTable(await (await fetch(url)).arrayBuffer(), { name: 'x.parquet' });
 * ```
 */
export async function parseTable(source: TableSource, options: ReadOptions = {}): Promise<Table> {
  if (typeof source === 'string') {
    const p = new CsvParser(csvOptionsFor(options.name, options));
    p.pushOwned(new TextEncoder().encode(source));
    return p.finish();
  }
  if (isBlob(source)) {
    const name = options.name ?? (source as Blob & { name?: string }).name;
    const head = new Uint8Array(await source.slice(0, 8).arrayBuffer());
    const format = detectFormat(head, name, options);
    if (format !== 'csv' || typeof source.stream !== 'function') return tableFromBytes(new Uint8Array(await source.arrayBuffer()), name, { ...options, format });
    const p = new CsvParser(csvOptionsFor(name, options));
    const reader = source.stream().getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      p.pushOwned(value as Uint8Array);
      options.onProgress?.({ bytes: p.bytesRead, totalBytes: source.size, rows: p.rows });
    }
    return p.finish();
  }
  if (isArrayBuffer(source) || ArrayBuffer.isView(source)) return tableFromBytes(asBytes(source), options.name, options);
  throw new DataError('source must be CSV text, bytes (ArrayBuffer / Uint8Array) or a Blob / File', { row: -1 });
}

/**
 * Browser `readTable`: the same as {@link parseTable} (a string is CSV text,
 * since a page has no file paths). In Node, `readTable` from `mixedlm` takes a
 * file path instead.
 *
 * @example
 * ```ts
 * const t = await readTable(input.files[0]);
 * ```
 */
export function readTable(source: TableSource, options: ReadOptions = {}): Promise<Table> {
  return parseTable(source, options);
}

/**
 * Applies `types` overrides to a table read from a typed format (Arrow, Parquet).
 *
 * @example
 * ```ts
 * applyTypes(t, { n: 'categorical' }, 'x.arrow');
 * ```
 */
export function applyTypes(t: Table, types: Record<string, 'numeric' | 'categorical'>, source: string): Table {
  let out = t;
  for (const [name, kind] of Object.entries(types)) {
    if (kind !== 'numeric' && kind !== 'categorical') throw new DataError(`types.${name} must be 'numeric' or 'categorical', got '${String(kind)}'`, { column: name, row: -1 });
    const c = t.column(name); // throws DataError naming it
    if (c.kind === kind) continue;
    if (kind === 'categorical' && c.kind === 'numeric') {
      out = out.withColumn(name, CategoricalColumn.fromValues(Array.from(c.values, (x) => (Number.isNaN(x) ? null : String(x)))));
    } else if (c.kind === 'categorical') {
      const v = new Float64Array(c.length);
      c.values.forEach((s, i) => {
        const x = s === null ? NaN : Number(s);
        if (s !== null && (s.trim() === '' || !Number.isFinite(x))) {
          throw new DataError(`${source}: column '${name}' declared numeric but row ${i} holds '${s}'`, { column: name, row: i });
        }
        v[i] = x;
      });
      out = out.withColumn(name, { kind: 'numeric', values: v });
    }
  }
  return out;
}
