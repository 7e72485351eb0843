// The values on one wire of the training graph, for the dashboard's wire view. Intermediate tensors
// are not kept between steps (each update evaluates its part of the graph inside minimize, which
// frees them), so the wire's source and everything upstream of it run forward once more, now, with
// the current weights: in inference mode (Dropout off, BatchNorm on its moving averages, which it
// then leaves alone) and on a fixed batch drawn from a random stream of its own (PROBE_SEED). The
// training stream is not touched, so looking at a wire never changes how training goes on, and two
// looks at the same wire differ only by what training changed in between.
import type * as TF from '@tensorflow/tfjs';
import type { OpNodeSpec, RunEnv } from '../../../nodes/spec';
import { analyzeFront, type Front } from '../../compiler/analyze';
import { feeder, portKey, upstreamOf } from '../../compiler/graph-index';
import { Rng } from '../rng';
import type { Session } from '../session';
import { imageGrid, tensorStats } from './tensor-stats';
import type { ProbeResult } from './protocol';

export const PROBE_SEED = 0x7e5701;

const fronts = new WeakMap<Session, Front>();
const frontOf = (s: Session): Front => {
  let f = fronts.get(s);
  if (!f) fronts.set(s, (f = analyzeFront(s.doc)));
  return f;
};

/** The tensor on output `port` of node `node` in the training graph, or null when there is none. */
export function evaluatePort(s: Session, node: string, port: string): TF.Tensor | null {
  const front = frontOf(s);
  const ix = front.main;
  const source = ix.nodes.get(node);
  if (!source || !source.outputs.some((p) => p.name === port)) return null;
  const order = front.orderings.get(ix)!.order;
  const needed = upstreamOf(ix, [node]);
  const env: RunEnv = { tf: s.tf, rng: new Rng(PROBE_SEED), datasets: s.datasets, models: s.models, training: false, step: s.step };
  const found = s.tf.tidy(() => {
    const values = new Map<string, TF.Tensor>();
    for (const id of order) {
      if (!needed.has(id)) continue;
      const n = ix.nodes.get(id)!;
      const inputs: Record<string, TF.Tensor> = {};
      for (const p of n.inputs) {
        const e = feeder(ix, id, p.name);
        const t = e && values.get(portKey(e.source.node, e.source.port));
        if (t) inputs[p.name] = t;
      }
      let outputs: Record<string, TF.Tensor>;
      if (n.spec.role === 'model-call') {
        const args = n.inputs.map((p) => inputs[p.name]!);
        const result = env.models[String(n.params.model)]!.apply(args.length === 1 ? args[0]! : args, { training: false }) as TF.Tensor | TF.Tensor[];
        const list = Array.isArray(result) ? result : [result];
        outputs = Object.fromEntries(n.outputs.map((p, i) => [p.name, list[i]!]));
      } else if ('run' in n.spec && n.spec.role !== 'preview') {
        outputs = (n.spec as OpNodeSpec).run(inputs, n.params, env);
      } else {
        continue;
      }
      for (const [p, t] of Object.entries(outputs)) values.set(portKey(id, p), t);
    }
    // tidy keeps what it returns; an empty list when the port got no value
    return values.get(portKey(node, port)) ?? [];
  });
  return Array.isArray(found) ? null : (found as TF.Tensor);
}

/** Statistics (and an image grid for image batches) of the values on a wire now. */
export async function probeWire(s: Session, node: string, port: string): Promise<ProbeResult | null> {
  const t = evaluatePort(s, node, port);
  if (!t) return null;
  try {
    const data = Float32Array.from(await t.data());
    const shape = t.shape.slice();
    return { ok: true, step: s.step, stats: tensorStats(data, shape), image: imageGrid(data, shape) };
  } finally {
    t.dispose();
  }
}
