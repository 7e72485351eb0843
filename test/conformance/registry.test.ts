// Every registered node against the node meta-schema: identity, docs for learners, params whose
// defaults are valid, ports, the functions its role needs, and examples its inferShape gives; and
// every node brings all its parts in its own file, so a new node is its file and a registry line.
import { describe, expect, it } from 'vitest';
import { NODE_SPECS } from '../../nodes';
import { resolveParams } from '../../nodes/params';
import type { NodeSpec, ParamSpec } from '../../nodes/spec';
import { opEmitterFor, optimizerEmitterFor } from '../../src/codegen/emitters';

const ctx = { models: {} };
const CATEGORIES = ['data', 'models', 'layers', 'samplers', 'tensors', 'losses', 'metrics', 'optimizers', 'previews'];
const ROLE_FUNCTIONS: Record<NodeSpec['role'], string[]> = {
  layer: ['build', 'emit', 'paramCount'],
  data: ['run'],
  sampler: ['run'],
  loss: ['run'],
  preview: ['run'],
  metric: ['run'],
  op: ['run'],
  optimizer: ['create'],
  'model-input': [],
  'model-output': [],
  'model-call': [],
};

/** The parts a node lacks: docs, ports, params, shape inference, its role's functions, examples (layers), emitted code. */
function missingParts(spec: NodeSpec): string[] {
  const fields = spec as unknown as Record<string, unknown>;
  const fn = (key: string) => typeof fields[key] === 'function';
  const missing: string[] = [];
  if (!spec.docs?.summary?.trim() || !spec.docs.intuition?.trim()) missing.push('docs');
  if (!fn('inputs') || !fn('outputs')) missing.push('ports');
  if (typeof spec.params !== 'object' || spec.params === null) missing.push('params');
  if (!fn('inferShape')) missing.push('inferShape');
  missing.push(...(ROLE_FUNCTIONS[spec.role] ?? []).filter((f) => !fn(f)));
  if (spec.role === 'layer' && !(Array.isArray(spec.examples) && spec.examples.length > 0)) missing.push('examples');
  // layers emit through their own `emit`; plumbing is written by the program writer
  const emits = spec.role === 'optimizer' ? !!optimizerEmitterFor(spec.type) : spec.role === 'layer' || spec.role.startsWith('model-') || !!opEmitterFor(spec.type);
  if (!emits) missing.push('emitted code');
  return missing;
}

function checkParam(name: string, p: ParamSpec): string[] {
  const problems: string[] = [];
  if (!/^([a-z][A-Za-z0-9]*|[A-Z])$/.test(name)) problems.push(`param name "${name}" is not camelCase`);
  if (p.doc.trim().length < 8) problems.push(`param "${name}" has no real tooltip`);
  if ((p.kind === 'int' || p.kind === 'float') && p.min !== undefined && p.max !== undefined && p.min > p.max) problems.push(`param "${name}": min > max`);
  if (p.kind === 'enum' && new Set(p.options).size !== p.options.length) problems.push(`param "${name}": repeated options`);
  return problems;
}

describe('node registry', () => {
  it('has the catalogue the product promises', () => {
    const types = new Set(NODE_SPECS.map((s) => s.type));
    for (const t of [
      'data.mnist', 'data.fashionMnist', 'data.toy2d', 'models.input', 'models.output', 'models.call',
      'layers.dense', 'layers.conv2d', 'layers.conv2dTranspose', 'layers.upSampling2d', 'layers.maxPool2d', 'layers.avgPool2d',
      'layers.globalAvgPool', 'layers.flatten', 'layers.reshape', 'layers.concatenate', 'layers.add', 'layers.multiply',
      'layers.batchNorm', 'layers.layerNorm', 'layers.groupNorm', 'layers.dropout', 'layers.activation',
      'layers.timestepEmbedding', 'layers.selfAttention2d',
      'samplers.gaussian', 'samplers.uniform', 'samplers.reparameterize', 'samplers.diffusionForward', 'samplers.ddpm', 'samplers.ddim',
      'losses.bceLogits', 'losses.mse', 'losses.mae', 'losses.klNormal', 'losses.hinge', 'losses.wasserstein',
      'losses.featureMatching', 'losses.weightedSum', 'losses.scale',
      'optimizers.sgd', 'optimizers.adam', 'optimizers.adamw', 'optimizers.rmsprop',
      'previews.imageGrid', 'previews.scatter',
    ]) expect(types, `missing ${t}`).toContain(t);
  });

  it('has unique type keys', () => {
    const types = NODE_SPECS.map((s) => s.type);
    expect(new Set(types).size).toBe(types.length);
  });

  for (const spec of NODE_SPECS) {
    it(`${spec.type} follows the meta-schema`, () => {
      const problems: string[] = [];
      const [category, name] = spec.type.split('.');
      if (!CATEGORIES.includes(category!) || category !== spec.category) problems.push(`type key does not start with its category`);
      if (!name || !/^[a-z][A-Za-z0-9]*$/.test(name)) problems.push(`type name "${name}" is not camelCase`);
      if (!Number.isInteger(spec.version) || spec.version < 1) problems.push('version must be a whole number >= 1');
      if (!spec.title.trim()) problems.push('no title');
      if (spec.docs.summary.length < 15 || spec.docs.summary.length > 140) problems.push('summary must be one line of 15-140 characters');
      if (spec.docs.intuition.length < 120) problems.push('intuition must be a real paragraph (>= 120 characters)');
      if (spec.docs.paper && !/^https:\/\//.test(spec.docs.paper.url)) problems.push('paper url must be https');
      for (const [pname, p] of Object.entries(spec.params)) problems.push(...checkParam(pname, p));
      const { values, problems: paramProblems } = resolveParams(spec, {});
      problems.push(...paramProblems.map((p) => `default of "${p.param}" is invalid: ${p.issue.code}`));
      for (const dir of ['inputs', 'outputs'] as const) {
        const ports = spec[dir](values, ctx);
        if (new Set(ports.map((p) => p.name)).size !== ports.length) problems.push(`repeated ${dir} port names`);
        for (const p of ports) if (p.doc.trim().length < 5) problems.push(`${dir} port "${p.name}" has no doc`);
      }
      expect(problems).toEqual([]);
    });
  }

  it('every registered node supplies all its parts', () => {
    expect(NODE_SPECS.flatMap((s) => missingParts(s).map((part) => `${s.type}: ${part}`))).toEqual([]);
  });

  it('would notice a node missing a part', () => {
    const dense = NODE_SPECS.find((s) => s.type === 'layers.dense')!;
    const stripped = { ...dense, paramCount: undefined, examples: [], docs: { ...dense.docs, intuition: '' } } as unknown as NodeSpec;
    expect(missingParts(stripped)).toEqual(['docs', 'paramCount', 'examples']);
  });

  for (const spec of NODE_SPECS.filter((s) => s.examples?.length)) {
    it(`${spec.type} infers the shapes of its examples`, () => {
      for (const [i, example] of spec.examples!.entries()) {
        const where = `example ${i}`;
        const { values, problems } = resolveParams(spec, example.params ?? {});
        expect(problems.map((p) => p.param), `${where}: invalid params`).toEqual([]);
        const ports = spec.inputs(values, ctx).map((p) => p.name);
        expect(Object.keys(example.inputs).sort(), `${where}: one shape per input port`).toEqual([...ports].sort());
        const result = spec.inferShape(example.inputs, values, ctx);
        expect(result.ok ? result.outputs : result.issue, where).toEqual(example.outputs);
      }
    });
  }
});
