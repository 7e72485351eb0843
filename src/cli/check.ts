// `tensorloom check GRAPH.json`: diagnostics and a table of every node's output shapes.
import { analyze } from '../compiler/analyze';
import { scopeKey } from '../compiler/analysis';
import type { GraphDoc, GraphScope } from '../graph/types';
import { showShape } from '../messages';
import { printDiagnostics, type LoadedGraph } from './load-graph';
import { withLoadDiagnostics } from './report';

export function shapesTable(doc: GraphDoc, shapes: ReturnType<typeof analyze>['shapes']): string[] {
  const lines: string[] = [];
  const scopes: [GraphScope, GraphDoc['main']][] = [
    ...Object.entries(doc.models).map(([id, g]) => [{ kind: 'model', modelId: id }, g] as [GraphScope, GraphDoc['main']]),
    [{ kind: 'main' }, doc.main],
  ];
  for (const [scope, graph] of scopes) {
    lines.push(scope.kind === 'main' ? 'training graph' : `model ${scope.modelId}`);
    const table = shapes[scopeKey(scope)] ?? {};
    for (const n of graph.nodes) {
      const outs = Object.entries(Object.hasOwn(table, n.id) ? table[n.id]! : {}).map(([p, s]) => `${p} ${showShape(s)}`).join(', ');
      lines.push(`  ${(n.label || n.id).padEnd(22)} ${n.type.padEnd(26)} ${outs || '-'}`);
    }
  }
  return lines;
}

export function runCheck({ doc, diagnostics: loaded }: LoadedGraph): number {
  const a = analyze(doc);
  const diagnostics = withLoadDiagnostics(loaded, a.diagnostics);
  const out = (line: string) => process.stdout.write(`${line}\n`);
  for (const line of shapesTable(doc, a.shapes)) out(line);
  printDiagnostics(diagnostics, out);
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  out(`${errors} error(s), ${diagnostics.length - errors} warning(s) and note(s)`);
  return errors ? 1 : 0;
}
