// What the speed benchmark keeps in files: --save appends each case's result as one JSON line as
// soon as it is measured, --from reads them back, --out appends the markdown table. Appending lets
// a long grid run in pieces (one command per batch size, say) and still make one table.
import { appendFile, mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { CaseResult } from './case';

/** Appends `text` and a newline to `file`, making its folder if needed. */
export async function appendLine(file: string, text: string): Promise<void> {
  await mkdir(path.dirname(path.resolve(file)), { recursive: true });
  await appendFile(file, `${text}\n`);
}

export function saveResult(file: string, r: CaseResult): Promise<void> {
  return appendLine(file, JSON.stringify(r));
}

export async function readResults(file: string): Promise<CaseResult[]> {
  return (await readFile(file, 'utf8')).split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as CaseResult);
}
