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
  /** Per-query scratch, reused so a query allocates nothing proportional to the catalog. */
  keyOfDistinct: Int16Array;
  histogram: Uint32Array;
  bucketStart: Uint32Array;
  keyTable: Int16Array;
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
  return {
    genreMask,
    genreCount: Uint8Array.from(genreMask, popcount32),
    byPopularity,
    distinctMasks,
    distinctCounts,
    distinctByPopularity,
    keyOfDistinct: new Int16Array(idOfMask.size),
    histogram: new Uint32Array(KEY_LEVELS + 1),
    bucketStart: new Uint32Array(KEY_LEVELS + 2),
    keyTable: new Int16Array(33 * 33),
  };
}

/**
 * Rows sharing a genre with `seed`, ordered by Jaccard similarity of genre sets (desc) then popularity,
 * the seed itself first, at most `cap` rows. A pass over the distinct genre sets, a counting sort and one pass over the
 * movies (stopping once the list is full): no comparison sort.
 */
export function genreCandidates(index: GenreIndex, seed: number, cap: number, out?: Int32Array): Int32Array {
  const { genreMask: masks, genreCount, keyOfDistinct, histogram, bucketStart, keyTable } = index;
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
  // Bucket start offsets, highest key first.
  let offset = 1;
  for (let key = KEY_LEVELS; key >= 0; key--) {
    bucketStart[key] = offset;
    if (key > threshold) offset += histogram[key];
    else if (key === threshold) offset += partial;
  }
  const total = offset;
  const minKey = Math.max(threshold, 0); // keys of -1 (no shared genre) never pass
  let left = total - 1;
  for (let p = 0, n = byPopularity.length; p < n && left > 0; p++) {
    const key = keyOfDistinct[distinctByPopularity[p]];
    if (key < minKey) continue;
    const row = byPopularity[p];
    if (row === seed) continue;
    if (key === threshold) {
      if (partial === 0) continue;
      partial--;
    }
    result[bucketStart[key]++] = row;
    left--;
  }
  return result.subarray(0, total);
}
