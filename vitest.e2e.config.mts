import { defineConfig } from 'vitest/config';

/**
 * End-to-end tests: server mode (dist/, built by `npm test` beforehand) on a free port with a temp data
 * dir, driven in Debian's Chromium through playwright-core. One file at a time: two cores.
 */
export default defineConfig({
  test: {
    include: ['tests/e2e/**/*.e2e.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    fileParallelism: false,
    maxWorkers: 1,
  },
});
