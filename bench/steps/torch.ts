// The PyTorch column of the speed table (--torch FILE): the JSON written by bench/torch-steps.py on
// the GPU machine:
//   { "device": "...", "torch": "2.x", "date": "YYYY-MM-DD", "command": "...",
//     "results": [ { "model": "dcgan" | "dcgan-reference", "batch": 64, "ms_per_iter": 6.3,
//                    "img_per_s": 10158, "peak_bytes": 123456789 }, ... ] }
// "dcgan" rows are the twin of templates/dcgan.json's layers, "dcgan-reference" the layers of
// ../shared/gpu/reference/dcgan_torch.py; a row fills the column of the table rows with the same
// model and batch. Without --torch the column says "run on the GPU machine".
import { readFile } from 'node:fs/promises';

export interface TorchResults {
  device?: string;
  torch?: string;
  date?: string;
  command?: string;
  results: { model: string; batch: number; ms_per_iter: number; img_per_s?: number; peak_bytes?: number }[];
}

export async function readTorchResults(file: string): Promise<TorchResults> {
  return JSON.parse(await readFile(file, 'utf8')) as TorchResults;
}

/** The table's note on where the PyTorch column comes from (pure). */
export function torchNote(torch: TorchResults | undefined): string {
  if (!torch) return 'PyTorch column: run bench/torch-steps.py on the GPU machine and pass its JSON with --torch.';
  const parts = [torch.torch ? `, torch ${torch.torch}` : '', torch.date ? `, ${torch.date}` : '', torch.command ? `, \`${torch.command}\`` : ''];
  return `PyTorch column: ${torch.device ?? 'unknown device'}${parts.join('')}.`;
}
