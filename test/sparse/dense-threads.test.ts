// Both cores for the dense WebAssembly kernels (src/sparse/dense/threads.ts): one thread and two give
// bit-identical results on every kernel and on whole fits, and the shared kernels agree with the
// JavaScript kernels (which test/sparse/dense-kernels.test.ts checks against plain-loop oracles).
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gemm, gemmt, lauum, potrf, potrfPanel, syrk, trtri } from '../../src/sparse/dense/index.js';
import { getDenseBackend } from '../../src/sparse/dense/backend.js';
import { setDenseBackend } from '../../src/sparse/dense/wasm-api.js';
import { denseWasmAvailable } from '../../src/sparse/dense/wasm.js';
import {
  denseThreadTally, getDenseThreads, setDenseThreadHost, setDenseThreads, setParallelMinWork, setThreadBackoff,
} from '../../src/sparse/dense/threads.js';
import { nodeDenseThreadHost, useNodeDenseThreads } from '../../src/node-threads.js';
import { MixedLM } from '../../src/model/index.js';
import { readTableSync } from '../../src/data/read.js';
import { InvalidArgumentError } from '../../src/errors.js';
import { REPO_ROOT } from '../paths.js';
import { mulberry32 } from './helpers.js';

const initialBackend = getDenseBackend();
beforeAll(() => {
  useNodeDenseThreads();
  setDenseBackend('wasm');
  setThreadBackoff(false); // share every big call even when the machine is busy (the helper must take part)
});
afterAll(() => {
  setThreadBackoff(true);
  setParallelMinWork();
  setDenseThreads(0);
  setDenseBackend(initialBackend);
  setDenseThreadHost(null);
});

/** Runs `f` on `threads` threads (fresh copies of the inputs each time). */
function on<T>(threads: number, f: () => T): T {
  setDenseThreads(threads);
  try {
    return f();
  } finally {
    setDenseThreads(0);
  }
}

/** Same bits everywhere (NaN-safe, −0 ≠ +0). Returns the first differing index or −1. */
function firstDiff(a: Float64Array, b: Float64Array): number {
  if (a.length !== b.length) return 0;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return i;
  return -1;
}

function rand(rng: () => number, len: number): Float64Array {
  return Float64Array.from({ length: len }, () => 2 * rng() - 1);
}

/** Column-major SPD n × n at (off, ld): B·Bᵀ/n + I on the lower triangle, noise elsewhere. */
function spd(rng: () => number, n: number, ld: number, off: number): Float64Array {
  const B = rand(rng, n * n);
  const A = rand(rng, off + ld * n + 3);
  const G = new Float64Array(n * n);
  setDenseBackend('js');
  gemm(false, true, n, n, n, 1 / n, B, 0, n, B, 0, n, 0, G, 0, n);
  setDenseBackend('wasm');
  for (let j = 0; j < n; j++) for (let i = j; i < n; i++) A[off + i + j * ld] = G[i + j * n]! + (i === j ? 1 : 0);
  return A;
}

/** Largest |a − b| relative to max |b| over the arrays. */
function relDiff(a: Float64Array, b: Float64Array): number {
  let d = 0, s = 0;
  for (let i = 0; i < a.length; i++) {
    d = Math.max(d, Math.abs(a[i]! - b[i]!));
    s = Math.max(s, Math.abs(b[i]!));
  }
  return d / s;
}

/** Runs `kernel` on 1 and 2 threads and on the JS backend; expects 1 ≡ 2 bitwise, JS to 1e-12. */
function check(name: string, kernel: () => Float64Array): void {
  const one = on(1, kernel);
  const before = denseThreadTally()[1] ?? 0;
  const two = on(2, kernel);
  expect(firstDiff(one, two), `${name}: 1 vs 2 threads`).toBe(-1);
  setDenseBackend('js');
  const js = kernel();
  setDenseBackend('wasm');
  expect(relDiff(two, js), `${name}: 2 threads vs JS`).toBeLessThan(1e-12); // rounding of two summation orders
  helperChunks += (denseThreadTally()[1] ?? 0) - before;
}
let helperChunks = 0;

