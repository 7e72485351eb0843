import { describe, expect, it } from 'vitest';
import { lossPlotSvg, movingAverage, niceTicks } from '../../bench/quality/loss-plot';

describe('loss plot', () => {
  it('smooths with a centred window that shrinks at the ends', () => {
    expect(movingAverage([1, 2, 3, 4, 5], 3)).toEqual([1.5, 2, 3, 4, 4.5]);
    expect(movingAverage([4, 8], 1)).toEqual([4, 8]);
  });

  it('picks round ticks inside the range', () => {
    expect(niceTicks(0, 1000)).toEqual([0, 200, 400, 600, 800, 1000]);
    expect(niceTicks(0.13, 0.61)).toEqual([0.2, 0.3, 0.4, 0.5, 0.6]);
  });

  it('draws one path per series from the left to the right edge of the plot, legend names escaped', () => {
    const svg = lossPlotSvg(
      [
        { name: 'product <wasm>', points: [[1, 3], [2, 2], [3, 1]] },
        { name: 'twin', points: [[1, 2.5], [3, 1.5]], dashed: true },
      ],
      { title: 'VAE & co', width: 400, height: 200 },
    );
    const paths = [...svg.matchAll(/<path d="([^"]+)"/g)].map((m) => m[1]!);
    expect(paths).toHaveLength(2);
    // margins: left 64, right 16 → x from 64 to 384
    expect(paths[0]!.startsWith('M64.0,')).toBe(true);
    expect(paths[0]!.split('L').pop()!.split(',')[0]).toBe('384.0');
    expect(svg).toContain('product &lt;wasm&gt;');
    expect(svg).toContain('VAE &amp; co');
    expect(svg).toContain('stroke-dasharray');
  });

  it('says so when there is nothing to draw', () => {
    expect(lossPlotSvg([{ name: 'a', points: [] }], { title: 't' })).toContain('no data');
  });
});
