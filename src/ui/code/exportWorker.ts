// The export worker: writes and formats the TypeScript of a document off the main thread
// (prettier takes a few hundred milliseconds on a big graph), with the lines of each node.
import { exportTypeScriptWithLines } from '../../codegen';
import type { ExportReply, ExportRequest } from './protocol';

const post = (reply: ExportReply) => (self as unknown as Worker).postMessage(reply);

self.onmessage = async (e: MessageEvent<ExportRequest>) => {
  const { id, doc } = e.data;
  const t0 = performance.now();
  try {
    const { code, ranges } = await exportTypeScriptWithLines(doc);
    post({ id, ok: true, code, ranges, ms: performance.now() - t0 });
  } catch (err) {
    post({ id, ok: false, detail: err instanceof Error ? err.message : String(err) });
  }
};
