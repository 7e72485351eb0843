import { describe, expect, it } from 'vitest';
import type { GraphDoc, GraphNode, GraphScope } from '../graph/types';
import { DocStore, type Recipe } from './docStore';
import {
  addModel, addNode, connect, disconnect, extractFragment, graphIn, moveNodes, paste, prepareFragment,
  removeModel, removeNodes, renameModel, replaceDoc, setLabel, setMeta, setParam,
} from './edits';
import { node, sampleDoc, seededRandom, type Random } from './fixtures';

const mlp: GraphScope = { kind: 'model', modelId: 'mlp' };
const refs = (n: GraphNode) => (n.type === 'models.call' ? [{ param: 'model', many: false }] : []);

describe('DocStore history', () => {
  it('undoes and redoes one edit', () => {
    const s = new DocStore(sampleDoc());
    const before = s.current;
    expect(s.apply(setParam(mlp, 'dense1', 'units', 10), 'Set units')).toBe(true);
    const after = s.current;
    expect(s.getSnapshot().undoLabel).toBe('Set units');
    s.undo();
    expect(s.current).toEqual(before);
    s.redo();
    expect(s.current).toEqual(after);
    expect(s.getSnapshot().canRedo).toBe(false);
  });

  it('records nothing for an edit that changes nothing', () => {
    const s = new DocStore(sampleDoc());
    expect(s.apply(setParam(mlp, 'dense1', 'units', 64))).toBe(false);
    expect(s.getSnapshot().canUndo).toBe(false);
  });

  it('turns a whole drag into one history entry', () => {
    const s = new DocStore(sampleDoc());
    const before = s.current;
    for (let i = 1; i <= 30; i++) s.preview(moveNodes(mlp, [{ id: 'dense1', position: { x: 200 + i, y: i } }]));
    expect(s.getSnapshot().committed).toBe(before);
    expect(s.getSnapshot().canUndo).toBe(false);
    s.commitPreview();
    expect(graphIn(s.current, mlp)!.nodes[1]!.position).toEqual({ x: 230, y: 30 });
    s.undo();
    expect(s.current).toEqual(before);
    expect(s.getSnapshot().canUndo).toBe(false);
  });

  it('a drag whose every frame carries all its moves replays only the last at the end, with the same result', () => {
    const s = new DocStore(sampleDoc());
    const before = s.current;
    const ids = graphIn(before, mlp)!.nodes.map((n) => n.id);
    let replayed = 0;
    for (let i = 1; i <= 30; i++) {
      const frame = moveNodes(mlp, ids.map((id) => ({ id, position: { x: i, y: 2 * i } })));
      s.preview((d) => {
        replayed++;
        return frame(d);
      }, true);
    }
    replayed = 0;
    s.commitPreview('Move all');
    expect(replayed).toBe(1);
    expect(graphIn(s.current, mlp)!.nodes.map((n) => n.position)).toEqual(ids.map(() => ({ x: 30, y: 60 })));
    expect(s.getSnapshot().undoLabel).toBe('Move all');
    s.undo();
    expect(s.current).toEqual(before);
  });

  it('a new edit clears the redo stack', () => {
    const s = new DocStore(sampleDoc());
    s.apply(setParam(mlp, 'dense1', 'units', 1));
    s.undo();
    s.apply(setParam(mlp, 'dense1', 'units', 2));
    expect(s.redo()).toBe(false);
  });

  it('undoes a replaced document', () => {
    const s = new DocStore(sampleDoc());
    const other: GraphDoc = { ...sampleDoc(), meta: { name: 'other', description: '' }, models: {} };
    s.apply(replaceDoc(other));
    expect(s.current).toEqual(other);
    s.undo();
    expect(s.current).toEqual(sampleDoc());
  });
});

