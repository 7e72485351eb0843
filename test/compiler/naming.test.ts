// tfjs names of models and layers: valid for tfjs whatever the ids (it refuses a name that starts
// with "_" or holds anything but letters, digits, "-", "_", "." and "/"), and one name per node of
// the document (two layers of one name in a model are refused), while ids that are already plain
// keep the names that checkpoints, imports and exported code know.
import { describe, expect, it } from 'vitest';
import { layerName } from '../../src/compiler/lower';
import type { GraphDoc } from '../../src/graph/types';
import { disposeSession } from '../../src/runtime/session';
import { train } from '../../src/runtime/trainer';
import { cpuSession, template } from '../helpers/cpu-session';

const TFJS_NAME = /^[A-Za-z0-9][-A-Za-z0-9._/]*$/;

const ODD_IDS = ['生成器', '_gen', '-gen', 'gen_', 'a__b', 'a_b', 'a', 'b__c', 'b', 'c', 'h-1', 'h_1', 'h.1', 'h 1', 'x-h-2d-1', 'x', '_', '__', '-', '😀', 'ü', 'constructor', '__proto__', ''];

describe('layerName', () => {
  it('gives every (model, node) pair its own valid tfjs name', () => {
    const names = new Map<string, string>();
    for (const m of ODD_IDS) {
      for (const n of ODD_IDS) {
        const name = layerName(m, n);
        expect(name, `${m} / ${n}`).toMatch(TFJS_NAME);
        const before = names.get(name);
        expect(before, `${m} / ${n} is named ${name}, as ${before} is`).toBeUndefined();
        names.set(name, `${m} / ${n}`);
      }
    }
  });

  it('keeps the names of plain ids', () => {
    expect(layerName('generator', 'to_map')).toBe('generator__to_map');
    expect(layerName('unet', 'down1_conv1')).toBe('unet__down1_conv1');
  });
});

function renameModel(doc: GraphDoc, from: string, to: string): GraphDoc {
  const d = structuredClone(doc);
  d.models = Object.fromEntries(Object.entries(d.models).map(([id, g]) => [id === from ? to : id, g]));
  for (const n of d.main.nodes) {
    if (n.params.model === from) n.params.model = to;
    if (Array.isArray(n.params.models)) n.params.models = (n.params.models as string[]).map((m) => (m === from ? to : m));
  }
  return d;
}

function renameNodes(doc: GraphDoc, model: string, names: Record<string, string>): GraphDoc {
  const d = structuredClone(doc);
  const g = d.models[model]!;
  const to = (id: string) => names[id] ?? id;
  for (const n of g.nodes) n.id = to(n.id);
  for (const e of g.edges) {
    e.source.node = to(e.source.node);
    e.target.node = to(e.target.node);
  }
  return d;
}

describe('graphs with odd ids compile and train', () => {
  const gan = template('gan-2d');
  const cases: [string, GraphDoc][] = [
    ['model "生成器"', renameModel(gan, 'generator', '生成器')],
    ['model "_gen"', renameModel(gan, 'generator', '_gen')],
    ['model "-gen"', renameModel(gan, 'generator', '-gen')],
    ['nodes "h-1" and "h_1" in one model', renameNodes(gan, 'generator', { h1: 'h-1', h2: 'h_1' })],
    ['models "a__b" and "a" with nodes "c" and "b__c"', renameNodes(renameNodes(renameModel(renameModel(gan, 'generator', 'a__b'), 'discriminator', 'a'), 'a__b', { h1: 'c' }), 'a', { h1: 'b__c' })],
  ];
  it.each(cases)('%s', async (_name, doc) => {
    const s = await cpuSession(doc, { batchSize: 2 });
    const r = await train(s, { steps: 1, metricsEvery: 1 });
    expect(r.status).toBe('done');
    const names = Object.values(s.models).flatMap((m) => m.layers.map((l) => l.name));
    expect(new Set(names).size).toBe(names.length);
    disposeSession(s);
  });
});
