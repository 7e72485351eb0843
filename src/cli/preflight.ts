// Before `train` loads tfjs: everything the file and the analysis of the graph to be trained say
// (after --batch-size and --set), on stderr, so that a warning is read before a long run, not
// after; a graph with errors stops here, with all of them listed.
import { analyze } from '../compiler/analyze';
import type { Diagnostic } from '../compiler/diagnostics';
import type { GraphDoc } from '../graph/types';
import { issue, renderIssue } from '../messages';
import { CliExit } from './exit';
import { printDiagnostics } from './load-graph';
import { withLoadDiagnostics } from './report';

export function preflight(loaded: readonly Diagnostic[], doc: GraphDoc): void {
  const ds = withLoadDiagnostics(loaded, analyze(doc).diagnostics);
  printDiagnostics(ds);
  const errors = ds.filter((d) => d.severity === 'error');
  if (!errors.length) return;
  process.stderr.write(`${renderIssue(issue('run.invalidGraph', { count: errors.length, first: errors[0]!.message }))}\n`);
  throw new CliExit(1);
}
