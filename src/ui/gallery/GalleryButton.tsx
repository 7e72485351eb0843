// The top bar's way into the gallery. On a first visit (nothing autosaved yet) the gallery opens
// by itself, so a newcomer starts by choosing what to build.
import { useState } from 'react';
import { GalleryDialog } from './GalleryDialog';

export function GalleryButton({ firstVisit }: { firstVisit: boolean }) {
  const [state, setState] = useState({ open: firstVisit, firstVisit });
  return (
    <>
      <button className="tl-btn" onClick={() => setState({ open: true, firstVisit: false })} title="Browse the templates" data-testid="open-gallery">
        Gallery
      </button>
      {state.open && <GalleryDialog firstVisit={state.firstVisit} onClose={() => setState({ open: false, firstVisit: false })} />}
    </>
  );
}
