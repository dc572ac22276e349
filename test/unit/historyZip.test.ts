// Export ZIPs: Letterboxd/Trakt archives built in the test are expanded; bombs, oversize and damaged archives are refused.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { zipSync, type Zippable } from 'fflate';
import { describe, expect, it } from 'vitest';
import { detectImport, MAX_ARCHIVE_ENTRIES, parseImport } from '../../src/history';
import { readZip } from '../../src/history/zip';

const FIXTURES = join(import.meta.dirname, '../fixtures/imports');
const fixtureBytes = (path: string) => new Uint8Array(readFileSync(join(FIXTURES, path)));
const encoder = new TextEncoder();

function letterboxdZip(extra: Zippable = {}): Uint8Array {
  return zipSync({
    'ratings.csv': fixtureBytes('letterboxd/ratings.csv'),
    'diary.csv': fixtureBytes('letterboxd/diary.csv'),
    'watched.csv': fixtureBytes('letterboxd/watched.csv'),
    'watchlist.csv': fixtureBytes('letterboxd/watchlist.csv'),
    'profile.csv': encoder.encode(
      'Date Joined,Username,Given Name,Family Name,Email Address,Location,Website,Bio,Pronoun,Favorite Films\n2020-01-01,me,,,,,,,,\n',
    ),
    'reviews.csv': encoder.encode('Date,Name,Year,Letterboxd URI,Rating,Rewatch,Review,Tags,Watched Date\n'),
    'lists/best-of-2023.csv': encoder.encode('Letterboxd list export v7\nDate,Name,Tags,URL,Description\n'),
    'likes/films.csv': encoder.encode('Date,Name,Year,Letterboxd URI\n2023-01-01,Heat,1995,u\n'),
    'deleted/diary.csv': encoder.encode('Date,Name,Year,Letterboxd URI,Rating,Rewatch,Tags,Watched Date\n'),
    // Noise a Mac adds when re-zipping: skipped without being listed.
    '__MACOSX/._ratings.csv': new Uint8Array([0, 5, 22, 7, 0, 2]),
    '.DS_Store': new Uint8Array([0, 0, 0, 1]),
    ...extra,
  });
}

/** Entry offsets of a ZIP's central directory, to forge declared sizes. */
function centralEntries(zip: Uint8Array): number[] {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const offsets: number[] = [];
  for (let at = 0; at + 4 <= zip.length; at++) if (view.getUint32(at, true) === 0x02014b50) offsets.push(at);
  return offsets;
}

function forgeUncompressedSize(zip: Uint8Array, size: number): Uint8Array {
  const forged = zip.slice();
  const view = new DataView(forged.buffer);
  for (const at of centralEntries(forged)) view.setUint32(at + 24, size, true);
  return forged;
}

