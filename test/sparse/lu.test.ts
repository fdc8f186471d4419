import { describe, expect, it } from 'vitest';
import { Matrix, LuDecomposition } from 'ml-matrix';
import { CscMatrix } from '../../src/sparse/csc.js';
import { lu, luAnalyze, LuFactor, type LuOptions } from '../../src/sparse/lu.js';
import { colamdLikeOrder, isPatternSymmetric, symmetricOrder } from '../../src/sparse/colorder.js';
import { DimensionMismatchError, InvalidArgumentError, SingularMatrixError } from '../../src/errors.js';
import {
  cscFromDenseRows,
  denseMatMul,
  denseTranspose,
  maxRelDiff,
  maxRelDiffVec,
  mulberry32,
  randn,
  randomSparse,
  randomVector,
  relResidual,
  toDenseRows,
} from './helpers.js';

/** Dense LU with partial pivoting (plain loops): log|det| and sign(det). */
function denseLogDet(A: number[][]): { logAbsDet: number; sign: number } {
  const n = A.length;
  const a = A.map((r) => r.slice());
  let logAbsDet = 0;
  let sign = 1;
  for (let k = 0; k < n; k++) {
    let piv = k;
    for (let i = k + 1; i < n; i++) if (Math.abs(a[i]![k]!) > Math.abs(a[piv]![k]!)) piv = i;
    if (piv !== k) {
      [a[k], a[piv]] = [a[piv]!, a[k]!];
      sign = -sign;
    }
    const d = a[k]![k]!;
    if (d === 0) return { logAbsDet: -Infinity, sign: 0 };
    if (d < 0) sign = -sign;
    logAbsDet += Math.log(Math.abs(d));
    for (let i = k + 1; i < n; i++) {
      const f = a[i]![k]! / d;
      if (f === 0) continue;
      for (let j = k + 1; j < n; j++) a[i]![j]! -= f * a[k]![j]!;
    }
  }
  return { logAbsDet, sign };
}

/** Oracle x = A\b from ml-matrix. */
function oracleSolve(A: number[][], b: Float64Array): number[] {
  return new LuDecomposition(new Matrix(A)).solve(Matrix.columnVector(Array.from(b))).getColumn(0);
}

/** P A Q as dense rows: (PAQ)[k][l] = A[p[k]][q[l]]. */
function permuted(A: number[][], F: LuFactor): number[][] {
  return Array.from({ length: F.n }, (_, k) => Array.from({ length: F.n }, (_, l) => A[F.p[k]!]![F.q[l]!]!));
}

/** Every check on one matrix, against the dense oracle. */
function checkFactor(A: CscMatrix, opts: LuOptions, rng: () => number, forwardTol = 1e-8): LuFactor {
  const Ad = toDenseRows(A);
  const before = { p: A.colPtr.slice(), i: A.rowIdx.slice(), x: A.values.slice() };
  const F = lu(A, opts);
  // input untouched
  expect(A.colPtr).toEqual(before.p);
  expect(A.rowIdx).toEqual(before.i);
  expect(A.values).toEqual(before.x);
  const n = A.ncol;
  const b = randomVector(rng, n);
  const x = F.solve(b);
  expect(relResidual(Ad, x, b)).toBeLessThan(1e-12); // backward error, ∞-norms
  const y = F.solveTransposed(b);
  expect(relResidual(denseTranspose(Ad, n), y, b)).toBeLessThan(1e-12);
  // forward error vs ml-matrix, loose: depends on conditioning
  expect(maxRelDiffVec(x, oracleSolve(Ad, b))).toBeLessThan(forwardTol);
  // P A Q = L U
  const LU = denseMatMul(toDenseRows(F.lower()), toDenseRows(F.upper()), n);
  expect(maxRelDiff(LU, permuted(Ad, F))).toBeLessThan(1e-12); // relative to max |A|
  // determinant
  const ref = denseLogDet(Ad);
  expect(Math.abs(F.logAbsDet() - ref.logAbsDet)).toBeLessThan(1e-10 * Math.max(1, Math.abs(ref.logAbsDet)));
  expect(F.sign()).toBe(ref.sign);
  expect(F.nnzL).toBe(F.lower().nnz);
  expect(F.nnzU).toBe(F.upper().nnz);
  return F;
}

