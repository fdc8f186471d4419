import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/integration/**', '**/node_modules/**'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    globalSetup: ['test/integration-notice.ts'],
  },
});
