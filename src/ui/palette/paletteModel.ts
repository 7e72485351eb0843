// What the palette lists: the registered node types that fit the open graph, by category, filtered
// by a search over titles and aliases. Pure.
import type { Category, NodeSpec } from '../../../nodes/spec';
import type { GraphScope } from '../../graph/types';
import { fitsScope } from '../specs';

export const PALETTE_MIME = 'application/x-tensorloom-node';

export const CATEGORIES: readonly { id: Category; title: string }[] = [
  { id: 'data', title: 'Data' },
  { id: 'models', title: 'Models' },
  { id: 'layers', title: 'Layers' },
  { id: 'samplers', title: 'Samplers' },
  { id: 'tensors', title: 'Tensors' },
  { id: 'losses', title: 'Losses' },
  { id: 'metrics', title: 'Metrics' },
  { id: 'optimizers', title: 'Optimizers' },
  { id: 'previews', title: 'Previews' },
];

export interface PaletteGroup {
  category: Category;
  title: string;
  specs: NodeSpec[];
}

/** 0 for no match; higher is better: title prefix > word prefix in title/alias > substring. */
export function matchScore(spec: NodeSpec, query: string): number {
  const q = query.trim().toLowerCase();
  if (!q) return 1;
  const title = spec.title.toLowerCase();
  const names = [title, ...(spec.aliases ?? []).map((a) => a.toLowerCase()), spec.type.toLowerCase()];
  if (title.startsWith(q)) return 4;
  if (names.some((n) => n.split(/[\s._-]+/).some((w) => w.startsWith(q)))) return 3;
  if (names.some((n) => n.includes(q))) return 2;
  return 0;
}

export function paletteGroups(specs: readonly NodeSpec[], scope: GraphScope, query: string): PaletteGroup[] {
  const groups: PaletteGroup[] = [];
  for (const c of CATEGORIES) {
    const matching = specs
      .filter((s) => s.category === c.id && fitsScope(s, scope))
      .map((s) => ({ s, score: matchScore(s, query) }))
      .filter((x) => x.score > 0)
      .sort((a, b) => b.score - a.score || a.s.title.localeCompare(b.s.title))
      .map((x) => x.s);
    if (matching.length) groups.push({ category: c.id, title: c.title, specs: matching });
  }
  return groups;
}
