/**
 * The public names of the dense backend. Each installs the WebAssembly SIMD
 * kernels (wasm.ts, with its binary and the helper-thread pool of threads.ts)
 * in backend.ts on first use, so a browser bundle carries them only when the
 * program names one of these: `import { MixedLM } from 'mixedlm'` alone runs
 * the JavaScript kernels, `await loadDenseWasm()` (or
 * `useBrowserDenseThreads()`, `setDenseBackend(…)`) brings WebAssembly. The
 * Node entry installs them at import ({@link useDenseWasm}).
 */
import { installDenseWasm, selectDenseBackend, type DenseBackend, type DenseWasmKernels } from './backend.js';
import * as wasm from './wasm.js';
import * as threads from './threads.js';

/** The WebAssembly kernels, as backend.ts dispatches to them. */
const KERNELS: DenseWasmKernels = {
  available: wasm.denseWasmAvailable,
  gemm: wasm.wasmGemm,
  gemmt: wasm.wasmGemmt,
  syrk: wasm.wasmSyrk,
  potrfPanel: wasm.wasmPotrfPanel,
  trtri: wasm.wasmTrtri,
  lauum: wasm.wasmLauum,
};

/**
 * Installs the WebAssembly kernels in backend.ts (idempotent). Called by every
 * public name here (so by `useNodeDenseThreads`, which the Node entry and the
 * CLI call at import), and by the test setup.
 *
 * @example
 * ```ts
 * useDenseWasm(); // big dense blocks now run in WebAssembly ('auto')
 * ```
 */
export function useDenseWasm(): void {
  installDenseWasm(KERNELS);
}

/**
 * Selects the dense backend for all subsequent kernel calls (installing the
 * WebAssembly kernels): `'auto'` (the default) runs big blocks in WebAssembly
 * when it is available, `'js'` and `'wasm'` force one side. `'wasm'` throws an
 * `InvalidArgumentError` when WebAssembly SIMD cannot be compiled here (so a
 * forced run never falls back silently).
 *
 * @example
 * ```ts
 * setDenseBackend('js');   // plain JavaScript kernels only
 * setDenseBackend('auto'); // WebAssembly for large blocks when available
 * ```
 */
export function setDenseBackend(backend: DenseBackend): void {
  useDenseWasm();
  selectDenseBackend(backend);
}

/**
 * True when the WebAssembly kernels can run here (installing them); the first
 * call compiles the module synchronously, which a browser main thread may
 * refuse: there, use {@link loadDenseWasm}.
 *
 * @example
 * ```ts
 * if (denseWasmAvailable()) setDenseBackend('wasm');
 * ```
 */
export function denseWasmAvailable(): boolean {
  useDenseWasm();
  return wasm.denseWasmAvailable();
}

/**
 * Installs the WebAssembly kernels and compiles their module asynchronously
 * (the way that works on a browser main thread too); resolves to whether it
 * is usable. In a browser this is what brings WebAssembly to the fits.
 *
 * @example
 * ```ts
 * await loadDenseWasm(); // then the 'auto' backend runs big blocks in WebAssembly
 * ```
 */
export function loadDenseWasm(): Promise<boolean> {
  useDenseWasm();
  return wasm.loadDenseWasm();
}

/**
 * Installs the WebAssembly kernels, compiles their module (asynchronously)
 * and starts the helper threads of the installed thread host, resolving once
 * they run (or after `timeoutMs`) with the number of threads ready.
 *
 * @example
 * ```ts
 * await prepareDenseThreads(); // 2 when a helper runs
 * ```
 */
export function prepareDenseThreads(timeoutMs?: number): Promise<number> {
  useDenseWasm();
  return wasm.prepareDenseThreads(timeoutMs);
}

/**
 * Drops the WebAssembly instance and its linear memory (which only grows);
 * the next big call compiles afresh.
 *
 * @example
 * ```ts
 * releaseDenseWasm(); // frees the ~25 MB a 1142 × 1142 trtri left behind
 * ```
 */
export function releaseDenseWasm(): void {
  useDenseWasm();
  wasm.releaseDenseWasm();
}

/**
 * Sets how many threads (the caller included) the WebAssembly kernels use
 * (installing them): 1 … 4, or 0 for automatic; see threads.ts.
 *
 * @example
 * ```ts
 * setDenseThreads(1); // single-threaded
 * ```
 */
export function setDenseThreads(n: number): void {
  useDenseWasm();
  threads.setDenseThreads(n);
}

/**
 * The thread count the WebAssembly kernels aim for (the caller included).
 *
 * @example
 * ```ts
 * getDenseThreads(); // 2 under Node on a 2-core machine
 * ```
 */
export function getDenseThreads(): number {
  useDenseWasm();
  return threads.getDenseThreads();
}

/**
 * Installs (or with `null` removes) the platform's way of starting helper
 * threads, and the WebAssembly kernels they serve.
 *
 * @example
 * ```ts
 * setDenseThreadHost(null); // one thread from now on
 * ```
 */
export function setDenseThreadHost(host: threads.DenseThreadHost | null): void {
  useDenseWasm();
  threads.setDenseThreadHost(host);
}

/**
 * Chunks each thread has run since the helpers started (index = thread; the
 * caller is 0).
 *
 * @example
 * ```ts
 * denseThreadTally(); // e.g. [14, 11]
 * ```
 */
export function denseThreadTally(): number[] {
  useDenseWasm();
  return threads.denseThreadTally();
}
