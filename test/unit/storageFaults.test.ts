// Storage under faults: quota exceeded, an older tab blocking the upgrade, the database deleted while open, no IndexedDB,
// and hostile or malformed imports. Every case checks that nothing is half-applied and that the person is told.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import Dexie from 'dexie';
import fc from 'fast-check';
import Papa from 'papaparse';
import { IDBFactory, IDBKeyRange, IDBObjectStore as FakeObjectStore, forceCloseDatabase } from 'fake-indexeddb';
import { openCineLocalDatabase, SCHEMA_V1 } from '../../src/storage/db';
import {
  createProfile,
  describeStorageError,
  getProfileRatings,
  getSetting,
  listProfiles,
  ratingValueProblem,
  setRating,
  SETTING_KEYS,
  StorageValidationError,
} from '../../src/storage/repository';
import { ImportFileError } from '../../src/history/errors';
import { exportRatingsAsCsv } from '../../src/history/export/cinelocal';
import { importRatings } from '../../src/history/ownImport';
import { MAX_IMPORT_BYTES, MAX_IMPORT_ROWS, parseRatingsImport } from '../../src/history/formats/cinelocal';
import { mergeSnapshot, readSnapshot, restoreAfterDeletion } from '../../src/storage/recovery';
import { createStorageHealthStore, type StorageHealthStore, type StorageNotice } from '../../src/storage/storageHealth';
import { knownMoviesOf, useFakeIndexedDb } from '../helpers/fakeIndexedDb';

const CATALOG = new Set([11, 12, 13, 14, 15, 16, 17, 862]);
const knownMovies = knownMoviesOf(CATALOG);
const fakeDb = useFakeIndexedDb('faults');
const { dependencies, openDb } = fakeDb;
let health: StorageHealthStore;

function quotaError(): DOMException {
  return new DOMException('The quota has been exceeded.', 'QuotaExceededError');
}

/** Makes every object-store put throw QuotaExceededError (as a full disk does) until the returned function is called. */
function exhaustQuota(): () => void {
  const original = FakeObjectStore.prototype.put;
  FakeObjectStore.prototype.put = function put() {
    throw quotaError();
  };
  return () => {
    FakeObjectStore.prototype.put = original;
  };
}

function waitForNotice(store: StorageHealthStore, kind: StorageNotice['kind'], timeoutMs = 5000): Promise<StorageNotice> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const found = store.getSnapshot().find((n) => n.kind === kind);
      if (found) {
        unsubscribe();
        clearTimeout(timer);
        resolve(found);
      }
    };
    const unsubscribe = store.subscribe(check);
    const timer = setTimeout(() => {
      unsubscribe();
      reject(new Error(`no "${kind}" notice within ${timeoutMs} ms; have: ${JSON.stringify(store.getSnapshot().map((n) => n.kind))}`));
    }, timeoutMs);
    check();
  });
}

let restoreQuota: (() => void) | null = null;
beforeEach(() => {
  health = createStorageHealthStore();
});
afterEach(() => {
  restoreQuota?.();
  restoreQuota = null;
});

