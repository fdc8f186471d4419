export { CscMatrix } from './csc.js';
export { CsrMatrix } from './csr.js';
export { NotPositiveDefiniteError, SingularMatrixError, DimensionMismatchError } from '../errors.js';
