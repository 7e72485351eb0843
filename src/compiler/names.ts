// tfjs names for models and layers, from document ids. tfjs refuses a name that does not match
// /^[A-Za-z0-9][-A-Za-z0-9._/]*$/, and a model whose layers share a name; ids may be any text.
//
// A plain id (letters and digits, single underscores between them) is its own name, so the names
// that checkpoints, imported model files and exported code know stay as they were. Any other id is
// written "x-" + its letters and digits, every other character as "-<hex code point>-": the "-"
// sets these apart from plain names, and neither form holds "__" or ends in "_", so the first "__"
// of `${model}__${node}` is always the separator. Distinct ids thus always get distinct names.

const PLAIN = /^[A-Za-z0-9]+(?:_[A-Za-z0-9]+)*$/;
const ALNUM = /^[A-Za-z0-9]$/;

/** A valid tfjs name for an id, distinct for distinct ids. */
export function tfName(id: string): string {
  if (PLAIN.test(id)) return id;
  let out = 'x-';
  for (const ch of id) out += ALNUM.test(ch) ? ch : `-${ch.codePointAt(0)!.toString(16)}-`;
  return out;
}

export const modelName = (modelId: string) => tfName(modelId);

/** A layer's name: unique in the document, as a model's layers must be. */
export const layerName = (modelId: string, nodeId: string) => `${tfName(modelId)}__${tfName(nodeId)}`;
