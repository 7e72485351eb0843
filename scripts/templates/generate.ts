// `npx tsx scripts/templates/generate.ts`: writes templates/lenet.json, wgan-gp-2d.json, dcgan.json, cdcgan.json, vae.json and vae-gan.json
// from the scripts beside this one, in the editor's own file format. The JSON files are what ships;
// rerun this after editing a script, and check the result with `npx tsx src/cli/main.ts check FILE`.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { saveDocument } from '../../src/graph/save';
import type { GraphDoc } from '../../src/graph/types';
import { cdcgan } from './cdcgan';
import { dcgan } from './dcgan';
import { lenet } from './lenet';
import { wganGp2d } from './wgan-gp-2d';
import { vae } from './vae';
import { vaeGan } from './vae-gan';

const TEMPLATES_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../templates');

const outputs: [file: string, doc: GraphDoc][] = [
  ['lenet.json', lenet()],
  ['wgan-gp-2d.json', wganGp2d()],
  ['dcgan.json', dcgan()],
  ['cdcgan.json', cdcgan()],
  ['vae.json', vae()],
  ['vae-gan.json', vaeGan()],
];

for (const [file, doc] of outputs) {
  const target = path.join(TEMPLATES_DIR, file);
  await writeFile(target, saveDocument(doc));
  process.stdout.write(`wrote ${path.relative(process.cwd(), target)}\n`);
}
