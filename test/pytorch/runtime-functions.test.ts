// Runtime functions that no exported loss reaches in the equivalence tests, called directly in the
// PyTorch runtime and in the app on the same values: the anomaly score's Reconstruction Error.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reconstructionError } from '../../nodes/tensors/reconstruction-error';
import { inPackage, PYTHON } from './support';

const RUNTIME_DIR = path.resolve(import.meta.dirname, '../../src/codegen/pytorch/runtime');
const dir = mkdtempSync(path.join(os.tmpdir(), 'tl-runtime-fn-'));
beforeAll(async () => {
  await tf.setBackend('cpu');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const CALL = `
import json, sys, torch
sys.path.insert(0, sys.argv[1])
import tensorloom_runtime as tl
case = json.load(open(sys.argv[2]))
x = torch.tensor(case["reconstruction"]).reshape(case["shape"])
t = torch.tensor(case["target"]).reshape(case["shape"])
print(json.dumps(tl.reconstruction_error(x, t, case["likelihood"]).tolist()))
`;

describe('tensorloom_runtime.py against the app', () => {
  it.each(['bernoulli', 'squared'] as const)('reconstruction_error (%s): the same error per example', async (likelihood) => {
    const shape = [3, 4, 4, 1];
    const n = 3 * 16;
    const reconstruction = Array.from({ length: n }, (_, i) => Math.sin(i * 1.7) * 4);
    const target = Array.from({ length: n }, (_, i) => (i * 7) % 5 / 4);
    const want = Array.from(tf.tidy(() => reconstructionError(tf, tf.tensor(reconstruction, shape), tf.tensor(target, shape), likelihood)).dataSync());
    writeFileSync(path.join(dir, 'call.py'), CALL);
    writeFileSync(path.join(dir, `${likelihood}.json`), JSON.stringify({ reconstruction, target, shape, likelihood }));
    const got = JSON.parse(await inPackage(dir, PYTHON, ['call.py', RUNTIME_DIR, `${likelihood}.json`])) as number[];
    expect(got).toHaveLength(3);
    got.forEach((g, i) => expect(Math.abs(g - want[i]!) / Math.max(1, Math.abs(want[i]!))).toBeLessThan(1e-5));
  });
});
