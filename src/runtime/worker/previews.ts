// The session's previews, read now and posted to the page with their buffers transferred. The live
// session remembers the step they show, so the end of a run sends them only when they are stale.
import { readPreviews } from '../trainer';
import { previewPayload, transferablesOf } from './frames';
import type { Live } from './live-session';
import type { PreviewPayload } from './protocol';
import type { Post } from './runner-deps';

export async function sendPreviews(live: Live, post: Post): Promise<void> {
  if (!live.session.program.previews.length) return;
  const frames = await readPreviews(live.session);
  const payloads = frames.map(previewPayload).filter((p): p is PreviewPayload => p !== null);
  if (frames[0]) live.previewStep = frames[0].step;
  if (payloads.length) post({ type: 'previews', frames: payloads }, transferablesOf(payloads));
}
