// src/storage/historyImport.ts: the confirmed rows of a Letterboxd / IMDb / Trakt / MovieLens import written in one
// transaction — all or nothing, paged, conflict policies, watchlist entries, the change counter moved once.
import { beforeEach, describe, expect, it } from 'vitest';
import type { CineLocalDatabase } from '../../src/storage/db';
import { createProfile, deleteProfile, describeStorageError, getProfileRatings, setRating, StorageValidationError } from '../../src/storage/repository';
import { getHidden, getWatchlist, hideMovie, addToWatchlist } from '../../src/storage/movieLists';
import { importHistory, latestPerMovie, resolveConflict, type ImportWriteProgress, type HistoryRatingEntry } from '../../src/storage/historyImport';
import { knownMoviesOf, useFakeIndexedDb } from '../helpers/fakeIndexedDb';
import { changeCounter, DAY, profileWithRatings, storedRatings } from '../helpers/importFixtures';

const knownMovies = knownMoviesOf([11, 12, 13, 14, 15, 16, 17, 18, 19, 20]);
const fakeDb = useFakeIndexedDb('history');
let db: CineLocalDatabase;

beforeEach(() => {
  db = fakeDb.openDb();
});

const T0 = Date.UTC(2020, 0, 1);
const counter = (id: string) => changeCounter(db, id);
const stored = (id: string) => storedRatings(db, id);

