import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { DENSE_WASM_BASE64, DENSE_WASM_SHARED_FLAG_AT } from '../../src/sparse/dense/wasm-binary.js';
import {
  denseWasmAvailable, wasmGemm, wasmGemmt, wasmLauum, wasmPotrf, wasmPotrfPanel, wasmSyrk, wasmTrtri,
} from '../../src/sparse/dense/wasm.js';
import { getDenseBackend, type DenseBackend } from '../../src/sparse/dense/backend.js';
import { setDenseBackend } from '../../src/sparse/dense/wasm-api.js';
import { gemm, gemmt, lauum, potrf, potrfPanel, syrk, trtri } from '../../src/sparse/dense/index.js';
import { cholesky } from '../../src/sparse/cholesky.js';
import { CscMatrix } from '../../src/sparse/csc.js';
import { InvalidArgumentError } from '../../src/errors.js';
import { mulberry32 } from './helpers.js';

const initial = getDenseBackend();
afterAll(() => setDenseBackend(initial));

/** Runs `f` with the dense backend forced to `b`, restoring the previous setting. */
function withBackend<T>(b: DenseBackend, f: () => T): T {
  const prev = getDenseBackend();
  setDenseBackend(b);
  try {
    return f();
  } finally {
    setDenseBackend(prev);
  }
}

/** Column-major random matrix with offset `off` and leading dimension `ld`; padding is NaN-free noise. */
function rand(rng: () => number, ld: number, n: number, off: number): Float64Array {
  const a = new Float64Array(off + ld * n + 3);
  for (let i = 0; i < a.length; i++) a[i] = 2 * rng() - 1;
  return a;
}

/** Column-major SPD n × n at (off, ld): B·Bᵀ/n + I in the lower triangle, noise above. */
function spd(rng: () => number, n: number, ld: number, off: number): Float64Array {
  const B = rand(rng, n, n, 0);
  const A = rand(rng, ld, n, off);
  for (let j = 0; j < n; j++)
    for (let i = j; i < n; i++) {
      let s = i === j ? 1 : 0;
      for (let p = 0; p < n; p++) s += (B[i + p * n]! * B[j + p * n]!) / n;
      A[off + i + j * ld] = s;
    }
  return A;
}

/** Plain-loop Cholesky oracle on the lower trapezoid m × n (returns a fresh m × n, ld m; 0 above). */
function cholOracle(m: number, n: number, A: Float64Array, off: number, ld: number): Float64Array {
  const L = new Float64Array(m * n);
  for (let j = 0; j < n; j++) {
    let d = A[off + j + j * ld]!;
    for (let p = 0; p < j; p++) d -= L[j + p * m]! ** 2;
    const l = Math.sqrt(d);
    L[j + j * m] = l;
    for (let i = j + 1; i < m; i++) {
      let s = A[off + i + j * ld]!;
      for (let p = 0; p < j; p++) s -= L[i + p * m]! * L[j + p * m]!;
      L[i + j * m] = s / l;
    }
  }
  return L;
}

/** Plain-loop triangular inverse oracle (n × n, ld n). */
function trtriOracle(n: number, L: Float64Array, off: number, ld: number): Float64Array {
  const X = new Float64Array(n * n);
  for (let c = 0; c < n; c++)
    for (let i = c; i < n; i++) {
      let s = i === c ? 1 : 0;
      for (let p = c; p < i; p++) s -= L[off + i + p * ld]! * X[p + c * n]!;
      X[i + c * n] = s / L[off + i + i * ld]!;
    }
  return X;
}

/** max |X − Y| / max(1, max |Y|) over an m × n block (lower: i ≥ j only). */
function relDiff(m: number, n: number, X: Float64Array, xo: number, ldx: number, Y: Float64Array, yo: number,
  ldy: number, lower = false): number {
  let d = 0, s = 1;
  for (let j = 0; j < n; j++)
    for (let i = lower ? j : 0; i < m; i++) {
      const y = Y[yo + i + j * ldy]!;
      d = Math.max(d, Math.abs(X[xo + i + j * ldx]! - y));
      s = Math.max(s, Math.abs(y));
    }
  return d / s;
}

const SIZES = [1, 3, 17, 64, 130, 300];

