// Where the canvas is: "Training graph › generator", with the way back to the training graph,
// the undo/redo state at a glance, and the buttons that show or hide the side panels.
import { memo } from 'react';
import type { Side } from '../../store/session';
import { useDocSnapshot, useSession, useStores } from '../context';

const PANEL_NAMES: Record<Side, string> = { left: 'graphs and nodes panel', right: 'inspector' };
const PANEL_KEYS: Record<Side, string> = { left: 'Ctrl+B', right: 'Ctrl+Alt+B' };

/** Shows or hides a side panel; the arrow points the way the panel will move. */
function PanelToggle({ side, shown }: { side: Side; shown: boolean }) {
  const stores = useStores();
  const arrow = (side === 'left') === shown ? '⇤' : '⇥';
  return (
    <button
      className="tl-icon-btn tl-panel-toggle"
      onClick={() => stores.session.togglePanel(side)}
      title={`${shown ? 'Hide' : 'Show'} the ${PANEL_NAMES[side]} (${PANEL_KEYS[side]})`}
      aria-pressed={shown}
      data-testid={`toggle-${side}`}
    >
      {arrow}
    </button>
  );
}

function BreadcrumbPanel() {
  const stores = useStores();
  const { scope, selectedNodes, panels, presenting } = useSession();
  const snap = useDocSnapshot();
  return (
    <nav className="tl-breadcrumb" aria-label="Open graph">
      {!presenting && <PanelToggle side="left" shown={panels.left} />}
      {scope.kind === 'main' ? (
        <span className="tl-crumb current">Training graph</span>
      ) : (
        <>
          <button className="tl-crumb" onClick={() => stores.session.open({ kind: 'main' })} data-testid="crumb-main" title="Back to the training graph">
            Training graph
          </button>
          <span className="tl-crumb-sep">›</span>
          <span className="tl-crumb current">model {scope.modelId}</span>
        </>
      )}
      <span className="tl-spacer" />
      {selectedNodes.length > 1 && <span className="tl-muted">{selectedNodes.length} selected</span>}
      <span className="tl-muted tl-hint" title="Shift-drag: box select · Ctrl+G: create model · Ctrl+D: duplicate · Ctrl+C/V: copy/paste · Del: delete">
        {snap.canUndo ? `Undo: ${snap.undoLabel ?? ''}` : 'No changes yet'}
      </span>
      {!presenting && <PanelToggle side="right" shown={panels.right} />}
    </nav>
  );
}

/** memo: the layout re-renders on every edit; this panel only when what it reads changes. */
export const Breadcrumb = memo(BreadcrumbPanel);
