// The import writer's test fixtures (importWriter.test.ts, historyImport.test.ts): a profile whose ratings are stored at a
// known date (so imported dates fall before or after them), and what the writer left in storage.
import type { CineLocalDatabase } from '../../src/storage/db';
import { addToWatchlist, hideMovie } from '../../src/storage/movieLists';
import { createProfile, setRating } from '../../src/storage/repository';

export const DAY = 86_400_000;

/**
 * A new profile with these [movieId, ★] ratings, every one stored at `storedAt`, and optionally movies on its watchlist
 * and hidden (both dated `listedAt`).
 */
export async function profileWithRatings(
  db: CineLocalDatabase,
  name: string,
  ratings: [movieId: number, rating: number][],
  storedAt: number,
  known: (ids: number[]) => Promise<number[]>,
  lists: { watchlist?: number[]; hidden?: number[]; listedAt?: number } = {},
) {
  const profile = await createProfile(db, name);
  for (const [movieId, rating] of ratings) await setRating(db, profile.id, movieId, rating, known);
  await db.ratings
    .where('profileId')
    .equals(profile.id)
    .modify((r) => {
      r.updatedAt = storedAt;
    });
  for (const movieId of lists.watchlist ?? []) await addToWatchlist(db, profile.id, movieId, lists.listedAt ?? storedAt);
  for (const movieId of lists.hidden ?? []) await hideMovie(db, profile.id, movieId, lists.listedAt ?? storedAt);
  return profile;
}

/** A profile's stored ratings as [movieId, ★, updatedAt], by movie id. */
export async function storedRatings(db: CineLocalDatabase, profileId: string): Promise<number[][]> {
  return (await db.ratings.where('profileId').equals(profileId).toArray()).map((r) => [r.movieId, r.rating, r.updatedAt]).sort((a, b) => a[0] - b[0]);
}

/** The profile's rating change counter (what triggers one refit per write). */
export async function changeCounter(db: CineLocalDatabase, profileId: string): Promise<number> {
  return (await db.profiles.get(profileId))!.ratingChangeCounter;
}
