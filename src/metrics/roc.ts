// The area under the ROC curve of a score meant to be higher for `positives` than for `negatives`:
// the probability that a random positive scores above a random negative, ties counting half
// (the Mann-Whitney U statistic over the product of the counts). Pure; O(n log n).
export function rocAuc(negatives: readonly number[], positives: readonly number[]): number {
  if (!negatives.length || !positives.length) throw new RangeError('rocAuc needs at least one score of each kind');
  const all = [...negatives.map((v) => ({ v, positive: false })), ...positives.map((v) => ({ v, positive: true }))];
  if (all.some((s) => Number.isNaN(s.v))) throw new RangeError('rocAuc: a score is NaN');
  all.sort((a, b) => a.v - b.v);
  let rankSum = 0;
  for (let i = 0; i < all.length; ) {
    let j = i;
    while (j < all.length && all[j]!.v === all[i]!.v) j++;
    const rank = (i + 1 + j) / 2; // mean of ranks i+1 .. j
    for (let k = i; k < j; k++) if (all[k]!.positive) rankSum += rank;
    i = j;
  }
  const p = positives.length;
  return (rankSum - (p * (p + 1)) / 2) / (p * negatives.length);
}
