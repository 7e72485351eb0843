// Checkpoints as .tlckpt files: the stored checkpoint of the graph offered as a download, and a
// file taken to resume the open graph from, paused at its iteration. A file that is not a
// checkpoint (checked in full: runtime/checkpoint-file.ts), or one of another graph, becomes a
// problem report in a coded message and changes nothing; that other graph can then be opened
// (one Undo away) and resumed.
import type { GraphDoc } from '../../graph/types';
import { issue, renderIssue } from '../../messages';
import { packCheckpointFile, unpackCheckpointFile } from '../../runtime/checkpoint-file';
import type { StoredCheckpoint } from '../../runtime/checkpoint-idb';
import { TensorloomError } from '../../runtime/errors';
import type { ControllerIO } from './controller-io';
import { checkpointFileName, checkUpload } from './checkpoint-upload';
import type { TrainingView } from './training-view';

export interface FilesHost {
  view: () => TrainingView;
  update: (patch: Partial<TrainingView>) => void;
  notice: (message: string) => void;
  /** starts the open graph paused at `checkpoint`, saved from now on under `fingerprint` */
  resume: (fingerprint: string, checkpoint: StoredCheckpoint) => void;
  /** makes `doc` the open document, as one undoable edit */
  openDoc: (doc: GraphDoc, label: string) => void;
}

export class CheckpointFiles {
  /** an uploaded checkpoint refused because it belongs to this other graph */
  private refused: { doc: GraphDoc; checkpoint: StoredCheckpoint } | null = null;

  constructor(
    private readonly host: FilesHost,
    private readonly io: ControllerIO,
  ) {}

  /** Offers the stored checkpoint of the live session's graph (else the open graph's). */
  async download(): Promise<void> {
    const v = this.host.view();
    let c: StoredCheckpoint | null = null;
    try {
      c = await this.io.checkpoints.load(v.sessionFingerprint ?? v.docFingerprint);
    } catch {
      // no IndexedDB: there is nothing to download
    }
    if (!c) return this.host.notice(renderIssue(issue('run.checkpointNone', {})));
    this.io.saveFile(checkpointFileName(c.docName, c.step), packCheckpointFile(c));
  }

  /** Whether a file can be taken now: nothing runs, or the session is paused. */
  canUpload(): boolean {
    const { phase } = this.host.view();
    return phase === 'idle' || phase === 'paused';
  }

  /** Resumes the open graph from a .tlckpt file, paused at its iteration; another graph's is refused. */
  upload(name: string, bytes: Uint8Array): void {
    if (!this.canUpload()) return;
    this.refused = null;
    let c: StoredCheckpoint;
    try {
      c = unpackCheckpointFile(bytes, name);
    } catch (e) {
      // every refusal is a coded message; anything else thrown is reported as one too, never raw
      const refusal = e instanceof TensorloomError ? e.issue : issue('run.checkpointFileInvalid', { file: name, detail: 'it could not be read' });
      return this.host.update({ problem: { kind: 'error', text: renderIssue(refusal) } });
    }
    const verdict = checkUpload(c, name, this.host.view().docFingerprint);
    if (!verdict.fits) {
      this.refused = verdict.doc ? { doc: verdict.doc, checkpoint: c } : null;
      return this.host.update({ problem: { kind: 'upload', text: renderIssue(verdict.issue), canOpen: verdict.doc !== null } });
    }
    this.host.resume(verdict.fingerprint, c);
  }

  /** Opens the graph a refused checkpoint was trained from (one Undo away) and resumes it. */
  openRefused(): void {
    const r = this.refused;
    if (!r || !this.canUpload()) return;
    this.refused = null;
    this.host.openDoc(r.doc, `Open the graph of checkpoint at iteration ${r.checkpoint.step}`);
    this.host.resume(this.host.view().docFingerprint, r.checkpoint);
  }

  /** The problem report was dismissed: the refused file goes with it. */
  forget(): void {
    this.refused = null;
  }
}