describe('importHistory', () => {
  it('adds ratings and watchlist entries with their dates, and moves the counter once by the ratings written', async () => {
    const p = await createProfile(db, 'New');
    const now = T0 + 100 * DAY;
    const result = await importHistory(
      db,
      p.id,
      {
        ratings: [
          { movieId: 11, rating: 4.5, date: T0 },
          { movieId: 12, rating: 0.5, date: null },
        ],
        watchlist: [
          { movieId: 13, date: T0 + DAY },
          { movieId: 14, date: null },
        ],
        conflicts: 'keep-mine',
      },
      { now },
    );
    expect(result).toEqual({ added: 2, updated: 0, unchanged: 0, keptMine: 0, watchlistAdded: 2, watchlistAlready: 0, hiddenAdded: 0, hiddenAlready: 0 });
    expect(await stored(p.id)).toEqual([
      [11, 4.5, T0],
      [12, 0.5, now],
    ]);
    expect((await getWatchlist(db, p.id)).map((w) => [w.movieId, w.addedAt]).sort()).toEqual([
      [13, T0 + DAY],
      [14, now],
    ]);
    expect(await counter(p.id)).toBe(2);
  });

  it('moves the counter with ONE modification, inside the same transaction (one refit afterwards)', async () => {
    const p = await createProfile(db, 'Once');
    let modifications = 0;
    db.profiles.hook('updating', () => {
      modifications += 1;
    });
    const ratings = Array.from({ length: 9 }, (_, i) => ({ movieId: 11 + i, rating: 3, date: T0 + i }));
    await importHistory(db, p.id, { ratings, watchlist: [], conflicts: 'keep-mine' }, { pageSize: 2 });
    expect(modifications).toBe(1);
    expect(await counter(p.id)).toBe(9);
    // Nothing written, nothing counted.
    await importHistory(db, p.id, { ratings, watchlist: [], conflicts: 'keep-mine' }, { pageSize: 2 });
    expect(modifications).toBe(1);
    expect(await counter(p.id)).toBe(9);
  });

  it('resolves conflicts by the chosen policy: keep mine, take imported, newer wins (undated imports are older)', async () => {
    // Stored ratings dated T0 + 10 days.
    const setup = (name: string) =>
      profileWithRatings(
        db,
        name,
        [
          [11, 2],
          [12, 2],
          [13, 2],
          [14, 3],
        ],
        T0 + 10 * DAY,
        knownMovies,
      );
    const imported: HistoryRatingEntry[] = [
      { movieId: 11, rating: 5, date: T0 + 20 * DAY }, // newer
      { movieId: 12, rating: 5, date: T0 }, // older
      { movieId: 13, rating: 5, date: null }, // undated
      { movieId: 14, rating: 3, date: T0 + 30 * DAY }, // same value
      { movieId: 15, rating: 1, date: T0 }, // new
    ];
    const keep = await setup('keep');
    expect(await importHistory(db, keep.id, { ratings: imported, watchlist: [], conflicts: 'keep-mine' })).toMatchObject({
      added: 1,
      updated: 0,
      unchanged: 1,
      keptMine: 3,
    });
    expect((await stored(keep.id)).map((r) => r[1])).toEqual([2, 2, 2, 3, 1]);
    expect(await counter(keep.id)).toBe(4 + 1);

    const take = await setup('take');
    expect(await importHistory(db, take.id, { ratings: imported, watchlist: [], conflicts: 'take-imported' })).toMatchObject({
      added: 1,
      updated: 3,
      unchanged: 1,
      keptMine: 0,
    });
    expect((await stored(take.id)).map((r) => r[1])).toEqual([5, 5, 5, 3, 1]);
    expect(await counter(take.id)).toBe(4 + 4);

    const newer = await setup('newer');
    expect(await importHistory(db, newer.id, { ratings: imported, watchlist: [], conflicts: 'newer-wins' })).toMatchObject({
      added: 1,
      updated: 1,
      unchanged: 1,
      keptMine: 2,
    });
    const rows = await stored(newer.id);
    expect(rows.map((r) => r[1])).toEqual([5, 2, 2, 3, 1]);
    // The taken rating carries the imported date; a same-value row keeps the stored one.
    expect(rows[0][2]).toBe(T0 + 20 * DAY);
    expect(rows[3][2]).toBe(T0 + 10 * DAY);
  });

  it('resolveConflict agrees with the write (the preview counts with it)', () => {
    const mine = { rating: 2, updatedAt: 1000 };
    expect(resolveConflict(undefined, { movieId: 1, rating: 2, date: null }, 'keep-mine')).toBe('add');
    expect(resolveConflict(mine, { movieId: 1, rating: 2, date: 5000 }, 'take-imported')).toBe('unchanged');
    expect(resolveConflict(mine, { movieId: 1, rating: 3, date: 1000 }, 'newer-wins')).toBe('keep-mine');
    expect(resolveConflict(mine, { movieId: 1, rating: 3, date: 1001 }, 'newer-wins')).toBe('update');
    expect(resolveConflict(mine, { movieId: 1, rating: 3, date: null }, 'newer-wins')).toBe('keep-mine');
  });

  it('watchlist entries: already listed ones are counted, new ones un-hide the movie, ratings are untouched', async () => {
    const p = await createProfile(db, 'Lists');
    await addToWatchlist(db, p.id, 11, T0);
    await hideMovie(db, p.id, 12, T0);
    await setRating(db, p.id, 13, 4, knownMovies);
    const before = await counter(p.id);
    const result = await importHistory(db, p.id, {
      ratings: [],
      watchlist: [
        { movieId: 11, date: T0 + DAY },
        { movieId: 12, date: T0 + DAY },
        { movieId: 13, date: null },
      ],
      conflicts: 'keep-mine',
    });
    expect(result).toMatchObject({ watchlistAdded: 2, watchlistAlready: 1, added: 0 });
    expect((await getWatchlist(db, p.id)).map((w) => [w.movieId, w.addedAt]).sort((a, b) => a[0] - b[0])).toEqual([
      [11, T0],
      [12, T0 + DAY],
      [13, expect.any(Number)],
    ]);
    expect(await getHidden(db, p.id)).toEqual([]);
    expect(await counter(p.id)).toBe(before);
  });

  it('two rows on one movie keep the latest dated (undated is oldest; a tie keeps the later row)', async () => {
    expect(
      latestPerMovie([
        { movieId: 1, date: 5, n: 'a' },
        { movieId: 1, date: null, n: 'b' },
        { movieId: 2, date: null, n: 'c' },
        { movieId: 2, date: null, n: 'd' },
        { movieId: 1, date: 5, n: 'e' },
      ]).map((e) => e.n),
    ).toEqual(['e', 'd']);
    const p = await createProfile(db, 'Dupes');
    await importHistory(db, p.id, {
      ratings: [
        { movieId: 11, rating: 1, date: T0 + DAY },
        { movieId: 11, rating: 4, date: T0 },
      ],
      watchlist: [],
      conflicts: 'take-imported',
    });
    expect(await stored(p.id)).toEqual([[11, 1, T0 + DAY]]);
    expect(await counter(p.id)).toBe(1);
  });

  it('is all or nothing: a write failing on a later page leaves ratings, watchlist and counter as they were', async () => {
    const p = await createProfile(db, 'Atomic');
    await setRating(db, p.id, 11, 1, knownMovies);
    await addToWatchlist(db, p.id, 20, T0);
    const before = { ratings: await stored(p.id), watchlist: await getWatchlist(db, p.id), counter: await counter(p.id) };
    db.ratings.hook('creating', (_key, record) => {
      if (record.movieId === 17) throw new Error('disk full at movie 17');
    });
    const progress: ImportWriteProgress[] = [];
    const ratings = [11, 12, 13, 14, 15, 16, 17, 18].map((movieId) => ({ movieId, rating: 5, date: T0 }));
    await expect(
      importHistory(
        db,
        p.id,
        { ratings, watchlist: [{ movieId: 19, date: null }], conflicts: 'take-imported' },
        { pageSize: 2, onProgress: (x) => progress.push(x) },
      ),
    ).rejects.toThrow(/disk full at movie 17/);
    // Pages before the failing one had been written inside the transaction…
    expect(progress.some((x) => x.phase === 'saving' && x.done >= 4)).toBe(true);
    // …and were rolled back with it.
    expect({ ratings: await stored(p.id), watchlist: await getWatchlist(db, p.id), counter: await counter(p.id) }).toEqual(before);
  });

  it('is all or nothing when the watchlist write fails after every rating was written', async () => {
    const p = await createProfile(db, 'Late failure');
    db.watchlist.hook('creating', () => {
      throw Object.assign(new Error(''), { name: 'QuotaExceededError' });
    });
    const error = await importHistory(db, p.id, {
      ratings: [
        { movieId: 11, rating: 3, date: T0 },
        { movieId: 12, rating: 4, date: T0 },
      ],
      watchlist: [{ movieId: 13, date: null }],
      conflicts: 'keep-mine',
    }).catch((e: unknown) => e);
    expect(describeStorageError(error)).toMatch(/storage quota exceeded/);
    expect(await getProfileRatings(db, p.id)).toEqual([]);
    expect(await counter(p.id)).toBe(0);
  });

  it('refuses a deleted profile and bad entries, writing nothing', async () => {
    const p = await createProfile(db, 'Gone');
    await deleteProfile(db, p.id);
    await expect(importHistory(db, p.id, { ratings: [{ movieId: 11, rating: 3, date: null }], watchlist: [], conflicts: 'keep-mine' })).rejects.toThrow(
      /no longer exists/,
    );
    expect(await db.ratings.count()).toBe(0);
    const q = await createProfile(db, 'Checked');
    for (const bad of [
      { ratings: [{ movieId: 11, rating: 3.25, date: null }], watchlist: [] },
      { ratings: [{ movieId: -1, rating: 3, date: null }], watchlist: [] },
      { ratings: [], watchlist: [{ movieId: 1.5, date: null }] },
      { ratings: [{ movieId: 11, rating: 3, date: Number.NaN }], watchlist: [] },
    ]) {
      await expect(importHistory(db, q.id, { ...bad, conflicts: 'keep-mine' })).rejects.toBeInstanceOf(StorageValidationError);
    }
    expect(await db.ratings.count()).toBe(0);
    expect(await db.watchlist.count()).toBe(0);
  });

  it('reports progress per page: reading what is stored, then saving, ending at the totals', async () => {
    const p = await createProfile(db, 'Pages');
    await setRating(db, p.id, 11, 1, knownMovies);
    await setRating(db, p.id, 12, 1, knownMovies);
    await addToWatchlist(db, p.id, 13, T0);
    const progress: ImportWriteProgress[] = [];
    const ratings = Array.from({ length: 7 }, (_, i) => ({ movieId: 100 + i, rating: 2, date: T0 }));
    await importHistory(
      db,
      p.id,
      { ratings, watchlist: [{ movieId: 200, date: null }], conflicts: 'keep-mine' },
      { pageSize: 3, readPageSize: 1, onProgress: (x) => progress.push(x) },
    );
    // 2 stored ratings and 1 watchlist entry, read one per page (each read ends when a page comes back short).
    expect(progress.filter((x) => x.phase === 'checking').map((x) => `${x.done}/${x.total}`)).toEqual(['0/3', '1/3', '2/3', '2/3', '3/3', '3/3']);
    expect(progress.filter((x) => x.phase === 'saving').map((x) => x.done)).toEqual([0, 3, 6, 7, 8]);
    expect(progress.at(-1)).toEqual({ phase: 'saving', done: 8, total: 8 });
  });

  it('a small import next to a large history reads only its own movies', async () => {
    const p = await createProfile(db, 'Large');
    await db.ratings.bulkPut(Array.from({ length: 40 }, (_, i) => ({ profileId: p.id, movieId: 1000 + i, rating: 3, updatedAt: T0 })));
    const result = await importHistory(
      db,
      p.id,
      {
        ratings: [
          { movieId: 1001, rating: 4, date: T0 + DAY },
          { movieId: 5, rating: 1, date: null },
        ],
        watchlist: [],
        conflicts: 'newer-wins',
      },
      { readPageSize: 7 },
    );
    expect(result).toMatchObject({ added: 1, updated: 1 });
    expect((await db.ratings.get([p.id, 1001]))!.rating).toBe(4);
  });
});
