// Whether imported weights still fit a model, and which kept weights each model of a document
// starts from. Pure: the training worker hands in what its compiled models need.
import type { ModelWeights } from './model-weights';

/** Node id → the weights its layer needs now (name inside the layer and shape). */
export type WantedWeights = Readonly<Record<string, readonly { name: string; shape: readonly (number | null)[] }[]>>;

const shapeText = (s: readonly (number | null)[]) => `[${s.join(', ')}]`;

/**
 * null when `weights` fit exactly: the same nodes with weights, each with the same weight names
 * and shapes; otherwise what differs first, in words.
 */
export function weightsFit(weights: ModelWeights, wanted: WantedWeights): string | null {
  for (const node of Object.keys(weights)) {
    if (!Object.hasOwn(wanted, node) && weights[node]!.length > 0) return `node "${node}" has no weights any more`;
  }
  for (const [node, need] of Object.entries(wanted)) {
    if (need.length === 0) continue;
    const given = Object.hasOwn(weights, node) ? weights[node]! : [];
    if (given.length === 0) return `node "${node}" has weights that were not imported`;
    const names = (ws: readonly { name: string }[]) => ws.map((w) => w.name).sort().join(', ');
    if (names(given) !== names(need)) return `node "${node}" has the weights ${names(need)}; imported: ${names(given)}`;
    for (const w of need) {
      const g = given.find((x) => x.name === w.name)!;
      const same = g.shape.length === w.shape.length && g.shape.every((d, i) => d === w.shape[i]);
      if (!same) return `weight "${w.name}" of node "${node}" is ${shapeText(w.shape)} now, imported ${shapeText(g.shape)}`;
    }
  }
  return null;
}

/** A kept import: the model id and topology fingerprint it was imported with. */
export interface KeptWeights {
  modelId: string;
  fingerprint: string;
  savedAt: number;
}

/**
 * How a model finds its kept weights:
 *  same    – kept under its id for its topology as it is now;
 *  renamed – kept for its topology as it is now under another id, whose model (if the document
 *            still has one) no longer has that topology;
 *  edited  – kept under its id for the topology it was imported with, which has changed since
 *            (they are used only if weightsFit says they still fit).
 */
export type WeightsPick<K extends KeptWeights> = { kept: K; how: 'same' | 'renamed' | 'edited' };

/**
 * `models`: each model of the document with its fingerprint now. A kept record goes to one model
 * at most; a model with no record starts from fresh weights. Newest records first where several could.
 */
export function pickInitialWeights<K extends KeptWeights>(models: readonly { id: string; fingerprint: string }[], kept: readonly K[]): Map<string, WeightsPick<K>> {
  const picks = new Map<string, WeightsPick<K>>();
  const claimed = new Set<K>();
  const now = new Map(models.map((m) => [m.id, m.fingerprint]));
  const newest = [...kept].sort((a, b) => b.savedAt - a.savedAt);
  const pass = (how: WeightsPick<K>['how'], fits: (m: { id: string; fingerprint: string }, k: K) => boolean) => {
    for (const m of models) {
      if (picks.has(m.id)) continue;
      const k = newest.find((x) => !claimed.has(x) && fits(m, x));
      if (!k) continue;
      picks.set(m.id, { kept: k, how });
      claimed.add(k);
    }
  };
  pass('same', (m, k) => k.modelId === m.id && k.fingerprint === m.fingerprint);
  // its old id is gone, or holds another topology now (a new model under that id)
  pass('renamed', (m, k) => k.fingerprint === m.fingerprint && now.get(k.modelId) !== k.fingerprint);
  pass('edited', (m, k) => k.modelId === m.id);
  return picks;
}
