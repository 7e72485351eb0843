// The last frames of each preview, for looking back in time: at most MAX_FRAMES per preview and
// at most MAX_BYTES of pixels or points per preview (a large image grid keeps fewer frames).
import type { PreviewPayload } from '../../runtime/worker/protocol';

export const MAX_FRAMES = 50;
export const MAX_BYTES = 24 * 1024 * 1024;

export type PreviewHistory = Readonly<Record<string, readonly PreviewPayload[]>>;

export const frameBytes = (f: PreviewPayload): number => (f.kind === 'image' ? f.rgba.byteLength : f.points.byteLength);

/**
 * The history with `frames` added, oldest first, each preview's list within the bounds. A frame at
 * an iteration already kept replaces it (a pause re-sends the frame it showed). Lists that did not
 * change stay the same objects.
 */
export function addFrames(history: PreviewHistory, frames: readonly PreviewPayload[], maxFrames = MAX_FRAMES, maxBytes = MAX_BYTES): PreviewHistory {
  if (!frames.length) return history;
  const next: Record<string, readonly PreviewPayload[]> = { ...history };
  for (const f of frames) {
    const list = (next[f.id] ?? []).filter((old) => old.step !== f.step);
    list.push(f);
    list.sort((a, b) => a.step - b.step);
    let bytes = list.reduce((n, x) => n + frameBytes(x), 0);
    while (list.length > 1 && (list.length > maxFrames || bytes > maxBytes)) bytes -= frameBytes(list.shift()!);
    next[f.id] = list;
  }
  return next;
}

/**
 * The slider position of the frame looked at, given by its iteration so that it stays put while
 * new frames arrive and old ones drop out: null follows the newest; an iteration no longer kept
 * shows the oldest frame after it.
 */
export function indexOfStep(list: readonly PreviewPayload[], step: number | null): number {
  if (step === null) return list.length - 1;
  const i = list.findIndex((f) => f.step >= step);
  return i < 0 ? list.length - 1 : i;
}