describe.skipIf(!denseWasmAvailable())('dense kernels on two threads', () => {
  it('runs two threads under the Node host and validates the setting', () => {
    expect(getDenseThreads()).toBe(Math.min(2, nodeDenseThreadHost.cores));
    setDenseThreads(2);
    expect(getDenseThreads()).toBe(2);
    setDenseThreads(0);
    expect(() => setDenseThreads(5)).toThrow(InvalidArgumentError);
    expect(() => setDenseThreads(1.5)).toThrow(InvalidArgumentError);
  });

  // threshold 0: every call that can be cut is shared (small sizes reach the edge cases: one chunk,
  // partial tiles, trapezoids, ld > n and offsets); then the default threshold on bigger blocks
  for (const [label, minWork, sizes] of [['every call shared', 0, [33, 67, 130]], ['default threshold', undefined, [301, 450]]] as const) {
    describe(label, () => {
      beforeAll(() => setParallelMinWork(minWork));
      afterAll(() => setParallelMinWork());
      for (const n of sizes) {
        it(`potrf, potrfPanel, trtri, lauum (n = ${n})`, () => {
          const rng = mulberry32(n);
          const ld = n + 3, off = 5;
          const A = spd(rng, n, ld, off);
          check('potrf', () => {
            const L = A.slice();
            expect(potrf(n, L, off, ld)).toBe(0);
            return L;
          });
          const L = A.slice();
          potrf(n, L, off, ld);
          check('trtri', () => {
            const X = rand(mulberry32(1), 2 + ld * n);
            trtri(n, L, off, ld, X, 2, ld);
            return X;
          });
          const X = new Float64Array(n * n);
          trtri(n, L, off, ld, X, 0, n);
          check('lauum', () => {
            const Z = rand(mulberry32(2), 1 + ld * n);
            lauum(n, X, 0, n, Z, 1, ld);
            return Z;
          });
          // a trapezoid (supernode panel): m rows, n2 < m columns
          const m = n, n2 = Math.max(1, n - 20);
          check('potrfPanel', () => {
            const P = A.slice();
            expect(potrfPanel(m, n2, P, off, ld)).toBe(0);
            return P;
          });
          // not positive definite at column 40 (or the last): same failing column and bits on both
          const bad = Math.min(40, n - 1);
          const B = A.slice();
          B[off + bad + bad * ld] = -1;
          const info = on(1, () => potrf(n, B.slice(), off, ld));
          expect(info).toBe(bad + 1);
          check('potrf (not positive definite)', () => {
            const P = B.slice();
            expect(potrf(n, P, off, ld)).toBe(bad + 1);
            return P;
          });
        });

        it(`gemm (4 transposes, wide and tall), gemmt, syrk (n = ${n})`, () => {
          const rng = mulberry32(100 + n);
          const k = n + 7;
          const A = rand(rng, (n + 2) * (k + 2));
          const B = rand(rng, (n + 2) * (k + 2));
          const C0 = rand(rng, (n + 2) * (n + 2) * 2);
          for (const ta of [false, true])
            for (const tb of [false, true]) {
              const lda = ta ? k + 1 : n + 1, ldb = tb ? n + 2 : k + 2;
              check(`gemm ${ta ? 'T' : 'N'}${tb ? 'T' : 'N'}`, () => {
                const C = C0.slice();
                gemm(ta, tb, n, n, k, -0.75, A, 1, lda, B, 0, ldb, 0.5, C, 3, n + 2);
                return C;
              });
            }
          // tall (by row chunks) and wide (by column chunks)
          const mt = 2 * n, nt = Math.max(8, n >> 2);
          check('gemm tall', () => {
            const C = C0.slice();
            gemm(false, false, mt, nt, k >> 1, 1, A, 0, mt, B, 0, k >> 1, 1, C, 0, mt);
            return C;
          });
          check('gemm wide', () => {
            const C = C0.slice();
            gemm(false, false, nt, mt, k >> 1, 1, A, 0, nt, B, 0, k >> 1, 0, C, 0, nt);
            return C;
          });
          check('gemmt', () => {
            const C = C0.slice();
            gemmt(false, true, n, k, -1, A, 2, n + 1, B, 0, n + 1, C, 1, n + 1);
            return C;
          });
          for (const trans of [false, true]) {
            check(`syrk ${trans ? 'T' : 'N'}`, () => {
              const C = C0.slice();
              syrk(trans, n, n, k, 1.5, A, 0, trans ? k : n, 0.25, C, 2, n + 1);
              return C;
            });
          }
          check('syrk trapezoid', () => {
            const C = C0.slice();
            syrk(false, n, Math.max(1, n - 17), k, 1, A, 0, n, 1, C, 0, n);
            return C;
          });
        });
      }
    });
  }

  it('the helper thread computed some of the chunks (so the comparisons above compared two threads)', () => {
    expect(helperChunks).toBeGreaterThan(0);
  });
});

