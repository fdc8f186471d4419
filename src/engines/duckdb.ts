/**
 * DuckDB, embedded (`@duckdb/node-api`, an optional dependency loaded lazily):
 * aggregates CSV/Parquet files (and globs) or tables where they lie; no data
 * rows enter Node.
 */
import { DataError, EngineError, InvalidArgumentError } from '../errors.js';
import type { SqlEngine } from './engine.js';
import { sqlKind, type SqlColumn } from './sql.js';

/** The slice of `@duckdb/node-api` used here. */
interface DuckConnection {
  stream(sql: string): Promise<AsyncIterable<{ rowCount: number; getColumns(): unknown[][] }>>;
  run(sql: string): Promise<unknown>;
  runAndReadAll(sql: string): Promise<{ getRows(): unknown[][] }>;
  closeSync?(): void;
  disconnectSync?(): void;
}
interface DuckInstance {
  connect(): Promise<DuckConnection>;
  closeSync?(): void;
}

/**
 * Options of {@link DuckDBEngine.create}.
 *
 * @example
 * ```ts
 * const o: DuckDBOptions = { path: ':memory:', threads: 2, memoryLimit: '1GB' };
 * ```
 */
export interface DuckDBOptions {
  /** Database file (default `':memory:'`). */
  path?: string;
  /** DuckDB's `threads` setting. */
  threads?: number;
  /** DuckDB's `memory_limit` setting, e.g. `'1GB'`. */
  memoryLimit?: string;
}

const FILE_RE = /\.(csv|tsv|txt|parquet)(\.gz|\.zst)?$/i;
const sqlString = (s: string): string => `'${s.replace(/'/g, "''")}'`;

/**
 * A {@link SqlEngine} on an embedded DuckDB. `table` may be a file path or
 * glob ending in `.csv`, `.tsv`, `.txt` or `.parquet` (read by DuckDB's
 * readers; CSV columns follow the in-memory reader's conventions: quoted
 * numbers are labels, `NA`/empty/`NaN` are missing) or a table name.
 *
 * @example
 * ```ts
 * const engine = await DuckDBEngine.create();
 * const cp = await crossProductsFromSql(engine, 'data/*.parquet', 'y ~ x + (x | g)');
 * await engine.close();
 * ```
 */
export class DuckDBEngine implements SqlEngine {
  readonly dialect = 'duckdb' as const;
  readonly url: string;
  private readonly csvTypes = new Map<string, Record<string, string>>();
  /** After the first DESCRIBE of a CSV source: its delimiter and every column's type, so later scans skip DuckDB's sniffer. */
  private readonly csvLayout = new Map<string, { delim: string; columns: [string, string][] }>();
  private readonly csvDelim = new Map<string, string>();

  private constructor(
    private readonly instance: DuckInstance,
    private readonly conn: DuckConnection,
    path: string,
  ) {
    this.url = `duckdb:${path}`;
  }

  /**
   * Opens DuckDB (the optional dependency `@duckdb/node-api` must be installed).
   *
   * @example
   * ```ts
   * const engine = await DuckDBEngine.create({ threads: 2 });
   * ```
   */
  static async create(options: DuckDBOptions = {}): Promise<DuckDBEngine> {
    let mod: { DuckDBInstance: { create(path: string, config?: Record<string, string>): Promise<DuckInstance> } };
    try {
      mod = (await import('@duckdb/node-api')) as unknown as typeof mod;
    } catch (e) {
      throw new EngineError('duckdb', `the optional dependency @duckdb/node-api is not installed (npm install @duckdb/node-api): ${(e as Error).message}`);
    }
    const config: Record<string, string> = {};
    if (options.threads !== undefined) {
      if (!Number.isInteger(options.threads) || options.threads < 1) throw new InvalidArgumentError('threads', `expected a positive integer, got ${options.threads}`);
      config.threads = String(options.threads);
    }
    if (options.memoryLimit !== undefined) config.memory_limit = options.memoryLimit;
    const path = options.path ?? ':memory:';
    try {
      const instance = await mod.DuckDBInstance.create(path, config);
      const conn = await instance.connect();
      return new DuckDBEngine(instance, conn, path);
    } catch (e) {
      throw new EngineError(`duckdb:${path}`, (e as Error).message);
    }
  }

  /** Whether `table` names files (path or glob) rather than a table. */
  static isFile(table: string): boolean {
    return FILE_RE.test(table);
  }

