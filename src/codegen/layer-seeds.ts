// Seeds for emitted layers. A layer node's `emit` writes its constructor without seeds (unseeded
// code is what a person would copy into another program), while `build` seeds the initialisers
// from the training seed and draws dropout masks from the training stream. The exported program
// must start from the same weights and draw the same masks, so it adds those arguments here.
// test/codegen/layer-seeds.test.ts checks, for every layer node, that the seeded emitted layer
// starts with the weights `build` gives it.

/** Expressions, in the emitted model builder, for the two seeds of LayerBuildOptions. */
export interface SeedExpressions {
  /** the layer's initialiser seed, e.g. `seedOf('h1')` */
  seed: string;
  /** a fresh seed from the training's stream, e.g. `() => rng.seed()` */
  nextSeed: string;
}

const glorotKernel = (s: SeedExpressions) => ({ kernelInitializer: `tf.initializers.glorotUniform({ seed: ${s.seed} })` });

/** How each layer type's `build` uses the seeds, as constructor arguments. */
const SEEDED_ARGS: Record<string, (s: SeedExpressions) => Record<string, string>> = {
  'layers.dense': glorotKernel,
  'layers.conv2d': glorotKernel,
  'layers.conv2dTranspose': glorotKernel,
  'layers.selfAttention2d': (s) => ({ seed: s.seed }),
  'layers.dropout': (s) => ({ seed: s.seed, nextSeed: s.nextSeed }),
};

export const usesSeed = (type: string): boolean => type in SEEDED_ARGS;
/** Layers that draw from the training stream at call time need it when the model is built. */
export const usesNextSeed = (type: string): boolean => type === 'layers.dropout';

/** Splits `a, [b, c], 'd, e'` at its top-level commas. */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote: string | null = null;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quote) {
      if (ch === '\\') i++;
      else if (ch === quote) quote = null;
    } else if (ch === "'" || ch === '"' || ch === '`') quote = ch;
    else if ('([{'.includes(ch)) depth++;
    else if (')]}'.includes(ch)) depth--;
    else if (ch === ',' && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts.map((p) => p.trim()).filter((p) => p.length > 0);
}

/**
 * `callee({ a: 1, b: 2 })` with the given arguments set: replaced where the call has them, added
 * at the end otherwise. Throws on code of another form, so a changed `emit` cannot slip by unseeded.
 */
export function withArguments(call: string, args: Record<string, string>): string {
  const m = /^([\w.\s]+)\(\{(.*)\}\)$/s.exec(call.trim());
  if (!m) throw new Error(`cannot add arguments to emitted layer code of an unexpected form: ${call}`);
  const entries = splitTopLevel(m[2]!).map((entry) => {
    const colon = entry.indexOf(':');
    if (colon < 0) throw new Error(`cannot read argument "${entry}" of emitted layer code: ${call}`);
    return [entry.slice(0, colon).trim(), entry.slice(colon + 1).trim()] as [string, string];
  });
  const merged = new Map(entries);
  for (const [k, v] of Object.entries(args)) merged.set(k, v);
  const body = [...merged].map(([k, v]) => `${k}: ${v}`).join(', ');
  return `${m[1]!.trim()}({ ${body} })`;
}

/** The layer constructor `emit` wrote, with the seeds `build` uses added. */
export function seededLayerCode(type: string, emitted: string, seeds: SeedExpressions): string {
  const args = SEEDED_ARGS[type];
  return args ? withArguments(emitted, args(seeds)) : emitted;
}
