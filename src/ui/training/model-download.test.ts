// Downloading a trained model from the dashboard: the controller asks the worker for one model of
// the live session and saves what comes back as tfjs's browser download does (NAME.json naming
// NAME.weights.bin, and that file); the names are safe file names.
import { describe, expect, it } from 'vitest';
import { TEMPLATES } from '../../../templates';
import { trainingFingerprint } from '../../runtime/worker/fingerprint';
import type { FromWorker, ToWorker } from '../../runtime/worker/protocol';
import { DocStore } from '../../store/docStore';
import { SessionStore } from '../../store/session';
import { TrainingController } from './controller';
import type { ControllerIO } from './controller-io';
import { browserModelFiles, modelFilesBaseName } from './model-download';

function setup() {
  const doc = TEMPLATES.find((t) => t.id === 'gan-2d')!.doc;
  const sent: ToWorker[] = [];
  const files: { name: string; bytes: Uint8Array }[] = [];
  let deliver: (m: FromWorker) => void = () => undefined;
  const io: ControllerIO = {
    checkpoints: { save: async () => undefined, load: async () => null, remove: async () => undefined, list: async () => [] },
    saveFile: (name, bytes) => void files.push({ name, bytes }),
  };
  const c = new TrainingController({ doc: new DocStore(doc), session: new SessionStore() }, (onMessage) => {
    deliver = onMessage;
    return { send: (m) => void sent.push(m), terminate: () => undefined };
  }, io);
  c.connect();
  return { c, sent, files, deliver: (m: FromWorker) => deliver(m), fp: trainingFingerprint(doc) };
}

const MODEL_JSON = `${JSON.stringify({ format: 'layers-model', modelTopology: { a: 1 }, weightsManifest: [{ paths: ['weights.bin'], weights: [{ name: 'w', shape: [2], dtype: 'float32' }] }] })}\n`;

describe('model downloads', () => {
  it('names files safely', () => {
    expect(modelFilesBaseName('2-D GAN on a ring', 'generator', 54)).toBe('2-D-GAN-on-a-ring-generator-it54');
    expect(modelFilesBaseName(' ../x/y ', 'a b', 0)).toBe('x-y-a-b-it0');
    expect(modelFilesBaseName('', '', 3)).toBe('model-model-it3');
  });

  it('points the manifest at NAME.weights.bin and keeps everything else', () => {
    const bin = new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]);
    const [json, weights] = browserModelFiles(MODEL_JSON, bin, 'm-it1');
    expect(json.name).toBe('m-it1.json');
    expect(weights).toEqual({ name: 'm-it1.weights.bin', bytes: bin });
    const parsed = JSON.parse(new TextDecoder().decode(json.bytes)) as Record<string, unknown>;
    expect(parsed).toEqual({ ...JSON.parse(MODEL_JSON), weightsManifest: [{ paths: ['./m-it1.weights.bin'], weights: [{ name: 'w', shape: [2], dtype: 'float32' }] }] });
  });

  it('asks the worker for the picked model of the live session and saves its two files', () => {
    const t = setup();
    t.c.downloadModel('generator'); // nothing trains yet
    expect(t.sent).toEqual([]);
    expect(t.c.getSnapshot().notices[0]).toMatch(/nothing is training/);

    t.c.stepOnce();
    t.deliver({ type: 'ready', fingerprint: t.fp, step: 0, resumedFrom: null, updates: [], history: { steps: new Float64Array(0), losses: [] } });
    t.deliver({ type: 'sessionInfo', batch: { size: 128, sources: [{ node: 'real', size: 128 }], images: false }, models: ['generator', 'discriminator'] });
    t.deliver({ type: 'state', state: 'paused', step: 1, target: 1, targetFrom: 0, memory: { numTensors: 1, numBytes: 4, gpuBytes: null } });
    expect(t.c.getSnapshot()).toMatchObject({ models: ['generator', 'discriminator'], batch: { size: 128 } });

    t.c.downloadModel('discriminator');
    const ask = t.sent.at(-1)!;
    expect(ask).toMatchObject({ type: 'exportModel', modelId: 'discriminator' });
    if (ask.type !== 'exportModel') throw new Error('no request');
    expect(t.c.getSnapshot().exporting).toBe('discriminator');
    const bin = new Uint8Array([9, 9, 9, 9]);
    // an answer to an earlier request is not saved
    t.deliver({ type: 'exportModel', id: ask.id - 1, modelId: 'discriminator', result: { ok: true, modelJson: MODEL_JSON, weightsBin: bin.slice().buffer, step: 1 } });
    expect(t.files).toEqual([]);
    t.deliver({ type: 'exportModel', id: ask.id, modelId: 'discriminator', result: { ok: true, modelJson: MODEL_JSON, weightsBin: bin.slice().buffer, step: 1 } });
    expect(t.files.map((f) => f.name)).toEqual(['2-D-GAN-on-a-ring-of-Gaussians-discriminator-it1.json', '2-D-GAN-on-a-ring-of-Gaussians-discriminator-it1.weights.bin']);
    expect(Array.from(t.files[1]!.bytes)).toEqual([9, 9, 9, 9]);
    expect(t.c.getSnapshot().exporting).toBeNull();

    t.c.downloadModel('nope');
    const again = t.sent.at(-1) as Extract<ToWorker, { type: 'exportModel' }>;
    t.deliver({ type: 'exportModel', id: again.id, modelId: 'nope', result: { ok: false, message: 'There is no model "nope".' } });
    expect(t.c.getSnapshot().notices).toContain('There is no model "nope".');
    expect(t.files).toHaveLength(2);

    // a session that ends takes its models along
    t.deliver({ type: 'state', state: 'idle', step: 1, target: null, targetFrom: 1, memory: { numTensors: 0, numBytes: 0, gpuBytes: null } });
    expect(t.c.getSnapshot().models).toEqual([]);
  });
});
