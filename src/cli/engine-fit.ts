/**
 * `mixedlm fit` through a SQL engine: `--engine duckdb` on CSV/Parquet files
 * (and globs), or a `clickhouse://HOST:PORT/DB.TABLE` source. The rows stay in
 * the engine; only the cross products come back.
 */
import { resolve } from 'node:path';
import { DimensionMismatchError, InvalidArgumentError } from '../errors.js';
import type { MixedLMResults } from '../model/results.js';
import type { CrossProducts } from '../engines/cross-products.js';
import type { SqlEngine } from '../engines/engine.js';
import { crossProductsFromSql } from '../engines/from-sql.js';
import type { CliIO } from './io.js';
import { MixedLM } from '../model/mixedlm.js';
import type { FitCommandOptions } from './fit.js';

/**
 * Whether `fit DATA` goes through a SQL engine (`--engine duckdb`, or a `clickhouse://` source).
 *
 * @example
 * ```ts
 * isEngineRoute('clickhouse://localhost:8123/db.t', { formula: 'y ~ x + (1|g)', vc: [] }); // true
 * ```
 */
export function isEngineRoute(data: string, o: FitCommandOptions): boolean {
  if (data.startsWith('clickhouse://')) return true;
  if (o.engine === undefined || o.engine === 'memory') return false;
  if (o.engine === 'duckdb') return true;
  throw new InvalidArgumentError('--engine', `expected memory or duckdb, got '${o.engine}' (ClickHouse sources are clickhouse://HOST:PORT/DB.TABLE URLs)`);
}

/**
 * Opens the engine a source names and the table it reads.
 *
 * @example
 * ```ts
 * const { engine, table } = await openEngine('data/*.parquet', { formula: 'y ~ x + (1|g)', vc: [], engine: 'duckdb' });
 * ```
 */
export async function openEngine(data: string, o: FitCommandOptions): Promise<{ engine: SqlEngine; table: string; source: string }> {
  if (data.startsWith('clickhouse://')) {
    if (o.engine !== undefined && o.engine !== 'clickhouse') throw new InvalidArgumentError('--engine', `a clickhouse:// source is read by ClickHouse, not '${o.engine}'`);
    const { ClickHouseEngine, parseClickHouseUrl } = await import('../engines/clickhouse.js');
    const u = parseClickHouseUrl(data);
    const engine = await ClickHouseEngine.create({ host: u.host, port: u.port, database: u.database });
    return { engine, table: u.table, source: `${engine.url}.${u.table}` };
  }
  const { DuckDBEngine } = await import('../engines/duckdb.js');
  if (!DuckDBEngine.isFile(data)) throw new InvalidArgumentError('--engine', `duckdb reads files ending in .csv, .tsv, .txt or .parquet (globs allowed), got '${data}'`);
  const engine = await DuckDBEngine.create();
  return { engine, table: data, source: resolve(data) };
}

/**
 * Aggregates the cross products of `o.formula` on `data` in its engine, with a
 * progress line on stderr when it is a terminal. The engine is closed on return.
 *
 * @example
 * ```ts
 * const { cp, seconds } = await aggregate('sleep.parquet', { formula: 'Reaction ~ Days + (Days | Subject)', vc: [], engine: 'duckdb' }, io);
 * ```
 */
export async function aggregate(data: string, o: FitCommandOptions, io: CliIO): Promise<{ cp: CrossProducts; seconds: number; engineName: string; source: string }> {
  for (const [flag, v] of [['--groups', o.groups], ['--re-formula', o.reFormula]] as const) {
    if (v !== undefined) throw new InvalidArgumentError(flag, 'SQL engines take lme4 formulas only: write the random terms in the formula, e.g. (1 | g)');
  }
  if (o.vc.length > 0) throw new InvalidArgumentError('--vc', 'SQL engines take lme4 formulas only: write the random terms in the formula, e.g. (1 | g)');
  if (o.missing === 'none') throw new InvalidArgumentError('--missing', 'SQL engines drop rows with missing values (--missing drop); they report how many');
  const { engine, table, source } = await openEngine(data, o);
  const t0 = performance.now();
  let shown = false;
  try {
    const cp = await crossProductsFromSql(engine, table, o.formula, {
      onProgress: (phase, step, steps) => {
        if (!io.errIsTTY) return;
        io.err(`\r\x1b[K  aggregating in ${engine.dialect} (${step + 1}/${steps}): ${phase}`);
        shown = true;
      },
    });
    return { cp, seconds: (performance.now() - t0) / 1000, engineName: engine.dialect, source };
  } finally {
    if (shown) io.err('\r\x1b[K');
    await engine.close();
  }
}

/** The terms of models built here, for the conditional-modes CSV (the model itself keeps no formula). */
const TERMS = new WeakMap<MixedLM, CrossProducts['terms']>();

const csvField = (s: string): string => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/**
 * `--ranef` CSV (group, term, level, value, condvar) of a fit whose model came
 * from {@link engineModel}; `null` for any other model. The conditional modes
 * come in Z's column order: terms, then levels, then the term's columns.
 *
 * @example
 * ```ts
 * const csv = engineRanefCsv(fit) ?? ranefCsv(fit);
 * ```
 */
export function engineRanefCsv(r: MixedLMResults): string | null {
  const terms = TERMS.get(r.model);
  if (!terms) return null;
  // one group ('all', Z's columns in order) or, for one term, one group per level (its k columns each)
  const re = r.randomEffects;
  const cvs = r.randomEffectsCondVar();
  const values = r.model.groupLabels.flatMap((g) => Object.values(re.get(g) ?? {}));
  const cv = r.model.groupLabels.flatMap((g) => Object.values(cvs.get(g) ?? {}));
  const lines = ['group,term,level,value,condvar'];
  let o = 0;
  for (const t of terms) {
    for (const lev of t.levels) {
      for (const c of t.columns) {
        lines.push([csvField(t.group), csvField(c), csvField(lev), String(values[o]), String(cv[o])].join(','));
        o++;
      }
    }
  }
  if (o !== values.length) throw new DimensionMismatchError('conditional modes', String(o), String(values.length));
  return `${lines.join('\n')}\n`;
}

/**
 * The `source.data` a saved fit records for an engine route: the URL as given, or the absolute file path/glob.
 *
 * @example
 * ```ts
 * engineSource('clickhouse://localhost:8123/db.t'); // 'clickhouse://localhost:8123/db.t'
 * ```
 */
export function engineSource(data: string): string {
  return data.startsWith('clickhouse://') ? data : resolve(data);
}

/**
 * Aggregates in the engine and builds the model from the cross products
 * (`MixedLM.fromCrossProducts`); rows dropped for missing values become the
 * same `missing-dropped` warning the in-memory path gives.
 *
 * @example
 * ```ts
 * const model = await engineModel('sleep.parquet', { formula: 'Reaction ~ Days + (Days | Subject)', vc: [], engine: 'duckdb' }, io);
 * model.fit().llf;
 * ```
 */
export async function engineModel(data: string, o: FitCommandOptions, io?: CliIO): Promise<MixedLM> {
  const { cp } = await aggregate(data, o, io ?? { out: () => {}, err: () => {}, errIsTTY: false });
  const model = MixedLM.fromCrossProducts(cp);
  TERMS.set(model, cp.terms);
  if (cp.nDropped > 0) model.warnings.push({ code: 'missing-dropped', message: `dropped ${cp.nDropped} rows with missing values`, count: cp.nDropped });
  return model;
}
