// Saves checkpoints into DIR, one step after another, until it is killed (checkpoint-kill.test.ts
// kills it). Says on stdout, synchronously so that a kill loses nothing said, when each save begins
// and ends and each file operation within it; with PAUSE_AT=k it waits to be killed after the k-th
// file operation of its second save. It ends by itself (exit 0) after 200 saves or a minute's
// pause, so that it never outlives a test that failed to kill it.
import { writeSync } from 'node:fs';
import path from 'node:path';
import { loadCheckpointDir, saveCheckpointDir } from '../../src/runtime/checkpoint-files';
import { stepCheckpoint, stepDoc } from '../helpers/step-checkpoints';

const dir = process.argv[2]!;
const pauseAt = Number(process.env.PAUSE_AT ?? -1);
const say = (line: string) => writeSync(1, `${line}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let step = (await loadCheckpointDir(dir)).checkpoint.step;
for (let save = 0; save < 200; save++) {
  step++;
  let op = 0;
  say(`saving ${step}`);
  await saveCheckpointDir(dir, stepDoc(step), stepCheckpoint(step), {
    afterWrite: async (what) => {
      say(`op ${op} ${path.basename(what)}`);
      if (save === 1 && op === pauseAt) {
        say('paused');
        await sleep(60_000);
        process.exit(0);
      }
      op++;
      await sleep(Math.random() * 2);
    },
  });
  say(`saved ${step}`);
}
