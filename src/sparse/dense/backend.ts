/**
 * The one switch between the dense kernels' JavaScript and WebAssembly SIMD
 * implementations. `'auto'` (the default) runs a kernel call in WebAssembly
 * when the module is available and the call is big enough to repay copying
 * its operands into linear memory; `'js'` and `'wasm'` force one side (tests,
 * benchmarks). The environment variable `MIXEDLM_DENSE_BACKEND` (js | wasm |
 * auto), where a `process.env` exists, sets the initial value, so whole test
 * suites and benchmarks can run on either side unchanged.
 *
 * The WebAssembly kernels (wasm.ts, its binary and the thread pool) are not
 * imported here: they are installed ({@link installDenseWasm}) by the public
 * names of the dense backend (wasm-api.ts: `loadDenseWasm`,
 * `setDenseBackend`, `useBrowserDenseThreads`, …) on first use, and by the
 * Node entry at import. So under Node they are always there, while a browser
 * bundle of `MixedLM` alone carries the JavaScript kernels only; until the
 * kernels are installed every call runs in JavaScript, whatever the setting.
 */
import { InvalidArgumentError } from '../../errors.js';
import type { wasmGemm, wasmGemmt, wasmLauum, wasmPotrfPanel, wasmSyrk, wasmTrtri } from './wasm.js';

/** Which implementation the dense kernels use. */
export type DenseBackend = 'js' | 'wasm' | 'auto';

/** The WebAssembly kernels, each with the signature of its JavaScript counterpart (wasm.ts). */
export interface DenseWasmKernels {
  /** Whether the module can run here (compiles it on first call). */
  available(): boolean;
  gemm: typeof wasmGemm;
  gemmt: typeof wasmGemmt;
  syrk: typeof wasmSyrk;
  potrfPanel: typeof wasmPotrfPanel;
  trtri: typeof wasmTrtri;
  lauum: typeof wasmLauum;
}

/**
 * 'auto' threshold on m·n·k of one call: below it the copy in and out of
 * linear memory costs more than the faster kernel saves (measured: gemm/syrk
 * 40×40×4 is faster in JS, 64×16×16 and up in WebAssembly; potrf breaks even
 * near n = 16 and is 2× faster at n = 32).
 */
const AUTO_MIN_WORK = 16384;

/** MIXEDLM_DENSE_BACKEND where there is a `process.env` (Node), else undefined. */
function envBackend(): string | undefined {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  return env?.['MIXEDLM_DENSE_BACKEND'];
}

/** Initial setting: 'js' when MIXEDLM_DENSE_BACKEND says so, else 'auto' ('wasm' is applied when the kernels are installed). */
let mode: DenseBackend = envBackend() === 'js' ? 'js' : 'auto';
let kernels: DenseWasmKernels | null = null;

/**
 * Largest operand footprint (doubles) sent to linear memory: 2^27 doubles = 1 GiB
 * (wasm32 memory tops out at 4 GiB, and growing it may fail well before).
 */
const MAX_WASM_DOUBLES = 2 ** 27;

/**
 * Installs the WebAssembly kernels (once; later calls keep the first table).
 * Done by wasm-api.ts's `useDenseWasm`; MIXEDLM_DENSE_BACKEND=wasm takes
 * effect here, when the module compiles.
 *
 * @example
 * ```ts
 * installDenseWasm({ available: denseWasmAvailable, gemm: wasmGemm, ... });
 * ```
 */
export function installDenseWasm(k: DenseWasmKernels): void {
  if (kernels) return;
  kernels = k;
  if (envBackend() === 'wasm' && mode === 'auto' && k.available()) mode = 'wasm';
}

/**
 * Whether the WebAssembly kernels are installed (in a browser bundle: once a
 * public name of the dense backend was called).
 *
 * @example
 * ```ts
 * denseWasmInstalled(); // true under Node
 * ```
 */
export function denseWasmInstalled(): boolean {
  return kernels !== null;
}

/**
 * Selects the dense backend for all subsequent kernel calls; `'wasm'` throws
 * when the WebAssembly kernels are not installed or cannot be compiled here.
 * The public `setDenseBackend` (wasm-api.ts) installs them first.
 *
 * @example
 * ```ts
 * selectDenseBackend('js');
 * ```
 */
export function selectDenseBackend(backend: DenseBackend): void {
  if (backend !== 'js' && backend !== 'wasm' && backend !== 'auto') {
    throw new InvalidArgumentError('backend', `expected 'js', 'wasm' or 'auto', got ${String(backend)}`);
  }
  if (backend === 'wasm' && !kernels?.available()) {
    throw new InvalidArgumentError('backend', 'WebAssembly SIMD kernels are not available in this environment');
  }
  mode = backend;
}

/**
 * The current dense backend setting.
 *
 * @example
 * ```ts
 * getDenseBackend(); // 'auto'
 * ```
 */
export function getDenseBackend(): DenseBackend {
  return mode;
}

/**
 * The WebAssembly kernels when a kernel call of `work` = m·n·k (its
 * multiply-adds, roughly) whose operands hold `doubles` doubles should run in
 * WebAssembly, else null (not installed, the 'js' setting, a call too small
 * for 'auto', or operands too big for linear memory whatever the setting).
 *
 * @example
 * ```ts
 * const w = wasmFor(m * n * k, m * n + (m + n) * k);
 * if (w) return w.gemm(...args);
 * ```
 */
export function wasmFor(work: number, doubles: number): DenseWasmKernels | null {
  if (!kernels || mode === 'js' || doubles > MAX_WASM_DOUBLES) return null;
  if (mode === 'wasm') return kernels;
  return work >= AUTO_MIN_WORK && kernels.available() ? kernels : null;
}
