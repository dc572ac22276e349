// Orders of the watchlist: date added, title, year, predicted ★ (numbers and titles only; every ★ comes from the engine).
import type { MovieSummary } from '../../engine/types';

export type WatchlistSort = 'added' | 'title' | 'year' | 'predicted';

export const WATCHLIST_SORT_LABELS: Record<WatchlistSort, string> = {
  added: 'Recently added',
  title: 'Title A–Z',
  year: 'Newest first',
  predicted: 'Predicted ★ for you',
};

export interface WatchlistItem {
  movieId: number;
  /** Epoch ms. */
  addedAt: number;
  /** Null while loading, or when the loaded catalog does not hold the movie. */
  movie: MovieSummary | null;
  /** KMF predicted ★ for this profile; null without a vector or a model vector for the movie. */
  predicted: number | null;
}

const titleCollator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });

/** Unknown values (no title, year or prediction) go last in every order; ties fall back to the newest added, then the id. */
export function sortWatchlist(items: readonly WatchlistItem[], sort: WatchlistSort): WatchlistItem[] {
  const newest = (a: WatchlistItem, b: WatchlistItem) => b.addedAt - a.addedAt || a.movieId - b.movieId;
  const known = <T>(value: T | null | undefined): value is T => value !== null && value !== undefined;
  const lastIfMissing = <T>(a: T | null | undefined, b: T | null | undefined, compare: (x: T, y: T) => number): number => {
    if (known(a) && known(b)) return compare(a, b);
    return known(a) ? -1 : known(b) ? 1 : 0;
  };
  const sorted = [...items];
  switch (sort) {
    case 'added':
      return sorted.sort(newest);
    case 'title':
      return sorted.sort((a, b) => lastIfMissing(a.movie?.title, b.movie?.title, (x, y) => titleCollator.compare(x, y)) || newest(a, b));
    case 'year':
      return sorted.sort((a, b) => lastIfMissing(a.movie?.year, b.movie?.year, (x, y) => y - x) || newest(a, b));
    case 'predicted':
      return sorted.sort((a, b) => lastIfMissing(a.predicted, b.predicted, (x, y) => y - x) || newest(a, b));
  }
}
