// What the import notice lists: what was imported and what becomes of its weights. Pure.
import { diagnostic, type Diagnostic } from '../compiler/diagnostics';
import { issue } from '../messages';

/**
 * `kept`: what the host did with the weights: 'no host' (nothing can use them), 'kept', or why
 * it could not keep them.
 */
export function importNotes(modelId: string, nodes: number, hasWeights: boolean, kept: 'no host' | 'kept' | { failed: string }): Diagnostic[] {
  const scope = { kind: 'model', modelId } as const;
  const what = hasWeights ? (kept === 'no host' ? 'topology only' : 'with its weights') : 'topology only: no weights file was chosen';
  const notes = [diagnostic(issue('import.imported', { model: modelId, nodes, weights: what }), { scope })];
  if (!hasWeights) return notes;
  const note = kept === 'no host' ? issue('import.weightsNotUsed', { model: modelId })
    : kept === 'kept' ? issue('weights.kept', { model: modelId }) : issue('weights.notKept', { model: modelId, detail: kept.failed });
  return [...notes, diagnostic(note, { scope })];
}
