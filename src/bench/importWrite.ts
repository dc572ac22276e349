// The import-write benchmark (issue 21): the app's whole write of a 45,000-rating history (check, write, change
// counter, user-vector refit in the worker) next to a bare IndexedDB loop writing the same rows into the same store
// layout, in the same page and run, so the ratio survives a noisy machine. Runs on the benchmark page (src/bench).
import { CineLocalDatabase, type RatingRecord } from '../storage/schema';
import { createProfile } from '../storage/repository';
import { importHistory, type HistoryRatingEntry } from '../storage/historyImport';
import { refreshUserVector, type UserVectorEngine } from '../storage/userVectors';
import type { RatingsFileAnswer } from '../history/wire';
import { exportRatingsAsJson } from '../history/export/cinelocal';
import { importRatings, remoteParser } from '../history/ownImport';

/** The worker's file parser and catalog check, for the My ratings path (a CineLocal JSON file). */
export interface CineLocalImportWorker {
  parseRatingsFile(fileName: string, text: string, now: number): Promise<RatingsFileAnswer>;
  knownIds(ids: number[]): Promise<ArrayLike<number>>;
}

export interface ImportWriteBenchResult {
  /** Median of the app's write (check, write, counter, refit). */
  importWrite45k: { ms: number; samplesMs: number[]; maxTaskMs: number; tasksOver100: number; refitMs: number };
  /** Median of a bare IndexedDB put loop in one transaction, same rows, same object store and indexes. */
  idbBare45k: { ms: number; samplesMs: number[]; maxTaskMs: number };
  /** Median of the per-run ratio app / bare. */
  ratio: number;
  /** The My ratings path with a CineLocal JSON export of the same rows: parse in the worker, catalog check, write, refit. */
  importCineLocal45k?: { ms: number; samplesMs: number[]; maxTaskMs: number };
  rows: number;
  /** Rows whose movie is in the loaded catalog (the refit uses those). */
  catalogRows: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const round = (x: number) => Math.round(x * 10) / 10;

/** The longest main-thread task (PerformanceObserver 'longtask', ≥ 50 ms) while `fn` runs; 0 when none. */
async function withLongestTask<T>(fn: () => Promise<T>): Promise<{ value: T; maxTaskMs: number; tasksOver100: number }> {
  let maxTaskMs = 0;
  let tasksOver100 = 0;
  const note = (entry: PerformanceEntry) => {
    maxTaskMs = Math.max(maxTaskMs, entry.duration);
    if (entry.duration > 100) tasksOver100 += 1;
  };
  const observer = new PerformanceObserver((list) => list.getEntries().forEach(note));
  observer.observe({ type: 'longtask' });
  const value = await fn();
  // Entries are delivered asynchronously: one more task lets the last ones arrive.
  await new Promise((resolve) => setTimeout(resolve, 50));
  observer.takeRecords().forEach(note);
  observer.disconnect();
  return { value, maxTaskMs: Math.round(maxTaskMs), tasksOver100 };
}

function requestDone<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

/** The bare baseline: every row put in one readwrite transaction, timed to its `complete` event. */
async function bareWrite(name: string, records: RatingRecord[]): Promise<number> {
  // The store layout comes from the app's schema (same key path and indexes); the write itself is plain IndexedDB.
  const schemaDb = new CineLocalDatabase(name);
  await schemaDb.open();
  schemaDb.close();
  const idb = await requestDone(indexedDB.open(name));
  try {
    const start = performance.now();
    const tx = idb.transaction('ratings', 'readwrite');
    const store = tx.objectStore('ratings');
    for (const record of records) store.put(record);
    await new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onerror = tx.onabort = () => reject(tx.error);
    });
    return performance.now() - start;
  } finally {
    idb.close();
    await requestDone(indexedDB.deleteDatabase(name) as IDBRequest<unknown>);
  }
}

/** The app's write into a fresh profile, then the one refit the change counter asks for; timed as a whole. */
async function appWrite(name: string, entries: HistoryRatingEntry[], engine: UserVectorEngine): Promise<{ ms: number; refitMs: number }> {
  const db = new CineLocalDatabase(name);
  try {
    const profile = await createProfile(db, 'Bench');
    const start = performance.now();
    await importHistory(db, profile.id, { ratings: entries, watchlist: [], conflicts: 'newer-wins' });
    const written = performance.now();
    const refit = await refreshUserVector(db, profile.id, engine);
    if (refit.action !== 'fit' && refit.action !== 'wait') throw new Error(`bench: expected a refit after the import, got ${refit.action}`);
    const end = performance.now();
    return { ms: end - start, refitMs: end - written };
  } finally {
    await db.delete();
  }
}

