import { InvalidArgumentError } from '../errors.js';
import { rowsToData } from './compressed.js';
import { CscMatrix } from './csc.js';
import { CsrMatrix } from './csr.js';
import { DenseMatrix } from './dense-matrix.js';

/** A sparse matrix in either storage. @example `const S: SparseMatrix = CscMatrix.identity(2);` */
export type SparseMatrix = CscMatrix | CsrMatrix;
/** A dense matrix: row-major {@link DenseMatrix} or rows. @example `const D: DenseLike = [[1, 2]];` */
export type DenseLike = DenseMatrix | readonly (readonly number[])[];
/** A vector (1-D, numpy-style). @example `const v: Vector = new Float64Array(3);` */
export type Vector = Float64Array | readonly number[];
/** Any matrix operand. @example `const M: MatrixOperand = DenseMatrix.identity(2);` */
export type MatrixOperand = SparseMatrix | DenseLike;
/** Any operand of the product functions. @example `const x: Operand = [1, 2, 3];` */
export type Operand = MatrixOperand | Vector;

/**
 * An operand classified once: `vec`, `sparse`, or `dense` (rows are copied
 * into a {@link DenseMatrix}; a DenseMatrix is used as is).
 *
 * @example
 * ```ts
 * classify([[1, 2]], 'a'); // { kind: 'dense', m: DenseMatrix 1×2 }
 * ```
 */
export type Classified =
  | { kind: 'vec'; v: ArrayLike<number> }
  | { kind: 'sparse'; m: SparseMatrix }
  | { kind: 'dense'; m: DenseMatrix };

/**
 * Classify an operand. An empty array `[]` is an empty vector (use
 * `DenseMatrix.zeros(0, n)` for a matrix without rows).
 *
 * @example
 * ```ts
 * classify(new Float64Array(2), 'x').kind; // 'vec'
 * ```
 */
export function classify(x: Operand, name: string): Classified {
  if (x instanceof CscMatrix || x instanceof CsrMatrix) return { kind: 'sparse', m: x };
  if (x instanceof DenseMatrix) return { kind: 'dense', m: x };
  if (x instanceof Float64Array) return { kind: 'vec', v: x };
  if (Array.isArray(x)) {
    if (x.length > 0 && Array.isArray(x[0])) {
      const d = rowsToData(x as readonly (readonly number[])[], name);
      return { kind: 'dense', m: new DenseMatrix(d.nrow, d.ncol, d.data) };
    }
    return { kind: 'vec', v: x as readonly number[] };
  }
  throw new InvalidArgumentError(name, 'must be a CscMatrix, CsrMatrix, DenseMatrix, number[][], Float64Array or number[]');
}

/**
 * Shape string for messages: `3×4`, or `vector(5)`.
 *
 * @example
 * ```ts
 * shapeOf(classify([1, 2], 'x')); // 'vector(2)'
 * ```
 */
export function shapeOf(c: Classified): string {
  return c.kind === 'vec' ? `vector(${c.v.length})` : `${c.m.nrow}×${c.m.ncol}`;
}
