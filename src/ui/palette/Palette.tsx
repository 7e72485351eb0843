// The palette: node types that fit the open graph, by category; search; click adds at the view
// centre, dragging onto the canvas adds at the drop point.
import { useStoreApi } from '@xyflow/react';
import { memo, useMemo, useState, type KeyboardEvent } from 'react';
import { NODE_SPECS } from '../../../nodes';
import type { NodeSpec } from '../../../nodes/spec';
import { addNodeAt, freePosition, openGraph } from '../actions';
import { GRID } from '../canvas/grid';
import { useSession, useStores } from '../context';
import { PALETTE_MIME, paletteGroups } from './paletteModel';


function PalettePanel() {
  const stores = useStores();
  const { scope } = useSession();
  const flow = useStoreApi();
  const [query, setQuery] = useState('');
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set());
  const groups = useMemo(() => paletteGroups(NODE_SPECS, scope, query), [scope, query]);

  const addAtCentre = (spec: NodeSpec) => {
    const { width, height, transform: [tx, ty, zoom] } = flow.getState();
    const centre = { x: (width / 2 - tx) / zoom, y: (height / 2 - ty) / zoom };
    const at = { x: Math.round((centre.x - 90) / GRID) * GRID, y: Math.round((centre.y - 30) / GRID) * GRID };
    addNodeAt(stores, spec.type, freePosition(openGraph(stores), at, 2 * GRID));
  };

  const onSearchKey = (e: KeyboardEvent<HTMLInputElement>) => {
    const first = groups[0]?.specs[0];
    if (e.key === 'Enter' && first) addAtCentre(first);
    if (e.key === 'Escape') setQuery('');
  };

  const toggle = (c: string) => {
    const next = new Set(collapsed);
    if (next.has(c)) next.delete(c);
    else next.add(c);
    setCollapsed(next);
  };

  return (
    <section className="tl-palette" aria-label="Node palette">
      <div className="tl-section-head">
        <span>Nodes</span>
        <span className="tl-muted">{scope.kind === 'main' ? 'training graph' : 'model'}</span>
      </div>
      <input
        className="tl-search"
        type="search"
        placeholder="Search nodes…"
        title="Filter the nodes by name, alias or what they do; click one to add it, or drag it onto the canvas"
        value={query}
        onChange={(e) => setQuery(e.target.value)}
        onKeyDown={onSearchKey}
        aria-label="Search nodes"
      />
      <div className="tl-palette-list">
        {groups.length === 0 && <div className="tl-empty">No node matches “{query}”.</div>}
        {groups.map((g) => {
          const open = query !== '' || !collapsed.has(g.category);
          return (
            <div key={g.category} className={`tl-palette-group cat-${g.category}`}>
              <button className="tl-palette-cat" onClick={() => toggle(g.category)} aria-expanded={open} title={`Show or hide the ${g.category} nodes`}>
                <span className="tl-caret">{open ? '▾' : '▸'}</span>
                {g.title}
                <span className="tl-count">{g.specs.length}</span>
              </button>
              {open && g.specs.map((s) => (
                <button
                  key={s.type}
                  className="tl-palette-item"
                  draggable
                  onDragStart={(e) => {
                    e.dataTransfer.setData(PALETTE_MIME, s.type);
                    e.dataTransfer.effectAllowed = 'copy';
                  }}
                  onClick={() => addAtCentre(s)}
                  title={`${s.docs.summary}\n\nClick to add, or drag onto the canvas.`}
                  data-testid={`palette-${s.type}`}
                >
                  <span className="tl-swatch" />
                  <span className="tl-palette-title">{s.title}</span>
                </button>
              ))}
            </div>
          );
        })}
      </div>
    </section>
  );
}

/** memo: the layout re-renders on every edit; this panel only when what it reads changes. */
export const Palette = memo(PalettePanel);
