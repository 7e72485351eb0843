// The code view: the TypeScript the document exports, or its PyTorch package file by file,
// read-only, under the canvas. It follows the graph as it changes, marks the TypeScript of the
// selected nodes, and offers Copy and Download (.ts, or the package as a .zip).
import { lazy, memo, Suspense, useCallback, useMemo, useState } from 'react';
import { linesOfNodes } from '../../codegen/node-lines';
import { scopeKey } from '../../compiler/analysis';
import { issue, renderIssue } from '../../messages';
import { useAnalysis, useDocSnapshot, useSession } from '../context';
import type { CodeNotice } from './codeState';
import { codeFileName, downloadBytes, downloadText, packageFileName, fileStem } from './download';
import { languageOf, PACKAGE_FILES, packageZip, pytorchPackage, type PackageFile } from './pytorchPackage';
import { codeView, CODE_VIEW_SHORTCUT } from './openState';
import { clampHeight, useEdgeDrag } from '../usePanelSize';
import { useExportedCode } from './useExportedCode';
import './code.css';

const MonacoView = lazy(() => import('./MonacoView'));

function CodePanelView() {
  const { committed } = useDocSnapshot();
  const analysis = useAnalysis();
  const { theme, scope, selectedNodes, document: opened } = useSession();
  const state = useExportedCode(committed, analysis, opened);
  const [target, setTarget] = useState<'typescript' | 'pytorch'>('typescript');
  const [file, setFile] = useState<PackageFile>('train.py');
  const hasErrors = analysis.diagnostics.some((d) => d.severity === 'error');
  // the package is written here, at once: no formatter to wait for
  const pkg = useMemo(() => (target === 'pytorch' && !hasErrors ? pytorchPackage(committed) : null), [target, hasErrors, committed]);
  const [copy, setCopy] = useState<{ done: boolean; notice: CodeNotice | null }>({ done: false, notice: null });
  const [height, setHeight] = useState(() => clampHeight(300, window.innerHeight));
  const startResize = useEdgeDrag(useCallback(() => height, [height]), useCallback((h: number) => setHeight(clampHeight(h, window.innerHeight)), []), 'y');

  const highlight = useMemo(() => linesOfNodes(state.ranges, scopeKey(scope), selectedNodes), [state.ranges, scope, selectedNodes]);
  const python = target === 'pytorch';
  const fileName = python ? `${fileStem(committed.meta.name)}/${file}` : codeFileName(committed.meta.name);
  const code = python ? (pkg?.ok ? pkg.files[file] : null) : state.code;

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

  const pytorchNotice: CodeNotice | null = !python
    ? null
    : hasErrors
      ? state.notice
      : pkg && !pkg.ok
        ? { severity: 'warning', text: pkg.text }
        : null;
  const notices = [python ? pytorchNotice : state.notice, copy.notice].filter((n): n is CodeNotice => n !== null);
  const download = () => {
    if (!python) return code !== null && downloadText(fileName, code);
    if (pkg?.ok) downloadBytes(packageFileName(committed.meta.name), packageZip(fileStem(committed.meta.name), pkg.files), 'application/zip');
  };
  return (
    <section className="tl-code" style={{ height }} aria-label="Code" data-testid="code-view" data-export-ms={state.exportMs?.toFixed(0) ?? ''}>
      <div className="tl-code-resize" onPointerDown={startResize} title="Drag to resize" aria-hidden />
      <div className="tl-code-head">
        <span className="tl-code-title">Code</span>
        <span className="tl-code-targets" role="group" aria-label="Language">
          <button className={`tl-btn tl-code-btn ${python ? '' : 'active'}`} aria-pressed={!python} onClick={() => setTarget('typescript')}
            title="TypeScript: one module on plain TensorFlow.js" data-testid="code-target-typescript">TypeScript</button>
          <button className={`tl-btn tl-code-btn ${python ? 'active' : ''}`} aria-pressed={python} onClick={() => setTarget('pytorch')}
            title="PyTorch: a Python package that trains the graph in one process or many (torchrun)" data-testid="code-target-pytorch">PyTorch</button>
        </span>
        {python ? (
          <select className="tl-input tl-code-files" value={file} onChange={(e) => setFile(e.target.value as PackageFile)} aria-label="File of the package" data-testid="code-file">
            {PACKAGE_FILES.map((f) => <option key={f} value={f}>{f}</option>)}
          </select>
        ) : (
          <span className="tl-muted tl-code-file" title="The document as a TypeScript module that needs only @tensorflow/tfjs">{fileName}</span>
        )}
        <span className="tl-spacer" />
        <button className="tl-btn tl-code-btn" disabled={code === null} onClick={copyCode} title="Copy the code to the clipboard" data-testid="code-copy">
          {copy.done ? 'Copied' : 'Copy'}
        </button>
        <button className="tl-btn tl-code-btn" disabled={code === null} onClick={download}
          title={python ? `Download the package as ${packageFileName(committed.meta.name)}` : `Download the code as ${fileName}`} data-testid="code-download">
          {python ? 'Download .zip' : 'Download .ts'}
        </button>
        <button className="tl-icon-btn" onClick={() => codeView.setOpen(false)} title={`Close the code view (${CODE_VIEW_SHORTCUT})`} aria-label="Close the code view" data-testid="code-close">
          ✕
        </button>
      </div>
      {notices.map((n, i) => (
        <div key={i} className={`tl-code-notice ${n.severity}`} role="status" data-testid="code-notice">{n.text}</div>
      ))}
      <div className="tl-code-body" data-testid="code-body">
        {code === null ? (
          <div className="tl-empty">{notices.length ? '' : 'Writing the code…'}</div>
        ) : (
          <Suspense fallback={<div className="tl-empty">Loading the code view…</div>}>
            <MonacoView code={code} theme={theme} highlight={python ? [] : highlight} language={python ? languageOf(file) : 'typescript'} file={python ? file : 'module.ts'} />
          </Suspense>
        )}
      </div>
    </section>
  );
}

/** memo: the layout re-renders on every edit; this panel only when what it reads changes. */
export const CodePanel = memo(CodePanelView);
