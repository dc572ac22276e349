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
  const rank = new Float64Array(n);
  const primary = new Float64Array(n);
  const ids = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const record = records[i];
    rank[i] = titleRank(record.movieId);
    ids[i] = record.movieId;
    primary[i] = sort === 'recent' ? -record.updatedAt : sort === 'highest' ? -record.rating : sort === 'lowest' ? record.rating : 0;
  }
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((a, b) => primary[a] - primary[b] || rank[a] - rank[b] || ids[a] - ids[b]);
  return Array.from(order, (i) => records[i]);
}
