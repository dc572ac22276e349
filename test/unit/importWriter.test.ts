// The one import writer (src/storage/historyImport.ts) behind both entry points: #/import's history import and the
// CineLocal JSON/CSV import (importRatings). One conflict rule, hidden movies, all or nothing with pages in flight,
// and the rating set handed to the refit that follows; plus the storage rules it shares with the rest (storageRules.ts).
import { beforeEach, describe, expect, it } from 'vitest';
import type { CineLocalDatabase } from '../../src/storage/db';
import { createProfile, setRating } from '../../src/storage/repository';
import { getHidden, getWatchlist, hideMovie } from '../../src/storage/movieLists';
import { DEFAULT_CONFLICT_POLICY, importHistory } from '../../src/storage/historyImport';
import { exportProfileAsJson } from '../../src/history/export/cinelocal';
import { importRatings } from '../../src/history/ownImport';
import { bulkPutInPages } from '../../src/storage/chunked';
import { countRatingChanges, putOnList } from '../../src/storage/storageRules';
import { refreshUserVector } from '../../src/storage/userVectors';
import type { UserRating } from '../../src/engine/types';
import { knownMoviesOf, useFakeIndexedDb } from '../helpers/fakeIndexedDb';
import { changeCounter, DAY, profileWithRatings, storedRatings } from '../helpers/importFixtures';

const fakeDb = useFakeIndexedDb('writer');
let db: CineLocalDatabase;
beforeEach(() => {
  db = fakeDb.openDb();
});

const T0 = Date.UTC(2021, 0, 1);
const known = knownMoviesOf(Array.from({ length: 200 }, (_, i) => i + 1));
const ratingsOf = (id: string) => storedRatings(db, id);
const idsOf = (records: { movieId: number }[]) => records.map((r) => r.movieId).sort((a, b) => a - b);
const counter = (id: string) => changeCounter(db, id);

/** A profile with 1 = 2★ and 2 = 3★ stored at T0 + 10 days, 3 on the watchlist and 4 hidden. */
const seeded = (name: string) =>
  profileWithRatings(
    db,
    name,
    [
      [1, 2],
      [2, 3],
    ],
    T0 + 10 * DAY,
    known,
    { watchlist: [3], hidden: [4], listedAt: T0 },
  );

describe('one writer, one conflict rule', () => {
  it('the newer rating wins by default; the CineLocal import and the history import give the same result', async () => {
    expect(DEFAULT_CONFLICT_POLICY).toBe('newer-wins');
    // 1: the file's rating is older (kept); 2: newer (taken); 5: new. Watchlist 4 (hidden here) and hidden 3 (listed here).
    const file = {
      ratings: [
        { profileId: 'x', movieId: 1, rating: 5, updatedAt: T0 },
        { profileId: 'x', movieId: 2, rating: 1, updatedAt: T0 + 20 * DAY },
        { profileId: 'x', movieId: 5, rating: 4, updatedAt: T0 },
      ],
      watchlist: [{ profileId: 'x', movieId: 4, addedAt: T0 + DAY }],
      hidden: [{ profileId: 'x', movieId: 3, hiddenAt: T0 + DAY }],
    };
    const viaFile = await seeded('File');
    const report = await importRatings(db, viaFile.id, 'mine.json', exportProfileAsJson('x', file), known);
    const viaHistory = await seeded('History');
    const result = await importHistory(db, viaHistory.id, {
      ratings: file.ratings.map((r) => ({ movieId: r.movieId, rating: r.rating, date: r.updatedAt })),
      watchlist: [{ movieId: 4, date: T0 + DAY }],
      hidden: [{ movieId: 3, date: T0 + DAY }],
    });
    expect(result).toEqual({ added: 1, updated: 1, unchanged: 0, keptMine: 1, watchlistAdded: 1, watchlistAlready: 0, hiddenAdded: 1, hiddenAlready: 0 });
    expect(report).toMatchObject({
      added: 1,
      updated: 1,
      unchanged: 0,
      keptMine: 1,
      imported: 2,
      listCounts: { watchlist: { added: 1, unchanged: 0 }, hidden: { added: 1, unchanged: 0 } },
    });
    for (const p of [viaFile, viaHistory]) {
      expect(await ratingsOf(p.id)).toEqual([
        [1, 2, T0 + 10 * DAY],
        [2, 1, T0 + 20 * DAY],
        [5, 4, T0],
      ]);
      // A movie is on one list at a time: the imported choice moved 4 to the watchlist and 3 to hidden.
      expect(idsOf(await getWatchlist(db, p.id))).toEqual([4]);
      expect(idsOf(await getHidden(db, p.id))).toEqual([3]);
      expect(await counter(p.id)).toBe(2 + 2);
    }
  });

  it('a movie on both imported lists stays on the watchlist; already listed movies keep their stored date', async () => {
    const p = await seeded('Both');
    const result = await importHistory(db, p.id, {
      ratings: [],
      watchlist: [
        { movieId: 7, date: T0 },
        { movieId: 3, date: T0 + 5 * DAY },
      ],
      hidden: [
        { movieId: 7, date: T0 },
        { movieId: 4, date: T0 + 5 * DAY },
      ],
    });
    expect(result).toMatchObject({ watchlistAdded: 1, watchlistAlready: 1, hiddenAdded: 0, hiddenAlready: 1 });
    expect((await getWatchlist(db, p.id)).map((w) => [w.movieId, w.addedAt]).sort()).toEqual([
      [3, T0],
      [7, T0],
    ]);
    expect(idsOf(await getHidden(db, p.id))).toEqual([4]);
  });
});

