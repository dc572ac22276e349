import { describe, expect, it, beforeEach } from 'vitest';
import Dexie from 'dexie';
import { SCHEMA_V2, type CineLocalDatabase } from '../../src/storage/db';
import { addToWatchlist, getHidden, getWatchlist, hideMovie, removeFromWatchlist, unhideMovie } from '../../src/storage/movieLists';
import { createProfile, deleteProfile, getProfileRatings, listProfiles, setRating, StorageValidationError } from '../../src/storage/repository';
import { exportProfileAsJson, exportRatingsAsCsv } from '../../src/history/export/cinelocal';
import { EXPORT_FORMAT_VERSION, parseRatingsImport } from '../../src/history/formats/cinelocal';
import { importRatings } from '../../src/history/ownImport';
import { mergeSnapshot, readSnapshot } from '../../src/storage/recovery';
import { Engine } from '../../src/engine/engine';
import { ratingFromLogit } from '../../src/engine/kmf';
import { knownMoviesOf, useFakeIndexedDb } from '../helpers/fakeIndexedDb';
import { tinyDataset } from '../helpers/tinyDataset';
import { sortWatchlist, type WatchlistItem } from '../../src/app/lists/sortWatchlist';
import { parseRoute, routeHref } from '../../src/app/shared/useHashRoute';
import { asTmdbId, asTmdbIds, type TmdbId } from '../../src/engine/ids';

const knownMovies = knownMoviesOf([11, 12, 13, 14, 15, 16, 862]);
const fakeDb = useFakeIndexedDb('lists');
let db: CineLocalDatabase;

beforeEach(() => {
  db = fakeDb.openDb();
});

const ids = (records: { movieId: number }[]) => records.map((r) => r.movieId).sort((a, b) => a - b);

describe('watchlist and hidden movies', () => {
  it('adds, removes, hides and un-hides; adding twice keeps the first time', async () => {
    const p = await createProfile(db, 'Ada');
    await addToWatchlist(db, p.id, 11, 1000);
    await addToWatchlist(db, p.id, 12, 2000);
    await addToWatchlist(db, p.id, 11, 3000);
    expect(await getWatchlist(db, p.id)).toEqual([
      { profileId: p.id, movieId: 11, addedAt: 1000 },
      { profileId: p.id, movieId: 12, addedAt: 2000 },
    ]);
    await removeFromWatchlist(db, p.id, 11);
    expect(ids(await getWatchlist(db, p.id))).toEqual([12]);
    await hideMovie(db, p.id, 13, 4000);
    expect(await getHidden(db, p.id)).toEqual([{ profileId: p.id, movieId: 13, hiddenAt: 4000 }]);
    await unhideMovie(db, p.id, 13);
    expect(await getHidden(db, p.id)).toEqual([]);
    // Removing what is not there is a no-op.
    await removeFromWatchlist(db, p.id, 99);
    await unhideMovie(db, p.id, 99);
  });

  it('hiding takes a movie off the watchlist, and adding it to the watchlist un-hides it', async () => {
    const p = await createProfile(db, 'Ada');
    await addToWatchlist(db, p.id, 11);
    await hideMovie(db, p.id, 11);
    expect(await getWatchlist(db, p.id)).toEqual([]);
    expect(ids(await getHidden(db, p.id))).toEqual([11]);
    await addToWatchlist(db, p.id, 11);
    expect(ids(await getWatchlist(db, p.id))).toEqual([11]);
    expect(await getHidden(db, p.id)).toEqual([]);
  });

  it('lists are per profile, refuse bad ids and unknown profiles', async () => {
    const ada = await createProfile(db, 'Ada');
    const bob = await createProfile(db, 'Bob');
    await addToWatchlist(db, ada.id, 11);
    await hideMovie(db, bob.id, 11);
    expect(ids(await getWatchlist(db, ada.id))).toEqual([11]);
    expect(await getWatchlist(db, bob.id)).toEqual([]);
    expect(ids(await getHidden(db, bob.id))).toEqual([11]);
    await expect(addToWatchlist(db, ada.id, 1.5)).rejects.toBeInstanceOf(StorageValidationError);
    await expect(hideMovie(db, ada.id, -3)).rejects.toBeInstanceOf(StorageValidationError);
    await expect(addToWatchlist(db, 'ghost', 11)).rejects.toThrow(/no longer exists/);
    expect(await db.watchlist.count()).toBe(1);
  });

  it('deleting a profile deletes its watchlist, hidden and parked movies, and nobody else’s', async () => {
    const ada = await createProfile(db, 'Ada');
    const bob = await createProfile(db, 'Bob');
    await addToWatchlist(db, ada.id, 11);
    await hideMovie(db, ada.id, 12);
    await addToWatchlist(db, bob.id, 13);
    await db.parked.put({ profileId: ada.id, idSpace: 'demo', table: 'watchlist', movieId: 5, record: { profileId: ada.id, movieId: 5, addedAt: 1 } });
    await deleteProfile(db, ada.id);
    expect(await db.watchlist.toArray()).toEqual([expect.objectContaining({ profileId: bob.id, movieId: 13 })]);
    expect(await db.hidden.count()).toBe(0);
    expect(await db.parked.count()).toBe(0);
  });
});

