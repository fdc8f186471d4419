// Node entry of `mixedlm/sparse` (package.json `exports` condition `node`): the same names as the
// browser entry, with the WebAssembly dense kernels installed at import (as the package's Node entry
// does), so big supernodes run in WebAssembly; a browser bundle gets them with loadDenseWasm().
export * from './index.js';

import { useDenseWasm } from './dense/wasm-api.js';
useDenseWasm();
