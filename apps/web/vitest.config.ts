import { defineConfig } from 'vitest/config';

/**
 * `npm test -w @loopline/web`: unit tests of browser-free helpers (src/**\/*.test.ts) and the browser
 * tests in e2e/ that drive Chromium against the real server. globalSetup builds the web app first.
 */
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'e2e/**/*.e2e.test.ts'],
    environment: 'node',
    globalSetup: ['e2e/global-setup.ts'],
    // Each e2e file starts its own server and browser; running them one at a time keeps a 2-core machine responsive.
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 180_000,
  },
});
