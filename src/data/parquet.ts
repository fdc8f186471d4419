/**
 * Parquet input through `hyparquet` (pure JavaScript, no Node APIs): numeric
 * physical types become numeric columns (nulls → `NaN`), strings, booleans,
 * dates and other values categorical, as {@link toColumn} converts them.
 */
import { DataError } from '../errors.js';
import { toColumn, type Column } from './column.js';
import { Table } from './table.js';

/**
 * True when `bytes` start and end with the Parquet magic `PAR1`.
 *
 * @example
 * ```ts
 * looksLikeParquet(new TextEncoder().encode('PAR1....PAR1')); // true
 * ```
 */
export function looksLikeParquet(bytes: Uint8Array): boolean {
  const n = bytes.length;
  const at = (i: number): boolean => bytes[i] === 0x50 && bytes[i + 1] === 0x41 && bytes[i + 2] === 0x52 && bytes[i + 3] === 0x31;
  return n >= 12 && at(0) && at(n - 4);
}

interface Chunk {
  start: number;
  end: number;
  data: ArrayLike<unknown>;
}

/**
 * Reads a Parquet file's bytes into a {@link Table} (all row groups, all
 * top-level columns, in schema order). `source` names the file in errors.
 *
 * @example
 * ```ts
 * const t = await parseParquet(new Uint8Array(await file.arrayBuffer()), file.name);
 * ```
 */
export async function parseParquet(bytes: Uint8Array, source = '<parquet>'): Promise<Table> {
  const hp = await import('hyparquet');
  const buffer = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer
    ? bytes.buffer
    : (bytes.slice().buffer as ArrayBuffer);
  const chunks = new Map<string, Chunk[]>();
  let nrow: number;
  let names: string[];
  try {
    const metadata = await hp.parquetMetadataAsync(buffer);
    nrow = Number(metadata.num_rows);
    names = hp.parquetSchema(metadata).children.map((c) => c.element.name);
    for (const name of names) chunks.set(name, []);
    await hp.parquetRead({
      file: buffer,
      metadata,
      onChunk: (c) => chunks.get(c.columnName)?.push({ start: c.rowStart, end: c.rowEnd, data: c.columnData as ArrayLike<unknown> }),
    });
  } catch (e) {
    throw new DataError(`${source}: not a readable Parquet file: ${(e as Error).message}`, { row: -1 });
  }
  const cols = new Map<string, Column>();
  for (const name of names) {
    const parts = chunks.get(name)!.sort((a, b) => a.start - b.start);
    cols.set(name, toColumn(assemble(parts, nrow), name));
  }
  return new Table(cols, nrow);
}

/** One column from its row chunks: a Float64Array when every chunk is a numeric typed array. */
function assemble(parts: Chunk[], nrow: number): ArrayLike<unknown> {
  const typed = parts.every((p) => ArrayBuffer.isView(p.data) && !(p.data instanceof DataView));
  const out: Float64Array | unknown[] = typed ? new Float64Array(nrow) : new Array<unknown>(nrow).fill(null);
  for (const p of parts) {
    const len = Math.min(p.end, nrow) - p.start;
    for (let k = 0; k < len; k++) {
      const v = p.data[k];
      if (typed) (out as Float64Array)[p.start + k] = Number(v as number | bigint);
      else (out as unknown[])[p.start + k] = typeof v === 'bigint' ? Number(v) : v;
    }
  }
  return out;
}
