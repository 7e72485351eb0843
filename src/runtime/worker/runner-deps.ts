// What the training runner needs from its host: the worker's globals in the browser, stand-ins in
// tests (test/helpers/runner-harness.ts).
import type { Dataset, TFModule } from '../../../nodes/spec';
import type { WeightsStore } from '../../interop/weights-store';
import type { BrowserBackendChoice, BrowserBackendName } from '../backend-browser';
import type { CheckpointStore } from '../checkpoint-idb';
import type { FromWorker } from './protocol';

export type Post = (msg: FromWorker, transfer?: Transferable[]) => void;

export interface RunnerDeps {
  tf: TFModule;
  post: Post;
  selectBackend: (wanted: BrowserBackendName | 'auto') => Promise<BrowserBackendChoice>;
  loadDataset: (key: string) => Promise<Dataset>;
  checkpoints: CheckpointStore;
  /** gives queued messages a turn (a macrotask: promise callbacks alone never let them in) */
  yieldToEvents: () => Promise<void>;
  now?: () => number;
  /**
   * After a backend started: a promise that resolves, with the reason, if its device is lost (the
   * WebGPU device's `lost`); null when the backend has no such device.
   */
  deviceLost?: (backend: BrowserBackendChoice) => Promise<string> | null;
  /** the weights kept with imported models: a session started afresh begins from them where they fit */
  initialWeights?: Pick<WeightsStore, 'list'>;
}
