// Sparse Cholesky benchmark: 2-D 5-point Laplacian (200×200 grid), the InstEval
// inner matrix M = I + Λ ZᵀZ Λ (q = 4114) and a simulated partially nested
// students × teachers-within-schools design (q = 12,186). Prints three tables
// (factorization; AMD + symbolic analysis against CHOLMOD's analysis in the same
// run; factorization cost estimates) and writes bench/results/sparse.json.
// Build first: npx tsc -p tsconfig.build.json
//
//   node bench/sparse.js            (or import { run } from './sparse.js')
//   node bench/sparse.js --analysis <laplacian|insteval|nested>   (AMD + symbolic timings in a fresh process, JSON; used by run())
import { readFileSync, writeFileSync, mkdirSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { CscMatrix } from '../dist/sparse/csc.js';
import { amd } from '../dist/sparse/amd.js';
import { symbolicCholesky } from '../dist/sparse/symbolic.js';
import { CholeskyFactor } from '../dist/sparse/cholesky.js';
import { factorizationCosts } from '../dist/sparse/factorization-cost.js';
import { useDenseWasm } from '../dist/sparse/dense/wasm-api.js';
import { simulateNested } from './simulate-nested.js';

// the supernodes' dense kernels in WebAssembly, as the package's Node entry installs them
useDenseWasm();
const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : 0.5 * (s[m - 1] + s[m]);
};
const time = (f) => {
  const t = performance.now();
  f();
  return performance.now() - t;
};
/** wall and CPU (user + system, all threads of this process) milliseconds of f() */
const timeCpu = (f) => {
  const c = process.cpuUsage();
  const t = performance.now();
  f();
  const wall = performance.now() - t;
  const d = process.cpuUsage(c);
  return { wall, cpu: (d.user + d.system) / 1000 };
};

/** CSC from (row, col, value) triplets with duplicates summed. */
function fromTriplets(n, rows, cols, vals) {
  const cnt = new Int32Array(n + 1);
  for (const c of cols) cnt[c + 1]++;
  for (let j = 0; j < n; j++) cnt[j + 1] += cnt[j];
  const pos = cnt.slice(0, n);
  const ri = new Int32Array(rows.length);
  const vx = new Float64Array(rows.length);
  for (let k = 0; k < rows.length; k++) {
    const at = pos[cols[k]]++;
    ri[at] = rows[k];
    vx[at] = vals[k];
  }
  // sort and merge within columns
  const colPtr = new Int32Array(n + 1);
  const outR = [];
  const outV = [];
  for (let j = 0; j < n; j++) {
    const idx = [];
    for (let p = cnt[j]; p < cnt[j + 1]; p++) idx.push(p);
    idx.sort((a, b) => ri[a] - ri[b]);
    let last = -1;
    for (const p of idx) {
      if (ri[p] === last) outV[outV.length - 1] += vx[p];
      else {
        outR.push(ri[p]);
        outV.push(vx[p]);
        last = ri[p];
      }
    }
    colPtr[j + 1] = outR.length;
  }
  return new CscMatrix(n, n, colPtr, Int32Array.from(outR), Float64Array.from(outV));
}

/** 2-D 5-point Laplacian on a k × k grid (Dirichlet boundary). */
export function laplacian2d(k) {
  const rows = [], cols = [], vals = [];
  for (let x = 0; x < k; x++) {
    for (let y = 0; y < k; y++) {
      const j = x * k + y;
      const add = (i, v) => {
        rows.push(i);
        cols.push(j);
        vals.push(v);
      };
      add(j, 4);
      if (x > 0) add(j - k, -1);
      if (x < k - 1) add(j + k, -1);
      if (y > 0) add(j - 1, -1);
      if (y < k - 1) add(j + 1, -1);
    }
  }
  return fromTriplets(k * k, rows, cols, vals);
}

