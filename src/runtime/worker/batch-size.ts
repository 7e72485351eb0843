// The batch size of a training program, for samples per second: the data nodes upstream of the
// optimizers (those that feed training, not only a preview) and the batchSize each one draws.
import { analyzeFront } from '../../compiler/analyze';
import { upstreamOf } from '../../compiler/graph-index';
import type { GraphDoc } from '../../graph/types';
import type { BatchInfo } from './protocol';

export function batchInfo(doc: GraphDoc): BatchInfo | null {
  const front = analyzeFront(doc);
  const ix = front.main;
  const optimizers = [...ix.nodes.values()].filter((n) => n.spec.role === 'optimizer').map((n) => n.node.id);
  const feeding = upstreamOf(ix, optimizers);
  const sources: BatchInfo['sources'] = [];
  let images = true;
  for (const id of feeding) {
    const n = ix.nodes.get(id);
    const size = n?.params['batchSize'];
    if (!n || n.spec.role !== 'data' || typeof size !== 'number') continue;
    sources.push({ node: id, size });
    const shapes = Object.values(front.shapes['main']?.[id] ?? {});
    if (!shapes.some((s) => s?.length === 4)) images = false;
  }
  if (!sources.length) return null;
  sources.sort((a, b) => b.size - a.size || a.node.localeCompare(b.node));
  return { size: sources[0]!.size, sources, images };
}
