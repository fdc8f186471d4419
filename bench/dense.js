// Dense kernels of the crossed path on InstEval's trailing-block size (n = 1142) and a larger
// block (n = 2000): potrf (n³/3 flops), trtri (n³/3) and lauum (n³/3) — JavaScript, and the
// WebAssembly SIMD backend on one thread and on two (worker_threads helper; same bits).
//   npm run bench -- dense        (median of 7 after 2 warm-ups; writes bench/results/dense.json)
// The 1- and 2-thread runs alternate rep by rep, so both see the same machine load.
import { cpuSeconds, median, printTable, writeResults } from './util.js';
import { loadavg } from 'node:os';

const dist = process.env.MIXEDLM_DIST ? new URL(`file://${process.env.MIXEDLM_DIST}/`).href : new URL('../dist/', import.meta.url).href;

/** SPD test matrix A = B Bᵀ/n + I with B seeded uniform (column-major), built with the kernels themselves. */
function spd(dense, n) {
  let s = 12345;
  const rnd = () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32) - 0.5;
  const B = Float64Array.from({ length: n * n }, rnd);
  const A = new Float64Array(n * n);
  dense.gemm(false, true, n, n, n, 1 / n, B, 0, n, B, 0, n, 0, A, 0, n);
  for (let i = 0; i < n; i++) A[i * n + i] += 1;
  return A;
}

export async function run() {
  const load0 = loadavg(); // 1, 5, 15-minute load averages (other engineers share the 2 cores)
  const dense = await import(new URL('sparse/dense/index.js', dist).href);
  const { useNodeDenseThreads } = await import(new URL('node-threads.js', dist).href);
  useNodeDenseThreads();
  const rows = [];
  for (const n of [1142, 2000]) {
    const A = spd(dense, n);
    const flops = n ** 3 / 3;
    const configs = n === 1142 ? [['js', 1], ['wasm', 1], ['wasm', 2]] : [['wasm', 1], ['wasm', 2]];
    const ms = configs.map(() => ({ potrf: [], trtri: [], lauum: [], cpu: [], mainCpu: [] }));
    const L = new Float64Array(n * n);
    const X = new Float64Array(n * n);
    const Z = new Float64Array(n * n);
    const out = configs.map(() => null);
    for (let r = 0; r < 9; r++) {
      configs.forEach(([backend, threads], c) => {
        dense.setDenseBackend(backend);
        dense.setDenseThreads(threads);
        L.set(A);
        const c0 = cpuSeconds();
        let t = performance.now();
        if (dense.potrf(n, L, 0, n) !== 0) throw new Error('potrf failed on an SPD matrix');
        const t1 = performance.now();
        dense.trtri(n, L, 0, n, X, 0, n);
        const t2 = performance.now();
        dense.lauum(n, X, 0, n, Z, 0, n);
        const t3 = performance.now();
        const c1 = cpuSeconds();
        if (r >= 2) {
          ms[c].cpu.push((c1.process - c0.process) * 1000);
          ms[c].mainCpu.push((c1.thread - c0.thread) * 1000);
          ms[c].potrf.push(t1 - t);
          ms[c].trtri.push(t2 - t1);
          ms[c].lauum.push(t3 - t2);
        }
        if (r === 0 && backend === 'wasm') out[c] = Z.slice();
      });
    }
    // the 1- and 2-thread results carry the same bits
    const wasmRuns = configs.map((c, i) => (c[0] === 'wasm' ? out[i] : null)).filter(Boolean);
    const identical = wasmRuns.every((z) => z.every((v, i) => Object.is(v, wasmRuns[0][i])));
    configs.forEach(([backend, threads], c) => {
      const p = median(ms[c].potrf), q = median(ms[c].trtri), u = median(ms[c].lauum);
      rows.push({
        backend, threads, n,
        'potrf ms': p, 'potrf GFlop/s': flops / p / 1e6,
        'trtri ms': q, 'trtri GFlop/s': flops / q / 1e6,
        'lauum ms': u, 'lauum GFlop/s': flops / u / 1e6,
        // CPU time of the three (process, and the calling thread alone; 10 ms ticks): the work, and its critical path
        'CPU ms': median(ms[c].cpu), 'main-thread CPU ms': median(ms[c].mainCpu),
        'same bits 1 vs 2 threads': backend === 'wasm' ? identical : '',
      });
    });
  }
  dense.setDenseBackend('auto');
  dense.setDenseThreads(0);
  printTable(Object.keys(rows[0]), rows);
  writeResults('dense', { note: 'machine: 2 cores shared with other engineers; 1- and 2-thread reps alternate', loadAverage: { start: load0, end: loadavg() }, results: rows });
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
