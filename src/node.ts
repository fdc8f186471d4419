// Node entry of `mixedlm` (package.json `exports` condition `node`): everything
// the browser entry has, with `readTable` taking file paths, plus `readTableSync`.
export * from './index.js';
export { readTable, readTableSync, type ReadOptions, type ReadProgress, type TableSource } from './data/read.js';

// The dense kernels run big blocks in WebAssembly and may use a second core (worker_threads;
// helpers start lazily): useNodeDenseThreads installs both at import (the browser entry leaves
// them to loadDenseWasm).
import { useNodeDenseThreads } from './node-threads.js';
useNodeDenseThreads();
