/**
 * ClickHouse over its HTTP interface with the official `@clickhouse/client`
 * (loaded lazily). The aggregation runs on the server; on a `Distributed`
 * table the shards aggregate their parts. Checked against Debian's
 * `clickhouse-server` 18.16 (TabSeparated results: that version has no
 * JSONCompactEachRow).
 */
import { DataError, EngineError, InvalidArgumentError } from '../errors.js';
import type { SqlEngine } from './engine.js';
import { sqlKind, type SqlColumn } from './sql.js';

/** The slice of `@clickhouse/client` used here. */
interface ChClient {
  query(p: { query: string; format: 'TabSeparated' }): Promise<{ stream(): AsyncIterable<{ text: string }[]>; text(): Promise<string> }>;
  close(): Promise<void>;
}

/**
 * Options of {@link ClickHouseEngine.create}. Credentials come from here or
 * from the environment variables `MIXEDLM_CLICKHOUSE_USER` /
 * `MIXEDLM_CLICKHOUSE_PASSWORD`; they are never printed.
 *
 * @example
 * ```ts
 * const o: ClickHouseOptions = { host: '127.0.0.1', port: 8123, database: 'analytics' };
 * ```
 */
export interface ClickHouseOptions {
  host: string;
  /** HTTP port (default 8123). */
  port?: number;
  /** Database of unqualified table names (default `'default'`). */
  database?: string;
  username?: string;
  password?: string;
  /** Per-request timeout in ms (default 10 minutes). */
  requestTimeout?: number;
}

/**
 * Parses `clickhouse://HOST:PORT/DATABASE.TABLE` (port defaults to 8123).
 *
 * @example
 * ```ts
 * parseClickHouseUrl('clickhouse://127.0.0.1:8123/stats.ratings');
 * // { host: '127.0.0.1', port: 8123, database: 'stats', table: 'ratings' }
 * ```
 */
export function parseClickHouseUrl(url: string): { host: string; port: number; database: string; table: string } {
  const m = /^clickhouse:\/\/(?:[^@/]*@)?(\[[^\]]+\]|[^:/]+)(?::(\d+))?\/([^./]+)\.([^/]+)$/.exec(url);
  if (!m) throw new InvalidArgumentError('url', `expected clickhouse://HOST:PORT/DATABASE.TABLE, got '${url.replace(/\/\/[^@/]*@/, '//')}'`);
  if (/^clickhouse:\/\/[^/]*@/.test(url)) throw new InvalidArgumentError('url', 'credentials do not belong in the URL: use MIXEDLM_CLICKHOUSE_USER / MIXEDLM_CLICKHOUSE_PASSWORD');
  return { host: m[1]!, port: m[2] ? Number(m[2]) : 8123, database: m[3]!, table: m[4]! };
}

/** ClickHouse's TabSeparated escapes: \t \n \\ \0 \b \f \r \' */
function unescapeTsv(s: string): string {
  if (!s.includes('\\')) return s;
  return s.replace(/\\(.)/g, (_, c: string) => ({ t: '\t', n: '\n', r: '\r', '0': '\0', b: '\b', f: '\f' })[c] ?? c);
}

/**
 * A {@link SqlEngine} on a ClickHouse server.
 *
 * @example
 * ```ts
 * const engine = await ClickHouseEngine.create({ host: '127.0.0.1', port: 8123, database: 'stats' });
 * const cp = await crossProductsFromSql(engine, 'ratings', 'y ~ service + (1 | s) + (1 | d)');
 * await engine.close();
 * ```
 */
export class ClickHouseEngine implements SqlEngine {
  readonly dialect = 'clickhouse' as const;

  private constructor(
    private readonly client: ChClient,
    readonly url: string,
    readonly database: string,
  ) {}

  /**
   * Connects (lazily: the first query opens the connection).
   *
   * @example
   * ```ts
   * const engine = await ClickHouseEngine.create({ host: 'localhost', username: 'reader' });
   * ```
   */
  static async create(options: ClickHouseOptions): Promise<ClickHouseEngine> {
    const port = options.port ?? 8123;
    if (!Number.isInteger(port) || port < 1 || port > 65535) throw new InvalidArgumentError('port', `expected 1..65535, got ${port}`);
    const database = options.database ?? 'default';
    const url = `clickhouse://${options.host}:${port}/${database}`;
    const mod = (await import('@clickhouse/client')) as unknown as {
      createClient(o: Record<string, unknown>): ChClient;
      ClickHouseLogLevel: { OFF: unknown };
    };
    const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env ?? {};
    const username = options.username ?? env.MIXEDLM_CLICKHOUSE_USER;
    const password = options.password ?? env.MIXEDLM_CLICKHOUSE_PASSWORD;
    const config: Record<string, unknown> = {
      url: `http://${options.host}:${port}`,
      database,
      request_timeout: options.requestTimeout ?? 600_000,
      log: { level: mod.ClickHouseLogLevel.OFF },
    };
    if (username !== undefined && username !== '') config.username = username;
    if (password !== undefined) config.password = password;
    return new ClickHouseEngine(mod.createClient(config), url, database);
  }

  private qualified(table: string): { db: string; name: string } {
    const k = table.indexOf('.');
    return k > 0 ? { db: table.slice(0, k), name: table.slice(k + 1) } : { db: this.database, name: table };
  }

  from(table: string): string {
    const { db, name } = this.qualified(table);
    const q = (s: string): string => `\`${s.replace(/\\/g, '\\\\').replace(/`/g, '\\`')}\``;
    return `${q(db)}.${q(name)}`;
  }

  private fail(e: unknown): never {
    const msg = e instanceof Error ? e.message : String(e);
    throw new EngineError(this.url, msg.replace(/, e\.what\(\) = DB::Exception\s*$/, '').trim() || (e as { code?: string }).code || 'request failed');
  }

  async describe(table: string): Promise<SqlColumn[]> {
    let text: string;
    try {
      text = await (await this.client.query({ query: `DESCRIBE TABLE ${this.from(table)}`, format: 'TabSeparated' })).text();
    } catch (e) {
      const msg = e instanceof Error ? e.message : String(e);
      if (/Code: (60|81)\b/.test(msg)) {
        const { db, name } = this.qualified(table);
        throw new DataError(`unknown table '${db}.${name}' on ${this.url.replace(/\/[^/]*$/, '')} (${msg.replace(/, e\.what\(\).*$/s, '').trim()})`, { row: -1 });
      }
      this.fail(e);
    }
    return text
      .split('\n')
      .filter((l) => l.length > 0)
      .map((l) => {
        const [name, type] = l.split('\t');
        return { name: unescapeTsv(name!), type: type!, ...sqlKind(type!) };
      });
  }

  async query(sql: string, onChunk: (columns: readonly (readonly unknown[])[], rows: number) => void): Promise<void> {
    try {
      const rs = await this.client.query({ query: sql, format: 'TabSeparated' });
      for await (const rows of rs.stream()) {
        if (rows.length === 0) continue;
        const first = rows[0]!.text.split('\t');
        const cols: unknown[][] = first.map(() => new Array<unknown>(rows.length));
        rows.forEach((row, r) => {
          const f = row.text.split('\t');
          for (let c = 0; c < cols.length; c++) {
            const v = f[c]!;
            cols[c]![r] = v === '\\N' ? null : unescapeTsv(v);
          }
        });
        onChunk(cols, rows.length);
      }
    } catch (e) {
      if (e instanceof DataError || e instanceof EngineError) throw e;
      this.fail(e);
    }
  }

  async close(): Promise<void> {
    await this.client.close();
  }
}
