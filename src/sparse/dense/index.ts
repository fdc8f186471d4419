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
export { setDenseBackend, getDenseBackend, type DenseBackend } from './backend.js';
export { denseWasmAvailable, loadDenseWasm, releaseDenseWasm } from './wasm.js';
export { setDenseThreads, getDenseThreads, setDenseThreadHost, denseThreadTally, type DenseThreadHost, type DenseHelperData } from './threads.js';
export { prepareDenseThreads } from './wasm.js';
export { useBrowserDenseThreads } from './browser-threads.js';