describe('schema v2 → v3', () => {
  it('opens a version-2 database with the current schema, keeps every row, and the new tables work', async () => {
    const v2 = new Dexie('upgrade', fakeDb.dependencies());
    v2.version(2).stores(SCHEMA_V2);
    await v2.open();
    await v2.table('profiles').bulkAdd([
      { id: 'p1', name: 'Old Ada', createdAt: 5, ratingChangeCounter: 2 },
      { id: 'p2', name: 'Old Bob', createdAt: 6, ratingChangeCounter: 1 },
    ]);
    await v2.table('ratings').bulkAdd([
      { profileId: 'p1', movieId: 11, rating: 4, updatedAt: 1_000 },
      { profileId: 'p1', movieId: 12, rating: 0.5, updatedAt: 2_000 },
      { profileId: 'p2', movieId: 11, rating: 5, updatedAt: 3_000 },
    ]);
    const vector = { profileId: 'p1', vector: { modelVersion: 'm', bias: 0.1, factors: [1, 2], ratingCount: 2 }, fittedAt: 9, fittedAtChange: 2 };
    await v2.table('userVectors').put(vector);
    await v2.table('settings').put({ key: 'lastProfileId', value: 'p2' });
    v2.close();

    const upgraded = fakeDb.openDb('upgrade');
    await upgraded.open();
    expect(upgraded.verno).toBe(3);
    expect(await listProfiles(upgraded)).toEqual([
      { id: 'p1', name: 'Old Ada', createdAt: 5, ratingChangeCounter: 2 },
      { id: 'p2', name: 'Old Bob', createdAt: 6, ratingChangeCounter: 1 },
    ]);
    expect(await getProfileRatings(upgraded, 'p1')).toEqual([
      { profileId: 'p1', movieId: 11, rating: 4, updatedAt: 1_000 },
      { profileId: 'p1', movieId: 12, rating: 0.5, updatedAt: 2_000 },
    ]);
    expect(await upgraded.ratings.count()).toBe(3);
    expect(await upgraded.userVectors.get('p1')).toEqual(vector);
    expect(await upgraded.settings.get('lastProfileId')).toEqual({ key: 'lastProfileId', value: 'p2' });
    await addToWatchlist(upgraded, 'p1', 13, 10);
    await hideMovie(upgraded, 'p1', 14, 20);
    expect(await upgraded.watchlist.where('[profileId+addedAt]').between(['p1', 0], ['p1', 100]).count()).toBe(1);
    expect(ids(await getHidden(upgraded, 'p1'))).toEqual([14]);
    upgraded.close();
  });
});

