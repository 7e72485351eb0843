// A trained model as tfjs's own browser download: NAME.json, whose weights manifest names
// NAME.weights.bin, and that file beside it, as tf.io.browserDownloads('NAME') saves them, so that
// tf.loadLayersModel(tf.io.browserFiles([json, bin])) or an HTTP server holding both reads them back.

export interface DownloadFile {
  name: string;
  bytes: Uint8Array;
}

/** A safe base name: doc-model-it120 (letters, digits, '-', '_' and '.'; no path separators). */
export function modelFilesBaseName(docName: string, modelId: string, step: number): string {
  const clean = (s: string) => s.trim().replace(/[^\w.-]+/g, '-').replace(/^[-.]+|-+$/g, '');
  return [clean(docName) || 'model', clean(modelId) || 'model', `it${step}`].join('-');
}

/** model.json (as the worker wrote it) with its manifest pointed at `${base}.weights.bin`, and that file. */
export function browserModelFiles(modelJson: string, weightsBin: Uint8Array, base: string): [DownloadFile, DownloadFile] {
  const binName = `${base}.weights.bin`;
  const json = JSON.parse(modelJson) as { weightsManifest?: { paths: string[]; weights: unknown[] }[] };
  // one shard holds every weight; the path is relative to model.json, as tfjs writes it
  json.weightsManifest = (json.weightsManifest ?? [{ paths: [], weights: [] }]).map((g) => ({ ...g, paths: [`./${binName}`] }));
  const text = `${JSON.stringify(json)}\n`;
  return [
    { name: `${base}.json`, bytes: new TextEncoder().encode(text) },
    { name: binName, bytes: weightsBin },
  ];
}
