// The template gallery: a card per template with its picture, name and description. Choosing one
// replaces the document (undoable, like any edit) and shows its training graph.
import { TEMPLATES, type Template } from '../../../templates';
import { replaceDoc } from '../../store/edits';
import { useStores } from '../context';
import { Dialog } from '../Dialog';
import { TemplateThumbnail } from './TemplateThumbnail';
import './gallery.css';

function sizeText(t: Template): string {
  const models = Object.keys(t.doc.models).length;
  const nodes = t.doc.main.nodes.length + Object.values(t.doc.models).reduce((s, g) => s + g.nodes.length, 0);
  return `${models} model${models === 1 ? '' : 's'} · ${nodes} nodes`;
}

export function GalleryDialog({ firstVisit, onClose }: { firstVisit: boolean; onClose: () => void }) {
  const stores = useStores();
  const open = (t: Template) => {
    stores.doc.apply(replaceDoc(t.doc), `Open template ${t.name}`);
    stores.session.newDocument();
    onClose();
  };
  return (
    <Dialog title={firstVisit ? 'Start from a template' : 'Templates'} onClose={onClose}>
      <div className="tl-gallery" data-testid="gallery">
        {firstVisit && <p className="tl-gallery-intro">Each template is a complete graph that trains as it is. Open one, then change it: every edit can be undone.</p>}
        <div className="tl-gallery-grid">
          {TEMPLATES.map((t) => (
            <button key={t.id} className="tl-gallery-card" onClick={() => open(t)} data-testid={`gallery-${t.id}`}>
              <TemplateThumbnail graph={t.doc.main} />
              <span className="tl-gallery-name">{t.name}</span>
              <span className="tl-gallery-desc">{t.description}</span>
              <span className="tl-gallery-size tl-muted">{sizeText(t)}</span>
            </button>
          ))}
        </div>
        <p className="tl-muted tl-gallery-foot">Opening a template replaces the document; Ctrl+Z brings it back.</p>
      </div>
    </Dialog>
  );
}
