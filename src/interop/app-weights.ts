// The app's weights for the PyTorch export: every model's weights, by the names tfjs gives them
// ("generator__h1/kernel"), as one float32 buffer and a manifest of name, shape and offset
// (tensorloom_runtime.read_app_weights reads them; each model's APP_WEIGHTS maps them in).
import type * as TF from '@tensorflow/tfjs';

export interface AppWeightsFiles {
  /** app_weights.json */
  manifest: string;
  /** app_weights.bin: float32, little-endian */
  data: Uint8Array;
}

export async function appWeightsFiles(models: Record<string, TF.LayersModel>): Promise<AppWeightsFiles> {
  const tensors: { name: string; shape: number[]; offset: number }[] = [];
  const parts: Float32Array[] = [];
  let offset = 0;
  const seen = new Set<string>();
  for (const model of Object.values(models)) {
    for (const w of model.weights) {
      // a model inside another holds the inner model's weights too: each is written once
      if (seen.has(w.originalName)) continue;
      seen.add(w.originalName);
      const values = (await w.read().data()) as Float32Array;
      tensors.push({ name: w.originalName, shape: w.shape.map(Number), offset });
      parts.push(Float32Array.from(values));
      offset += values.length;
    }
  }
  const all = new Float32Array(offset);
  let at = 0;
  for (const p of parts) {
    all.set(p, at);
    at += p.length;
  }
  // a Float32Array's bytes are little-endian on every machine tfjs runs on
  return { manifest: `${JSON.stringify({ format: 'tensorloom-app-weights', version: 1, tensors }, null, 1)}\n`, data: new Uint8Array(all.buffer) };
}
