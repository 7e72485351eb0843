// The random streams of the exported program: the runtime's own sfc32 stream (src/runtime/rng.ts)
// and string hash, copied by npm run export-code, so the export draws the numbers the app draws.
// The Philox draws (src/runtime/gpu-random/reference.ts) come in through the nodes' emit.
import { runtimeSnippet } from '../runtime-code';

export const randomClass = runtimeSnippet('Rng');
export const hashString = runtimeSnippet('hashString');
