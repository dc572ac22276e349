// List utilities only the evaluation uses: a generic top-k over a score function, and the reference design's merge.

/** Indices of the k largest `score(i)` over i in [0, n) that pass `accept`, best first; ties keep the lower index. */
export function topK(n: number, k: number, score: (i: number) => number, accept: (i: number) => boolean): number[] {
  const best: number[] = [];
  const bestScores: number[] = [];
  for (let i = 0; i < n; i++) {
    const s = score(i);
    if (best.length === k && s <= bestScores[k - 1]) continue;
    if (!accept(i)) continue;
    let at = best.length;
    while (at > 0 && bestScores[at - 1] < s) at--;
    best.splice(at, 0, i);
    bestScores.splice(at, 0, s);
    if (best.length > k) {
      best.pop();
      bestScores.pop();
    }
  }
  return best;
}

/**
 * The reference design's merge (kept as the evaluation's "reference design" baseline): round(k·kmfShare) from the KMF list, the rest from the keyword list, duplicates removed,
 * a short list filled from the other. Interleaved so both kinds show near the top.
 */
export function mergeLists(keywordRows: number[], kmfRows: number[], k: number, kmfShare: number): { row: number; source: 'keywords' | 'kmf' }[] {
  const kmfQuota = kmfRows.length > 0 ? Math.round(k * kmfShare) : 0;
  const seen = new Set<number>();
  const fromKeywords: number[] = [];
  const fromKmf: number[] = [];
  const take = (list: number[], into: number[], limit: number) => {
    for (const row of list) {
      if (into.length >= limit) break;
      if (!seen.has(row)) {
        seen.add(row);
        into.push(row);
      }
    }
  };
  take(keywordRows, fromKeywords, k - kmfQuota);
  take(kmfRows, fromKmf, kmfQuota);
  // Fill a short side from the other list.
  take(kmfRows, fromKmf, k - fromKeywords.length);
  take(keywordRows, fromKeywords, k - fromKmf.length);
  const merged: { row: number; source: 'keywords' | 'kmf' }[] = [];
  for (let i = 0; merged.length < k && (i < fromKeywords.length || i < fromKmf.length); i++) {
    if (i < fromKeywords.length) merged.push({ row: fromKeywords[i], source: 'keywords' });
    if (i < fromKmf.length && merged.length < k) merged.push({ row: fromKmf[i], source: 'kmf' });
  }
  return merged;
}
