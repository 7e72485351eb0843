// The training worker's entry: tfjs and the runner live here, off the page's thread. The page
// starts it with `new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' })`.
import * as tf from '@tensorflow/tfjs';
import { selectBrowserBackend } from '../backend-browser';
import { idbCheckpoints } from '../checkpoint-idb';
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

const runner = new TrainingRunner({
  tf,
  post,
  selectBackend: (wanted) => selectBrowserBackend(tf, wanted),
  loadDataset,
  checkpoints: idbCheckpoints,
  yieldToEvents,
});

scope.onmessage = (e: MessageEvent<ToWorker>) => runner.handle(e.data);
scope.onunhandledrejection = (e: PromiseRejectionEvent) => {
  const reason: unknown = e.reason;
  post({ type: 'error', message: reason instanceof Error ? reason.message : String(reason) });
};