describe('export and import of the lists (JSON format version 2)', () => {
  async function seeded() {
    const from = await createProfile(db, 'From');
    await setRating(db, from.id, 862, 4.5, knownMovies);
    await setRating(db, from.id, 11, 2, knownMovies);
    await addToWatchlist(db, from.id, 12, 1_700_000_000_500);
    await addToWatchlist(db, from.id, 13, 1_600_000_000_000);
    await hideMovie(db, from.id, 14, 1_650_000_000_000);
    return from;
  }

  it('round trip: ratings, watchlist and hidden movies come back in another profile, times in seconds', async () => {
    const from = await seeded();
    const text = exportProfileAsJson(
      from.name,
      { ratings: await getProfileRatings(db, from.id), watchlist: await getWatchlist(db, from.id), hidden: await getHidden(db, from.id) },
      new Date('2024-01-01T00:00:00Z'),
    );
    const body = JSON.parse(text);
    expect(body).toMatchObject({ format: 'cinelocal-ratings', version: 2, profile: 'From', exportedAt: '2024-01-01T00:00:00.000Z' });
    expect(EXPORT_FORMAT_VERSION).toBe(2);
    // Oldest first.
    expect(body.watchlist).toEqual([
      { movieId: 13, addedAt: 1_600_000_000 },
      { movieId: 12, addedAt: 1_700_000_000 },
    ]);
    expect(body.hidden).toEqual([{ movieId: 14, hiddenAt: 1_650_000_000 }]);

    const to = await createProfile(db, 'To');
    const report = await importRatings(db, to.id, 'x.json', text, knownMovies);
    expect(report).toMatchObject({
      format: 'json',
      rowsRead: 2,
      imported: 2,
      skipped: [],
      lists: { watchlist: { rowsRead: 2 }, hidden: { rowsRead: 1 } },
      listCounts: { watchlist: { added: 2, unchanged: 0 }, hidden: { added: 1, unchanged: 0 } },
    });
    expect((await getWatchlist(db, to.id)).map((r) => [r.movieId, r.addedAt]).sort()).toEqual([
      [12, 1_700_000_000_000],
      [13, 1_600_000_000_000],
    ]);
    expect((await getHidden(db, to.id)).map((r) => [r.movieId, r.hiddenAt])).toEqual([[14, 1_650_000_000_000]]);
    expect(ids(await getProfileRatings(db, to.id))).toEqual([11, 862]);
    // Importing the same file again changes nothing and says so.
    const again = await importRatings(db, to.id, 'x.json', text, knownMovies);
    expect(again).toMatchObject({ imported: 0, unchanged: 2, listCounts: { watchlist: { added: 0, unchanged: 2 }, hidden: { added: 0, unchanged: 1 } } });
  });

  it('CSV stays ratings only', async () => {
    const from = await seeded();
    const csv = exportRatingsAsCsv(from.name, await getProfileRatings(db, from.id));
    expect(csv.trim().split('\n')).toHaveLength(3);
    expect(parseRatingsImport('x.csv', csv).lists).toEqual({ watchlist: { rowsRead: 0, rows: [] }, hidden: { rowsRead: 0, rows: [] } });
  });

  it('reads version-1 files (ratings only) and bare arrays', async () => {
    const p = await createProfile(db, 'Old file');
    const v1 = JSON.stringify({
      format: 'cinelocal-ratings',
      version: 1,
      profile: 'x',
      exportedAt: '2020-01-01T00:00:00Z',
      ratings: [{ movieId: 11, rating: 4, timestamp: 1 }],
    });
    expect(await importRatings(db, p.id, 'v1.json', v1, knownMovies)).toMatchObject({
      imported: 1,
      skipped: [],
      listCounts: { watchlist: { added: 0 }, hidden: { added: 0 } },
    });
    expect(await importRatings(db, p.id, 'bare.json', JSON.stringify([{ movieId: 12, rating: 3 }]), knownMovies)).toMatchObject({ imported: 1, skipped: [] });
    expect(ids(await getProfileRatings(db, p.id))).toEqual([11, 12]);
    expect(await db.watchlist.count()).toBe(0);
    expect(() => parseRatingsImport('v3.json', JSON.stringify({ version: 3, ratings: [] }))).toThrow(/newer CineLocal .* reads versions 1 to 2/);
    expect(() => parseRatingsImport('bad.json', JSON.stringify({ version: 2, ratings: [], watchlist: { movieId: 11 } }))).toThrow(/"watchlist" must be a list/);
  });

  it('checks list rows like ratings: shape, bounds, time, duplicates, both lists, catalog — and reports each', async () => {
    const p = await createProfile(db, 'Checked');
    const now = Date.UTC(2024, 0, 1);
    const file = JSON.stringify({
      format: 'cinelocal-ratings',
      version: 2,
      ratings: [{ movieId: 11, rating: 4, timestamp: 1 }],
      watchlist: [
        { movieId: 12, addedAt: 100 }, // ok
        { movieId: '13', addedAt: 100 }, // string id
        { movieId: 2 ** 31, addedAt: 100 }, // beyond int32
        { movieId: 12, addedAt: 200 }, // duplicate
        { movieId: 15, addedAt: 1.5 }, // not whole seconds
        { movieId: 16, addedAt: Math.floor(Date.now() / 1000) + 3 * 86_400 }, // future (the real clock bounds it)
        { movieId: 999 }, // not in the catalog
        null,
        { movieId: 862 }, // ok, no time: stamped with the import time
      ],
      hidden: [
        { movieId: 12, hiddenAt: 5 }, // also on the watchlist
        { movieId: 14, hiddenAt: 5 }, // ok
      ],
    });
    const report = await importRatings(db, p.id, 'lists.json', file, knownMovies, now);
    expect(report.skipped.map((s) => [s.list ?? 'ratings', s.row])).toEqual([
      ['watchlist', 2],
      ['watchlist', 3],
      ['watchlist', 4],
      ['watchlist', 5],
      ['watchlist', 6],
      ['watchlist', 7],
      ['watchlist', 8],
      ['hidden', 1],
    ]);
    const reasons = report.skipped.map((s) => s.reason);
    expect(reasons[0]).toMatch(/^watchlist: movieId: must be a number, got "13"/);
    expect(reasons[1]).toMatch(/^watchlist: movieId: /);
    expect(reasons[2]).toMatch(/duplicate: movie 12 is already in row 1/);
    expect(reasons[3]).toMatch(/addedAt: must be whole seconds/);
    expect(reasons[4]).toMatch(/addedAt: .* is in the future/);
    expect(reasons[5]).toMatch(/movie 999 is not in the loaded catalog/);
    expect(reasons[6]).toMatch(/not an object/);
    expect(reasons[7]).toMatch(/^hidden movies: movie 12 is also on the watchlist \(row 1\)/);
    expect(report.listCounts).toEqual({ watchlist: { added: 2, unchanged: 0 }, hidden: { added: 1, unchanged: 0 } });
    expect((await getWatchlist(db, p.id)).map((r) => [r.movieId, r.addedAt]).sort()).toEqual([
      [12, 100_000],
      [862, now],
    ]);
    expect(ids(await getHidden(db, p.id))).toEqual([14]);
  });

  it('an imported watchlist row un-hides the movie and an imported hidden row takes it off the watchlist', async () => {
    const p = await createProfile(db, 'Moves');
    await hideMovie(db, p.id, 11, 1);
    await addToWatchlist(db, p.id, 12, 1);
    const file = JSON.stringify({ version: 2, ratings: [], watchlist: [{ movieId: 11, addedAt: 10 }], hidden: [{ movieId: 12, hiddenAt: 10 }] });
    const report = await importRatings(db, p.id, 'x.json', file, knownMovies);
    expect(report.listCounts).toEqual({ watchlist: { added: 1, unchanged: 0 }, hidden: { added: 1, unchanged: 0 } });
    expect(ids(await getWatchlist(db, p.id))).toEqual([11]);
    expect(ids(await getHidden(db, p.id))).toEqual([12]);
  });

  it('all or nothing: when writing one list row fails, no rating, watchlist or hidden row is kept', async () => {
    const p = await createProfile(db, 'Atomic');
    await setRating(db, p.id, 11, 1, knownMovies);
    await addToWatchlist(db, p.id, 15, 7);
    db.hidden.hook('creating', (_key, record) => {
      if (record.movieId === 14) throw new Error('disk full at hidden movie 14');
    });
    const file = JSON.stringify({
      version: 2,
      ratings: [11, 12, 13].map((movieId) => ({ movieId, rating: 5, timestamp: 1 })),
      watchlist: [{ movieId: 16, addedAt: 1 }],
      hidden: [
        { movieId: 15, hiddenAt: 9 },
        { movieId: 14, hiddenAt: 9 },
      ],
    });
    await expect(importRatings(db, p.id, 'x.json', file, knownMovies)).rejects.toThrow(/disk full at hidden movie 14/);
    expect((await getProfileRatings(db, p.id)).map((r) => [r.movieId, r.rating])).toEqual([[11, 1]]);
    expect((await getWatchlist(db, p.id)).map((r) => [r.movieId, r.addedAt])).toEqual([[15, 7]]);
    expect(await getHidden(db, p.id)).toEqual([]);
    expect((await db.profiles.get(p.id))!.ratingChangeCounter).toBe(1);
  });
});