describe('quota exceeded', () => {
  it('a rating write that hits the quota is refused whole: old value and change counter kept, message says quota; writes work again afterwards', async () => {
    const db = openDb();
    const p = await createProfile(db, 'Quota Quinn');
    await setRating(db, p.id, 11, 3, knownMovies);
    restoreQuota = exhaustQuota();
    const failures: unknown[] = [];
    for (const [movieId, rating] of [
      [11, 5],
      [12, 4],
      [13, 0.5],
    ] as const) {
      await setRating(db, p.id, movieId, rating, knownMovies).catch((error: unknown) => failures.push(error));
    }
    expect(failures).toHaveLength(3);
    for (const error of failures) {
      expect(error).toBeInstanceOf(Dexie.QuotaExceededError);
      expect(describeStorageError(error)).toMatch(/storage quota exceeded\). Nothing stored was lost/);
    }
    restoreQuota();
    restoreQuota = null;
    expect((await getProfileRatings(db, p.id)).map((r) => [r.movieId, r.rating])).toEqual([[11, 3]]);
    expect((await db.profiles.get(p.id))!.ratingChangeCounter).toBe(1);
    await setRating(db, p.id, 12, 4, knownMovies);
    expect((await getProfileRatings(db, p.id)).map((r) => [r.movieId, r.rating]).sort()).toEqual([
      [11, 3],
      [12, 4],
    ]);
    expect((await db.profiles.get(p.id))!.ratingChangeCounter).toBe(2);
  });

  it('a quota error reported by the transaction (asynchronously, mid-bulk) rolls back a whole import', async () => {
    const db = openDb();
    const p = await createProfile(db, 'Bulk Bea');
    await setRating(db, p.id, 11, 1, knownMovies);
    let writesSeen = 0;
    // The third new row "fills the disk": the browser aborts the transaction with QuotaExceededError.
    db.ratings.hook('creating', () => {
      writesSeen += 1;
      if (writesSeen === 3) throw quotaError();
    });
    const csv = ['userId,movieId,rating,timestamp', ...[11, 12, 13, 14, 15, 16].map((id) => `me,${id},4.5,1700000000`)].join('\n');
    const error = await importRatings(db, p.id, 'big.csv', csv, knownMovies).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Dexie.QuotaExceededError);
    expect(describeStorageError(error)).toMatch(/quota/);
    expect((await getProfileRatings(db, p.id)).map((r) => [r.movieId, r.rating])).toEqual([[11, 1]]);
    expect((await db.profiles.get(p.id))!.ratingChangeCounter).toBe(1);
  });

  it('an import while every put throws QuotaExceededError imports nothing', async () => {
    const db = openDb();
    const p = await createProfile(db, 'Full Disk');
    restoreQuota = exhaustQuota();
    const json = JSON.stringify({ format: 'cinelocal-ratings', version: 1, ratings: [11, 12, 13].map((movieId) => ({ movieId, rating: 2, timestamp: 1 })) });
    await expect(importRatings(db, p.id, 'x.json', json, knownMovies)).rejects.toBeInstanceOf(Dexie.QuotaExceededError);
    restoreQuota();
    restoreQuota = null;
    expect(await getProfileRatings(db, p.id)).toEqual([]);
    expect((await db.profiles.get(p.id))!.ratingChangeCounter).toBe(0);
  });
});

describe('rating values and ids (property)', () => {
  it('setRating stores exactly the 0..5 half steps for known ids and refuses everything else, touching nothing', async () => {
    const db = openDb();
    const p = await createProfile(db, 'Prop');
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.double(),
          fc.integer({ min: -3, max: 13 }).map((n) => n / 2),
          fc.constantFrom(NaN, Infinity, -Infinity, -0, 5.0000001, 4.75, 1e308),
        ),
        fc.oneof(fc.constantFrom(...CATALOG), fc.integer(), fc.double(), fc.constantFrom(0, -11, 2 ** 53, 11.5, 999)),
        async (rating, movieId) => {
          const before = await getProfileRatings(db, p.id);
          const counterBefore = (await db.profiles.get(p.id))!.ratingChangeCounter;
          const valid = ratingValueProblem(rating) === null && Number.isSafeInteger(movieId) && CATALOG.has(movieId);
          const outcome = await setRating(db, p.id, movieId, rating, knownMovies).then(
            () => 'stored',
            (error: unknown) => error,
          );
          if (valid) {
            accepted += 1;
            expect(outcome).toBe('stored');
            expect((await db.ratings.get([p.id, movieId]))!.rating).toBe(rating);
          } else {
            expect(outcome).toBeInstanceOf(StorageValidationError);
            expect(['rating', 'movieId']).toContain((outcome as StorageValidationError).field);
            expect(await getProfileRatings(db, p.id)).toEqual(before);
            expect((await db.profiles.get(p.id))!.ratingChangeCounter).toBe(counterBefore);
          }
        },
      ),
      { numRuns: 300, seed: 20240601 },
    );
    expect(accepted).toBeGreaterThan(20);
  });
});

