// Pure text formatting for the UI (no computation of scores happens here: the engine supplies them).
import type { RecommendationReasons } from '../engine/types';

/** "3.5 stars", "No rating" — the spoken value of a rating. */
export function ratingText(rating: number | null): string {
  if (rating === null) return 'Not rated';
  return `${rating} ${rating === 1 ? 'star' : 'stars'}`;
}

/**
 * Short reason chips: "shares: time travel · Robert Zemeckis", "for you: 4.4★". At most `maxShared` shared terms:
 * the shared director and lead actor always make it in, the strongest keywords fill the rest.
 */
export function reasonChips(reasons: RecommendationReasons, maxShared = 4): string[] {
  const people = [...reasons.sharedDirectors.slice(0, 1), ...reasons.sharedCast.slice(0, 1)];
  const shared = [...reasons.sharedKeywords.slice(0, Math.max(0, maxShared - people.length)), ...people];
  const chips: string[] = [];
  if (reasons.sameSeriesAs) chips.push(`same series as ${reasons.sameSeriesAs}`);
  if (reasons.alsoLikedWith) chips.push(`people who liked ${reasons.alsoLikedWith} also liked this`);
  if (reasons.becauseYouRated && reasons.becauseYouRated !== reasons.alsoLikedWith) chips.push(`because you rated ${reasons.becauseYouRated}`);
  if (shared.length > 0) chips.push(`shares: ${shared.slice(0, maxShared).join(' · ')}`);
  else if (reasons.sharedGenres.length > 0) chips.push(`genres: ${reasons.sharedGenres.slice(0, maxShared).join(' · ')}`);
  if (reasons.predictedRating !== null) chips.push(`for you: ${reasons.predictedRating.toFixed(1)}★`);
  return chips;
}

/** "1999 · Drama, Thriller" */
export function movieMeta(year: number | null, genres: string[]): string {
  return [year === null ? 'Year unknown' : String(year), genres.length > 0 ? genres.join(', ') : null].filter(Boolean).join(' · ');
}

export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '–';
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

export function formatMs(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return '–';
  return ms < 10 ? `${ms.toFixed(1)} ms` : `${Math.round(ms)} ms`;
}

/** "Rate 2 more movies to get personal predictions." */
export function ratingsNeededText(needed: number): string {
  return `Rate ${needed} more ${needed === 1 ? 'movie' : 'movies'} to get personal predictions.`;
}

export function decadeLabel(decade: number): string {
  return `${decade}s`;
}

/** Next rating value for a key on the rating control; null = clear, undefined = key not handled. */
export function ratingForKey(key: string, current: number | null): number | null | undefined {
  const value = current ?? 0;
  switch (key) {
    case 'ArrowRight':
    case 'ArrowUp':
      return Math.min(5, value + 0.5);
    case 'ArrowLeft':
    case 'ArrowDown':
      return current === null ? 0 : Math.max(0, value - 0.5);
    case 'Home':
      return 0;
    case 'End':
      return 5;
    case 'PageUp':
      return Math.min(5, value + 1);
    case 'PageDown':
      return Math.max(0, value - 1);
    case 'Delete':
    case 'Backspace':
      return null;
    default:
      if (/^[0-5]$/.test(key)) return Number(key);
      return undefined;
  }
}

/** Rating from a pointer position across the star row: each half star is one step, from 0.5 to 5. */
export function ratingFromPointer(offsetX: number, width: number): number {
  if (width <= 0) return 0.5;
  const steps = Math.ceil((Math.min(Math.max(offsetX, 0), width) / width) * 10);
  return Math.max(1, steps) / 2;
}