describe('temporary copies keep the lists (recovery snapshots)', () => {
  it('readSnapshot holds the lists and mergeSnapshot writes them under the mapped profile; the later choice wins', async () => {
    const memory = fakeDb.openDb('memory-copy');
    const tmp = await createProfile(memory, 'Ada');
    await addToWatchlist(memory, tmp.id, 11, 500);
    await hideMovie(memory, tmp.id, 12, 500);
    await addToWatchlist(memory, tmp.id, 13, 100);
    const snapshot = await readSnapshot(memory);
    expect(snapshot.watchlist).toHaveLength(2);
    expect(snapshot.hidden).toHaveLength(1);

    const ada = await createProfile(db, 'ADA');
    await addToWatchlist(db, ada.id, 12, 100); // older than the copy's "hide 12": the copy wins
    await hideMovie(db, ada.id, 13, 900); // newer than the copy's "watchlist 13": the target keeps it
    const result = await mergeSnapshot(db, snapshot);
    expect(result).toMatchObject({ profilesAdded: 0, listEntriesWritten: 2 });
    expect(ids(await getWatchlist(db, ada.id))).toEqual([11]);
    expect(ids(await getHidden(db, ada.id))).toEqual([12, 13]);
    // Merging the same copy again writes nothing.
    expect(await mergeSnapshot(db, snapshot)).toMatchObject({ listEntriesWritten: 0 });
    memory.close();
  });
});

