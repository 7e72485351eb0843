import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';
import { runtimeCodePlugin } from './scripts/runtime-code/vite-plugin.ts';

// Cross-origin isolation: the browser gives a page shared memory, which WebAssembly threads need
// (training on every core without a GPU), only when its server sends these two headers. Every
// file the app loads is its own, so requiring CORP/same-origin for subresources costs nothing.
export const ISOLATION_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  plugins: [react(), runtimeCodePlugin(import.meta.dirname)],
  worker: { format: 'es' },
  build: { target: 'es2022', chunkSizeWarningLimit: 8000 },
  server: { headers: ISOLATION_HEADERS },
  preview: { headers: ISOLATION_HEADERS },
  test: {
    include: ['src/**/*.test.ts', 'nodes/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: ['test/e2e/**', 'node_modules/**'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // a file per core (vitest's default leaves one core idle): many files spend their time waiting
    // on child processes (the CLI, Python, torchrun), and on 2 cores this takes the suite from 10
    // minutes to 7
    maxWorkers: availableParallelism(),
  },
});
