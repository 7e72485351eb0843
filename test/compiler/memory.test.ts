// Sizes a backend cannot hold are found by `check`, from shapes and parameter counts alone: one
// tensor over 2^31 - 1 values, models whose checkpoint would pass 4 GiB, a training step of more
// memory than any backend has. Sizes past WebAssembly's 4 GiB warn; the templates say nothing.
import { describe, expect, it } from 'vitest';
import { analyze, analyzeFront } from '../../src/compiler/analyze';
import type { Diagnostic } from '../../src/compiler/diagnostics';
import { estimateMemory } from '../../src/compiler/memory';
import type { GraphDoc, ParamValue } from '../../src/graph/types';
import { TEMPLATES } from '../../templates';
import { template } from '../helpers/cpu-session';

const sizeFindings = (d: GraphDoc) => analyze(d).diagnostics.filter((x) => x.code.startsWith('size.'));
const at = (ds: Diagnostic[]) => ds.map((d) => [d.code, d.severity, d.scope.kind === 'model' ? `${d.scope.modelId}/${d.nodeId ?? ''}` : (d.nodeId ?? '')]);

function withParams(doc: GraphDoc, rows: [node: string, param: string, value: ParamValue][]): GraphDoc {
  const d = structuredClone(doc);
  for (const [ref, param, value] of rows) {
    const [model, id] = ref.includes('/') ? ref.split('/') : [undefined, ref];
    const g = model ? d.models[model]! : d.main;
    g.nodes.find((n) => n.id === id)!.params[param] = value;
  }
  return d;
}

const gan = template('gan-2d');

describe('sizes no backend can hold', () => {
  it('a dimension of 1e12: the tensors it makes are refused where they are made', () => {
    const d = withParams(gan, [['generator/z', 'shape', [1e12]], ['noise', 'shape', [1e12]]]);
    const found = sizeFindings(d);
    expect(at(found)).toEqual(expect.arrayContaining([['size.tensor', 'error', 'noise'], ['size.tensor', 'error', 'generator/z']]));
    expect(found.find((x) => x.nodeId === 'noise')!.message).toMatch(/^Gaussian Noise "noise": output "out" would be \[128, 1000000000000\], 128,000,000,000,000 values.*2,147,483,647/);
  });

  it('a dimension of 1e308: sizes past any number are named as such, never "Infinity"', () => {
    const d = withParams(gan, [['generator/z', 'shape', [1e308]], ['noise', 'shape', [1e308]]]);
    const found = sizeFindings(d);
    expect(found.length).toBeGreaterThan(0);
    for (const f of found) expect(f.message).not.toMatch(/Infinity|NaN/);
    expect(found.map((f) => f.message).join('\n')).toMatch(/more than 10\^308/);
  });

  it('Dense 65536 after Dense 65536: a weight matrix of 4.3 billion values is refused on the layer', () => {
    const d = withParams(gan, [['generator/h1', 'units', 65536], ['generator/h2', 'units', 65536]]);
    const found = sizeFindings(d);
    expect(at(found)).toContainEqual(['size.weights', 'error', 'generator/h2']);
    expect(found.find((x) => x.code === 'size.weights')!.message).toMatch(/4,295,032,832 weights/);
  });

  it('models of 1.6 billion weights: a checkpoint past 4 GiB is refused', () => {
    const d = withParams(gan, [['generator/h1', 'units', 40000], ['generator/h2', 'units', 40000]]);
    expect(at(sizeFindings(d))).toContainEqual(['size.checkpoint', 'error', '']);
  });

  it('a step needing more than WebAssembly can address warns, and still trains elsewhere', () => {
    const d = withParams(gan, [['generator/h1', 'units', 65536], ['generator/h2', 'units', 5000]]);
    const found = sizeFindings(d);
    expect(at(found)).toEqual([['size.memory', 'warning', '']]);
    expect(found[0]!.message).toMatch(/about 5\.\d GiB.*WebAssembly.*4 GiB/);
  });

  it.each(TEMPLATES.map((t) => [t.id, t.doc] as const))('template %s: nothing to say', (_id, doc) => {
    expect(sizeFindings(doc)).toEqual([]);
  });
});

describe('the estimate', () => {
  it('counts the weights as the model summary does, and every instance its activations at its batch', () => {
    // generator 8→128→128→2, discriminator 2→128→128→1, each Dense with a bias
    const weights = 8 * 128 + 128 + 128 * 128 + 128 + 128 * 2 + 2 + (2 * 128 + 128 + 128 * 128 + 128 + 128 + 1);
    const m = estimateMemory(analyzeFront(gan));
    expect(m.weights).toBe(weights);
    // the discriminator runs twice (real and fake points), so its activations count twice
    const twice = estimateMemory(analyzeFront(withParams(gan, [['discriminator/h1', 'units', 129]])));
    expect(twice.activations - m.activations).toBeGreaterThanOrEqual(2 * 128);
    expect(m.bytes).toBe(4 * (4 * m.weights + 2 * m.activations));
  });
});
