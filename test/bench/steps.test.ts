// The speed benchmark's pure parts: its flags and settings, and the cells of its table.
import { describe, expect, it } from 'vitest';
import type { CaseResult } from '../../bench/steps/case';
import { casesOf, parseStepsArgs, settingsText, withQuickDefaults } from '../../bench/steps/settings';
import { HEADER, imagesPerSecond, tableRows } from '../../bench/steps/speed-table';
import { torchNote, type TorchResults } from '../../bench/steps/torch';

const result = (over: Partial<CaseResult>): CaseResult => ({
  model: 'dcgan', impl: 'tensorloom', batch: 64, updates: ['D', 'G'], status: 'ok', device: 'test', msPerIter: [20, 10, 30], ...over,
});

describe('speed benchmark settings', () => {
  it('takes the full grid by default, the flags over it, and ignores the bench name', () => {
    const s = parseStepsArgs(['steps', '--templates', 'gan-2d,dcgan', '--batches', '16,64', '--iterations', '4', '--backend', 'cpu']);
    expect(s).toMatchObject({ templates: ['gan-2d', 'dcgan'], batches: [16, 64], iterations: 4, warmup: 2, repeats: 5, backend: 'cpu', mode: null });
    expect(s.stock).toEqual(['reference', 'template']);
    expect(s.argv).toEqual(['--templates', 'gan-2d,dcgan', '--batches', '16,64', '--iterations', '4', '--backend', 'cpu']);
    expect([...s.given].sort()).toEqual(['backend', 'batches', 'iterations', 'templates']);
  });

  it('rejects bad input with a message that names the flag', () => {
    expect(() => parseStepsArgs(['--batches', 'x'])).toThrow(/--batches must be whole numbers >= 1/);
    expect(() => parseStepsArgs(['--warmup', '-1'])).toThrow(/--warmup/);
    expect(() => parseStepsArgs(['--templates', 'nope'])).toThrow(/unknown template "nope"/);
    expect(() => parseStepsArgs(['--backend', 'gpu'])).toThrow(/--backend must be/);
    expect(() => parseStepsArgs(['--stock', 'some'])).toThrow(/--stock must be/);
    expect(() => parseStepsArgs(['--quick', '--full'])).toThrow(/exclude each other/);
  });

  it('puts the quick defaults only where no flag was given', () => {
    const q = withQuickDefaults(parseStepsArgs(['--batches', '32']));
    expect(q).toMatchObject({ mode: 'quick', templates: ['gan-2d', 'vae-mlp'], batches: [32], iterations: 3, warmup: 1, repeats: 1, stock: ['template'] });
    expect(parseStepsArgs(['--quick', '--repeats', '2'])).toMatchObject({ mode: 'quick', templates: ['gan-2d', 'vae-mlp'], repeats: 2 });
  });

  it('adds the stock step beside dcgan, or when --stock asks for it', () => {
    const ids = (argv: string[]) => casesOf(parseStepsArgs(argv)).map((c) => `${c.kind === 'template' ? c.id : c.arch}@${c.batch}`);
    expect(ids(['--templates', 'gan-2d', '--batches', '16,64'])).toEqual(['gan-2d@16', 'gan-2d@64']);
    expect(ids(['--templates', 'dcgan', '--batches', '16', '--stock', 'template'])).toEqual(['dcgan@16', 'template@16']);
    expect(ids(['--templates', 'gan-2d', '--batches', '16', '--stock', 'reference'])).toEqual(['gan-2d@16', 'reference@16']);
    expect(ids(['--templates', 'dcgan', '--batches', '16', '--stock', 'none'])).toEqual(['dcgan@16']);
  });

  it('says what was timed', () => {
    expect(settingsText({ warmup: 1, repeats: 2, iterations: 3 })).toBe('1 warm-up iteration(s), then the median of 2 repeat(s) of 3 iterations with one loss read-back each');
  });
});

describe('speed benchmark table', () => {
  it('gives the median and range, images/s, the speed-up over stock and the memory figures', () => {
    const mem = { tensors: 40, tensorBytes: 2 ** 20, gpuAllocated: 3 * 2 ** 20 };
    const rows = tableRows([result({ warm: mem, last: mem }), result({ impl: 'stock', msPerIter: [40] })], undefined);
    expect(rows[0]).toEqual(['dcgan', 'Tensorloom template', 'D + G', 64, '20.0 (10.0–30.0)', '3200', '2.00×', 'run on the GPU machine', '—', '3.0 → 3.0', '40 → 40', '1.00 → 1.00']);
    expect(rows[1]!.slice(0, 7)).toEqual(['dcgan', 'stock tfjs, hand-written (template layers)', 'D + G', 64, '40.0', '1600', '—']);
    expect(rows.every((r) => r.length === HEADER.length)).toBe(true);
  });

  it('fills the PyTorch columns from the file by model and batch', () => {
    const torch: TorchResults = { device: 'H200', torch: '2.5', results: [{ model: 'dcgan', batch: 64, ms_per_iter: 5 }] };
    const [row] = tableRows([result({})], torch);
    expect(row!.slice(7, 9)).toEqual(['5.00', '4.00×']);
    expect(tableRows([result({ batch: 16 })], torch)[0]!.slice(7, 9)).toEqual(['—', '—']);
    expect(torchNote(torch)).toBe('PyTorch column: H200, torch 2.5.');
    expect(torchNote(undefined)).toMatch(/run bench\/torch-steps.py/);
  });

  it('reports a failed case in the timing column, pipes escaped', () => {
    const [row] = tableRows([result({ status: 'out of memory | retry', msPerIter: [] })], undefined);
    expect(row![4]).toBe('failed: out of memory / retry');
    expect(row).toHaveLength(HEADER.length);
  });

  it('counts one batch of images per iteration', () => {
    expect(imagesPerSecond(64, 20)).toBe(3200);
  });
});
