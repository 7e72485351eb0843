// What the main graph's data nodes, samplers, tensor operations and losses infer is what their tfjs
// work makes: each node's examples run through `run` on the CPU backend, on random tensors of the
// example's input shapes and port dtypes (datasets made up to the node's layout), and every output
// has the example's shape and its port's dtype. A node of these roles needs examples, except the
// samplers that run a compiled model.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { NODE_SPECS } from '../../nodes';
import { dtypeOf, type Dataset, type OpNodeSpec, type RunEnv } from '../../nodes/spec';
import { resolveParams } from '../../nodes/params';
import { parseImageFolderKey } from '../../src/runtime/datasets/image-folder';
import { datasetInfo } from '../../src/runtime/datasets/keys';
import { Rng } from '../../src/runtime/rng';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const ROLES = new Set(['data', 'sampler', 'loss', 'op']);
const OPS = NODE_SPECS.filter((s): s is OpNodeSpec => ROLES.has(s.role)) as OpNodeSpec[];

/** A dataset of `count` random images in the layout its key promises. */
function madeUpDataset(key: string, count = 8): Dataset {
  const folder = parseImageFolderKey(key);
  const [h, w, c] = folder ? [folder.size, folder.size, folder.channels] : datasetInfo(key).shape;
  const shape: [number, number, number] = [h, w, c];
  const classes = folder ? 1 : datasetInfo(key).classes;
  const rng = new Rng(1);
  const size = count * shape[0] * shape[1] * shape[2];
  return {
    name: key,
    count,
    shape,
    pixels: Uint8Array.from({ length: size }, () => rng.int(256)),
    labels: Uint8Array.from({ length: count }, () => rng.int(classes)),
  };
}

describe('main-graph nodes make what they infer', () => {
  it('every data node, sampler, tensor operation and loss has examples (but those that run a model)', () => {
    const without = OPS.filter((s) => !s.models && !s.examples?.length).map((s) => s.type);
    expect(without).toEqual([]);
  });

  for (const spec of OPS.filter((s) => s.examples?.length)) {
    it(`${spec.type}: its run gives the shapes of its examples`, () => {
      for (const [i, example] of spec.examples!.entries()) {
        const { values } = resolveParams(spec, example.params ?? {});
        const datasets = Object.fromEntries((spec.datasets?.(values) ?? []).map((k) => [k, madeUpDataset(k)]));
        const env: RunEnv = { tf, rng: new Rng(7), datasets, models: {}, training: true, step: 0 };
        const ports = { models: {} };
        const wanted = new Map(spec.inputs(values, ports).map((p) => [p.name, p.dtype]));
        const declared = Object.fromEntries(spec.outputs(values, ports).map((p) => [p.name, dtypeOf(p)]));
        const made = tf.tidy(() => {
          const inputs = Object.fromEntries(Object.entries(example.inputs).map(([port, shape]) => {
            const dims = shape.map((d) => d ?? 2);
            // class ids 0 and 1: valid for any number of classes
            return [port, wanted.get(port) === 'int32' ? tf.randomUniform(dims, 0, 2, 'int32') : tf.randomUniform(dims, 0.1, 0.9)];
          }));
          const out = spec.run(inputs, values, env);
          return Object.entries(out).map(([port, t]) => [port, t.shape, t.dtype] as const);
        });
        expect(Object.fromEntries(made.map(([port, shape]) => [port, shape])), `example ${i}`).toEqual(example.outputs);
        expect(Object.fromEntries(made.map(([port, , dtype]) => [port, dtype])), `example ${i} dtypes`).toEqual(declared);
      }
    });
  }
});
