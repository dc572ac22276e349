// The one import writer (issues 13, 20, 21): every import — another service's history from #/import, a CineLocal
// JSON/CSV export from My ratings or #/import — writes its ratings, watchlist and hidden movies here, in ONE transaction
// (all or nothing), by one conflict rule, in pages with two in flight (no long main-thread task, the database never
// idle), with the change counter moved once and the full rating set handed to the one refit that follows.
import type { CineLocalDatabase, HiddenRecord, RatingRecord, WatchlistRecord } from './schema';
import { bulkGetInPages, bulkPutInPages, nextTask, READ_PAGE_SIZE, readProfileMovieIdsInPages, readProfileRatingsInPages, STORAGE_PAGE_SIZE } from './chunked';
import { movieIdProblem, ratingValueProblem, StorageValidationError } from './repository';
import { countRatingChanges, putOnList } from './storageRules';
import { handOverRatings } from './userVectors';

/** What to do when an imported rating meets a different rating already stored for the movie. */
export type ConflictPolicy = 'keep-mine' | 'take-imported' | 'newer-wins';

export const CONFLICT_POLICIES: readonly ConflictPolicy[] = ['newer-wins', 'keep-mine', 'take-imported'];

/**
 * The conflict rule of every import (docs/app.md "Imports: one writer"): the newer rating wins — an imported rating
 * replaces a different stored one only when it is dated after the stored rating was made; ties and undated rows keep
 * what is stored. #/import's preview lets the person pick another policy for that import.
 */
export const DEFAULT_CONFLICT_POLICY: ConflictPolicy = 'newer-wins';

export interface HistoryRatingEntry {
  movieId: number;
  /** 0..5 in half steps. */
  rating: number;
  /** When it was rated in the other service (epoch ms); null when the export gives no date (stamped with the import time). */
  date: number | null;
}

export interface HistoryWatchlistEntry {
  movieId: number;
  /** When it was listed (epoch ms); null when unknown. */
  date: number | null;
}

/** A hidden ("not for me") movie: same shape as a watchlist entry. */
export type HistoryHiddenEntry = HistoryWatchlistEntry;

export interface HistoryImportInput {
  ratings: readonly HistoryRatingEntry[];
  watchlist: readonly HistoryWatchlistEntry[];
  /** Movies to hide (CineLocal JSON exports carry them); a movie also on the imported watchlist stays on the watchlist. */
  hidden?: readonly HistoryHiddenEntry[];
  /** Default DEFAULT_CONFLICT_POLICY. */
  conflicts?: ConflictPolicy;
}

export interface HistoryImportResult {
  /** Movies that had no rating. */
  added: number;
  /** Stored ratings replaced by the imported value (by the policy). */
  updated: number;
  /** Already stored with the same value. */
  unchanged: number;
  /** Stored ratings kept because of the policy (a different imported value was not taken). */
  keptMine: number;
  watchlistAdded: number;
  /** Already on the watchlist. */
  watchlistAlready: number;
  /** Hidden now (taken off the watchlist when it was there). */
  hiddenAdded: number;
  /** Already hidden. */
  hiddenAlready: number;
}

/** How far the import write is (not the worker's analysis progress, HistoryImportProgress in src/history/wire.ts). */
export interface ImportWriteProgress {
  /** 'checking': reading the stored ratings and watchlist; 'saving': writing. */
  phase: 'checking' | 'saving';
  done: number;
  total: number;
}

export interface HistoryImportOptions {
  /** Stamps entries without a date (tests pin it). */
  now?: number;
  /** Called after every page, inside the transaction (keep it synchronous and quick). */
  onProgress?(progress: ImportWriteProgress): void;
  /** Records per write (default STORAGE_PAGE_SIZE: each page's cloning stays a short main-thread task). */
  pageSize?: number;
  /** Records per read of the stored ratings and watchlist (default READ_PAGE_SIZE). */
  readPageSize?: number;
}

/** What one imported rating does to the stored one. Undated imports count as older than any stored rating. */
export function resolveConflict(
  stored: Pick<RatingRecord, 'rating' | 'updatedAt'> | undefined,
  entry: HistoryRatingEntry,
  policy: ConflictPolicy,
): 'add' | 'update' | 'unchanged' | 'keep-mine' {
  if (!stored) return 'add';
  if (stored.rating === entry.rating) return 'unchanged';
  if (policy === 'take-imported') return 'update';
  if (policy === 'newer-wins' && entry.date !== null && entry.date > stored.updatedAt) return 'update';
  return 'keep-mine';
}

