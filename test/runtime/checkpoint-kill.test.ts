// A checkpoint directory survives a kill at any moment of a save: a process saving checkpoints one
// after another is killed with SIGKILL, at random moments and paused after each file operation in
// turn, and the directory then loads as exactly the checkpoint before that save or the one it made.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadCheckpointDir, saveCheckpointDir } from '../../src/runtime/checkpoint-files';
import { stepCheckpoint, stepDoc, stepOf } from '../helpers/step-checkpoints';

const KILLS = 14;
const CHILD = path.join(import.meta.dirname, 'checkpoint-kill-child.ts');
const dirs: string[] = [];
afterAll(async () => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

/** Runs the saving process until `when` says to kill it, kills it, and returns what it said. */
function runAndKill(dir: string, env: Record<string, string>, when: (out: string) => boolean): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, dir], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '', err = '', killed = false;
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (!killed && when(out)) {
        killed = true;
        child.kill('SIGKILL');
      }
    });
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    // a kill that never comes is a failure, not a process left behind
    const limit = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('exit', (_code, signal) => {
      clearTimeout(limit);
      if (killed && signal === 'SIGKILL') resolve(out.split('\n').filter(Boolean));
      else reject(new Error(`the saving process was not killed as planned: ${err || out.slice(-500)}`));
    });
  });
}

describe('a checkpoint directory under kills', () => {
  it(`is the old or the new checkpoint after each of ${KILLS} kills during saves`, async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'checkpoint-kill-'));
    dirs.push(dir);
    await saveCheckpointDir(dir, stepDoc(0), stepCheckpoint(0));
    let current = 0;
    const outcomes: string[] = [];
    const moments = new Map<string, number>();
    for (let kill = 0; kill < KILLS; kill++) {
      // every other kill waits at one file operation of a save (in turn), the rest come at a random moment
      const pauseAt = kill % 2 === 0 ? kill / 2 : -1;
      let timer: ReturnType<typeof setTimeout> | undefined;
      let due = false;
      const lines = await runAndKill(dir, { PAUSE_AT: String(pauseAt) }, (out) => {
        if (out.includes('paused\n') || due) return true;
        const saves = out.split('saved ').length - 1;
        // a pause past the last operation of a save never comes: then kill at random during the third save
        if (!timer && (pauseAt < 0 ? out.includes('saving ') : saves >= 2)) timer = setTimeout(() => (due = true), Math.random() * 40);
        return false;
      });
      clearTimeout(timer);
      const saved = lines.filter((l) => l.startsWith('saved ')).map((l) => Number(l.slice(6)));
      const old = saved.at(-1) ?? current;
      const last = lines.filter((l) => l.startsWith('saving ')).map((l) => Number(l.slice(7))).at(-1) ?? old;
      const at = lines.filter((l) => l !== 'paused').at(-1)!;
      const moment = (lines.at(-1) === 'paused' ? 'paused ' : '') + at.replace(/^op (\d+) (.*)$/, 'after op $1 ($2)').replace(/\d+-[0-9a-f]{8}/, '*').replace(/ \d+$/, '');
      moments.set(moment, (moments.get(moment) ?? 0) + 1);
      let got: number | string;
      try {
        const loaded = await loadCheckpointDir(dir);
        got = stepOf(loaded.doc, loaded.checkpoint);
      } catch (e) {
        got = `refused: ${(e as Error).message}`;
      }
      outcomes.push(got === old ? 'old' : got === last && last > old ? 'new' : `kill ${kill} after "${at}": ${got} (old ${old}, new ${last})`);
      if (typeof got === 'number') current = got;
      else await saveCheckpointDir(dir, stepDoc(++current), stepCheckpoint(current)); // a clean start for the next kill
    }
    const bad = outcomes.filter((o) => o !== 'old' && o !== 'new');
    console.log(`kill loop: ${KILLS} kills, ${outcomes.filter((o) => o === 'old').length} old, ${outcomes.filter((o) => o === 'new').length} new, ${bad.length} neither`);
    console.log(`killed: ${[...moments].map(([m, n]) => `${n}× ${m}`).join(', ')}`);
    expect(bad).toEqual([]);
  }, 600_000);
});
