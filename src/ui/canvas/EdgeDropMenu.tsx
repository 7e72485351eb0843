// Shown where a wire is dropped on empty canvas: the node types that can take it, searchable.
// Choosing one adds it there, connected (one undo step). Arrows move, Enter picks, Escape closes.
import { useMemo, useState, type KeyboardEvent } from 'react';
import { NODE_SPECS } from '../../../nodes';
import type { Position } from '../../graph/types';
import { issue, renderIssue } from '../../messages';
import { modelSignatures } from '../../graph/signatures';
import { useDoc, useSession, useStores } from '../context';
import { addConnectedNode, type WireEnd } from './canvasActions';
import { dropChoices } from './edgeDropModel';
import { PopupMenu, type ScreenPoint } from './PopupMenu';

export interface EdgeDrop {
  at: ScreenPoint;
  /** where the new node goes, in graph coordinates */
  position: Position;
  from: WireEnd;
}

export function EdgeDropMenu({ drop, onClose }: { drop: EdgeDrop; onClose: () => void }) {
  const stores = useStores();
  const doc = useDoc();
  const { scope } = useSession();
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const ctx = useMemo(() => ({ models: modelSignatures(doc) }), [doc]);
  const choices = useMemo(
    () => dropChoices(NODE_SPECS, scope, drop.from, ctx, Object.keys(doc.models), query),
    [scope, drop.from, ctx, doc.models, query],
  );
  const pick = (i: number) => {
    const c = choices[i];
    if (!c) return;
    onClose();
    addConnectedNode(stores, c.spec.type, c.port, drop.from, drop.position);
  };
  const onKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown') setActive((a) => Math.min(a + 1, choices.length - 1));
    else if (e.key === 'ArrowUp') setActive((a) => Math.max(a - 1, 0));
    else if (e.key === 'Enter') pick(active);
    else return;
    e.preventDefault();
  };
  const what = drop.from.kind === 'loss' ? 'a loss' : drop.from.kind === 'any' ? 'a loss or a tensor' : 'a tensor';
  const head = drop.from.side === 'source'
    ? `New node taking ${what} from ${drop.from.node}.${drop.from.port}`
    : `New node giving ${what} to ${drop.from.node}.${drop.from.port}`;
  return (
    <PopupMenu at={drop.at} onClose={onClose} label="Add a connected node" testId="edge-drop-menu">
      <div className="tl-popup-head">{head}</div>
      <input
        autoFocus
        className="tl-search tl-popup-search"
        type="search"
        placeholder="Search…"
        value={query}
        onChange={(e) => {
          setQuery(e.target.value);
          setActive(0);
        }}
        onKeyDown={onKey}
        aria-label="Search compatible nodes"
      />
      <div className="tl-popup-list">
        {choices.length === 0 && <div className="tl-empty">{renderIssue(issue('editor.noCompatibleNode', { query }))}</div>}
        {choices.map((c, i) => (
          <button
            key={c.spec.type}
            role="menuitem"
            className={`tl-popup-item cat-${c.spec.category}${i === active ? ' active' : ''}`}
            onMouseEnter={() => setActive(i)}
            onClick={() => pick(i)}
            title={c.spec.docs.summary}
            data-testid={`drop-${c.spec.type}`}
          >
            <span className="tl-swatch" />
            <span className="tl-popup-title">{c.spec.title}</span>
            <span className="tl-popup-port">{c.port}</span>
          </button>
        ))}
      </div>
    </PopupMenu>
  );
}
