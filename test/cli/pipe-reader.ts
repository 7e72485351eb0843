// Runs the command line with its output on pipes that a slow reader drains: it takes the first
// chunk, then stops reading for a while, as `tensorloom check big.json | less` does. A CLI that
// exits before its pipes drain loses everything past what the pipes held at that moment.
import { spawn } from 'node:child_process';
import type { Readable } from 'node:stream';
import type { CliResult } from '../helpers/run-cli';

function slowly(stream: Readable, pauseMs: number, exited: Promise<unknown>): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let paused = false;
    stream.on('data', (c: Buffer) => {
      chunks.push(c);
      if (paused) return;
      paused = true;
      stream.pause();
      void Promise.race([exited, new Promise((r) => setTimeout(r, pauseMs))]).then(() => stream.resume());
    });
    stream.on('close', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
}

export async function runCliSlowReader(pauseMs: number, ...args: string[]): Promise<CliResult> {
  const child = spawn('node', ['bin/tensorloom.mjs', ...args], { env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<number>((r) => child.on('exit', (code) => r(code ?? -1)));
  const [stdout, stderr, code] = await Promise.all([slowly(child.stdout, pauseMs, exited), slowly(child.stderr, pauseMs, exited), exited]);
  return { code, stdout, stderr };
}