/** M = I + Λ ZᵀZ Λ for Z = [ind(f₀) | ind(f₁) | …] from level codes (Λ = diag of `lam` per factor). */
export function designInner(codes, sizes, lam) {
  const offs = [];
  let q = 0;
  for (const l of sizes) {
    offs.push(q);
    q += l;
  }
  const m = codes.length;
  const rows = [], cols = [], vals = [];
  for (let r = 0; r < codes[0].length; r++) {
    for (let a = 0; a < m; a++) {
      for (let b = 0; b < m; b++) {
        rows.push(offs[a] + codes[a][r]);
        cols.push(offs[b] + codes[b][r]);
        vals.push(lam[a] * lam[b]);
      }
    }
  }
  for (let i = 0; i < q; i++) {
    rows.push(i);
    cols.push(i);
    vals.push(1);
  }
  return fromTriplets(q, rows, cols, vals);
}

/** The simulated partially nested study (bench/simulate-nested.js): M for (1|id) + (1|tch) + (1|sch). */
export function nestedInner(opts = {}) {
  const d = simulateNested(opts);
  const sizes = [d.id, d.tch, d.sch].map((c) => c.reduce((a, b) => Math.max(a, b), -1) + 1);
  return { A: designInner([d.id, d.tch, d.sch], sizes, [0.6, 0.4, 0.2]), nobs: d.y.length, sizes };
}

