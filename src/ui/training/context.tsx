// React access to the training controller: one per editor, made from the editor's stores.
import { createContext, useContext, useEffect, useState, useSyncExternalStore, type ReactNode } from 'react';
import { useStores } from '../context';
import { TrainingController } from './controller';
import type { TrainingView } from './training-view';

const TrainingContext = createContext<TrainingController | null>(null);

export function TrainingProvider({ children }: { children: ReactNode }) {
  const stores = useStores();
  const [controller] = useState(() => new TrainingController(stores));
  useEffect(() => controller.connect(), [controller]);
  return <TrainingContext.Provider value={controller}>{children}</TrainingContext.Provider>;
}

export function useTrainingController(): TrainingController {
  const c = useContext(TrainingContext);
  if (!c) throw new Error('internal: training hooks outside <TrainingProvider>');
  return c;
}

/** The whole training view; re-renders on every snapshot (a few times a second while training). */
export function useTraining(): TrainingView {
  const c = useTrainingController();
  return useSyncExternalStore(c.subscribe, c.getSnapshot);
}

/** One value of the view; re-renders only when it changes (return primitives or stable objects). */
export function useTrainingValue<T>(pick: (v: TrainingView) => T): T {
  const c = useTrainingController();
  return useSyncExternalStore(c.subscribe, () => pick(c.getSnapshot()));
}

/** Whether the dashboard is shown, for the editor's layout. */
export const useDashboardOpen = (): boolean => useTrainingValue((v) => v.open);
