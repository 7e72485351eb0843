// `emit` writes TypeScript that builds the same layer as `build`, unseeded or with the exporter's
// seed expressions: the emitted expressions run and give the same class and config, and they
// type-check against tfjs and the custom layer classes.
import * as tf from '@tensorflow/tfjs';
import path from 'node:path';
import ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';
import type { LayerNodeSpec } from '../spec';
import { customLayerClasses } from './custom';
import { layerNodes } from './index';
import { neighbours, paramsOf } from './test-support';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Param sets per node: the defaults, and its examples and their neighbours (each changes what is emitted). */
const cases = layerNodes.flatMap((node) => {
  const spec = node as LayerNodeSpec;
  const stored = [{}, ...spec.examples.flatMap((example) => neighbours(spec, example))];
  const distinct = [...new Map(stored.map((p) => [JSON.stringify(p), p])).values()];
  return distinct.map((p, i) => ({ label: `${spec.type} #${i} ${JSON.stringify(p)}`, spec, stored: p, name: `n${i}` }));
});

/** Seed expressions as the exported model builder has them in scope. */
const SEEDS = { seed: 'seedOf()', nextSeed: '() => rng.seed()' };

/** What may legitimately differ: seeds (build draws them from the training seed, unseeded code has none). */
function withoutSeeds(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutSeeds);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).filter(([k]) => k !== 'seed').map(([k, v]) => [k, withoutSeeds(v)]));
}

const scope = { tf, seedOf: () => 5, rng: { seed: () => 1 }, ...customLayerClasses(tf) };

function runEmitted(code: string): tf.layers.Layer {
  const make = new Function(...Object.keys(scope), `return ${code};`) as (...classes: unknown[]) => unknown;
  const layer = make(...Object.values(scope));
  if (!(layer instanceof tf.layers.Layer)) throw new Error(`emitted code did not make a layer: ${code}`);
  return layer;
}

describe('emit', () => {
  it.each(cases)('$label builds the same layer as build', ({ spec, stored, name }) => {
    const params = paramsOf(spec, stored);
    const built = spec.build(tf, params, { name, seed: 5, nextSeed: () => 1 });
    for (const code of [spec.emit(params, { name }), spec.emit(params, { name, seeds: SEEDS })]) {
      const emitted = runEmitted(code);
      expect(emitted.getClassName()).toBe(built.getClassName());
      expect(withoutSeeds(emitted.getConfig())).toEqual(withoutSeeds(built.getConfig()));
    }
  });

  it('type-checks against tfjs and the custom layer classes', () => {
    const root = path.resolve(__dirname, '../..');
    const file = path.join(root, 'nodes/layers/__emitted__.ts');
    const source = [
      `import * as tf from '@tensorflow/tfjs';`,
      `import { customLayerClasses } from './custom';`,
      `const { ${Object.keys(customLayerClasses(tf)).join(', ')} } = customLayerClasses(tf);`,
      `const seedOf = (): number => 5;`,
      `const rng = { seed: (): number => 1 };`,
      `export const layers: tf.layers.Layer[] = [`,
      ...cases.flatMap(({ spec, stored, name }) => {
        const params = paramsOf(spec, stored);
        return [`  ${spec.emit(params, { name })},`, `  ${spec.emit(params, { name, seeds: SEEDS })},`];
      }),
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
