// "Import model…": pick a tfjs layers model.json (with its weights.bin, optionally) and it joins the
// document as a new model, in one undoable edit, and opens. Mount it where models are added (the
// Graphs panel). Each imported model goes to `onWeights`, which keeps its weights where training
// finds them (or, for a topology-only import, forgets any kept before under the same id and
// topology); without it, the import is the topology alone and a notice says so.
import { useRef } from 'react';
import { importModelFiles, type PickedFile } from '../../interop/import-files';
import type { ImportedModel } from '../../interop/import-model';
import { importNotes, opensAtOnce } from '../../interop/import-notes';
import { addModel } from '../../store/edits';
import { useStores } from '../context';
import type { Notice } from '../notices';

export interface ImportModelButtonProps {
  /** shows what happened: the problems of a refused file, or what was imported */
  onNotice?: (n: Notice) => void;
  /** receives every imported model: keeps its weights (null: none came) for training; may reject */
  onWeights?: (model: ImportedModel) => Promise<void>;
  className?: string;
}

async function read(list: readonly File[]): Promise<PickedFile[]> {
  return Promise.all(list.map(async (f) => ({ name: f.name, bytes: new Uint8Array(await f.arrayBuffer()) })));
}

async function keep(onWeights: (m: ImportedModel) => Promise<void>, m: ImportedModel): Promise<'kept' | { failed: string }> {
  try {
    await onWeights(m);
    return 'kept';
  } catch (e) {
    return { failed: e instanceof Error ? e.message : String(e) };
  }
}

export function ImportModelButton({ onNotice, onWeights, className = 'tl-icon-btn' }: ImportModelButtonProps) {
  const stores = useStores();
  const input = useRef<HTMLInputElement>(null);

  const importFiles = async (list: readonly File[]) => {
    const files = await read(list);
    const r = importModelFiles(files, new Set(Object.keys(stores.doc.current.models)));
    const names = files.map((f) => f.name).join(', ');
    if (!r.ok) {
      onNotice?.({ title: `Could not import ${names}`, text: 'Nothing was changed.', diagnostics: r.diagnostics });
      return;
    }
    const { id, graph, weights } = r.model;
    if (!stores.doc.apply(addModel(id, graph), `Import model ${id}`)) return;
    if (opensAtOnce(graph.nodes.length)) stores.session.open({ kind: 'model', modelId: id });
    const kept = onWeights ? await keep(onWeights, r.model) : 'no host';
    const notes = importNotes(id, graph.nodes.length, weights !== null, kept);
    onNotice?.({ title: `Imported ${names}`, text: '', diagnostics: notes });
  };

  return (
    <>
      <button
        className={className}
        onClick={() => input.current?.click()}
        title="Import a TensorFlow.js layers model: choose its model.json and its weights file(s)"
        data-testid="import-model"
      >
        Import
      </button>
      <input
        ref={input}
        type="file"
        multiple
        accept=".json,.bin,application/json,application/octet-stream"
        hidden
        data-testid="import-model-input"
        onChange={(e) => {
          const picked = e.target.files ? [...e.target.files] : [];
          e.target.value = '';
          if (picked.length) void importFiles(picked);
        }}
      />
    </>
  );
}
