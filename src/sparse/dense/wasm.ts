/**
 * WebAssembly SIMD versions of the dense kernels (the "accelerated backend";
 * source: `native/dense.wat`, bytes: `wasm-binary.ts`). Each wrapper has the
 * signature of its JavaScript counterpart: it copies the operands into the
 * module's linear memory (compact leading dimensions), runs the kernel and
 * copies the result back, so callers keep their own `Float64Array`s.
 *
 * Browser-safe: only the global `WebAssembly` is used. The module is compiled
 * synchronously on first use (`new WebAssembly.Module`, ~4 KB); where that is
 * refused (a browser main thread limits synchronous compiles) or SIMD is
 * missing, {@link denseWasmAvailable} is false and the JS kernels are used —
 * unless {@link loadDenseWasm} compiled it asynchronously first.
 * Dispatch between the two lives in `backend.ts`, which does not import this
 * file: the public names of wasm-api.ts install these kernels there on first
 * use (`loadDenseWasm()`, `useBrowserDenseThreads()`, `setDenseBackend(…)` in
 * a browser), and the Node entry installs them at import. A browser bundle
 * that names none of them leaves this file, its binary and threads.ts out.
 */
import { DENSE_WASM_BASE64, DENSE_WASM_SHARED_FLAG_AT } from './wasm-binary.js';
import { MixedLMError } from '../../errors.js';
import { JOB_BYTE, MAX_CHUNKS, parallelMinWork, readyThreads, runJob, startHelpersAsync, stopHelpers } from './threads.js';

/** Block size of the blocked potrf / trtri / lauum drivers (measured best on n = 1142). */
const NB = 64;
/** Inner block size of potrf's panels (dense.wat `$blocked`). */
const NB_INNER = 16;
/** k-chunk of the packed products inside the module (must match `$KC` in dense.wat). */
const KC = 128;
/**
 * First usable double of linear memory: bytes 0..511 are the threads' edge-tile
 * scratch (128 each), 512..639 the control words and 640..799 the job record
 * (threads.ts).
 */
const BASE = 128;
/** Pages of linear memory at most (4 GiB; shared memory must declare it). */
const MAX_PAGES = 65536;

interface DenseExports {
  gemm(ta: number, tb: number, m: number, n: number, k: number, alpha: number, a: number, lda: number,
    b: number, ldb: number, c: number, ldc: number, lower: number, pa: number, pb: number): void;
  syrk(trans: number, m: number, n: number, k: number, alpha: number, a: number, lda: number, c: number,
    ldc: number, pa: number): void;
  potrf(m: number, n: number, a: number, lda: number, nb: number, pa: number): number;
  trtri(n: number, l: number, ldl: number, x: number, ldx: number, nb: number, d: number, t: number,
    pa: number, pb: number): void;
  lauum(n: number, x: number, ldx: number, z: number, ldz: number, nb: number, pa: number): void;
  trtri_diag(n: number, l: number, ldl: number, nb: number, d: number): void;
  chunk(job: number, c: number, tid: number): void;
}

interface WasmMemory {
  buffer: ArrayBufferLike;
  grow(pages: number): number;
}

/** The part of the global `WebAssembly` namespace used here (no DOM typings needed). */
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Memory: new (d: { initial: number; maximum: number; shared?: boolean }) => WasmMemory;
  Instance: new (module: object, imports: object) => { exports: unknown };
  compile(bytes: Uint8Array): Promise<object>;
  validate(bytes: Uint8Array): boolean;
}

let exportsCache: DenseExports | null = null;
let failed = false;
/** Linear memory (shared when the platform allows it) and the module compiled for it. */
let memory: WasmMemory | null = null;
let compiled: object | null = null;
let sharedMemory = false;
/** f64 view of linear memory (re-made after each grow, which detaches the old buffer). */
let view: Float64Array<ArrayBufferLike> = new Float64Array(0);

function wasmApi(): WasmApi | undefined {
  return (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;
}

/** Module bytes from the base64 text (no atob/Buffer: works everywhere). */
function moduleBytes(): Uint8Array {
  const s = DENSE_WASM_BASE64;
  const code = new Int16Array(128).fill(-1);
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  for (let i = 0; i < 64; i++) code[alphabet.charCodeAt(i)] = i;
  let len = s.length;
  while (len > 0 && s[len - 1] === '=') len--;
  const out = new Uint8Array((len * 3) >> 2);
  let acc = 0, bits = 0, o = 0;
  for (let i = 0; i < len; i++) {
    acc = (acc << 6) | code[s.charCodeAt(i)]!;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 0xff;
    }
  }
  return out;
}

