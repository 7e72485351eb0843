// The page's questions about the live session (a wire's values, a model's files), answered between
// two training chunks while a run goes on, else in their turn. A newer wire view replaces one not
// answered yet; every model asked for is sent.
import { exportSessionModel } from '../../interop/export-session';
import { issue, renderIssue } from '../../messages';
import type { Live } from './live-session';
import { probeWire } from './probe';
import type { ExportModelReport, ExportModelRequest, ProbeRequest, ProbeResult } from './protocol';
import type { Post } from './runner-deps';

const detailOf = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** The values on the wire asked for, as the live session has them now, or why there are none. */
export async function probeAnswer(live: Live | null, req: ProbeRequest): Promise<ProbeResult> {
  const nothing: ProbeResult = { ok: false, message: renderIssue(issue('run.probeNothing', { edge: req.edgeId })) };
  if (!live) return nothing;
  try {
    return (await probeWire(live.session, req.node, req.port)) ?? nothing;
  } catch (e) {
    return { ok: false, message: renderIssue(issue('run.probeFailed', { edge: req.edgeId, detail: detailOf(e) })) };
  }
}

/** The files of the model asked for, as the live session has it now. */
export async function exportAnswer(live: Live | null, req: ExportModelRequest): Promise<ExportModelReport['result']> {
  try {
    if (!live) throw new Error(renderIssue(issue('run.exportNoSession', {})));
    const files = await exportSessionModel(live.session, req.modelId);
    const weightsBin = files.weightsBin.slice().buffer;
    return { ok: true, modelJson: files.modelJson, weightsBin, step: live.session.step };
  } catch (e) {
    return { ok: false, message: detailOf(e) };
  }
}

export class PageRequests {
  /** the latest wire view asked for and not answered yet */
  private probe: ProbeRequest | null = null;
  /** model files asked for and not sent yet */
  private exports: ExportModelRequest[] = [];

  constructor(
    private readonly post: Post,
    private readonly live: () => Live | null,
  ) {}

  askProbe(req: ProbeRequest): void {
    this.probe = req;
  }

  askExport(req: ExportModelRequest): void {
    this.exports.push(req);
  }

  async answerAll(): Promise<void> {
    await this.answerProbe();
    await this.answerExports();
  }

  async answerProbe(): Promise<void> {
    const req = this.probe;
    this.probe = null;
    if (!req) return;
    const result = await probeAnswer(this.live(), req);
    const transfer = result.ok && result.image ? [result.image.rgba] : [];
    this.post({ type: 'probe', id: req.id, edgeId: req.edgeId, result }, transfer);
  }

  async answerExports(): Promise<void> {
    const asked = this.exports;
    this.exports = [];
    for (const req of asked) {
      const result = await exportAnswer(this.live(), req);
      this.post({ type: 'exportModel', id: req.id, modelId: req.modelId, result }, result.ok ? [result.weightsBin] : []);
    }
  }
}
