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
 * 'auto' threshold on m·n·k of one call: below it the copy in and out of
 * linear memory costs more than the faster kernel saves (measured: gemm/syrk
 * 40×40×4 is faster in JS, 64×16×16 and up in WebAssembly; potrf breaks even
 * near n = 16 and is 2× faster at n = 32).
 */
const AUTO_MIN_WORK = 16384;

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
 * Largest operand footprint (doubles) sent to linear memory: 2^27 doubles = 1 GiB
 * (wasm32 memory tops out at 4 GiB, and growing it may fail well before).
 */
const MAX_WASM_DOUBLES = 2 ** 27;

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
 * Whether a kernel call of `work` = m·n·k (its multiply-adds, roughly) whose
 * operands hold `doubles` doubles should run in WebAssembly. Operands too big
 * for linear memory always stay in JavaScript, whatever the setting.
 *
 * @example
 * ```ts
 * if (preferWasm(m * n * k, m * n + (m + n) * k)) return wasmGemm(...args);
 * ```
 */
export function preferWasm(work: number, doubles: number): boolean {
  if (mode === 'js' || doubles > MAX_WASM_DOUBLES) return false;
  if (mode === 'wasm') return true;
  return work >= AUTO_MIN_WORK && denseWasmAvailable();
}
