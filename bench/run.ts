// `npm run bench [-- NAME...]`: prints benchmark tables (never part of the tests).
import { benchCompile } from './compile';

const BENCHES: Record<string, () => Promise<string>> = {
  compile: benchCompile,
};

const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const names = wanted.length ? wanted : Object.keys(BENCHES);
for (const name of names) {
  const bench = BENCHES[name];
  if (!bench) {
    process.stderr.write(`unknown benchmark "${name}"; known: ${Object.keys(BENCHES).join(', ')}\n`);
    process.exit(2);
  }
  process.stdout.write(`${await bench()}\n`);
}
