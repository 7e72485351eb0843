// Crafted checkpoints: a header or a .tlckpt file that is not what Tensorloom writes is refused
// with a coded message from the list (never a raw JavaScript error), and what is refused changes
// nothing. What Tensorloom writes is taken as it is.
import { describe, expect, it } from 'vitest';
import { TEMPLATES } from '../../templates';
import { saveDocument } from '../graph/save';
import { renderIssue } from '../messages';
import { decodeCheckpoint, encodeCheckpoint, type Checkpoint } from './checkpoint';
import { packCheckpointFile, unpackCheckpointFile } from './checkpoint-file';
import type { StoredCheckpoint } from './checkpoint-idb';
import { TensorloomError } from './errors';

const checkpoint = (): Checkpoint => ({
  format: 'tensorloom-checkpoint', version: 1, step: 12, seed: 3, rng: [1, 2, 3, 4294967295],
  tensors: [
    { name: 'model/g/0/dense/kernel', shape: [2, 3], dtype: 'float32', data: Float32Array.from([1, 2, 3, 4, 5, -6]) },
    { name: 'optimizer/opt/0/iter', shape: [], dtype: 'int32', data: Int32Array.from([12]) },
    { name: 'optimizer/opt/1/dense/kernel/m', shape: [2, 3], dtype: 'float32', data: new Float32Array(6).fill(0.5) },
  ],
  learningRates: { opt: 0.01 },
});

const stored = (c: Checkpoint = checkpoint()): StoredCheckpoint => {
  const { header, body } = encodeCheckpoint(c);
  return {
    fingerprint: 'fp', docName: 'GAN', step: c.step, savedAt: 1, bytes: body.byteLength, graph: saveDocument(TEMPLATES[0]!.doc), header, body,
    history: { updates: [{ id: 'opt', name: 'G' }], steps: Float64Array.from([10, 11]), losses: [Float32Array.from([0.5, NaN])] },
  };
};

/** the header as an object, changed by `edit`, and written back */
type Json = Record<string, unknown>;
function editHeader(header: string, edit: (h: Json) => void): string {
  const h = JSON.parse(header) as Json;
  edit(h);
  return JSON.stringify(h);
}

/** what a call threw: the code and whether its text is the coded message's own */
function refusal(f: () => unknown): { code: string; coded: boolean; text: string } | 'accepted' {
  try {
    f();
  } catch (e) {
    if (!(e instanceof TensorloomError)) return { code: 'raw', coded: false, text: String(e) };
    return { code: e.issue.code, coded: e.message === renderIssue(e.issue), text: e.message };
  }
  return 'accepted';
}

type Craft = [what: string, header: (h: string) => string, body?: (b: Uint8Array) => Uint8Array];
const set = (key: string, value: unknown) => (h: string) => editHeader(h, (o) => void (o[key] = value));
const drop = (key: string) => (h: string) => editHeader(h, (o) => void delete o[key]);
const entry = (i: number, key: string, value: unknown) => (h: string) => editHeader(h, (o) => void ((o.index as Json[])[i]![key] = value));

const CRAFTS: Craft[] = [
  ['a negative step', set('step', -5)],
  ['a fractional step', set('step', 2.5)],
  ['a step as text', set('step', '12')],
  ['an rng state of "nope"', set('rng', 'nope')],
  ['an rng state of three words', set('rng', [1, 2, 3])],
  ['an rng word beyond 32 bits', set('rng', [1, 2, 3, 2 ** 32])],
  ['a negative rng word', set('rng', [1, -2, 3, 4])],
  ['no seed', drop('seed')],
  ['no step', drop('step')],
  ['no rng state', drop('rng')],
  ['no version', drop('version')],
  ['another version', set('version', 2)],
  ['no index', drop('index')],
  ['a header of null', () => 'null'],
  ['a header that is an array', () => '[]'],
  ['a header that is not JSON', () => '{"format":'],
  ['a learning rate as text', set('learningRates', { opt: 'fast' })],
  ['a negative learning rate', set('learningRates', { opt: -1 })],
  ['a negative offset', entry(0, 'offset', -8)],
  ['an offset off the 4-byte grid', entry(1, 'offset', 26)],
  ['a length that is not the shape\'s size', entry(0, 'length', 5)],
  ['a shape with a negative size', entry(0, 'shape', [-2, -3])],
  ['a shape with a fraction', entry(0, 'shape', [1.5, 4])],
  ['a shape that is not a list', entry(0, 'shape', 6)],
  ['a dtype of float64', entry(0, 'dtype', 'float64')],
  ['a tensor without a name', entry(0, 'name', 7)],
  ['two tensors of one name', entry(2, 'name', 'model/g/0/dense/kernel')],
  ['overlapping tensors', entry(2, 'offset', 0)],
  ['all-NaN weights', (h) => h, (b) => new Uint8Array(new Float32Array(b.byteLength / 4).fill(NaN).buffer)],
  ['an infinite weight', (h) => h, (b) => { const f = new Float32Array(b.slice().buffer); f[3] = Infinity; return new Uint8Array(f.buffer); }],
  ['weights cut short', (h) => h, (b) => b.slice(0, b.byteLength - 4)],
  ['weights with bytes beyond the last tensor', (h) => h, (b) => Uint8Array.from([...b, 0, 0, 0, 0])],
  ['weights changed after the header was written', (h) => h, (b) => { const c = b.slice(); c[1] = c[1]! ^ 0x40; return c; }],
];

