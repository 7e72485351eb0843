// What the person should know: a stop on NaN (with the node), errors, backend notes, a graph
// edited while it trains, and checkpoints that Train will resume or could resume.
import { issue, renderIssue } from '../../messages';
import { useDocSnapshot } from '../context';
import { graphChanged } from './training-view';
import { useTraining, useTrainingController } from './context';
import { clockText } from './format';

export function Messages() {
  const c = useTrainingController();
  const v = useTraining();
  const { committed } = useDocSnapshot();
  const docFp = v.docFingerprint;
  // Train would start a new session: nothing runs, or what is paused trains an earlier graph
  const idle = v.phase === 'idle' || (v.phase === 'paused' && graphChanged(v));
  const own = v.stored.find((s) => s.fingerprint === docFp);
  const earlier = own ? undefined : v.stored.find((s) => s.docName === committed.meta.name);
  const p = v.problem;
  return (
    <div className="tl-dash-messages">
      {p && (
        <div className="tl-dash-msg error" role="alert" data-testid="train-problem">
          <span>{p.text}</span>
          <span className="tl-dash-msg-actions">
            {p.kind === 'nonFinite' && p.nodeId && <button className="tl-btn" onClick={() => c.showProblemNode()} data-testid="train-show-node">Show node</button>}
            {p.kind === 'deviceLost' && (
              <button className="tl-btn" onClick={() => c.resumeOnOtherBackend()} data-testid="train-resume-other-backend"
                title="Go on from the last checkpoint with WebGL (else WebAssembly, else the CPU)">Resume on another backend</button>
            )}
            {p.kind === 'upload' && p.canOpen && (
              <button className="tl-btn" onClick={() => c.openUploadedGraph()} data-testid="train-open-upload-graph"
                title="Open the graph this checkpoint was trained from (Undo brings yours back) and resume it">Open its graph</button>
            )}
            <button className="tl-btn" onClick={() => c.dismissProblem()}>Dismiss</button>
          </span>
        </div>
      )}
      {v.notices.map((n) => <div key={n} className="tl-dash-msg warning">{n}</div>)}
      {v.backend && v.backend.notes.length > 0 && (
        <details className="tl-dash-msg info" data-testid="train-backend-note">
          <summary>{v.backend.name === 'webgpu' ? 'Why this is slow, and what to do' : 'Why not WebGPU, and what to do'}</summary>
          {v.backend.notes.map((n) => <p key={n}>{n}</p>)}
        </details>
      )}
      {graphChanged(v) && (
        <div className="tl-dash-msg info" data-testid="train-graph-changed">{renderIssue(issue('run.graphChanged', {}))}</div>
      )}
      {idle && own && (
        <div className="tl-dash-msg info" data-testid="train-checkpoint-offer">
          Train resumes from the checkpoint at iteration {own.step} (saved {clockText(own.savedAt)}). Reset starts afresh.
        </div>
      )}
      {idle && earlier && (
        <div className="tl-dash-msg info">
          <span>{renderIssue(issue('run.checkpointOtherGraph', { step: earlier.step, when: clockText(earlier.savedAt) }))}</span>
          <span className="tl-dash-msg-actions">
            <button className="tl-btn" onClick={() => c.resumeAnyway(earlier.fingerprint)} data-testid="train-resume-anyway">Resume anyway</button>
          </span>
        </div>
      )}
    </div>
  );
}