describe('hostile and malformed imports', () => {
  const NOW = Date.UTC(2025, 0, 1);

  it('huge, non-finite, hex, negative and fractional numbers are skipped with the raw cell quoted; scripts stay inert text', async () => {
    const db = openDb();
    const p = await createProfile(db, 'Hostile');
    const rows = [
      'me,862,4.5,1700000000', // ok
      'me,1e999,4,1', // id overflows to Infinity
      'me,9007199254740993,4,1', // id beyond 2^53
      'me,11,1e999,1', // rating overflows to Infinity
      'me,12,NaN,1',
      'me,13,0x4,1',
      'me,14,-0.5,1',
      'me,15,4,99999999999999999999', // timestamp far in the future (Date cannot even show it)
      'me,16,3,-5',
      'me,"<script>window.__pwned=1</script>",4,1',
      'me,17,"<img src=x onerror=alert(1)>",1',
      'me,11,2.0,1.5',
      'me,11,2.0,', // ok (rating 2, no timestamp)
    ];
    const report = await importRatings(db, p.id, '<b>x</b>.csv', ['userId,movieId,rating,timestamp', ...rows].join('\n'), knownMovies, NOW);
    const reasonOf = new Map(report.skipped.map((s) => [s.row, s.reason]));
    expect(report).toMatchObject({ rowsRead: 13, imported: 2, fileName: '<b>x</b>.csv' });
    expect(reasonOf.get(2)).toBe('movieId: movie id must be a positive integer, got "1e999"');
    expect(reasonOf.get(3)).toBe('movieId: movie id "9007199254740993" is too large (over 2^53 − 1)');
    expect(reasonOf.get(4)).toBe('rating: rating must be a number, got "1e999"');
    expect(reasonOf.get(5)).toBe('rating: rating must be a number, got "NaN"');
    expect(reasonOf.get(6)).toBe('rating: rating must be a number, got "0x4"');
    expect(reasonOf.get(7)).toBe('rating: rating -0.5 is outside 0..5');
    expect(reasonOf.get(8)).toMatch(/^timestamp: "99999999999999999999" is in the future/);
    expect(reasonOf.get(9)).toMatch(/^timestamp: must be whole seconds since 1970, got "-5"/);
    expect(reasonOf.get(10)).toBe('movieId: movie id must be a positive integer, got "<script>window.__pwned=1</script>"');
    expect(reasonOf.get(11)).toBe('rating: rating must be a number, got "<img src=x onerror=alert(1)>"');
    expect(reasonOf.get(12)).toMatch(/^timestamp: must be whole seconds/);
    expect(report.skipped).toHaveLength(11);
    const stored = await getProfileRatings(db, p.id);
    expect(stored.map((r) => [r.movieId, r.rating]).sort()).toEqual([
      [11, 2],
      [862, 4.5],
    ]);
    // Every stored timestamp is a real date.
    for (const r of stored) expect(Number.isFinite(new Date(r.updatedAt).getTime())).toBe(true);
  });

  it('JSON: __proto__ keys do not pollute, numbers beyond double range are refused, duplicates keep the first row', async () => {
    const text = `{"__proto__":{"polluted":1},"format":"cinelocal-ratings","version":1,"ratings":[
      {"movieId":11,"rating":4,"__proto__":{"rating":1}},
      {"movieId":12,"rating":1e999},
      {"movieId":11,"rating":5},
      {"movieId":1e400,"rating":3},
      {"movieId":13,"rating":3,"timestamp":1e300}
    ]}`;
    const parsed = parseRatingsImport('x.json', text, NOW);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(parsed.rows).toEqual([{ row: 1, movieId: 11, rating: 4, timestampSeconds: null }]);
    expect(parsed.skipped.map((s) => `${s.row} ${s.reason}`)).toEqual([
      '2 rating: rating must be a number, got 1e999',
      '3 duplicate: movie 11 was already rated in row 1',
      '4 movieId: movie id must be a positive integer, got 1e400',
      expect.stringMatching(/^5 timestamp: 1e300 is in the future/),
    ]);
  });

  it('refuses whole files over the row limit or byte limit before touching the database', async () => {
    const db = openDb();
    const p = await createProfile(db, 'Limits');
    const tooMany = JSON.stringify(Array.from({ length: MAX_IMPORT_ROWS + 1 }, () => ({ movieId: 11, rating: 1 })));
    await expect(importRatings(db, p.id, 'x.json', tooMany, knownMovies)).rejects.toThrow(
      new ImportFileError(`The file has ${MAX_IMPORT_ROWS + 1} ratings; the limit is ${MAX_IMPORT_ROWS}.`),
    );
    // Multi-byte characters count as bytes, not characters.
    const heavy = `movieId,rating\n11,4\n${'é'.repeat(MAX_IMPORT_BYTES / 2)}`;
    expect(heavy.length).toBeLessThan(MAX_IMPORT_BYTES);
    await expect(importRatings(db, p.id, 'x.csv', heavy, knownMovies)).rejects.toThrow(/limit is 5 MB/);
    expect(await getProfileRatings(db, p.id)).toEqual([]);
  });

  it('for any rows, an import either throws ImportFileError or accounts for every row, and stores only valid known ratings (property)', async () => {
    const db = openDb();
    const cell = fc.oneof(
      fc.constantFrom(
        '11',
        '12',
        '13',
        '862',
        '999',
        '4',
        '4.5',
        '0',
        '5',
        '5.5',
        '-1',
        '1e999',
        'NaN',
        '',
        ' 3 ',
        '"',
        ',',
        '\n',
        '<script>',
        '=cmd()',
        '0.25',
      ),
      fc.string({ maxLength: 6 }),
      fc.double().map(String),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(cell, cell, fc.constantFrom('', '1', '1700000000', '-2', '9e99')), { maxLength: 25 }), async (rows) => {
        const profile = await createProfile(db, `prop-${Math.random().toString(36).slice(2, 10)}`);
        const csv = Papa.unparse({ fields: ['userId', 'movieId', 'rating', 'timestamp'], data: rows.map(([m, r, t]) => ['me', m, r, t]) });
        let report;
        try {
          report = await importRatings(db, profile.id, 'prop.csv', csv, knownMovies, NOW);
        } catch (error) {
          expect(error).toBeInstanceOf(ImportFileError);
          expect(await getProfileRatings(db, profile.id)).toEqual([]);
          return;
        }
        expect(report.imported + report.unchanged + report.skipped.length).toBe(report.rowsRead);
        const stored = await getProfileRatings(db, profile.id);
        expect(stored).toHaveLength(report.imported);
        for (const r of stored) {
          expect(ratingValueProblem(r.rating)).toBeNull();
          expect(CATALOG.has(r.movieId)).toBe(true);
          expect(r.updatedAt).toBeLessThanOrEqual(NOW + 86_400_000);
        }
        expect((await db.profiles.get(profile.id))!.ratingChangeCounter).toBe(report.imported);
      }),
      { numRuns: 150, seed: 7 },
    );
  });

  it('CSV export defuses spreadsheet formulas in profile names and still imports back', async () => {
    const db = openDb();
    const p = await createProfile(db, '=HYPERLINK("http://evil","x")');
    await setRating(db, p.id, 11, 4, knownMovies);
    const csv = exportRatingsAsCsv(p.name, await getProfileRatings(db, p.id));
    const [, row] = Papa.parse<string[]>(csv.trim()).data;
    expect(row[0]).toBe(`'=HYPERLINK("http://evil","x")`);
    const q = await createProfile(db, 'Target');
    expect(await importRatings(db, q.id, 'x.csv', csv, knownMovies)).toMatchObject({ imported: 1, skipped: [] });
  });
});

