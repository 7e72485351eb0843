// One loss chart per update (uPlot): the raw loss faint, the smoothed loss strong, with a
// smoothing slider and a log-scale switch shared by all charts; then one chart per Metric node, its
// points joined (a Metric is evaluated every few iterations, and not smoothed). Charts redraw from
// the controller's loss table a few times a second, each from at most MAX_POINTS points.
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { useSession } from '../context';
import { chartSeries } from './chartData';
import { useTraining, useTrainingController } from './context';
import { LearningRateInput } from './LearningRateInput';

const MAX_POINTS = 600;
const HEIGHT = 84;
/** The values of a series with no points yet: one array, so hooks see the same dependency. */
const NO_VALUES: number[] = [];

export const SERIES_COLOURS = ['#2f6fdb', '#e07b2e', '#3a9a4c', '#b9559a', '#12947f', '#c98514'];

function LossChart({ index, id, name, metric }: { index: number; id: string; name: string; metric: boolean }) {
  const c = useTrainingController();
  const { settings, lossVersion } = useTraining();
  const { theme } = useSession();
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const colour = SERIES_COLOURS[index % SERIES_COLOURS.length]!;

  const table = c.losses;
  const values = table.values[index] ?? NO_VALUES;
  const draw = (u: uPlot) => {
    const s = metric
      ? chartSeries(...evaluatedOnly(table.steps, values), { smoothing: 0, log: false, maxPoints: MAX_POINTS })
      : chartSeries(table.steps, values, { smoothing: settings.smoothing, log: settings.logScale, maxPoints: MAX_POINTS });
    u.setData([s.x, s.raw, s.smooth]);
  };
  const drawRef = useRef(draw);
  drawRef.current = draw;

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    let u: uPlot | null = null;
    let resize: ResizeObserver | null = null;
    // a frame later: the editor sets the theme's colours on <html> in an effect that runs after this one
    const frame = requestAnimationFrame(() => {
      const css = getComputedStyle(el);
      const text = css.getPropertyValue('--text-2').trim() || '#555';
      const grid = css.getPropertyValue('--border').trim() || '#ddd';
      const axis = { stroke: text, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1, size: 3 }, font: '10px system-ui, sans-serif' };
      const chart = new uPlot(
        {
          width: Math.max(120, el.clientWidth),
          height: HEIGHT,
          legend: { show: false },
          cursor: { drag: { x: false, y: false }, points: { size: 5 } },
          scales: { x: { time: false }, y: { distr: settings.logScale && !metric ? 3 : 1 } },
          axes: [{ ...axis, size: 22 }, { ...axis, size: 40 }],
          series: [{}, { stroke: `${colour}55`, width: 1, points: { show: false } }, { stroke: colour, width: 1.5, points: { show: false } }],
        },
        [[], [], []],
        el,
      );
      u = chart;
      plot.current = chart;
      drawRef.current(chart);
      resize = new ResizeObserver(() => chart.setSize({ width: Math.max(120, el.clientWidth), height: HEIGHT }));
      resize.observe(el);
    });
    return () => {
      cancelAnimationFrame(frame);
      resize?.disconnect();
      u?.destroy();
      plot.current = null;
    };
  }, [settings.logScale, theme, colour, metric]);

  useEffect(() => {
    if (plot.current) drawRef.current(plot.current);
  }, [table, values, lossVersion, settings.smoothing, settings.logScale]);

  const last = metric ? lastFinite(values) : values.length ? values[values.length - 1]! : null;
  return (
    <div className={`tl-chart${metric ? ' tl-chart-metric' : ''}`} data-testid={`${metric ? 'metric' : 'loss'}-chart-${id}`} data-points={values.length}>
      <div className="tl-chart-head">
        <span className="tl-swatch" style={{ background: colour }} />
        <span className="tl-chart-name">{name}</span>
        {metric ? <span className="tl-chart-kind" title="Charted without training on it">metric</span> : <LearningRateInput id={id} name={name} />}
        <span className="tl-chart-value" title={metric ? 'The last value evaluated' : 'The last loss read back'}>{last === null ? '' : formatLoss(last)}</span>
      </div>
      <div ref={box} className="tl-chart-plot" />
    </div>
  );
}

/** The steps and values of a Metric's evaluations: the rows between them hold NaN. */
function evaluatedOnly(steps: ArrayLike<number>, values: ArrayLike<number>): [number[], number[]] {
  const x: number[] = [];
  const y: number[] = [];
  for (let i = 0; i < Math.min(steps.length, values.length); i++) {
    if (Number.isNaN(values[i]!)) continue;
    x.push(steps[i]!);
    y.push(values[i]!);
  }
  return [x, y];
}

function lastFinite(values: readonly number[]): number | null {
  for (let i = values.length - 1; i >= 0; i--) if (!Number.isNaN(values[i]!)) return values[i]!;
  return null;
}

function formatLoss(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  return a !== 0 && (a < 1e-3 || a >= 1e5) ? v.toExponential(3) : v.toPrecision(4);
}

export function LossCharts() {
  const c = useTrainingController();
  const { updates, settings } = useTraining();
  return (
    <section className="tl-dash-section">
      <div className="tl-dash-section-head">
        <span>{updates.some((u) => u.kind === 'metric') ? 'Losses and metrics' : 'Losses'}</span>
        <label className="tl-dash-inline" title="Smoothing of the strong line: an exponential moving average (0: none)">
          smoothing
          <input type="range" min={0} max={0.99} step={0.01} value={settings.smoothing} data-testid="loss-smoothing"
            onChange={(e) => c.setSettings({ smoothing: Number(e.target.value) })} />
          <span className="tl-dash-num-out">{settings.smoothing.toFixed(2)}</span>
        </label>
        <label className="tl-dash-inline" title="Logarithmic y axis (losses <= 0 are left out)">
          <input type="checkbox" checked={settings.logScale} onChange={(e) => c.setSettings({ logScale: e.target.checked })} data-testid="loss-log" />
          log
        </label>
      </div>
      {updates.length === 0 && <div className="tl-empty">Losses appear here once training starts.</div>}
      {updates.map((u, i) => <LossChart key={u.id} index={i} id={u.id} name={u.name} metric={u.kind === 'metric'} />)}
    </section>
  );
}
