import { describe, expect, it } from 'vitest';
import { TEMPLATES } from '../../../templates';
import { applyOverrides } from '../../graph/overrides';
import { saveDocument } from '../../graph/save';
import { renderIssue } from '../../messages';
import type { StoredCheckpoint } from '../../runtime/checkpoint-idb';
import { trainingFingerprint } from '../../runtime/worker/fingerprint';
import { checkpointFileName, checkUpload } from './checkpoint-upload';

const gan = TEMPLATES.find((t) => t.id === 'gan-2d')!.doc;
const fileOf = (graph: string): StoredCheckpoint => ({
  fingerprint: 'whatever', docName: 'GAN', step: 40, savedAt: 0, bytes: 0, graph, header: '', body: new Uint8Array(),
  history: { updates: [], steps: new Float64Array(), losses: [] },
});

describe('checkUpload', () => {
  it("accepts a checkpoint of the open graph, by its graph's own fingerprint", () => {
    const v = checkUpload(fileOf(saveDocument(gan)), 'a.tlckpt', trainingFingerprint(gan));
    expect(v).toEqual({ fits: true, fingerprint: trainingFingerprint(gan) });
  });

  it('refuses a checkpoint of another graph, offering that graph', () => {
    const other = applyOverrides(gan, { set: [{ node: 'noise', param: 'std', value: 2 }] }).doc;
    const v = checkUpload(fileOf(saveDocument(other)), 'b.tlckpt', trainingFingerprint(gan));
    expect(v.fits).toBe(false);
    if (v.fits) return;
    expect(v.issue.code).toBe('run.checkpointFileOtherGraph');
    expect(renderIssue(v.issue)).toContain('"b.tlckpt" (iteration 40) was trained from another graph ("GAN")');
    expect(trainingFingerprint(v.doc!)).toBe(trainingFingerprint(other));
  });

  it('refuses a checkpoint whose graph does not load', () => {
    const v = checkUpload(fileOf('{ nope'), 'c.tlckpt', trainingFingerprint(gan));
    expect(v.fits).toBe(false);
    if (!v.fits) expect(v).toMatchObject({ doc: null, issue: { code: 'run.checkpointFileInvalid' } });
  });

  it('names downloads after the graph and the iteration', () => {
    expect(checkpointFileName('2-D GAN (ring)', 120)).toBe('2-d-gan-ring-it120.tlckpt');
    expect(checkpointFileName('***', 0)).toBe('graph-it0.tlckpt');
  });
});
