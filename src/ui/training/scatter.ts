// Scatter previews: a square view centred on the origin, with a half-width rounded up to a
// "nice" number so that it does not jitter from frame to frame, shared by the plots shown together.

/** The largest |coordinate| among the finite points (0 when there are none). */
export function maxAbs(points: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < points.length; i++) {
    const v = Math.abs(points[i]!);
    if (Number.isFinite(v) && v > m) m = v;
  }
  return m;
}

/** The smallest of 1, 2, 2.5, 5 × 10^k that is at least `x` (1 for x <= 0 or not finite). */
export function niceHalfWidth(x: number): number {
  if (!(x > 0) || !Number.isFinite(x)) return 1;
  const base = 10 ** Math.floor(Math.log10(x));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * base >= x * (1 - 1e-12)) return m * base;
  return 10 * base;
}

export interface ScatterStyle {
  background: string;
  axis: string;
  point: string;
  text: string;
}

/** Draws [n, 2] points into a size x size (device pixels) canvas, the view being ±half on both axes. */
export function drawScatter(ctx: CanvasRenderingContext2D, points: ArrayLike<number>, half: number, size: number, style: ScatterStyle, scale = 1): void {
  ctx.fillStyle = style.background;
  ctx.fillRect(0, 0, size, size);
  const px = (v: number) => ((v + half) / (2 * half)) * size;
  ctx.strokeStyle = style.axis;
  ctx.lineWidth = scale;
  ctx.beginPath();
  ctx.moveTo(px(0), 0);
  ctx.lineTo(px(0), size);
  ctx.moveTo(0, px(0));
  ctx.lineTo(size, px(0));
  ctx.stroke();
  ctx.fillStyle = style.point;
  const r = 1.5 * scale;
  for (let i = 0; i + 1 < points.length; i += 2) {
    const x = points[i]!;
    const y = points[i + 1]!;
    if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
    ctx.fillRect(px(x) - r, size - px(y) - r, 2 * r, 2 * r);
  }
  ctx.fillStyle = style.text;
  ctx.font = `${10 * scale}px system-ui, sans-serif`;
  ctx.textBaseline = 'top';
  ctx.fillText(`±${half}`, 4 * scale, 3 * scale);
}
