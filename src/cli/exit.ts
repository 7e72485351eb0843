// How the command line ends. Output to a pipe is written asynchronously once the pipe's buffer
// (64 KB) is full, and process.exit() drops whatever is still queued; so a command returns its
// exit code (or throws CliExit after saying why) and the process exits only once stdout and
// stderr have drained.

/** A decided end: the reason is already written; the process exits with `code`. */
export class CliExit extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
  }
}

const drained = (s: NodeJS.WriteStream) =>
  new Promise<void>((resolve) => {
    if (s.destroyed || !s.writable) return resolve();
    // the callback of an empty write runs once everything written before it is out
    s.write('', () => resolve());
  });

/** The reader went away (`tensorloom check g.json | head`): nothing more can be said to it. */
export function quietOnClosedPipes(): void {
  for (const s of [process.stdout, process.stderr]) {
    s.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code !== 'EPIPE') throw e;
      process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
    });
  }
}

export async function exitAfterDrain(code: number): Promise<never> {
  process.exitCode = code;
  await Promise.all([drained(process.stdout), drained(process.stderr)]);
  // exit even where a backend left handles open (worker threads, a GPU device)
  process.exit(code);
}
