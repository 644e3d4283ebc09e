import { defineConfig } from 'vitest/config';

// The suite runs with deprecations as errors, in the test workers and in every
// Node process the tests start (agents, the CLI): nothing here may rely on an
// API node:net is phasing out (Server.prototype._listen2 first among them).
const strict = '--throw-deprecation --pending-deprecation';
if (!(process.env.NODE_OPTIONS ?? '').includes(strict)) {
  process.env.NODE_OPTIONS = `${process.env.NODE_OPTIONS ?? ''} ${strict}`.trim();
}

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
