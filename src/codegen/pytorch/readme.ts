// The README of an exported PyTorch package: what is in it and how to train it, on one machine
// or many.
import type { GraphDoc } from '../../graph/types';
import { commentText } from '../names';
import type { TorchProgram } from './program';

export function packageReadme(doc: GraphDoc, program: TorchProgram, minTorch: string): string {
  const name = commentText(doc.meta.name || 'Untitled graph');
  const data = program.datasets.length
    ? [
        `It reads ${program.datasets.map((d) => `\`${d}.bin\``).join(' and ')} from \`data/\` beside \`train.py\``,
        `(or \`--data DIR\`): the files the app builds (\`npm run data\` writes them to its \`public/data/\`).`,
        `The export copies them there when it can. Nothing is downloaded.`,
        ``,
      ]
    : [];
  return [
    `# ${name}`,
    ``,
    `A Tensorloom graph as a PyTorch program. \`models.py\` holds one \`nn.Module\` per model of the graph,`,
    `\`train.py\` the graph's updates (each optimizer over its own models' weights, in order) and the`,
    `losses they minimise, \`tensorloom_runtime.py\` what every exported graph shares: the random`,
    `streams (drawn as the app draws them), the data, the losses and the layers in TensorFlow's form.`,
    ``,
    `Needs Python 3.9 or later and PyTorch ${minTorch} or later (\`pip install -r requirements.txt\`).`,
    ``,
    ...data,
    `## Train`,
    ``,
    '```',
    `python train.py --steps 1000 --out run            # one process: a GPU if there is one, else the CPU`,
    `python train.py --steps 2000 --out run --resume   # continue from run/checkpoint.pt`,
    `torchrun --nproc_per_node=4 train.py --steps 1000 --out run   # 4 processes (GPUs, or CPU cores)`,
    `torchrun --nnodes=2 --nproc_per_node=8 --rdzv_backend=c10d --rdzv_endpoint=HOST:29500 train.py --steps 1000`,
    '```',
    ``,
    `With PyTorch 1.13 under Python 3.11, torchrun fails to read its own default \`--redirects 0\`: add`,
    `\`--redirects 1 --tee 1\` after \`torchrun\` there (each process's output is then also kept in a log file).`,
    ``,
    `\`python train.py --help\` lists every option: \`--batch-size\` (per process), \`--seed\`, \`--lr UPDATE=RATE\`,`,
    `\`--log-every\`, \`--checkpoint-every\`, \`--amp\` (bfloat16 on CUDA), \`--init\`.`,
    ``,
    `Under torchrun each process computes its share of every batch: with N processes and \`--batch-size B\``,
    `an update sees a batch of N × B, and its gradients are averaged over the processes`,
    `(DistributedDataParallel; nccl on CUDA, gloo on the CPU). Every process draws the same stream and`,
    `keeps its rows, so the run is the one-process run at batch N × B. BatchNorm layers become`,
    `SyncBatchNorm on CUDA. Process 0 writes \`OUT/metrics.jsonl\` (every iteration's losses) and`,
    `\`OUT/checkpoint.pt\`, which resumes in any number of processes.`,
    ``,
    `## Weights`,
    ``,
    `When the export wrote \`app_weights.json\` (with \`app_weights.bin\`), training starts from those weights:`,
    `the app's initial weights for the export's seed, or a checkpoint's. With the same \`--seed\`, the run then`,
    `sees the batches and the noise the app sees and trains to the app's losses. \`--init fresh\` starts`,
    `from new weights drawn as Keras draws them (Glorot-uniform kernels, zero biases).`,
    ``,
    `The models are channels first inside (\`[batch, channels, height, width]\`); their inputs and outputs`,
    `are channels last, as the graph has them. Each class's \`APP_WEIGHTS\` says which of the app's weights`,
    `fills which parameter: Dense kernels transposed, convolution kernels from \`[h, w, in, out]\` to`,
    `\`[out, in, h, w]\`. BatchNorm keeps Keras's settings (momentum m there is 1 − m here; the epsilon`,
    `is the graph's); its running variance is PyTorch's unbiased one.`,
    ``,
  ].join('\n');
}
