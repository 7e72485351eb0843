// `tensorloom export GRAPH.json --out FILE.ts`: the graph as one self-contained TypeScript module
// (models, custom layers, samplers, losses, the training step and the previews) on plain tfjs.
import { writeFile } from 'node:fs/promises';
import { analyze } from '../compiler/analyze';
import { exportTypeScript } from '../codegen';
import type { GraphDoc } from '../graph/types';
import { issue, renderIssue } from '../messages';
import { printDiagnostics } from './load-graph';

export async function runExport(doc: GraphDoc, out: string): Promise<number> {
  const errors = analyze(doc).diagnostics.filter((d) => d.severity === 'error');
  if (errors.length) {
    printDiagnostics(errors);
    process.stderr.write(`${renderIssue(issue('cli.exportErrors', { count: errors.length }))}\n`);
    return 1;
  }
  const code = await exportTypeScript(doc);
  await writeFile(out, code);
  process.stdout.write(`wrote ${out} (${code.split('\n').length} lines)\n`);
  return 0;
}
