// Loss curves as an SVG line chart, for the README beside each template's samples. Pure: series in,
// SVG text out. Each series is drawn smoothed (a centred moving average), since per-iteration GAN
// and VAE losses are too noisy to compare as drawn.

export interface Series {
  name: string;
  /** [iteration, value] pairs, iterations increasing */
  points: readonly (readonly [number, number])[];
  /** stroke colour; default from a fixed palette */
  color?: string;
  dashed?: boolean;
}

export interface PlotOptions {
  title: string;
  /** moving-average window in points; 1: raw */
  smooth?: number;
  width?: number;
  height?: number;
}

const PALETTE = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b'];
const MARGIN = { left: 64, right: 16, top: 32, bottom: 40 };

/** centred moving average over `window` points (shrinking at the ends) */
export function movingAverage(values: readonly number[], window: number): number[] {
  const half = Math.floor(Math.max(1, window) / 2);
  const prefix = [0];
  for (const v of values) prefix.push(prefix[prefix.length - 1]! + v);
  return values.map((_, i) => {
    const lo = Math.max(0, i - half), hi = Math.min(values.length, i + half + 1);
    return (prefix[hi]! - prefix[lo]!) / (hi - lo);
  });
}

/** about `count` round tick values covering [lo, hi] */
export function niceTicks(lo: number, hi: number, count = 5): number[] {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw)!;
  const ticks: number[] = [];
  for (let t = Math.ceil(lo / step) * step; t <= hi + step * 1e-9; t += step) ticks.push(Number(t.toPrecision(12)));
  return ticks;
}

const label = (x: number) => (Math.abs(x) >= 1e4 || (x !== 0 && Math.abs(x) < 1e-2) ? x.toExponential(1) : String(Number(x.toPrecision(4))));
const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function lossPlotSvg(series: readonly Series[], o: PlotOptions): string {
  const width = o.width ?? 640, height = o.height ?? 320;
  const drawn = series.filter((s) => s.points.length).map((s, i) => {
    const ys = movingAverage(s.points.map((p) => p[1]).filter(Number.isFinite), o.smooth ?? 1);
    const xs = s.points.filter((p) => Number.isFinite(p[1])).map((p) => p[0]);
    return { ...s, xs, ys, color: s.color ?? PALETTE[i % PALETTE.length]! };
  });
  const all = (pick: (d: (typeof drawn)[number]) => number[]) => drawn.flatMap(pick);
  const [x0, x1] = [Math.min(...all((d) => d.xs)), Math.max(...all((d) => d.xs))];
  const [y0, y1] = [Math.min(...all((d) => d.ys)), Math.max(...all((d) => d.ys))];
  const pad = (y1 - y0) * 0.05 || Math.abs(y0) * 0.05 || 1;
  const [ylo, yhi] = [y0 - pad, y1 + pad];
  const plotW = width - MARGIN.left - MARGIN.right, plotH = height - MARGIN.top - MARGIN.bottom;
  const sx = (x: number) => MARGIN.left + (x1 > x0 ? ((x - x0) / (x1 - x0)) * plotW : plotW / 2);
  const sy = (y: number) => MARGIN.top + (1 - (y - ylo) / (yhi - ylo)) * plotH;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="${width}" height="${height}" fill="white"/>`,
    `<text x="${width / 2}" y="20" text-anchor="middle" font-size="14">${escape(o.title)}</text>`,
  ];
  if (!drawn.length) return `${parts.join('\n')}\n<text x="${width / 2}" y="${height / 2}" text-anchor="middle">no data</text>\n</svg>\n`;
  for (const t of niceTicks(ylo, yhi)) {
    parts.push(`<line x1="${MARGIN.left}" x2="${width - MARGIN.right}" y1="${sy(t).toFixed(1)}" y2="${sy(t).toFixed(1)}" stroke="#ddd"/>`);
    parts.push(`<text x="${MARGIN.left - 6}" y="${(sy(t) + 4).toFixed(1)}" text-anchor="end">${label(t)}</text>`);
  }
  for (const t of niceTicks(x0, x1)) {
    parts.push(`<line x1="${sx(t).toFixed(1)}" x2="${sx(t).toFixed(1)}" y1="${MARGIN.top + plotH}" y2="${MARGIN.top + plotH + 4}" stroke="#444"/>`);
    parts.push(`<text x="${sx(t).toFixed(1)}" y="${MARGIN.top + plotH + 18}" text-anchor="middle">${label(t)}</text>`);
  }
  parts.push(`<rect x="${MARGIN.left}" y="${MARGIN.top}" width="${plotW}" height="${plotH}" fill="none" stroke="#444"/>`);
  parts.push(`<text x="${MARGIN.left + plotW / 2}" y="${height - 6}" text-anchor="middle">iteration</text>`);
  drawn.forEach((d, i) => {
    const path = d.xs.map((x, j) => `${j ? 'L' : 'M'}${sx(x).toFixed(1)},${sy(d.ys[j]!).toFixed(1)}`).join('');
    parts.push(`<path d="${path}" fill="none" stroke="${d.color}" stroke-width="1.5"${d.dashed ? ' stroke-dasharray="6 3"' : ''}/>`);
    const ly = MARGIN.top + 14 + i * 16;
    parts.push(`<line x1="${width - MARGIN.right - 170}" x2="${width - MARGIN.right - 150}" y1="${ly - 4}" y2="${ly - 4}" stroke="${d.color}" stroke-width="2"${d.dashed ? ' stroke-dasharray="6 3"' : ''}/>`);
    parts.push(`<text x="${width - MARGIN.right - 145}" y="${ly}">${escape(d.name)}</text>`);
  });
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}