/** The shared-memory variant of the module bytes (one limits flag differs). */
function sharedBytes(bytes: Uint8Array): Uint8Array {
  const b = bytes.slice();
  if (b[DENSE_WASM_SHARED_FLAG_AT] !== 0x01) throw new MixedLMError('dense module: unexpected memory import');
  b[DENSE_WASM_SHARED_FLAG_AT] = 0x03;
  return b;
}

/** A fresh linear memory: shared (so helper threads can use it) where SharedArrayBuffer exists. */
function newMemory(api: WasmApi, shared: boolean): WasmMemory {
  return new api.Memory({ initial: 1, maximum: MAX_PAGES, shared });
}

function adopt(api: WasmApi, mod: object, mem: WasmMemory, shared: boolean): void {
  const inst = new api.Instance(mod, { env: { memory: mem, scratch: 0 } });
  exportsCache = inst.exports as DenseExports;
  memory = mem;
  compiled = mod;
  sharedMemory = shared;
  view = new Float64Array(mem.buffer);
}

/** Compiles (synchronously or not) and instantiates: the shared variant first, else the unshared one. */
function variants(): { bytes: Uint8Array; shared: boolean }[] {
  const bytes = moduleBytes();
  const out: { bytes: Uint8Array; shared: boolean }[] = [];
  if (typeof SharedArrayBuffer === 'function') out.push({ bytes: sharedBytes(bytes), shared: true });
  out.push({ bytes, shared: false });
  return out;
}

/**
 * True when the WebAssembly kernels can run here; the first call compiles the
 * module synchronously (and remembers a failure). The package exports the
 * wasm-api.ts wrapper of this and of the functions below, which also installs
 * the kernels in backend.ts.
 *
 * @example
 * ```ts
 * if (denseWasmAvailable()) wasmPotrf(n, A, 0, n);
 * ```
 */
export function denseWasmAvailable(): boolean {
  if (exportsCache) return true;
  if (failed) return false;
  const api = wasmApi();
  if (api) {
    for (const v of variants()) {
      try {
        adopt(api, new api.Module(v.bytes), newMemory(api, v.shared), v.shared);
        return true;
      } catch {
        // next variant
      }
    }
  }
  failed = true;
  return false;
}

/**
 * Compiles the module asynchronously (for browser main threads, where a
 * synchronous compile may be refused); resolves to whether it is usable
 * (the public `loadDenseWasm` of wasm-api.ts installs the kernels first).
 *
 * @example
 * ```ts
 * await loadDenseWasm(); // then the 'auto' backend can use it
 * ```
 */
export async function loadDenseWasm(): Promise<boolean> {
  if (exportsCache) return true;
  const api = wasmApi();
  if (!api) return false;
  for (const v of variants()) {
    try {
      adopt(api, await api.compile(v.bytes), newMemory(api, v.shared), v.shared);
      failed = false;
      return true;
    } catch {
      // next variant
    }
  }
  failed = true;
  return false;
}

/**
 * Compiles the module (asynchronously) and starts the helper threads of the
 * installed thread host, resolving once they run (or after `timeoutMs`) with
 * the number of threads ready. Needed where a new Worker only starts when its
 * creator returns to the event loop (browsers); under Node the first big
 * kernel call starts them on its own.
 *
 * @example
 * ```ts
 * await prepareDenseThreads(); // 2 when a helper runs
 * ```
 */
export async function prepareDenseThreads(timeoutMs = 5000): Promise<number> {
  if (!(await loadDenseWasm()) || !sharedMemory || !compiled || !memory) return 1;
  return startHelpersAsync(compiled, memory, timeoutMs);
}

/**
 * Drops the instance and its linear memory (which only grows); the next call
 * compiles afresh.
 *
 * @example
 * ```ts
 * releaseDenseWasm(); // frees the ~25 MB a 1142 × 1142 trtri left behind
 * ```
 */
export function releaseDenseWasm(): void {
  stopHelpers();
  exportsCache = null;
  memory = null;
  compiled = null;
  failed = false;
  view = new Float64Array(0);
}

