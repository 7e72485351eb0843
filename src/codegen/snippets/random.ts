// The seeded random stream of the exported program: the same generator as src/runtime/rng.ts
// (sfc32 seeded through splitmix32) and the same derived draws, so that the exported program
// draws exactly the numbers the app draws for the same seed.
import { snippet } from '../snippet';

export const randomClass = snippet(
  'Random',
  'random',
  `
/**
 * The one source of randomness: a small PRNG (sfc32) whose whole state is four uint32s. Every
 * batch, noise tensor, timestep and dropout mask draws from it, in graph order, so the same seed
 * repeats a run exactly.
 */
export class Random {
  private readonly s: Uint32Array;

  constructor(seed: number) {
    // splitmix32 expands one seed into four well-mixed words
    let x = seed >>> 0;
    const words: number[] = [];
    for (let i = 0; i < 4; i++) {
      x = (x + 0x9e3779b9) >>> 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
      words.push((z ^ (z >>> 16)) >>> 0);
    }
    this.s = Uint32Array.from(words);
    for (let i = 0; i < 12; i++) this.nextUint32();
  }

  nextUint32(): number {
    const s = this.s;
    const t = (((s[0]! + s[1]!) >>> 0) + s[3]!) >>> 0;
    s[3] = (s[3]! + 1) >>> 0;
    s[0] = s[1]! ^ (s[1]! >>> 9);
    s[1] = (s[2]! + (s[2]! << 3)) >>> 0;
    s[2] = ((s[2]! << 21) | (s[2]! >>> 11)) >>> 0;
    s[2] = (s[2]! + t) >>> 0;
    return t;
  }

  /** uniform in [0, 1) */
  next(): number {
    return this.nextUint32() / 4294967296;
  }

  /** a positive seed for one tfjs random op */
  seed(): number {
    return (this.nextUint32() % 2147483646) + 1;
  }
}
`,
);

export const hashString = snippet(
  'hashString',
  'random',
  `
/** A stable 32-bit hash of a string (FNV-1a): each layer's initialiser seed derives from it. */
function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}
`,
);

export const gaussianNumber = snippet(
  'gaussian',
  'random',
  `
/** A standard normal draw (Box-Muller); 1 − u keeps the log away from 0. */
function gaussian(rng: Random): number {
  const u = 1 - rng.next();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.next());
}
`,
  [randomClass],
);