/** An older CineLocal tab: a raw v1 connection (Dexie's native version 10) that ignores versionchange and stays open. */
async function holdOldVersion(name: string): Promise<IDBDatabase> {
  const v1 = new Dexie(name, dependencies());
  v1.version(1).stores(SCHEMA_V1);
  await v1.open();
  await v1.table('profiles').add({ id: 'old-ada', name: 'Ada', createdAt: 1 });
  await v1.table('ratings').bulkAdd([
    { profileId: 'old-ada', movieId: 11, rating: 4, timestamp: 1_000 },
    { profileId: 'old-ada', movieId: 12, rating: 2, timestamp: 1_000 },
  ]);
  await v1.table('settings').put({ key: SETTING_KEYS.lastProfileId, value: 'old-ada' });
  v1.close();
  return new Promise((resolve, reject) => {
    const request = fakeDb.factory.open(name, 10);
    request.onsuccess = () => resolve(request.result as unknown as IDBDatabase);
    request.onerror = () => reject(request.error);
  });
}

describe('opening the database', () => {
  it('blocked by an older tab: starts on a temporary copy within the grace time, says what is at risk, and saves the copy when the old tab closes', async () => {
    const old = await holdOldVersion('blocked');
    const started = performance.now();
    const opened = await openCineLocalDatabase('blocked', { dependencies: dependencies(), blockedGraceMs: 200, health });
    const waitedMs = performance.now() - started;
    expect(waitedMs).toBeLessThan(2000);
    expect(opened.persistent).toBe(false);
    const blocked = health.getSnapshot().find((n) => n.kind === 'blocked');
    expect(blocked?.message).toMatch(/Another CineLocal tab .* keeps the database open/);
    expect(blocked?.message).toMatch(/ratings you make here are saved as soon as the other tab lets go — do not close this tab/);

    // The person keeps going on the temporary copy: same name as the saved profile, one new and one changed rating.
    const temp = await createProfile(opened.db, 'ada');
    await setRating(opened.db, temp.id, 13, 5, knownMovies);
    await setRating(opened.db, temp.id, 12, 3.5, knownMovies);

    old.close();
    const reconnected = await waitForNotice(health, 'reconnected');
    expect(reconnected.message).toMatch(/the 2 ratings made in this tab meanwhile were saved\. Reload/);
    expect(health.getSnapshot().some((n) => n.kind === 'blocked')).toBe(false);
    // Rated after the first save: saved without pressing Reload (write-through), and again by beforeReload.
    await setRating(opened.db, temp.id, 14, 1, knownMovies);
    const real = openDb('blocked');
    await expect.poll(async () => (await real.ratings.get(['old-ada', 14]))?.rating, { timeout: 3000 }).toBe(1);
    await reconnected.beforeReload!();

    expect((await listProfiles(real)).map((p) => p.name)).toEqual(['Ada']);
    expect((await getProfileRatings(real, 'old-ada')).map((r) => [r.movieId, r.rating]).sort()).toEqual([
      [11, 4],
      [12, 3.5],
      [13, 5],
      [14, 1],
    ]);
    expect(await getSetting(real, SETTING_KEYS.lastProfileId, null)).toBe('old-ada');
    // v1→v2 counted 2 migrated ratings; the merge added 3 written ratings.
    expect((await real.profiles.get('old-ada'))!.ratingChangeCounter).toBe(5);
  });

  it('without the grace time running out (old tab closes at once) it opens the real database', async () => {
    const old = await holdOldVersion('polite');
    old.onversionchange = () => old.close();
    const opened = await openCineLocalDatabase('polite', { dependencies: dependencies(), blockedGraceMs: 200, health });
    expect(opened.persistent).toBe(true);
    expect(health.getSnapshot()).toEqual([]);
    expect(await getProfileRatings(opened.db, 'old-ada')).toHaveLength(2);
  });

  it('private mode (open throws, or the request fails): works in memory and says nothing will be kept', async () => {
    const throwing = {
      indexedDB: {
        open: () => {
          throw new DOMException('denied', 'SecurityError');
        },
      } as unknown as IDBFactory,
      IDBKeyRange,
    };
    const failing = new IDBFactory();
    failing.open = () => {
      const request = {
        error: new DOMException('A mutation operation was attempted on a database that did not allow mutations.', 'InvalidStateError'),
      } as unknown as IDBOpenDBRequest;
      setTimeout(() =>
        (request as unknown as { onerror?: (e: Event) => void }).onerror?.({ target: request, preventDefault() {}, stopPropagation() {} } as unknown as Event),
      );
      return request;
    };
    for (const deps of [throwing, { indexedDB: failing, IDBKeyRange }]) {
      const store = createStorageHealthStore();
      const opened = await openCineLocalDatabase(`private-${Math.random()}`, { dependencies: deps, health: store });
      expect(opened.persistent).toBe(false);
      expect(opened.reason).toMatch(/IndexedDB could not be opened: .*(denied|mutation)/);
      expect(store.getSnapshot()[0]).toMatchObject({ kind: 'memory', message: expect.stringMatching(/nothing will be kept after you close it/) });
      const p = await createProfile(opened.db, 'Private Pat');
      await setRating(opened.db, p.id, 11, 4, knownMovies);
      expect(await getProfileRatings(opened.db, p.id)).toHaveLength(1);
    }
  });
});

