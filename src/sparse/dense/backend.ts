/**
 * The one switch between the dense kernels' JavaScript and WebAssembly SIMD
 * implementations. `'auto'` (the default) runs a kernel call in WebAssembly
 * when the module is available and the call is big enough to repay copying
 * its operands into linear memory; `'js'` and `'wasm'` force one side (tests,
 * benchmarks). The environment variable `MIXEDLM_DENSE_BACKEND` (js | wasm |
 * auto), where a `process.env` exists, sets the initial value, so whole test
 * suites and benchmarks can run on either side unchanged.
 */
import { InvalidArgumentError } from '../../errors.js';
import { denseWasmAvailable } from './wasm.js';

/** Which implementation the dense kernels use. */
export type DenseBackend = 'js' | 'wasm' | 'auto';

/**
 * 'auto' threshold in multiply-adds (≈ m·n·k of one call): below it the copy
 * in and out of linear memory costs more than the faster kernel saves.
 */
const AUTO_MIN_WORK = 32 * 32 * 32;

/** Initial setting: 'auto', or the environment variable MIXEDLM_DENSE_BACKEND where there is one (Node). */
function initialMode(): DenseBackend {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  const v = env?.['MIXEDLM_DENSE_BACKEND'];
  if (v === 'js') return 'js';
  if (v === 'wasm' && denseWasmAvailable()) return 'wasm';
  return 'auto';
}

let mode: DenseBackend = initialMode();

/**
 * Selects the dense backend for all subsequent kernel calls. `'wasm'` throws
 * when WebAssembly SIMD cannot be compiled here (so a forced run never falls
 * back silently).
 *
 * @example
 * ```ts
 * setDenseBackend('js');   // plain JavaScript kernels only
 * setDenseBackend('auto'); // WebAssembly for large blocks when available
 * ```
 */
export function setDenseBackend(backend: DenseBackend): void {
  if (backend !== 'js' && backend !== 'wasm' && backend !== 'auto') {
    throw new InvalidArgumentError('backend', `expected 'js', 'wasm' or 'auto', got ${String(backend)}`);
  }
  if (backend === 'wasm' && !denseWasmAvailable()) {
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
 * Whether a kernel call of about `work` multiply-adds should run in WebAssembly.
 *
 * @example
 * ```ts
 * if (preferWasm(m * n * k)) return wasmGemm(...args);
 * ```
 */
export function preferWasm(work: number): boolean {
  if (mode === 'js') return false;
  if (mode === 'wasm') return true;
  return work >= AUTO_MIN_WORK && denseWasmAvailable();
}
