// src/history/detect.ts and parse.ts, whatever the format: the CineLocal hand-off, what cannot be imported and why, and
// the row checks every format shares (each format's own rules are in historyFormats<Name>.test.ts).
import { describe, expect, it } from 'vitest';
import { detectImport, parseImport, ImportFileError } from '../../src/history';
import { exportRatingsAsCsv, exportRatingsAsJson } from '../../src/history/export/cinelocal';
import { day, fixture, NOW, parse, textFile } from '../helpers/historyFiles';

const encoder = new TextEncoder();

describe('CineLocal exports are handed back for src/history/ownImport.ts', () => {
  const ratings = [{ profileId: 'p', movieId: 862, rating: 4.5, updatedAt: 1_700_000_000_000 }];

  it('recognises the JSON export', async () => {
    const detected = await detectImport([textFile('cinelocal-ratings-me-2024-01-01.json', exportRatingsAsJson('me', ratings))]);
    expect(detected.kind).toBe('cinelocal');
    if (detected.kind === 'cinelocal') expect(detected.file.name).toBe('cinelocal-ratings-me-2024-01-01.json');
  });

  it('recognises the CSV export', async () => {
    const detected = await detectImport([textFile('mine.csv', exportRatingsAsCsv('me', ratings))]);
    expect(detected.kind).toBe('cinelocal');
  });
});

describe('what cannot be imported', () => {
  it('a random CSV is unknown, with a message naming the file, its header and what was expected', async () => {
    const detected = await detectImport([fixture('random.csv')]);
    expect(detected).toMatchObject({ kind: 'unknown', reason: 'unrecognised' });
    if (detected.kind !== 'unknown') return;
    expect(detected.message).toContain('random.csv is not a rating export this app reads (its header is "id,name,price")');
    expect(detected.message).toContain('Letterboxd');
    expect(detected.message).toContain('Const,Your Rating');
  });

  it('an empty file, or one with only blank lines, says it is empty', async () => {
    for (const bytes of [new Uint8Array(0), encoder.encode('\uFEFF\r\n  \n')]) {
      const detected = await detectImport([{ name: 'ratings.csv', bytes }]);
      expect(detected).toMatchObject({ kind: 'unknown', reason: 'empty', message: expect.stringContaining('ratings.csv is empty') });
    }
  });

  it('no files at all', async () => {
    expect(await detectImport([])).toMatchObject({ kind: 'unknown', reason: 'empty' });
  });

  it('a binary file is not a text file', async () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
    expect(await detectImport([{ name: 'ratings.csv', bytes: png }])).toMatchObject({
      kind: 'unknown',
      reason: 'unreadable',
      message: expect.stringContaining('not a text file'),
    });
  });

  it('files from two services are refused together', async () => {
    const detected = await detectImport([fixture('letterboxd/ratings.csv'), fixture('imdb-ratings.csv')]);
    expect(detected).toMatchObject({ kind: 'unknown', reason: 'mixed' });
    if (detected.kind === 'unknown') expect(detected.message).toContain('Letterboxd: ratings.csv; IMDb: imdb-ratings.csv');
  });

  it('an unknown file next to a recognised one is listed as ignored', async () => {
    const detected = await detectImport([fixture('imdb-ratings.csv'), fixture('random.csv')]);
    expect(detected).toMatchObject({ kind: 'history', source: 'imdb-ratings' });
    expect(detected.ignored).toEqual([{ name: 'random.csv', reason: 'is not a rating export this app reads (its header is "id,name,price")' }]);
  });

  it('invalid JSON is unknown', async () => {
    expect(await detectImport([textFile('x.json', '{"rated_at": ')])).toMatchObject({
      kind: 'unknown',
      message: expect.stringContaining('x.json is not valid JSON'),
    });
  });

  it('a header-only file imports nothing, without error', async () => {
    const history = await parse([textFile('ratings.csv', 'Date,Name,Year,Letterboxd URI,Rating\r\n')]);
    expect(history).toMatchObject({ rows: [], skipped: [], rowsRead: 0 });
  });

  it('rows with an unclosed quote or the wrong number of cells are skipped, the rest read', async () => {
    const text =
      'Const,Your Rating,Title,Title Type,Year\ntt0000001,8,Fine,movie,1995\ntt0000002,8,Comma, unquoted,movie,1996\ntt0000003,8\ntt0000004,7,Fine too,movie,1997\n';
    const history = await parse([textFile('ratings.csv', text)]);
    expect(history.rows.map((r) => r.ids.imdb)).toEqual([1, 4]);
    expect(history.skipped.map((s) => [s.line, s.reason])).toEqual([
      [3, 'row has 6 cells; the header has 5 (a comma in an unquoted title?)'],
      [4, 'row has 2 cells; the header has 5'],
    ]);
  });

  it('a history file that lost a required column throws ImportFileError naming it', () => {
    const detected = {
      kind: 'history' as const,
      source: 'imdb-ratings',
      files: [{ name: 'r.csv', format: 'imdb-ratings' as const, text: 'Const,Title\ntt1,X\n' }],
      ignored: [],
      warnings: [],
    };
    expect(() => parseImport(detected, NOW)).toThrow(ImportFileError);
    expect(() => parseImport(detected, NOW)).toThrow('r.csv lacks the column(s) Your Rating.');
  });

  it('dates in the future or not on the calendar are dropped (the row is kept)', async () => {
    const text = 'Date,Name,Year,Letterboxd URI,Rating\n2099-01-01,A,2000,u,3\n2023-02-30,B,2000,u,3\n2023-02-28,C,2000,u,3\n';
    const history = await parse([textFile('ratings.csv', text)]);
    expect(history.rows.map((r) => r.date)).toEqual([null, null, day('2023-02-28')]);
  });
});
