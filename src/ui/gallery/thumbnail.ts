// A template's picture: its training graph drawn small from its own node positions, boxes coloured
// by category and wires as curves, scaled to fit a card. Pure: returns what to draw.
import type { Category } from '../../../nodes/spec';
import type { Graph } from '../../graph/types';

/** The size a node takes on the canvas (see canvas.css), roughly: width, and a typical height. */
export const NODE_BOX = { width: 184, height: 76 } as const;

export interface ThumbNode {
  id: string;
  x: number;
  y: number;
  width: number;
  height: number;
  category: Category | 'unknown';
}

export interface Thumbnail {
  width: number;
  height: number;
  nodes: ThumbNode[];
  /** SVG path data, one per wire */
  wires: string[];
}

const round = (v: number) => Math.round(v * 10) / 10;

/**
 * Fits the graph into `width` × `height` (less `pad` all round), keeping its proportions and
 * centring it. Wires run from the right edge of their source to the left edge of their target.
 */
export function thumbnail(
  graph: Graph,
  categoryOf: (type: string) => Category | undefined,
  width = 240,
  height = 132,
  pad = 10,
): Thumbnail {
  if (graph.nodes.length === 0) return { width, height, nodes: [], wires: [] };
  const minX = Math.min(...graph.nodes.map((n) => n.position.x));
  const minY = Math.min(...graph.nodes.map((n) => n.position.y));
  const maxX = Math.max(...graph.nodes.map((n) => n.position.x + NODE_BOX.width));
  const maxY = Math.max(...graph.nodes.map((n) => n.position.y + NODE_BOX.height));
  const scale = Math.min((width - 2 * pad) / (maxX - minX), (height - 2 * pad) / (maxY - minY));
  const offX = (width - (maxX - minX) * scale) / 2;
  const offY = (height - (maxY - minY) * scale) / 2;
  const nodes: ThumbNode[] = graph.nodes.map((n) => ({
    id: n.id,
    x: round(offX + (n.position.x - minX) * scale),
    y: round(offY + (n.position.y - minY) * scale),
    width: round(NODE_BOX.width * scale),
    height: round(NODE_BOX.height * scale),
    category: categoryOf(n.type) ?? 'unknown',
  }));
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const wires = graph.edges.flatMap((e) => {
    const s = byId.get(e.source.node);
    const t = byId.get(e.target.node);
    if (!s || !t) return [];
    const x1 = s.x + s.width, y1 = round(s.y + s.height / 2);
    const x2 = t.x, y2 = round(t.y + t.height / 2);
    const bend = round(Math.max(8, Math.abs(x2 - x1) / 2));
    return [`M${round(x1)} ${y1} C${round(x1 + bend)} ${y1} ${round(x2 - bend)} ${y2} ${x2} ${y2}`];
  });
  return { width, height, nodes, wires };
}