/** The instance, with linear memory of at least `doubles` doubles. */
function mem(doubles: number): DenseExports {
  if (!exportsCache && !denseWasmAvailable()) throw new MixedLMError('dense WebAssembly kernels are not available here');
  const ex = exportsCache!;
  const mem = memory!;
  const bytes = doubles * 8;
  const have = mem.buffer.byteLength;
  if (bytes > have) mem.grow(Math.ceil((bytes - have) / 65536));
  const len = mem.buffer.byteLength;
  if (view.byteLength !== len) view = new Float64Array(mem.buffer, 0, len >> 3);
  return ex;
}

/** Rounds a double index up to a 16-byte boundary. */
const al = (i: number): number => (i + 1) & ~1;
/** Doubles of a packed operand with `rows` rows and (at most) `k` steps. */
const packSize = (rows: number, k: number): number => 4 * ((rows + 3) >> 2) * Math.max(1, Math.min(k, KC));

/** view[at + i + j·rows] = beta·X[xOff + i + j·ldx] on a rows × cols block (lower: i ≥ j only). */
function put(X: Float64Array, xOff: number, ldx: number, rows: number, cols: number, at: number,
  lower = false, beta = 1): void {
  const v = view;
  for (let j = 0; j < cols; j++) {
    const i0 = lower ? j : 0;
    if (i0 >= rows) break;
    const src = xOff + j * ldx;
    const dst = at + j * rows;
    if (beta === 1) v.set(X.subarray(src + i0, src + rows), dst + i0);
    else if (beta === 0) v.fill(0, dst + i0, dst + rows);
    else for (let i = i0; i < rows; i++) v[dst + i] = beta * X[src + i]!;
  }
}

/** X[xOff + i + j·ldx] = view[at + i + j·rows] on a rows × cols block (lower: i ≥ j only). */
function get(X: Float64Array, xOff: number, ldx: number, rows: number, cols: number, at: number, lower = false): void {
  const v = view;
  for (let j = 0; j < cols; j++) {
    const i0 = lower ? j : 0;
    if (i0 >= rows) break;
    const src = at + j * rows;
    X.set(v.subarray(src + i0, src + rows), xOff + j * ldx + i0);
  }
}

/** Threads to share a call of `work` multiply-adds (1: run it whole on this thread). */
function threadsFor(work: number): number {
  if (work < parallelMinWork() || !sharedMemory || !compiled || !memory) return 1;
  return readyThreads(compiled, memory);
}

/** Chunk width for `span` output columns (rows) over `threads`: ~6 chunks a thread, a multiple of 4. */
function chunkWidth(span: number, threads: number): number {
  const w = 4 * Math.ceil(span / (24 * threads));
  return Math.max(16, w, 4 * Math.ceil(span / (4 * MAX_CHUNKS)));
}

/**
 * Per-thread scratch from double index `at`: thread t gets pa (`sizes[0]`
 * doubles), pb (`sizes[1]`) and t (`sizes[2]`); returns their double indices
 * and the end of the region.
 */
function threadScratch(at: number, threads: number, sizes: [number, number, number]): { slots: number[][]; end: number } {
  const slots: number[][] = [];
  let p = al(at);
  for (let t = 0; t < threads; t++) {
    const pa = p;
    const pb = al(pa + sizes[0]);
    const tt = al(pb + sizes[1]);
    p = al(tt + sizes[2]);
    slots.push([pa, pb, tt]);
  }
  return { slots, end: p };
}

/**
 * Writes the job record (native/dense.wat, `chunk`) and runs its `count`
 * chunks on `threads` threads (`first`: see {@link runJob}).
 */
function shareJob(ex: DenseExports, kind: number, width: number, byRows: boolean, ints: number[], alpha: number,
  slots: number[][], count: number, threads: number, first?: () => void): void {
  const buf = memory!.buffer;
  const rec = new Int32Array(buf, JOB_BYTE, 40);
  rec.fill(0);
  rec[0] = kind;
  rec[1] = width;
  rec[2] = byRows ? 1 : 0;
  for (let i = 0; i < ints.length; i++) rec[3 + i] = ints[i]!;
  new Float64Array(buf, JOB_BYTE + 64, 1)[0] = alpha;
  for (let t = 0; t < slots.length; t++) {
    rec[20 + 4 * t] = slots[t]![0]! * 8;
    rec[21 + 4 * t] = slots[t]![1]! * 8;
    rec[22 + 4 * t] = slots[t]![2]! * 8;
  }
  runJob(count, threads, (c) => ex.chunk(JOB_BYTE, c, 0), first);
}

