// Whether an uploaded checkpoint fits the graph that is open: it must have been trained from the
// same graph (the same training fingerprint: node ids, types, params and wires). Pure; the
// controller acts on the answer, and a refusal changes nothing.
import { loadDocument } from '../../graph/load';
import type { GraphDoc } from '../../graph/types';
import { issue, type Issue } from '../../messages';
import type { StoredCheckpoint } from '../../runtime/checkpoint-idb';
import { trainingFingerprint } from '../../runtime/worker/fingerprint';

export type UploadVerdict =
  | { fits: true; fingerprint: string }
  /** `doc`: the graph it was trained from, when it loads, to offer opening it */
  | { fits: false; issue: Issue; doc: GraphDoc | null };

export function checkUpload(c: StoredCheckpoint, file: string, docFingerprint: string): UploadVerdict {
  const loaded = loadDocument(c.graph);
  if (!loaded.ok) {
    const first = loaded.diagnostics[0]?.message ?? 'unknown problem';
    return { fits: false, doc: null, issue: issue('run.checkpointFileInvalid', { file, detail: `its graph does not load: ${first}` }) };
  }
  // the graph's own fingerprint counts, not the one written beside it
  const fingerprint = trainingFingerprint(loaded.doc);
  if (fingerprint === docFingerprint) return { fits: true, fingerprint };
  return { fits: false, doc: loaded.doc, issue: issue('run.checkpointFileOtherGraph', { file, step: c.step, docName: c.docName || loaded.doc.meta.name }) };
}

/** A file name for a download: the graph's name in safe characters and the iteration. */
export function checkpointFileName(docName: string, step: number): string {
  const stem = docName.normalize('NFKD').replace(/[^\w-]+/g, '-').replace(/^-+|-+$/g, '').toLowerCase().slice(0, 60) || 'graph';
  return `${stem}-it${step}.tlckpt`;
}
