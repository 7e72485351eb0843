// The section ids of a WebAssembly binary (pure). The kernels must own no memory inside tfjs's:
// a data section would be written over tfjs's heap when the module is instantiated, and a global
// (a stack pointer, a heap start) would mean code that allocates there.
export const DATA_SECTION = 11;
export const GLOBAL_SECTION = 6;

function leb128(bytes: Uint8Array, at: number): [value: number, next: number] {
  let value = 0;
  let shift = 0;
  let i = at;
  for (;;) {
    const b = bytes[i++];
    if (b === undefined) throw new Error('truncated WebAssembly binary');
    value += (b & 0x7f) * 2 ** shift;
    shift += 7;
    if (!(b & 0x80)) return [value, i];
  }
}

/** The id of every section, in order. */
export function sectionIds(bytes: Uint8Array): number[] {
  if (bytes.length < 8 || bytes[0] !== 0 || bytes[1] !== 0x61 || bytes[2] !== 0x73 || bytes[3] !== 0x6d) throw new Error('not a WebAssembly binary');
  const ids: number[] = [];
  let i = 8;
  while (i < bytes.length) {
    const id = bytes[i]!;
    const [size, next] = leb128(bytes, i + 1);
    ids.push(id);
    i = next + size;
  }
  return ids;
}

/** What keeps a module from running inside another's memory, or null when nothing does. */
export function ownsMemory(bytes: Uint8Array): string | null {
  const ids = sectionIds(bytes);
  if (ids.includes(DATA_SECTION)) return 'it has a data section';
  if (ids.includes(GLOBAL_SECTION)) return 'it has globals';
  return null;
}
