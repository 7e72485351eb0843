// Download one trained model of the live session as tfjs files (NAME.json + NAME.weights.bin),
// with a picker when the graph has several models.
import { useState } from 'react';
import { useTraining, useTrainingController } from './context';

export function ModelDownload() {
  const c = useTrainingController();
  const v = useTraining();
  const [picked, setPicked] = useState<string | null>(null);
  const live = v.sessionFingerprint !== null && (v.phase === 'running' || v.phase === 'paused');
  const model = picked !== null && v.models.includes(picked) ? picked : (v.models[0] ?? null);
  return (
    <div className="tl-dash-buttons">
      {v.models.length > 1 && (
        <select className="tl-input" value={model ?? ''} onChange={(e) => setPicked(e.target.value)} aria-label="Model to download" data-testid="train-model-pick">
          {v.models.map((m) => <option key={m} value={m}>{m}</option>)}
        </select>
      )}
      <button className="tl-btn" onClick={() => model !== null && c.downloadModel(model)} disabled={!live || model === null || v.exporting !== null}
        data-testid="train-download-model"
        title={live ? `Save the model "${model ?? ''}" as it is now, in tfjs's own format: NAME.json and NAME.weights.bin (tf.loadLayersModel reads them)` : 'Train or step first: the model files come from the live session'}>
        ⤓ Download model{v.models.length === 1 ? ` "${model}"` : ''}
      </button>
    </div>
  );
}
