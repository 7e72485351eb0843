// A model of the live session downloaded as tfjs files (model-download.ts names and packs them):
// the worker writes them from the session as it is now; only the answer to the latest request is
// saved, and a failure becomes a notice.
import type { GraphDoc } from '../../graph/types';
import { issue, renderIssue } from '../../messages';
import type { ExportModelReport, ToWorker } from '../../runtime/worker/protocol';
import { browserModelFiles, modelFilesBaseName } from './model-download';
import { sessionLive, type TrainingView } from './training-view';

export interface ExportHost {
  view: () => TrainingView;
  update: (patch: Partial<TrainingView>) => void;
  send: (msg: ToWorker) => void;
  notice: (message: string) => void;
  saveFile: (name: string, bytes: Uint8Array) => void;
  /** the document as committed now, whose name the files take */
  doc: () => GraphDoc;
}

export class ModelExport {
  private id = 0;

  constructor(private readonly host: ExportHost) {}

  /** Asks the worker for one model of the live session as tfjs's own files. */
  ask(modelId: string): void {
    if (!sessionLive(this.host.view())) return this.host.notice(renderIssue(issue('run.exportNoSession', {})));
    this.host.send({ type: 'exportModel', id: ++this.id, modelId });
    this.host.update({ exporting: modelId });
  }

  answered(m: ExportModelReport): void {
    if (m.id !== this.id) return;
    this.host.update({ exporting: null });
    if (!m.result.ok) return this.host.notice(m.result.message);
    const base = modelFilesBaseName(this.host.doc().meta.name, m.modelId, m.result.step);
    for (const f of browserModelFiles(m.result.modelJson, new Uint8Array(m.result.weightsBin), base)) this.host.saveFile(f.name, f.bytes);
  }
}