/**
 * tril(C) += alpha·op(A)·op(A)ᵀ on operands already in linear memory (double
 * indices), shared by column chunks over `threads` threads (1: one call).
 */
function syrkIn(ex: DenseExports, threads: number, slots: number[][], trans: boolean, m: number, n: number, k: number,
  alpha: number, aAt: number, lda: number, cAt: number, ldc: number, first?: () => void): void {
  if (threads <= 1 || n < 32) {
    first?.();
    if (n > 0) ex.syrk(trans ? 1 : 0, m, n, k, alpha, aAt * 8, lda, cAt * 8, ldc, slots[0]![0]! * 8);
    return;
  }
  const w = chunkWidth(n, threads);
  shareJob(ex, 1, w, false, [trans ? 1 : 0, m, n, k, aAt * 8, lda, cAt * 8, ldc], alpha, slots, Math.ceil(n / w), threads,
    first);
}

/**
 * WebAssembly {@link potrfPanel}: Cholesky of the lower trapezoid of an m × n
 * block (m ≥ n) in place; returns 0 or failing column + 1.
 *
 * @example
 * ```ts
 * const A = new Float64Array([4, 2, 2, 5]);
 * wasmPotrfPanel(2, 2, A, 0, 2); // 0; A = [2, 1, *, 2]
 * ```
 */
export function wasmPotrfPanel(m: number, n: number, A: Float64Array, off: number, lda: number): number {
  if (n <= 0) return 0;
  const aAt = BASE;
  const threads = n > NB ? threadsFor((m * n * n) / 3) : 1;
  if (threads <= 1) {
    const paAt = al(aAt + m * n);
    const ex = mem(paAt + packSize(m, NB));
    put(A, off, lda, m, n, aAt, true);
    const info = ex.potrf(m, n, aAt * 8, m, NB, paAt * 8);
    get(A, off, lda, m, n, aAt, true);
    return info;
  }
  // the loop of `$blocked` (dense.wat) with each trailing update A22 −= A21·A21ᵀ shared by column
  // chunks, and one panel of lookahead: while the helpers update the columns right of the next
  // panel, this thread updates the next panel's columns and factors them (every entry still gets
  // the same updates in the same order, so the bits are those of the single call)
  const { slots, end } = threadScratch(aAt + m * n, threads, [packSize(m, NB), 0, 0]);
  const ex = mem(end);
  put(A, off, lda, m, n, aAt, true);
  const pa0 = slots[0]![0]! * 8;
  let info = ex.potrf(m, Math.min(NB, n), aAt * 8, m, NB_INNER, pa0);
  for (let k0 = 0; info === 0 && k0 + NB < n; k0 += NB) {
    const k1 = k0 + NB;
    const kb = NB;
    const next = Math.min(NB, n - k1);
    const rest = n - k1 - next;
    const po = aAt + k0 + k0 * m;
    const mm = m - k1;
    const lookahead = (): void => {
      ex.syrk(0, mm, next, kb, -1, (po + kb) * 8, m, (aAt + k1 * (m + 1)) * 8, m, pa0);
      const r = ex.potrf(mm, next, (aAt + k1 * (m + 1)) * 8, m, NB_INNER, pa0);
      if (r !== 0) info = k1 + r;
    };
    // columns k1+next … n−1 of the trailing update (rows k1+next … m−1)
    syrkIn(ex, (mm - next) * rest * kb >= parallelMinWork() / 8 ? threads : 1, slots, false, mm - next, rest, kb, -1,
      po + kb + next, m, aAt + (k1 + next) * (m + 1), m, lookahead);
  }
  get(A, off, lda, m, n, aAt, true);
  return info;
}

/**
 * WebAssembly {@link potrf}: `A = L·Lᵀ` in the lower triangle; 0 or failing column + 1.
 *
 * @example
 * ```ts
 * wasmPotrf(2, new Float64Array([4, 2, 2, 5]), 0, 2); // 0
 * ```
 */
export function wasmPotrf(n: number, A: Float64Array, off: number, lda: number): number {
  return wasmPotrfPanel(n, n, A, off, lda);
}

/**
 * WebAssembly {@link trtri}: X = L⁻¹, written in full (zeros above the diagonal).
 *
 * @example
 * ```ts
 * const X = new Float64Array(4);
 * wasmTrtri(2, new Float64Array([2, 1, 0, 2]), 0, 2, X, 0, 2); // X = [0.5, -0.25, 0, 0.5]
 * ```
 */
