// The app's weights cross into the PyTorch package: after a few iterations in the app (so that
// BatchNorm's running statistics are not their initial ones), every model of the package, loaded
// from app_weights.json and run in inference mode, gives the app's outputs for the same inputs.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { exportPyTorch } from '../../src/codegen/pytorch';
import { applyOverrides } from '../../src/graph/overrides';
import { appWeightsFiles } from '../../src/interop/app-weights';
import { philoxNormal } from '../../src/runtime/gpu-random/philox';
import { disposeSession } from '../../src/runtime/session';
import { train } from '../../src/runtime/trainer';
import { cpuSession, template, tf } from '../helpers/cpu-session';
import { CPU_RECIPES } from '../templates/cpu-recipes';
import { inPackage, PYTHON } from './support';
import os from 'node:os';

const FORWARD = `
import inspect, json, struct, torch
import models, tensorloom_runtime as tl
weights = tl.read_app_weights("app_weights.json")
for case in json.load(open("cases.json")):
    cls = models.MODELS[case["model"]]
    model = cls(tl.Rng(1)) if "rng" in inspect.signature(cls).parameters else cls()
    tl.load_app_weights(model, weights, model.APP_WEIGHTS)
    model.eval()
    xs = [torch.frombuffer(bytearray(open(f, "rb").read()), dtype=torch.float32).reshape(s) for f, s in case["inputs"]]
    with torch.no_grad():
        out = model(*xs)
    values = [v for o in (out if isinstance(out, tuple) else (out,)) for v in o.reshape(-1).tolist()]
    open(case["output"], "wb").write(struct.pack(f"<{len(values)}f", *values))
`;

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe("the app's weights in the PyTorch package", () => {
  it.each(['dcgan', 'vae', 'lenet'])('%s: every model gives the app outputs (within 1e-5) after 3 iterations in the app', async (id) => {
    const doc = applyOverrides(template(id), { batchSize: 8, set: CPU_RECIPES[id]?.set ?? [] }).doc;
    const s = await cpuSession(doc, { seed: 5 });
    await train(s, { steps: 3, metricsEvery: 0 });
    const dir = mkdtempSync(path.join(os.tmpdir(), 'tensorloom-weights-'));
    dirs.push(dir);
    const pkg = exportPyTorch(doc);
    for (const [file, text] of Object.entries(pkg.files)) writeFileSync(path.join(dir, file), text);
    const w = await appWeightsFiles(s.models);
    writeFileSync(path.join(dir, 'app_weights.json'), w.manifest);
    writeFileSync(path.join(dir, 'app_weights.bin'), w.data);

    const cases = [];
    const expected: Record<string, Float32Array> = {};
    for (const [modelId, model] of Object.entries(s.models)) {
      const inputs = model.inputs.map((input, i) => {
        const shape = [3, ...(input.shape.slice(1) as number[])];
        const file = `in-${modelId}-${i}.bin`;
        const x = philoxNormal(shape.reduce((a, b) => a * b, 1), 11 + i, 0);
        writeFileSync(path.join(dir, file), x);
        return { file, shape, x };
      });
      const outs = tf.tidy(() => {
        const y = model.predict(inputs.map((i) => tf.tensor(i.x, i.shape)));
        return (Array.isArray(y) ? y : [y]).map((t) => t.dataSync() as Float32Array);
      });
      expected[modelId] = Float32Array.from(outs.flatMap((o) => [...o]));
      cases.push({ model: modelId, inputs: inputs.map((i) => [i.file, i.shape]), output: `out-${modelId}.bin` });
    }
    disposeSession(s);
    writeFileSync(path.join(dir, 'cases.json'), JSON.stringify(cases));
    await inPackage(dir, PYTHON, ['-c', FORWARD]);
    for (const [modelId, want] of Object.entries(expected)) {
      const bytes = readFileSync(path.join(dir, `out-${modelId}.bin`));
      const got = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
      expect(got.length).toBe(want.length);
      const worst = want.reduce((m, v, i) => Math.max(m, Math.abs(v - got[i]!)), 0);
      expect(worst, `model "${modelId}"`).toBeLessThanOrEqual(1e-5);
    }
  });
});
