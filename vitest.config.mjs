import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/helpers/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Namespaced tests spawn Node agents; two cores run two files at a time.
    maxWorkers: 2,
    reporters: ['default'],
  },
});