describe('crafted checkpoints', () => {
  it('takes what Tensorloom writes', () => {
    const { header, body } = encodeCheckpoint(checkpoint());
    const back = decodeCheckpoint(header, body);
    expect(back).toEqual(checkpoint());
    const file = unpackCheckpointFile(packCheckpointFile(stored()), 'a.tlckpt');
    expect(file.step).toBe(12);
    expect(decodeCheckpoint(file.header, file.body)).toEqual(checkpoint());
  });

  it.each(CRAFTS)('refuses a header or body with %s, with a coded message', (_what, header, body) => {
    const good = encodeCheckpoint(checkpoint());
    const h = header(good.header), b = (body ?? ((x) => x))(good.body);
    expect(refusal(() => decodeCheckpoint(h, b))).toMatchObject({ code: 'run.checkpointDamaged', coded: true });
    // the same inside a .tlckpt file: refused when the file is read, naming the file
    const file = packCheckpointFile({ ...stored(), header: h, body: b, bytes: b.byteLength });
    expect(refusal(() => unpackCheckpointFile(file, 'crafted.tlckpt'))).toMatchObject({ code: 'run.checkpointFileInvalid', coded: true, text: expect.stringContaining('"crafted.tlckpt"') });
  });

  const fileMeta = (edit: (m: Json & { history: { updates: unknown[]; steps: unknown[]; losses: unknown[][] } }) => void): Uint8Array => {
    const bytes = packCheckpointFile(stored());
    const length = new DataView(bytes.buffer).getUint32(8, true);
    const meta = JSON.parse(new TextDecoder().decode(bytes.subarray(12, 12 + length))) as Parameters<typeof edit>[0];
    edit(meta);
    const json = new TextEncoder().encode(JSON.stringify(meta));
    const body = bytes.subarray(12 + length);
    const out = new Uint8Array(12 + json.byteLength + body.byteLength);
    out.set(bytes.subarray(0, 8));
    new DataView(out.buffer).setUint32(8, json.byteLength, true);
    out.set(json, 12);
    out.set(body, 12 + json.byteLength);
    return out;
  };

  it.each<[string, Parameters<typeof fileMeta>[0]]>([
    ['a step other than its header\'s', (m) => void (m.step = 13)],
    ['a negative step', (m) => void (m.step = -5)],
    ['a loss that is text', (m) => void (m.history.losses[0]![0] = 'low')],
    ['an iteration that is not a number', (m) => void (m.history.steps[1] = null)],
    ['an update without an id', (m) => void (m.history.updates[0] = { name: 'G' })],
    ['a description that is null', (m) => void Object.keys(m).forEach((k) => delete m[k])],
  ])('refuses a .tlckpt file with %s, with a coded message', (_what, edit) => {
    expect(refusal(() => unpackCheckpointFile(fileMeta(edit), 'crafted.tlckpt'))).toMatchObject({ code: 'run.checkpointFileInvalid', coded: true });
  });

  it('refuses a file whose description says it is longer than it is, with a coded message', () => {
    const bytes = packCheckpointFile(stored());
    new DataView(bytes.buffer).setUint32(8, 0xffffffff, true);
    expect(refusal(() => unpackCheckpointFile(bytes, 'long.tlckpt'))).toMatchObject({ code: 'run.checkpointFileInvalid', coded: true });
    expect(refusal(() => unpackCheckpointFile(new Uint8Array(0), 'empty.tlckpt'))).toMatchObject({ code: 'run.checkpointFileInvalid', coded: true });
  });
});