describe('engine: predicted ★ for a list, and hidden movies in "like this"', () => {
  const vector = { modelVersion: 'tiny-1', bias: 0.2, factors: [0.5, -0.3, 0.8, 0.1], ratingCount: 5 };

  it('predictRatings gives the KMF ★ in the order asked, the same as "For you" shows, null without a model vector', async () => {
    const engine = new Engine(await tinyDataset());
    const predicted = await engine.predictRatings(vector, asTmdbIds([12, 999_999, 10, 17]) as TmdbId[]);
    expect(predicted[1]).toBeNull();
    expect(predicted[3]).toBeNull(); // 17 has no model vector
    const forYou = await engine.forYou(vector, { k: 10, ratings: [] });
    const shown = new Map(forYou.map((x) => [x.movie.id, x.predictedRating]));
    expect(predicted[0]).toBeCloseTo(shown.get(12)!, 5);
    expect(predicted[2]).toBeCloseTo(shown.get(10)!, 5);
    const model = engine.data.models.kmf;
    const row = engine.rowOf(asTmdbId(10))!;
    let dot = model.itemBias[row];
    for (let f = 0; f < model.factors; f++) dot += model.itemFactors[row * model.factors + f] * vector.factors[f];
    expect(predicted[2]).toBeCloseTo(ratingFromLogit(model.globalBias + vector.bias + dot), 5);
    expect(await engine.predictRatings(vector, [])).toEqual([]);
  });

  it('hidden ids never appear and do not count as ratings (the newcomer weights stay, the order is kept)', async () => {
    const engine = new Engine(
      await tinyDataset({
        neighbours: [
          [10, 11, 0.5],
          [10, 12, 0.4],
          [10, 16, 0.2],
          [11, 13, 0.9],
        ],
      }),
    );
    const anonymous = await engine.recommend(asTmdbId(10), { vector: null, ratedIds: [], ratings: [] }, { k: 10 });
    const withHidden = await engine.recommend(asTmdbId(10), { vector: null, ratedIds: [], ratings: [], hiddenIds: [11] }, { k: 10 });
    expect(anonymous.map((r) => r.movie.id)).toContain(11);
    expect(withHidden.map((r) => r.movie.id)).toEqual(anonymous.map((r) => r.movie.id).filter((id) => id !== 11));
    expect(withHidden.every((r) => r.reasons.becauseYouRated === null)).toBe(true);
    // Counted as ratings (ratedIds without values count as liked) 11's neighbours would be evidence.
    const asRated = await engine.recommend(asTmdbId(10), { vector: null, ratedIds: [11] }, { k: 10 });
    expect(asRated.find((r) => r.movie.id === 13)?.reasons.becauseYouRated).toBe('Toy Tale 2');
  });
});