/** Random sparse n×n, diagonal made dominant: |a_jj| = 1 + Σ_i≠j |a_ij| (random sign). */
function dominant(rng: () => number, n: number, density: number): number[][] {
  const A = toDenseRows(randomSparse(rng, n, n, density));
  for (let j = 0; j < n; j++) {
    let s = 0;
    for (let i = 0; i < n; i++) if (i !== j) s += Math.abs(A[i]![j]!);
    A[j]![j] = (rng() < 0.5 ? -1 : 1) * (1 + s);
  }
  return A;
}

/** Rows of A permuted at random (destroys the dominant diagonal: pivoting needed). */
function shuffleRows(rng: () => number, A: number[][]): number[][] {
  const rows = A.map((r) => r.slice());
  for (let i = rows.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [rows[i], rows[j]] = [rows[j]!, rows[i]!];
  }
  return rows;
}

const ORDERINGS: LuOptions[] = [
  {},
  { ordering: 'colamd-like' },
  { ordering: 'natural' },
  { ordering: 'symmetric', pivotTolerance: 0.1 },
];

describe('lu: random nonsymmetric vs dense oracle', () => {
  const cases: [number, number][] = [
    [2, 0.5],
    [5, 0.3],
    [30, 0.05],
    [30, 0.3],
    [80, 0.03],
    [80, 0.2],
  ];
  for (const [n, density] of cases) {
    for (const opts of ORDERINGS) {
      it(`n=${n} density=${density} ${String(opts.ordering)}: dominant diagonal and shuffled rows`, () => {
        const rng = mulberry32(1000 * n + Math.round(100 * density));
        checkFactor(cscFromDenseRows(dominant(rng, n, density)), opts, rng);
        checkFactor(cscFromDenseRows(shuffleRows(rng, dominant(rng, n, density))), opts, rng);
      });
    }
  }

  it('general random matrices (no dominance) with a full structural diagonal', () => {
    const rng = mulberry32(77);
    for (const n of [10, 40, 100]) {
      const A = toDenseRows(randomSparse(rng, n, n, 0.15));
      for (let i = 0; i < n; i++) A[i]![i] = randn(rng);
      for (const opts of ORDERINGS) checkFactor(cscFromDenseRows(A), opts, rng, 1e-6);
    }
  });

  it('explicit permutation ordering and symbolic reuse give the same solution', () => {
    const rng = mulberry32(5);
    const n = 40;
    const A = cscFromDenseRows(shuffleRows(rng, dominant(rng, n, 0.1)));
    const q = new Int32Array(n);
    for (let k = 0; k < n; k++) q[k] = n - 1 - k;
    checkFactor(A, { ordering: q }, rng);
    const S = luAnalyze(A, { ordering: 'colamd-like' });
    // same pattern, new values
    const A2 = new CscMatrix(n, n, A.colPtr, A.rowIdx, A.values.map((v) => v * (1 + 0.1 * rng())));
    const F2 = lu(A2, { symbolic: S });
    expect(F2.q).toEqual(S.q);
    const b = randomVector(rng, n);
    expect(relResidual(toDenseRows(A2), F2.solve(b), b)).toBeLessThan(1e-12); // backward error
  });
});

