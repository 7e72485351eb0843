// The one source of randomness in training: a small counter-free PRNG (sfc32) whose whole state
// is four uint32s, so a checkpoint can store it and a resumed run draws the same numbers.
import type { RandomStream } from '../../nodes/spec';

export type RngState = [number, number, number, number];

/**
 * The training's random stream: sfc32 seeded through splitmix32. Every batch draws from it, and
 * every noise tensor, set of timesteps and dropout mask takes one seed from it, in graph order, so
 * the same seed repeats a run exactly; `state()` is all a checkpoint needs to resume it.
 */
export class Rng implements RandomStream {
  private s: Uint32Array;

  constructor(seedOrState: number | RngState) {
    if (typeof seedOrState === 'number') {
      // splitmix32 expands one seed into four well-mixed words
      let x = seedOrState >>> 0;
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
    } else {
      this.s = Uint32Array.from(seedOrState);
    }
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

  /** a positive seed for a tfjs random op */
  seed(): number {
    return (this.nextUint32() % 2147483646) + 1;
  }

  /** integer in [0, n) */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  state(): RngState {
    return [this.s[0]!, this.s[1]!, this.s[2]!, this.s[3]!];
  }
}

/** A stable 32-bit hash of a string (FNV-1a), to derive per-node seeds from the training seed. */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}
