// Messages the app shows in a dialog: a title, a line of context, and diagnostics to list.
import type { Diagnostic } from '../compiler/diagnostics';

export interface Notice {
  title: string;
  text: string;
  diagnostics: readonly Diagnostic[];
}
