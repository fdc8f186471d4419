import { readFileSync } from 'node:fs';
import { DataError } from '../errors.js';
import { parseCsv, type CsvOptions } from './csv.js';
import { Table, type ArrowTableLike } from './table.js';

/**
 * Options of {@link readTable}.
 *
 * @example
 * ```ts
 * await readTable('scores.txt', { format: 'csv', delimiter: '|' });
 * ```
 */
export type ReadOptions = Omit<CsvOptions, 'source'> & {
  /** Force the format instead of deciding by extension / content. */
  format?: 'csv' | 'arrow';
};

const ARROW_EXT = /\.(arrow|feather|arrows|ipc)$/i;
const TSV_EXT = /\.(tsv|tab)$/i;

function readBytes(path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (e) {
    throw new DataError(`cannot read '${path}': ${(e as Error).message}`, { row: -1 });
  }
}

function looksLikeArrow(bytes: Uint8Array): boolean {
  // IPC file magic "ARROW1"; IPC stream starts with the continuation marker 0xFFFFFFFF
  const magic = 'ARROW1';
  let file = bytes.length >= 6;
  for (let i = 0; i < 6 && file; i++) file = bytes[i] === magic.charCodeAt(i);
  const stream = bytes.length >= 4 && bytes[0] === 0xff && bytes[1] === 0xff && bytes[2] === 0xff && bytes[3] === 0xff;
  return file || stream;
}

function csvOptions(path: string, options: ReadOptions): CsvOptions {
  const o: CsvOptions = { source: path };
  if (options.delimiter !== undefined) o.delimiter = options.delimiter;
  else if (TSV_EXT.test(path)) o.delimiter = '\t';
  else if (/\.csv$/i.test(path)) o.delimiter = ',';
  if (options.types) o.types = options.types;
  if (options.naStrings) o.naStrings = options.naStrings;
  return o;
}

/**
 * Reads a delimited text file synchronously (see {@link parseCsv} for the
 * type-inference rule). Arrow files need the async {@link readTable}.
 *
 * @example
 * ```ts
 * const t = readTableSync('data/sleepstudy.csv');
 * t.column('Subject').kind; // 'categorical' (R quoted it)
 * ```
 */
export function readTableSync(path: string, options: ReadOptions = {}): Table {
  const bytes = readBytes(path);
  if (options.format === 'arrow' || (options.format === undefined && (ARROW_EXT.test(path) || looksLikeArrow(bytes)))) {
    throw new DataError(`'${path}' is an Arrow file: use the async readTable()`, { row: -1 });
  }
  return parseCsv(bytes.toString('utf8'), csvOptions(path, options));
}

/**
 * Reads a table from a file: Arrow IPC (`.arrow`, `.feather`, `.arrows`, or
 * Arrow magic bytes) via apache-arrow's `tableFromIPC`, otherwise CSV/TSV
 * (delimiter by extension, else sniffed). `types` overrides column types for
 * both formats.
 *
 * @example
 * ```ts
 * const t = await readTable('data/Pastes.csv', { types: { sample: 'categorical' } });
 * ```
 */
export async function readTable(path: string, options: ReadOptions = {}): Promise<Table> {
  const bytes = readBytes(path);
  const isArrow = options.format === 'arrow' || (options.format === undefined && (ARROW_EXT.test(path) || looksLikeArrow(bytes)));
  if (!isArrow) return parseCsv(bytes.toString('utf8'), csvOptions(path, options));
  const arrow = await import('apache-arrow');
  let at: ArrowTableLike;
  try {
    at = arrow.tableFromIPC(bytes) as unknown as ArrowTableLike;
  } catch (e) {
    throw new DataError(`'${path}': not a readable Arrow IPC file: ${(e as Error).message}`, { row: -1 });
  }
  return applyTypes(Table.fromArrow(at), options.types ?? {}, path);
}

function applyTypes(t: Table, types: Record<string, 'numeric' | 'categorical'>, source: string): Table {
  let out = t;
  for (const [name, kind] of Object.entries(types)) {
    if (!t.has(name)) t.column(name); // throws DataError naming it
    const c = t.column(name);
    if (c.kind === kind) continue;
    if (kind === 'categorical' && c.kind === 'numeric') {
      out = out.withColumn(name, { kind: 'categorical', values: Array.from(c.values, (x) => (Number.isNaN(x) ? null : String(x))) });
    } else if (c.kind === 'categorical') {
      const v = new Float64Array(c.values.length);
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