  from(table: string): string {
    if (!DuckDBEngine.isFile(table)) return table.split('.').map((s) => `"${s.replace(/"/g, '""')}"`).join('.');
    if (/\.parquet$/i.test(table)) return `read_parquet(${sqlString(table)})`;
    const layout = this.csvLayout.get(table);
    if (layout) {
      const cols = layout.columns.map(([k, v]) => `${sqlString(k)}: ${sqlString(v)}`).join(', ');
      return `read_csv(${sqlString(table)}, header = true, auto_detect = false, delim = ${sqlString(layout.delim)}, quote = '"', escape = '"', nullstr = ['NA', '', 'NaN'], columns = {${cols}})`;
    }
    const types = this.csvTypes.get(table) ?? {};
    const typeList = Object.entries(types).map(([k, v]) => `${sqlString(k)}: ${sqlString(v)}`).join(', ');
    return `read_csv(${sqlString(table)}, header = true, nullstr = ['NA', '', 'NaN']${typeList ? `, types = {${typeList}}` : ''})`;
  }

  async describe(table: string): Promise<SqlColumn[]> {
    if (DuckDBEngine.isFile(table) && !/\.parquet$/i.test(table)) await this.sniffCsv(table);
    let rows: unknown[][];
    try {
      rows = (await this.conn.runAndReadAll(`DESCRIBE SELECT * FROM ${this.from(table)}`)).getRows();
    } catch (e) {
      const msg = (e as Error).message;
      if (/No files found|does not exist|not found|Cannot open file/i.test(msg)) throw new DataError(`unknown ${DuckDBEngine.isFile(table) ? 'file' : 'table'} '${table}' (${msg.split('\n')[0]})`, { row: -1 });
      throw new EngineError(this.url, msg);
    }
    const out = rows.map((r) => {
      const name = String(r[0]);
      const type = String(r[1]);
      return { name, type, ...sqlKind(type) };
    });
    const delim = this.csvDelim.get(table);
    if (delim !== undefined && !this.csvLayout.has(table)) this.csvLayout.set(table, { delim, columns: out.map((c) => [c.name, c.type]) });
    return out;
  }

  /** Columns whose values are quoted in the first file's first 256 KB are labels (VARCHAR), as the in-memory reader reads them. */
  private async sniffCsv(table: string): Promise<void> {
    if (this.csvTypes.has(table)) return;
    let first: string | undefined;
    try {
      const r = (await this.conn.runAndReadAll(`SELECT file FROM glob(${sqlString(table)}) ORDER BY file LIMIT 1`)).getRows();
      first = r[0] ? String(r[0][0]) : undefined;
    } catch (e) {
      throw new EngineError(this.url, (e as Error).message);
    }
    if (first === undefined) throw new DataError(`unknown file '${table}': no file matches`, { row: -1 });
    if (/\.(gz|zst)$/i.test(first)) {
      this.csvTypes.set(table, {}); // compressed: DuckDB's sniffer decides every time
      return;
    }
    const { openSync, readSync, closeSync } = await import('node:fs');
    const { parseCsv, sniffDelimiter } = await import('../data/csv.js');
    const fd = openSync(first, 'r');
    const buf = Buffer.alloc(256 * 1024);
    const len = readSync(fd, buf, 0, buf.length, 0);
    closeSync(fd);
    let text = buf.subarray(0, len).toString('utf8');
    if (len === buf.length) text = text.slice(0, text.lastIndexOf('\n') + 1);
    const sample = parseCsv(text, { source: first });
    this.csvDelim.set(table, sniffDelimiter(text));
    const types: Record<string, string> = {};
    for (const name of sample.names) if (sample.column(name).kind === 'categorical') types[name] = 'VARCHAR';
    this.csvTypes.set(table, types);
  }

  async query(sql: string, onChunk: (columns: readonly (readonly unknown[])[], rows: number) => void): Promise<void> {
    try {
      const result = await this.conn.stream(sql);
      for await (const chunk of result) {
        if (chunk.rowCount === 0) break;
        onChunk(chunk.getColumns(), chunk.rowCount);
      }
    } catch (e) {
      if (e instanceof DataError) throw e;
      throw new EngineError(this.url, (e as Error).message);
    }
  }

  /**
   * Runs a statement without a result (e.g. `COPY ... TO 'x.parquet'`).
   *
   * @example
   * ```ts
   * await engine.run("COPY (SELECT 1 AS x) TO 'one.parquet' (FORMAT parquet)");
   * ```
   */
  async run(sql: string): Promise<void> {
    try {
      await this.conn.run(sql);
    } catch (e) {
      throw new EngineError(this.url, (e as Error).message);
    }
  }

  async close(): Promise<void> {
    this.conn.disconnectSync?.();
    this.instance.closeSync?.();
  }
}
