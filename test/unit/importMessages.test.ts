// Import and storage messages: a real-shaped quota error gets the storage wording, quoted cells are cut short, number
// cells are echoed as written (ids beyond 2^53), and -0, 1e-400 and a string format version are refused.
import { describe, expect, it } from 'vitest';
import Dexie from 'dexie';
import { parseJsonKeepingNumberText } from '../../src/history/jsonNumberText';
import { ImportFileError } from '../../src/history/errors';
import { importRatings } from '../../src/history/ownImport';
import { parseRatingsImport } from '../../src/history/formats/cinelocal';
import { createProfile, describeStorageError, getProfileRatings, isQuotaError, MAX_QUOTED_CHARS, quoteValue } from '../../src/storage/repository';
import { knownMoviesOf, useFakeIndexedDb } from '../helpers/fakeIndexedDb';

const NOW = Date.UTC(2025, 0, 1);
const QUOTA_WORDING = 'The browser refused to store more data (storage quota exceeded). Nothing stored was lost.';
const fakeDb = useFakeIndexedDb('messages-db');
const reasons = (csvRows: string[]) =>
  parseRatingsImport('x.csv', ['userId,movieId,rating,timestamp', ...csvRows].join('\n'), NOW).skipped.map((s) => `${s.row} ${s.reason}`);

describe('storage failure wording', () => {
  it('a quota error as Chromium reports it (transaction abort, empty message) reads like every other quota message', () => {
    // What Dexie hands the app when Chromium aborts a transaction over quota: AbortError "QuotaExceededError ".
    const domError = new DOMException('', 'QuotaExceededError');
    const abort = new Dexie.AbortError(domError as unknown as string);
    expect(abort.message).toBe('QuotaExceededError ');
    expect(describeStorageError(abort)).toBe(QUOTA_WORDING);
    expect(describeStorageError(domError)).toBe(QUOTA_WORDING);
    expect(describeStorageError(new Dexie.QuotaExceededError())).toBe(QUOTA_WORDING);
    const bulk = new Dexie.BulkError('bulkPut failed', { 3: new Dexie.QuotaExceededError() } as unknown as Error[]);
    expect(isQuotaError(bulk)).toBe(true);
    expect(isQuotaError({ name: 'NS_ERROR_DOM_QUOTA_REACHED' })).toBe(true);
    expect(isQuotaError(new Dexie.AbortError('aborted'))).toBe(false);
  });

  it('other failures say what failed without a dangling " ." and without a megabyte of detail', () => {
    expect(describeStorageError(new Error('Database closed. '))).toBe('Saving failed: Database closed. Nothing stored was lost.');
    expect(describeStorageError(new Error(''))).toBe('Saving failed. Nothing stored was lost.');
    expect(describeStorageError(new Error('x'.repeat(1_000_000))).length).toBeLessThan(300);
  });

  it('an import that hits a transaction-level quota abort reports the storage wording and stores nothing', async () => {
    const db = fakeDb.openDb();
    const p = await createProfile(db, 'Quota');
    db.ratings.hook('creating', () => {
      throw new Dexie.AbortError(new DOMException('', 'QuotaExceededError') as unknown as string);
    });
    const error = await importRatings(db, p.id, 'q.csv', 'movieId,rating\n11,4\n12,3', knownMoviesOf([11, 12]), NOW).catch((e: unknown) => e);
    expect(describeStorageError(error)).toBe(QUOTA_WORDING);
    expect(await getProfileRatings(db, p.id)).toEqual([]);
  });
});

describe('quoted cells', () => {
  it('are cut after 40 characters with "…", without escaping the whole cell', () => {
    expect(quoteValue('abc')).toBe('"abc"');
    expect(quoteValue('y'.repeat(MAX_QUOTED_CHARS))).toBe(`"${'y'.repeat(MAX_QUOTED_CHARS)}"`);
    expect(quoteValue('y'.repeat(5_000_000))).toBe(`"${'y'.repeat(MAX_QUOTED_CHARS)}…"`);
    // Characters, not UTF-16 units: an emoji is never cut in half.
    expect(quoteValue('\u{1F600}'.repeat(50))).toBe(`"${'\u{1F600}'.repeat(MAX_QUOTED_CHARS)}…"`);
    expect(quoteValue({ a: 'z'.repeat(100) })).toBe(`{"a":"${'z'.repeat(MAX_QUOTED_CHARS - 6)}…`);
    expect(quoteValue(undefined)).toBe('undefined');
  });

  it('megabyte cells give short reasons (a 4.9 MB cell used to put 5.1 million characters into the live region)', () => {
    const huge = 'x'.repeat(1_200_000);
    const all = reasons([`me,${huge},4,1`, `me,11,${huge},1`, `me,12,4,${huge}`, `${huge},13,4,1`]).join('\n');
    expect(all.length).toBeLessThan(1000);
    expect(all).toContain(`1 movieId: movie id must be a positive integer, got "${'x'.repeat(40)}…"`);
    expect(all).toContain(`2 rating: rating must be a number, got "${'x'.repeat(40)}…"`);
    expect(all).toContain(`3 timestamp: must be whole seconds since 1970, got "${'x'.repeat(40)}…"`);
    expect(all).toContain(`4 belongs to another user (userId "${'x'.repeat(40)}…")`);
    const json = JSON.stringify({
      format: 'cinelocal-ratings',
      version: 1,
      ratings: [
        { movieId: huge, rating: 4 },
        { movieId: 11, rating: [huge] },
      ],
    });
    const jsonReasons = parseRatingsImport('x.json', json, NOW)
      .skipped.map((s) => s.reason)
      .join('\n');
    expect(jsonReasons.length).toBeLessThan(300);
  });
});

