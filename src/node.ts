// Node entry of `mixedlm` (package.json `exports` condition `node`): everything
// the browser entry has, with `readTable` taking file paths, plus `readTableSync`.
export * from './index.js';
export { readTable, readTableSync, type ReadOptions, type ReadProgress, type TableSource } from './data/read.js';

// The dense kernels may use a second core here (worker_threads; helpers start lazily).
import { useNodeDenseThreads } from './node-threads.js';
useNodeDenseThreads();
