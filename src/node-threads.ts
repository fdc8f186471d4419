/**
 * The Node implementation of the dense kernels' thread host: helpers are
 * `worker_threads` Workers evaluating the helper's source, unref'd so an idle
 * helper (asleep in `Atomics.wait`) never keeps the process alive.
 */
import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import type { DenseHelperData, DenseThreadHost } from './sparse/dense/threads.js';
import { setDenseThreadHost } from './sparse/dense/wasm-api.js';
import { HELPER_SOURCE } from './sparse/dense/helper-source.js';

/**
 * A {@link DenseThreadHost} on `worker_threads`.
 *
 * @example
 * ```ts
 * setDenseThreadHost(nodeDenseThreadHost);
 * ```
 */
export const nodeDenseThreadHost: DenseThreadHost = {
  cores: availableParallelism(),
  spawn(data: DenseHelperData) {
    // import() works whether the eval'd code runs as CommonJS or (--input-type=module inherited) as a module
    const boot = `import('node:worker_threads').then((wt) => (${HELPER_SOURCE})(wt.workerData));`;
    const worker = new Worker(boot, { eval: true, workerData: data });
    worker.unref();
    // a helper that fails only stops helping: the caller claims every chunk itself
    worker.on('error', () => undefined);
    return { terminate: () => void worker.terminate() };
  },
};

/**
 * Lets the dense WebAssembly kernels use a second core (worker_threads),
 * installing the kernels too; called by the package's Node entry and the CLI.
 * Helpers start on the first big call.
 *
 * @example
 * ```ts
 * useNodeDenseThreads();
 * ```
 */
export function useNodeDenseThreads(): void {
  setDenseThreadHost(nodeDenseThreadHost);
}
