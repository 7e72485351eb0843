// The main training button's meaning in each state, shared by the top bar and the dashboard.
import type { TrainingController } from './controller';
import { graphChanged, type TrainingView } from './training-view';
import type { IconName } from './Icon';

export interface PrimaryAction {
  icon: IconName | null;
  kind: 'train' | 'pause' | 'resume' | 'starting' | 'stopping';
  label: string;
  title: string;
  disabled: boolean;
  run: (c: TrainingController) => void;
}

const ACTIONS: Record<PrimaryAction['kind'], PrimaryAction> = {
  train: { kind: 'train', icon: 'play', label: 'Train', title: 'Train the graph in the background (resumes its checkpoint if it has one)', disabled: false, run: (c) => c.train() },
  pause: { kind: 'pause', icon: 'pause', label: 'Pause', title: 'Pause training; the weights stay in memory and are checkpointed', disabled: false, run: (c) => c.pause() },
  resume: { kind: 'resume', icon: 'play', label: 'Resume', title: 'Go on to the end of this run', disabled: false, run: (c) => c.train() },
  starting: { kind: 'starting', icon: null, label: 'Starting…', title: 'Starting the backend and compiling the graph', disabled: true, run: () => undefined },
  stopping: { kind: 'stopping', icon: null, label: 'Stopping…', title: 'Saving a checkpoint and freeing the device', disabled: true, run: () => undefined },
};

/** Stable objects per state, so a selector that returns one re-renders only when it changes. */
export function primaryAction(v: TrainingView): PrimaryAction {
  switch (v.phase) {
    case 'running':
      return ACTIONS.pause;
    case 'paused':
      // a graph edited since the pause trains afresh (as edited) rather than resuming
      return !graphChanged(v) && (v.target === null || v.step < v.target) ? ACTIONS.resume : ACTIONS.train;
    case 'idle':
      return ACTIONS.train;
    case 'starting':
      return ACTIONS.starting;
    case 'stopping':
      return ACTIONS.stopping;
  }
}
