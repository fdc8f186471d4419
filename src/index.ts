// Public API of `mixedlm`: the browser (and default) entry. It only re-exports and
// reaches no Node API; `node.ts` adds file reading on top (package.json `exports`).
export * from './errors.js';
export * from './model/index.js';
export { formatSummary, type SummaryInput, type SummaryFeRow, type SummaryReRow } from './model/summary.js';
export {
  varCorrRows,
  formatVarCorr,
  type VarCorrRow,
  type VarCorrTerm,
  type FormatVarCorrOptions,
} from './model/terms/varcorr.js';
export { normalCdf, normalSf, normalQuantile, chi2Sf, gammaQ, logGamma } from './model/inference/distributions.js';
export * as optim from './optim/index.js';
export { minimize, minimizeDerivativeFree, withGradient } from './optim/index.js';
export type { Objective, Gradient, ObjectiveWithGradient, MinimizeOptions, MinimizeResult } from './optim/index.js';
export * as formula from './formula/index.js';
export { parseFormula, parseMixedFormula } from './formula/index.js';
export {
  Table,
  toTable,
  type TableInput,
  CategoricalColumn,
  type Column,
  type NumericColumn,
  parseCsv,
  CsvParser,
  type CsvOptions,
  type ColumnType,
} from './data/index.js';
export { parseParquet } from './data/parquet.js';
export {
  readTable,
  parseTable,
  tableFromBytes,
  detectFormat,
  type ReadOptions,
  type ReadProgress,
  type TableSource,
} from './data/sources.js';
export * as sparse from './sparse/index.js';
export { CscMatrix, CsrMatrix, DenseMatrix, cholesky, CholeskyFactor, lu, LuFactor, amd, setDenseBackend, loadDenseWasm, setDenseThreads, getDenseThreads, useBrowserDenseThreads } from './sparse/index.js';
export { VERSION } from './version.js';
export { plotCaterpillar, plotProfile, plotResiduals, plotBootstrap, fitEffects, normalQQ } from './plot/index.js';
export type { CaterpillarOptions, ProfilePlotOptions, ResidualsOptions, BootstrapPlotOptions } from './plot/index.js';
export { profileTrace, type ProfileTraceOptions, type ProfileTraceParam, type ProfileResult } from './model/inference/profile-trace.js';
// node-free parts of the engines; DuckDBEngine / ClickHouseEngine come from 'mixedlm/engines' (Node only)
export { crossProductsInMemory, crossProductsFromSql, assembleCrossProducts, SqlPlan, type CrossProducts, type CrossProductTerm, type SqlEngine, type SqlColumn, type SqlCrossProductOptions, type MemoryCrossProductOptions } from './engines/core.js';
