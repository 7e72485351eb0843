// The page's end of the export worker: one request at a time, and only the newest one matters.
// A request made while another runs waits; a newer one replaces it, so a burst of edits costs at
// most two exports.
import type { GraphDoc } from '../../graph/types';
import type { ExportReply, ExportRequest } from './protocol';

export type ExportResult = Extract<ExportReply, { ok: true }> | { ok: false; detail: string };

export interface ExportPort {
  postMessage(msg: ExportRequest): void;
  onmessage: ((e: MessageEvent<ExportReply>) => void) | null;
  onerror: ((e: ErrorEvent) => void) | null;
  terminate(): void;
}

export const startExportWorker = (): ExportPort =>
  new Worker(new URL('./exportWorker.ts', import.meta.url), { type: 'module', name: 'tensorloom-code-export' });

export class CodeExporter {
  private port: ExportPort | null = null;
  private nextId = 1;
  private running: { id: number; doc: GraphDoc } | null = null;
  private waiting: GraphDoc | null = null;

  /** `onResult` gets the result of every request that was not overtaken by a newer one. */
  constructor(
    private readonly onResult: (r: ExportResult, doc: GraphDoc) => void,
    private readonly start: () => ExportPort = startExportWorker,
  ) {}

  request(doc: GraphDoc): void {
    if (this.running !== null) {
      this.waiting = doc;
      return;
    }
    const port = this.ensurePort();
    this.running = { id: this.nextId++, doc };
    port.postMessage({ id: this.running.id, doc });
  }

  dispose(): void {
    this.port?.terminate();
    this.port = null;
    this.running = null;
    this.waiting = null;
  }

  private ensurePort(): ExportPort {
    if (this.port) return this.port;
    const port = this.start();
    port.onmessage = (e) => this.settle(e.data.id, e.data);
    port.onerror = (e) => {
      e.preventDefault();
      // a dead worker is started afresh on the next request
      this.port?.terminate();
      this.port = null;
      const id = this.running?.id;
      if (id !== undefined) this.settle(id, { id, ok: false, detail: e.message || 'the export worker could not start' });
    };
    this.port = port;
    return port;
  }

  private settle(id: number, reply: ExportReply): void {
    const done = this.running;
    if (!done || id !== done.id) return;
    this.running = null;
    const next = this.waiting;
    this.waiting = null;
    if (next) this.request(next);
    else this.onResult(reply.ok ? reply : { ok: false, detail: reply.detail }, done.doc);
  }
}