describe('dense WebAssembly module', () => {
  it('is available under Node 20', () => {
    expect(denseWasmAvailable()).toBe(true);
  });

  it('the committed binary is the assembly of native/dense.wat, and one flag byte gives the shared-memory variant', async () => {
    const wabt = await (await import('wabt')).default();
    const text = readFileSync(new URL('../../native/dense.wat', import.meta.url), 'utf8');
    const assemble = (src: string): Uint8Array => {
      const features = { simd: true, threads: true };
      const mod = wabt.parseWat('dense.wat', src, features);
      (mod as unknown as { validate(f: object): void }).validate(features); // typings omit the features argument
      const bytes = Uint8Array.from(mod.toBinary({}).buffer);
      mod.destroy();
      return bytes;
    };
    const bytes = assemble(text);
    expect(DENSE_WASM_BASE64).toBe(Buffer.from(bytes).toString('base64')); // regenerate: node native/build.mjs
    // the same text with a shared memory import differs only at DENSE_WASM_SHARED_FLAG_AT (0x01 → 0x03)
    const imp = '(import "env" "memory" (memory 1 65536))';
    expect(text).toContain(imp);
    const shared = assemble(text.replace(imp, '(import "env" "memory" (memory 1 65536 shared))'));
    const patched = bytes.slice();
    expect(patched[DENSE_WASM_SHARED_FLAG_AT]).toBe(0x01);
    patched[DENSE_WASM_SHARED_FLAG_AT] = 0x03;
    expect(Buffer.from(patched).equals(Buffer.from(shared))).toBe(true);
  });

  it('setDenseBackend validates its argument', () => {
    expect(() => setDenseBackend('fast' as DenseBackend)).toThrow(InvalidArgumentError);
    withBackend('js', () => expect(getDenseBackend()).toBe('js'));
  });
});

describe('potrf: WebAssembly vs JavaScript vs plain loops', () => {
  for (const n of SIZES) {
    it(`n=${n}`, () => {
      const rng = mulberry32(1000 + n);
      const ld = n + 3, off = 2;
      const A = spd(rng, n, ld, off);
      const L0 = cholOracle(n, n, A, off, ld);
      const Aw = A.slice(), Aj = A.slice();
      expect(wasmPotrf(n, Aw, off, ld)).toBe(0);
      expect(withBackend('js', () => potrf(n, Aj, off, ld))).toBe(0);
      expect(relDiff(n, n, Aw, off, ld, L0, 0, n, true)).toBeLessThan(1e-12); // tolerance 1e-12 relative
      expect(relDiff(n, n, Aj, off, ld, L0, 0, n, true)).toBeLessThan(1e-12); // tolerance 1e-12 relative
      // strict upper triangle and padding untouched
      for (let j = 0; j < n; j++) for (let i = 0; i < j; i++) expect(Aw[off + i + j * ld]).toBe(A[off + i + j * ld]);
      expect(Aw[0]).toBe(A[0]);
      expect(Aw[Aw.length - 1]).toBe(A[A.length - 1]);
    });
  }

  for (const [m, n] of [[5, 3], [130, 17], [300, 130], [301, 64]] as Array<[number, number]>) {
    it(`trapezoid ${m}×${n} (potrfPanel)`, () => {
      const rng = mulberry32(m * 7 + n);
      const ld = m + 1, off = 1;
      const A = spd(rng, m, ld, off);
      const L0 = cholOracle(m, n, A, off, ld);
      const Aw = A.slice();
      expect(wasmPotrfPanel(m, n, Aw, off, ld)).toBe(0);
      expect(relDiff(m, n, Aw, off, ld, L0, 0, m, true)).toBeLessThan(1e-12); // tolerance 1e-12 relative
      // columns n.. untouched
      for (let i = 0; i < m; i++) expect(Aw[off + i + n * ld]).toBe(A[off + i + n * ld]);
    });
  }

  for (const [n, bad] of [[3, 1], [17, 16], [130, 0], [130, 100], [300, 257]] as Array<[number, number]>) {
    it(`not positive definite: n=${n}, column ${bad} → info ${bad + 1} on both backends`, () => {
      const rng = mulberry32(n + bad);
      const A = spd(rng, n, n, 0);
      A[bad + bad * n] = -1;
      const Aw = A.slice(), Aj = A.slice();
      expect(wasmPotrf(n, Aw, 0, n)).toBe(bad + 1);
      expect(withBackend('js', () => potrf(n, Aj, 0, n))).toBe(bad + 1);
      // same partial state (the offending updated pivot is left in place)
      expect(relDiff(n, n, Aw, 0, n, Aj, 0, n, true)).toBeLessThan(1e-12); // tolerance 1e-12 relative
      const An = A.slice();
      An[bad + bad * n] = NaN;
      expect(wasmPotrf(n, An, 0, n)).toBe(bad + 1);
    });
  }
});

