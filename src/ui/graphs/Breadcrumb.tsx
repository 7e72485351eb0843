// Where the canvas is: "Training graph › generator", with the way back to the training graph,
// and the undo/redo state at a glance.
import { memo } from 'react';
import { useDocSnapshot, useSession, useStores } from '../context';

function BreadcrumbPanel() {
  const stores = useStores();
  const { scope, selectedNodes } = useSession();
  const snap = useDocSnapshot();
  return (
    <nav className="tl-breadcrumb" aria-label="Open graph">
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
    </nav>
  );
}

/** memo: the layout re-renders on every edit; this panel only when what it reads changes. */
export const Breadcrumb = memo(BreadcrumbPanel);
