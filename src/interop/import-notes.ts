// What the import notice lists: what was imported and what becomes of its weights. Pure.
import { diagnostic, type Diagnostic } from '../compiler/diagnostics';
import { issue } from '../messages';

/**
 * Above this many nodes an imported model is not opened at once: the canvas draws every node of a
 * graph once when it opens (to measure its ports), about 1.3 ms a node on a 2-core machine, so a
 * 20,000-layer model would hold the page for half a minute without a word.
 */
export const OPEN_AT_ONCE_NODES = 1500;

export const opensAtOnce = (nodes: number) => nodes <= OPEN_AT_ONCE_NODES;

/**
 * `kept`: what the host did with the weights: 'no host' (nothing can use them), 'kept', or why
 * it could not keep them.
 */
export function importNotes(modelId: string, nodes: number, hasWeights: boolean, kept: 'no host' | 'kept' | { failed: string }): Diagnostic[] {
  const scope = { kind: 'model', modelId } as const;
  const what = hasWeights ? (kept === 'no host' ? 'topology only' : 'with its weights') : 'topology only: no weights file was chosen';
  const notes = [diagnostic(issue('import.imported', { model: modelId, nodes, weights: what }), { scope })];
  if (!opensAtOnce(nodes)) notes.push(diagnostic(issue('import.notOpened', { model: modelId, nodes, seconds: Math.ceil((nodes * 1.3) / 1000) }), { scope }));
  if (!hasWeights) return notes;
  const note = kept === 'no host' ? issue('import.weightsNotUsed', { model: modelId })
    : kept === 'kept' ? issue('weights.kept', { model: modelId }) : issue('weights.notKept', { model: modelId, detail: kept.failed });
  return [...notes, diagnostic(note, { scope })];
}
