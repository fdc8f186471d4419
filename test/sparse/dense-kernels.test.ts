import { describe, expect, it } from 'vitest';
import { gemm, gemmt, syrk, potrf, potrfPanel, trsv, trsmLeftLower, trtri, lauum, potri } from '../../src/sparse/dense/index.js';
import { mulberry32 } from './helpers.js';

/** Column-major random m × n with a padded leading dimension and offset. */
function rand(rng: () => number, m: number, n: number, ld: number, off: number): Float64Array {
  const a = new Float64Array(off + ld * n + 3);
  for (let i = 0; i < a.length; i++) a[i] = 2 * rng() - 1;
  return a;
}
const at = (A: Float64Array, off: number, ld: number, i: number, j: number): number => A[off + i + j * ld]!;

/** Column-major SPD n × n (ld, off): B·Bᵀ + n·I. */
function spd(rng: () => number, n: number, ld: number, off: number): Float64Array {
  const B = rand(rng, n, n, n, 0);
  const A = new Float64Array(off + ld * n + 2).fill(NaN);
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < n; i++) {
      let s = i === j ? n : 0;
      for (let p = 0; p < n; p++) s += B[i + p * n]! * B[j + p * n]!;
      A[off + i + j * ld] = s;
    }
  }
  return A;
}

describe('gemm / gemmt / syrk', () => {
  const shapes: Array<[number, number, number]> = [[1, 1, 1], [3, 5, 2], [4, 4, 4], [7, 9, 13], [33, 17, 65], [70, 70, 5]];
  for (const [m, n, k] of shapes) {
    for (const ta of [false, true]) {
      for (const tb of [false, true]) {
        it(`gemm ${m}x${n}x${k} transA=${ta} transB=${tb}`, () => {
          const rng = mulberry32(m * 31 + n * 7 + k + (ta ? 1000 : 0) + (tb ? 2000 : 0));
          const lda = (ta ? k : m) + 2, ldb = (tb ? n : k) + 1, ldc = m + 3;
          const A = rand(rng, ta ? k : m, ta ? m : k, lda, 1);
          const B = rand(rng, tb ? n : k, tb ? k : n, ldb, 2);
          const C = rand(rng, m, n, ldc, 3);
          const C0 = C.slice();
          gemm(ta, tb, m, n, k, -0.5, A, 1, lda, B, 2, ldb, 2, C, 3, ldc);
          for (let j = 0; j < n; j++) {
            for (let i = 0; i < m; i++) {
              let s = 0;
              for (let p = 0; p < k; p++) s += (ta ? at(A, 1, lda, p, i) : at(A, 1, lda, i, p)) * (tb ? at(B, 2, ldb, j, p) : at(B, 2, ldb, p, j));
              expect(Math.abs(at(C, 3, ldc, i, j) - (2 * at(C0, 3, ldc, i, j) - 0.5 * s))).toBeLessThan(1e-13); // rounding, k ≤ 65
            }
          }
          // entries outside the block are untouched
          expect(C[0]).toBe(C0[0]);
          expect(C[C.length - 1]).toBe(C0[C0.length - 1]);
        });
      }
    }
  }

  it('syrk writes only the lower trapezoid', () => {
    const rng = mulberry32(9);
    for (const [m, n, k, tr] of [[10, 10, 3, false], [23, 9, 17, true], [5, 2, 1, false]] as Array<[number, number, number, boolean]>) {
      const lda = (tr ? k : m) + 1;
      const A = rand(rng, tr ? k : m, tr ? m : k, lda, 0);
      const C = rand(rng, m, n, m, 0);
      const C0 = C.slice();
      syrk(tr, m, n, k, 1, A, 0, lda, 1, C, 0, m);
      for (let j = 0; j < n; j++) {
        for (let i = 0; i < m; i++) {
          let s = 0;
          for (let p = 0; p < k; p++) s += (tr ? at(A, 0, lda, p, i) * at(A, 0, lda, p, j) : at(A, 0, lda, i, p) * at(A, 0, lda, j, p));
          const want = i >= j ? at(C0, 0, m, i, j) + s : at(C0, 0, m, i, j);
          expect(Math.abs(at(C, 0, m, i, j) - want)).toBeLessThan(1e-13); // rounding
        }
      }
    }
  });

  it('gemmt computes the lower part of a product', () => {
    const rng = mulberry32(10);
    const n = 13, k = 6;
    const A = rand(rng, k, n, k, 0), B = rand(rng, k, n, k, 0);
    const C = new Float64Array(n * n);
    gemmt(true, false, n, k, 1, A, 0, k, B, 0, k, C, 0, n);
    for (let j = 0; j < n; j++) {
      for (let i = 0; i < n; i++) {
        let s = 0;
        for (let p = 0; p < k; p++) s += at(A, 0, k, p, i) * at(B, 0, k, p, j);
        expect(Math.abs(C[i + j * n]! - (i >= j ? s : 0))).toBeLessThan(1e-13); // rounding
      }
    }
  });
});