async function cineLocalImport(name: string, fileText: string, engine: UserVectorEngine, worker: CineLocalImportWorker): Promise<number> {
  const db = new CineLocalDatabase(name);
  try {
    const profile = await createProfile(db, 'Bench');
    const start = performance.now();
    const known = async (ids: number[]) => Array.from(await worker.knownIds(ids));
    await importRatings(
      db,
      profile.id,
      'bench.json',
      fileText,
      known,
      Date.now(),
      remoteParser((f, t, n) => worker.parseRatingsFile(f, t, n)),
    );
    await refreshUserVector(db, profile.id, engine);
    return performance.now() - start;
  } finally {
    await db.delete();
  }
}

/** `rows` ratings of catalog movies (padded with ids past the catalog when it is smaller), `runs` times each way. */
export async function runImportWriteBench(
  catalogIds: ArrayLike<number>,
  engine: UserVectorEngine,
  rows = 45_000,
  runs = 3,
  cineLocal?: CineLocalImportWorker,
): Promise<ImportWriteBenchResult> {
  const ids: number[] = Array.from(catalogIds).slice(0, rows);
  const catalogRows = ids.length;
  for (let next = 100_000_000; ids.length < rows; next++) ids.push(next);
  const date = 1_500_000_000_000;
  const entries: HistoryRatingEntry[] = ids.map((movieId, i) => ({ movieId, rating: ((i * 7) % 10) / 2 + 0.5, date: date + i * 1000 }));
  const records: RatingRecord[] = entries.map((e) => ({ profileId: 'bench-profile', movieId: e.movieId, rating: e.rating, updatedAt: e.date! }));
  const app: number[] = [];
  const refits: number[] = [];
  const bare: number[] = [];
  const ratios: number[] = [];
  let appTask = 0;
  let appTasksOver100 = 0;
  let bareTask = 0;
  for (let run = 0; run < runs; run++) {
    // Alternating which goes first, so neither always meets a warmer (or busier) browser.
    const measureBare = async () => {
      const { value, maxTaskMs } = await withLongestTask(() => bareWrite(`cinelocal-bench-bare-${run}`, records));
      bare.push(value);
      bareTask = Math.max(bareTask, maxTaskMs);
    };
    const measureApp = async () => {
      const { value, maxTaskMs, tasksOver100 } = await withLongestTask(() => appWrite(`cinelocal-bench-app-${run}`, entries, engine));
      app.push(value.ms);
      refits.push(value.refitMs);
      appTask = Math.max(appTask, maxTaskMs);
      appTasksOver100 += tasksOver100;
    };
    if (run % 2 === 0) {
      await measureBare();
      await measureApp();
    } else {
      await measureApp();
      await measureBare();
    }
    ratios.push(app[run] / bare[run]);
  }
  let importCineLocal45k: ImportWriteBenchResult['importCineLocal45k'];
  if (cineLocal) {
    const text = exportRatingsAsJson(
      'Bench',
      records.slice(0, catalogRows).map((r) => ({ ...r, updatedAt: Math.floor(r.updatedAt / 1000) * 1000 })),
    );
    const samples: number[] = [];
    let maxTaskMs = 0;
    for (let run = 0; run < runs; run++) {
      const measured = await withLongestTask(() => cineLocalImport(`cinelocal-bench-json-${run}`, text, engine, cineLocal));
      samples.push(measured.value);
      maxTaskMs = Math.max(maxTaskMs, measured.maxTaskMs);
    }
    importCineLocal45k = { ms: round(median(samples)), samplesMs: samples.map(round), maxTaskMs };
  }
  return {
    importCineLocal45k,
    importWrite45k: { ms: round(median(app)), samplesMs: app.map(round), maxTaskMs: appTask, tasksOver100: appTasksOver100, refitMs: round(median(refits)) },
    idbBare45k: { ms: round(median(bare)), samplesMs: bare.map(round), maxTaskMs: bareTask },
    ratio: Math.round(median(ratios) * 100) / 100,
    rows,
    catalogRows,
  };
}
