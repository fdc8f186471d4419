/**
 * Reading tables from files in Node (the `node` export of `mixedlm`). The
 * browser build uses `sources.ts` instead, which has no Node imports.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { DataError } from '../errors.js';
import { CsvParser } from './csv-parser.js';
import { csvOptionsFor, detectFormat, parseTable, tableFromBytes, type ReadOptions, type TableSource } from './sources.js';
import type { Table } from './table.js';

export type { ReadOptions, ReadProgress, TableSource } from './sources.js';

const CHUNK = 4 << 20;

function fail(path: string, e: unknown): never {
  throw new DataError(`cannot read '${path}': ${(e as Error).message}`, { row: -1 });
}

/**
 * Reads a file synchronously: CSV/TSV streams through the parser in 4 MB
 * chunks (see `parseCsv` for the type-inference rule). Arrow and Parquet
 * files need the async {@link readTable}.
 *
 * @example
 * ```ts
 * const t = readTableSync('data/sleepstudy.csv');
 * t.column('Subject').kind; // 'categorical' (R quoted it)
 * ```
 */
export function readTableSync(path: string, options: ReadOptions = {}): Table {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    fail(path, e);
  }
  try {
    let total: number;
    try {
      total = fstatSync(fd).size;
    } catch (e) {
      fail(path, e);
    }
    let parser: CsvParser | null = null;
    for (;;) {
      const buf = new Uint8Array(Math.max(1, Math.min(CHUNK, total)));
      let got: number;
      try {
        got = readSync(fd, buf, 0, buf.length, null);
      } catch (e) {
        fail(path, e);
      }
      if (parser === null) {
        const format = detectFormat(buf.subarray(0, got), path, options);
        if (format !== 'csv') throw new DataError(`'${path}' is ${format === 'arrow' ? 'an Arrow' : 'a Parquet'} file: use the async readTable()`, { row: -1 });
        parser = new CsvParser(csvOptionsFor(path, options));
      }
      if (got === 0) break;
      parser.pushOwned(got === buf.length ? buf : buf.subarray(0, got));
      options.onProgress?.({ bytes: parser.bytesRead, totalBytes: total, rows: parser.rows });
    }
    return parser.finish();
  } finally {
    closeSync(fd);
  }
}

/**
 * Reads a table from a file path: Arrow IPC (`.arrow`, `.feather`, `.arrows`,
 * `.ipc`, or Arrow magic bytes) via apache-arrow, Parquet (`.parquet` or
 * `PAR1` magic) via hyparquet, otherwise CSV/TSV (delimiter by extension, else
 * sniffed), streamed in 4 MB chunks with `onProgress`. `types` overrides
 * column types for every format. Other sources (CSV text is not a path here:
 * pass bytes or a `Blob`) go to {@link parseTable}.
 *
 * @example
 * ```ts
 * const t = await readTable('data/Pastes.csv', { types: { sample: 'categorical' } });
 * const p = await readTable('big.parquet');
 * ```
 */
export async function readTable(path: string | Exclude<TableSource, string>, options: ReadOptions = {}): Promise<Table> {
  if (typeof path !== 'string') return parseTable(path, options);
  let fh;
  try {
    fh = await open(path, 'r');
  } catch (e) {
    fail(path, e);
  }
  try {
    let total: number;
    try {
      total = (await fh.stat()).size;
    } catch (e) {
      fail(path, e);
    }
    const read = async (buf: Uint8Array): Promise<number> => {
      try {
        return (await fh.read(buf, 0, buf.length, null)).bytesRead;
      } catch (e) {
        fail(path, e);
      }
    };
    const first = new Uint8Array(Math.max(1, Math.min(CHUNK, total)));
    const got = await read(first);
    const format = detectFormat(first.subarray(0, got), path, options);
    if (format !== 'csv') {
      // typed formats need the whole file
      const all = new Uint8Array(total);
      all.set(first.subarray(0, got));
      let off = got;
      while (off < total) {
        const k = await read(all.subarray(off));
        if (k === 0) break;
        off += k;
      }
      return tableFromBytes(all.subarray(0, off), path, { ...options, format });
    }
    const parser = new CsvParser(csvOptionsFor(path, options));
    let chunk = first.subarray(0, got);
    while (chunk.length > 0) {
      parser.pushOwned(chunk);
      options.onProgress?.({ bytes: parser.bytesRead, totalBytes: total, rows: parser.rows });
      const buf = new Uint8Array(CHUNK);
      chunk = buf.subarray(0, await read(buf));
    }
    return parser.finish();
  } finally {
    await fh.close();
  }
}
