// The package's previews compute what the app's do: from the app's weights and the same stream
// state, the DDPM and DDIM samplers (and every other preview of the denoiser fixture) give the
// app's images. (In a run, the package draws its previews from a stream of their own.)
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { disposeSession } from '../../src/runtime/session';
import { readPreviews } from '../../src/runtime/trainer';
import { cpuSession } from '../helpers/cpu-session';
import { diffusionDoc } from '../codegen/fixtures';
import { latentExplorationDoc } from './fixtures';
import { DATA_DIR, exportWithWeights, inPackage, PYTHON } from './support';

const PREVIEWS = `
import struct, sys, torch
import train
t = train.Training(seed=int(sys.argv[1]), data_dir=sys.argv[2], init="app_weights.json")
for model in t.models.values():
    model.eval()
with torch.no_grad():
    for i, p in enumerate(t.PREVIEWS):
        values = getattr(t, p.method)(t.models).reshape(-1).tolist()
        open(f"preview-{i}.bin", "wb").write(struct.pack(f"<{len(values)}f", *values))
print(len(t.PREVIEWS))
`;

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('the previews of the PyTorch package against the app', () => {
  it.each([
    ['the denoiser fixture: DDPM, DDIM and the noised batch', diffusionDoc],
    ['the latent-exploration samplers: fixed noise, spherical and linear walks, the 2-D grid', latentExplorationDoc],
  ])('%s: the same previews from the same stream', async (_what, makeDoc) => {
    const doc = makeDoc();
    const dir = await exportWithWeights(doc, 6);
    dirs.push(dir);
    const s = await cpuSession(doc, { seed: 6 });
    const frames = await readPreviews(s);
    disposeSession(s);
    writeFileSync(path.join(dir, 'previews.py'), PREVIEWS);
    const count = Number(await inPackage(dir, PYTHON, ['previews.py', '6', DATA_DIR]));
    expect(count).toBe(frames.length);
    expect(frames.length).toBeGreaterThan(2);
    frames.forEach((frame, i) => {
      const want = Object.values(frame.values)[0]!.data;
      const bytes = readFileSync(path.join(dir, `preview-${i}.bin`));
      const got = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
      expect(got.length, frame.name).toBe(want.length);
      const worst = want.reduce((m, v, j) => Math.max(m, Math.abs(v - got[j]!)), 0);
      expect(worst, frame.name).toBeLessThanOrEqual(1e-4);
    });
  });
});