/**
 * One entry per movie: the latest dated wins (undated counts as oldest; on a tie, the later entry), the rule the
 * importers use within one file (docs/imports.md), here across rows that landed on the same movie.
 */
export function latestPerMovie<T extends { movieId: number; date: number | null }>(entries: readonly T[]): T[] {
  const kept = new Map<number, T>();
  for (const entry of entries) {
    const before = kept.get(entry.movieId);
    if (!before || (entry.date ?? -Infinity) >= (before.date ?? -Infinity)) kept.set(entry.movieId, entry);
  }
  return [...kept.values()];
}

/** Entries checked per slice before the transaction; the page paints between slices (50,000 entries never make one long task). */
const VALIDATE_SLICE = 10_000;

/** Yields to the browser. Only ever awaited before the transaction opens (an await on a timer inside one would end it). */

function validateEntry(entry: HistoryRatingEntry | HistoryWatchlistEntry, isRating: boolean): void {
  const idProblem = movieIdProblem(entry.movieId);
  if (idProblem) throw new StorageValidationError('movieId', idProblem);
  if (entry.date !== null && !(Number.isFinite(entry.date) && entry.date >= 0))
    throw new StorageValidationError('date', `date ${entry.date} of movie ${entry.movieId} is not a time`);
  if (isRating) {
    const valueProblem = ratingValueProblem((entry as HistoryRatingEntry).rating);
    if (valueProblem) throw new StorageValidationError('rating', `movie ${entry.movieId}: ${valueProblem}`);
  }
}

async function validate(input: HistoryImportInput, conflicts: ConflictPolicy): Promise<void> {
  if (!(CONFLICT_POLICIES as readonly string[]).includes(conflicts))
    throw new StorageValidationError('conflicts', `unknown conflict policy ${JSON.stringify(conflicts)}`);
  for (const [list, isRating] of [
    [input.ratings, true],
    [input.watchlist, false],
    [input.hidden ?? [], false],
  ] as const) {
    for (let start = 0; start < list.length; start += VALIDATE_SLICE) {
      if (start > 0) await nextTask();
      for (let i = start; i < Math.min(list.length, start + VALIDATE_SLICE); i++) validateEntry(list[i], isRating);
    }
  }
}

/**
 * Writes the ratings, watchlist entries and hidden movies into the profile in one read-write transaction: the reads,
 * every page of writes and the change counter commit together or not at all (a failure — quota, a deleted profile, a
 * closed database — rejects and leaves storage as it was). Entries for the same movie are reduced to the latest.
 * Ratings follow `conflicts` (default: the newer one wins); list entries follow storageRules.putOnList (a watchlist
 * entry takes the movie off the hidden list and the other way round; already listed: kept as stored). The caller
 * supplies catalog ids (the engine's matches, or ids checked against the catalog); they are checked for shape only.
 */