describe('lu: symmetric indefinite (ZᵀZ + diagonal with negative shifts)', () => {
  for (const [m, qn, density] of [
    [60, 20, 0.1],
    [200, 60, 0.05],
    [400, 120, 0.02],
  ] as const) {
    it(`Z ${m}×${qn}, density ${density}`, () => {
      const rng = mulberry32(m + qn);
      const Zd = toDenseRows(randomSparse(rng, m, qn, density));
      const M = denseMatMul(denseTranspose(Zd, qn), Zd, qn);
      // Ψ⁻¹-like diagonal with some negative entries: indefinite
      for (let j = 0; j < qn; j++) M[j]![j]! += rng() < 0.3 ? -(0.5 + 3 * rng()) : 0.5 + rng();
      const A = cscFromDenseRows(M);
      for (const opts of [...ORDERINGS, { ordering: 'symmetric' as const, pivotTolerance: 1e-3 }]) {
        checkFactor(A, opts, rng, 1e-6);
      }
      const ref = denseLogDet(M);
      expect(ref.sign === 1 || ref.sign === -1).toBe(true);
    });
  }

  it('I + ZᵀZ − c·I with c past the smallest eigenvalue flips the determinant sign', () => {
    const rng = mulberry32(11);
    const n = 15;
    const Zd = toDenseRows(randomSparse(rng, 40, n, 0.2));
    const M = denseMatMul(denseTranspose(Zd, n), Zd, n);
    for (let j = 0; j < n; j++) M[j]![j]! += 1;
    const Fpos = lu(cscFromDenseRows(M));
    expect(Fpos.sign()).toBe(1); // SPD
    for (let j = 0; j < n; j++) M[j]![j]! -= 1.5; // eigenvalue 1 of I (if ZᵀZ singular) → −0.5
    checkFactor(cscFromDenseRows(M), { ordering: 'symmetric', pivotTolerance: 0.1 }, rng, 1e-6);
  });
});

describe('lu: pivoting required', () => {
  it('2×2 with zero diagonal', () => {
    // A = [[0, 1], [2, 3]]
    const A = new CscMatrix(2, 2, Int32Array.of(0, 1, 3), Int32Array.of(1, 0, 1), Float64Array.of(2, 1, 3));
    for (const opts of ORDERINGS) {
      const F = lu(A, opts);
      const x = F.solve([1, 5]);
      expect(Math.abs(x[0]! - 1)).toBeLessThan(1e-15); // exact up to rounding
      expect(Math.abs(x[1]! - 1)).toBeLessThan(1e-15);
      expect(F.sign()).toBe(-1);
      expect(Math.abs(F.logAbsDet() - Math.log(2))).toBeLessThan(1e-15);
    }
  });

  it('saddle point [[D, B], [Bᵀ, 0]] and permutation matrices', () => {
    const rng = mulberry32(3);
    const nd = 25;
    const nb = 8;
    const n = nd + nb;
    const K: number[][] = Array.from({ length: n }, () => new Array<number>(n).fill(0));
    for (let i = 0; i < nd; i++) K[i]![i] = 1 + rng();
    for (let j = 0; j < nb; j++) {
      K[j]![nd + j] = 1; // full column rank B
      K[nd + j]![j] = 1;
      for (let i = 0; i < nd; i++) {
        if (rng() < 0.2) {
          const v = 2 * rng() - 1;
          K[i]![nd + j] = v;
          K[nd + j]![i] = v;
        }
      }
    }
    for (const opts of ORDERINGS) checkFactor(cscFromDenseRows(K), opts, rng, 1e-8);
    // random permutation matrix: det = its parity
    const perm = Array.from({ length: 12 }, (_, i) => i);
    for (let i = 11; i > 0; i--) {
      const j = Math.floor(rng() * (i + 1));
      [perm[i], perm[j]] = [perm[j]!, perm[i]!];
    }
    const P = perm.map((c) => Array.from({ length: 12 }, (_, j) => (j === c ? 1 : 0)));
    for (const opts of ORDERINGS) checkFactor(cscFromDenseRows(P), opts, rng, 1e-14);
  });

  it('pivotTolerance: 1 picks the largest entry, small tolerance keeps the diagonal', () => {
    // A = [[1, 1], [4, 1]]: column 0 pivots on row 1 with tol 1, row 0 with tol 0.2
    const A = cscFromDenseRows([
      [1, 1],
      [4, 1],
    ]);
    expect(Array.from(lu(A, { ordering: 'natural' }).p)).toEqual([1, 0]);
    expect(Array.from(lu(A, { ordering: 'natural', pivotTolerance: 0.2 }).p)).toEqual([0, 1]);
  });
});

