// The browser-safe part of the engines (no client package, no Node API): what the package index re-exports.
export { assembleCrossProducts, type CrossProducts, type CrossProductTerm, type TermSums, type PairSums } from './cross-products.js';
export { crossProductsInMemory, termLabel, lme4Column, type MemoryCrossProductOptions } from './memory.js';
export { crossProductsFromSql, type SqlCrossProductOptions } from './from-sql.js';
export { SqlPlan, sqlKind, DIALECTS, type Dialect, type DialectInfo, type SqlColumn, type AggregateQuery, type CodedPlan } from './sql.js';
export type { SqlEngine } from './engine.js';
