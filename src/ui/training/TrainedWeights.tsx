// "Trained weights" in the dashboard, for a template that ships them: one click starts a session
// from them (without training), so its previews show what the trained model makes; "Start fresh"
// forgets them, so that Train shows the model learning from scratch.
import { useEffect, useMemo, useState } from 'react';
import { idbWeights } from '../../interop/weights-store';
import { useDoc } from '../context';
import { useTraining, useTrainingController } from './context';
import { forgetShipped, keepShipped, keptForAll, shippedFor } from './shipped-weights';

export function TrainedWeights() {
  const doc = useDoc();
  const c = useTrainingController();
  const v = useTraining();
  // edits outside the models (the training graph, names) keep doc.models as it was: nothing to redo
  const shipped = useMemo(() => shippedFor(doc.models), [doc.models]);
  const [kept, setKept] = useState(false);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (!shipped) return;
    let live = true;
    keptForAll(shipped, idbWeights).then((k) => live && setKept(k), () => live && setKept(false));
    return () => void (live = false);
  }, [shipped]);
  if (!shipped) return null;
  const running = v.phase === 'running' || v.phase === 'starting' || v.phase === 'stopping';
  const act = async (work: () => Promise<void>) => {
    setBusy(true);
    try {
      await work();
    } catch (e) {
      setNote(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  const use = () => act(async () => {
    const info = await keepShipped(shipped, idbWeights);
    setKept(true);
    setNote(`Trained ${info.steps.toLocaleString('en-US')} iterations × ${info.batch} (seed ${info.seed}). Train goes on from them; Start fresh to watch it learn from scratch.`);
    c.startFromKeptWeights();
  });
  const fresh = () => act(async () => {
    await forgetShipped(shipped, idbWeights);
    setKept(false);
    setNote('Fresh weights: Train starts the models from scratch.');
    c.reset();
  });
  return (
    <div className="tl-dash-trained" data-testid="trained-weights">
      <div className="tl-dash-row">
        <span className="tl-muted">Weights</span>
        <button className="tl-btn" onClick={() => void use()} disabled={busy || running} data-testid="use-trained"
          title="Start from the weights this template ships with, trained on MNIST: its previews show samples at once, without training">
          Use trained weights
        </button>
        <button className="tl-btn" onClick={() => void fresh()} disabled={busy || running || !kept} data-testid="start-fresh"
          title="Forget the trained weights and this graph's checkpoint: Train starts from fresh weights">
          Start fresh
        </button>
      </div>
      {note && <div className="tl-muted tl-dash-note" data-testid="trained-note">{note}</div>}
    </div>
  );
}