describe('all or nothing with pages in flight', () => {
  for (const failing of ['ratings', 'watchlist', 'hidden'] as const) {
    it(`a failure in the ${failing} pages leaves every table and the counter as they were`, async () => {
      const p = await seeded(`Fail ${failing}`);
      const before = {
        ratings: await ratingsOf(p.id),
        watchlist: idsOf(await getWatchlist(db, p.id)),
        hidden: idsOf(await getHidden(db, p.id)),
        counter: await counter(p.id),
      };
      db.table(failing).hook('creating', (_key, record: { movieId: number }) => {
        if (record.movieId === 150) throw new Error(`disk full at ${failing} 150`);
      });
      const ratings = Array.from({ length: 60 }, (_, i) => ({ movieId: 100 + i, rating: 3, date: T0 }));
      const list = Array.from({ length: 30 }, (_, i) => ({ movieId: (failing === 'hidden' ? 140 : 130) + i, date: T0 }));
      const input =
        failing === 'hidden'
          ? { ratings, watchlist: [{ movieId: 4, date: T0 }], hidden: list }
          : { ratings, watchlist: list, hidden: [{ movieId: 3, date: T0 }] };
      await expect(importHistory(db, p.id, input, { pageSize: 4 })).rejects.toThrow(`disk full at ${failing} 150`);
      expect(await ratingsOf(p.id)).toEqual(before.ratings);
      expect(idsOf(await getWatchlist(db, p.id))).toEqual(before.watchlist);
      expect(idsOf(await getHidden(db, p.id))).toEqual(before.hidden);
      expect(await counter(p.id)).toBe(before.counter);
    });
  }

  it('writes every page, reporting progress in order', async () => {
    const p = await createProfile(db, 'Pages');
    const seen: number[] = [];
    const records = Array.from({ length: 11 }, (_, i) => ({ profileId: p.id, movieId: i + 1, rating: 1, updatedAt: T0 }));
    await db.transaction('rw', db.ratings, () => bulkPutInPages(db.ratings, records, 3, (n) => seen.push(n)));
    expect(seen).toEqual([3, 6, 9, 11]);
    expect((await ratingsOf(p.id)).length).toBe(11);
  });
});

describe('the refit after an import', () => {
  const engine = (fitted: UserRating[][]) => ({
    modelVersion: 'm1',
    minRatingsForVector: 1,
    fitUser: async (ratings: UserRating[]) => {
      fitted.push(ratings);
      return { modelVersion: 'm1', factors: [0.1], bias: 0 } as never;
    },
  });

  it('fits on the rating set the write handed over, without reading the ratings back', async () => {
    const p = await seeded('Handed');
    await refreshUserVector(db, p.id, engine([]));
    await importHistory(db, p.id, {
      ratings: [
        { movieId: 9, rating: 4, date: T0 },
        { movieId: 1, rating: 5, date: T0 + 30 * DAY },
      ],
      watchlist: [],
    });
    let reads = 0;
    db.ratings.hook('reading', (record) => {
      reads += 1;
      return record;
    });
    const fitted: UserRating[][] = [];
    expect((await refreshUserVector(db, p.id, engine(fitted))).action).toBe('fit');
    expect(reads).toBe(0);
    expect(fitted[0].map((r) => [r.movieId, r.rating]).sort((a, b) => a[0] - b[0])).toEqual([
      [1, 5],
      [2, 3],
      [9, 4],
    ]);
  });

  it('ignores the handed-over set once the ratings changed again (reads them instead)', async () => {
    const p = await seeded('Stale');
    await importHistory(db, p.id, { ratings: [{ movieId: 9, rating: 4, date: T0 }], watchlist: [] });
    await setRating(db, p.id, 10, 1, known);
    const fitted: UserRating[][] = [];
    await refreshUserVector(db, p.id, engine(fitted));
    expect(fitted[0].map((r) => r.movieId).sort((a, b) => a - b)).toEqual([1, 2, 9, 10]);
  });
});

describe('storage rules written once', () => {
  it('putOnList takes movies off the other list, in pages, in the caller’s transaction', async () => {
    const p = await createProfile(db, 'Lists');
    for (const id of [1, 2, 3]) await hideMovie(db, p.id, id, T0);
    await db.transaction('rw', db.watchlist, db.hidden, () =>
      putOnList(
        db,
        'watchlist',
        [1, 2, 5, 6, 7].map((movieId) => ({ profileId: p.id, movieId, addedAt: T0 })),
        2,
      ),
    );
    expect(idsOf(await getWatchlist(db, p.id))).toEqual([1, 2, 5, 6, 7]);
    expect(idsOf(await getHidden(db, p.id))).toEqual([3]);
  });

  it('countRatingChanges moves the counter by the count, and not at all for none', async () => {
    const p = await createProfile(db, 'Count');
    await countRatingChanges(db, p.id, 3);
    await countRatingChanges(db, p.id, 0);
    await countRatingChanges(db, p.id);
    expect(await counter(p.id)).toBe(4);
  });
});
