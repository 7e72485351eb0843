import { describe, expect, it } from 'vitest';
import { TEMPLATES } from '../../../templates';
import { initialSession } from '../../store/session';
import { selectedWire } from './wire';

const gan = TEMPLATES.find((t) => t.id === 'gan-2d')!.doc;

describe('selectedWire', () => {
  it('is the one edge selected in the training graph, named by its ends', () => {
    expect(selectedWire({ ...initialSession(), selectedEdges: ['e3'] }, gan)).toEqual({ edgeId: 'e3', node: 'gen', port: 'x', label: 'gen.x → D_fake.x' });
  });

  it('is none for several edges, edges with nodes, a model graph or an edge that is gone', () => {
    expect(selectedWire({ ...initialSession(), selectedEdges: ['e2', 'e3'] }, gan)).toBeNull();
    expect(selectedWire({ ...initialSession(), selectedEdges: ['e3'], selectedNodes: ['gen'] }, gan)).toBeNull();
    expect(selectedWire({ ...initialSession(), scope: { kind: 'model', modelId: 'generator' }, selectedEdges: ['e3'] }, gan)).toBeNull();
    expect(selectedWire({ ...initialSession(), selectedEdges: ['gone'] }, gan)).toBeNull();
    expect(selectedWire(initialSession(), gan)).toBeNull();
  });
});