/** InstEval inner matrix M = I + Λ ZᵀZ Λ, Z = [ind(s) | ind(d) | ind(dept)]. */
export function instEvalInner(path = join(root, 'data', 'InstEval.csv')) {
  const lines = readFileSync(path, 'utf8').split('\n');
  const header = lines[0].split(',').map((h) => h.replace(/"/g, ''));
  const iS = header.indexOf('s'), iD = header.indexOf('d'), iDept = header.indexOf('dept');
  const recs = [];
  for (let r = 1; r < lines.length; r++) {
    if (!lines[r]) continue;
    const f = lines[r].split(',').map((v) => v.replace(/"/g, ''));
    recs.push([f[iS], f[iD], f[iDept]]);
  }
  const levels = [0, 1, 2].map((c) => {
    const u = [...new Set(recs.map((x) => x[c]))];
    u.sort((a, b) => Number(a) - Number(b) || (a < b ? -1 : a > b ? 1 : 0));
    return new Map(u.map((v, i) => [v, i]));
  });
  const sizes = levels.map((m) => m.size);
  const offs = [0, sizes[0], sizes[0] + sizes[1]];
  const q = sizes[0] + sizes[1] + sizes[2];
  const lam = [0.3, 0.4, 0.1];
  const rows = [], cols = [], vals = [];
  for (const x of recs) {
    const c = [0, 1, 2].map((k) => offs[k] + levels[k].get(x[k]));
    for (let a = 0; a < 3; a++) {
      for (let b = 0; b < 3; b++) {
        rows.push(c[a]);
        cols.push(c[b]);
        vals.push(lam[a] * lam[b]);
      }
    }
  }
  for (let i = 0; i < q; i++) {
    rows.push(i);
    cols.push(i);
    vals.push(1);
  }
  return { A: fromTriplets(q, rows, cols, vals), nobs: recs.length, sizes };
}

/** Matrix Market file of the lower triangle (symmetric). */
function writeMatrixMarket(A, file) {
  const parts = [];
  let nz = 0;
  for (let j = 0; j < A.ncol; j++) {
    for (let p = A.colPtr[j]; p < A.colPtr[j + 1]; p++) {
      const i = A.rowIdx[p];
      if (i >= j) {
        parts.push(`${i + 1} ${j + 1} ${A.values[p].toPrecision(17)}`);
        nz++;
      }
    }
  }
  writeFileSync(file, `%%MatrixMarket matrix coordinate real symmetric\n${A.nrow} ${A.ncol} ${nz}\n${parts.join('\n')}\n`);
}

function cholmodBinary() {
  if (!existsSync('/usr/include/suitesparse/cholmod.h')) return null;
  const bin = join(tmpdir(), `mixedlm_cholmod_bench_${process.pid}`);
  try {
    execFileSync('gcc', ['-O2', '-o', bin, join(here, 'cholmod', 'cholmod_bench.c'), '-lcholmod', '-lm'], { stdio: 'pipe' });
    return bin;
  } catch (e) {
    return null;
  }
}

function runCholmod(bin, A, reps) {
  if (!bin) return null;
  const dir = mkdtempSync(join(tmpdir(), 'mixedlm-'));
  try {
    const file = join(dir, 'A.mtx');
    writeMatrixMarket(A, file);
    return JSON.parse(execFileSync(bin, [file, String(reps)], { encoding: 'utf8' }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function benchOne(name, A, { reps = 7, bin = null } = {}) {
  const n = A.ncol;
  let S = symbolicCholesky(A); // warm-up (JIT); the timings below are of a second run
  const tAmd = time(() => amd(A));
  const tSym = time(() => {
    S = symbolicCholesky(A, { ordering: 'amd' });
  });
  const F = CholeskyFactor.fromSymbolic(S);
  for (let w = 0; w < 3; w++) F.refactorValues(A.values); // warm-up (JIT)
  const tNum = [];
  for (let r = 0; r < reps; r++) tNum.push(time(() => F.refactorValues(A.values)));
  const b = Float64Array.from({ length: n }, (_, i) => Math.sin(i + 1));
  for (let w = 0; w < 2; w++) F.solve(b);
  const tSolve = [];
  for (let r = 0; r < reps; r++) tSolve.push(time(() => F.solve(b)));
  F.selectedInverse(); // warm-up; also builds the output pattern
  const tInv = [];
  for (let r = 0; r < Math.max(3, reps - 2); r++) tInv.push(time(() => F.selectedInverse()));
  // residual check
  const x = F.solve(b);
  let rmax = 0, bmax = 0;
  const Ax = new Float64Array(n);
  for (let j = 0; j < n; j++) for (let p = A.colPtr[j]; p < A.colPtr[j + 1]; p++) Ax[A.rowIdx[p]] += A.values[p] * x[j];
  for (let i = 0; i < n; i++) {
    rmax = Math.max(rmax, Math.abs(Ax[i] - b[i]));
    bmax = Math.max(bmax, Math.abs(b[i]));
  }
  let biggest = 0;
  for (let s = 0; s < S.nsuper; s++) biggest = Math.max(biggest, S.superStart[s + 1] - S.superStart[s]);
  const numericMs = median(tNum);
  const ch = runCholmod(bin, A, reps);
  return {
    matrix: name,
    n,
    nnzA: A.nnz,
    nnzL: S.nnzL,
    nsuper: S.nsuper,
    largestSupernode: biggest,
    flops: S.flops,
    amdMs: tAmd,
    symbolicMs: tSym,
    numericMs,
    numericAllMs: tNum,
    solveMs: median(tSolve),
    selectedInverseMs: median(tInv),
    gflops: S.flops / numericMs / 1e6,
    residual: rmax / bmax,
    cholmod: ch,
    cholmodNumericMs: ch ? ch.factorize_ms : null,
    ratio: ch ? numericMs / ch.factorize_ms : null,
  };
}

/**
 * AMD + symbolic analysis timed in a process of its own (as CHOLMOD's is): the
 * first call (cold), then, after five more warm-up calls, `reps` warm calls
 * (garbage collected once, before the first call).
 * Returns wall and CPU milliseconds.
 */
function analysisInChild(A, reps = 9) {
  globalThis.gc?.(); // the matrix was just built from JS arrays: collect them before timing
  const cold = timeCpu(() => symbolicCholesky(A, { ordering: amd(A) }));
  for (let w = 0; w < 5; w++) symbolicCholesky(A, { ordering: amd(A) });
  const amdW = [], amdC = [], allW = [], allC = [];
  for (let r = 0; r < reps; r++) {
    let perm;
    const a = timeCpu(() => {
      perm = amd(A);
    });
    const s = timeCpu(() => symbolicCholesky(A, { ordering: perm }));
    amdW.push(a.wall);
    amdC.push(a.cpu);
    allW.push(a.wall + s.wall);
    allC.push(a.cpu + s.cpu);
  }
  return { cold, amdW, amdC, allW, allC };
}

const matrices = {
  laplacian: () => laplacian2d(200),
  insteval: () => instEvalInner().A,
  nested: () => nestedInner().A,
};

/** Analysis timings from `runs` fresh processes: cold = median of first calls, warm = median of all warm calls. */
function analysisTimes(which, runs = 3) {
  const out = [];
  for (let r = 0; r < runs; r++) {
    out.push(JSON.parse(execFileSync(process.execPath, ['--expose-gc', fileURLToPath(import.meta.url), '--analysis', which], { encoding: 'utf8' })));
  }
  const all = (k) => out.flatMap((o) => o[k]);
  return {
    amdMs: median(all('amdW')),
    amdCpuMs: median(all('amdC')),
    analysisMs: median(all('allW')),
    analysisCpuMs: median(all('allC')),
    coldMs: median(out.map((o) => o.cold.wall)),
    coldCpuMs: median(out.map((o) => o.cold.cpu)),
    coldAllMs: out.map((o) => o.cold.wall),
  };
}

/** Factorization cost estimates: paths (sorted by flops) and the time of the estimate itself. */
function costEstimate(name, A, leadSize, reps = 5) {
  const first = timeCpu(() => factorizationCosts(A, { leadSize }));
  let res;
  const w = [], c = [];
  for (let r = 0; r < reps; r++) {
    const t = timeCpu(() => {
      res = factorizationCosts(A, { leadSize });
    });
    w.push(t.wall);
    c.push(t.cpu);
  }
  return {
    matrix: name,
    n: A.ncol,
    leadSize,
    paths: res.map((p) => ({ path: p.path, flops: p.flops, nnzL: p.nnzL })),
    choice: res[0].path,
    estimateFirstMs: first.wall,
    estimateMs: median(w),
    estimateCpuMs: median(c),
  };
}

function printTable(head, table) {
  const w = head.map((h, i) => Math.max(h.length, ...table.map((t) => t[i].length)));
  const line = (cells) => '| ' + cells.map((c, i) => c.padStart(w[i])).join(' | ') + ' |';
  console.log(line(head));
  console.log('|' + w.map((x) => '-'.repeat(x + 2)).join('|') + '|');
  for (const t of table) console.log(line(t));
}

const fmt = (v, d = 1) => (v === null || v === undefined ? '' : typeof v === 'number' ? v.toFixed(d) : String(v));

/** Run the benchmark, print the table, write bench/results/sparse.json; returns the rows. */
export async function run({ write = true } = {}) {
  const bin = cholmodBinary();
  if (!bin) console.log('CHOLMOD not available');
  const rows = [];
  rows.push(benchOne('laplacian2d 200x200', laplacian2d(200), { bin }));
  const ie = instEvalInner();
  rows.push(benchOne(`InstEval inner (q=${ie.A.ncol})`, ie.A, { bin }));
  const ne = nestedInner();
  rows.push(benchOne(`nested study (q=${ne.A.ncol})`, ne.A, { bin }));
  if (bin) rmSync(bin, { force: true });
  const keys = ['laplacian', 'insteval', 'nested'];
  rows.forEach((r, i) => Object.assign(r, analysisTimes(keys[i])));
  for (const r of rows) {
    const ch = r.cholmod;
    r.cholmodAnalyzeMs = ch ? ch.analyze_warm_ms : null;
    r.cholmodAnalyzeCpuMs = ch ? ch.analyze_cpu_ms : null;
    r.analysisRatio = ch ? r.analysisMs / ch.analyze_warm_ms : null;
    r.analysisCpuRatio = ch ? r.analysisCpuMs / ch.analyze_cpu_ms : null;
  }
  const costs = [
    costEstimate(`InstEval (lead: ${ie.sizes[0]} students)`, ie.A, ie.sizes[0]),
    costEstimate(`nested study (lead: ${ne.sizes[0]} students)`, ne.A, ne.sizes[0]),
  ];

  const head = ['matrix', 'n', 'nnz(A)', 'nnz(L)', 'AMD+sym ms', 'numeric ms', 'solve ms', 'selinv ms', 'GFlop/s', 'CHOLMOD ms', 'ratio'];
  const table = rows.map((r) => [
    r.matrix,
    String(r.n),
    String(r.nnzA),
    String(r.nnzL),
    fmt(r.symbolicMs, 1),
    fmt(r.numericMs, 1),
    fmt(r.solveMs, 2),
    fmt(r.selectedInverseMs, 1),
    fmt(r.gflops, 2),
    fmt(r.cholmodNumericMs, 1),
    fmt(r.ratio, 2),
  ]);
  printTable(head, table);
  console.log('(AMD+sym = AMD ordering + postorder + column counts + supernodes, second run; numeric = median refactor of 7 after warm-up; flops = Σ colcount²)');
  console.log('');
  printTable(
    ['matrix', 'AMD ms', 'AMD+sym ms', 'CPU ms', 'cold ms', 'cold CPU', 'CHOLMOD ms', 'CPU ms', 'ratio', 'CPU ratio', 'nnz(L)', 'CHOLMOD nnz(L)'],
    rows.map((r) => [
      r.matrix,
      fmt(r.amdMs),
      fmt(r.analysisMs),
      fmt(r.analysisCpuMs),
      fmt(r.coldMs, 0),
      fmt(r.coldCpuMs, 0),
      fmt(r.cholmodAnalyzeMs),
      fmt(r.cholmodAnalyzeCpuMs),
      fmt(r.analysisRatio, 2),
      fmt(r.analysisCpuRatio, 2),
      String(r.nnzL),
      r.cholmod ? String(r.cholmod.lnz) : '',
    ]),
  );
  console.log('(analysis = AMD + symbolic in 3 fresh processes, as CHOLMOD is: warm = median of 27 calls after 6 per process, cold = median of the 3 first calls; CHOLMOD = cholmod_analyze, median of 7 after the first; CPU = process CPU time, the fair measure on a shared machine)');
  console.log('');
  const mf = (x) => (x / 1e6).toFixed(1);
  printTable(
    ['design', 'n', 'lead', 'choice', 'dense-schur MFlop', 'supernodal MFlop', 'sparse-schur MFlop', 'nnz(L) of choice', 'estimate ms', 'CPU ms', 'first ms'],
    costs.map((c) => {
      const f = (p) => c.paths.find((x) => x.path === p);
      return [
        c.matrix,
        String(c.n),
        String(c.leadSize),
        c.choice,
        mf(f('dense-schur').flops),
        mf(f('supernodal').flops),
        mf(f('sparse-schur').flops),
        String(c.paths[0].nnzL),
        fmt(c.estimateMs),
        fmt(c.estimateCpuMs),
        fmt(c.estimateFirstMs),
      ];
    }),
  );
  console.log('(factorizationCosts: flops = Σ colcount² of each path\'s factor; estimate = median of 5 after the first call)');
  if (write) {
    mkdirSync(join(here, 'results'), { recursive: true });
    writeFileSync(
      join(here, 'results', 'sparse.json'),
      JSON.stringify({ date: new Date().toISOString(), node: process.version, results: rows, costs }, null, 2) + '\n',
    );
  }
  return rows;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const at = process.argv.indexOf('--analysis');
  if (at >= 0) {
    console.log(JSON.stringify(analysisInChild(matrices[process.argv[at + 1]]())));
  } else {
    await run();
  }
}