/** One random edit that fits the current document (sometimes one that does nothing). */
function randomEdit(rng: Random, doc: GraphDoc, step: number): { recipe: Recipe; drag?: boolean } {
  const scopes: GraphScope[] = [{ kind: 'main' }, ...Object.keys(doc.models).map((modelId) => ({ kind: 'model' as const, modelId }))];
  const scope = scopes[rng.int(scopes.length)]!;
  const g = graphIn(doc, scope)!;
  const pick = <T,>(xs: readonly T[]): T | undefined => xs[rng.int(xs.length)];
  const someIds = () => g.nodes.filter(() => rng.next() < 0.4).map((n) => n.id);
  switch (rng.int(13)) {
    case 0: case 1:
      return { recipe: addNode(scope, node(`n${step}`, pick(['layers.dense', 'models.input', 'x.y'])!, rng.int(500), rng.int(500), { units: rng.int(9) })) };
    case 2:
      return { recipe: removeNodes(scope, someIds()) };
    case 3: case 4: {
      const a = pick(g.nodes), b = pick(g.nodes);
      if (!a || !b) return { recipe: () => {} };
      return { recipe: connect(scope, { id: `e${step}`, source: { node: a.id, port: pick(['out', 'mu'])! }, target: { node: b.id, port: pick(['in', 'x'])! } }) };
    }
    case 5:
      return { recipe: disconnect(scope, g.edges.filter(() => rng.next() < 0.5).map((e) => e.id)) };
    case 6: {
      const n = pick(g.nodes);
      const value = pick([rng.int(100), 'relu', true, [28, 28, 1], ['mlp']])!;
      return { recipe: n ? setParam(scope, n.id, pick(['units', 'activation', 'shape'])!, value) : () => {} };
    }
    case 7: {
      const moves = someIds().map((id) => ({ id, position: { x: rng.int(900), y: rng.int(900) } }));
      return { recipe: moveNodes(scope, moves), drag: rng.next() < 0.5 };
    }
    case 8: {
      const n = pick(g.nodes);
      return { recipe: n ? setLabel(scope, n.id, pick(['', 'enc', 'hidden layer', undefined])) : () => {} };
    }
    case 9:
      return { recipe: addModel(`m${step}`, { nodes: [node('input1', 'models.input')], edges: [] }) };
    case 10: {
      const ids = Object.keys(doc.models);
      const from = pick(ids);
      if (!from) return { recipe: () => {} };
      return { recipe: rng.next() < 0.7 ? renameModel(from, `r${step}`, refs) : removeModel(from) };
    }
    case 11: {
      const frag = prepareFragment(g, extractFragment(g, someIds()), { x: 40, y: 40 });
      return { recipe: paste(scope, frag) };
    }
    default:
      return rng.next() < 0.2
        ? { recipe: replaceDoc(sampleDoc()) }
        : { recipe: setMeta({ name: `doc ${rng.int(5)}` }) };
  }
}

describe('DocStore history, property', () => {
  for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
    it(`random edits, undo all, redo all (seed ${seed})`, () => {
      const rng = seededRandom(seed);
      const original = sampleDoc();
      const store = new DocStore(structuredClone(original));
      const states: GraphDoc[] = [structuredClone(original)];
      for (let step = 0; step < 120; step++) {
        const { recipe, drag } = randomEdit(rng, store.current, step);
        let changed: boolean;
        if (drag) {
          store.preview(recipe);
          changed = store.commitPreview();
        } else {
          changed = store.apply(recipe);
        }
        if (changed) states.push(structuredClone(store.current));
        else expect(store.current).toEqual(states.at(-1));
      }
      expect(states.length).toBeGreaterThan(40); // the generator really edits
      const final = states.at(-1)!;
      // undo step by step: every intermediate state comes back, then the original exactly
      for (let i = states.length - 2; i >= 0; i--) {
        expect(store.undo()).toBe(true);
        expect(store.current).toEqual(states[i]);
      }
      expect(store.undo()).toBe(false);
      expect(store.current).toEqual(original);
      for (let i = 1; i < states.length; i++) expect(store.redo()).toBe(true);
      expect(store.redo()).toBe(false);
      expect(store.current).toEqual(final);
    });
  }
});
