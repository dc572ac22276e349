// Writing an imported rating history (Letterboxd, IMDb, Trakt, MovieLens; issue 13): the ratings and watchlist entries
// the person confirmed, in ONE transaction (all or nothing), in pages so a 50,000-row write never becomes one long
// main-thread task, with the profile's change counter moved once (one user-vector refit afterwards).
import type { CineLocalDatabase, RatingRecord, WatchlistRecord } from './schema';
import { READ_PAGE_SIZE, STORAGE_PAGE_SIZE } from './chunked';
import { movieIdProblem, ratingValueProblem, StorageValidationError } from './repository';

/** What to do when an imported rating meets a different rating already stored for the movie. */
export type ConflictPolicy = 'keep-mine' | 'take-imported' | 'newer-wins';

export const CONFLICT_POLICIES: readonly ConflictPolicy[] = ['keep-mine', 'take-imported', 'newer-wins'];

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

export interface HistoryImportInput {
  ratings: readonly HistoryRatingEntry[];
  watchlist: readonly HistoryWatchlistEntry[];
  conflicts: ConflictPolicy;
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
}

export interface HistoryImportProgress {
  /** 'checking': reading the stored ratings and watchlist; 'saving': writing. */
  phase: 'checking' | 'saving';
  done: number;
  total: number;
}

export interface HistoryImportOptions {
  /** Stamps entries without a date (tests pin it). */
  now?: number;
  /** Called after every page, inside the transaction (keep it synchronous and quick). */
  onProgress?(progress: HistoryImportProgress): void;
  /** Records per write (default STORAGE_PAGE_SIZE: each page's cloning stays a short main-thread task). */
  pageSize?: number;
  /** Records per read of the stored ratings and watchlist (default READ_PAGE_SIZE). */
  readPageSize?: number;
}

