// Monaco, bundled: the editor core, TypeScript, Python and Markdown colouring (tokenizers only, not the language
// service and its worker), the icon font, find, folding and sticky function headers, the plain
// editor worker, and a light and a dark theme drawn from the app's colours. Imported only by the
// lazily loaded code view.
import * as monaco from 'monaco-editor/editor/editor.api';
import 'monaco-editor/languages/definitions/typescript/register';
import 'monaco-editor/languages/definitions/python/register';
import 'monaco-editor/languages/definitions/markdown/register';
import 'monaco-editor/features/codicon/register';
import 'monaco-editor/features/find/register';
import 'monaco-editor/features/folding/register';
import 'monaco-editor/features/stickyScroll/register';
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';
import type { Theme } from '../../store/session';

self.MonacoEnvironment = { getWorker: () => new EditorWorker() };

const THEMES: Record<Theme, { name: string; data: monaco.editor.IStandaloneThemeData }> = {
  light: {
    name: 'tensorloom-light',
    data: {
      base: 'vs',
      inherit: true,
      rules: [{ token: 'comment', foreground: '6a737d' }],
      colors: {
        'editor.background': '#ffffff',
        'editorLineNumber.foreground': '#a0a6ae',
        'editor.lineHighlightBackground': '#00000000',
        'editor.lineHighlightBorder': '#00000000',
      },
    },
  },
  dark: {
    name: 'tensorloom-dark',
    data: {
      base: 'vs-dark',
      inherit: true,
      rules: [{ token: 'comment', foreground: '7f8893' }],
      colors: {
        'editor.background': '#1f2227',
        'editorLineNumber.foreground': '#5c636d',
        'editor.lineHighlightBackground': '#00000000',
        'editor.lineHighlightBorder': '#00000000',
      },
    },
  },
};

for (const t of Object.values(THEMES)) monaco.editor.defineTheme(t.name, t.data);

export const monacoTheme = (theme: Theme): string => THEMES[theme].name;

export { monaco };
