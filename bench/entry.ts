// Runs a benchmark module as a program when Node started it (`tsx bench/NAME.ts`, or the bundle
// that ../shared/gpu/pack.sh makes of it for the GPU machine) rather than importing it.
// A bundle holds one entry only: modules imported by an entry must not call this themselves.
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export function runIfEntry(moduleUrl: string, main: () => Promise<void>): void {
  const started = process.argv[1];
  if (!started) return;
  try {
    if (realpathSync(started) !== realpathSync(fileURLToPath(moduleUrl))) return;
  } catch {
    return;
  }
  main().then(
    // Dawn keeps the event loop alive
    () => process.exit(0),
    (err: unknown) => {
      process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exit(1);
    },
  );
}
