// An optimizer's learning rate, editable while a session runs or is paused: Enter or leaving the
// field sends it to the worker, which applies it from the next step; the field then shows what the
// worker reports. Escape goes back to the current rate.
import { useState } from 'react';
import { LEARNING_RATE_RANGE } from '../../runtime/worker/learning-rate';
import { useTraining, useTrainingController } from './context';
import { parseRate, rateValueText } from './format';

export function LearningRateInput({ id, name }: { id: string; name: string }) {
  const c = useTrainingController();
  const { learningRates, phase } = useTraining();
  const rate = learningRates[id];
  const [draft, setDraft] = useState<string | null>(null);
  if (rate === undefined) return null;
  const shown = draft ?? rateValueText(rate);
  const parsed = parseRate(shown, LEARNING_RATE_RANGE.min, LEARNING_RATE_RANGE.max);
  const live = phase === 'running' || phase === 'paused';
  const commit = () => {
    if (draft === null) return;
    if (parsed !== null && parsed !== rate) c.setLearningRate(id, parsed);
    if (parsed !== null) setDraft(null);
  };
  return (
    <label className="tl-dash-inline tl-lr" title={`Learning rate of "${name}": takes effect at the next step of this session (the graph's param is unchanged). Between ${LEARNING_RATE_RANGE.min} and ${LEARNING_RATE_RANGE.max}.`}>
      lr
      <input className="tl-input tl-dash-num tl-lr-input" value={shown} disabled={!live} aria-invalid={parsed === null} spellCheck={false}
        aria-label={`Learning rate of ${name}`} data-testid={`train-lr-${id}`}
        onChange={(e) => setDraft(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === 'Enter') commit();
          if (e.key === 'Escape') setDraft(null);
        }} />
    </label>
  );
}
