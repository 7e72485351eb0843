// Saves and loads the LeNet classifier as tfjs's own format (model.json + weights.bin) with Node's
// fs: plain @tensorflow/tfjs has no file:// handler (that lives in tfjs-node, not installed here).
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type * as TF from '@tensorflow/tfjs';
import type { TFModule } from '../../nodes/spec';

export const MODEL_FILE = 'model.json';
export const WEIGHTS_FILE = 'weights.bin';

function joinBuffers(data: ArrayBuffer | ArrayBuffer[]): Uint8Array {
  const parts = Array.isArray(data) ? data : [data];
  const out = new Uint8Array(parts.reduce((n, b) => n + b.byteLength, 0));
  let at = 0;
  for (const b of parts) {
    out.set(new Uint8Array(b), at);
    at += b.byteLength;
  }
  return out;
}

/** Writes DIR/model.json (topology + weights manifest) and DIR/weights.bin (every weight, float32). */
export async function saveModelDir(tf: TFModule, model: TF.LayersModel, dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      const json = {
        modelTopology: artifacts.modelTopology,
        format: artifacts.format,
        generatedBy: artifacts.generatedBy,
        convertedBy: artifacts.convertedBy ?? null,
        weightsManifest: [{ paths: [`./${WEIGHTS_FILE}`], weights: artifacts.weightSpecs ?? [] }],
      };
      await writeFile(path.join(dir, MODEL_FILE), `${JSON.stringify(json)}\n`);
      await writeFile(path.join(dir, WEIGHTS_FILE), joinBuffers(artifacts.weightData ?? []));
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
}

interface ModelJson {
  modelTopology: object;
  weightsManifest: { paths: string[]; weights: TF.io.WeightsManifestEntry[] }[];
}

/** Loads a model written by saveModelDir (or any single-folder tfjs layers model) from DIR. */
export async function loadModelDir(tf: TFModule, dir: string): Promise<TF.LayersModel> {
  const where = path.join(dir, MODEL_FILE);
  let json: ModelJson;
  try {
    json = JSON.parse(await readFile(where, 'utf8')) as ModelJson;
  } catch (e) {
    throw new Error(`cannot read the model at ${where}: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
  const specs = json.weightsManifest.flatMap((g) => g.weights);
  const buffers = await Promise.all(json.weightsManifest.flatMap((g) => g.paths).map((p) => readFile(path.join(dir, p))));
  const bytes = joinBuffers(buffers.map((b) => b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer));
  return tf.loadLayersModel(tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs: specs, weightData: bytes.buffer as ArrayBuffer }));
}
