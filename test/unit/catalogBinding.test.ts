// Ratings belong to the catalog id space they were made on: switching demo ↔ TMDB parks them and brings them back,
// and nothing is re-attached to another movie with the same number.
import { describe, expect, it } from 'vitest';
import { bindProfileToCatalog, describeCatalogSwitch, idSpaceOf } from '../../src/storage/catalogBinding';
import { addToWatchlist, getHidden, getWatchlist, hideMovie } from '../../src/storage/movieLists';
import { createProfile, getProfileRatings, setRating } from '../../src/storage/repository';
import { useFakeIndexedDb } from '../helpers/fakeIndexedDb';

const fakeDb = useFakeIndexedDb();
const anyMovie = async (ids: number[]) => ids;

describe('catalog binding', () => {
  it('maps dataset kinds to id spaces', () => {
    expect(idSpaceOf('demo')).toBe('demo');
    expect(idSpaceOf('kaggle')).toBe('tmdb');
  });

  it('binds a profile from before v3 to the first catalog it meets, keeping its lists', async () => {
    const db = fakeDb.openDb();
    const p = await createProfile(db, 'Old');
    await setRating(db, p.id, 862, 4, anyMovie);
    expect(await bindProfileToCatalog(db, p.id, 'demo')).toMatchObject({ from: null, to: 'demo' });
    expect(await getProfileRatings(db, p.id)).toHaveLength(1);
    // Same space again: nothing happens.
    expect(await bindProfileToCatalog(db, p.id, 'demo')).toBeNull();
  });

  it('parks demo ratings and lists on a switch to TMDB ids, and brings them back on the way back', async () => {
    const db = fakeDb.openDb();
    const p = await createProfile(db, 'Switcher');
    await bindProfileToCatalog(db, p.id, 'demo');
    // Demo movie 862 is not TMDB's Toy Story (862).
    await setRating(db, p.id, 862, 1.5, anyMovie);
    await setRating(db, p.id, 40001, 5, anyMovie);
    await addToWatchlist(db, p.id, 40002);
    await hideMovie(db, p.id, 40003);
    const counterBefore = (await db.profiles.get(p.id))!.ratingChangeCounter;

    const toTmdb = await bindProfileToCatalog(db, p.id, 'tmdb');
    expect(toTmdb).toMatchObject({
      from: 'demo',
      to: 'tmdb',
      parked: { ratings: 2, watchlist: 1, hidden: 1 },
      restored: { ratings: 0, watchlist: 0, hidden: 0 },
    });
    expect(await getProfileRatings(db, p.id)).toEqual([]);
    expect(await getWatchlist(db, p.id)).toEqual([]);
    expect(await getHidden(db, p.id)).toEqual([]);
    expect((await db.profiles.get(p.id))!.ratingChangeCounter).toBeGreaterThan(counterBefore);
    expect(describeCatalogSwitch(toTmdb!)).toMatch(/2 ratings, 1 watchlist entry, 1 hidden movie made on the demo catalog are kept aside/);

    // A real rating of TMDB 862 (Toy Story) is its own record, not the demo one.
    await setRating(db, p.id, 862, 4.5, anyMovie);
    const back = await bindProfileToCatalog(db, p.id, 'demo');
    expect(back).toMatchObject({ from: 'tmdb', parked: { ratings: 1 }, restored: { ratings: 2, watchlist: 1, hidden: 1 } });
    expect((await getProfileRatings(db, p.id)).map((r) => [r.movieId, r.rating]).sort((a, b) => a[0] - b[0])).toEqual([
      [862, 1.5],
      [40001, 5],
    ]);
    expect((await getWatchlist(db, p.id)).map((r) => r.movieId)).toEqual([40002]);
    expect(describeCatalogSwitch(back!)).toMatch(/are back/);

    const again = await bindProfileToCatalog(db, p.id, 'tmdb');
    expect(again).toMatchObject({ restored: { ratings: 1 } });
    expect((await getProfileRatings(db, p.id)).map((r) => [r.movieId, r.rating])).toEqual([[862, 4.5]]);
  });
});