describe('the Watchlist view: route and orders', () => {
  it('#/watchlist and #/watchlist?tab=hidden round-trip; another tab shows the watchlist (the page exists)', () => {
    expect(parseRoute('#/watchlist')).toEqual({ view: 'watchlist', tab: 'watchlist' });
    expect(parseRoute('#/watchlist?tab=hidden')).toEqual({ view: 'watchlist', tab: 'hidden' });
    for (const tab of ['watchlist', 'hidden'] as const) expect(parseRoute(routeHref({ view: 'watchlist', tab }))).toEqual({ view: 'watchlist', tab });
    expect(routeHref({ view: 'watchlist', tab: 'watchlist' })).toBe('#/watchlist');
    expect(parseRoute('#/watchlist?tab=secret')).toEqual({ view: 'watchlist', tab: 'watchlist' });
    expect(parseRoute('#/watchlist/hidden')).toEqual({ view: 'not-found', path: '/watchlist/hidden' });
  });

  it('sorts by date added, title, year and predicted ★, unknown values last', () => {
    const movie = (id: number, title: string, year: number | null) => ({ id, title, year, genres: [], popularity: 0, voteAverage: 0, voteCount: 0 });
    const items: WatchlistItem[] = [
      { movieId: 1, addedAt: 10, movie: movie(1, 'beta', 1999), predicted: 3.1 },
      { movieId: 2, addedAt: 30, movie: movie(2, 'Alpha 10', null), predicted: null },
      { movieId: 3, addedAt: 20, movie: null, predicted: 4.5 },
      { movieId: 4, addedAt: 5, movie: movie(4, 'Alpha 9', 2010), predicted: 3.1 },
    ];
    const order = (sort: Parameters<typeof sortWatchlist>[1]) => sortWatchlist(items, sort).map((i) => i.movieId);
    expect(order('added')).toEqual([2, 3, 1, 4]);
    expect(order('title')).toEqual([4, 2, 1, 3]);
    expect(order('year')).toEqual([4, 1, 2, 3]);
    expect(order('predicted')).toEqual([3, 1, 4, 2]);
    expect(items.map((i) => i.movieId)).toEqual([1, 2, 3, 4]);
  });
});
