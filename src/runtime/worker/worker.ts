// The training worker's entry: tfjs and the runner live here, off the page's thread. The page
// starts it with `new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' })`.
import * as tf from '@tensorflow/tfjs';
import { selectBrowserBackend, type BrowserBackendChoice } from '../backend-browser';
import { idbCheckpoints } from '../checkpoint-idb';
import { idbWeights } from '../../interop/weights-store';
import { loadDataset } from '../datasets/browser';
import type { FromWorker, ToWorker } from './protocol';
import { TrainingRunner } from './runner';

const scope = self as unknown as DedicatedWorkerGlobalScope;

// A message to ourselves is a macrotask without setTimeout's 4 ms clamp: it lets the page's
// commands in between training chunks at almost no cost.
const channel = new MessageChannel();
const waiting: (() => void)[] = [];
channel.port1.onmessage = () => waiting.shift()?.();
const yieldToEvents = () =>
  new Promise<void>((resolve) => {
    waiting.push(resolve);
    channel.port2.postMessage(null);
  });

const post = (msg: FromWorker, transfer: Transferable[] = []) => scope.postMessage(msg, transfer);

/** The WebGPU backend keeps its GPUDevice as `device`; its `lost` promise settles if the device goes. */
function deviceLost(choice: BrowserBackendChoice): Promise<string> | null {
  if (choice.name !== 'webgpu') return null;
  const device = (tf.backend() as unknown as { device?: GPUDevice }).device;
  if (!device?.lost) return null;
  // 'destroyed' is a device given back on purpose, not a loss
  return new Promise((resolve) => {
    void device.lost.then((info) => {
      if (info.reason !== 'destroyed') resolve(info.message || 'the browser gave no reason');
    });
  });
}

const runner = new TrainingRunner({
  tf,
  post,
  selectBackend: (wanted) => selectBrowserBackend(tf, wanted),
  loadDataset,
  checkpoints: idbCheckpoints,
  yieldToEvents,
  deviceLost,
  initialWeights: idbWeights,
});

scope.onmessage = (e: MessageEvent<ToWorker>) => runner.handle(e.data);
scope.onunhandledrejection = (e: PromiseRejectionEvent) => {
  const reason: unknown = e.reason;
  post({ type: 'error', message: reason instanceof Error ? reason.message : String(reason) });
};
