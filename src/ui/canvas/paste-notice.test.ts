import { describe, expect, it } from 'vitest';
import type { GraphNode } from '../../graph/types';
import { leftOutOfPaste } from './paste-notice';

const node = (id: string, type: string): GraphNode => ({ id, type, params: {}, position: { x: 0, y: 0 } });
const frag = { nodes: [node('d1', 'layers.dense'), node('c1', 'layers.conv2d'), node('n', 'samplers.gaussian')], edges: [] };

describe('a paste that leaves nodes out says which and where they go', () => {
  it('layers into the training graph', () => {
    expect(leftOutOfPaste(frag, 1, { kind: 'main' })).toMatch(/^2 of the copied nodes \(Dense, Conv2D\) were left out: layers live inside models/);
  });

  it('training-graph nodes into a model', () => {
    expect(leftOutOfPaste(frag, 2, { kind: 'model', modelId: 'g' })).toMatch(/^1 of the copied nodes \(Gaussian Noise\) were left out: .* belong to the training graph/);
  });

  it('nothing to say when everything was pasted', () => {
    expect(leftOutOfPaste(frag, 3, { kind: 'main' })).toBeNull();
  });
});
