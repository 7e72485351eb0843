// With several nodes selected: what can be done with them, and "Create model" as a button.
import { createModelBlocker, createModelFromSelection } from '../canvas/canvasActions';
import { useSession, useStores } from '../context';

export function SelectionInfo() {
  const stores = useStores();
  const { selectedNodes } = useSession();
  const blocker = createModelBlocker(stores);
  return (
    <div className="tl-inspector-body">
      <div className="tl-section-head"><span>{selectedNodes.length} nodes selected</span></div>
      <p className="tl-muted tl-pad">
        Drag to move them together, Ctrl+D to duplicate, Ctrl+C to copy, Delete to remove. Right-click for a menu.
      </p>
      <div className="tl-pad">
        <button className="tl-btn" disabled={!!blocker} title={blocker ?? 'Move the selected layers into a new model, used here through a Model node'}
          onClick={() => createModelFromSelection(stores)} data-testid="create-model">
          Create model (Ctrl+G)
        </button>
        {blocker && <p className="tl-muted">{blocker}</p>}
      </div>
    </div>
  );
}
