import { describe, expect, it } from 'vitest';
import { TEMPLATES } from '../../templates';
import { exportTypeScript, exportTypeScriptWithLines } from './index';
import { linesOfNodes, markLinesSince, markNode, takeNodeLines, type NodeLines } from './node-lines';

const text = (code: string, r: { start: number; end: number }) => code.split('\n').slice(r.start - 1, r.end).join('\n');

describe('takeNodeLines', () => {
  it('removes the markers and records the lines between them, nested ones too', () => {
    const inner = markNode(true, 'main', 'a', 'const a = 1;\nconst b = 2;');
    const marked = ['// head', markNode(true, 'main', 'opt', `function f() {\n  ${inner.split('\n').join('\n  ')}\n}`), '// tail'].join('\n');
    const { code, ranges } = takeNodeLines(marked);
    expect(code).toBe('// head\nfunction f() {\n  const a = 1;\n  const b = 2;\n}\n// tail');
    expect(ranges).toEqual([
      { scope: 'main', nodeId: 'opt', start: 2, end: 5 },
      { scope: 'main', nodeId: 'a', start: 3, end: 4 },
    ]);
  });

  it('keeps odd node ids intact', () => {
    const { ranges } = takeNodeLines(markNode(true, 'model:g"1', 'x ]\n"y', 'x;'));
    expect(ranges).toEqual([{ scope: 'model:g"1', nodeId: 'x ]\n"y', start: 1, end: 1 }]);
  });

  it('leaves code alone when markers are off, and refuses unbalanced markers', () => {
    expect(markNode(false, 'main', 'a', 'x;')).toBe('x;');
    const lines = ['a;'];
    markLinesSince(false, lines, 0, 'main', 'a');
    expect(lines).toEqual(['a;']);
    expect(() => takeNodeLines(markNode(true, 'main', 'a', 'x;').split('\n').slice(0, 2).join('\n'))).toThrow(/no end marker/);
  });

  it('markLinesSince wraps only what was appended', () => {
    const lines = ['keep;', 'one;', 'two;'];
    markLinesSince(true, lines, 1, 'main', 'n');
    expect(takeNodeLines(lines.join('\n')).ranges).toEqual([{ scope: 'main', nodeId: 'n', start: 2, end: 3 }]);
  });
});

describe('linesOfNodes', () => {
  const r = (nodeId: string, start: number, end: number, scope = 'main'): NodeLines => ({ scope, nodeId, start, end });
  it('picks the nodes of one graph and merges touching ranges', () => {
    const ranges = [r('a', 10, 12), r('b', 13, 14), r('a', 30, 31), r('a', 1, 2, 'model:g'), r('c', 20, 22)];
    expect(linesOfNodes(ranges, 'main', ['a', 'b'])).toEqual([{ start: 10, end: 14 }, { start: 30, end: 31 }]);
    expect(linesOfNodes(ranges, 'model:g', ['a'])).toEqual([{ start: 1, end: 2 }]);
    expect(linesOfNodes(ranges, 'main', ['zzz'])).toEqual([]);
  });
});

describe('exportTypeScriptWithLines', () => {
  it.each(TEMPLATES.map((t) => [t.id, t] as const))('%s: the same code as the plain export, and a range for every layer', async (_id, t) => {
    const [plain, withLines] = await Promise.all([exportTypeScript(t.doc), exportTypeScriptWithLines(t.doc)]);
    expect(withLines.code).toBe(plain);
    expect(withLines.code).not.toContain('@tensorloom-node');
    const copiedOnly = new Set(Object.values(t.doc.models).flatMap((g) => g.nodes.filter((n) => n.params.weights === 'own').map((n) => String(n.params.model))));
    for (const [modelId, graph] of Object.entries(t.doc.models)) {
      // a model run only as own-weights copies is written where its copies are
      if (copiedOnly.has(modelId)) continue;
      for (const n of graph.nodes.filter((nd) => nd.type.startsWith('layers.') || nd.type === 'models.input')) {
        const found = linesOfNodes(withLines.ranges, `model:${modelId}`, [n.id]);
        expect(found, `${modelId}/${n.id}`).toHaveLength(1);
        expect(text(plain, found[0]!)).toContain(`'${modelId}__${n.id}'`);
      }
      // an own-weights Model node marks the lines of every layer of its copy
      for (const n of graph.nodes.filter((nd) => nd.params.weights === 'own')) {
        const found = linesOfNodes(withLines.ranges, `model:${modelId}`, [n.id]);
        const copied = t.doc.models[String(n.params.model)]!.nodes.filter((nd) => nd.type.startsWith('layers.'));
        expect(found.length, `${modelId}/${n.id}`).toBeGreaterThan(0);
        const marked = found.map((r) => text(plain, r)).join('\n');
        for (const c of copied) expect(marked, `${modelId}/${n.id}_${c.id}`).toContain(`'${modelId}__${n.id}_${c.id}'`);
      }
    }
  });

  it('vae-mlp: a Dense layer, a model call and an optimizer map to their own code', async () => {
    const t = TEMPLATES.find((x) => x.id === 'vae-mlp')!;
    const { code, ranges } = await exportTypeScriptWithLines(t.doc);
    const [h] = linesOfNodes(ranges, 'model:encoder', ['h']);
    expect(text(code, h!)).toMatch(/^ {2}\/\/ \[batch, 400\]\n {2}const h = tf\.layers\n[\s\S]*units: 400,[\s\S]*\.apply\(flat\) as tf\.SymbolicTensor;$/);
    // the encoder is called in the loss and in the reconstruction preview
    const enc = linesOfNodes(ranges, 'main', ['enc']);
    expect(enc).toHaveLength(2);
    for (const r of enc) expect(text(code, r)).toContain('const enc = applyEncoder(t.models.encoder, data.x');
    const [opt] = linesOfNodes(ranges, 'main', ['opt']);
    expect(text(code, opt!)).toMatch(/^\/\*\*[\s\S]*function lossForVae\(t: Training\): tf\.Scalar \{[\s\S]*\n\}$/);
    expect(opt!.start < enc[0]!.start && enc[0]!.end < opt!.end).toBe(true);
  });
});
