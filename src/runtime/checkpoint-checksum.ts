// A checksum of a checkpoint's parts (MurmurHash3, x86 32-bit), kept in its header so that weights
// or a graph that do not belong to the header are refused instead of loaded. Fast enough to run
// over every save and load: it reads the bytes as 32-bit words.

/** MurmurHash3_x86_32 of `bytes` (little-endian words, as every platform tfjs runs on), as 8 hex digits. */
export function checksum(bytes: Uint8Array, seed = 0): string {
  const n = bytes.byteLength >>> 2;
  const words = bytes.byteOffset % 4 === 0 ? new Uint32Array(bytes.buffer, bytes.byteOffset, n) : new Uint32Array(bytes.slice(0, n * 4).buffer);
  let h = seed >>> 0;
  for (let i = 0; i < n; i++) {
    let k = Math.imul(words[i]!, 0xcc9e2d51);
    k = Math.imul((k << 15) | (k >>> 17), 0x1b873593);
    h ^= k;
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  const tail = n * 4;
  const left = bytes.byteLength - tail;
  if (left > 0) {
    let k = bytes[tail]! | (left > 1 ? bytes[tail + 1]! << 8 : 0) | (left > 2 ? bytes[tail + 2]! << 16 : 0);
    k = Math.imul(k, 0xcc9e2d51);
    k = Math.imul((k << 15) | (k >>> 17), 0x1b873593);
    h ^= k;
  }
  h ^= bytes.byteLength;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return (h >>> 0).toString(16).padStart(8, '0');
}
