// End-to-end tests in a real browser: `npx vitest run --config vitest.e2e.config.ts`.
// They build the app, serve it with `vite preview` and drive Debian's /usr/bin/chromium.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/e2e/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 180_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
