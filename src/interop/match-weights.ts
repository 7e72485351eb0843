// Hands each decoded weight to the node of the layer it belongs to. A weight's full name starts
// with its layer's name ("dense_1/kernel"), possibly under outer scopes ("model/dense_1/kernel").
import { issue } from '../messages';
import { weightLeafName, type ModelWeights, type NodeWeight } from './model-weights';
import type { Read } from './topology';
import type { DecodedWeight } from './weights-decode';

/** The layer a weight belongs to: the longest layer name that is a whole scope of the weight's name. */
function ownerOf(name: string, layers: readonly string[]): string | undefined {
  let best: string | undefined;
  for (const l of layers) {
    const scoped = name.startsWith(`${l}/`) || name.includes(`/${l}/`);
    if (scoped && (!best || l.length > best.length)) best = l;
  }
  return best;
}

/** `nodeOfLayer`: Keras layer name → node id, for the layers that became nodes. */
export function matchWeights(decoded: readonly DecodedWeight[], nodeOfLayer: ReadonlyMap<string, string>): Read<ModelWeights> {
  const layers = [...nodeOfLayer.keys()];
  const out: Record<string, NodeWeight[]> = {};
  for (const w of decoded) {
    const layer = ownerOf(w.name, layers);
    if (!layer) return { ok: false, issue: issue('import.weightOrphan', { name: w.name }) };
    const node = nodeOfLayer.get(layer)!;
    (out[node] ??= []).push({ name: weightLeafName(w.name), shape: w.shape, values: w.values });
  }
  return { ok: true, value: out };
}
