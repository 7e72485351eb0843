// The PyTorch package of a document for the code view: its files in the order a reader wants
// them, or the coded reason it cannot be written; and the package as a .zip.
import { strToU8, zipSync } from 'fflate';
import { exportPyTorch } from '../../codegen/pytorch';
import type { GraphDoc } from '../../graph/types';
import { TensorloomError } from '../../runtime/errors';
import { renderIssue } from '../../messages';

export const PACKAGE_FILES = ['train.py', 'models.py', 'tensorloom_runtime.py', 'README.md', 'requirements.txt'] as const;
export type PackageFile = (typeof PACKAGE_FILES)[number];

export type PackageResult = { ok: true; files: Record<PackageFile, string> } | { ok: false; text: string };

export function pytorchPackage(doc: GraphDoc): PackageResult {
  try {
    return { ok: true, files: exportPyTorch(doc).files as Record<PackageFile, string> };
  } catch (e) {
    if (e instanceof TensorloomError) return { ok: false, text: renderIssue(e.issue) };
    throw e;
  }
}

export const languageOf = (file: PackageFile) => (file.endsWith('.py') ? 'python' : file.endsWith('.md') ? 'markdown' : 'plaintext');

/** The package as a .zip with one folder, `stem/`. */
export function packageZip(stem: string, files: Record<string, string>): Uint8Array {
  return zipSync(Object.fromEntries(Object.entries(files).map(([name, text]) => [`${stem}/${name}`, strToU8(text)])));
}
