// Orders of the "My ratings" list.
import type { MovieSummary } from '../../engine/types';
import type { RatingRecord } from '../../storage/db';

export type RatingSort = 'recent' | 'highest' | 'lowest' | 'title';

export const RATING_SORT_LABELS: Record<RatingSort, string> = {
  recent: 'Recently rated',
  highest: 'Highest rated',
  lowest: 'Lowest rated',
  title: 'Title A–Z',
};

export interface RatedMovie {
  record: RatingRecord;
  movie: MovieSummary | null;
}

const byTitle = (a: RatedMovie, b: RatedMovie) => (a.movie?.title ?? '').localeCompare(b.movie?.title ?? '') || a.record.movieId - b.record.movieId;

export function sortRatedMovies(items: RatedMovie[], sort: RatingSort): RatedMovie[] {
  const sorted = [...items];
  switch (sort) {
    case 'recent':
      return sorted.sort((a, b) => b.record.updatedAt - a.record.updatedAt || byTitle(a, b));
    case 'highest':
      return sorted.sort((a, b) => b.record.rating - a.record.rating || byTitle(a, b));
    case 'lowest':
      return sorted.sort((a, b) => a.record.rating - b.record.rating || byTitle(a, b));
    case 'title':
      return sorted.sort(byTitle);
  }
}
