// The graphs of the document: the training graph and each model. Open one to edit it; add,
// rename (double-click) and remove models. Counts show size and problems at a glance.
import { memo, useMemo, useState } from 'react';
import type { Diagnostic } from '../../compiler/diagnostics';
import type { GraphScope } from '../../graph/types';
import { MODEL_ID, removeModel, renameModel } from '../../store/edits';
import { sameScope } from '../../store/session';
import { createModel } from '../actions';
import { ImportModelButton } from './ImportModelButton';
import type { ImportedModel } from '../../interop/import-model';
import { idbWeights, storedWeights } from '../../interop/weights-store';
import { modelFingerprint } from '../../runtime/worker/fingerprint';
import type { Notice } from '../notices';
import { useAnalysis, useDoc, useSession, useStores } from '../context';
import { modelRefsOf } from '../specs';
import { SummaryDialog } from './SummaryDialog';

/** Keeps an imported model's weights for training; a topology-only import forgets older ones of the same id and topology. */
async function keepImportedWeights(m: ImportedModel): Promise<void> {
  if (m.weights) await idbWeights.save(storedWeights(m.id, m.graph, m.weights, Date.now()));
  else await idbWeights.remove(m.id, modelFingerprint(m.graph));
}

function errorCount(ds: readonly Diagnostic[], scope: GraphScope): number {
  return ds.filter((d) => d.severity === 'error' && sameScope(d.scope, scope)).length;
}

function RenameInput({ from, onDone }: { from: string; onDone: () => void }) {
  const stores = useStores();
  const [value, setValue] = useState(from);
  const taken = value !== from && value in stores.doc.current.models;
  const invalid = !MODEL_ID.test(value);
  const commit = () => {
    if (!invalid && !taken && value !== from) {
      stores.doc.apply(renameModel(from, value, modelRefsOf), `Rename model ${from} → ${value}`);
      if (sameScope(stores.session.getSnapshot().scope, { kind: 'model', modelId: from })) stores.session.open({ kind: 'model', modelId: value });
    }
    onDone();
  };
  return (
    <span className="tl-rename">
      <input
        autoFocus
        value={value}
        onChange={(e) => setValue(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === 'Enter') commit();
          if (e.key === 'Escape') onDone();
        }}
        aria-invalid={invalid || taken}
        aria-label="Model name"
      />
      {(invalid || taken) && (
        <span className="tl-field-error">{taken ? 'A model with this name exists.' : 'Letters, digits, _ and -; start with a letter.'}</span>
      )}
    </span>
  );
}

function GraphSwitcherPanel({ onNotice }: { onNotice?: (n: Notice) => void }) {
  const stores = useStores();
  const doc = useDoc();
  const { scope } = useSession();
  const { diagnostics } = useAnalysis();
  const [renaming, setRenaming] = useState<string | null>(null);
  // the summary dialog: closed, or open at a model (null: from the top)
  const [summary, setSummary] = useState<{ focus: string | null } | null>(null);
  const entries = useMemo(() => [
    { scope: { kind: 'main' } as GraphScope, name: 'Training graph', nodes: doc.main.nodes.length },
    ...Object.entries(doc.models).map(([modelId, g]) => ({ scope: { kind: 'model', modelId } as GraphScope, name: modelId, nodes: g.nodes.length })),
  ], [doc.main, doc.models]);

  return (
    <section className="tl-graphs" aria-label="Graphs">
      <div className="tl-section-head">
        <span>Graphs</span>
        <span>
          <button className="tl-icon-btn" title="Layers, output shapes and parameter counts of every model"
            onClick={() => setSummary({ focus: null })} data-testid="open-summary">
            Summary
          </button>
          <button className="tl-icon-btn" title="Add a model" onClick={() => createModel(stores)} data-testid="add-model">
            + Model
          </button>
          <ImportModelButton onNotice={onNotice} onWeights={keepImportedWeights} />
        </span>
      </div>
      <ul className="tl-graph-list">
        {entries.map((e) => {
          const active = sameScope(e.scope, scope);
          const errors = errorCount(diagnostics, e.scope);
          const id = e.scope.kind === 'model' ? e.scope.modelId : null;
          return (
            <li key={e.name + e.scope.kind} className={`tl-graph-item${active ? ' active' : ''}${id ? ' model' : ''}`}>
              {id && renaming === id ? (
                <RenameInput from={id} onDone={() => setRenaming(null)} />
              ) : (
                <button
                  className="tl-graph-open"
                  onClick={() => stores.session.open(e.scope)}
                  onDoubleClick={() => id && setRenaming(id)}
                  title={id ? 'Open this model (double-click to rename)' : 'Open the training graph'}
                  data-testid={`graph-${id ?? 'main'}`}
                >
                  <span className="tl-graph-icon">{id ? '◇' : '◆'}</span>
                  <span className="tl-graph-name">{e.name}</span>
                  {errors > 0 && <span className="tl-pill error">{errors}</span>}
                  <span className="tl-count">{e.nodes}</span>
                </button>
              )}
              {id && renaming !== id && (
                <button
                  className="tl-icon-btn tl-graph-summary"
                  title={`Summary of model ${id}: layers, shapes, parameters`}
                  onClick={() => setSummary({ focus: id })}
                  data-testid={`summary-of-${id}`}
                >
                  Σ
                </button>
              )}
              {id && renaming !== id && (
                <button
                  className="tl-icon-btn tl-graph-remove"
                  title={`Remove model ${id} (undo brings it back)`}
                  onClick={() => {
                    stores.doc.apply(removeModel(id), `Remove model ${id}`);
                    if (active) stores.session.open({ kind: 'main' });
                  }}
                >
                  ×
                </button>
              )}
            </li>
          );
        })}
      </ul>
      {summary && <SummaryDialog focus={summary.focus} onClose={() => setSummary(null)} />}
    </section>
  );
}

/** memo: the layout re-renders on every edit; this panel only when what it reads changes. */
export const GraphSwitcher = memo(GraphSwitcherPanel);
