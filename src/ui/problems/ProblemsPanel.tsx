// Every diagnostic of the document, errors first. Clicking one opens its graph and centres its node.
import { memo, useState } from 'react';
import type { Diagnostic } from '../../compiler/diagnostics';
import { useAnalysis, useStores } from '../context';

const ICON = { error: '●', warning: '▲', info: 'i' } as const;

function ProblemsPanelPanel() {
  const stores = useStores();
  const { diagnostics } = useAnalysis();
  const [open, setOpen] = useState(true);
  const [showInfo, setShowInfo] = useState(false);
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.filter((d) => d.severity === 'warning').length;
  const infos = diagnostics.length - errors - warnings;
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
        </button>
        <span className={`tl-pill ${errors ? 'error' : 'ok'}`} data-testid="error-count">{errors} error{errors === 1 ? '' : 's'}</span>
        <span className={`tl-pill ${warnings ? 'warning' : 'ok'}`}>{warnings} warning{warnings === 1 ? '' : 's'}</span>
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
