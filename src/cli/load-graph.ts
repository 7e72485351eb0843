// Reads a graph file for the CLI; on failure prints the diagnostics and ends with CliExit.
import { readFile } from 'node:fs/promises';
import { loadDocument } from '../graph/load';
import type { GraphDoc } from '../graph/types';
import type { Diagnostic } from '../compiler/diagnostics';
import { issue, renderIssue } from '../messages';
import { CliExit } from './exit';

export function printDiagnostics(ds: readonly Diagnostic[], write: (line: string) => void = (l) => process.stderr.write(`${l}\n`)): void {
  for (const d of ds) write(`${d.severity.padEnd(7)} ${d.code.padEnd(28)} ${d.message}${d.path ? `  (at ${d.path})` : ''}`);
}

export interface LoadedGraph {
  doc: GraphDoc;
  /** what loading found (unknown keys, newer node versions, the document checks): for people to read */
  diagnostics: Diagnostic[];
}

export async function readGraph(file: string): Promise<LoadedGraph> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    process.stderr.write(`${renderIssue(issue('cli.unreadable', { file, detail: e instanceof Error ? e.message : String(e) }))}\n`);
    throw new CliExit(2);
  }
  const r = loadDocument(text);
  if (!r.ok) {
    process.stderr.write(`${renderIssue(issue('cli.notAGraph', { file }))}\n`);
    printDiagnostics(r.diagnostics);
    throw new CliExit(1);
  }
  return { doc: r.doc, diagnostics: r.diagnostics };
}
