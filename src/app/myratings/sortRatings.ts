// Orders of the "My ratings" list: numbers only (the title order comes from the engine as ranks), so 50,000 rated
// movies sort in milliseconds.
import type { RatingRecord } from '../../storage/db';
import { nextTask } from '../../storage/chunked';

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
  const keys = new RecordKeys(records.length);
  keys.read(records, sort, titleRank, 0, records.length);
  return keys.compare;
}

/** The sort keys of records by index; read in ranges, so a long history is read a slice per task. */
class RecordKeys {
  private readonly rank: Float64Array;
  private readonly primary: Float64Array;
  private readonly ids: Float64Array;

  constructor(n: number) {
    this.rank = new Float64Array(n);
    this.primary = new Float64Array(n);
    this.ids = new Float64Array(n);
  }

  read(records: readonly RatingRecord[], sort: RatingSort, titleRank: TitleRank, from: number, to: number): void {
    const { rank, primary, ids } = this;
    for (let i = from; i < to; i++) {
      const record = records[i];
      rank[i] = titleRank(record.movieId);
      ids[i] = record.movieId;
      primary[i] = sort === 'recent' ? -record.updatedAt : sort === 'highest' ? -record.rating : sort === 'lowest' ? record.rating : 0;
    }
  }

  readonly compare = (a: number, b: number): number => this.primary[a] - this.primary[b] || this.rank[a] - this.rank[b] || this.ids[a] - this.ids[b];
}

/** At most this many changed movies are moved within the previous order; more (an import) sort everything again. */
export const RESORT_MAX_CHANGES = 64;

/** One movie's record before and after a change (undefined: not rated); src/storage/ratingsMirror.ts logs them. */
export interface SortedChange {
  before: RatingRecord | undefined;
  after: RatingRecord | undefined;
}

/**
 * Moves the changed movies within `sorted` (in place): each old record is found by binary search and taken out, each
 * new one inserted where the full sort would put it: O(changes · log n) comparisons and a memmove, against the copies,
 * sets and full re-sort of 45,000 records that made each edit a 150–290 ms task under load (issue 21 item 5). `changes`
 * hold one entry per movie. False, with `sorted` untouched, when it does not hold a changed movie's old record where
 * the order puts it (it is not the order of the records the changes start from): sort again.
 */
export function patchSortedRatings(sorted: RatingRecord[], changes: readonly SortedChange[], sort: RatingSort, titleRank: TitleRank): boolean {
  const key = (r: RatingRecord) => (sort === 'recent' ? -r.updatedAt : sort === 'highest' ? -r.rating : sort === 'lowest' ? r.rating : 0);
  const compare = (a: RatingRecord, b: RatingRecord) => key(a) - key(b) || titleRank(a.movieId) - titleRank(b.movieId) || a.movieId - b.movieId;
  const place = (record: RatingRecord) => {
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (compare(sorted[mid], record) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  // Checked before anything moves: a half-applied patch would leave an order that is neither the old nor the new one.
  for (const { before } of changes) if (before && sorted[place(before)] !== before) return false;
  for (const { before, after } of changes) {
    if (before) sorted.splice(place(before), 1);
    if (after) sorted.splice(place(after), 0, after);
  }
  return true;
}

/** Records sorted per task by sortRatingRecordsInSlices; runs of this size are then merged, a few per task. */
export const SORT_SLICE = 4096;

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
  // Each slice reads its records' keys (a title-rank lookup each) and sorts them: the keys of 45,000 in one go were
  // most of a 60–95 ms task with the CPU throttled 2× and a core busy.
  const keys = new RecordKeys(n);
  const { compare } = keys;
  let order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  for (let start = 0; start < n; start += SORT_SLICE) {
    await pause();
    const end = Math.min(n, start + SORT_SLICE);
    keys.read(records, sort, titleRank, start, end);
    order.subarray(start, end).sort(compare);
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
