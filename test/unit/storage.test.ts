import { describe, expect, it, vi } from 'vitest';
import Dexie from 'dexie';
import { SCHEMA_V1 } from '../../src/storage/db';
import {
  clearRating,
  createProfile,
  deleteProfile,
  getProfileRatings,
  getSetting,
  listProfiles,
  newProfileId,
  putSetting,
  ratingValueProblem,
  renameProfile,
  setRating,
  SETTING_KEYS,
  StorageValidationError,
} from '../../src/storage/repository';
import { decideUserVectorAction, refreshUserVector } from '../../src/storage/userVectors';
import type { UserRating, UserVector } from '../../src/engine/types';
import { knownMoviesOf, useFakeIndexedDb } from '../helpers/fakeIndexedDb';

const CATALOG = new Set([11, 12, 13, 14, 15, 16, 17, 862]);
const knownMovies = knownMoviesOf(CATALOG);
const fakeDb = useFakeIndexedDb('test-db');
const openDb = fakeDb.openDb;

describe('profiles', () => {
  it('creates, remembers the last one, renames and refuses duplicate names case-insensitively', async () => {
    const db = openDb();
    const ada = await createProfile(db, '  Ada   Lovelace ');
    expect(ada.name).toBe('Ada Lovelace');
    expect(await getSetting(db, SETTING_KEYS.lastProfileId, null)).toBe(ada.id);
    await expect(createProfile(db, 'ada lovelace')).rejects.toThrow(/already a profile/);
    await expect(createProfile(db, '   ')).rejects.toBeInstanceOf(StorageValidationError);
    const bob = await createProfile(db, 'Bob');
    await expect(renameProfile(db, bob.id, 'ADA LOVELACE')).rejects.toThrow(/already a profile/);
    await renameProfile(db, bob.id, 'Robert');
    expect((await listProfiles(db)).map((p) => p.name)).toEqual(['Ada Lovelace', 'Robert']);
  });

  it('gives new profiles short ids (every key repeats them) and never reuses one that is taken', async () => {
    const db = openDb();
    const ids = new Set<string>();
    for (let i = 0; i < 200; i++) ids.add(newProfileId());
    expect(ids.size).toBe(200);
    for (const id of ids) expect(id).toMatch(/^p[0-9a-z]{7}$/);
    const first = await createProfile(db, 'First');
    expect(first.id).toMatch(/^p[0-9a-z]{7}$/);
    // The random source repeats the first profile's bits once: the clash is seen and a fresh id drawn.
    const bits = Number.parseInt(first.id.slice(1), 36);
    const repeat = [Math.floor(bits / 2 ** 16), bits % 2 ** 16];
    const real = crypto.getRandomValues.bind(crypto);
    let calls = 0;
    const spy = vi.spyOn(crypto, 'getRandomValues').mockImplementation(<T extends ArrayBufferView | null>(array: T): T => {
      if (calls++ === 0 && array instanceof Uint32Array) array.set(repeat);
      else real(array as unknown as Uint32Array<ArrayBuffer>);
      return array;
    });
    try {
      const second = await createProfile(db, 'Second');
      expect(calls).toBeGreaterThanOrEqual(2);
      expect(second.id).not.toBe(first.id);
    } finally {
      spy.mockRestore();
    }
    expect((await listProfiles(db)).map((p) => p.name)).toEqual(['First', 'Second']);
  });

  it('delete removes the profile, its ratings and vector but leaves other profiles alone', async () => {
    const db = openDb();
    const a = await createProfile(db, 'A');
    const b = await createProfile(db, 'B');
    await setRating(db, a.id, 11, 4, knownMovies);
    await setRating(db, b.id, 11, 2, knownMovies);
    await db.userVectors.put({ profileId: a.id, vector: { modelVersion: 'm', bias: 0, factors: [1], ratingCount: 1 }, fittedAt: 1, fittedAtChange: 1 });
    await putSetting(db, SETTING_KEYS.lastProfileId, a.id);
    await deleteProfile(db, a.id);
    expect(await db.profiles.get(a.id)).toBeUndefined();
    expect(await getProfileRatings(db, a.id)).toEqual([]);
    expect(await db.userVectors.get(a.id)).toBeUndefined();
    expect(await getSetting(db, SETTING_KEYS.lastProfileId, null)).toBeNull();
    expect((await getProfileRatings(db, b.id)).map((r) => r.rating)).toEqual([2]);
  });
});

