// Feature tables and their Gaussian summary (mean and covariance), in float64. Pure: no tfjs.

/** `count` feature vectors of `dim` values each, row-major. */
export interface FeatureTable {
  count: number;
  dim: number;
  data: ArrayLike<number>;
}

export interface GaussianStats {
  dim: number;
  /** how many vectors the statistics were computed from */
  count: number;
  mean: Float64Array;
  /** row-major dim x dim, unbiased (divided by count - 1), as numpy's np.cov and pytorch-fid */
  cov: Float64Array;
}

/** Rows given as arrays, or a table as it is. */
export function asTable(rows: readonly (readonly number[])[] | FeatureTable): FeatureTable {
  if (!Array.isArray(rows)) return rows as FeatureTable;
  const list = rows as readonly (readonly number[])[];
  const dim = list[0]?.length ?? 0;
  const data = new Float64Array(list.length * dim);
  list.forEach((r, i) => {
    if (r.length !== dim) throw new Error(`feature row ${i} has ${r.length} values, row 0 has ${dim}`);
    data.set(r, i * dim);
  });
  return { count: list.length, dim, data };
}

export function gaussianStats(features: readonly (readonly number[])[] | FeatureTable): GaussianStats {
  const { count, dim, data } = asTable(features);
  if (data.length !== count * dim) throw new Error(`feature table: ${data.length} values are not ${count} rows of ${dim}`);
  if (count < 2) throw new Error(`a covariance needs at least 2 feature vectors, got ${count}`);
  const mean = new Float64Array(dim);
  for (let r = 0; r < count; r++) for (let j = 0; j < dim; j++) mean[j]! += data[r * dim + j]!;
  for (let j = 0; j < dim; j++) mean[j]! /= count;
  // two passes (centre, then multiply): one-pass sums lose digits when means dwarf spreads
  const cov = new Float64Array(dim * dim);
  const centred = new Float64Array(dim);
  for (let r = 0; r < count; r++) {
    for (let j = 0; j < dim; j++) centred[j] = data[r * dim + j]! - mean[j]!;
    for (let i = 0; i < dim; i++) {
      const ci = centred[i]!;
      if (ci === 0) continue;
      for (let j = i; j < dim; j++) cov[i * dim + j]! += ci * centred[j]!;
    }
  }
  for (let i = 0; i < dim; i++) {
    for (let j = i; j < dim; j++) cov[i * dim + j] = cov[j * dim + i] = cov[i * dim + j]! / (count - 1);
  }
  return { dim, count, mean, cov };
}
