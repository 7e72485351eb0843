// Shows a notice: why a file could not be opened, or what loading it reported.
import { Dialog } from './Dialog';
import type { Notice } from './notices';

export function NoticeDialog({ notice, onClose }: { notice: Notice; onClose: () => void }) {
  return (
    <Dialog title={notice.title} onClose={onClose}>
      <p>{notice.text}</p>
      {notice.diagnostics.length > 0 && (
        <ul className="tl-notice-list">
          {notice.diagnostics.map((d, i) => (
            <li key={i} className={`sev-${d.severity}`}>
              <span className="tl-sev">{d.severity}</span> {d.message}
              {d.path && <code className="tl-path">{d.path}</code>}
            </li>
          ))}
        </ul>
      )}
    </Dialog>
  );
}
