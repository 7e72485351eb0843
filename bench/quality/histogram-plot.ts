// Overlaid histograms as SVG, for the README: the anomaly scores of in-distribution and other
// images on one axis, so that how far they separate shows at a glance. Pure: values in, SVG out.

export interface HistogramSeries {
  name: string;
  values: readonly number[];
  color: string;
}

/** `log`: bins of equal width in log10 of the values (all must be positive), for scores spread over decades. */
export function histogramSvg(series: readonly HistogramSeries[], o: { title: string; xLabel: string; bins?: number; width?: number; height?: number; log?: boolean }): string {
  const W = o.width ?? 640, H = o.height ?? 300, bins = o.bins ?? 60;
  const M = { left: 56, right: 16, top: 32, bottom: 44 };
  const f = o.log ? Math.log10 : (v: number) => v;
  const shown = (u: number) => (o.log ? 10 ** u : u);
  series = series.map((s) => ({ ...s, values: s.values.map(f) }));
  const all = series.flatMap((s) => [...s.values]).sort((a, b) => a - b);
  // the 0.5th to 99.5th percentile of all values (the rest is left out): a handful of extreme
  // images would squeeze the others into a few bins
  const lo = all[Math.floor(all.length * 0.005)]!, hi = all[Math.ceil(all.length * 0.995) - 1]!;
  const width = (hi - lo) / bins || 1;
  const counts = series.map((s) => {
    const c = new Array<number>(bins).fill(0);
    for (const v of s.values) if (v >= lo && v <= hi) c[Math.min(bins - 1, Math.floor((v - lo) / width))]! += 1 / s.values.length;
    return c;
  });
  const top = Math.max(...counts.flat());
  const x = (v: number) => M.left + ((v - lo) / (hi - lo)) * (W - M.left - M.right);
  const y = (f: number) => H - M.bottom - (f / top) * (H - M.top - M.bottom);
  const bars = counts.map((c, k) =>
    c.map((f, i) => (f > 0 ? `<rect x="${x(lo + i * width).toFixed(1)}" y="${y(f).toFixed(1)}" width="${(x(lo + (i + 1) * width) - x(lo + i * width)).toFixed(1)}" height="${(H - M.bottom - y(f)).toFixed(1)}" fill="${series[k]!.color}" fill-opacity="0.55"/>` : '')).join(''),
  ).join('\n');
  const ticks = Array.from({ length: 6 }, (_, i) => lo + ((hi - lo) * i) / 5)
    .map((v) => `<text x="${x(v).toFixed(1)}" y="${H - M.bottom + 16}" text-anchor="middle">${String(Number(shown(v).toPrecision(2)))}</text>`).join('');
  const legend = series.map((s, i) => `<rect x="${W - 230}" y="${M.top + 4 + i * 18}" width="12" height="12" fill="${s.color}" fill-opacity="0.55"/><text x="${W - 212}" y="${M.top + 14 + i * 18}">${escape(s.name)}</text>`).join('');
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
    `<text x="${W / 2}" y="18" text-anchor="middle" font-size="14">${escape(o.title)}</text>`,
    bars,
    `<line x1="${M.left}" y1="${H - M.bottom}" x2="${W - M.right}" y2="${H - M.bottom}" stroke="#333"/>`,
    ticks,
    `<text x="${(M.left + W - M.right) / 2}" y="${H - 8}" text-anchor="middle">${escape(o.xLabel)}</text>`,
    `<text x="14" y="${(M.top + H - M.bottom) / 2}" text-anchor="middle" transform="rotate(-90 14 ${(M.top + H - M.bottom) / 2})">share of images</text>`,
    legend,
    `</svg>`,
  ].join('\n');
}

const escape = (t: string) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;');
