// The top bar's way into the gallery. On a first visit (nothing autosaved yet) the gallery opens
// by itself, so a newcomer starts by choosing what to build.
import { useState } from 'react';
import { AUTOSAVE_KEY } from '../../store/persist';
import { GalleryDialog } from './GalleryDialog';

function isFirstVisit(): boolean {
  try {
    return window.localStorage.getItem(AUTOSAVE_KEY) === null;
  } catch {
    return false; // no storage: every visit would be "first", so never insist
  }
}

export function GalleryButton() {
  const [state, setState] = useState<{ open: boolean; firstVisit: boolean }>(() => {
    const first = isFirstVisit();
    return { open: first, firstVisit: first };
  });
  return (
    <>
      <button className="tl-btn" onClick={() => setState({ open: true, firstVisit: false })} title="Browse the templates" data-testid="open-gallery">
        Gallery
      </button>
      {state.open && <GalleryDialog firstVisit={state.firstVisit} onClose={() => setState({ open: false, firstVisit: false })} />}
    </>
  );
}
