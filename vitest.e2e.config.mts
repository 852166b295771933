import { defineConfig } from 'vitest/config';

/**
 * End-to-end tests: server mode (dist/, built by `npm test` beforehand) on a free port with a temp data
 * dir, driven in Debian's Chromium through playwright-core. One file at a time: two cores.
 */
export default defineConfig({
  test: {
    include: ['tests/e2e/**/*.e2e.test.ts'],
    environment: 'node',
    setupFiles: ['tests/e2e/setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // A slow CI machine takes longer than vitest's 1 s default to show what a poll waits for.
    expect: { poll: { timeout: 15_000, interval: 100 } },
    fileParallelism: false,
    maxWorkers: 1,
  },
});
