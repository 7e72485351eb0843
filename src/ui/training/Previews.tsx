// The preview nodes' frames: image grids copied onto a canvas as they come (the worker has tiled
// them already), point sets drawn as scatter plots on one shared, centred view. A slider under each
// looks back through its last frames (see preview-history.ts); at the right end it follows the newest.
import { useEffect, useRef, useState } from 'react';
import type { PreviewPayload } from '../../runtime/worker/protocol';
import { useSession } from '../context';
import { useTraining, useTrainingController } from './context';
import { wholeNumber } from './Controls';
import { indexOfStep } from './preview-history';
import { drawScatter, maxAbs, niceHalfWidth } from './scatter';

const SCATTER_CSS_PX = 140;

function ImagePreview({ frame }: { frame: Extract<PreviewPayload, { kind: 'image' }> }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const ctx = ref.current?.getContext('2d');
    if (ctx) ctx.putImageData(new ImageData(new Uint8ClampedArray(frame.rgba), frame.width, frame.height), 0, 0);
  }, [frame]);
  return <canvas ref={ref} width={frame.width} height={frame.height} className="tl-preview-image" />;
}

function ScatterPreview({ frame, half }: { frame: Extract<PreviewPayload, { kind: 'points' }>; half: number }) {
  const ref = useRef<HTMLCanvasElement>(null);
  const { theme } = useSession();
  const scale = Math.min(3, Math.max(1, Math.round(window.devicePixelRatio || 1)));
  const size = SCATTER_CSS_PX * scale;
  useEffect(() => {
    // a frame later: the editor sets the theme's colours on <html> in an effect that runs after this one
    const id = requestAnimationFrame(() => {
      const el = ref.current;
      const ctx = el?.getContext('2d');
      if (!el || !ctx) return;
      const css = getComputedStyle(el);
      const v = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
      drawScatter(ctx, frame.points, half, size, { background: v('--canvas', '#fff'), axis: v('--border', '#ddd'), point: v('--accent', '#2f6fdb'), text: v('--text-3', '#888') }, scale);
    });
    return () => cancelAnimationFrame(id);
  }, [frame, half, size, scale, theme]);
  return <canvas ref={ref} width={size} height={size} className="tl-preview-scatter" style={{ width: SCATTER_CSS_PX, height: SCATTER_CSS_PX }} />;
}

function PreviewFigure({ latest, half }: { latest: PreviewPayload; half: number }) {
  const { previewHistory } = useTraining();
  const list = previewHistory[latest.id] ?? [latest];
  // null: follow the newest frame; else the iteration of the frame looked at
  const [pinned, setPinned] = useState<number | null>(null);
  const at = indexOfStep(list, pinned);
  const p = list[at] ?? latest;
  const past = at < list.length - 1;
  return (
    <figure className={`tl-preview ${p.kind}`} data-testid={`preview-${p.id}`} data-step={p.step}>
      {p.kind === 'image' ? <ImagePreview frame={p} /> : <ScatterPreview frame={p} half={half} />}
      <figcaption>{p.name} <span className={past ? 'tl-preview-past' : 'tl-muted'}>@ {p.step}{past ? ' (earlier)' : ''}</span></figcaption>
      {list.length > 1 && (
        <input type="range" className="tl-preview-scrub" min={0} max={list.length - 1} step={1} value={at}
          aria-label={`${p.name}: frame to show`} aria-valuetext={`iteration ${p.step}`} title={`Look back: the last ${list.length} frames, iterations ${list[0]!.step} to ${list.at(-1)!.step}`}
          data-testid={`preview-scrub-${p.id}`}
          onChange={(e) => {
            const i = Number(e.target.value);
            setPinned(i >= list.length - 1 ? null : list[i]!.step);
          }} />
      )}
    </figure>
  );
}

export function Previews() {
  const c = useTrainingController();
  const { previews, previewHistory, settings } = useTraining();
  // one scale for every scatter plot and every frame kept, so looking back does not rescale
  const points = [...previews, ...Object.values(previewHistory).flat()].filter((p) => p.kind === 'points');
  const half = niceHalfWidth(Math.max(0, ...points.map((p) => maxAbs(p.points))));
  return (
    <section className="tl-dash-section">
      <div className="tl-dash-section-head">
        <span>Previews</span>
        <label className="tl-dash-inline" title="How often previews refresh while training (0: only when it pauses)">
          every
          <input className="tl-input tl-dash-num" type="number" min={0} step={1} defaultValue={settings.previewEvery} aria-label="Preview every N iterations"
            onChange={(e) => {
              const n = wholeNumber(e.target.value, 0);
              if (n !== null) c.setSettings({ previewEvery: n });
            }} />
          it.
        </label>
      </div>
      {previews.length === 0 && <div className="tl-empty">Preview nodes (image grid, scatter plot) show here while training.</div>}
      <div className="tl-previews">
        {previews.map((p) => <PreviewFigure key={p.id} latest={p} half={half} />)}
      </div>
    </section>
  );
}