describe('ratings', () => {
  it('skips a write the caller no longer wants (a newer value, or the pagehide flush already made it) and counts only real changes', async () => {
    const db = openDb();
    const p = await createProfile(db, 'Stale');
    const counter = async () => (await db.profiles.get(p.id))!.ratingChangeCounter;
    await setRating(db, p.id, 11, 3, knownMovies, { stillWanted: () => true });
    expect(await counter()).toBe(1);
    await setRating(db, p.id, 11, 2.5, knownMovies, { stillWanted: () => false });
    expect((await getProfileRatings(db, p.id)).map((r) => r.rating)).toEqual([3]);
    expect(await counter()).toBe(1);
    await setRating(db, p.id, 11, 3, knownMovies);
    expect(await counter()).toBe(1);
    await clearRating(db, p.id, 11, { stillWanted: () => false });
    expect((await getProfileRatings(db, p.id)).map((r) => r.rating)).toEqual([3]);
    await clearRating(db, p.id, 11);
    expect(await getProfileRatings(db, p.id)).toEqual([]);
    expect(await counter()).toBe(2);
  });

  it('accepts 0..5 in half steps only', () => {
    for (let i = 0; i <= 10; i++) expect(ratingValueProblem(i / 2)).toBeNull();
    expect(ratingValueProblem(5.5)).toMatch(/outside/);
    expect(ratingValueProblem(-0.5)).toMatch(/outside/);
    expect(ratingValueProblem(3.25)).toMatch(/half step/);
    expect(ratingValueProblem(Number.NaN)).toMatch(/number/);
    expect(ratingValueProblem('4')).toMatch(/number/);
  });

  it('sets, changes and clears one rating per profile+movie and counts changes', async () => {
    const db = openDb();
    const p = await createProfile(db, 'P');
    await setRating(db, p.id, 862, 4.5, knownMovies);
    await setRating(db, p.id, 862, 3, knownMovies);
    await setRating(db, p.id, 862, 3, knownMovies); // same value: no change counted
    expect(await getProfileRatings(db, p.id)).toMatchObject([{ movieId: 862, rating: 3 }]);
    expect((await db.profiles.get(p.id))!.ratingChangeCounter).toBe(2);
    await clearRating(db, p.id, 862);
    expect(await getProfileRatings(db, p.id)).toEqual([]);
    expect((await db.profiles.get(p.id))!.ratingChangeCounter).toBe(3);
  });

  it('rejects invalid values and unknown ids with a message and keeps what was stored', async () => {
    const db = openDb();
    const p = await createProfile(db, 'P');
    await setRating(db, p.id, 11, 4, knownMovies);
    await expect(setRating(db, p.id, 11, 7, knownMovies)).rejects.toThrow(/rating 7 is outside 0\.\.5/);
    await expect(setRating(db, p.id, 11, 2.3, knownMovies)).rejects.toThrow(/half step/);
    await expect(setRating(db, p.id, 999, 3, knownMovies)).rejects.toThrow(/movie id 999 is not in the loaded catalog/);
    await expect(setRating(db, p.id, -4, 3, knownMovies)).rejects.toThrow(/positive integer/);
    expect(await getProfileRatings(db, p.id)).toMatchObject([{ movieId: 11, rating: 4 }]);
  });

  it('two writers (two tabs = two connections) rating at once lose nothing', async () => {
    const tab1 = openDb('shared');
    const tab2 = openDb('shared');
    const p = await createProfile(tab1, 'Shared');
    const ids = [...CATALOG];
    await Promise.all(
      ids.flatMap((id, i) => [
        setRating(tab1, p.id, id, (i % 10) / 2 + 0.5, knownMovies),
        setRating(tab2, p.id, id + 0, ((i + 3) % 10) / 2 + 0.5, knownMovies),
      ]),
    );
    const stored = await getProfileRatings(tab2, p.id);
    expect(stored.map((r) => r.movieId).sort((a, b) => a - b)).toEqual(ids.sort((a, b) => a - b));
    // Every write that changed the value was counted exactly once, whichever tab won.
    expect((await tab1.profiles.get(p.id))!.ratingChangeCounter).toBe(ids.length * 2);
    const disjoint = await createProfile(tab2, 'Disjoint');
    await Promise.all(ids.map((id, i) => setRating(i % 2 === 0 ? tab1 : tab2, disjoint.id, id, 5, knownMovies)));
    expect(await getProfileRatings(tab1, disjoint.id)).toHaveLength(ids.length);
  });
});

