// What the quality benchmark needs to know about a template's training graph, read from the
// document alone (pure, no tfjs): which image preview shows generated samples, copies of the
// document that make bigger sample batches or read the test split, and whether an optimizer's
// loss is exactly a Bernoulli VAE's negative ELBO.
import { produce } from 'immer';
import { analyze } from '../compiler/analyze';
import type { GraphDoc, GraphNode } from '../graph/types';

const IMAGE_PREVIEW = 'previews.imageGrid';
const isData = (n: GraphNode) => n.type.startsWith('data.');

/** Ids of the main-graph nodes that feed `id`, directly or not, `id` included. */
export function upstream(doc: GraphDoc, id: string): Set<string> {
  const seen = new Set<string>([id]);
  const todo = [id];
  while (todo.length) {
    const at = todo.pop()!;
    for (const e of doc.main.edges) {
      if (e.target.node === at && !seen.has(e.source.node)) {
        seen.add(e.source.node);
        todo.push(e.source.node);
      }
    }
  }
  return seen;
}

const node = (doc: GraphDoc, id: string) => doc.main.nodes.find((n) => n.id === id);

/**
 * The image previews that show generated samples: those no data node feeds (reconstructions and
 * noised real images have a data node upstream), in document order.
 */
export function generatedPreviews(doc: GraphDoc): GraphNode[] {
  return doc.main.nodes.filter((n) => n.type === IMAGE_PREVIEW && ![...upstream(doc, n.id)].some((id) => isData(node(doc, id)!)));
}

/** The preview to sample from: the one named (id or label), else the first generated one. */
export function pickPreview(doc: GraphDoc, wanted?: string): GraphNode | { problem: string } {
  const all = doc.main.nodes.filter((n) => n.type === IMAGE_PREVIEW);
  if (wanted) {
    const hit = all.find((n) => n.id === wanted || n.label === wanted);
    return hit ?? { problem: `no image preview "${wanted}"; the graph has ${all.map((n) => n.id).join(', ') || 'none'}` };
  }
  const generated = generatedPreviews(doc);
  return generated[0] ?? { problem: `no image preview of generated samples (every image preview has a data node upstream, or there is none)` };
}

/** The batch a Constant upstream of the preview fixes (its number of values: the conditional GAN's digits 0-9), if any. */
function constantBatch(doc: GraphDoc, feeders: Set<string>): number | undefined {
  const shapes = analyze(doc).shapes.main ?? {};
  for (const n of doc.main.nodes) {
    const size = n.type === 'tensors.constant' && feeders.has(n.id) ? shapes[n.id]?.out?.[0] : undefined;
    if (typeof size === 'number') return size;
  }
  return undefined;
}

/**
 * A copy of the document in which the preview shows `batch` images per run: the preview's count
 * and the batch size of every node upstream of it that has one (noise, samplers) set to `batch`,
 * or to a Constant's number of values where one upstream fixes the batch. Used only for sampling,
 * never for training, so a noise node shared with training is safe to resize.
 */
export function samplingDoc(doc: GraphDoc, previewId: string, batch: number): GraphDoc {
  const feeders = upstream(doc, previewId);
  const size = constantBatch(doc, feeders) ?? batch;
  return produce(doc, (d) => {
    for (const n of d.main.nodes) {
      if (n.id === previewId) n.params.count = size;
      else if (feeders.has(n.id) && 'batchSize' in n.params) n.params.batchSize = size;
    }
  });
}

/** A copy whose data nodes draw `batch` images from the test split. */
export function testSplitDoc(doc: GraphDoc, batch: number): GraphDoc {
  return produce(doc, (d) => {
    for (const n of d.main.nodes) {
      if (!isData(n)) continue;
      n.params.split = 'test';
      n.params.batchSize = batch;
    }
  });
}

/** Loss nodes that may make up a negative ELBO, and nothing else. */
const ELBO_PARTS = new Set(['losses.klNormal', 'losses.bceLogits', 'losses.weightedSum']);

/**
 * The optimizer whose loss is a Bernoulli VAE's negative ELBO in nats, or undefined: upstream of
 * it a KL-to-normal term, a BCE-with-logits reconstruction against the input summed per sample,
 * only weighted sums with weights 1 between them (a β ≠ 1 is not the ELBO), no other loss node,
 * and data scaled to [0, 1] (a Bernoulli likelihood of pixels in [0, 1]).
 */
export function elboOptimizer(doc: GraphDoc): GraphNode | undefined {
  return doc.main.nodes.find((opt) => {
    if (!opt.type.startsWith('optimizers.')) return false;
    const nodes = [...upstream(doc, opt.id)].map((id) => node(doc, id)!);
    const losses = nodes.filter((n) => n.type.startsWith('losses.'));
    if (losses.some((n) => !ELBO_PARTS.has(n.type))) return false;
    const kl = losses.some((n) => n.type === 'losses.klNormal');
    const bernoulli = losses.filter((n) => n.type === 'losses.bceLogits');
    const recon = bernoulli.length === 1 && bernoulli[0]!.params.target === 'input' && bernoulli[0]!.params.reduction === 'sumPerSample'
      && !Number(bernoulli[0]!.params.labelSmoothing ?? 0);
    const unitWeights = losses.filter((n) => n.type === 'losses.weightedSum').every((n) => {
      const count = Number(n.params.count ?? 2);
      return Array.from({ length: count }, (_, i) => Number(n.params[`w${i + 1}`] ?? 1)).every((w) => w === 1);
    });
    const unitData = nodes.filter(isData).every((n) => n.params.normalize === '[0,1]');
    return kl && recon && unitWeights && unitData && nodes.some(isData);
  });
}
