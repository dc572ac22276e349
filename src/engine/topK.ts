// Top-k selection over score arrays, allocation-free on the hot path (the ranker calls these once per list).

/** The value of rank `k` (0-based) among values[0..n) by quickselect (reorders `values`); −∞ when n ≤ k. */
export function kthLargest(values: Float32Array | Float64Array, n: number, k: number): number {
  if (n <= k) return Number.NEGATIVE_INFINITY;
  let lo = 0;
  let hi = n - 1;
  while (lo < hi) {
    const pivot = values[(lo + hi) >> 1];
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (values[i] > pivot) i++;
      while (values[j] < pivot) j--;
      if (i <= j) {
        const t = values[i];
        values[i] = values[j];
        values[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else break;
  }
  return values[k];
}

/** Indices of the k largest finite scores[0..n), best first; ties keep the lower index. −∞ marks excluded entries. */
export function topKOfScores(scores: Float32Array, n: number, k: number): number[] {
  const best = new Int32Array(k);
  const bestScores = new Float32Array(k).fill(Number.NEGATIVE_INFINITY);
  let filled = 0;
  for (let i = 0; i < n; i++) {
    const s = scores[i];
    if (s === Number.NEGATIVE_INFINITY || (filled === k && s <= bestScores[k - 1]) || s !== s) continue;
    let at = filled < k ? filled++ : k - 1;
    while (at > 0 && bestScores[at - 1] < s) {
      bestScores[at] = bestScores[at - 1];
      best[at] = best[at - 1];
      at--;
    }
    bestScores[at] = s;
    best[at] = i;
  }
  return Array.from(best.subarray(0, filled));
}

/**
 * The `k` entries of `candidates[0..count)` with the largest `keys[c]`, best first, ties to the lower candidate: the
 * first k of a full sort, found by one quickselect for the k-th key and a sort of only the entries at or above it.
 */
export function topCandidatesByKey(candidates: Int32Array, count: number, keys: Float32Array | Float64Array, k: number): number[] {
  if (k <= 0) return [];
  let kept = count;
  if (count > k) {
    const scratch = new Float64Array(count);
    for (let e = 0; e < count; e++) scratch[e] = keys[candidates[e]];
    const threshold = kthLargest(scratch, count, k - 1);
    kept = 0;
    for (let e = 0; e < count; e++) if (keys[candidates[e]] >= threshold) candidates[kept++] = candidates[e];
  }
  return Array.from(candidates.subarray(0, kept))
    .sort((a, b) => keys[b] - keys[a] || a - b)
    .slice(0, k);
}
