// The messages of issue 21 item 10: sizes over a limit, ids too large, import counts that add up with list rows,
// IndexedDB failures in words, and a database that never answers.
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { importReportSummary } from '../../src/app/import/importReportSummary';
import { describeError, openCineLocalDatabase } from '../../src/storage/db';
import { fileTooLargeText, MAX_IMPORT_BYTES, parseRatingsImport } from '../../src/history/formats/cinelocal';
import { importRatings } from '../../src/history/ownImport';
import { createProfile, getProfileRatings, setRating } from '../../src/storage/repository';
import { createStorageHealthStore } from '../../src/storage/storageHealth';
import { movieIdProblem, overLimitText } from '../../src/storage/validation';
import { useFakeIndexedDb } from '../helpers/fakeIndexedDb';

const fakeDb = useFakeIndexedDb('messages-db');
const knownMovies = async (ids: number[]) => ids.filter((id) => id < 1000);

describe('sizes over a limit', () => {
  it('never read as equal to the limit: megabytes rounded up, with the exact bytes', () => {
    expect(fileTooLargeText(5_242_950)).toBe('The file is 5.1 MB (5,242,950 bytes); the limit is 5 MB (5,242,880 bytes).');
    expect(overLimitText(MAX_IMPORT_BYTES + 1, MAX_IMPORT_BYTES)).toMatch(/^5\.1 MB \(5,242,881 bytes\)/);
    expect(overLimitText(150 * 1048576, 100 * 1048576)).toBe('150 MB (157,286,400 bytes); the limit is 100 MB (104,857,600 bytes)');
    expect(() => parseRatingsImport('big.csv', 'x'.repeat(5_242_950))).toThrow('The file is 5.1 MB (5,242,950 bytes); the limit is 5 MB (5,242,880 bytes).');
  });
});

describe('movie ids', () => {
  it('2^53 and above are "too large", not "not a positive integer"', () => {
    expect(movieIdProblem(2 ** 53)).toBe('movie id 9007199254740992 is too large (over 2^53 − 1)');
    expect(movieIdProblem(1e308, '"1e308"')).toBe('movie id "1e308" is too large (over 2^53 − 1)');
    expect(movieIdProblem(2 ** 53 - 1)).toBeNull();
    expect(movieIdProblem(Infinity)).toMatch(/^movie id must be a positive integer/);
    expect(movieIdProblem(-5)).toBe('movie id must be a positive integer, got -5');
    expect(movieIdProblem(1.5)).toBe('movie id must be a positive integer, got 1.5');
  });
});

describe('import counts', () => {
  it('add up when watchlist rows are among the skipped ("Imported 1 of 8 rows … Skipped 8" did not)', async () => {
    const db = fakeDb.openDb();
    const p = await createProfile(db, 'Counter');
    const ratings = [
      { movieId: 11, rating: 4, timestamp: 1_700_000_000 },
      ...Array.from({ length: 7 }, (_, i) => ({ movieId: 5000 + i, rating: 3, timestamp: 1_700_000_000 })),
    ];
    const text = JSON.stringify({
      format: 'cinelocal-ratings',
      version: 2,
      profile: 'x',
      exportedAt: '2024-01-01T00:00:00Z',
      ratings,
      watchlist: [{ movieId: 9999, addedAt: 1_700_000_000 }],
      hidden: [],
    });
    const report = await importRatings(db, p.id, 'mixed.json', text, knownMovies, Date.now());
    const summary = importReportSummary(report);
    expect(summary.headline).toBe('Imported 1 of 8 rating rows and 0 of 1 watchlist row from “mixed.json”');
    expect(summary.skipped).toBe('Skipped 8 (7 rating rows, 1 watchlist row):');
    expect(summary.detail).toBe('(1 new, 0 changed, 0 already the same; watchlist: 0 added, 0 already there)');
    expect(report.imported + report.unchanged + report.skipped.filter((s) => s.list === undefined).length).toBe(report.rowsRead);
    // A ratings-only file keeps the short form (its counts already add up).
    const plain = await importRatings(
      db,
      p.id,
      'plain.json',
      JSON.stringify({ format: 'cinelocal-ratings', version: 1, ratings: ratings.slice(0, 3) }),
      knownMovies,
      Date.now(),
    );
    expect(importReportSummary(plain)).toEqual({
      headline: 'Imported 0 of 3 rows from “plain.json”',
      detail: '(0 new, 0 changed, 1 already the same)',
      skipped: 'Skipped 2:',
    });
  });
});

describe('IndexedDB failures', () => {
  it('are said in words, with the browser’s own name after them, never as a bare "blocked"', () => {
    expect(describeError(new Error('blocked'))).toBe('another CineLocal tab kept the database from opening (blocked)');
    expect(describeError('blocked')).toBe('another CineLocal tab kept the database from opening (blocked)');
    expect(describeError(new DOMException('denied', 'SecurityError'))).toBe(
      'the browser does not let this site store data (privacy settings, or the page is sandboxed) (SecurityError: denied)',
    );
    expect(describeError({ name: 'OpenFailedError', message: 'x', inner: { name: 'UnknownError', message: 'Internal error.' } })).toBe(
      'the browser’s storage failed (restarting the browser can help) (UnknownError: Internal error)',
    );
    expect(describeError(new TypeError('weird'))).toBe('the browser reported “TypeError: weird”');
    expect(describeError(undefined)).toBe('the browser gave no reason');
  });

  it('a database that never answers: gives up after the bound, says why, and works for the session', async () => {
    const silent = new IDBFactory();
    silent.open = () => ({}) as IDBOpenDBRequest; // never succeeds, fails nor reports blocked
    const health = createStorageHealthStore();
    const started = Date.now();
    const opened = await openCineLocalDatabase(`silent-${Math.random()}`, { dependencies: { indexedDB: silent, IDBKeyRange }, health, openTimeoutMs: 200 });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(opened.persistent).toBe(false);
    expect(health.getSnapshot()[0].message).toMatch(/^The browser’s database did not answer within 0 s .*works for this session only/);
    const p = await createProfile(opened.db, 'Session Sam');
    await setRating(opened.db, p.id, 11, 4, knownMovies);
    expect(await getProfileRatings(opened.db, p.id)).toHaveLength(1);
  });
});
