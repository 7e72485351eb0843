// The models of the document as Keras-style summaries: each layer's output shape, weights and
// inputs, with totals per model and for the whole document. Live: it follows edits while open.
import { useEffect, useMemo, useRef } from 'react';
import { issue, renderIssue } from '../../messages';
import { useAnalysis, useDoc, useStores } from '../context';
import { Dialog } from '../Dialog';
import { shapeText } from '../format';
import { countText, totalOf, type ParamCount } from '../inspector/paramCount';
import { summarizeDoc, type ModelSummary } from './modelSummary';
import './graphs.css';

function Totals({ count, label }: { count: ParamCount; label: string }) {
  return (
    <div className="tl-sum-totals">
      <span>{label}: <strong>{countText(totalOf(count))}</strong></span>
      <span className="tl-muted">trainable {countText(count.trainable)}</span>
      <span className="tl-muted">non-trainable {countText(count.nonTrainable)}</span>
    </div>
  );
}

function ModelTable({ summary, onOpen }: { summary: ModelSummary; onOpen: () => void }) {
  return (
    <section className="tl-sum-model" data-testid={`summary-${summary.modelId}`}>
      <h3>
        <button className="tl-link" onClick={onOpen} title="Open this model">{summary.modelId}</button>
      </h3>
      <table className="tl-sum-table">
        <thead>
          <tr><th>Layer (type)</th><th>Output shape</th><th className="num">Params</th><th>Connected to</th></tr>
        </thead>
        <tbody>
          {summary.rows.map((r) => (
            <tr key={r.nodeId} className={`role-${r.role}`}>
              <td>{r.name} <span className="tl-muted">({r.title})</span></td>
              <td className="tl-mono">{r.role === 'output' ? `→ ${shapeText(r.shape)}` : shapeText(r.shape)}</td>
              <td className="num">{r.params ? countText(totalOf(r.params)) : '?'}</td>
              <td className="tl-muted">{r.from.join(', ')}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <Totals count={summary.total} label="Total params" />
      {summary.uncounted > 0 && <p className="tl-muted">{renderIssue(issue('editor.paramsUncounted', { count: summary.uncounted }))}</p>}
    </section>
  );
}

/** `focus`: the model to scroll to when the dialog opens. */
export function SummaryDialog({ focus, onClose }: { focus: string | null; onClose: () => void }) {
  const stores = useStores();
  const doc = useDoc();
  const analysis = useAnalysis();
  const summary = useMemo(() => summarizeDoc(doc, analysis), [doc, analysis]);
  const body = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (focus) body.current?.querySelector(`[data-testid="summary-${CSS.escape(focus)}"]`)?.scrollIntoView({ block: 'start' });
  }, [focus]);
  return (
    <Dialog title="Model summary" onClose={onClose}>
      <div className="tl-summary-dialog" ref={body}>
        {summary.models.length === 0 && <p className="tl-muted">This document has no models yet.</p>}
        {summary.models.length > 1 && <Totals count={summary.total} label={`All ${summary.models.length} models`} />}
        {summary.models.map((m) => (
          <ModelTable key={m.modelId} summary={m} onOpen={() => {
            stores.session.open({ kind: 'model', modelId: m.modelId });
            onClose();
          }} />
        ))}
      </div>
    </Dialog>
  );
}
