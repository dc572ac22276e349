// Bulk reads and writes in pages: IndexedDB clones every value on the calling thread, so one 50,000-row bulkPut is
// a single multi-second main-thread task. Inside a Dexie transaction each page waits for the previous one's requests,
// which keeps the transaction alive and lets the page paint between pages.
import type { Table } from 'dexie';
import type { CineLocalDatabase, RatingRecord } from './schema';

/** Reading is cheaper than writing: 2,000 records deserialise in a few ms. */
export const READ_PAGE_SIZE = 2000;
/** About 30 ms of cloning per page on a slow machine (2,000 took ~290 ms). */
export const STORAGE_PAGE_SIZE = 250;

export async function bulkGetInPages<T, K>(table: Table<T, K>, keys: K[], pageSize = STORAGE_PAGE_SIZE): Promise<(T | undefined)[]> {
  const out: (T | undefined)[] = [];
  for (let start = 0; start < keys.length; start += pageSize) out.push(...(await table.bulkGet(keys.slice(start, start + pageSize))));
  return out;
}

export async function bulkPutInPages<T, K>(table: Table<T, K>, records: readonly T[], pageSize = STORAGE_PAGE_SIZE): Promise<void> {
  for (let start = 0; start < records.length; start += pageSize) await table.bulkPut(records.slice(start, start + pageSize));
}

/**
 * Every rating of a profile, read in primary-key pages (each page's deserialisation is its own short task). Works
 * inside a transaction (the next page is requested from the previous one's callback) and outside one.
 */
export async function readProfileRatingsInPages(db: CineLocalDatabase, profileId: string, pageSize = READ_PAGE_SIZE): Promise<RatingRecord[]> {
  const out: RatingRecord[] = [];
  let after = -Infinity;
  for (;;) {
    const page = await db.ratings.where('[profileId+movieId]').between([profileId, after], [profileId, Infinity], false, true).limit(pageSize).toArray();
    out.push(...page);
    if (page.length < pageSize) return out;
    after = page[page.length - 1].movieId;
  }
}
