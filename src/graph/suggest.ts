// "Did you mean ...?" for mistyped names: the closest candidate by edit distance, if it is close.

/** Levenshtein distance (insertions, deletions, substitutions), two rows of memory. */
export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row.push(Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + cost));
    }
    prev = row;
  }
  return prev[b.length]!;
}

/**
 * The candidate closest to `word`, or '' when none is close enough to be a likely typo. Case is
 * ignored, and a registry key also matches on its name alone ("dense" finds "layers.dense").
 */
export function closest(word: string, candidates: readonly string[]): string {
  const w = word.toLowerCase();
  // allow about one typo per three letters, at least two
  const limit = Math.max(2, Math.floor(w.length / 3));
  let best = '';
  let bestDist = Infinity;
  for (const c of candidates) {
    const lc = c.toLowerCase();
    const name = lc.slice(lc.indexOf('.') + 1);
    const d = Math.min(editDistance(w, lc), editDistance(w, name));
    if (d < bestDist) {
      best = c;
      bestDist = d;
    }
  }
  return bestDist <= limit ? best : '';
}
