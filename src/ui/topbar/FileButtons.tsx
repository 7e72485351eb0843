// Open a graph file (checked by loadDocument; a refused file leaves the document untouched) and
// save the document as a JSON download.
import { useRef } from 'react';
import { loadDocument } from '../../graph/load';
import { saveDocument } from '../../graph/save';
import { replaceDoc } from '../../store/edits';
import { useStores } from '../context';
import type { Notice } from '../notices';

export function fileNameFor(name: string): string {
  const stem = name.trim().toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'graph';
  return `${stem}.tensorloom.json`;
}

export function FileButtons({ onNotice }: { onNotice: (n: Notice) => void }) {
  const stores = useStores();
  const input = useRef<HTMLInputElement>(null);

  const open = async (file: File) => {
    const r = loadDocument(await file.text());
    if (!r.ok) {
      onNotice({ title: `Could not open ${file.name}`, text: 'The file was not opened; your document is unchanged.', diagnostics: r.diagnostics });
      return;
    }
    stores.doc.apply(replaceDoc(r.doc), `Open ${file.name}`);
    stores.session.newDocument();
    const noteworthy = r.diagnostics.filter((d) => d.severity !== 'info');
    if (noteworthy.length) {
      onNotice({ title: `Opened ${file.name}`, text: 'The file was opened. It has problems to fix (also listed under Problems):', diagnostics: noteworthy });
    }
  };

  const save = () => {
    const doc = stores.doc.current;
    const url = URL.createObjectURL(new Blob([saveDocument(doc)], { type: 'application/json' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = fileNameFor(doc.meta.name);
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };

  return (
    <>
      <button className="tl-btn" onClick={() => input.current?.click()} title="Open a graph file (.json)" data-testid="open-file">Open…</button>
      <input
        ref={input}
        type="file"
        accept=".json,application/json"
        hidden
        data-testid="file-input"
        onChange={(e) => {
          const f = e.target.files?.[0];
          e.target.value = '';
          if (f) void open(f);
        }}
      />
      <button className="tl-btn" onClick={save} title="Download the document as JSON" data-testid="save-file">Save</button>
    </>
  );
}
