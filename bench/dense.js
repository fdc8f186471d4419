// Dense kernels of the crossed path on InstEval's trailing-block size (n = 1142):
// potrf (n³/3 flops) and trtri (n³/3), JavaScript vs WebAssembly SIMD backends.
//   npm run bench -- dense        (median of 7 after 2 warm-ups; writes bench/results/dense.json)
import { median, printTable, writeResults } from './util.js';

const dist = process.env.MIXEDLM_DIST ? new URL(`file://${process.env.MIXEDLM_DIST}/`).href : new URL('../dist/', import.meta.url).href;

export async function run() {
  const dense = await import(new URL('sparse/dense/index.js', dist).href);
  const n = 1142;
  // SPD test matrix: A = B Bᵀ/n + I with B seeded uniform (column-major)
  let s = 12345;
  const rnd = () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32) - 0.5;
  const B = Float64Array.from({ length: n * n }, rnd);
  const A = new Float64Array(n * n);
  for (let j = 0; j < n; j++)
    for (let i = j; i < n; i++) {
      let v = 0;
      for (let k = 0; k < n; k++) v += B[i + k * n] * B[j + k * n];
      A[i + j * n] = A[j + i * n] = v / n + (i === j ? 1 : 0);
    }
  const flops = n ** 3 / 3;
  const rows = [];
  for (const backend of ['js', 'wasm']) {
    dense.setDenseBackend(backend);
    const L = new Float64Array(n * n);
    const X = new Float64Array(n * n);
    const potrfMs = [];
    const trtriMs = [];
    for (let r = 0; r < 9; r++) {
      L.set(A);
      let t = performance.now();
      if (dense.potrf(n, L, 0, n) !== 0) throw new Error('potrf failed on an SPD matrix');
      potrfMs.push(performance.now() - t);
      t = performance.now();
      dense.trtri(n, L, 0, n, X, 0, n);
      trtriMs.push(performance.now() - t);
    }
    const p = median(potrfMs.slice(2));
    const q = median(trtriMs.slice(2));
    rows.push({ backend, n, 'potrf ms': p, 'potrf GFlop/s': flops / p / 1e6, 'trtri ms': q, 'trtri GFlop/s': flops / q / 1e6 });
  }
  dense.setDenseBackend('auto');
  printTable(Object.keys(rows[0]), rows);
  writeResults('dense', { results: rows });
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
