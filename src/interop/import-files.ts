// The files a person picked (model.json and its weights shards, in any order) → an imported
// model with an id no model of the document has yet. Pure: the browser reads the files, this
// decides what they are.
import { diagnostic } from '../compiler/diagnostics';
import { issue } from '../messages';
import type { WeightFiles } from './files';
import { importLayersModel, type ImportResult } from './import-model';

export interface PickedFile {
  name: string;
  bytes: Uint8Array;
}

/** `base`, or base_2, base_3... : the first that is not taken (ids stay within 40 characters). */
export function freeModelId(base: string, taken: ReadonlySet<string>): string {
  if (!taken.has(base)) return base;
  for (let i = 2; ; i++) {
    const suffix = `_${i}`;
    const id = `${base.slice(0, 40 - suffix.length)}${suffix}`;
    if (!taken.has(id)) return id;
  }
}

export function importModelFiles(files: readonly PickedFile[], takenModelIds: ReadonlySet<string>): ImportResult {
  const json = files.find((f) => f.name.toLowerCase().endsWith('.json'));
  if (!json) {
    const files_ = files.map((f) => f.name).join(', ') || 'none';
    return { ok: false, diagnostics: [diagnostic(issue('import.noModelJson', { files: files_ }), { scope: { kind: 'main' } })] };
  }
  const rest = files.filter((f) => f !== json);
  const weights: WeightFiles = Object.fromEntries(rest.map((f) => [f.name, f.bytes]));
  const text = new TextDecoder().decode(json.bytes);
  const r = importLayersModel(text, { file: json.name, ...(rest.length ? { weights } : {}) });
  if (!r.ok) return r;
  return { ...r, model: { ...r.model, id: freeModelId(r.model.id, takenModelIds) } };
}