export function wasmTrtri(n: number, L: Float64Array, lOff: number, ldl: number,
  X: Float64Array, xOff: number, ldx: number): void {
  if (n <= 0) return;
  const lAt = BASE;
  const xAt = al(lAt + n * n);
  const threads = n >= 32 ? threadsFor((n * n * n) / 3) : 1;
  if (threads > 1) {
    // all D_K first, then column chunks of X, each running every step on its columns
    const nblk = Math.ceil(n / NB);
    const dAt = al(xAt + n * n);
    const w = chunkWidth(n, threads);
    const { slots, end } = threadScratch(dAt + nblk * NB * NB, threads, [packSize(n, NB), packSize(w, NB), NB * w]);
    const ex = mem(end);
    put(L, lOff, ldl, n, n, lAt, true);
    ex.trtri_diag(n, lAt * 8, n, NB, dAt * 8);
    shareJob(ex, 3, w, false, [n, lAt * 8, n, xAt * 8, n, NB, dAt * 8], 1, slots, Math.ceil(n / w), threads);
    get(X, xOff, ldx, n, n, xAt);
    return;
  }
  const dAt = al(xAt + n * n);
  const tAt = al(dAt + NB * NB);
  const paAt = al(tAt + NB * n);
  const pbAt = al(paAt + packSize(n, NB));
  const ex = mem(pbAt + packSize(n, NB));
  put(L, lOff, ldl, n, n, lAt, true);
  ex.trtri(n, lAt * 8, n, xAt * 8, n, NB, dAt * 8, tAt * 8, paAt * 8, pbAt * 8);
  get(X, xOff, ldx, n, n, xAt);
}

/**
 * WebAssembly {@link lauum}: tril(Z) = tril(XᵀX), X lower triangular with
 * explicit zeros above the diagonal.
 *
 * @example
 * ```ts
 * const Z = new Float64Array(4);
 * wasmLauum(2, new Float64Array([1, 2, 0, 3]), 0, 2, Z, 0, 2); // Z = [5, 6, *, 9]
 * ```
 */
export function wasmLauum(n: number, X: Float64Array, xOff: number, ldx: number,
  Z: Float64Array, zOff: number, ldz: number): void {
  if (n <= 0) return;
  const xAt = BASE;
  const zAt = al(xAt + n * n);
  const threads = n >= 32 ? threadsFor((n * n * n) / 3) : 1;
  if (threads > 1) {
    const w = chunkWidth(n, threads);
    const { slots, end } = threadScratch(zAt + n * n, threads, [packSize(n, NB), 0, 0]);
    const ex = mem(end);
    put(X, xOff, ldx, n, n, xAt);
    shareJob(ex, 4, w, false, [n, xAt * 8, n, zAt * 8, n, NB], 1, slots, Math.ceil(n / w), threads);
    get(Z, zOff, ldz, n, n, zAt, true);
    return;
  }
  const paAt = al(zAt + n * n);
  const ex = mem(paAt + packSize(n, NB));
  put(X, xOff, ldx, n, n, xAt);
  ex.lauum(n, xAt * 8, n, zAt * 8, n, NB, paAt * 8);
  get(Z, zOff, ldz, n, n, zAt, true);
}

/**
 * WebAssembly {@link gemm}: `C = alpha·op(A)·op(B) + beta·C` (op(A) m × k, op(B) k × n).
 *
 * @example
 * ```ts
 * const C = new Float64Array(4);
 * wasmGemm(false, false, 2, 2, 3, 1, new Float64Array([1, 4, 2, 5, 3, 6]), 0, 2,
 *   new Float64Array([1, 0, 1, 0, 1, 1]), 0, 3, 0, C, 0, 2); // C = [4 10 | 5 11]
 * ```
 */
export function wasmGemm(transA: boolean, transB: boolean, m: number, n: number, k: number, alpha: number,
  A: Float64Array, aOff: number, lda: number, B: Float64Array, bOff: number, ldb: number,
  beta: number, C: Float64Array, cOff: number, ldc: number): void {
  if (m <= 0 || n <= 0) return;
  productInto(transA, transB, m, n, k, alpha, A, aOff, lda, B, bOff, ldb, beta, C, cOff, ldc, false);
}

