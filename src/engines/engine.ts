/** What the SQL path needs from a database: its dialect, the columns of a source, and chunked query results. */
import type { Dialect, SqlColumn } from './sql.js';

/**
 * A database connection the cross products can be computed in. Implemented by
 * `DuckDBEngine` and `ClickHouseEngine`; any other engine with an ANSI-ish
 * SQL and one of the {@link Dialect}s can implement it.
 *
 * @example
 * ```ts
 * const engine: SqlEngine = await DuckDBEngine.create();
 * const cols = await engine.describe('data.parquet');
 * await engine.close();
 * ```
 */
export interface SqlEngine {
  readonly dialect: Dialect;
  /** Where the data are, for messages (no credentials). */
  readonly url: string;
  /** The FROM clause that reads `table` (a quoted table name, or a file reader). */
  from(table: string): string;
  /** The columns of `table`; an unknown table throws a DataError naming it. */
  describe(table: string): Promise<SqlColumn[]>;
  /** Runs a query; result columns arrive in chunks (numbers as `number` or as their text, strings as `string`, NULL as `null`). */
  query(sql: string, onChunk: (columns: readonly (readonly unknown[])[], rows: number) => void): Promise<void>;
  close(): Promise<void>;
}