describe('ZIP exports', () => {
  it('a Letterboxd export ZIP is expanded, its history files read and the rest listed as ignored (macOS noise unlisted)', async () => {
    const detected = await detectImport([{ name: 'letterboxd-me-2024-01-01-utc.zip', bytes: letterboxdZip() }]);
    expect(detected).toMatchObject({ kind: 'history', source: 'letterboxd' });
    if (detected.kind !== 'history') return;
    expect(detected.files.map((f) => [f.name, f.format])).toEqual([
      ['ratings.csv', 'letterboxd-ratings'],
      ['diary.csv', 'letterboxd-diary'],
      ['watched.csv', 'letterboxd-watched'],
      ['watchlist.csv', 'letterboxd-watchlist'],
    ]);
    expect(detected.ignored.map((i) => i.name).sort()).toEqual([
      'deleted/diary.csv',
      'likes/films.csv',
      'lists/best-of-2023.csv',
      'profile.csv',
      'reviews.csv',
    ]);
    const history = parseImport(detected, Date.UTC(2024, 0, 1));
    expect(history.rows.find((r) => r.title === 'Toy Story')).toMatchObject({ rating: 4.5, file: 'ratings.csv' });
    expect(history.rows).toHaveLength(16);
  });

  it('the same export picked as loose CSVs reads the same rows as the ZIP', async () => {
    const names = ['ratings.csv', 'diary.csv', 'watched.csv', 'watchlist.csv'];
    const loose = await detectImport(names.map((n) => ({ name: n, bytes: fixtureBytes(`letterboxd/${n}`) })));
    const zipped = await detectImport([{ name: 'export.zip', bytes: letterboxdZip() }]);
    if (loose.kind !== 'history' || zipped.kind !== 'history') throw new Error('not letterboxd');
    expect(parseImport(zipped).rows).toEqual(parseImport(loose).rows);
  });

  it('a Trakt export ZIP in a folder, with stored (uncompressed) entries', async () => {
    const zip = zipSync(
      {
        'trakt-me/ratings-movies.json': fixtureBytes('trakt/ratings-movies.json'),
        'trakt-me/ratings-shows.json': fixtureBytes('trakt/ratings-shows.json'),
        'trakt-me/watchlist-movies.json': fixtureBytes('trakt/watchlist-movies.json'),
        'trakt-me/history-1.json': encoder.encode('[]'),
        'trakt-me/avatar.png': new Uint8Array([0x89, 0x50, 0x4e, 0x47]),
      },
      { level: 0 },
    );
    const detected = await detectImport([{ name: 'trakt.zip', bytes: zip }]);
    expect(detected).toMatchObject({ kind: 'history', source: 'trakt' });
    expect(detected.ignored).toEqual([
      { name: 'trakt.zip/trakt-me/avatar.png', reason: 'not a CSV or JSON file' },
      { name: 'trakt-me/ratings-shows.json', reason: 'Trakt shows, seasons or episodes (only movies are imported)' },
      { name: 'trakt-me/history-1.json', reason: 'an empty Trakt list' },
    ]);
  });

  it('refuses an archive declaring more than 100 MB uncompressed before inflating anything', async () => {
    const zip = forgeUncompressedSize(zipSync({ 'ratings.csv': encoder.encode('Date,Name,Year,Letterboxd URI,Rating\n') }), 150 * 1024 * 1024);
    const detected = await detectImport([{ name: 'big.zip', bytes: zip }]);
    expect(detected).toMatchObject({ kind: 'unknown', reason: 'too-large' });
    if (detected.kind === 'unknown')
      expect(detected.message).toBe('big.zip would expand to 150 MB (157,286,400 bytes); the limit is 100 MB (104,857,600 bytes); an export is a few MB.');
  });

  it('refuses a zip bomb whose entry lies about its size, and stops inflating at the declared size', async () => {
    // 16 MB of zeros deflate to ~16 KB; the directory claims 1 KB.
    const zeros = new Uint8Array(16 * 1024 * 1024);
    const bomb = forgeUncompressedSize(zipSync({ 'ratings.csv': zeros }, { level: 9 }), 1024);
    expect(bomb.length).toBeLessThan(200_000);
    const started = performance.now();
    await expect(readZip('bomb.zip', bomb)).rejects.toThrow(
      'bomb.zip is refused: ratings.csv expands past the size it declares (1024 bytes), as a zip bomb does.',
    );
    // Stopping at the first chunk, not inflating 16 MB: far under the time a full inflate takes on a loaded machine.
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(await detectImport([{ name: 'bomb.zip', bytes: bomb }])).toMatchObject({ kind: 'unknown', reason: 'too-large' });
  });

  it(`refuses an archive with more than ${MAX_ARCHIVE_ENTRIES} entries`, async () => {
    const many: Zippable = {};
    for (let i = 0; i <= MAX_ARCHIVE_ENTRIES; i++) many[`f${i}.csv`] = encoder.encode('a\n');
    const detected = await detectImport([{ name: 'many.zip', bytes: zipSync(many) }]);
    expect(detected).toMatchObject({
      kind: 'unknown',
      reason: 'too-large',
      message: `many.zip has ${MAX_ARCHIVE_ENTRIES + 1} entries; an export has far fewer, and the limit is ${MAX_ARCHIVE_ENTRIES}.`,
    });
  });

  it('a truncated or damaged archive is unreadable, with the archive named', async () => {
    const zip = letterboxdZip();
    expect(await detectImport([{ name: 'cut.zip', bytes: zip.subarray(0, zip.length >> 1) }])).toMatchObject({
      kind: 'unknown',
      reason: 'unreadable',
      message: expect.stringContaining('cut.zip is not a readable ZIP archive'),
    });
    const flipped = zip.slice();
    // Corrupt the first entry's deflate data (the local header is 30 bytes + the name).
    for (let i = 30 + 'ratings.csv'.length; i < 30 + 'ratings.csv'.length + 40; i++) flipped[i] ^= 0xff;
    const detected = await detectImport([{ name: 'flipped.zip', bytes: flipped }]);
    expect(detected).toMatchObject({ kind: 'unknown', reason: expect.stringMatching(/unreadable|too-large/) });
  });

  it('a spreadsheet workbook (a ZIP of XML) gets a "save it as CSV" message', async () => {
    const xlsx = zipSync({ '[Content_Types].xml': encoder.encode('<Types/>'), 'xl/workbook.xml': encoder.encode('<workbook/>') });
    const detected = await detectImport([{ name: 'ratings.xlsx', bytes: xlsx }]);
    expect(detected).toMatchObject({ kind: 'unknown', message: expect.stringContaining('ratings.xlsx is a spreadsheet workbook') });
  });

  it('a ZIP with nothing to import says what it expected', async () => {
    const detected = await detectImport([{ name: 'photos.zip', bytes: zipSync({ 'a.jpg': new Uint8Array([1, 2, 3]) }) }]);
    expect(detected).toMatchObject({
      kind: 'unknown',
      reason: 'empty',
      message: expect.stringContaining('photos.zip holds no CSV or JSON files. Expected a Letterboxd export'),
    });
  });
});