/** What one imported rating does to the stored one. Undated imports count as older than any stored rating. */
export function resolveConflict(stored: Pick<RatingRecord, 'rating' | 'updatedAt'> | undefined, entry: HistoryRatingEntry, policy: ConflictPolicy): 'add' | 'update' | 'unchanged' | 'keep-mine' {
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
const breathe = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

function validateEntry(entry: HistoryRatingEntry | HistoryWatchlistEntry, isRating: boolean): void {
  const idProblem = movieIdProblem(entry.movieId);
  if (idProblem) throw new StorageValidationError('movieId', idProblem);
  if (entry.date !== null && !(Number.isFinite(entry.date) && entry.date >= 0)) throw new StorageValidationError('date', `date ${entry.date} of movie ${entry.movieId} is not a time`);
  if (isRating) {
    const valueProblem = ratingValueProblem((entry as HistoryRatingEntry).rating);
    if (valueProblem) throw new StorageValidationError('rating', `movie ${entry.movieId}: ${valueProblem}`);
  }
}

async function validate(input: HistoryImportInput): Promise<void> {
  if (!(CONFLICT_POLICIES as readonly string[]).includes(input.conflicts)) throw new StorageValidationError('conflicts', `unknown conflict policy ${JSON.stringify(input.conflicts)}`);
  for (const [list, isRating] of [
    [input.ratings, true],
    [input.watchlist, false],
  ] as const) {
    for (let start = 0; start < list.length; start += VALIDATE_SLICE) {
      if (start > 0) await breathe();
      for (let i = start; i < Math.min(list.length, start + VALIDATE_SLICE); i++) validateEntry(list[i], isRating);
    }
  }
}

/**
 * Writes the confirmed ratings and watchlist entries into the profile in one read-write transaction: every page of
 * reads and writes, and the change counter, commit together or not at all (a failure — quota, a deleted profile, a
 * closed database — rejects and leaves storage as it was). Entries for the same movie are reduced to the latest.
 * Ratings follow `conflicts`; a watchlist entry takes the movie off the hidden list (as adding it in the app does).
 * The caller supplies catalog ids (the engine's matches); they are checked for shape, not catalog membership.
 */
export async function importHistory(db: CineLocalDatabase, profileId: string, input: HistoryImportInput, options: HistoryImportOptions = {}): Promise<HistoryImportResult> {
  await validate(input);
  const now = options.now ?? Date.now();
  const pageSize = options.pageSize ?? STORAGE_PAGE_SIZE;
  const readPageSize = options.readPageSize ?? READ_PAGE_SIZE;
  const ratings = latestPerMovie(input.ratings);
  const watchlist = latestPerMovie(input.watchlist);
  const report = options.onProgress ?? (() => undefined);
  let result: HistoryImportResult;
  await db.transaction('rw', [db.profiles, db.ratings, db.watchlist, db.hidden], async () => {
    result = { added: 0, updated: 0, unchanged: 0, keptMine: 0, watchlistAdded: 0, watchlistAlready: 0 };
    if (!(await db.profiles.get(profileId))) throw new StorageValidationError('profileId', 'The profile to import into no longer exists.');
    // What is stored now: the profile's whole rating list in key-ordered pages (a few getAll requests) when the
    // import is large next to it, else just the imported movies' keys (one request each).
    const storedCount = await db.ratings.where('profileId').equals(profileId).count();
    const listedCount = await db.watchlist.where('profileId').equals(profileId).count();
    const checkTotal = storedCount + listedCount;
    let checked = 0;
    report({ phase: 'checking', done: 0, total: checkTotal });
    const stored = new Map<number, RatingRecord>();
    if (ratings.length * 4 < storedCount) {
      for (let start = 0; start < ratings.length; start += readPageSize) {
        const page = await db.ratings.bulkGet(ratings.slice(start, start + readPageSize).map((e) => [profileId, e.movieId] as [string, number]));
        for (const record of page) if (record) stored.set(record.movieId, record);
      }
    } else {
      for (let after = -Infinity; ; ) {
        const page = await db.ratings.where('[profileId+movieId]').between([profileId, after], [profileId, Infinity], false, true).limit(readPageSize).toArray();
        for (const record of page) stored.set(record.movieId, record);
        checked += page.length;
        report({ phase: 'checking', done: checked, total: checkTotal });
        if (page.length < readPageSize) break;
        after = page[page.length - 1].movieId;
      }
    }
    checked = storedCount;
    const listed = new Set<number>();
    for (let after = -Infinity; ; ) {
      const keys = await db.watchlist.where('[profileId+movieId]').between([profileId, after], [profileId, Infinity], false, true).limit(readPageSize).primaryKeys();
      for (const [, movieId] of keys) listed.add(movieId);
      checked += keys.length;
      report({ phase: 'checking', done: checked, total: checkTotal });
      if (keys.length < readPageSize) break;
      after = keys[keys.length - 1][1];
    }

    const ratingWrites: RatingRecord[] = [];
    for (const entry of ratings) {
      const action = resolveConflict(stored.get(entry.movieId), entry, input.conflicts);
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
    result.watchlistAdded = watchlistWrites.length;

    const saveTotal = ratingWrites.length + watchlistWrites.length;
    let saved = 0;
    report({ phase: 'saving', done: 0, total: saveTotal });
    for (let start = 0; start < ratingWrites.length; start += pageSize) {
      const page = ratingWrites.slice(start, start + pageSize);
      await db.ratings.bulkPut(page);
      saved += page.length;
      report({ phase: 'saving', done: saved, total: saveTotal });
    }
    for (let start = 0; start < watchlistWrites.length; start += pageSize) {
      const page = watchlistWrites.slice(start, start + pageSize);
      const keys = page.map((r) => [profileId, r.movieId] as [string, number]);
      await db.hidden.bulkDelete(keys);
      await db.watchlist.bulkPut(page);
      saved += page.length;
      report({ phase: 'saving', done: saved, total: saveTotal });
    }
    // Once, by the number of ratings written: the refit threshold is met and the vector is refitted once afterwards.
    if (ratingWrites.length > 0) {
      await db.profiles
        .where('id')
        .equals(profileId)
        .modify((p) => {
          p.ratingChangeCounter += ratingWrites.length;
        });
    }
  });
  return result!;
}
