import { defineConfig } from 'vitest/config';

// Tests that need a system service (ClickHouse from Debian, headless Chromium): `npm run test:integration`.
// They start what they need themselves and fail with the reason when it cannot start; they never skip.
export default defineConfig({
  test: {
    include: ['test/integration/**/*.test.ts'],
    testTimeout: 300_000,
    hookTimeout: 300_000,
    fileParallelism: false,
    // the WebAssembly dense kernels, as the Node entry installs them
    setupFiles: ['test/dense-wasm-setup.ts'],
  },
});
