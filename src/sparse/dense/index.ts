/**
 * Dense kernels on column-major `Float64Array` sub-blocks (offset + leading
 * dimension), used by the supernodal Cholesky and the selected inverse.
 *
 * @example
 * ```ts
 * import { potrf, potri } from './dense/index.js';
 * ```
 */
export { gemm, gemmt, syrk } from './gemm.js';
export { potrf, potrfPanel } from './potrf.js';
export { trsv, trsmLeftLower } from './trsm.js';
export { trtri, lauum, potri } from './potri.js';
export { getDenseBackend, type DenseBackend } from './backend.js';
// the public names of the WebAssembly backend: each installs its kernels on first use (wasm-api.ts)
export {
  setDenseBackend, denseWasmAvailable, loadDenseWasm, releaseDenseWasm, prepareDenseThreads,
  setDenseThreads, getDenseThreads, setDenseThreadHost, denseThreadTally,
} from './wasm-api.js';
export type { DenseThreadHost, DenseHelperData } from './threads.js';
export { useBrowserDenseThreads } from './browser-threads.js';