describe('database deleted while open', () => {
  async function seeded(name: string) {
    const db = openDb(name);
    const ada = await createProfile(db, 'Ada');
    const bob = await createProfile(db, 'Bob');
    for (const id of [11, 12, 13]) await setRating(db, ada.id, id, 4, knownMovies);
    await setRating(db, bob.id, 14, 1, knownMovies);
    await db.settings.put({ key: SETTING_KEYS.lastProfileId, value: ada.id });
    return { db, ada, bob };
  }

  function deleteFromAnotherTab(name: string): Promise<void> {
    return new Promise((resolve, reject) => {
      const request = fakeDb.factory.deleteDatabase(name);
      request.onsuccess = () => resolve();
      request.onerror = () => reject(request.error);
    });
  }

  it('without help, Dexie silently re-opens an EMPTY database (the fault the app must handle)', async () => {
    const { db, ada } = await seeded('deleted-plain');
    await deleteFromAnotherTab('deleted-plain');
    expect(await db.profiles.count()).toBe(0);
    await expect(setRating(db, ada.id, 11, 5, knownMovies)).rejects.toThrow(/no longer exists/);
  });

  it('the shell handler puts back every profile and the open profile’s ratings, and says what could not be recovered', async () => {
    const { db, ada, bob } = await seeded('deleted-restored');
    // What the app shell holds: all profiles (live query) and the active profile's ratings.
    const held = { profiles: await listProfiles(db), ratings: await getProfileRatings(db, ada.id), lastProfileId: ada.id };
    let restoring: Promise<unknown> | null = null;
    db.on('versionchange', (event: IDBVersionChangeEvent) => {
      if (!event.newVersion) restoring = restoreAfterDeletion(db, held, 'Ada', health);
    });
    await deleteFromAnotherTab('deleted-restored');
    expect(restoring).not.toBeNull();
    const restored = await restoring;
    if (restored === null) throw new Error(health.getSnapshot()[0]?.message);
    expect(restored).toMatchObject({ profilesAdded: 2, ratingsWritten: 3 });
    expect(health.getSnapshot()[0].message).toMatch(/deleted outside this tab .* saved back 2 profiles and the 3 ratings of Ada .*other profiles .* gone/);
    const check = openDb('deleted-restored');
    expect((await listProfiles(check)).map((p) => p.name).sort()).toEqual(['Ada', 'Bob']);
    expect((await getProfileRatings(check, ada.id)).map((r) => r.movieId).sort()).toEqual([11, 12, 13]);
    expect(await getProfileRatings(check, bob.id)).toEqual([]);
    expect(await getSetting(check, SETTING_KEYS.lastProfileId, null)).toBe(ada.id);
    // And this tab keeps working on the re-created database.
    await setRating(db, ada.id, 14, 2.5, knownMovies);
    expect(await getProfileRatings(check, ada.id)).toHaveLength(4);
  });

  it('a connection closed by the browser (forceClose) re-opens on the next write, data intact', async () => {
    const { db, ada } = await seeded('force-closed');
    forceCloseDatabase(db.backendDB() as unknown as Parameters<typeof forceCloseDatabase>[0]);
    await setRating(db, ada.id, 15, 3, knownMovies);
    expect(await getProfileRatings(db, ada.id)).toHaveLength(4);
  });
});

