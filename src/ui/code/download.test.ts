import { describe, expect, it } from 'vitest';
import { codeFileName } from './download';

describe('codeFileName', () => {
  it('names the file after the document', () => {
    expect(codeFileName('MLP VAE on MNIST')).toBe('mlp-vae-on-mnist.ts');
    expect(codeFileName('  DDPM (U-Net) ')).toBe('ddpm-u-net.ts');
    expect(codeFileName('')).toBe('graph.ts');
    expect(codeFileName('ƒ√')).toBe('graph.ts');
  });
});
