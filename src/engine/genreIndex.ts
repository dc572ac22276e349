// Stage 1: candidates sharing at least one genre with the seed, closest genre sets first (Jaccard), popular first on ties.

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
  /** Catalog rows by popularity, most popular first: scanning in this order breaks ties by popularity for free. */
  byPopularity: Int32Array;
}

export function createGenreIndex(genreMask: Uint32Array, popularity: Float32Array): GenreIndex {
  const order = Array.from({ length: genreMask.length }, (_, i) => i);
  order.sort((a, b) => popularity[b] - popularity[a] || a - b);
  return { genreMask, byPopularity: Int32Array.from(order) };
}

/**
 * Rows sharing a genre with `seed`, ordered by Jaccard similarity of genre sets (desc) then popularity,
 * the seed itself first, at most `cap` rows. Two linear passes plus a counting sort: no comparison sort.
 */
export function genreCandidates(index: GenreIndex, seed: number, cap: number, out?: Int32Array): Int32Array {
  const masks = index.genreMask;
  const seedMask = masks[seed];
  const result = out && out.length >= cap ? out : new Int32Array(Math.max(cap, 1));
  if (cap <= 0) return result.subarray(0, 0);
  result[0] = seed;
  if (seedMask === 0 || cap === 1) return result.subarray(0, 1);
  const seedCount = popcount32(seedMask);
  const histogram = new Uint32Array(KEY_LEVELS + 1);
  const n = masks.length;
  const keyOf = (mask: number) => {
    const shared = mask & seedMask;
    if (shared === 0) return -1;
    const inter = popcount32(shared);
    return Math.floor((inter / (seedCount + popcount32(mask) - inter)) * KEY_LEVELS);
  };
  for (let r = 0; r < n; r++) {
    if (r === seed) continue;
    const key = keyOf(masks[r]);
    if (key >= 0) histogram[key]++;
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
  const start = new Uint32Array(KEY_LEVELS + 2);
  // Bucket start offsets, highest key first.
  let offset = 1;
  for (let key = KEY_LEVELS; key >= 0; key--) {
    start[key] = offset;
    if (key > threshold) offset += histogram[key];
    else if (key === threshold) offset += partial;
  }
  const total = offset;
  for (let p = 0; p < n; p++) {
    const r = index.byPopularity[p];
    if (r === seed) continue;
    const key = keyOf(masks[r]);
    if (key < 0 || key < threshold) continue;
    if (key === threshold) {
      if (partial === 0) continue;
      partial--;
    }
    result[start[key]++] = r;
  }
  return result.subarray(0, total);
}
