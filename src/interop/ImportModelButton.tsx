// "Import model…": pick a tfjs layers model.json (with its weights.bin, optionally) and it joins the
// document as a new model, in one undoable edit, and opens. Mount it where models are added (the
// Graphs panel). The weights go to `onWeights` when the host can use them; without it, the
// import is the topology alone and a notice says so.
import { useRef } from 'react';
import { diagnostic } from '../compiler/diagnostics';
import { issue } from '../messages';
import { addModel } from '../store/edits';
import { useStores } from '../ui/context';
import type { Notice } from '../ui/notices';
import { importModelFiles, type PickedFile } from './import-files';
import type { ModelWeights } from './model-weights';

export interface ImportModelButtonProps {
  /** shows what happened: the problems of a refused file, or what was imported */
  onNotice?: (n: Notice) => void;
  /** receives the imported weights of the new model, when its files had any */
  onWeights?: (modelId: string, weights: ModelWeights) => void;
  className?: string;
}

async function read(list: readonly File[]): Promise<PickedFile[]> {
  return Promise.all(list.map(async (f) => ({ name: f.name, bytes: new Uint8Array(await f.arrayBuffer()) })));
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
    stores.session.open({ kind: 'model', modelId: id });
    if (weights && onWeights) onWeights(id, weights);
    const scope = { kind: 'model', modelId: id } as const;
    const what = weights ? (onWeights ? 'with its weights' : 'topology only') : 'topology only: no weights file was chosen';
    const notes = [diagnostic(issue('import.imported', { model: id, nodes: graph.nodes.length, weights: what }), { scope })];
    if (weights && !onWeights) notes.push(diagnostic(issue('import.weightsNotUsed', { model: id }), { scope }));
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