describe('trtri / lauum: WebAssembly vs JavaScript vs plain loops', () => {
  for (const n of SIZES) {
    it(`n=${n}`, () => {
      const rng = mulberry32(2000 + n);
      const ldl = n + 2, lo = 1;
      const A = spd(rng, n, ldl, lo);
      cholOracle(n, n, A, lo, ldl).forEach((v, t) => {
        const j = Math.floor(t / n), i = t - j * n;
        if (i >= j) A[lo + i + j * ldl] = v;
      });
      const X0 = trtriOracle(n, A, lo, ldl);
      const ldx = n + 1, xo = 3;
      const Xw = rand(rng, ldx, n, xo), Xj = Xw.slice();
      wasmTrtri(n, A, lo, ldl, Xw, xo, ldx);
      withBackend('js', () => trtri(n, A, lo, ldl, Xj, xo, ldx));
      expect(relDiff(n, n, Xw, xo, ldx, X0, 0, n)).toBeLessThan(1e-12); // tolerance 1e-12 relative (zeros above too)
      expect(relDiff(n, n, Xj, xo, ldx, X0, 0, n)).toBeLessThan(1e-12); // tolerance 1e-12 relative
      // lauum: tril(XᵀX)
      const Z0 = new Float64Array(n * n);
      for (let j = 0; j < n; j++)
        for (let i = j; i < n; i++) {
          let s = 0;
          for (let p = i; p < n; p++) s += X0[p + i * n]! * X0[p + j * n]!;
          Z0[i + j * n] = s;
        }
      const ldz = n + 2, zo = 1;
      const Zw = rand(rng, ldz, n, zo), Zj = Zw.slice();
      wasmLauum(n, Xw, xo, ldx, Zw, zo, ldz);
      withBackend('js', () => lauum(n, Xw, xo, ldx, Zj, zo, ldz));
      expect(relDiff(n, n, Zw, zo, ldz, Z0, 0, n, true)).toBeLessThan(1e-12); // tolerance 1e-12 relative
      expect(relDiff(n, n, Zj, zo, ldz, Z0, 0, n, true)).toBeLessThan(1e-12); // tolerance 1e-12 relative
      for (let j = 1; j < n; j++) expect(Zw[zo + (j - 1) + j * ldz]).toBe(Zj[zo + (j - 1) + j * ldz]); // upper untouched
    });
  }
});

describe('gemm / gemmt / syrk: WebAssembly vs plain loops', () => {
  const shapes: Array<[number, number, number]> = [[1, 1, 1], [3, 5, 2], [17, 3, 64], [64, 64, 64], [130, 17, 300], [5, 130, 129]];
  for (const [m, n, k] of shapes) {
    for (const ta of [false, true])
      for (const tb of [false, true]) {
        it(`gemm ${m}×${n}×${k} transA=${ta} transB=${tb}`, () => {
          const rng = mulberry32(m * 131 + n * 17 + k + (ta ? 7 : 0) + (tb ? 11 : 0));
          const lda = (ta ? k : m) + 2, ldb = (tb ? n : k) + 1, ldc = m + 3;
          const A = rand(rng, lda, ta ? m : k, 1), B = rand(rng, ldb, tb ? k : n, 2), C = rand(rng, ldc, n, 3);
          const opA = (i: number, p: number): number => (ta ? A[1 + p + i * lda]! : A[1 + i + p * lda]!);
          const opB = (p: number, j: number): number => (tb ? B[2 + j + p * ldb]! : B[2 + p + j * ldb]!);
          const R = C.slice();
          for (let j = 0; j < n; j++)
            for (let i = 0; i < m; i++) {
              let s = 0;
              for (let p = 0; p < k; p++) s += opA(i, p) * opB(p, j);
              R[3 + i + j * ldc] = -0.5 * s + 2 * C[3 + i + j * ldc]!;
            }
          const Cw = C.slice();
          wasmGemm(ta, tb, m, n, k, -0.5, A, 1, lda, B, 2, ldb, 2, Cw, 3, ldc);
          expect(relDiff(ldc, n, Cw, 0, ldc, R, 0, ldc)).toBeLessThan(1e-12); // tolerance 1e-12 relative
          expect(Cw[Cw.length - 1]).toBe(C[C.length - 1]);
          const Cj = C.slice();
          withBackend('wasm', () => gemm(ta, tb, m, n, k, -0.5, A, 1, lda, B, 2, ldb, 2, Cj, 3, ldc));
          expect(Array.from(Cj)).toEqual(Array.from(Cw));
        });
      }
    if (m === n || n <= m)
      it(`syrk / gemmt ${m}×${n}×${k}`, () => {
        const rng = mulberry32(m * 3 + n * 5 + k);
        for (const trans of [false, true]) {
          const lda = (trans ? k : m) + 1, ldc = m + 2;
          const A = rand(rng, lda, trans ? m : k, 2), C = rand(rng, ldc, n, 1);
          const opA = (i: number, p: number): number => (trans ? A[2 + p + i * lda]! : A[2 + i + p * lda]!);
          const R = C.slice();
          for (let j = 0; j < n; j++)
            for (let i = j; i < m; i++) {
              let s = 0;
              for (let p = 0; p < k; p++) s += opA(i, p) * opA(j, p);
              R[1 + i + j * ldc] = 1.5 * s - C[1 + i + j * ldc]!;
            }
          const Cw = C.slice();
          wasmSyrk(trans, m, n, k, 1.5, A, 2, lda, -1, Cw, 1, ldc);
          expect(relDiff(ldc, n, Cw, 0, ldc, R, 0, ldc)).toBeLessThan(1e-12); // tolerance 1e-12 relative (upper untouched)
          const Cj = C.slice();
          withBackend('wasm', () => syrk(trans, m, n, k, 1.5, A, 2, lda, -1, Cj, 1, ldc));
          expect(Array.from(Cj)).toEqual(Array.from(Cw));
          if (m === n) {
            // gemmt: tril(C) += alpha·op(A)·op(A)ᵀ with A passed twice (op(B) = op(A)ᵀ)
            const Cg = C.slice(), Cr = C.slice();
            wasmGemmt(trans, !trans, n, k, 1.5, A, 2, lda, A, 2, lda, Cg, 1, ldc);
            for (let j = 0; j < n; j++) for (let i = j; i < n; i++) Cr[1 + i + j * ldc] = R[1 + i + j * ldc]! + 2 * C[1 + i + j * ldc]!;
            expect(relDiff(ldc, n, Cg, 0, ldc, Cr, 0, ldc)).toBeLessThan(1e-12); // tolerance 1e-12 relative
            const Ct = C.slice();
            withBackend('wasm', () => gemmt(trans, !trans, n, k, 1.5, A, 2, lda, A, 2, lda, Ct, 1, ldc));
            expect(Array.from(Ct)).toEqual(Array.from(Cg));
          }
        }
      });
  }
});

