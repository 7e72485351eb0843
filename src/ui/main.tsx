// Entry point: start the stores (restoring the autosave, opening a shared link), mount the editor.
import '@xyflow/react/dist/style.css';
import './styles/theme.css';
import './styles/layout.css';
import './styles/panels.css';
import './styles/canvas.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { idbDocStorage, localDocStorage, type DocStorage } from '../store/doc-storage';
import { SHARE_PREFIX } from '../store/share';
import { thisTab, webTabLock } from '../store/tab-lock';
import { App } from './App';
import { bootstrap } from './bootstrap';

function localStore(): Storage | null {
  try {
    const s = window.localStorage;
    s.getItem('probe');
    return s;
  } catch {
    return null;
  }
}

async function docStorage(local: Storage | null): Promise<DocStorage | null> {
  try {
    return await idbDocStorage();
  } catch {
    return local ? localDocStorage(local) : null;
  }
}

/** This tab's id and a way to see which tabs are open, where sessionStorage works. */
async function tabIdentity(): Promise<{ tab?: Awaited<ReturnType<typeof thisTab>> }> {
  try {
    return { tab: await thisTab(navigator.locks, sessionStorage) };
  } catch {
    return {};
  }
}

async function start(): Promise<void> {
  const local = localStore();
  const booted = await bootstrap({
    docStorage: await docStorage(local),
    local,
    prefersDark: window.matchMedia?.('(prefers-color-scheme: dark)').matches ?? false,
    hash: window.location.hash,
    ...('locks' in navigator ? { tabLock: webTabLock(navigator.locks), ...(await tabIdentity()) } : {}),
  });
  // the shared graph now lives in the autosave: a reload must not open the link over later edits
  // (where another tab keeps the autosave, the link is all that holds it, so it stays)
  if (booted.autosaveHeld && window.location.hash.startsWith(SHARE_PREFIX)) history.replaceState(null, '', window.location.pathname + window.location.search);
  const root = document.getElementById('root');
  if (!root) throw new Error('index.html has no #root element');
  createRoot(root).render(
    <StrictMode>
      <App stores={booted.stores} initialNotice={booted.notice} firstVisit={booted.firstVisit} />
    </StrictMode>,
  );
}

void start();