describe('schema migration', () => {
  it('opens a version-1 database with the current schema and keeps every profile, rating and setting', async () => {
    const v1 = new Dexie('migrate', fakeDb.dependencies());
    v1.version(1).stores(SCHEMA_V1);
    await v1.open();
    await v1.table('profiles').bulkAdd([
      { id: 'p1', name: 'Old Ada', createdAt: 5 },
      { id: 'p2', name: 'Old Bob', createdAt: 6 },
    ]);
    await v1.table('ratings').bulkAdd([
      { profileId: 'p1', movieId: 11, rating: 4, timestamp: 1_000_000 },
      { profileId: 'p1', movieId: 12, rating: 0.5, timestamp: 2_000_000 },
      { profileId: 'p2', movieId: 11, rating: 5, timestamp: 3_000_000 },
    ]);
    await v1.table('settings').put({ key: SETTING_KEYS.lastProfileId, value: 'p2' });
    v1.close();

    const db = openDb('migrate');
    await db.open();
    expect(db.verno).toBe(3);
    expect(await listProfiles(db)).toMatchObject([
      { id: 'p1', name: 'Old Ada', ratingChangeCounter: 2 },
      { id: 'p2', name: 'Old Bob', ratingChangeCounter: 1 },
    ]);
    const ratings = await getProfileRatings(db, 'p1');
    expect(ratings).toEqual([
      { profileId: 'p1', movieId: 11, rating: 4, updatedAt: 1_000_000_000 },
      { profileId: 'p1', movieId: 12, rating: 0.5, updatedAt: 2_000_000_000 },
    ]);
    expect(await getSetting(db, SETTING_KEYS.lastProfileId, null)).toBe('p2');
    // The new table and index work on migrated data.
    expect(await db.ratings.where('[profileId+updatedAt]').between(['p1', 0], ['p1', 1_500_000_000]).count()).toBe(1);
    await db.userVectors.put({ profileId: 'p1', vector: { modelVersion: 'x', bias: 0, factors: [], ratingCount: 2 }, fittedAt: 1, fittedAtChange: 2 });
    expect(await db.userVectors.count()).toBe(1);
  });
});

describe('user vector trigger', () => {
  const base = { minRatingsForVector: 5, modelVersion: 'm1', refitThreshold: 5 };
  it('waits below the minimum and says how many more ratings it takes', () => {
    expect(decideUserVectorAction({ ...base, ratingCount: 3, stored: null, changeCounter: 3 })).toEqual({
      action: 'wait',
      ratingsNeeded: 2,
      changesSinceFit: 3,
    });
  });
  it('fits on reaching the minimum, keeps until the threshold, refits at it or on a new model version, drops below minimum', () => {
    expect(decideUserVectorAction({ ...base, ratingCount: 5, stored: null, changeCounter: 5 }).action).toBe('fit');
    const stored = { modelVersion: 'm1', fittedAtChange: 5 };
    expect(decideUserVectorAction({ ...base, ratingCount: 9, stored, changeCounter: 9 }).action).toBe('keep');
    expect(decideUserVectorAction({ ...base, ratingCount: 10, stored, changeCounter: 10 }).action).toBe('fit');
    expect(decideUserVectorAction({ ...base, ratingCount: 6, stored: { modelVersion: 'm0', fittedAtChange: 5 }, changeCounter: 6 }).action).toBe('fit');
    expect(decideUserVectorAction({ ...base, ratingCount: 4, stored, changeCounter: 7 }).action).toBe('drop');
  });

  it('refreshUserVector calls fitUser with all ratings and stores the vector with the change counter', async () => {
    const db = openDb();
    const p = await createProfile(db, 'Fit');
    const calls: UserRating[][] = [];
    const engine = {
      modelVersion: 'm1',
      minRatingsForVector: 3,
      fitUser: async (ratings: UserRating[]): Promise<UserVector> => {
        calls.push(ratings);
        return { modelVersion: 'm1', bias: 0.1, factors: [0.5, -0.5], ratingCount: ratings.length };
      },
    };
    await setRating(db, p.id, 11, 4, knownMovies);
    await setRating(db, p.id, 12, 3, knownMovies);
    expect(await refreshUserVector(db, p.id, engine)).toMatchObject({ action: 'wait', ratingsNeeded: 1, vector: null });
    await setRating(db, p.id, 13, 5, knownMovies);
    const fitted = await refreshUserVector(db, p.id, engine);
    expect(fitted.action).toBe('fit');
    expect(calls).toHaveLength(1);
    expect(calls[0].map((r) => r.movieId).sort()).toEqual([11, 12, 13]);
    expect((await db.userVectors.get(p.id))!.fittedAtChange).toBe(3);
    // The default refreshes after every rating; with a threshold of 2, one change keeps the vector.
    await putSetting(db, SETTING_KEYS.vectorRefitThreshold, 2);
    await setRating(db, p.id, 14, 1, knownMovies);
    let reads = 0;
    db.ratings.hook('reading', (record) => ((reads += 1), record));
    expect((await refreshUserVector(db, p.id, engine)).action).toBe('keep');
    // Keeping the vector needs the count, not the ratings (a 45,000-rating history was read back on every start).
    expect(reads).toBe(0);
    await setRating(db, p.id, 15, 1, knownMovies);
    const beforeFit = reads;
    expect((await refreshUserVector(db, p.id, engine)).action).toBe('fit');
    expect(calls[1]).toHaveLength(5);
    expect(reads - beforeFit).toBe(5);
    await putSetting(db, SETTING_KEYS.vectorRefitThreshold, 1);
    await setRating(db, p.id, 16, 2, knownMovies);
    expect((await refreshUserVector(db, p.id, engine)).action).toBe('fit');
    expect((await refreshUserVector(db, p.id, { ...engine, modelVersion: 'm2' })).action).toBe('fit');
  });
});
