// Copies that tfjs's wasm backend does element by element in JavaScript: gathering rows by index
// (its GatherV2 checks every index through an assertion call first), and concatenating or
// splitting along an axis (its Concat copies one inner row per call, so a stack along the last axis
// or a channel concatenation makes a call per pixel). Sizes are in bytes, so any dtype works.

/**
 * out[o, i, :] = x[o, idx[i], :] for o < outer, i < count; x is [outer, axisDim, slice bytes].
 * Returns -1, or the position of the first index outside [0, axisDim) (then nothing is copied).
 */
export function gatherRows(outer: i32, axisDim: i32, slice: i32, x: usize, count: i32, idx: usize, out: usize): i32 {
  for (let i = 0; i < count; i++) {
    const j = load<i32>(idx + (<usize>i << 2));
    if (j < 0 || j >= axisDim) return i;
  }
  const xStride = <usize>axisDim * <usize>slice;
  if (slice == 4) {
    for (let o = 0; o < outer; o++) {
      const src = x + <usize>o * xStride;
      for (let i = 0; i < count; i++) {
        store<u32>(out, load<u32>(src + (<usize>load<i32>(idx + (<usize>i << 2)) << 2)));
        out += 4;
      }
    }
    return -1;
  }
  for (let o = 0; o < outer; o++) {
    const src = x + <usize>o * xStride;
    for (let i = 0; i < count; i++) {
      memory.copy(out, src + <usize>load<i32>(idx + (<usize>i << 2)) * <usize>slice, slice);
      out += slice;
    }
  }
  return -1;
}

/**
 * Concatenation of `parts` tensors viewed as [rows, inner_p bytes] along their second axis:
 * table holds (pointer, inner bytes) per part as u32 pairs.
 */
export function concatRows(rows: i32, parts: i32, table: usize, out: usize): void {
  let words = true;
  for (let p = 0; p < parts; p++) words = words && load<u32>(table + (<usize>p << 3) + 4) == 4;
  if (words) {
    // a stack along the last axis: one 4-byte value per part and row
    for (let r = 0; r < rows; r++) {
      for (let p = 0; p < parts; p++) {
        store<u32>(out, load<u32>(<usize>load<u32>(table + (<usize>p << 3)) + (<usize>r << 2)));
        out += 4;
      }
    }
    return;
  }
  for (let r = 0; r < rows; r++) {
    for (let p = 0; p < parts; p++) {
      const inner = <usize>load<u32>(table + (<usize>p << 3) + 4);
      memory.copy(out, <usize>load<u32>(table + (<usize>p << 3)) + <usize>r * inner, inner);
      out += inner;
    }
  }
}

/** The inverse: x viewed as [rows, sum of inner_p bytes] cut into parts; table as for concatRows. */
export function splitRows(rows: i32, parts: i32, table: usize, x: usize): void {
  for (let r = 0; r < rows; r++) {
    for (let p = 0; p < parts; p++) {
      const inner = <usize>load<u32>(table + (<usize>p << 3) + 4);
      memory.copy(<usize>load<u32>(table + (<usize>p << 3)) + <usize>r * inner, x, inner);
      x += inner;
    }
  }
}
