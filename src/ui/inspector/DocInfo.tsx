// With nothing selected, the inspector shows the document: its name, description and size.
import { useEffect, useState } from 'react';
import { setMeta } from '../../store/edits';
import { useDoc, useStores } from '../context';

export function DocInfo() {
  const stores = useStores();
  const doc = useDoc();
  const [name, setName] = useState(doc.meta.name);
  const [description, setDescription] = useState(doc.meta.description);
  useEffect(() => setName(doc.meta.name), [doc.meta.name]);
  useEffect(() => setDescription(doc.meta.description), [doc.meta.description]);
  const models = Object.keys(doc.models).length;
  const nodes = doc.main.nodes.length + Object.values(doc.models).reduce((s, g) => s + g.nodes.length, 0);
  return (
    <div className="tl-inspector-body">
      <header className="tl-insp-head">
        <div className="tl-insp-title">Document</div>
        <div className="tl-insp-type">{models} model{models === 1 ? '' : 's'} · {nodes} nodes</div>
      </header>
      <div className="tl-field">
        <label htmlFor="doc-name" className="tl-field-label">name</label>
        <div className="tl-field-control">
          <input id="doc-name" className="tl-input" value={name} onChange={(e) => setName(e.target.value)}
            onBlur={() => stores.doc.apply(setMeta({ name }), 'Rename document')}
            onKeyDown={(e) => e.key === 'Enter' && stores.doc.apply(setMeta({ name }), 'Rename document')} />
        </div>
      </div>
      <div className="tl-field tl-field-wide">
        <label htmlFor="doc-desc" className="tl-field-label">description</label>
        <textarea id="doc-desc" className="tl-input" rows={4} value={description} onChange={(e) => setDescription(e.target.value)}
          onBlur={() => stores.doc.apply(setMeta({ description }), 'Edit description')} />
      </div>
      <section className="tl-insp-section tl-docs">
        <h3>Editing</h3>
        <ul className="tl-keys">
          <li><kbd>Click</kbd> a node to inspect it · <kbd>Shift</kbd>+drag to box-select</li>
          <li><kbd>Del</kbd> delete · <kbd>Ctrl</kbd>+<kbd>D</kbd> duplicate · <kbd>Ctrl</kbd>+<kbd>C</kbd>/<kbd>V</kbd> copy/paste</li>
          <li><kbd>Ctrl</kbd>+<kbd>G</kbd> create a model from the selected layers · right-click a node for more</li>
          <li>Drop a wire on empty canvas to add a node that takes it.</li>
          <li><kbd>Ctrl</kbd>+<kbd>Z</kbd> undo · <kbd>Ctrl</kbd>+<kbd>Shift</kbd>+<kbd>Z</kbd> or <kbd>Ctrl</kbd>+<kbd>Y</kbd> redo</li>
          <li>Drag from an output (right) to an input (left) to connect; edges show tensor shapes.</li>
          <li>Double-click a Model node to open its model.</li>
        </ul>
      </section>
    </div>
  );
}
