// The export worker: writes and formats the TypeScript of a document off the main thread
// (prettier takes a few hundred milliseconds on a big graph), with the lines of each node.
import { exportTypeScriptWithLines } from '../../codegen';
import type { ExportReply, ExportRequest } from './protocol';

/** The latest export, as a User Timing measure in this worker's own timeline (profilers show it). */
const EXPORT_MEASURE = 'tensorloom export';

const post = (reply: ExportReply) => (self as unknown as Worker).postMessage(reply);

self.onmessage = async (e: MessageEvent<ExportRequest>) => {
  const { id, doc } = e.data;
  const start = performance.now();
  try {
    const { code, ranges } = await exportTypeScriptWithLines(doc);
    performance.clearMeasures(EXPORT_MEASURE);
    const ms = performance.measure(EXPORT_MEASURE, { start }).duration;
    post({ id, ok: true, code, ranges, ms });
  } catch (err) {
    post({ id, ok: false, detail: err instanceof Error ? err.message : String(err) });
  }
};
