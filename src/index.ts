// Public API of `mixedlm`. This file only re-exports; see each module for docs.
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
export { Table, toTable, type TableInput } from './data/index.js';
export { readTable, readTableSync, type ReadOptions } from './data/read.js';
export * as sparse from './sparse/index.js';
export { CscMatrix, CsrMatrix, DenseMatrix, cholesky, CholeskyFactor, lu, LuFactor, amd, setDenseBackend, loadDenseWasm } from './sparse/index.js';
export { VERSION } from './version.js';
// node-free parts of the engines; DuckDBEngine / ClickHouseEngine come from 'mixedlm/engines' (Node only)
export { crossProductsInMemory, crossProductsFromSql, assembleCrossProducts, SqlPlan, type CrossProducts, type CrossProductTerm, type SqlEngine, type SqlColumn, type SqlCrossProductOptions, type MemoryCrossProductOptions } from './engines/core.js';
