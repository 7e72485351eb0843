// `npm run bench [-- NAME...]`: prints benchmark tables (never part of the tests).
import { benchCompile } from './compile';

const BENCHES: Record<string, () => Promise<string>> = {
  compile: benchCompile,
  editor: async () => (await import('./editor/run')).benchEditor(),
  'training-ui': async () => (await import('./training-ui')).benchTrainingUi(),
  random: async () => (await import('./random')).benchRandom(),
  steps: async () => (await import('./steps')).benchSteps(),
  fused: async () => (await import('./fused')).benchFused(),
  drag: async () => (await import('./drag')).benchDrag(),
};

// names are the arguments that are neither a --flag nor a flag's value
const args = process.argv.slice(2);
const wanted = args.filter((a, i) => !a.startsWith('-') && !args[i - 1]?.startsWith('--'));
const names = wanted.length ? wanted : Object.keys(BENCHES);
for (const name of names) {
  const bench = BENCHES[name];
  if (!bench) {
    process.stderr.write(`unknown benchmark "${name}"; known: ${Object.keys(BENCHES).join(', ')}\n`);
    process.exit(2);
  }
  process.stdout.write(`${await bench()}\n`);
}
