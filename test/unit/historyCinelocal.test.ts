import { describe, expect, it, beforeEach } from 'vitest';
import { ImportFileError } from '../../src/history/errors';
import Papa from 'papaparse';
import type { CineLocalDatabase } from '../../src/storage/db';
import { createProfile, getProfileRatings, setRating } from '../../src/storage/repository';
import { exportFileName, exportRatingsAsCsv, exportRatingsAsJson } from '../../src/history/export/cinelocal';
import { importRatings } from '../../src/history/ownImport';
import { MAX_IMPORT_BYTES, parseRatingsImport } from '../../src/history/formats/cinelocal';
import { knownMoviesOf, useFakeIndexedDb } from '../helpers/fakeIndexedDb';

const knownMovies = knownMoviesOf([11, 12, 13, 14, 862]);
const fakeDb = useFakeIndexedDb('io');
let db: CineLocalDatabase;

beforeEach(() => {
  db = fakeDb.openDb();
});

describe('export', () => {
  it('writes JSON and CSV that import back identically into another profile (round trip)', async () => {
    const from = await createProfile(db, 'Zoë, "the critic"');
    await setRating(db, from.id, 862, 4.5, knownMovies);
    await setRating(db, from.id, 11, 0, knownMovies);
    await setRating(db, from.id, 13, 3, knownMovies);
    const original = await getProfileRatings(db, from.id);
    const csv = exportRatingsAsCsv(from.name, original);
    const parsedCsv = Papa.parse<string[]>(csv.trim()).data;
    expect(parsedCsv[0]).toEqual(['userId', 'movieId', 'rating', 'timestamp']);
    expect(parsedCsv[1][0]).toBe('Zoë, "the critic"');
    for (const [format, text] of [
      ['json', exportRatingsAsJson(from.name, original)],
      ['csv', csv],
    ] as const) {
      const to = await createProfile(db, `target ${format}`);
      const report = await importRatings(db, to.id, `x.${format}`, text, knownMovies);
      expect(report).toMatchObject({ format, rowsRead: 3, imported: 3, added: 3, skipped: [] });
      const copy = await getProfileRatings(db, to.id);
      const key = (r: { movieId: number; rating: number; updatedAt: number }) => `${r.movieId}:${r.rating}:${Math.floor(r.updatedAt / 1000)}`;
      expect(copy.map(key).sort()).toEqual(original.map(key).sort());
    }
  });

  it('names files safely', () => {
    expect(exportFileName("Zoë O'Brien", 'csv', new Date('2024-03-02T10:00:00Z'))).toBe('cinelocal-ratings-zoe-o-brien-2024-03-02.csv');
    expect(exportFileName('../..', 'json', new Date('2024-03-02T10:00:00Z'))).toBe('cinelocal-ratings-profile-2024-03-02.json');
  });
});

