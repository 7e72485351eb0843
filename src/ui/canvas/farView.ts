// The canvas's far view: below this zoom, 11px text would show at under 7px, so nodes switch to a
// large title and name and edges drop their shape labels (see nodes.css).
import type { ReactFlowState } from '@xyflow/react';

export const FAR_ZOOM = 0.6;

/** A store selector: true while zoomed out past FAR_ZOOM (components re-render only on crossing). */
export const isFar = (s: ReactFlowState) => s.transform[2] < FAR_ZOOM;

/**
 * The far view's title size in px: 22, or less when the longest word would not fit the node's
 * width (a single word never breaks: "Reparameterize" shrinks instead of wrapping its last letter).
 */
export function farTitleSize(title: string): number {
  const longest = Math.max(...title.split(/\s+/).map((w) => w.length));
  // a bold character is about 0.68 em wide; the head has 168 px for text
  return Math.max(11, Math.min(22, Math.floor(168 / (0.68 * longest))));
}
