// The training dashboard: controls, progress, messages, loss charts, previews and the checkpoint.
import { useCallback, useRef } from 'react';
import { useStores } from '../context';
import { clampWidth, MIN_WIDTH, useEdgeDrag } from '../usePanelSize';
import { Controls, wholeNumber } from './Controls';
import { TrainedWeights } from './TrainedWeights';
import { useDashboardOpen, useTraining, useTrainingController } from './context';
import { clockText } from './format';
import { LossCharts } from './LossCharts';
import { Messages } from './Messages';
import { ModelDownload } from './ModelDownload';
import { Previews } from './Previews';
import { Progress } from './Progress';
import { WirePanel } from './WirePanel';
import './training.css';

function CheckpointFiles() {
  const c = useTrainingController();
  const v = useTraining();
  const input = useRef<HTMLInputElement>(null);
  const downloadable = v.lastCheckpoint !== null || v.stored.some((s) => s.fingerprint === (v.sessionFingerprint ?? v.docFingerprint));
  return (
    <div className="tl-dash-buttons">
      <button className="tl-btn" onClick={() => void c.downloadCheckpoint()} disabled={!downloadable} data-testid="train-download"
        title="Save this graph's last checkpoint (weights, optimizer state, loss history and the graph) as a .tlckpt file">⤓ Download</button>
      <button className="tl-btn" onClick={() => input.current?.click()} disabled={!c.canUpload()} data-testid="train-upload"
        title="Resume this graph from a .tlckpt file; it must have been trained from the same graph">⤒ Upload…</button>
      <input ref={input} type="file" accept=".tlckpt" hidden data-testid="train-upload-file"
        onChange={async (e) => {
          const file = e.target.files?.[0];
          e.target.value = '';
          if (file) c.uploadCheckpoint(file.name, new Uint8Array(await file.arrayBuffer()));
        }} />
    </div>
  );
}

function CheckpointLine() {
  const c = useTrainingController();
  const { lastCheckpoint, resumedFrom, settings } = useTraining();
  return (
    <section className="tl-dash-section tl-dash-checkpoint">
      <div className="tl-dash-line" data-testid="train-checkpoint">
        {lastCheckpoint ? `Checkpoint: iteration ${lastCheckpoint.step}, saved ${clockText(lastCheckpoint.savedAt)}` : 'No checkpoint of this run yet'}
        {resumedFrom !== null && <span className="tl-muted"> · resumed at {resumedFrom}</span>}
      </div>
      <label className="tl-dash-inline tl-muted" title="Checkpoints go to this browser's storage; one is also made whenever training pauses or stops">
        checkpoint every
        <input className="tl-input tl-dash-num" type="number" min={0} step={1} defaultValue={settings.checkpointEvery} aria-label="Checkpoint every N iterations"
          onChange={(e) => {
            const n = wholeNumber(e.target.value, 0);
            if (n !== null) c.setSettings({ checkpointEvery: n });
          }} />
        it.
      </label>
      <CheckpointFiles />
      <ModelDownload />
    </section>
  );
}

/** The dashboard's left edge: dragged, it makes the dashboard wider or narrower (kept over a reload). */
function WidthHandle() {
  const stores = useStores();
  const ref = useRef<HTMLDivElement>(null);
  const width = useCallback(() => ref.current?.parentElement?.getBoundingClientRect().width ?? MIN_WIDTH, []);
  const onSize = useCallback((w: number) => stores.session.setDashboardWidth(clampWidth(w, window.innerWidth)), [stores]);
  const drag = useEdgeDrag(width, onSize, 'x');
  return (
    <div
      ref={ref}
      className="tl-dash-resize"
      onPointerDown={drag}
      title="Drag to make the dashboard wider or narrower"
      data-testid="dashboard-resize"
      aria-hidden
    />
  );
}

export function TrainingDashboard() {
  const c = useTrainingController();
  const open = useDashboardOpen();
  if (!open) return null;
  return (
    <aside className="tl-dashboard" aria-label="Training" data-testid="training-dashboard">
      <WidthHandle />
      <div className="tl-section-head">
        Training
        <button className="tl-icon-btn" onClick={() => c.setOpen(false)} title="Hide the dashboard (training goes on)" aria-label="Hide the dashboard">✕</button>
      </div>
      <div className="tl-dash-body">
        <Controls />
        <TrainedWeights />
        <Progress />
        <Messages />
        <WirePanel />
        <LossCharts />
        <Previews />
        <CheckpointLine />
      </div>
    </aside>
  );
}
