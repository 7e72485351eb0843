// The page's end of the training worker: starts it and types the messages both ways.
import type { FromWorker, ToWorker } from './protocol';

export interface TrainingWorker {
  send(msg: ToWorker): void;
  terminate(): void;
}

export function startTrainingWorker(onMessage: (msg: FromWorker) => void, onFailure: (detail: string) => void): TrainingWorker {
  const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'tensorloom-training' });
  worker.onmessage = (e: MessageEvent<FromWorker>) => onMessage(e.data);
  worker.onerror = (e: ErrorEvent) => {
    e.preventDefault();
    onFailure(e.message || 'its script could not be loaded');
  };
  worker.onmessageerror = () => onFailure('a message from it could not be read');
  return {
    send: (msg) => worker.postMessage(msg),
    terminate: () => worker.terminate(),
  };
}