/** Fits `formula` on `table` with 1 and then 2 threads; every estimate must carry the same bits. */
function fitTwice(formula: string, table: ReturnType<typeof readTableSync>): void {
  const fit = (threads: number) => on(threads, () => MixedLM.fromFormula(formula, table).fit({ reml: true }));
  const before = denseThreadTally()[1] ?? 0;
  const a = fit(1);
  const b = fit(2);
  expect((denseThreadTally()[1] ?? 0) - before, 'helper chunks during the 2-thread fit').toBeGreaterThan(0);
  expect(Object.is(a.llf, b.llf), `llf ${a.llf} vs ${b.llf}`).toBe(true);
  expect(firstDiff(Float64Array.from(a.params), Float64Array.from(b.params))).toBe(-1);
  expect(firstDiff(Float64Array.from(a.bse), Float64Array.from(b.bse))).toBe(-1);
  expect(Object.is(a.scale, b.scale)).toBe(true);
}

describe.skipIf(!denseWasmAvailable())('whole fits on one thread and two', () => {
  it('the maximal 60 × 40 model (every shareable call shared): identical estimates and standard errors', () => {
    setParallelMinWork(0);
    try {
      const t = readTableSync(resolve(REPO_ROOT, 'test', 'reference', 'general', 'maximal60x40.csv'));
      fitTwice('rt ~ cond + (1 + cond | subj) + (1 + cond | item)', t);
    } finally {
      setParallelMinWork();
    }
  }, 60_000);

  it("InstEval's first 10,000 rows (default threshold): identical estimates and standard errors", () => {
    const full = readTableSync(resolve(REPO_ROOT, 'data', 'InstEval.csv'));
    const t = full.take(Int32Array.from({ length: 10000 }, (_, i) => i));
    fitTwice('y ~ service + (1|s) + (1|d) + (1|dept)', t);
  }, 120_000);
});

describe.skipIf(!denseWasmAvailable())('the Node entry (dist/, built by npm test)', () => {
  // a module script (so the helper's eval'd boot code must not need CommonJS) that factors a 600 × 600
  // matrix 10 times (big enough to share) and prints the setting and each thread's chunks
  const script = `
    const m = await import(${JSON.stringify(resolve(REPO_ROOT, 'dist', 'node.js'))});
    const { dense } = await import(${JSON.stringify(resolve(REPO_ROOT, 'dist', 'sparse', 'index.js'))});
    const n = 600, A = new Float64Array(n * n);
    for (let i = 0; i < n; i++) A[i * n + i] = 2;
    let info = 0;
    for (let r = 0; r < 10 && info === 0; r++) info = dense.potrf(n, A.slice(), 0, n);
    console.log(JSON.stringify({ threads: m.getDenseThreads(), info, tally: dense.denseThreadTally() }));`;
  const runNode = (env: Record<string, string>) =>
    JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], {
      encoding: 'utf8',
      env: { ...process.env, MIXEDLM_DENSE_THREADS: '', ...env },
      timeout: 60_000, // a helper that kept the process alive would hang it: the call would time out
    }).trim()) as { threads: number; info: number; tally: number[] };

  it('starts a helper on a big call, and the process still exits by itself (the helper is unref\'d)', () => {
    const r = runNode({});
    expect(r.threads).toBe(Math.min(2, nodeDenseThreadHost.cores));
    expect(r.info).toBe(0);
    if (r.threads > 1) expect(r.tally[1]).toBeGreaterThan(0); // the helper started and took chunks
  }, 70_000);

  it('MIXEDLM_DENSE_THREADS sets the initial count', () => {
    const r = runNode({ MIXEDLM_DENSE_THREADS: '1' });
    expect(r.threads).toBe(1);
    expect(r.tally).toEqual([]); // no helper started
    expect(r.info).toBe(0);
  }, 70_000);
});
