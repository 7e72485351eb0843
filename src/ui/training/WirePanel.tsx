// The selected wire's values while training: shape, mean, spread, range, a histogram and, for a
// batch of images, the first few as pictures. Select one wire of the training graph to see it.
import { useEffect, useRef } from 'react';
import type { ProbeResult, TensorStats } from '../../runtime/worker/protocol';
import { useTraining, useTrainingController } from './context';

const num = (v: number) => (!Number.isFinite(v) ? String(v) : Math.abs(v) !== 0 && (Math.abs(v) < 1e-3 || Math.abs(v) >= 1e4) ? v.toExponential(2) : v.toPrecision(3));

function Histogram({ stats }: { stats: TensorStats }) {
  const top = Math.max(1, ...stats.histogram);
  const n = stats.histogram.length;
  return (
    <svg className="tl-wire-hist" viewBox={`0 0 ${n} 20`} preserveAspectRatio="none" role="img" data-testid="wire-histogram"
      aria-label={`Histogram of ${stats.count} values from ${num(stats.min)} to ${num(stats.max)}`}>
      {stats.histogram.map((c, i) => {
        const h = c === 0 ? 0 : Math.max(0.6, (20 * c) / top);
        return <rect key={i} x={i + 0.08} width={0.84} y={20 - h} height={h} />;
      })}
    </svg>
  );
}

function WireImages({ image }: { image: NonNullable<Extract<ProbeResult, { ok: true }>['image']> }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const ctx = ref.current?.getContext('2d');
    if (ctx) ctx.putImageData(new ImageData(new Uint8ClampedArray(image.rgba), image.width, image.height), 0, 0);
  }, [image]);
  return <canvas ref={ref} width={image.width} height={image.height} className="tl-preview-image" data-testid="wire-images"
    title={`The first ${image.count} images, scaled together from their smallest value (black) to their largest (white)`} />;
}

export function WirePanel() {
  const c = useTrainingController();
  const { wire, phase, sessionFingerprint } = useTraining();
  if (!wire) return null;
  const live = sessionFingerprint !== null && (phase === 'running' || phase === 'paused');
  const r = wire.result;
  return (
    <section className="tl-dash-section tl-wire" data-testid="wire-panel" data-edge={wire.edgeId}>
      <div className="tl-dash-section-head">
        <span>Wire</span>
        <code className="tl-wire-label" title="The selected wire: from node.port to node.port">{wire.label}</code>
        <button className="tl-btn tl-wire-refresh" onClick={() => c.probeWire()} disabled={!live || wire.pending}
          title="Compute the values again with the current weights" data-testid="wire-refresh">{wire.pending ? '…' : '↻'}</button>
      </div>
      {!live && !r && <div className="tl-empty">Train or Step to see the values on this wire.</div>}
      {r && !r.ok && <div className="tl-dash-msg info">{r.message}</div>}
      {r?.ok && (
        <>
          <div className="tl-dash-line tl-wire-stats" data-testid="wire-stats">
            <span>[{r.stats.shape.join(', ')}]</span>
            <span>mean <b>{num(r.stats.mean)}</b></span>
            <span>std <b>{num(r.stats.std)}</b></span>
            <span>min <b>{num(r.stats.min)}</b></span>
            <span>max <b>{num(r.stats.max)}</b></span>
            {r.stats.nonFinite > 0 && <span className="tl-wire-bad">{r.stats.nonFinite} NaN/Inf</span>}
            <span className="tl-muted">@ {r.step}</span>
          </div>
          <Histogram stats={r.stats} />
          <div className="tl-wire-axis tl-muted"><span>{num(r.stats.min)}</span><span>{num(r.stats.max)}</span></div>
          {r.image && <WireImages image={r.image} />}
          <div className="tl-muted tl-wire-note">Computed again on a fixed batch with the current weights, in inference mode (Dropout off); training is not disturbed.</div>
        </>
      )}
    </section>
  );
}