describe('mergeSnapshot', () => {
  it('newer rating wins per movie, names map case-insensitively, and a failing write leaves the target untouched', async () => {
    const target = openDb('merge-target');
    const ada = await createProfile(target, 'Ada');
    await target.ratings.bulkPut([
      { profileId: ada.id, movieId: 11, rating: 1, updatedAt: 100 },
      { profileId: ada.id, movieId: 12, rating: 1, updatedAt: 300 },
    ]);
    const snapshot = {
      profiles: [{ id: 'tmp', name: 'ADA', createdAt: 5, ratingChangeCounter: 9 }],
      ratings: [
        { profileId: 'tmp', movieId: 11, rating: 5, updatedAt: 200 },
        { profileId: 'tmp', movieId: 12, rating: 5, updatedAt: 200 },
        { profileId: 'tmp', movieId: 13, rating: 5, updatedAt: 200 },
        { profileId: 'ghost', movieId: 13, rating: 5, updatedAt: 200 },
      ],
      lastProfileId: 'tmp',
    };
    const before = await readSnapshot(target);
    restoreQuota = exhaustQuota();
    await expect(mergeSnapshot(target, snapshot)).rejects.toBeInstanceOf(Dexie.QuotaExceededError);
    restoreQuota();
    restoreQuota = null;
    expect(await readSnapshot(target)).toEqual(before);
    expect(await mergeSnapshot(target, snapshot)).toEqual({ profilesAdded: 0, ratingsWritten: 2, ratingsKept: 1, ratingsOrphaned: 1 });
    expect((await getProfileRatings(target, ada.id)).map((r) => [r.movieId, r.rating]).sort()).toEqual([
      [11, 5],
      [12, 1],
      [13, 5],
    ]);
    expect((await target.profiles.get(ada.id))!.ratingChangeCounter).toBe(2);
  });
});
