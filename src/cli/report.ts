// The diagnostics the CLI shows for a graph file: the analysis of the document, plus what only
// loading the file could find (unknown keys it dropped, node versions newer than this app), which
// no later analysis of the loaded document can repeat.
import type { Diagnostic } from '../compiler/diagnostics';

const rank = { error: 0, warning: 1, info: 2 } as const;
const keyOf = (d: Diagnostic) => `${d.code}\n${d.path ?? ''}\n${d.message}`;

/** Analysis diagnostics with the load's own added (those the analysis repeats once), errors first. */
export function withLoadDiagnostics(load: readonly Diagnostic[], analysis: readonly Diagnostic[]): Diagnostic[] {
  const seen = new Set(analysis.map(keyOf));
  const all = [...analysis, ...load.filter((d) => !seen.has(keyOf(d)))];
  return all.sort((a, b) => rank[a.severity] - rank[b.severity]);
}
