// Every diagnostic of the document, errors first. Clicking one opens its graph and centres its node.
// The list starts open only for a document that opens with errors (a broken file says what is wrong
// at once); while editing it never opens or closes by itself, so the canvas does not jump each time
// a new, unconnected node makes an error. The header's counts open it.
import { memo, useState } from 'react';
import type { Diagnostic } from '../../compiler/diagnostics';
import { useAnalysis, useSession, useStores } from '../context';

const ICON = { error: '●', warning: '▲', info: 'i' } as const;

function ProblemsPanelPanel() {
  // a fresh list for each document opened
  return <ProblemsList key={useSession().document} />;
}

function ProblemsList() {
  const stores = useStores();
  const { diagnostics } = useAnalysis();
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.filter((d) => d.severity === 'warning').length;
  const infos = diagnostics.length - errors - warnings;
  const [open, setOpen] = useState(errors > 0);
  const [showInfo, setShowInfo] = useState(false);
  const shown = showInfo ? diagnostics : diagnostics.filter((d) => d.severity !== 'info');

  const go = (d: Diagnostic) => {
    if (d.nodeId) stores.session.focusNode(d.scope, d.nodeId);
    else stores.session.open(d.scope);
  };

  return (
    <section className={`tl-problems${open ? ' open' : ''}`} aria-label="Problems" data-testid="problems">
      <div className="tl-problems-head">
        <button className="tl-problems-toggle" onClick={() => setOpen(!open)} aria-expanded={open} title="Show or hide the list of problems; click a problem to go to its node">
          <span className="tl-caret">{open ? '▾' : '▸'}</span> Problems
          <span className={`tl-pill ${errors ? 'error' : 'ok'}`} data-testid="error-count">{errors} error{errors === 1 ? '' : 's'}</span>
          <span className={`tl-pill ${warnings ? 'warning' : 'ok'}`}>{warnings} warning{warnings === 1 ? '' : 's'}</span>
        </button>
        {infos > 0 && (
          <label className="tl-muted tl-info-toggle">
            <input type="checkbox" checked={showInfo} onChange={(e) => setShowInfo(e.target.checked)} /> {infos} notes
          </label>
        )}
      </div>
      {open && (
        <ul className="tl-problems-list">
          {shown.length === 0 && <li className="tl-empty">No problems. The graph checks out.</li>}
          {shown.map((d, i) => (
            <li key={i}>
              <button className={`tl-problem sev-${d.severity}`} onClick={() => go(d)} title={d.path ?? ''} data-testid="problem">
                <span className="tl-sev">{ICON[d.severity]}</span>
                <span className="tl-problem-msg">{d.message}</span>
                <span className="tl-problem-where">{d.scope.kind === 'main' ? 'training graph' : d.scope.modelId}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** memo: the layout re-renders on every edit; this panel only when what it reads changes. */
export const ProblemsPanel = memo(ProblemsPanelPanel);