describe('potrf / trsv / trsm / potri', () => {
  for (const n of [1, 2, 5, 16, 17, 40, 130]) {
    it(`n=${n}: L·Lᵀ = A, solves and inverse`, () => {
      const rng = mulberry32(n);
      const ld = n + 2, off = 1;
      const A = spd(rng, n, ld, off);
      const L = A.slice();
      expect(potrf(n, L, off, ld)).toBe(0);
      let scale = 0;
      for (let i = 0; i < n; i++) scale = Math.max(scale, at(A, off, ld, i, i));
      let e0 = 0;
      for (let j = 0; j < n; j++) {
        for (let i = j; i < n; i++) {
          let s = 0;
          for (let p = 0; p <= j; p++) s += at(L, off, ld, i, p) * at(L, off, ld, j, p);
          e0 = Math.max(e0, Math.abs(s - at(A, off, ld, i, j)));
        }
      }
      expect(e0).toBeLessThan(1e-12 * scale); // backward error
      // x = L⁻ᵀ L⁻¹ b solves A x = b
      const b = Float64Array.from({ length: n + 1 }, () => rng());
      const x = b.slice();
      trsv(false, n, L, off, ld, x, 1);
      trsv(true, n, L, off, ld, x, 1);
      for (let i = 0; i < n; i++) {
        let s = 0;
        for (let j = 0; j < n; j++) s += at(A, off, ld, Math.max(i, j), Math.min(i, j)) * x[1 + j]!;
        expect(Math.abs(s - b[1 + i]!)).toBeLessThan(1e-11 * scale); // residual
      }
      // trsmLeftLower agrees with trsv column by column
      const Bm = rand(rng, n, 2, n, 0);
      const Bc = Bm.slice();
      trsmLeftLower(n, 2, L, off, ld, Bm, 0, n);
      trsv(false, n, L, off, ld, Bc, 0);
      trsv(false, n, L, off, ld, Bc, n);
      for (let i = 0; i < 2 * n; i++) expect(Bm[i]).toBe(Bc[i]);
      // trtri: L·X = I
      const X = new Float64Array(n * n);
      trtri(n, L, off, ld, X, 0, n);
      let e1 = 0;
      for (let j = 0; j < n; j++) {
        for (let i = 0; i < n; i++) {
          let s = 0;
          for (let p = 0; p <= i; p++) s += at(L, off, ld, i, p) * X[p + j * n]!;
          e1 = Math.max(e1, Math.abs(s - (i === j ? 1 : 0)));
        }
      }
      expect(e1).toBeLessThan(1e-12); // well-conditioned L
      // potri: A·Z = I (Z symmetric from its lower triangle)
      const Z = new Float64Array(n * n);
      potri(n, L, off, ld, Z, 0, n, new Float64Array(n * n));
      let e2 = 0;
      for (let j = 0; j < n; j++) {
        for (let i = 0; i < n; i++) {
          let s = 0;
          for (let p = 0; p < n; p++) s += at(A, off, ld, Math.max(i, p), Math.min(i, p)) * Z[Math.max(p, j) + Math.min(p, j) * n]!;
          e2 = Math.max(e2, Math.abs(s - (i === j ? 1 : 0)));
        }
      }
      expect(e2).toBeLessThan(1e-12); // A = BBᵀ + nI is well conditioned
      // lauum on X reproduces potri
      const W = new Float64Array(n * n);
      lauum(n, X, 0, n, W, 0, n);
      let e3 = 0;
      for (let j = 0; j < n; j++) for (let i = j; i < n; i++) e3 = Math.max(e3, Math.abs(W[i + j * n]! - Z[i + j * n]!));
      expect(e3).toBeLessThan(1e-14); // same arithmetic
    });
  }

  it('potrfPanel factors a trapezoid: top = L11, bottom = A21·L11⁻ᵀ', () => {
    const rng = mulberry32(77);
    const m = 90, n = 70;
    const full = spd(rng, m, m, 0);
    const Lfull = full.slice();
    expect(potrf(m, Lfull, 0, m)).toBe(0);
    const P = full.slice();
    expect(potrfPanel(m, n, P, 0, m)).toBe(0);
    let e = 0;
    for (let j = 0; j < n; j++) for (let i = j; i < m; i++) e = Math.max(e, Math.abs(P[i + j * m]! - Lfull[i + j * m]!));
    expect(e).toBeLessThan(1e-12); // same blocking up to column n
  });

  it('reports the failing column and leaves the pivot value', () => {
    const n = 40;
    const A = spd(mulberry32(5), n, n, 0);
    A[23 + 23 * n] = -1e6;
    const info = potrf(n, A, 0, n);
    expect(info).toBe(24);
    expect(A[23 + 23 * n]!).toBeLessThan(0);
    const N = new Float64Array([NaN]);
    expect(potrf(1, N, 0, 1)).toBe(1);
  });
});
