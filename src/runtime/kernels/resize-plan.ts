// Which source row (or column) a nearest-neighbour resize reads for each output row, exactly as
// tfjs's CPU backend computes it (pure; the gradient kernel scatters dy back along it).
export function nearestSources(inSize: number, outSize: number, alignCorners: boolean, halfPixelCenters: boolean): Int32Array {
  const effectiveIn = alignCorners && outSize > 1 ? inSize - 1 : inSize;
  const effectiveOut = alignCorners && outSize > 1 ? outSize - 1 : outSize;
  const ratio = effectiveIn / effectiveOut;
  return Int32Array.from({ length: outSize }, (_, r) => {
    const frac = halfPixelCenters ? ratio * (r + 0.5) : ratio * r;
    const nearest = Math.min(inSize - 1, alignCorners ? Math.round(frac) : Math.floor(frac));
    return halfPixelCenters ? Math.max(0, nearest) : nearest;
  });
}
