// Bulk reads and writes in pages: IndexedDB clones every value on the calling thread, so one 50,000-row bulkPut is
// a single multi-second main-thread task. Inside a Dexie transaction each page is requested from the callback of an
// earlier one, which keeps the transaction alive and lets the page paint between pages.
import Dexie, { type Table } from 'dexie';
import type { CineLocalDatabase, RatingRecord } from './schema';

/** The next task: long work split with it lets the page paint and handle input in between. */
export const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** Reading is cheaper than writing: 2,000 records deserialise in a few ms. */
export const READ_PAGE_SIZE = 2000;
/**
 * Pages of the reads made while the page is in use (the ratings mirror's load, the vector refit after an edit): a
 * 2,000-record page was a 150–210 ms task with the 2 cores loaded (issue 21 item 5), and at 500 a page's
 * deserialising plus a major GC still reached 50–80 ms with the CPU throttled 2×.
 */
export const BACKGROUND_READ_PAGE_SIZE = 250;
/**
 * Records per write page: a few ms of cloning on a quiet machine. 250 (about 30 ms quiet) made tasks of 100–250 ms with
 * the 2 cores loaded (load 15–20); 100 kept every task under 100 ms there and wrote no slower (issue 21 bench).
 */
export const STORAGE_PAGE_SIZE = 100;

export async function bulkGetInPages<T, K>(table: Table<T, K>, keys: K[], pageSize = STORAGE_PAGE_SIZE): Promise<(T | undefined)[]> {
  const out: (T | undefined)[] = [];
  for (let start = 0; start < keys.length; start += pageSize) out.push(...(await table.bulkGet(keys.slice(start, start + pageSize))));
  return out;
}

/** A page's requests are issued (values cloned) in tasks of about this long at most, so the page keeps painting. */
export const WRITE_TASK_BUDGET_MS = 40;

/**
 * Writes `total` items in pages: `writePage(start, end)` issues one page's requests. While the database stores one page
 * the next is cloned (waiting for each page left the database idle between pages); a task issues pages until two are
 * queued or WRITE_TASK_BUDGET_MS has passed, then waits for the oldest page still in flight — always a later IndexedDB
 * callback, so each task ends and the transaction stays alive. `onPage` gets the count written so far.
 */
export async function writeInPages(
  total: number,
  pageSize: number,
  writePage: (start: number, end: number) => PromiseLike<unknown>,
  onPage?: (written: number) => void,
): Promise<void> {
  const inFlight: { done: boolean; promise: Promise<void> }[] = [];
  let sliceStart = performance.now();
  for (let start = 0; start < total; start += pageSize) {
    const end = Math.min(total, start + pageSize);
    const page = { done: false, promise: Promise.resolve() };
    // Dexie's promise, not the native one: its callbacks keep the transaction's zone (later pages join the same transaction).
    page.promise = Dexie.Promise.resolve(writePage(start, end)).then(() => {
      page.done = true;
      onPage?.(end);
    });
    // Awaited below; marked handled so a failure while an earlier page is awaited is not reported as unhandled.
    page.promise.catch(() => undefined);
    inFlight.push(page);
    while (inFlight.length > 0 && inFlight[0].done) inFlight.shift();
    if (inFlight.length >= 2 || performance.now() - sliceStart >= WRITE_TASK_BUDGET_MS) {
      await inFlight[0].promise;
      sliceStart = performance.now();
    }
  }
  for (const page of inFlight) await page.promise;
}

/** Puts `records` in pages (writeInPages). */
export async function bulkPutInPages<T, K>(
  table: Table<T, K>,
  records: readonly T[],
  pageSize = STORAGE_PAGE_SIZE,
  onPage?: (written: number) => void,
): Promise<void> {
  await writeInPages(records.length, pageSize, (start, end) => table.bulkPut(records.slice(start, end) as T[]), onPage);
}

/**
 * Every rating of a profile, read in primary-key pages (each page's deserialisation is its own short task). Works
 * inside a transaction (the next page is requested from the previous one's callback) and outside one. `onPage` gets
 * the count read so far and the page itself.
 */
export async function readProfileRatingsInPages(
  db: CineLocalDatabase,
  profileId: string,
  pageSize = READ_PAGE_SIZE,
  onPage?: (read: number, page: readonly RatingRecord[]) => void,
): Promise<RatingRecord[]> {
  const out: RatingRecord[] = [];
  let after = -Infinity;
  for (;;) {
    const page = await db.ratings.where('[profileId+movieId]').between([profileId, after], [profileId, Infinity], false, true).limit(pageSize).toArray();
    out.push(...page);
    onPage?.(out.length, page);
    if (page.length < pageSize) return out;
    after = page[page.length - 1].movieId;
  }
}

/** The movie ids a profile has in a [profileId+movieId]-keyed table (watchlist, hidden), read as keys only, in pages. */
export async function readProfileMovieIdsInPages(
  table: Table<unknown, [string, number]>,
  profileId: string,
  pageSize = READ_PAGE_SIZE,
  onPage?: (read: number) => void,
): Promise<Set<number>> {
  const out = new Set<number>();
  let after = -Infinity;
  for (;;) {
    const keys = await table.where('[profileId+movieId]').between([profileId, after], [profileId, Infinity], false, true).limit(pageSize).primaryKeys();
    for (const [, movieId] of keys) out.add(movieId);
    onPage?.(out.size);
    if (keys.length < pageSize) return out;
    after = keys[keys.length - 1][1];
  }
}
