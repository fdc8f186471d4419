import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/integration/**', '**/node_modules/**'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    globalSetup: ['test/integration-notice.ts'],
    // the WebAssembly dense kernels, as the Node entry installs them
    setupFiles: ['test/dense-wasm-setup.ts'],
  },
});