describe.each(['js', 'wasm', 'auto'] as DenseBackend[])('sparse Cholesky with the %s dense backend', (backend) => {
  /** SPD with a dense trailing block (a supernode of width ≥ 100): crossed-design-like. */
  function arrowSpd(rng: () => number, q1: number, q2: number): CscMatrix {
    const n = q1 + q2;
    const rows: number[][] = Array.from({ length: n }, () => []);
    const vals: number[][] = Array.from({ length: n }, () => []);
    const dense = new Float64Array(n * n);
    for (let j = 0; j < q1; j++) {
      dense[j + j * n] = 4 + rng();
      for (let t = 0; t < 3; t++) {
        const i = q1 + Math.floor(rng() * q2);
        const v = 0.5 * (2 * rng() - 1);
        dense[i + j * n] = dense[i + j * n]! + v;
        dense[j + i * n] = dense[j + i * n]! + v;
      }
    }
    for (let j = q1; j < n; j++)
      for (let i = j; i < n; i++) {
        const v = i === j ? 8 + q2 * 0.02 : 0.02 * (2 * rng() - 1);
        dense[i + j * n] = dense[i + j * n]! + v;
        if (i !== j) dense[j + i * n] = dense[j + i * n]! + v;
      }
    const cp = new Int32Array(n + 1);
    for (let j = 0; j < n; j++) {
      for (let i = 0; i < n; i++)
        if (dense[i + j * n] !== 0) {
          rows[j]!.push(i);
          vals[j]!.push(dense[i + j * n]!);
        }
      cp[j + 1] = cp[j]! + rows[j]!.length;
    }
    return new CscMatrix(n, n, cp, Int32Array.from(rows.flat()), Float64Array.from(vals.flat()));
  }

  it('factor, solve and selected inverse agree with the JS backend', () => {
    const rng = mulberry32(77);
    const A = arrowSpd(rng, 150, 140);
    const b = Float64Array.from({ length: A.ncol }, () => 2 * rng() - 1);
    const ref = withBackend('js', () => {
      const F = cholesky(A);
      return { x: F.solve(b), ld: F.logDet(), z: F.selectedInverse().values.slice() };
    });
    const got = withBackend(backend, () => {
      const F = cholesky(A);
      return { x: F.solve(b), ld: F.logDet(), z: F.selectedInverse().values.slice() };
    });
    expect(relDiff(A.ncol, 1, got.x, 0, 0, ref.x, 0, 0)).toBeLessThan(1e-12); // tolerance 1e-12 relative
    expect(Math.abs(got.ld - ref.ld)).toBeLessThan(1e-12 * Math.abs(ref.ld)); // tolerance 1e-12 relative
    expect(relDiff(got.z.length, 1, got.z, 0, 0, ref.z, 0, 0)).toBeLessThan(1e-12); // tolerance 1e-12 relative
  });
});
