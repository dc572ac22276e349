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
  /** genreMask and genreCount permuted into popularity order, so both passes of a query read memory sequentially. */
  maskByPopularity: Uint32Array;
  countByPopularity: Uint8Array;
  /** Genres per movie (popcount of the mask), precomputed. */
  genreCount: Uint8Array;
  /** Catalog rows by popularity, most popular first: scanning in this order breaks ties by popularity for free. */
  byPopularity: Int32Array;
  /** Per-query scratch, reused so a query allocates nothing proportional to the catalog. */
  keys: Int16Array;
  histogram: Uint32Array;
  bucketStart: Uint32Array;
  keyTable: Int16Array;
}

export function createGenreIndex(genreMask: Uint32Array, popularity: Float32Array): GenreIndex {
  const byPopularity = orderByDescending(popularity);
  const maskByPopularity = Uint32Array.from(byPopularity, (r) => genreMask[r]);
  return {
    genreMask,
    maskByPopularity,
    countByPopularity: Uint8Array.from(maskByPopularity, popcount32),
    genreCount: Uint8Array.from(genreMask, popcount32),
    byPopularity,
    keys: new Int16Array(genreMask.length),
    histogram: new Uint32Array(KEY_LEVELS + 1),
    bucketStart: new Uint32Array(KEY_LEVELS + 2),
    keyTable: new Int16Array(33 * 33),
  };
}

/**
 * Rows sharing a genre with `seed`, ordered by Jaccard similarity of genre sets (desc) then popularity,
 * the seed itself first, at most `cap` rows. Two linear passes plus a counting sort: no comparison sort.
 */
export function genreCandidates(index: GenreIndex, seed: number, cap: number, out?: Int32Array): Int32Array {
  const { genreMask: masks, genreCount, keys, histogram, bucketStart, keyTable } = index;
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
  const { maskByPopularity, countByPopularity, byPopularity } = index;
  const n = masks.length;
  // Keys are indexed by popularity position p; the seed gets -1 so it is not listed twice.
  for (let p = 0; p < n; p++) {
    const shared = maskByPopularity[p] & seedMask;
    if (shared === 0 || byPopularity[p] === seed) {
      keys[p] = -1;
      continue;
    }
    const key = keyTable[popcount32(shared) * 33 + countByPopularity[p]];
    keys[p] = key;
    histogram[key]++;
  }
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
  for (let p = 0; p < n; p++) {
    const key = keys[p];
    if (key < minKey) continue;
    if (key === threshold) {
      if (partial === 0) continue;
      partial--;
    }
    result[bucketStart[key]++] = byPopularity[p];
  }
  return result.subarray(0, total);
}
