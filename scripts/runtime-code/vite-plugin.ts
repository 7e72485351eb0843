// Keeps src/codegen/build/runtime-code.ts in step with the runtime files while `vite` serves the
// app: an edit to a file the export copies from rewrites the copy, so the code view never shows
// stale runtime code.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Plugin } from 'vite';
import { exportCodeFiles, PYTHON_RUNTIME_SOURCE } from './build.ts';
import { ALSO_ALLOWED, EXPORTED_SOURCES } from './sources.ts';

export function runtimeCodePlugin(root: string): Plugin {
  const watched = new Set([...Object.keys(EXPORTED_SOURCES), ...Object.keys(ALSO_ALLOWED), PYTHON_RUNTIME_SOURCE].map((f) => path.join(root, f)));
  const read = (file: string) => (existsSync(path.join(root, file)) ? readFileSync(path.join(root, file), 'utf8') : undefined);
  const rewrite = () => {
    for (const [file, code] of exportCodeFiles(read)) {
      const target = path.join(root, file);
      if (!existsSync(target) || readFileSync(target, 'utf8') !== code) writeFileSync(target, code);
    }
  };
  return {
    name: 'tensorloom-runtime-code',
    // the app's dev server only: tests hold the copy to the sources instead of rewriting it
    apply: (_config, env) => env.command === 'serve' && !process.env['VITEST'],
    buildStart: rewrite,
    handleHotUpdate({ file }) {
      if (watched.has(file)) rewrite();
    },
  };
}
