// Stage 1: candidates sharing at least one genre with the seed, closest genre sets first (Jaccard), popular first on ties.
import { orderByDescending } from './order';

/** Number of set bits (SWAR popcount). */
export function popcount32(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

const KEY_LEVELS = 1024;

export interface GenreIndex {
  genreMask: Uint32Array;
  /** Genres per movie (popcount of the mask), precomputed. */
  genreCount: Uint8Array;
  /** Catalog rows by popularity, most popular first: scanning in this order breaks ties by popularity for free. */
  byPopularity: Int32Array;
  /** The distinct genre sets (≈ 2,000 of 45k movies), how many movies have each, and each movie's set by popularity. */
  distinctMasks: Uint32Array;
  distinctCounts: Uint32Array;
  distinctByPopularity: Uint16Array | Uint32Array;
  /** Each distinct set's movies as popularity positions, most popular first (CSR: distinctStart[d]..distinctStart[d + 1]). */
  distinctStart: Uint32Array;
  distinctPositions: Uint32Array;
  /** Per-query scratch, reused so a query allocates nothing proportional to the catalog. */
  keyOfDistinct: Int16Array;
  histogram: Uint32Array;
  keyTable: Int16Array;
  /** (KEY_LEVELS − key)·n + position of the movies above the partly taken bucket: one sort orders them as the scan would. */
  orderScratch: Float64Array;
}

export function createGenreIndex(genreMask: Uint32Array, popularity: Float32Array): GenreIndex {
  const byPopularity = orderByDescending(popularity);
  const maskByPopularity = Uint32Array.from(byPopularity, (r) => genreMask[r]);
  const idOfMask = new Map<number, number>();
  for (const mask of maskByPopularity) if (!idOfMask.has(mask)) idOfMask.set(mask, idOfMask.size);
  const distinctMasks = Uint32Array.from(idOfMask.keys());
  const distinctByPopularity = idOfMask.size <= 0xffff ? new Uint16Array(maskByPopularity.length) : new Uint32Array(maskByPopularity.length);
  const distinctCounts = new Uint32Array(idOfMask.size);
  for (let p = 0; p < maskByPopularity.length; p++) {
    const id = idOfMask.get(maskByPopularity[p])!;
    distinctByPopularity[p] = id;
    distinctCounts[id]++;
  }
  const distinctStart = new Uint32Array(idOfMask.size + 1);
  for (let d = 0; d < idOfMask.size; d++) distinctStart[d + 1] = distinctStart[d] + distinctCounts[d];
  const distinctPositions = new Uint32Array(maskByPopularity.length);
  const fill = distinctStart.slice(0, idOfMask.size);
  for (let p = 0; p < maskByPopularity.length; p++) distinctPositions[fill[distinctByPopularity[p]]++] = p;
  return {
    genreMask,
    genreCount: Uint8Array.from(genreMask, popcount32),
    byPopularity,
    distinctMasks,
    distinctCounts,
    distinctByPopularity,
    distinctStart,
    distinctPositions,
    keyOfDistinct: new Int16Array(idOfMask.size),
    histogram: new Uint32Array(KEY_LEVELS + 1),
    keyTable: new Int16Array(33 * 33),
    orderScratch: new Float64Array(0),
  };
}

/**
 * Rows sharing a genre with `seed`, ordered by Jaccard similarity of genre sets (desc) then popularity,
 * the seed itself first, at most `cap` rows. A pass over the distinct genre sets finds the buckets taken whole (read
 * from each set's movie list, one sort of ≤ cap numbers) and the one taken in part (a popularity scan that stops early).
 */
export function genreCandidates(index: GenreIndex, seed: number, cap: number, out?: Int32Array): Int32Array {
  const { genreMask: masks, genreCount, keyOfDistinct, histogram, keyTable } = index;
  const seedMask = masks[seed];
  const result = out && out.length >= cap ? out : new Int32Array(Math.max(cap, 1));
  if (cap <= 0) return result.subarray(0, 0);
  result[0] = seed;
  if (seedMask === 0 || cap === 1) return result.subarray(0, 1);
  const seedCount = genreCount[seed];
  // Jaccard key for every (shared, other count) pair, so the scan does no division.
  for (let inter = 1; inter <= seedCount; inter++)
    for (let count = inter; count <= 32; count++) keyTable[inter * 33 + count] = Math.floor((inter / (seedCount + count - inter)) * KEY_LEVELS);
  histogram.fill(0);
  const { distinctMasks, distinctCounts, distinctByPopularity, byPopularity } = index;
  // Keys per distinct genre set: -1 when it shares no genre with the seed.
  for (let d = 0; d < distinctMasks.length; d++) {
    const shared = distinctMasks[d] & seedMask;
    if (shared === 0) {
      keyOfDistinct[d] = -1;
      continue;
    }
    const key = keyTable[popcount32(shared) * 33 + popcount32(distinctMasks[d])];
    keyOfDistinct[d] = key;
    histogram[key] += distinctCounts[d];
  }
  histogram[keyTable[seedCount * 33 + seedCount]]--; // the seed is listed first, not in its bucket
  // Find the lowest key that still fits under the cap; that bucket may be only partly taken.
  const quota = cap - 1;
  let threshold = KEY_LEVELS;
  let above = 0;
  while (threshold >= 0 && above + histogram[threshold] <= quota) {
    above += histogram[threshold];
    threshold--;
  }
  let partial = threshold >= 0 ? quota - above : 0;
  const total = 1 + above + partial;
  // The buckets above the threshold are taken whole: their movies come from each set's list (not a scan of every
  // movie, which reached the least popular one for most seeds), ordered by key then popularity with one small sort.
  const { distinctStart, distinctPositions } = index;
  if (index.orderScratch.length < above + 1) index.orderScratch = new Float64Array(Math.max(above + 1, 2 * index.orderScratch.length));
  const order = index.orderScratch;
  const n = byPopularity.length;
  let taken = 0;
  for (let d = 0; d < distinctMasks.length; d++) {
    const key = keyOfDistinct[d];
    if (key <= threshold) continue;
    const rank = (KEY_LEVELS - key) * n;
    for (let e = distinctStart[d], end = distinctStart[d + 1]; e < end; e++) {
      const p = distinctPositions[e];
      if (byPopularity[p] !== seed) order[taken++] = rank + p;
    }
  }
  const sorted = order.subarray(0, taken).sort();
  for (let i = 0; i < taken; i++) result[1 + i] = byPopularity[sorted[i] % n];
  // The partly taken bucket: its most popular movies, found by a popularity scan that stops once it has them.
  let at = 1 + taken;
  for (let p = 0; p < n && partial > 0; p++) {
    if (keyOfDistinct[distinctByPopularity[p]] !== threshold) continue;
    const row = byPopularity[p];
    if (row === seed) continue;
    result[at++] = row;
    partial--;
  }
  return result.subarray(0, total);
}
