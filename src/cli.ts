#!/usr/bin/env node
import { main } from './cli/main.js';
import { useNodeDenseThreads } from './node-threads.js';

// the dense kernels in WebAssembly, on a second core too (MIXEDLM_DENSE_THREADS=1 keeps them on one)
useNodeDenseThreads();
process.exitCode = await main(process.argv.slice(2));
