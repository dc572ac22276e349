// Orders of the "My ratings" list: numbers only (the title order comes from the engine as ranks), so 50,000 rated
// movies sort in milliseconds.
import type { RatingRecord } from '../../storage/db';

export type RatingSort = 'recent' | 'highest' | 'lowest' | 'title';

export const RATING_SORT_LABELS: Record<RatingSort, string> = {
  recent: 'Recently rated',
  highest: 'Highest rated',
  lowest: 'Lowest rated',
  title: 'Title A–Z',
};

/** Place of a movie in title order (engine.titleOrder); unknown movies last. */
export type TitleRank = (movieId: number) => number;

/** Sorts through typed key arrays (one title-rank lookup per record, not two per comparison). */
export function sortRatingRecords(records: readonly RatingRecord[], sort: RatingSort, titleRank: TitleRank): RatingRecord[] {
  const n = records.length;
  const compare = recordComparator(records, sort, titleRank);
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort(compare);
  return Array.from(order, (i) => records[i]);
}

/** Compares record indices by the sort's key, then title rank, then id: the keys are read once into typed arrays. */
function recordComparator(records: readonly RatingRecord[], sort: RatingSort, titleRank: TitleRank): (a: number, b: number) => number {
  const n = records.length;
  const rank = new Float64Array(n);
  const primary = new Float64Array(n);
  const ids = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const record = records[i];
    rank[i] = titleRank(record.movieId);
    ids[i] = record.movieId;
    primary[i] = sort === 'recent' ? -record.updatedAt : sort === 'highest' ? -record.rating : sort === 'lowest' ? record.rating : 0;
  }
  return (a, b) => primary[a] - primary[b] || rank[a] - rank[b] || ids[a] - ids[b];
}

/** At most this many changed records are placed into the previous order; more (an import) sort everything again. */
export const RESORT_MAX_CHANGES = 64;

/**
 * The new order after a few records changed (an edit, a rating from another tab): the previous order without the
 * changed and removed movies, each changed record inserted where the full sort would put it. Null when more than
 * RESORT_MAX_CHANGES changed (sort again). Re-sorting 45,000 records on every edit was a 150–290 ms task under load.
 */
export function resortAfterChange(
  previousSorted: readonly RatingRecord[],
  previousRecords: readonly RatingRecord[],
  records: readonly RatingRecord[],
  sort: RatingSort,
  titleRank: TitleRank,
): RatingRecord[] | null {
  const before = new Set(previousRecords);
  const changed: RatingRecord[] = [];
  for (const record of records) {
    if (before.has(record)) continue;
    changed.push(record);
    if (changed.length > RESORT_MAX_CHANGES) return null;
  }
  // Every unchanged record is in both lists, so the removed ones are the previous count minus the unchanged.
  const removed = previousRecords.length - (records.length - changed.length);
  if (removed + changed.length > RESORT_MAX_CHANGES) return null;
  const now = new Set(records);
  const out = previousSorted.filter((record) => now.has(record));
  const key = (r: RatingRecord) => (sort === 'recent' ? -r.updatedAt : sort === 'highest' ? -r.rating : sort === 'lowest' ? r.rating : 0);
  const compare = (a: RatingRecord, b: RatingRecord) => key(a) - key(b) || titleRank(a.movieId) - titleRank(b.movieId) || a.movieId - b.movieId;
  for (const record of changed) {
    let lo = 0;
    let hi = out.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (compare(out[mid], record) < 0) lo = mid + 1;
      else hi = mid;
    }
    out.splice(lo, 0, record);
  }
  return out;
}

/** Records sorted per task by sortRatingRecordsInSlices; runs of this size are then merged, a few per task. */
export const SORT_SLICE = 4096;

/** The next task: the page paints and handles input between slices. */
const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/**
 * sortRatingRecords' order, computed in slices: runs of SORT_SLICE records sorted one per task, then merged pairwise
 * with a pause every few runs' worth of work. Sorting 45,000 records in one go was a 110 ms task on a loaded machine
 * (each reload of a long history, issue 21 item 5); the order is a strict total order, so the result is the same.
 */
export async function sortRatingRecordsInSlices(
  records: readonly RatingRecord[],
  sort: RatingSort,
  titleRank: TitleRank,
  pause: () => Promise<void> = nextTask,
): Promise<RatingRecord[]> {
  const n = records.length;
  if (n <= SORT_SLICE) return sortRatingRecords(records, sort, titleRank);
  const compare = recordComparator(records, sort, titleRank);
  let order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  for (let start = 0; start < n; start += SORT_SLICE) {
    await pause();
    order.subarray(start, Math.min(n, start + SORT_SLICE)).sort(compare);
  }
  let other = new Uint32Array(n);
  for (let width = SORT_SLICE; width < n; width *= 2) {
    let work = 0;
    for (let lo = 0; lo < n; lo += 2 * width) {
      const mid = Math.min(n, lo + width);
      const hi = Math.min(n, lo + 2 * width);
      let a = lo;
      let b = mid;
      let k = lo;
      while (a < mid && b < hi) other[k++] = compare(order[a], order[b]) <= 0 ? order[a++] : order[b++];
      while (a < mid) other[k++] = order[a++];
      while (b < hi) other[k++] = order[b++];
      work += hi - lo;
      if (work >= 4 * SORT_SLICE) {
        work = 0;
        await pause();
      }
    }
    [order, other] = [other, order];
  }
  return Array.from(order, (i) => records[i]);
}
