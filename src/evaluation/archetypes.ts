// Kinds of user to look at lists for: for each genre, the ratings_small user whose 4★+ ratings lean most to it, and
// the heaviest rater. Numbers average over everyone; these are the people a reader can picture.
import type { UserRating } from '../engine/types';
import type { RatingDataset } from './dataset';

export const ARCHETYPE_GENRES = [
  { label: 'Sci-fi fan', genre: 'Science Fiction' },
  { label: 'Family-film fan', genre: 'Animation' },
  { label: 'Drama fan', genre: 'Drama' },
  { label: 'Horror fan', genre: 'Horror' },
] as const;

export interface Archetype {
  label: string;
  genre: string;
  userId: number;
  /** Share of the user's 4★+ ratings in `genre`. */
  share: number;
  ratings: UserRating[];
  /** Seeds: their 5★/4.5★ films of the genre with the most TMDB votes (at most two). */
  seeds: number[];
}

/**
 * Picks, per genre, the user with 40–400 ratings and at least 10 likes whose likes fall most in that genre, plus the
 * user with the most ratings; a user is picked once.
 */
export function chooseArchetypes(
  data: RatingDataset,
  genreMaskOf: (tmdbId: number) => number,
  genreNames: string[],
  voteCountOf: (tmdbId: number) => number,
): Archetype[] {
  const byUser = new Map<number, UserRating[]>();
  for (let t = 0; t < data.count; t++) {
    const u = data.userIds[data.user[t]];
    if (!byUser.has(u)) byUser.set(u, []);
    byUser.get(u)!.push({ movieId: data.tmdbIds[data.item[t]], rating: data.rating[t] });
  }
  const taken = new Set<number>();
  const seedsOf = (ratings: UserRating[], bit: number) =>
    ratings
      .filter((r) => r.rating >= 4.5 && (bit < 0 || (genreMaskOf(r.movieId) & (1 << bit)) !== 0))
      .sort((a, b) => voteCountOf(b.movieId) - voteCountOf(a.movieId))
      .slice(0, 2)
      .map((r) => r.movieId);
  const out: Archetype[] = [];
  for (const { label, genre } of ARCHETYPE_GENRES) {
    const bit = genreNames.indexOf(genre);
    if (bit < 0) continue;
    let best: { userId: number; share: number } | null = null;
    for (const [userId, ratings] of byUser) {
      if (taken.has(userId) || ratings.length < 40 || ratings.length > 400) continue;
      const likes = ratings.filter((r) => r.rating >= 4);
      if (likes.length < 10) continue;
      const share = likes.filter((r) => (genreMaskOf(r.movieId) & (1 << bit)) !== 0).length / likes.length;
      if (!best || share > best.share) best = { userId, share };
    }
    if (!best) continue;
    taken.add(best.userId);
    const ratings = byUser.get(best.userId)!;
    out.push({ label, genre, userId: best.userId, share: best.share, ratings, seeds: seedsOf(ratings, bit) });
  }
  const heaviest = [...byUser.entries()].filter(([u]) => !taken.has(u)).sort((a, b) => b[1].length - a[1].length)[0];
  if (heaviest) {
    const [userId, ratings] = heaviest;
    out.push({ label: 'Heaviest rater', genre: 'any genre', userId, share: 1, ratings, seeds: seedsOf(ratings, -1) });
  }
  return out;
}
