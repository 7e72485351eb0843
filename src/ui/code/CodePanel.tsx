// The code view: the TypeScript the document exports, read-only, under the canvas. It follows the
// graph as it changes, marks the code of the selected nodes, and offers Copy and Download.
import { lazy, memo, Suspense, useMemo, useState } from 'react';
import { linesOfNodes } from '../../codegen/node-lines';
import { scopeKey } from '../../compiler/analysis';
import { issue, renderIssue } from '../../messages';
import { useAnalysis, useDocSnapshot, useSession } from '../context';
import type { CodeNotice } from './codeState';
import { codeFileName, downloadText } from './download';
import { codeView, CODE_VIEW_SHORTCUT } from './openState';
import { usePanelHeight } from './usePanelHeight';
import { useExportedCode } from './useExportedCode';
import './code.css';

const MonacoView = lazy(() => import('./MonacoView'));

function CodePanelView() {
  const { committed } = useDocSnapshot();
  const analysis = useAnalysis();
  const { theme, scope, selectedNodes } = useSession();
  const state = useExportedCode(committed, analysis);
  const [copy, setCopy] = useState<{ done: boolean; notice: CodeNotice | null }>({ done: false, notice: null });
  const { height, startResize } = usePanelHeight();

  const highlight = useMemo(() => linesOfNodes(state.ranges, scopeKey(scope), selectedNodes), [state.ranges, scope, selectedNodes]);
  const fileName = codeFileName(committed.meta.name);
  const code = state.code;

  const copyCode = async () => {
    if (code === null) return;
    try {
      await navigator.clipboard.writeText(code);
      setCopy({ done: true, notice: null });
      setTimeout(() => setCopy((c) => ({ ...c, done: false })), 1500);
    } catch (e) {
      const i = issue('code.copyFailed', { detail: e instanceof Error ? e.message : String(e) });
      setCopy({ done: false, notice: { severity: 'warning', text: renderIssue(i) } });
    }
  };

  const notices = [state.notice, copy.notice].filter((n): n is CodeNotice => n !== null);
  return (
    <section className="tl-code" style={{ height }} aria-label="Code" data-testid="code-view" data-export-ms={state.exportMs?.toFixed(0) ?? ''}>
      <div className="tl-code-resize" onPointerDown={startResize} title="Drag to resize" aria-hidden />
      <div className="tl-code-head">
        <span className="tl-code-title">Code</span>
        <span className="tl-muted tl-code-file" title="The document as a TypeScript module that needs only @tensorflow/tfjs">{fileName}</span>
        <span className="tl-spacer" />
        <button className="tl-btn tl-code-btn" disabled={code === null} onClick={copyCode} title="Copy the code to the clipboard" data-testid="code-copy">
          {copy.done ? 'Copied' : 'Copy'}
        </button>
        <button className="tl-btn tl-code-btn" disabled={code === null} onClick={() => code !== null && downloadText(fileName, code)}
          title={`Download the code as ${fileName}`} data-testid="code-download">
          Download .ts
        </button>
        <button className="tl-icon-btn" onClick={() => codeView.setOpen(false)} title={`Close the code view (${CODE_VIEW_SHORTCUT})`} aria-label="Close the code view" data-testid="code-close">
          ✕
        </button>
      </div>
      {notices.map((n, i) => (
        <div key={i} className={`tl-code-notice ${n.severity}`} role="status" data-testid="code-notice">{n.text}</div>
      ))}
      <div className="tl-code-body">
        {code === null ? (
          <div className="tl-empty">{state.notice ? '' : 'Writing the code…'}</div>
        ) : (
          <Suspense fallback={<div className="tl-empty">Loading the code view…</div>}>
            <MonacoView code={code} theme={theme} highlight={highlight} />
          </Suspense>
        )}
      </div>
    </section>
  );
}

/** memo: the layout re-renders on every edit; this panel only when what it reads changes. */
export const CodePanel = memo(CodePanelView);
