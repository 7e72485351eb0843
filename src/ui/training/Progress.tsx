// Where training is: a progress bar with the iteration, speed and time left, and what it runs on,
// with the menu that chooses it.
import type { BrowserBackendName } from '../../runtime/backend-browser';
import { bytesText, durationText, rateText, throughputText, throughputTitle } from './format';
import { useTraining, useTrainingController } from './context';

const CHOICES: { value: BrowserBackendName | 'auto'; label: string }[] = [
  { value: 'auto', label: 'Fastest here' },
  { value: 'webgpu', label: 'WebGPU' },
  { value: 'webgl', label: 'WebGL' },
  { value: 'wasm', label: 'WebAssembly (CPU)' },
  { value: 'cpu', label: 'JavaScript (CPU)' },
];

export function Progress() {
  const v = useTraining();
  const c = useTrainingController();
  const span = v.target === null ? null : v.target - v.targetFrom;
  // null: a run until stopped (an open-ended bar); nothing to show when no session runs, or when
  // a session was started without a run (trained weights shown at once): its target is its step
  const frac = v.phase === 'idle' || span === 0 ? 0 : span ? Math.min(1, Math.max(0, (v.step - v.targetFrom) / span)) : null;
  const left = v.target === null ? null : v.target - v.step;
  const eta = v.phase === 'running' && left !== null && v.itPerSec ? left / v.itPerSec : null;
  const b = v.backend;
  const m = v.memory;
  return (
    <div className="tl-dash-progress">
      <div className={`tl-bar${frac === null ? ' open-ended' : ''}`} role="progressbar" aria-valuemin={0} aria-valuemax={100}
        aria-valuenow={frac === null ? undefined : Math.round(frac * 100)} aria-label="Progress of this run">
        <div style={{ width: `${frac === null ? 100 : frac * 100}%` }} />
      </div>
      <div className="tl-dash-line">
        <span className="tl-dash-step">
          Iteration <b data-testid="train-step">{v.step}</b>{v.phase !== 'idle' && v.target !== null && span !== 0 && <span className="tl-muted"> / {v.target}</span>}
        </span>
        <span data-testid="train-rate" title="Iterations per second over the last few seconds; the first iterations also compile the GPU programs">
          {v.phase !== 'running' ? phaseText(v.phase) : v.itPerSec === null ? 'warming up…' : rateText(v.itPerSec)}
        </span>
        {v.phase === 'running' && throughputText(v.itPerSec, v.batch) && (
          <span data-testid="train-throughput" title={throughputTitle(v.batch)}>{throughputText(v.itPerSec, v.batch)}</span>
        )}
        {eta !== null && <span className="tl-muted" title="Time left at the current speed">ETA {durationText(eta)}</span>}
      </div>
      <div className="tl-dash-line tl-muted tl-dash-backend">
        <span data-testid="train-backend">
          {b ? <span title={b.notes.join('\n')}>{BACKEND_LABEL[b.name]} · {b.device}{b.software ? ' (software)' : ''}</span> : <span>Backend: chosen when training starts</span>}
        </span>
        <label title="Where training runs. A running session stops, keeps its checkpoint and goes on there.">
          Run on{' '}
          <select value={v.wanted} onChange={(e) => c.chooseBackend(e.target.value as BrowserBackendName | 'auto')} data-testid="train-backend-choice">
            {CHOICES.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
          </select>
        </label>
      </div>
      {m && (
        <div className="tl-dash-line tl-muted" data-testid="train-memory" title="tf.memory() in the worker">
          {m.numTensors} tensors · {m.gpuBytes !== null ? `${bytesText(m.gpuBytes)} on the GPU` : `${bytesText(m.numBytes)} in memory`}
        </div>
      )}
    </div>
  );
}

const BACKEND_LABEL = { webgpu: 'WebGPU', webgl: 'WebGL', wasm: 'WASM', cpu: 'CPU' } as const;

function phaseText(phase: string): string {
  return { idle: 'Not training', starting: 'Starting…', paused: 'Paused', stopping: 'Stopping…' }[phase] ?? '';
}