describe('lu: singular matrices', () => {
  it('structurally singular: empty column reports that column', () => {
    const rng = mulberry32(8);
    const A = dominant(rng, 10, 0.3);
    for (let i = 0; i < 10; i++) A[i]![6] = 0;
    for (const opts of ORDERINGS) {
      let err: unknown;
      try {
        lu(cscFromDenseRows(A), opts);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(SingularMatrixError);
      expect((err as SingularMatrixError).column).toBe(6);
    }
  });

  it('structurally singular: empty row', () => {
    const A = cscFromDenseRows([
      [1, 2, 3],
      [0, 0, 0],
      [4, 5, 7],
    ]);
    expect(() => lu(A, { ordering: 'natural' })).toThrow(SingularMatrixError);
  });

  it('numerically singular: duplicated column reports the later column in the ordering', () => {
    const rng = mulberry32(9);
    const n = 12;
    const A = dominant(rng, n, 0.3);
    for (let i = 0; i < n; i++) A[i]![9] = A[i]![4]!;
    const Acsc = cscFromDenseRows(A);
    for (const opts of ORDERINGS) {
      const q = luAnalyze(Acsc, opts).q;
      const later = q.indexOf(4) > q.indexOf(9) ? 4 : 9;
      let err: unknown;
      try {
        lu(Acsc, opts);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(SingularMatrixError);
      expect((err as SingularMatrixError).column).toBe(later);
    }
  });

  it('rank-deficient integer matrix and explicit zero 1×1', () => {
    // row 2 = row 0 + row 1
    const A = cscFromDenseRows([
      [1, 2, 3],
      [4, 5, 6],
      [5, 7, 9],
    ]);
    let err: unknown;
    try {
      lu(A, { ordering: 'natural' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(SingularMatrixError);
    expect((err as SingularMatrixError).column).toBe(2);
    const Z = new CscMatrix(1, 1, Int32Array.of(0, 1), Int32Array.of(0), Float64Array.of(0));
    expect(() => lu(Z)).toThrow(SingularMatrixError);
    const E = new CscMatrix(1, 1, Int32Array.of(0, 0), new Int32Array(0), new Float64Array(0));
    expect(() => lu(E)).toThrow(SingularMatrixError);
  });
});

describe('lu: edge cases and errors', () => {
  it('0×0', () => {
    const F = lu(new CscMatrix(0, 0, Int32Array.of(0), new Int32Array(0), new Float64Array(0)));
    expect(F.n).toBe(0);
    expect(F.solve([]).length).toBe(0);
    expect(F.solveTransposed(new Float64Array(0)).length).toBe(0);
    expect(F.logAbsDet()).toBe(0);
    expect(F.sign()).toBe(1);
    expect(F.nnzL).toBe(0);
    expect(F.nnzU).toBe(0);
  });

  it('1×1', () => {
    const F = lu(new CscMatrix(1, 1, Int32Array.of(0, 1), Int32Array.of(0), Float64Array.of(-4)));
    expect(Array.from(F.solve([2]))).toEqual([-0.5]);
    expect(Array.from(F.solveTransposed([2]))).toEqual([-0.5]);
    expect(F.logAbsDet()).toBe(Math.log(4));
    expect(F.sign()).toBe(-1);
    expect(F.nnzL).toBe(1);
    expect(F.nnzU).toBe(1);
  });

  it('non-square, wrong right-hand side, bad options, non-finite entries', () => {
    const R = randomSparse(mulberry32(1), 3, 4, 0.5);
    expect(() => lu(R)).toThrow(DimensionMismatchError);
    const A = cscFromDenseRows([
      [2, 1],
      [1, 3],
    ]);
    const F = lu(A);
    expect(() => F.solve([1, 2, 3])).toThrow(DimensionMismatchError);
    expect(() => F.solveTransposed([1])).toThrow(DimensionMismatchError);
    expect(() => lu(A, { pivotTolerance: 0 })).toThrow(InvalidArgumentError);
    expect(() => lu(A, { ordering: Int32Array.of(0, 0) })).toThrow(InvalidArgumentError);
    expect(() => lu(A, { ordering: Int32Array.of(0) })).toThrow(InvalidArgumentError);
    const S3 = luAnalyze(cscFromDenseRows([[1, 0, 0], [0, 1, 0], [0, 0, 1]]));
    expect(() => lu(A, { symbolic: S3 })).toThrow(DimensionMismatchError);
    const N = new CscMatrix(1, 1, Int32Array.of(0, 1), Int32Array.of(0), Float64Array.of(NaN));
    expect(() => lu(N)).toThrow(InvalidArgumentError);
  });

  it('right-hand side is not mutated; number[] and Float64Array agree', () => {
    const rng = mulberry32(21);
    const A = cscFromDenseRows(dominant(rng, 10, 0.3));
    const F = lu(A);
    const b = randomVector(rng, 10);
    const copy = b.slice();
    const x1 = F.solve(b);
    expect(b).toEqual(copy);
    expect(F.solve(Array.from(b))).toEqual(x1);
  });
});

describe('column orderings', () => {
  function isPerm(q: Int32Array, n: number): boolean {
    const s = new Set(Array.from(q));
    return q.length === n && s.size === n && Array.from(q).every((v) => v >= 0 && v < n);
  }

  it('isPatternSymmetric and the auto ordering', () => {
    const rng = mulberry32(12);
    const Zd = toDenseRows(randomSparse(rng, 30, 12, 0.2));
    const M = cscFromDenseRows(denseMatMul(denseTranspose(Zd, 12), Zd, 12));
    expect(isPatternSymmetric(M)).toBe(true);
    expect(isPatternSymmetric(cscFromDenseRows([[1, 2], [0, 3]]))).toBe(false);
    expect(isPatternSymmetric(randomSparse(rng, 3, 4, 0.5))).toBe(false);
    expect(isPatternSymmetric(new CscMatrix(0, 0, Int32Array.of(0), new Int32Array(0), new Float64Array(0)))).toBe(true);
    expect(luAnalyze(M).q).toEqual(symmetricOrder(M));
    const N = randomSparse(rng, 20, 20, 0.2);
    if (!isPatternSymmetric(N)) expect(luAnalyze(N).q).toEqual(colamdLikeOrder(N));
  });

  it('return permutations', () => {
    const rng = mulberry32(4);
    for (const n of [0, 1, 7, 50]) {
      const A = randomSparse(rng, n, n, 0.1);
      expect(isPerm(colamdLikeOrder(A), n)).toBe(true);
      expect(isPerm(symmetricOrder(A), n)).toBe(true);
    }
  });

  it('reduce fill on an arrowhead matrix (dense first row and column)', () => {
    const n = 200;
    const A: number[][] = Array.from({ length: n }, () => new Array<number>(n).fill(0));
    for (let i = 0; i < n; i++) {
      A[i]![i] = n;
      A[0]![i] = 1;
      A[i]![0] = 1;
    }
    A[0]![0] = n;
    const C = cscFromDenseRows(A);
    const nat = lu(C, { ordering: 'natural' });
    expect(nat.nnzL).toBe((n * (n + 1)) / 2); // full fill
    for (const opts of [{ ordering: 'colamd-like' as const }, { ordering: 'symmetric' as const }]) {
      const F = lu(C, opts);
      expect(F.nnzL).toBeLessThanOrEqual(2 * n - 1); // no fill
      expect(F.nnzU).toBeLessThanOrEqual(2 * n - 1);
      const b = randomVector(mulberry32(2), n);
      expect(relResidual(A, F.solve(b), b)).toBeLessThan(1e-12); // backward error
    }
  });

  it('2-D grid Laplacian (shifted indefinite): symmetric ordering beats natural', () => {
    const g = 15;
    const n = g * g;
    const A: number[][] = Array.from({ length: n }, () => new Array<number>(n).fill(0));
    for (let r = 0; r < g; r++) {
      for (let c = 0; c < g; c++) {
        const i = r * g + c;
        A[i]![i] = 4 - 2.5; // indefinite shift
        if (r > 0) A[i]![i - g] = -1;
        if (r < g - 1) A[i]![i + g] = -1;
        if (c > 0) A[i]![i - 1] = -1;
        if (c < g - 1) A[i]![i + 1] = -1;
      }
    }
    const C = cscFromDenseRows(A);
    const sym = checkFactor(C, { ordering: 'symmetric', pivotTolerance: 0.1 }, mulberry32(6), 1e-6);
    const nat = lu(C, { ordering: 'natural' });
    expect(sym.nnzL + sym.nnzU).toBeLessThan(nat.nnzL + nat.nnzU);
  });
});

describe('lu: dense tail (denseSwitch)', () => {
  /** Crossed design M = ZᵀZ + diag, Z = [students | instructors] indicators. */
  function crossed(rng: () => number, ns: number, ni: number, nobs: number, negEvery: number): CscMatrix {
    const q = ns + ni;
    const M: number[][] = Array.from({ length: q }, () => new Array<number>(q).fill(0));
    for (let t = 0; t < nobs; t++) {
      const s = Math.floor(rng() * ns);
      const i = ns + Math.floor(rng() * ni);
      M[s]![s]! += 1;
      M[i]![i]! += 1;
      M[s]![i]! += 1;
      M[i]![s]! += 1;
    }
    for (let j = 0; j < q; j++) M[j]![j]! += j % negEvery === 0 ? -0.7 : 1.5;
    return cscFromDenseRows(M);
  }

  it('crossed design: same factor with and without the dense tail, vs dense oracle', () => {
    const rng = mulberry32(31);
    const A = crossed(rng, 150, 90, 1500, 5);
    for (const opts of [
      { ordering: 'symmetric' as const, pivotTolerance: 0.1 },
      { ordering: 'colamd-like' as const },
    ]) {
      const F1 = checkFactor(A, opts, rng, 1e-6);
      const F0 = checkFactor(A, { ...opts, denseSwitch: false }, rng, 1e-6);
      expect(Array.from(F1.p)).toEqual(Array.from(F0.p)); // same pivot sequence
      expect(Math.abs(F1.logAbsDet() - F0.logAbsDet())).toBeLessThan(1e-10 * Math.abs(F0.logAbsDet())); // rounding only
      expect(F1.sign()).toBe(F0.sign());
    }
  });

  it('dense random matrices, general and shuffled-dominant, sizes across several panels', () => {
    const rng = mulberry32(32);
    for (const n of [70, 130]) {
      const G = Array.from({ length: n }, () => Array.from({ length: n }, () => randn(rng)));
      checkFactor(cscFromDenseRows(G), { ordering: 'natural' }, rng, 1e-6);
      checkFactor(cscFromDenseRows(shuffleRows(rng, dominant(rng, n, 0.6))), { ordering: 'colamd-like' }, rng);
    }
  });

  it('singularity found inside the dense tail reports the original column', () => {
    const rng = mulberry32(33);
    const n = 100;
    const G = Array.from({ length: n }, () => Array.from({ length: n }, () => randn(rng)));
    for (let i = 0; i < n; i++) G[i]![90] = G[i]![3]! - 2 * G[i]![70]!; // column 90 dependent
    for (const denseSwitch of [true, false]) {
      let err: unknown;
      try {
        lu(cscFromDenseRows(G), { ordering: 'natural', denseSwitch });
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(SingularMatrixError);
      expect((err as SingularMatrixError).column).toBe(90);
    }
  });
});