describe('import validation', () => {
  it('reports every skipped row with its reason and imports the rest', async () => {
    const p = await createProfile(db, 'P');
    const csv = [
      'userId,movieId,rating,timestamp',
      'u1,862,4.5,1700000000', // ok
      'u1,11,6,1700000000', // out of range
      'u1,12,3.3,1700000000', // not a half step
      'u1,999,3,1700000000', // unknown id
      'u1,862,2,1700000001', // duplicate
      'u1,abc,2,1', // bad id
      'u2,13,2,1', // other user
      'u1,14,,1', // empty rating
      'u1,13,0,', // ok, rating 0, no timestamp
    ].join('\n');
    const report = await importRatings(db, p.id, 'mine.csv', csv, knownMovies, 42_000);
    expect(report.imported).toBe(2);
    expect(report.skipped.map((s) => s.row)).toEqual([2, 3, 4, 5, 6, 7, 8]);
    const reasons = report.skipped.map((s) => s.reason).join('\n');
    expect(reasons).toMatch(/rating 6 is outside 0\.\.5/);
    expect(reasons).toMatch(/rating 3\.3 is not a half step/);
    expect(reasons).toMatch(/movie 999 is not in the loaded catalog/);
    expect(reasons).toMatch(/duplicate: movie 862 was already rated in row 1/);
    expect(reasons).toMatch(/movieId: movie id must be a positive integer, got "abc"/);
    expect(reasons).toMatch(/another user/);
    const stored = await getProfileRatings(db, p.id);
    expect(stored.map((r) => [r.movieId, r.rating, r.updatedAt]).sort()).toEqual([
      [13, 0, 42_000],
      [862, 4.5, 1_700_000_000_000],
    ]);
  });

  it('rejects files it cannot read at all, importing nothing', async () => {
    expect(() => parseRatingsImport('a.json', '{ nope')).toThrow(ImportFileError);
    expect(() => parseRatingsImport('a.json', '{"hello":1}')).toThrow(/no "ratings" list/);
    expect(() => parseRatingsImport('a.csv', 'id,score\n1,2')).toThrow(/missing: movieId, rating/);
    expect(() => parseRatingsImport('a.csv', '')).toThrow(/empty/);
    expect(() => parseRatingsImport('a.csv', `movieId,rating\n${'1,1\n'.repeat(MAX_IMPORT_BYTES / 4 + 10)}`)).toThrow(/limit is 5 MB/);
    expect(() => parseRatingsImport('a.json', JSON.stringify({ version: 99, ratings: [] }))).toThrow(/newer CineLocal/);
  });

  it('JSON rows must hold numbers', () => {
    const parsed = parseRatingsImport(
      'x.json',
      JSON.stringify([{ movieId: '862', rating: 4 }, { movieId: 862, rating: '4' }, null, { movieId: 862, rating: 4 }]),
    );
    expect(parsed.rows).toEqual([{ row: 4, movieId: 862, rating: 4, timestampSeconds: null }]);
    expect(parsed.skipped.map((s) => s.row)).toEqual([1, 2, 3]);
  });

  it('commits whole or not at all: a failing write rolls back every row', async () => {
    const p = await createProfile(db, 'Atomic');
    await setRating(db, p.id, 11, 1, knownMovies);
    db.ratings.hook('creating', (_key, record) => {
      if (record.movieId === 14) throw new Error('disk full at movie 14');
    });
    const json = JSON.stringify({
      format: 'cinelocal-ratings',
      version: 1,
      ratings: [11, 12, 13, 14].map((movieId) => ({ movieId, rating: 5, timestamp: 1 })),
    });
    await expect(importRatings(db, p.id, 'x.json', json, knownMovies)).rejects.toThrow(/disk full at movie 14/);
    expect((await getProfileRatings(db, p.id)).map((r) => [r.movieId, r.rating])).toEqual([[11, 1]]);
    expect((await db.profiles.get(p.id))!.ratingChangeCounter).toBe(1);
  });

  it('counts added, updated, unchanged and kept against existing ratings: the newer rating wins (the one conflict rule)', async () => {
    const p = await createProfile(db, 'Merge');
    await setRating(db, p.id, 11, 1, knownMovies);
    await setRating(db, p.id, 12, 2, knownMovies);
    await setRating(db, p.id, 14, 2, knownMovies);
    // 12 is rated in the file an hour after it was stored here; 14 in 1970 (older than the stored one); 13 is new.
    const later = Math.floor(Date.now() / 1000) + 3600;
    const report = await importRatings(db, p.id, 'x.csv', `userId,movieId,rating,timestamp\nme,11,1,5\nme,12,4,${later}\nme,13,5,5\nme,14,5,5\n`, knownMovies);
    expect(report).toMatchObject({ added: 1, updated: 1, unchanged: 1, keptMine: 1, imported: 2 });
    expect((await getProfileRatings(db, p.id)).map((r) => [r.movieId, r.rating]).sort((a, b) => a[0] - b[0])).toEqual([
      [11, 1],
      [12, 4],
      [13, 5],
      [14, 2],
    ]);
    expect((await db.profiles.get(p.id))!.ratingChangeCounter).toBe(5);
  });
});
