// The writer's own rules: identifiers from labels and ids, one emit function per node type, and a
// graph with errors refused with a coded message.
import { describe, expect, it } from 'vitest';
import { NODE_SPECS } from '../../nodes';
import { writeModule } from '../../src/codegen';
import { opEmitterFor, optimizerEmitterFor } from '../../src/codegen/emitters';
import { camelName, identifierSource, NameScope, pascalName, propertyKey } from '../../src/codegen/names';
import { TensorloomError } from '../../src/runtime/errors';
import { template } from '../helpers/cpu-session';
import { awkwardNamesDoc } from './fixtures';

describe('names', () => {
  it('makes camelCase identifiers from labels and ids', () => {
    expect(camelName('D_real')).toBe('dReal');
    expect(camelName('VAE')).toBe('vae');
    expect(camelName('fake points')).toBe('fakePoints');
    expect(camelName('2nd noise')).toBe('value2ndNoise');
    expect(camelName('---')).toBe('value');
    expect(pascalName('generator')).toBe('Generator');
    expect(pascalName('VAE')).toBe('Vae');
    expect(pascalName('opt_D')).toBe('OptD');
    expect(propertyKey('prior samples')).toBe("'prior samples'");
    expect(propertyKey('D')).toBe('D');
  });

  it('prefers a label that reads as words, else the id', () => {
    expect(identifierSource({ id: 'opt_enc', label: 'encoder loss' })).toBe('encoder loss');
    expect(identifierSource({ id: 'dec', label: 'x̃ = Dec(z)' })).toBe('dec');
    expect(identifierSource({ id: 'dec' })).toBe('dec');
  });

  it('keeps names unique and clear of reserved words and of the enclosing scope', () => {
    const module = new NameScope(['gaussian']);
    const local = module.child(['t']);
    expect(local.claim('gaussian')).toBe('gaussian2');
    expect(local.claim('t')).toBe('t2');
    expect(local.claim('class')).toBe('class2');
    expect(local.claim('same')).toBe('same');
    expect(local.claim('same')).toBe('same2');
  });

  it('writes awkward labels as valid, distinct identifiers', () => {
    const code = writeModule(awkwardNamesDoc());
    expect(code).toContain('const new2 = philoxNormalTensor(');
    expect(code).toMatch(/const same = [\s\S]*const same2 = /);
    expect(code).toContain('buildMyModel(seed)');
    expect(code).toMatch(/optimizers: \{ g: tf\.Optimizer; g2: tf\.Optimizer \}/);
    expect(code).toContain("'fake points': tf.tidy(");
    expect(code).not.toContain('awkward */');
  });
});

describe('emit functions', () => {
  it('exist for every main-graph node type of the registry', () => {
    const missing = NODE_SPECS.filter((s) => {
      if (s.role === 'optimizer') return !optimizerEmitterFor(s.type);
      if (s.role === 'layer' || s.role.startsWith('model-')) return false;
      return !opEmitterFor(s.type);
    }).map((s) => s.type);
    expect(missing).toEqual([]);
  });
});

describe('writeModule', () => {
  it('refuses a graph with errors, naming the first', () => {
    const broken = structuredClone(template('gan-2d'));
    broken.main.edges = broken.main.edges.filter((e) => e.target.node !== 'opt_G');
    try {
      writeModule(broken);
      expect.unreachable();
    } catch (e) {
      expect(e instanceof TensorloomError && e.issue.code).toBe('run.invalidGraph');
    }
  });
});
