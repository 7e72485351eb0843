// The read-only editor that shows the code: Monaco, loaded with this module on first use. New code
// replaces the old in place (the scroll position stays); the selected nodes' lines are marked
// and scrolled into view.
import { useEffect, useRef } from 'react';
import type { Theme } from '../../store/session';
import { monaco, monacoTheme } from './monaco';

export interface LineRange {
  start: number;
  end: number;
}

export interface MonacoViewProps {
  code: string;
  theme: Theme;
  /** lines to mark, 1-based and inclusive */
  highlight: readonly LineRange[];
  /** how the code is coloured (default TypeScript) */
  language?: 'typescript' | 'python' | 'markdown' | 'plaintext';
  /** which file is shown: each keeps its own scroll position when another is shown in between */
  file?: string;
}

const sameRanges = (a: readonly LineRange[], b: readonly LineRange[]) =>
  a.length === b.length && a.every((r, i) => r.start === b[i]!.start && r.end === b[i]!.end);

export default function MonacoView({ code, theme, highlight, language = 'typescript', file = '' }: MonacoViewProps) {
  const host = useRef<HTMLDivElement>(null);
  const editor = useRef<monaco.editor.IStandaloneCodeEditor | null>(null);
  const marks = useRef<monaco.editor.IEditorDecorationsCollection | null>(null);
  const shown = useRef<readonly LineRange[]>([]);
  const views = useRef(new Map<string, monaco.editor.ICodeEditorViewState>());
  const shownFile = useRef(file);

  useEffect(() => {
    const e = monaco.editor.create(host.current!, {
      value: '',
      language: 'typescript',
      theme: monacoTheme(theme),
      readOnly: true,
      domReadOnly: true,
      automaticLayout: true,
      minimap: { enabled: false },
      fontSize: 12,
      lineHeight: 18,
      scrollBeyondLastLine: false,
      renderLineHighlight: 'none',
      folding: true,
      contextmenu: false,
      wordWrap: 'off',
      tabSize: 2,
      stickyScroll: { enabled: true },
      bracketPairColorization: { enabled: false },
      matchBrackets: 'never',
      overviewRulerLanes: 1,
      scrollbar: { verticalScrollbarSize: 10, horizontalScrollbarSize: 10 },
    });
    // plain brackets: coloured pairs compete with the marked lines
    e.getModel()?.updateOptions({ bracketColorizationOptions: { enabled: false, independentColorPoolPerBracketType: false } });
    editor.current = e;
    marks.current = e.createDecorationsCollection();
    return () => {
      e.getModel()?.dispose();
      e.dispose();
      editor.current = null;
    };
    // the editor is made once; the effects below follow the props
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    monaco.editor.setTheme(monacoTheme(theme));
  }, [theme]);

  useEffect(() => {
    const model = editor.current?.getModel();
    if (model && model.getLanguageId() !== language) monaco.editor.setModelLanguage(model, language);
  }, [language]);

  useEffect(() => {
    const e = editor.current;
    if (!e) return;
    // an edit keeps the place in the file; another file comes back where it was left, or at its top
    const before = e.saveViewState();
    if (before) views.current.set(shownFile.current, before);
    const switched = shownFile.current !== file;
    shownFile.current = file;
    if (e.getValue() === code && !switched) return;
    e.setValue(code);
    const view = views.current.get(file);
    if (view) e.restoreViewState(view);
    else e.setScrollTop(0);
    shown.current = [];
  }, [code, file]);

  useEffect(() => {
    const e = editor.current;
    if (!e || !marks.current) return;
    marks.current.set(
      highlight.map((r) => ({
        range: new monaco.Range(r.start, 1, r.end, 1),
        options: { isWholeLine: true, className: 'tl-code-hl', linesDecorationsClassName: 'tl-code-hl-bar', overviewRuler: { color: '#2f6fdb', position: monaco.editor.OverviewRulerLane.Full } },
      })),
    );
    // bring the marks into view when they or the code change (a re-render with the same lines
    // leaves the scroll position alone)
    const first = highlight[0];
    if (first && !sameRanges(highlight, shown.current)) e.revealLinesInCenterIfOutsideViewport(first.start, first.end, monaco.editor.ScrollType.Immediate);
    shown.current = highlight;
  }, [highlight, code]);

  return <div className="tl-code-editor" ref={host} data-testid="code-editor" />;
}
