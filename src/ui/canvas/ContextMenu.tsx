// The canvas's right-click menu on a node or a selection: Create model, open a Model node's model,
// duplicate, delete. Commands that cannot run stay listed, greyed, with the reason as tooltip.
import { PopupMenu, type ScreenPoint } from './PopupMenu';

export interface MenuCommand {
  label: string;
  shortcut?: string;
  /** why it cannot run now; the item is disabled and says so on hover */
  blocked?: string | null;
  run: () => void;
  testId: string;
}

export function ContextMenu({ at, commands, onClose }: { at: ScreenPoint; commands: readonly MenuCommand[]; onClose: () => void }) {
  return (
    <PopupMenu at={at} onClose={onClose} label="Selection" testId="context-menu">
      {commands.map((c) => (
        <button
          key={c.testId}
          role="menuitem"
          className="tl-popup-item"
          disabled={!!c.blocked}
          title={c.blocked ?? undefined}
          onClick={() => {
            onClose();
            c.run();
          }}
          data-testid={c.testId}
        >
          <span className="tl-popup-label">{c.label}</span>
          {c.shortcut && <kbd>{c.shortcut}</kbd>}
        </button>
      ))}
    </PopupMenu>
  );
}
