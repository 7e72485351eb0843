// `emit` writes TypeScript that builds the same layer as `build`: the emitted expressions run and
// give the same class and config, and they type-check against tfjs and the custom layer classes.
import * as tf from '@tensorflow/tfjs';
import path from 'node:path';
import ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';
import type { LayerNodeSpec } from '../spec';
import { customLayerClasses } from './custom';
import { layerNodes } from './index';
import { paramsOf } from './test-support';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Param sets per node: the defaults, plus variations that change what is emitted. */
const VARIANTS: Record<string, Record<string, unknown>[]> = {
  'layers.dense': [{ units: 3, activation: 'tanh', useBias: false }],
  'layers.conv2d': [{ filters: 4, kernelSize: 5, strides: 2, padding: 'valid', activation: 'relu', useBias: false }],
  'layers.conv2dTranspose': [{ filters: 4, kernelSize: 4, strides: 2, padding: 'same', activation: 'sigmoid' }],
  'layers.upSampling2d': [{ size: 3, interpolation: 'bilinear' }],
  'layers.maxPool2d': [{ poolSize: 3, strides: 1, padding: 'same' }],
  'layers.avgPool2d': [{ poolSize: 3, strides: 1, padding: 'same' }],
  'layers.reshape': [{ targetShape: [2, 3] }],
  'layers.concatenate': [{ inputs: 5 }],
  'layers.add': [{ inputs: 3 }],
  'layers.multiply': [{ inputs: 3 }],
  'layers.batchNorm': [{ momentum: 0.9, epsilon: 1e-5 }],
  'layers.layerNorm': [{ epsilon: 1e-6 }],
  'layers.groupNorm': [{ groups: 4, epsilon: 1e-6 }],
  'layers.dropout': [{ rate: 0.1 }],
  'layers.activation': ['leakyRelu', 'elu', 'tanh', 'sigmoid', 'swish', 'gelu', 'softplus'].map((activation) => ({ activation, alpha: 0.1 })),
  'layers.timestepEmbedding': [{ dim: 16, maxPeriod: 1000 }],
  'layers.selfAttention2d': [{ heads: 4 }],
};

const cases = layerNodes.flatMap((node) => {
  const spec = node as LayerNodeSpec;
  return [{}, ...(VARIANTS[spec.type] ?? [])].map((stored, i) => ({ label: `${spec.type} #${i}`, spec, stored, name: `n${i}` }));
});

/** What may legitimately differ: seeds (build draws them from the training seed, emitted code has none). */
function withoutSeeds(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutSeeds);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).filter(([k]) => k !== 'seed').map(([k, v]) => [k, withoutSeeds(v)]));
}

const scope = { tf, ...customLayerClasses(tf) };

function runEmitted(code: string): tf.layers.Layer {
  const make = new Function(...Object.keys(scope), `return ${code};`) as (...classes: unknown[]) => unknown;
  const layer = make(...Object.values(scope));
  if (!(layer instanceof tf.layers.Layer)) throw new Error(`emitted code did not make a layer: ${code}`);
  return layer;
}

describe('emit', () => {
  it('covers every registered layer node with variations', () => {
    expect(layerNodes.map((n) => n.type).filter((t) => t !== 'layers.globalAvgPool' && t !== 'layers.flatten' && !VARIANTS[t])).toEqual([]);
  });

  it.each(cases)('$label builds the same layer as build', ({ spec, stored, name }) => {
    const params = paramsOf(spec, stored);
    const built = spec.build(tf, params, { name, seed: 5, nextSeed: () => 1 });
    const emitted = runEmitted(spec.emit(params, { name }));
    expect(emitted.getClassName()).toBe(built.getClassName());
    expect(withoutSeeds(emitted.getConfig())).toEqual(withoutSeeds(built.getConfig()));
  });

  it('type-checks against tfjs and the custom layer classes', () => {
    const root = path.resolve(__dirname, '../..');
    const file = path.join(root, 'nodes/layers/__emitted__.ts');
    const source = [
      `import * as tf from '@tensorflow/tfjs';`,
      `import { customLayerClasses } from './custom';`,
      `const { ${Object.keys(customLayerClasses(tf)).join(', ')} } = customLayerClasses(tf);`,
      `export const layers: tf.layers.Layer[] = [`,
      ...cases.map(({ spec, stored, name }) => `  ${spec.emit(paramsOf(spec, stored), { name })},`),
      `];`,
    ].join('\n');

    const config = ts.getParsedCommandLineOfConfigFile(path.join(root, 'tsconfig.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} });
    if (!config) throw new Error('cannot read tsconfig.json');
    const host = ts.createCompilerHost(config.options);
    const { getSourceFile, fileExists, readFile } = host;
    host.fileExists = (f) => f === file || fileExists.call(host, f);
    host.readFile = (f) => (f === file ? source : readFile.call(host, f));
    host.getSourceFile = (f, lang, ...rest) => (f === file ? ts.createSourceFile(f, source, lang) : getSourceFile.call(host, f, lang, ...rest));
    const program = ts.createProgram({ rootNames: [file], options: { ...config.options, noEmit: true }, host });
    const problems = ts
      .getPreEmitDiagnostics(program, program.getSourceFile(file))
      .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    expect(problems).toEqual([]);
  });
});