describe('number cells', () => {
  it('echo ids beyond 2^53 as written, in CSV and in JSON', () => {
    expect(reasons(['me,9007199254740993,4,1'])).toEqual(['1 movieId: movie id "9007199254740993" is too large (over 2^53 − 1)']);
    const json =
      '{"format":"cinelocal-ratings","version":1,"ratings":[{"movieId":9007199254740993,"rating":4},{"movieId":123456789012345678901234567890,"rating":4}]}';
    expect(parseRatingsImport('x.json', json, NOW).skipped.map((s) => s.reason)).toEqual([
      'movieId: movie id 9007199254740993 is too large (over 2^53 − 1)',
      'movieId: movie id 123456789012345678901234567890 is too large (over 2^53 − 1)',
    ]);
  });

  it('refuse -0 and numbers that underflow to 0 (1e-400), in every field, CSV and JSON', () => {
    expect(reasons(['me,11,-0,1', 'me,12,1e-400,1', 'me,13,-0.0,1', 'me,14,4,-0', 'me,15,4,1e-400', 'me,-0,4,1', 'me,16,0.0000,1', 'me,17,0,0'])).toEqual([
      '1 rating: "-0" is a negative zero',
      '2 rating: "1e-400" is too small to store exactly (it would become 0)',
      '3 rating: "-0.0" is a negative zero',
      '4 timestamp: must be whole seconds since 1970, got "-0"',
      '5 timestamp: must be whole seconds since 1970, got "1e-400"',
      '6 movieId: "-0" is a negative zero',
    ]);
    const json =
      '[{"movieId":11,"rating":-0},{"movieId":12,"rating":1e-400},{"movieId":13,"rating":0.5e-400},{"movieId":14,"rating":0,"timestamp":-0},{"movieId":15,"rating":0e5}]';
    const parsed = parseRatingsImport('x.json', json, NOW);
    expect(parsed.skipped.map((s) => `${s.row} ${s.reason}`)).toEqual([
      '1 rating: -0 is a negative zero',
      '2 rating: 1e-400 is too small to store exactly (it would become 0)',
      '3 rating: 0.5e-400 is too small to store exactly (it would become 0)',
      '4 timestamp: must be whole seconds since 1970, got -0',
    ]);
    expect(parsed.rows).toEqual([{ row: 5, movieId: 15, rating: 0, timestampSeconds: null }]);
  });

  it('refuse a format version that is not a whole number this CineLocal knows', () => {
    const file = (version: string) => `{"format":"cinelocal-ratings","version":${version},"ratings":[{"movieId":11,"rating":4}]}`;
    expect(() => parseRatingsImport('x.json', file('"99"'), NOW)).toThrow(
      new ImportFileError('The file\'s format version must be a number, got "99"; this CineLocal reads versions 1 to 2.'),
    );
    expect(() => parseRatingsImport('x.json', file('"1"'), NOW)).toThrow(/must be a number, got "1"/);
    expect(() => parseRatingsImport('x.json', file('null'), NOW)).toThrow(/must be a number, got null/);
    expect(() => parseRatingsImport('x.json', file('99'), NOW)).toThrow(/newer CineLocal \(format version 99\)/);
    expect(() => parseRatingsImport('x.json', file('1e400'), NOW)).toThrow(/newer CineLocal \(format version 1e400\)/);
    for (const bad of ['0', '-1', '0.5', '-0', '1e-400'])
      expect(() => parseRatingsImport('x.json', file(bad), NOW), bad).toThrow(`format version ${bad} is not one CineLocal ever wrote`);
    expect(parseRatingsImport('x.json', file('1'), NOW).rows).toHaveLength(1);
    expect(parseRatingsImport('x.json', file('1.0'), NOW).rows).toHaveLength(1);
    // Without a version (hand-written files) the wrapper is still read.
    expect(parseRatingsImport('x.json', '{"ratings":[{"movieId":11,"rating":4}]}', NOW).rows).toHaveLength(1);
  });
});

describe('parseJsonKeepingNumberText', () => {
  it('gives the value JSON.parse gives, with the source text of every member and element number', () => {
    const text = ' {"a": [1, -0, 1e-400, 9007199254740993, {"b": 2.50}], "s": "x\\"y\\\\", "t": true, "f": false, "n": null, "e": {}, "z": [] } ';
    const { value, numberText } = parseJsonKeepingNumberText(text);
    expect(value).toEqual(JSON.parse(text));
    const a = (value as { a: unknown[] }).a;
    expect([...numberText.get(a)!]).toEqual([
      ['0', '1'],
      ['1', '-0'],
      ['2', '1e-400'],
      ['3', '9007199254740993'],
    ]);
    expect(numberText.get(a[4] as object)!.get('b')).toBe('2.50');
  });

  it('keeps "__proto__" an ordinary key, lets a repeated key win like JSON.parse, and survives deep nesting', () => {
    const { value, numberText } = parseJsonKeepingNumberText('{"__proto__":{"polluted":1},"k":1,"k":"two"}');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.keys(value as object)).toEqual(['__proto__', 'k']);
    expect((value as { k: unknown }).k).toBe('two');
    expect(numberText.get(value as object)?.get('k')).toBeUndefined();
    const deep = `${'['.repeat(200_000)}1${']'.repeat(200_000)}`;
    expect(() => parseJsonKeepingNumberText(deep)).not.toThrow();
  });

  it('matches JSON.parse on random JSON (property)', async () => {
    const fc = (await import('fast-check')).default;
    fc.assert(
      fc.property(fc.json(), (text) => {
        expect(parseJsonKeepingNumberText(text).value).toEqual(JSON.parse(text));
      }),
      { numRuns: 1000, seed: 20250109 },
    );
  });
});
