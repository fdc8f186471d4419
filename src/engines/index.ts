// `mixedlm/engines` (Node): the engines and everything the core exports about cross products.
export * from './core.js';
export { DuckDBEngine, type DuckDBOptions } from './duckdb.js';
export { ClickHouseEngine, parseClickHouseUrl, type ClickHouseOptions } from './clickhouse.js';