/**
 * WebAssembly {@link gemmt}: `tril(C) += alpha·tril(op(A)·op(B))` (C n × n).
 *
 * @example
 * ```ts
 * const U = new Float64Array([1, 2, 3, 4]);
 * const C = new Float64Array(4);
 * wasmGemmt(true, false, 2, 2, 1, U, 0, 2, U, 0, 2, C, 0, 2); // lower part of UᵀU
 * ```
 */
export function wasmGemmt(transA: boolean, transB: boolean, n: number, k: number, alpha: number,
  A: Float64Array, aOff: number, lda: number, B: Float64Array, bOff: number, ldb: number,
  C: Float64Array, cOff: number, ldc: number): void {
  if (n <= 0 || k <= 0 || alpha === 0) return;
  productInto(transA, transB, n, n, k, alpha, A, aOff, lda, B, bOff, ldb, 1, C, cOff, ldc, true);
}

function productInto(transA: boolean, transB: boolean, m: number, n: number, k: number, alpha: number,
  A: Float64Array, aOff: number, lda: number, B: Float64Array, bOff: number, ldb: number,
  beta: number, C: Float64Array, cOff: number, ldc: number, lower: boolean): void {
  const kk = Math.max(k, 0);
  const ra = transA ? kk : m, rb = transB ? n : kk;
  const cAt = BASE;
  const aAt = al(cAt + m * n);
  const bAt = al(aAt + m * kk);
  const paAt = al(bAt + n * kk);
  // shared by output column chunks (row chunks when C is tall and not triangular)
  const threads = kk > 0 && alpha !== 0 && Math.max(m, n) >= 32 ? threadsFor(lower ? (n * n * kk) / 2 : m * n * kk) : 1;
  const byRows = !lower && m > n;
  const w = chunkWidth(byRows ? m : n, threads);
  const par = threads > 1
    ? threadScratch(paAt, threads, [packSize(byRows ? w : m, kk), packSize(byRows ? n : w, kk), 0])
    : null;
  const pbAt = al(paAt + packSize(m, kk));
  const ex = mem(par ? par.end : pbAt + packSize(n, kk));
  put(C, cOff, ldc, m, n, cAt, lower, beta);
  if (kk > 0 && alpha !== 0) {
    put(A, aOff, lda, ra, transA ? m : kk, aAt);
    put(B, bOff, ldb, rb, transB ? kk : n, bAt);
    if (par) {
      shareJob(ex, 2, w, byRows, [transA ? 1 : 0, transB ? 1 : 0, m, n, kk, aAt * 8, ra, bAt * 8, rb, cAt * 8, m,
        lower ? 1 : 0], alpha, par.slots, Math.ceil((byRows ? m : n) / w), threads);
    } else {
      ex.gemm(transA ? 1 : 0, transB ? 1 : 0, m, n, kk, alpha, aAt * 8, ra, bAt * 8, rb, cAt * 8, m,
        lower ? 1 : 0, paAt * 8, pbAt * 8);
    }
  }
  get(C, cOff, ldc, m, n, cAt, lower);
}

/**
 * WebAssembly {@link syrk}: `C = alpha·op(A)·op(A)ᵀ + beta·C` on the lower
 * trapezoid of the m × n block C (op(A) m × k, n ≤ m).
 *
 * @example
 * ```ts
 * const C = new Float64Array(9);
 * wasmSyrk(false, 3, 3, 1, 1, new Float64Array([1, 2, 3]), 0, 3, 0, C, 0, 3);
 * ```
 */
export function wasmSyrk(trans: boolean, m: number, n: number, k: number, alpha: number,
  A: Float64Array, aOff: number, lda: number, beta: number, C: Float64Array, cOff: number, ldc: number): void {
  if (m <= 0 || n <= 0) return;
  const kk = Math.max(k, 0);
  const ra = trans ? kk : m;
  const cAt = BASE;
  const aAt = al(cAt + m * n);
  const threads = kk > 0 && alpha !== 0 && n >= 32 ? threadsFor(m * n * kk - (n * n * kk) / 2) : 1;
  const { slots, end } = threadScratch(aAt + m * kk, threads, [packSize(m, kk), 0, 0]);
  const ex = mem(end);
  put(C, cOff, ldc, m, n, cAt, true, beta);
  if (kk > 0 && alpha !== 0) {
    put(A, aOff, lda, ra, trans ? m : kk, aAt);
    syrkIn(ex, threads, slots, trans, m, n, kk, alpha, aAt, ra, cAt, m);
  }
  get(C, cOff, ldc, m, n, cAt, true);
}
