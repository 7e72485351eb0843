import { describe, expect, it } from 'vitest';
import { codeFileName, packageFileName } from './download';

describe('codeFileName', () => {
  it('names the file after the document', () => {
    expect(codeFileName('MLP VAE on MNIST')).toBe('mlp-vae-on-mnist.ts');
    expect(codeFileName('  DDPM (U-Net) ')).toBe('ddpm-u-net.ts');
    expect(codeFileName('')).toBe('graph.ts');
    expect(codeFileName('ƒ√')).toBe('graph.ts');
  });
});

describe('packageFileName', () => {
  it('names the PyTorch package after the document', () => {
    expect(packageFileName('DCGAN on MNIST')).toBe('dcgan-on-mnist-pytorch.zip');
    expect(packageFileName('')).toBe('graph-pytorch.zip');
  });
});
