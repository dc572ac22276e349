// Storage rules written once (issue 20): every function that changes ratings or the two movie lists goes through these,
// so the rule cannot drift between the app's toggles, imports, catalog switches and recovery merges.
import type { CineLocalDatabase, HiddenRecord, WatchlistRecord } from './schema';
import Dexie from 'dexie';
import { STORAGE_PAGE_SIZE, writeInPages } from './chunked';

/**
 * Moves the profile's rating change counter by `count` (one rating added, changed or removed counts 1). The user vector
 * is refitted when it has moved by the refit threshold (userVectors.ts). In the caller's transaction when there is one;
 * otherwise its own, which reads and writes the counter together so concurrent tabs never lose an increment.
 */
export async function countRatingChanges(db: CineLocalDatabase, profileId: string, count = 1): Promise<void> {
  if (count <= 0) return;
  await db.profiles
    .where('id')
    .equals(profileId)
    .modify((p) => {
      p.ratingChangeCounter += count;
    });
}

export type MovieListName = 'watchlist' | 'hidden';

/** The record each list stores. */
export interface MovieListRecords {
  watchlist: WatchlistRecord;
  hidden: HiddenRecord;
}

/**
 * Puts movies on the watchlist or the hidden list and takes them off the other one: a movie is either wanted or "not
 * for me", never both. Must run in the caller's read-write transaction over both lists (the two writes commit
 * together). Large lists are written in pages (chunked.ts).
 */
export async function putOnList<L extends MovieListName>(
  db: CineLocalDatabase,
  list: L,
  records: readonly MovieListRecords[L][],
  pageSize = STORAGE_PAGE_SIZE,
): Promise<void> {
  if (records.length === 0) return;
  const other = list === 'watchlist' ? db.hidden : db.watchlist;
  const table = db.table<MovieListRecords[L], [string, number]>(list);
  // Requests run in the order issued within a transaction: each page's deletes land before its puts.
  await writeInPages(records.length, pageSize, (start, end) => {
    const page = records.slice(start, end);
    return Dexie.Promise.all([other.bulkDelete(page.map((r) => [r.profileId, r.movieId] as [string, number])), table.bulkPut(page as MovieListRecords[L][])]);
  });
}
