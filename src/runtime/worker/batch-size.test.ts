import { describe, expect, it } from 'vitest';
import { TEMPLATES } from '../../../templates';
import type { GraphDoc } from '../../graph/types';
import { batchInfo } from './batch-size';

const template = (id: string): GraphDoc => structuredClone(TEMPLATES.find((t) => t.id === id)!.doc);

describe('the batch size of a training program', () => {
  it('is the batch of the one data node that feeds training (points are samples, not images)', () => {
    expect(batchInfo(template('gan-2d'))).toEqual({ size: 128, sources: [{ node: 'real', size: 128 }], images: false });
  });

  it('says images when the data are pictures', () => {
    const info = batchInfo(template('vae-mlp'))!;
    expect(info.images).toBe(true);
    expect(info.sources).toHaveLength(1);
    expect(info.size).toBe(info.sources[0]!.size);
  });

  it('takes the largest of several data nodes, and leaves out one that feeds a preview only', () => {
    const doc = template('gan-2d');
    const main = doc.main;
    main.nodes.find((n) => n.id === 'd_loss')!.params['count'] = 3;
    main.nodes.push(
      { id: 'real2', type: 'data.toy2d', params: { distribution: 'ring', batchSize: 256 }, position: { x: 0, y: 0 } },
      { id: 'D_real2', type: 'models.call', params: { model: 'discriminator' }, position: { x: 0, y: 0 } },
      { id: 'real2_loss', type: 'losses.bceLogits', params: { target: 'ones' }, position: { x: 0, y: 0 } },
      { id: 'shown', type: 'data.toy2d', params: { distribution: 'ring', batchSize: 999 }, position: { x: 0, y: 0 } },
      { id: 'shown_points', type: 'previews.scatter', params: { count: 512 }, position: { x: 0, y: 0 } },
    );
    main.edges.push(
      { id: 'x1', source: { node: 'real2', port: 'x' }, target: { node: 'D_real2', port: 'x' } },
      { id: 'x2', source: { node: 'D_real2', port: 'logit' }, target: { node: 'real2_loss', port: 'logits' } },
      { id: 'x3', source: { node: 'real2_loss', port: 'loss' }, target: { node: 'd_loss', port: 'loss3' } },
      { id: 'x4', source: { node: 'shown', port: 'x' }, target: { node: 'shown_points', port: 'points' } },
    );
    expect(batchInfo(doc)).toEqual({ size: 256, sources: [{ node: 'real2', size: 256 }, { node: 'real', size: 128 }], images: false });
  });

  it('is null when no data node feeds training', () => {
    const doc = template('gan-2d');
    doc.main.edges = doc.main.edges.filter((e) => e.source.node !== 'real');
    doc.main.nodes = doc.main.nodes.filter((n) => n.id !== 'real');
    expect(batchInfo(doc)).toBeNull();
  });
});
