// What the training controller needs from the browser besides the worker: the checkpoint store
// and a way to offer bytes as a download. Tests give stand-ins.
import { idbCheckpoints, type CheckpointStore } from '../../runtime/checkpoint-idb';

export interface ControllerIO {
  checkpoints: CheckpointStore;
  /** offers bytes as a download */
  saveFile: (name: string, bytes: Uint8Array) => void;
}

function downloadFile(name: string, bytes: Uint8Array): void {
  const url = URL.createObjectURL(new Blob([bytes as BlobPart], { type: 'application/octet-stream' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

export const BROWSER_IO: ControllerIO = { checkpoints: idbCheckpoints, saveFile: downloadFile };