export async function importHistory(
  db: CineLocalDatabase,
  profileId: string,
  input: HistoryImportInput,
  options: HistoryImportOptions = {},
): Promise<HistoryImportResult> {
  const conflicts = input.conflicts ?? DEFAULT_CONFLICT_POLICY;
  await validate(input, conflicts);
  const now = options.now ?? Date.now();
  const pageSize = options.pageSize ?? STORAGE_PAGE_SIZE;
  const readPageSize = options.readPageSize ?? READ_PAGE_SIZE;
  const ratings = latestPerMovie(input.ratings);
  const watchlist = latestPerMovie(input.watchlist);
  const wanted = new Set(watchlist.map((e) => e.movieId));
  const hidden = latestPerMovie(input.hidden ?? []).filter((e) => !wanted.has(e.movieId));
  const report = options.onProgress ?? (() => undefined);
  let result: HistoryImportResult;
  /** Every rating the profile holds after the write, when the write read them all (handed to the refit). */
  let after: { counter: number; ratings: Map<number, RatingRecord> } | null = null;
  await db.transaction('rw', [db.profiles, db.ratings, db.watchlist, db.hidden], async () => {
    result = { added: 0, updated: 0, unchanged: 0, keptMine: 0, watchlistAdded: 0, watchlistAlready: 0, hiddenAdded: 0, hiddenAlready: 0 };
    after = null;
    const profile = await db.profiles.get(profileId);
    if (!profile) throw new StorageValidationError('profileId', 'The profile to import into no longer exists.');
    // What is stored now, read once: the profile's whole rating list in key-ordered pages (a few getAll requests)
    // when the import is large next to it, else just the imported movies' keys; the lists as keys only.
    const storedCount = await db.ratings.where('profileId').equals(profileId).count();
    const listedCount = await db.watchlist.where('profileId').equals(profileId).count();
    const hiddenCount = hidden.length > 0 ? await db.hidden.where('profileId').equals(profileId).count() : 0;
    const checkTotal = storedCount + listedCount + hiddenCount;
    report({ phase: 'checking', done: 0, total: checkTotal });
    const stored = new Map<number, RatingRecord>();
    const readAll = ratings.length * 4 >= storedCount;
    if (readAll) {
      for (const record of await readProfileRatingsInPages(db, profileId, readPageSize, (read) => report({ phase: 'checking', done: read, total: checkTotal })))
        stored.set(record.movieId, record);
    } else {
      const found = await bulkGetInPages(
        db.ratings,
        ratings.map((e) => [profileId, e.movieId] as [string, number]),
        readPageSize,
      );
      for (const record of found) if (record) stored.set(record.movieId, record);
    }
    const listed = await readProfileMovieIdsInPages(db.watchlist, profileId, readPageSize, (read) =>
      report({ phase: 'checking', done: storedCount + read, total: checkTotal }),
    );
    const hiddenNow =
      hidden.length > 0
        ? await readProfileMovieIdsInPages(db.hidden, profileId, readPageSize, (read) =>
            report({ phase: 'checking', done: storedCount + listedCount + read, total: checkTotal }),
          )
        : new Set<number>();

    const ratingWrites: RatingRecord[] = [];
    for (const entry of ratings) {
      const action = resolveConflict(stored.get(entry.movieId), entry, conflicts);
      if (action === 'add') result.added += 1;
      else if (action === 'update') result.updated += 1;
      else if (action === 'unchanged') result.unchanged += 1;
      else result.keptMine += 1;
      if (action === 'add' || action === 'update') ratingWrites.push({ profileId, movieId: entry.movieId, rating: entry.rating, updatedAt: entry.date ?? now });
    }
    const watchlistWrites: WatchlistRecord[] = [];
    for (const entry of watchlist) {
      if (listed.has(entry.movieId)) result.watchlistAlready += 1;
      else watchlistWrites.push({ profileId, movieId: entry.movieId, addedAt: entry.date ?? now });
    }
    const hiddenWrites: HiddenRecord[] = [];
    for (const entry of hidden) {
      if (hiddenNow.has(entry.movieId)) result.hiddenAlready += 1;
      else hiddenWrites.push({ profileId, movieId: entry.movieId, hiddenAt: entry.date ?? now });
    }
    result.watchlistAdded = watchlistWrites.length;
    result.hiddenAdded = hiddenWrites.length;

    const saveTotal = ratingWrites.length + watchlistWrites.length + hiddenWrites.length;
    report({ phase: 'saving', done: 0, total: saveTotal });
    await bulkPutInPages(db.ratings, ratingWrites, pageSize, (done) => report({ phase: 'saving', done, total: saveTotal }));
    await putOnList(db, 'watchlist', watchlistWrites, pageSize);
    await putOnList(db, 'hidden', hiddenWrites, pageSize);
    if (watchlistWrites.length + hiddenWrites.length > 0) report({ phase: 'saving', done: saveTotal, total: saveTotal });
    // Once, by the number of ratings written: the refit threshold is met and the vector is refitted once afterwards.
    await countRatingChanges(db, profileId, ratingWrites.length);
    if (readAll && ratingWrites.length > 0) {
      for (const record of ratingWrites) stored.set(record.movieId, record);
      after = { counter: profile.ratingChangeCounter + ratingWrites.length, ratings: stored };
    }
  });
  // Committed: the refit that the counter asks for can use these instead of reading 45,000 records back.
  const final = after as { counter: number; ratings: Map<number, RatingRecord> } | null;
  if (final)
    handOverRatings(
      profileId,
      final.counter,
      [...final.ratings.values()].map((r) => ({ movieId: r.movieId, rating: r.rating })),
    );
  return result!;
}
