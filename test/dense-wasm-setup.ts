// Vitest setup (both configs): the tests import modules from src/, not the Node entry that installs the
// WebAssembly dense kernels at import, so install them here: every suite runs the kernels Node users get
// (WebAssembly for big blocks; MIXEDLM_DENSE_BACKEND=js|wasm still chooses). test/sparse/dense-wasm-install
// checks the state before installation in a fresh module graph.
import { useDenseWasm } from '../src/sparse/dense/wasm-api.js';

useDenseWasm();
