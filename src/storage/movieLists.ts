// Per-profile movie lists beside the ratings: the watchlist ("want to watch") and hidden movies ("not interested").
import type { CineLocalDatabase, HiddenRecord, WatchlistRecord } from './schema';
import { movieIdProblem, StorageValidationError } from './repository';
import { putOnList, type MovieListName } from './storageRules';

export type { MovieListName };

async function assertProfile(db: CineLocalDatabase, profileId: string): Promise<void> {
  if (!(await db.profiles.get(profileId))) throw new StorageValidationError('profileId', 'That profile no longer exists.');
}

function assertMovieId(movieId: number): void {
  const problem = movieIdProblem(movieId);
  if (problem) throw new StorageValidationError('movieId', problem);
}

export async function getWatchlist(db: CineLocalDatabase, profileId: string): Promise<WatchlistRecord[]> {
  return db.watchlist.where('profileId').equals(profileId).toArray();
}

export async function getHidden(db: CineLocalDatabase, profileId: string): Promise<HiddenRecord[]> {
  return db.hidden.where('profileId').equals(profileId).toArray();
}

/** Adds the movie to the watchlist and takes it off the hidden list (wanting to watch it means it is not "not for me"). */
export async function addToWatchlist(db: CineLocalDatabase, profileId: string, movieId: number, now: number = Date.now()): Promise<void> {
  assertMovieId(movieId);
  await db.transaction('rw', db.profiles, db.watchlist, db.hidden, async () => {
    await assertProfile(db, profileId);
    if (await db.watchlist.get([profileId, movieId])) return;
    await putOnList(db, 'watchlist', [{ profileId, movieId, addedAt: now }]);
  });
}

export async function removeFromWatchlist(db: CineLocalDatabase, profileId: string, movieId: number): Promise<void> {
  await db.watchlist.delete([profileId, movieId]);
}

/** Hides the movie ("not interested") and takes it off the watchlist. */
export async function hideMovie(db: CineLocalDatabase, profileId: string, movieId: number, now: number = Date.now()): Promise<void> {
  assertMovieId(movieId);
  await db.transaction('rw', db.profiles, db.watchlist, db.hidden, async () => {
    await assertProfile(db, profileId);
    if (await db.hidden.get([profileId, movieId])) return;
    await putOnList(db, 'hidden', [{ profileId, movieId, hiddenAt: now }]);
  });
}

export async function unhideMovie(db: CineLocalDatabase, profileId: string, movieId: number): Promise<void> {
  await db.hidden.delete([profileId, movieId]);
}
