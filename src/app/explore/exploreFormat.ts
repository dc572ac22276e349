// Text for Explore (no scores are computed here: the engine supplies them).
import type { ExploreItem, ExploreSort, PersonHit } from '../../engine/types';

export const SORT_LABELS: Record<ExploreSort, string> = {
  predicted: 'Predicted ★ for you',
  rating: 'TMDB rating (vote-weighted)',
  popularity: 'Popularity',
  year: 'Newest first',
};

/** "director · 11 movies · Inception" */
export function personHitText(person: PersonHit): string {
  const roles = person.roles.map((r) => (r === 'director' ? 'director' : 'actor')).join(' and ');
  return `${roles} · ${person.movies} ${person.movies === 1 ? 'movie' : 'movies'} · ${person.knownFor}`;
}

/** Chips of one row: the predicted ★ (when there is a vector) and the vote-weighted TMDB rating with its votes. */
export function exploreChips(item: ExploreItem): string[] {
  const votes = item.movie.voteCount;
  return [
    ...(item.predictedRating !== null ? [`for you: ${item.predictedRating.toFixed(1)}★`] : []),
    `TMDB ${item.averageRating.toFixed(1)} (${votes.toLocaleString('en')} ${votes === 1 ? 'vote' : 'votes'})`,
  ];
}

/** "Showing 30 of 1,234 movies" */
export function exploreCountText(shown: number, total: number): string {
  if (total === 0) return 'No movies match these filters.';
  return shown >= total
    ? `${total.toLocaleString('en')} ${total === 1 ? 'movie' : 'movies'}`
    : `Showing ${shown.toLocaleString('en')} of ${total.toLocaleString('en')} movies`;
}
