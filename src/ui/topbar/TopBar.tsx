// The top bar: document name, templates, open/save, undo/redo, presentation mode, theme.
import { useDocSnapshot, useSession, useStores } from '../context';
import type { Notice } from '../notices';
import { FileButtons } from './FileButtons';
import { ShareButton } from './ShareButton';
import { HelpButton } from '../help/HelpButton';
import { RecentMenu } from './RecentMenu';
import { TemplateMenu } from './TemplateMenu';
import { GalleryButton } from '../gallery/GalleryButton';
import { TrainButton } from '../training/TrainButton';
import { CodeViewButton } from '../code/CodeViewButton';

export function TopBar({ onNotice, firstVisit }: { onNotice: (n: Notice) => void; firstVisit: boolean }) {
  const stores = useStores();
  const snap = useDocSnapshot();
  const { theme, presenting } = useSession();
  return (
    <header className="tl-topbar">
      <span className="tl-brand">
        <svg className="tl-logo" width="16" height="16" viewBox="0 0 16 16" aria-hidden>
          <circle cx="3" cy="4" r="2" /><circle cx="3" cy="12" r="2" /><circle cx="13" cy="8" r="2" />
          <path d="M5 4 C9 4 9 8 11 8 M5 12 C9 12 9 8 11 8" fill="none" strokeWidth="1.5" />
        </svg>
        Tensorloom
      </span>
      <span className="tl-docname" title={snap.doc.meta.description}>{snap.doc.meta.name || 'Untitled graph'}</span>
      <span className="tl-sep" />
      {/* presentation mode keeps the document's name, training and the theme */}
      <span className="tl-not-presenting">
        <TemplateMenu />
        <RecentMenu onNotice={onNotice} />
        <GalleryButton firstVisit={firstVisit} />
        <FileButtons onNotice={onNotice} />
        <ShareButton onNotice={onNotice} />
        <span className="tl-sep" />
        <button className="tl-btn" disabled={!snap.canUndo} onClick={() => stores.doc.undo()}
          title={`Undo ${snap.undoLabel ?? ''} (Ctrl+Z)`} data-testid="undo" aria-label="Undo">↶</button>
        <button className="tl-btn" disabled={!snap.canRedo} onClick={() => stores.doc.redo()}
          title={`Redo ${snap.redoLabel ?? ''} (Ctrl+Shift+Z)`} data-testid="redo" aria-label="Redo">↷</button>
        <span className="tl-sep" />
      </span>
      <TrainButton />
      <span className="tl-not-presenting">
        <CodeViewButton />
      </span>
      <span className="tl-spacer" />
      <span className="tl-not-presenting">
        <HelpButton />
      </span>
      <button
        className={`tl-btn${presenting ? ' tl-pressed' : ''}`}
        onClick={() => stores.session.setPresenting(!presenting)}
        title={presenting ? 'Leave presentation mode (Esc or Ctrl+Alt+P)' : 'Presentation mode: the canvas and the dashboard only, in larger type (Ctrl+Alt+P)'}
        data-testid="present"
      >
        {presenting ? '✕ Leave presentation' : '▣ Present'}
      </button>
      <button
        className="tl-btn"
        onClick={() => stores.session.setTheme(theme === 'dark' ? 'light' : 'dark')}
        title="Switch between light and dark theme"
        data-testid="theme"
      >
        {theme === 'dark' ? '☀ Light' : '☾ Dark'}
      </button>
    </header>
  );
}
