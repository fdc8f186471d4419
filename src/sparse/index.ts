// Public sparse linear-algebra API: `import { cholesky, CscMatrix } from 'mixedlm/sparse'`.
export { CscMatrix } from './csc.js';
export { CsrMatrix } from './csr.js';
export { DenseMatrix } from './dense-matrix.js';
export { hstack, vstack, type StackOptions } from './stack.js';
export { dot, multiDotThree, multiDotOrder, type DotResult } from './products.js';
export { dotSum } from './dot-sum.js';
export { gram, crossprod, crossprodVec } from './gram.js';
export type { SparseMatrix, DenseLike, Vector, MatrixOperand, Operand } from './operands.js';
export { amd, amdOrder, type AmdOptions } from './amd.js';
export { etree, postorder, columnCounts, columnCountsPostordered } from './etree.js';
export { symbolicCholesky, choleskyCounts, type CholeskyOptions, type SymbolicCholesky, type CholeskyCounts } from './symbolic.js';
export { factorizationCosts, type FactorizationCost, type FactorizationCostOptions, type FactorizationPath } from './factorization-cost.js';
export { cholesky, CholeskyFactor } from './cholesky.js';
export { SelectedInverseWorkspace, selectedInverseSupernodal } from './selected-inverse.js';
export { analyzeSchur, SchurCholesky, type SchurOptions, type SchurSymbolic } from './schur-cholesky.js';
export { ldl, ldlAnalyze, LdlFactor, type LdlSymbolic } from './ldl.js';
export { lu, luAnalyze, LuFactor, LuSymbolic, type LuOptions, type LuOrdering } from './lu.js';
export { colamdLikeOrder, symmetricOrder, isPatternSymmetric } from './colorder.js';
export * as dense from './dense/index.js';
export { setDenseBackend, getDenseBackend, denseWasmAvailable, loadDenseWasm, releaseDenseWasm, type DenseBackend } from './dense/index.js';
export { setDenseThreads, getDenseThreads, useBrowserDenseThreads } from './dense/index.js';
export {
  NotPositiveDefiniteError,
  SingularMatrixError,
  DimensionMismatchError,
  InvalidArgumentError,
} from '../errors.js';
