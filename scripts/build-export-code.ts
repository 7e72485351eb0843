// `npm run export-code`: copies the runtime declarations the TypeScript export uses (the random
// streams, losses, schedules, custom layers...) into src/codegen/build/runtime-code.ts, so the
// exported program is written from the runtime's own source; and the PyTorch export's runtime
// module (src/codegen/pytorch/runtime/tensorloom_runtime.py) into src/codegen/build/python-runtime.ts.
// `--check` fails instead of writing when a file is out of date.
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { exportCodeFiles } from './runtime-code/build';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const read = (file: string) => (existsSync(path.join(root, file)) ? readFileSync(path.join(root, file), 'utf8') : undefined);
for (const [file, code] of exportCodeFiles(read)) {
  const target = path.join(root, file);
  const previous = existsSync(target) ? readFileSync(target, 'utf8') : '';
  if (previous === code) console.log(`ok    ${file} (sources unchanged)`);
  else if (process.argv.includes('--check')) {
    console.error(`${file} is out of date: run \`npm run export-code\``);
    process.exit(1);
  } else {
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, code);
    console.log(`wrote ${file}`);
  }
}
