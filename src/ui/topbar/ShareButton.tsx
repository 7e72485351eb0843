// Share: a link that carries the whole document in its fragment. The link is copied to the
// clipboard where the browser allows it, and always shown, selectable, in a dialog.
import { useState } from 'react';
import { issue, renderIssue } from '../../messages';
import { shareFragment } from '../../store/share';
import { useStores } from '../context';
import { Dialog } from '../Dialog';
import type { Notice } from '../notices';

export function ShareButton({ onNotice }: { onNotice: (n: Notice) => void }) {
  const stores = useStores();
  const [shared, setShared] = useState<{ url: string; copied: boolean } | null>(null);

  const share = async () => {
    try {
      const url = `${window.location.origin}${window.location.pathname}${await shareFragment(stores.doc.current)}`;
      const copied = await navigator.clipboard?.writeText(url).then(() => true, () => false) ?? false;
      setShared({ url, copied });
    } catch (e) {
      onNotice({ title: 'Could not make a link', text: e instanceof Error ? e.message : String(e), diagnostics: [] });
    }
  };

  return (
    <>
      <button className="tl-btn" onClick={() => void share()} title="A link that opens a copy of this graph" data-testid="share">
        Share
      </button>
      {shared && (
        <Dialog title="Share this graph" onClose={() => setShared(null)}>
          <p>{renderIssue(issue(shared.copied ? 'share.copied' : 'share.copyBlocked', {}))}</p>
          <textarea
            className="tl-share-url"
            readOnly
            value={shared.url}
            rows={4}
            data-testid="share-url"
            onFocus={(e) => e.currentTarget.select()}
          />
          <p className="tl-muted">{shared.url.length.toLocaleString('en')} characters</p>
        </Dialog>
      )}
    </>
  );
}
