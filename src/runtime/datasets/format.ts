// The compact dataset file: a 28-byte header, then uint8 pixels (row-major NHWC), then one uint8
// label per sample. Little-endian header fields, all uint32:
//   magic 'TLDS' · version · count · height · width · channels · classes
// Pure encode/decode; decode checks everything it can, so a damaged file fails here with a coded
// message instead of training on garbage.
import type { Dataset } from '../../../nodes/spec';
import { issue } from '../../messages';
import { TensorloomError } from '../errors';

export const MAGIC = 'TLDS';
export const FORMAT_VERSION = 1;
export const HEADER_BYTES = 28;
/** generous bound on one side of an image: catches a header of random bytes before allocating */
const MAX_SIDE = 4096;

export interface DatasetHeader {
  version: number;
  count: number;
  height: number;
  width: number;
  channels: number;
  classes: number;
}

/** A decoded dataset: the runtime's Dataset plus the number of classes its labels range over. */
export type LabeledDataset = Dataset & { classes: number };

const corrupt = (name: string, detail: string) => new TensorloomError(issue('run.datasetCorrupt', { name, detail }));

/** Total file size a header announces. */
export function fileBytes(h: DatasetHeader): number {
  return HEADER_BYTES + h.count * h.height * h.width * h.channels + h.count;
}

/** Reads and checks the header alone (enough to tell whether a built file is complete). */
export function readHeader(name: string, bytes: Uint8Array): DatasetHeader {
  if (bytes.length < HEADER_BYTES) throw corrupt(name, `${bytes.length} bytes, shorter than the ${HEADER_BYTES}-byte header`);
  const magic = String.fromCharCode(bytes[0]!, bytes[1]!, bytes[2]!, bytes[3]!);
  if (magic !== MAGIC) throw corrupt(name, `it does not start with "${MAGIC}"`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, HEADER_BYTES);
  const u32 = (at: number) => view.getUint32(at, true);
  const h: DatasetHeader = { version: u32(4), count: u32(8), height: u32(12), width: u32(16), channels: u32(20), classes: u32(24) };
  if (h.version !== FORMAT_VERSION) throw corrupt(name, `format version ${h.version}, this Tensorloom reads version ${FORMAT_VERSION}`);
  if (h.count < 1) throw corrupt(name, 'it holds no samples');
  for (const [what, v] of [['height', h.height], ['width', h.width]] as const) {
    if (v < 1 || v > MAX_SIDE) throw corrupt(name, `${what} ${v} is outside 1..${MAX_SIDE}`);
  }
  if (![1, 3, 4].includes(h.channels)) throw corrupt(name, `${h.channels} channels; expected 1, 3 or 4`);
  if (h.classes < 1 || h.classes > 256) throw corrupt(name, `${h.classes} classes; expected 1..256`);
  return h;
}

/** Parses a whole file. The pixel and label arrays are views into `bytes` (no copy). */
export function decodeDataset(name: string, bytes: Uint8Array): LabeledDataset {
  const h = readHeader(name, bytes);
  const expected = fileBytes(h);
  if (bytes.length < expected) throw corrupt(name, `truncated: ${bytes.length} bytes, the header announces ${expected}`);
  if (bytes.length > expected) throw corrupt(name, `${bytes.length - expected} unexpected bytes after the labels`);
  const pixelBytes = h.count * h.height * h.width * h.channels;
  const pixels = bytes.subarray(HEADER_BYTES, HEADER_BYTES + pixelBytes);
  const labels = bytes.subarray(HEADER_BYTES + pixelBytes, expected);
  for (let i = 0; i < labels.length; i++) {
    if (labels[i]! >= h.classes) throw corrupt(name, `sample ${i} has label ${labels[i]}, but there are ${h.classes} classes`);
  }
  return { name, count: h.count, shape: [h.height, h.width, h.channels], pixels, labels, classes: h.classes };
}

/** Writes a dataset in the file format. Throws (a programming error, not a user's) on inconsistent input. */
export function encodeDataset(ds: LabeledDataset): Uint8Array<ArrayBuffer> {
  const [height, width, channels] = ds.shape;
  const sample = height * width * channels;
  if (ds.pixels.length !== ds.count * sample) throw new Error(`encodeDataset(${ds.name}): ${ds.pixels.length} pixel bytes for ${ds.count} samples of ${sample}`);
  if (ds.labels.length !== ds.count) throw new Error(`encodeDataset(${ds.name}): ${ds.labels.length} labels for ${ds.count} samples`);
  const header: DatasetHeader = { version: FORMAT_VERSION, count: ds.count, height, width, channels, classes: ds.classes };
  const out = new Uint8Array(fileBytes(header));
  for (let i = 0; i < 4; i++) out[i] = MAGIC.charCodeAt(i);
  const view = new DataView(out.buffer, 0, HEADER_BYTES);
  [header.version, header.count, height, width, channels, ds.classes].forEach((v, i) => view.setUint32(4 + 4 * i, v, true));
  out.set(ds.pixels, HEADER_BYTES);
  out.set(ds.labels, HEADER_BYTES + ds.pixels.length);
  return out;
}
