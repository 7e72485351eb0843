// A checkpoint belongs to what a graph trains: layout, labels and names do not change that;
// params, wires, node types and models do.
import { produce } from 'immer';
import { describe, expect, it } from 'vitest';
import type { GraphDoc } from '../../graph/types';
import { TEMPLATES } from '../../../templates';
import { hash64, modelFingerprint, trainingFingerprint } from './fingerprint';

const gan = TEMPLATES.find((t) => t.id === 'gan-2d')!.doc;
const edit = (f: (d: GraphDoc) => void) => trainingFingerprint(produce(gan, f));
const base = trainingFingerprint(gan);

describe('trainingFingerprint', () => {
  it('is 16 hex digits and stable', () => {
    expect(base).toMatch(/^[0-9a-f]{16}$/);
    expect(trainingFingerprint(structuredClone(gan))).toBe(base);
  });

  it('ignores positions, labels, the name and the description', () => {
    expect(edit((d) => void (d.main.nodes[0]!.position = { x: 999, y: -5 }))).toBe(base);
    expect(edit((d) => void (d.main.nodes[0]!.label = 'renamed'))).toBe(base);
    expect(edit((d) => void (d.meta = { name: 'other', description: 'x' }))).toBe(base);
  });

  it('ignores the order of params within a node', () => {
    expect(edit((d) => {
      const n = d.main.nodes.find((x) => x.id === 'noise')!;
      n.params = Object.fromEntries(Object.entries(n.params).reverse());
    })).toBe(base);
  });

  it('changes with a param, a wire, a node type or a model', () => {
    const seen = new Set([
      base,
      edit((d) => void (d.main.nodes.find((x) => x.id === 'noise')!.params.std = 1e38)),
      edit((d) => void (d.main.edges[0]!.target.port = 'other')),
      edit((d) => void (d.models.generator!.nodes[1]!.type = 'layers.dropout')),
      edit((d) => void delete d.models.discriminator),
    ]);
    expect(seen.size).toBe(5);
  });

  it('hash64 spreads near-identical strings', () => {
    const hashes = new Set(Array.from({ length: 2000 }, (_, i) => hash64(`graph ${i}`)));
    expect(hashes.size).toBe(2000);
    expect(hash64('a')).not.toBe(hash64('b'));
  });
});

describe('modelFingerprint', () => {
  const gen = gan.models.generator!;
  it('is the same for the same subgraph under another id or layout, and differs with a param', () => {
    const moved = produce(gen, (g) => void (g.nodes[0]!.position = { x: 1, y: 2 }));
    expect(modelFingerprint(moved)).toBe(modelFingerprint(gen));
    expect(modelFingerprint(gan.models.discriminator!)).not.toBe(modelFingerprint(gen));
    const narrower = produce(gen, (g) => void (g.nodes.find((n) => n.type === 'layers.dense')!.params.units = 3));
    expect(modelFingerprint(narrower)).not.toBe(modelFingerprint(gen));
  });
});
