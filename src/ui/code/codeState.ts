// What the code view shows: the last code written without errors, its node lines, and a notice
// saying why that code is not (or not yet) the current graph's. Pure, so the hook stays thin.
import type { NodeLines } from '../../codegen/node-lines';
import type { Analysis } from '../../compiler/analysis';
import type { Diagnostic } from '../../compiler/diagnostics';
import type { GraphDoc } from '../../graph/types';
import { issue, renderIssue, severityOf, type Issue, type Severity } from '../../messages';
import type { ExportResult } from './exportClient';

export interface CodeNotice {
  severity: Severity;
  text: string;
}

export interface CodeState {
  /** the last code written; null until the first export succeeds */
  code: string | null;
  ranges: readonly NodeLines[];
  /** why the code shown is not the current graph's; null when it is */
  notice: CodeNotice | null;
  /** how long the last export took, in milliseconds */
  exportMs: number | null;
}

export const initialCodeState: CodeState = { code: null, ranges: [], notice: null, exportMs: null };

const noticeOf = (i: Issue): CodeNotice => ({ severity: severityOf(i.code), text: renderIssue(i) });

/** The graph now has errors (or none): the code shown stays, with a notice saying it is stale. */
export function withGraphErrors(state: CodeState, diagnostics: readonly Diagnostic[]): CodeState {
  const errors = diagnostics.filter((d) => d.severity === 'error');
  if (errors.length === 0) {
    // the notice goes when fresh code arrives; a failed export keeps its own
    return state;
  }
  const notice = state.code === null
    ? noticeOf(issue('code.noneYet', { count: errors.length }))
    : noticeOf(issue('code.stale', { count: errors.length, first: errors[0]!.message }));
  return { ...state, notice };
}

/** An export finished: new code replaces the old; a failure keeps the old code and says why. */
export function withExport(state: CodeState, result: ExportResult): CodeState {
  if (!result.ok) return { ...state, notice: noticeOf(issue('code.exportFailed', { detail: result.detail })) };
  return { code: result.code, ranges: result.ranges, notice: null, exportMs: result.ms };
}

/**
 * What the export depends on, as a string: the document without node positions, so that moving
 * nodes around does not write the code again.
 */
export function exportKey(doc: GraphDoc): string {
  return JSON.stringify(doc, (key, value: unknown) => (key === 'position' ? undefined : value));
}

export type CodeAction =
  | { type: 'errors'; analysis: Analysis }
  /** `analysis`: the graph's as the result arrives (it may have errors by then) */
  | { type: 'exported'; result: ExportResult; analysis: Analysis }
  /** the graph is back to the version whose code is shown */
  | { type: 'current' }
  /** another document was opened: nothing of the last one's code stays */
  | { type: 'opened' };

export function codeReducer(state: CodeState, a: CodeAction): CodeState {
  if (a.type === 'opened') return state.code === null && state.notice === null ? state : initialCodeState;
  if (a.type === 'errors') return withGraphErrors(state, a.analysis.diagnostics);
  if (a.type === 'exported') return withGraphErrors(withExport(state, a.result), a.analysis.diagnostics);
  return state.notice ? { ...state, notice: null } : state;
}
