// Train / Pause / Resume, Step once, Stop and Reset, and how far one press of Train goes.
import { primaryAction } from './actions';
import { useTraining, useTrainingController } from './context';
import { Icon } from './Icon';
import type { TrainingView } from './training-view';

/** A whole number >= min typed into an input, or null while it is not one. */
export function wholeNumber(text: string, min: number): number | null {
  const n = Number(text);
  return text.trim() !== '' && Number.isInteger(n) && n >= min ? n : null;
}

/** A run in progress keeps the target it started with: the field says so instead of changing nothing. */
export const iterationsLocked = (v: TrainingView) => v.phase === 'running' || v.phase === 'starting';

export function iterationsTitle(v: TrainingView): string {
  if (!iterationsLocked(v)) return 'How many iterations one press of Train runs';
  const to = v.target === null ? '' : ` (this one goes to iteration ${v.target})`;
  return `Fixed while the run goes${to}: pause it to change how far the next press of Train goes`;
}

export function Controls() {
  const c = useTrainingController();
  const v = useTraining();
  const action = primaryAction(v);
  const live = v.phase === 'running' || v.phase === 'paused' || v.phase === 'starting';
  return (
    <div className="tl-dash-controls">
      <div className="tl-dash-buttons">
        <button className="tl-btn primary" onClick={() => action.run(c)} disabled={action.disabled} title={action.title} data-testid={`train-${action.kind}`}>
          {action.icon && <Icon name={action.icon} />}
          {action.label}
        </button>
        <button className="tl-btn" onClick={() => c.stepOnce()} disabled={v.phase !== 'paused' && v.phase !== 'idle'}
          title="Run exactly one iteration, then pause" data-testid="train-step-once"><Icon name="step" />Step</button>
        <button className="tl-btn" onClick={() => c.stop()} disabled={!live}
          title="End training and free the device; the checkpoint stays, so Train resumes it" data-testid="train-stop"><Icon name="stop" />Stop</button>
        <button className="tl-btn" onClick={() => c.reset()} disabled={v.phase === 'stopping'}
          title="Forget this graph's trained weights and checkpoint: the next Train starts at iteration 0" data-testid="train-reset">↺ Reset</button>
      </div>
      <div className="tl-dash-row">
        <span className="tl-muted">Train</span>
        <select className="tl-input tl-dash-mode" value={v.settings.mode} onChange={(e) => c.setSettings({ mode: e.target.value === 'untilStopped' ? 'untilStopped' : 'for' })}
          data-testid="train-mode" aria-label="How long one press of Train runs" title="How long one press of Train runs: a number of iterations, or until you pause or stop">
          <option value="for">for</option>
          <option value="untilStopped">until stopped</option>
        </select>
        {v.settings.mode === 'for' && (
          <>
            <input className="tl-input tl-dash-num" type="number" min={1} step={1} defaultValue={v.settings.iterations} aria-label="Iterations per run"
              readOnly={iterationsLocked(v)} title={iterationsTitle(v)}
              onChange={(e) => {
                const n = wholeNumber(e.target.value, 1);
                if (n !== null) c.setSettings({ iterations: n });
              }}
              data-testid="train-iterations" />
            <span className="tl-muted">iterations</span>
          </>
        )}
      </div>
    </div>
  );
}
