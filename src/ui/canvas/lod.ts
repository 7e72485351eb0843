// The canvas's levels of detail, chosen by zoom so that text stays legible on a projector:
//   near (zoom >= MID_ZOOM): everything at its own size: ports, up to three params, edge shapes;
//   mid: the title, the node's name, its port names and one line of its key params, all about
//     larger (17 px: 7 px or more down to FAR_ZOOM), and edge shapes without the batch axis
//     (each label's aria-label keeps the whole shape);
//   far (below FAR_ZOOM): the title, the name and the one line, large; no port names, no edge labels.
// The node keeps its width at every level, and its height changes little (one line of params
// instead of three), so a layout made at one level does not overlap at another.
import type { ReactFlowState } from '@xyflow/react';
import type { NodeSpec, ParamSpec, Shape } from '../../../nodes/spec';
import type { Params } from '../../graph/types';
import { paramText, shapeText } from '../format';

export type Detail = 'near' | 'mid' | 'far';

/** Below this zoom, 10.5 px port names would show at under 8 px. */
export const MID_ZOOM = 0.75;
/** Below this zoom, even the mid level's 17 px port names would show at under 7 px. */
export const FAR_ZOOM = 0.4;

export const detailAt = (zoom: number): Detail => (zoom >= MID_ZOOM ? 'near' : zoom >= FAR_ZOOM ? 'mid' : 'far');

/** A store selector: components re-render only when the level changes, not on every zoom step. */
export const detailOf = (s: ReactFlowState): Detail => detailAt(s.transform[2]);

/** The largest title size of each zoomed-out level, in px of the canvas. */
const TITLE_PX: Record<Exclude<Detail, 'near'>, number> = { mid: 20, far: 22 };

/**
 * The title size in px at a zoomed-out level: the level's own, or less when the longest word would
 * not fit the node's width (a single word never breaks: "Reparameterize" shrinks instead of
 * wrapping its last letter).
 */
export function titleSize(title: string, detail: Exclude<Detail, 'near'>): number {
  const longest = Math.max(...title.split(/\s+/).map((w) => w.length));
  // a bold character is about 0.68 em wide; the head has 168 px for text
  return Math.max(11, Math.min(TITLE_PX[detail], Math.floor(168 / (0.68 * longest))));
}

/** The node's one line of key params: its spec's face, or the values of its first two (bool params left out). */
export function faceLine(spec: NodeSpec, params: Params): string {
  if (spec.face) return spec.face(params as never);
  return (Object.entries(spec.params) as [string, ParamSpec][])
    .filter(([, p]) => p.kind !== 'bool')
    .slice(0, 2)
    .map(([name, p]) => paramText(p, params[name] ?? p.default))
    .join(' · ');
}

/** An edge's shape at the mid level: the batch axis (always first) dropped, "[7×7×128]". */
export function compactShape(s: Shape): string {
  if (s.length <= 1) return shapeText(s);
  return `[${s.slice(1).map((d) => (d === null ? '?' : String(d))).join('×')}]`;
}
