// The import-write benchmark (issue 21): the app's whole write of a 45,000-rating history (check, write, change
// counter, user-vector refit in the worker) next to a bare IndexedDB loop writing the same rows into the same store
// layout, alternated in one run so the ratio survives a noisy machine. Each sample runs on the benchmark page of a
// fresh browser: in one browser, every 45,000-row database deleted before slowed the next write (Chromium 150: 17 s
// fresh, 35–80 s after a few), whichever kind it was.
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
  /** The My ratings entry point: a CineLocal JSON export of the catalog rows, parsed by the worker, then the same writer. */
  importCineLocal45k?: { ms: number; rows: number; maxTaskMs: number; tasksOver100: number };
  /** Median of the per-run ratio app / bare. */
  ratio: number;
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
async function bareWrite(name: string, entries: HistoryRatingEntry[]): Promise<number> {
  // The store layout and the profile come from the app's schema and repository (same key path, indexes and profile id
  // shape: key length alone moved Chromium 150's write time 1.7–3.5×); the write itself is plain IndexedDB.
  const schemaDb = new CineLocalDatabase(name);
  const profile = await createProfile(schemaDb, 'Bench');
  schemaDb.close();
  const records: RatingRecord[] = entries.map((e) => ({ profileId: profile.id, movieId: e.movieId, rating: e.rating, updatedAt: e.date! }));
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

async function cineLocalImport(name: string, fileText: string, expected: number, engine: UserVectorEngine, worker: CineLocalImportWorker): Promise<number> {
  const db = new CineLocalDatabase(name);
  try {
    const profile = await createProfile(db, 'Bench');
    const start = performance.now();
    const known = async (ids: number[]) => Array.from(await worker.knownIds(ids));
    const report = await importRatings(
      db,
      profile.id,
      'bench.json',
      fileText,
      known,
      Date.now(),
      remoteParser((f, t, n) => worker.parseRatingsFile(f, t, n)),
    );
    if (report.imported !== expected) throw new Error(`bench: the CineLocal JSON import wrote ${report.imported} of ${expected} ratings`);
    await refreshUserVector(db, profile.id, engine);
    return performance.now() - start;
  } finally {
    await db.delete();
  }
}

/** One measurement of one kind of write, made in a fresh browser (see scripts/lib/browserBench.ts runImportWriteBench). */
export interface ImportWriteSample {
  ms: number;
  maxTaskMs: number;
  tasksOver100: number;
  /** The app write's refit (0 for the bare write). */
  refitMs: number;
  /** Rows whose movie is in the loaded catalog (the refit uses those). */
  catalogRows: number;
}

export type ImportWriteKind = 'bare' | 'app' | 'cinelocal';

/**
 * `rows` ratings of catalog movies (padded with ids past the catalog when it is smaller), written once the `kind` way:
 * the bare IndexedDB loop, the app's writer plus its refit, or the My ratings path with a CineLocal JSON export.
 */
export async function measureImportWrite(
  kind: ImportWriteKind,
  catalogIds: ArrayLike<number>,
  engine: UserVectorEngine,
  rows = 45_000,
  cineLocal?: CineLocalImportWorker,
): Promise<ImportWriteSample> {
  const ids: number[] = Array.from(catalogIds).slice(0, rows);
  const catalogRows = ids.length;
  for (let next = 100_000_000; ids.length < rows; next++) ids.push(next);
  const date = 1_500_000_000_000;
  const entries: HistoryRatingEntry[] = ids.map((movieId, i) => ({ movieId, rating: ((i * 7) % 10) / 2 + 0.5, date: date + i * 1000 }));
  if (kind === 'bare') {
    const { value, maxTaskMs, tasksOver100 } = await withLongestTask(() => bareWrite('cinelocal-bench-bare', entries));
    return { ms: value, maxTaskMs, tasksOver100, refitMs: 0, catalogRows };
  }
  if (kind === 'app') {
    const { value, maxTaskMs, tasksOver100 } = await withLongestTask(() => appWrite('cinelocal-bench-app', entries, engine));
    return { ms: value.ms, maxTaskMs, tasksOver100, refitMs: value.refitMs, catalogRows };
  }
  if (!cineLocal) throw new Error('bench: the CineLocal JSON path needs the worker');
  const records = entries.slice(0, catalogRows).map((e) => ({ profileId: 'bench', movieId: e.movieId, rating: e.rating, updatedAt: e.date! }));
  const text = exportRatingsAsJson('Bench', records);
  const { value, maxTaskMs, tasksOver100 } = await withLongestTask(() => cineLocalImport('cinelocal-bench-json', text, records.length, engine, cineLocal));
  return { ms: value, maxTaskMs, tasksOver100, refitMs: 0, catalogRows };
}

/** Medians of the samples and the median of the per-run ratios app / bare (run i's app sample with run i's bare). */
export function summarizeImportWrite(bare: ImportWriteSample[], app: ImportWriteSample[], rows: number, cineLocal?: ImportWriteSample): ImportWriteBenchResult {
  if (bare.length === 0 || bare.length !== app.length) throw new Error(`bench: ${app.length} app samples for ${bare.length} bare ones`);
  const ratios = app.map((a, i) => a.ms / bare[i].ms);
  return {
    importWrite45k: {
      ms: round(median(app.map((a) => a.ms))),
      samplesMs: app.map((a) => round(a.ms)),
      maxTaskMs: Math.max(...app.map((a) => a.maxTaskMs)),
      tasksOver100: app.reduce((sum, a) => sum + a.tasksOver100, 0),
      refitMs: round(median(app.map((a) => a.refitMs))),
    },
    idbBare45k: { ms: round(median(bare.map((b) => b.ms))), samplesMs: bare.map((b) => round(b.ms)), maxTaskMs: Math.max(...bare.map((b) => b.maxTaskMs)) },
    ...(cineLocal && {
      importCineLocal45k: { ms: round(cineLocal.ms), rows: cineLocal.catalogRows, maxTaskMs: cineLocal.maxTaskMs, tasksOver100: cineLocal.tasksOver100 },
    }),
    ratio: Math.round(median(ratios) * 100) / 100,
    rows,
    catalogRows: app[0].catalogRows,
  };
}
