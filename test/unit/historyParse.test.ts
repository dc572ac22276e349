// History imports: recognising each service's export and reading it into neutral rows (fixtures in test/fixtures/imports).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectImport, ImportFileError, parseImport, type DetectedImport, type ImportSource, type InputFile, type ParsedHistory } from '../../src/history';
import { exportRatingsAsCsv, exportRatingsAsJson } from '../../src/history/export/cinelocal';

const FIXTURES = join(import.meta.dirname, '../fixtures/imports');
const NOW = Date.UTC(2024, 0, 1);
const encoder = new TextEncoder();

function fixture(path: string): InputFile {
  return { name: path.split('/').pop()!, bytes: new Uint8Array(readFileSync(join(FIXTURES, path))) };
}

function textFile(name: string, text: string): InputFile {
  return { name, bytes: encoder.encode(text) };
}

const LETTERBOXD = ['letterboxd/ratings.csv', 'letterboxd/diary.csv', 'letterboxd/watched.csv', 'letterboxd/watchlist.csv'];

function recognised(detected: DetectedImport): Extract<DetectedImport, { kind: ImportSource }> {
  if (detected.kind === 'unknown' || detected.kind === 'cinelocal') throw new Error(`not a history import: ${JSON.stringify(detected)}`);
  return detected;
}

async function parse(files: InputFile[]): Promise<ParsedHistory> {
  return parseImport(recognised(await detectImport(files)), NOW);
}

function find(history: ParsedHistory, title: string, kind?: string) {
  return history.rows.filter((r) => r.title === title && (kind === undefined || r.kind === kind));
}

const day = (iso: string) => Date.parse(`${iso}T00:00:00Z`);

describe('Letterboxd', () => {
  it('recognises the four CSVs (BOM, CRLF and LF mixed) as one Letterboxd import', async () => {
    const detected = await detectImport(LETTERBOXD.map(fixture));
    expect(detected.kind).toBe('letterboxd');
    expect(recognised(detected).files.map((f) => f.format)).toEqual(['letterboxd-ratings', 'letterboxd-diary', 'letterboxd-watched', 'letterboxd-watchlist']);
    expect(detected.warnings).toEqual([]);
  });

  it('ratings.csv wins for the rating; otherwise the latest rated diary entry; unrated films are watched', async () => {
    const history = await parse(LETTERBOXD.map(fixture));
    // Toy Story: diary says 3 then 4, ratings.csv says 4.5 (the current rating).
    expect(find(history, 'Toy Story')).toEqual([
      { line: 2, file: 'ratings.csv', kind: 'rating', rating: 4.5, date: day('2023-01-05'), ids: {}, title: 'Toy Story', year: 1995 },
    ]);
    // Se7en: only in the diary, watched 2023-04-30 (4) and again 2023-05-01 (2.5): the later viewing counts.
    expect(find(history, 'Se7en')).toMatchObject([{ kind: 'rating', rating: 2.5, date: day('2023-05-01'), file: 'diary.csv', line: 5 }]);
    expect(find(history, 'Fast & Furious')).toMatchObject([{ kind: 'rating', rating: 3 }]);
    // Die Hard: an unrated diary entry and watched.csv, no rating anywhere.
    expect(find(history, 'Die Hard')).toMatchObject([{ kind: 'watched', rating: null, date: day('2023-06-01') }]);
    expect(find(history, 'La La Land')).toMatchObject([{ kind: 'watched', file: 'watched.csv' }]);
    expect(find(history, 'Hamlet')).toMatchObject([{ kind: 'watchlist', rating: null, year: 1996 }]);
    // Letterboxd rows carry no ids: they are matched by title and year.
    for (const row of history.rows) expect(row.ids).toEqual({});
  });

  it('skips bad rows with short, specific reasons and keeps formula-looking titles as plain text', async () => {
    const history = await parse(LETTERBOXD.map(fixture));
    expect(history.skipped).toEqual([
      { file: 'ratings.csv', line: 8, reason: 'rating 0.7 is not a half star (0.5, 1, … 5)' },
      { file: 'ratings.csv', line: 10, reason: 'no film name' },
    ]);
    expect(find(history, '=HYPERLINK("http://evil.example","click")')).toMatchObject([{ rating: 1, year: 2020 }]);
    // No film was repeated within one file, so nothing collapsed (the diary's rewatches merge silently).
    expect(history.collapsed).toBe(0);
    expect(history.rowsRead).toBe(10 + 6 + 4 + 4);
  });

  it('counts line numbers across quoted line breaks and keeps quoted commas and quotes in titles', async () => {
    const history = await parse([fixture('letterboxd/watchlist.csv')]);
    expect(history.rows.map((r) => [r.line, r.title])).toEqual([
      [2, 'Hamlet'],
      [3, 'Les Misérables'],
      [4, 'A Film, With "Quotes"\nand a line break'],
      [6, 'WALL-E'],
    ]);
  });

  it('reads columns in any order, with spaces or odd case in the header', async () => {
    const text = ' rating ,LETTERBOXD URI,Year,Name,Date\n4,https://boxd.it/x,1995,Toy Story,2023-01-05\n';
    const history = await parse([textFile('ratings.csv', text)]);
    expect(history.rows).toEqual([
      { line: 2, file: 'ratings.csv', kind: 'rating', rating: 4, date: day('2023-01-05'), ids: {}, title: 'Toy Story', year: 1995 },
    ]);
  });

  it('recognises a renamed file by its header (diary by Watched Date, ratings by Rating, watchlist by name)', async () => {
    const diary = await detectImport([textFile('export (2).csv', 'Date,Name,Year,Letterboxd URI,Rating,Rewatch,Tags,Watched Date\n')]);
    expect(recognised(diary).files[0].format).toBe('letterboxd-diary');
    const ratings = await detectImport([textFile('mine.csv', 'Date,Name,Year,Letterboxd URI,Rating\n')]);
    expect(recognised(ratings).files[0].format).toBe('letterboxd-ratings');
    const watchlist = await detectImport([textFile('my-watchlist.csv', 'Date,Name,Year,Letterboxd URI\n')]);
    expect(recognised(watchlist).files[0].format).toBe('letterboxd-watchlist');
  });

  it('keeps the latest dated row when ratings.csv repeats a film with another rating, and counts it', async () => {
    const text = 'Date,Name,Year,Letterboxd URI,Rating\n2023-05-01,Heat,1995,u1,2\n2023-01-01,Heat,1995,u1,5\n2023-06-01,Heat,1995,u1,3\n';
    const history = await parse([textFile('ratings.csv', text)]);
    expect(history.rows).toMatchObject([{ title: 'Heat', rating: 3, line: 4 }]);
    expect(history.collapsed).toBe(2);
    expect(history.conflictingRatings).toBe(2);
  });

  it('cuts a 5 MB cell short in its skip reason', async () => {
    const huge = 'x'.repeat(5 * 1024 * 1024);
    const history = await parse([textFile('ratings.csv', `Date,Name,Year,Letterboxd URI,Rating\n2023-01-01,Huge,2000,u,${huge}\n`)]);
    expect(history.rows).toEqual([]);
    expect(history.skipped).toHaveLength(1);
    expect(history.skipped[0].reason.length).toBeLessThan(80);
    expect(history.skipped[0].reason).toBe(`rating "${'x'.repeat(40)}…" is not a number`);
  });
});

describe('IMDb', () => {
  it('reads "Your ratings" (BOM, CRLF): 1–10 becomes half stars, non-films are skipped with their type', async () => {
    const detected = await detectImport([fixture('imdb-ratings.csv')]);
    expect(detected.kind).toBe('imdb-ratings');
    const history = parseImport(recognised(detected), NOW);
    expect(history.rows.map((r) => [r.ids.imdb, r.rating, r.title, r.originalTitle, r.year])).toEqual([
      [211915, 4, 'Amélie', "Le fabuleux destin d'Amélie Poulain", 2001],
      [171359, 3, 'Hamlet', 'Hamlet', 2000], // a TV Movie counts as a film
      [9999999, 3.5, 'A Film Nobody Has', 'A Film Nobody Has', 2019],
      [114709, 3.5, 'Toy Story', 'Toy Story', 1995],
    ]);
    expect(history.skipped).toEqual([
      { file: 'imdb-ratings.csv', line: 4, reason: 'not a film (TV Series)' },
      { file: 'imdb-ratings.csv', line: 5, reason: 'not a film (TV Episode)' },
      { file: 'imdb-ratings.csv', line: 8, reason: 'rating 11 is outside 1–10' },
      { file: 'imdb-ratings.csv', line: 9, reason: 'rating "seven" is not a number' },
      { file: 'imdb-ratings.csv', line: 10, reason: 'not a film (Video Game)' },
    ]);
    // Toy Story was rated twice (9 in 2021, 7 in 2022): the later one is kept and the collapse reported.
    expect(history.rows.find((r) => r.title === 'Toy Story')!.date).toBe(day('2022-01-01'));
    expect(history.collapsed).toBe(1);
    expect(history.conflictingRatings).toBe(1);
  });

  it('reads an old export (no Original Title, reordered columns, "Feature Film") and a watchlist together', async () => {
    const detected = await detectImport([fixture('imdb-ratings-old.csv'), fixture('imdb-watchlist.csv')]);
    expect(detected.kind).toBe('imdb-ratings');
    const history = parseImport(recognised(detected), NOW);
    expect(history.rows.map((r) => [r.kind, r.ids.imdb, r.rating, r.title, r.year])).toEqual([
      ['rating', 71562, 5, 'Godfather: Part II, The', 1974],
      ['rating', 114369, 4, 'Se7en', 1995],
      ['rating', 7777777, 2, "+cmd|' /C calc'!A0", 2010],
      ['watchlist', 116477, null, 'Hamlet', 1996],
      ['watchlist', 3783958, null, 'La La Land', 2016],
    ]);
    expect(history.rows[3].date).toBe(day('2023-01-01'));
    expect(history.skipped).toEqual([{ file: 'imdb-watchlist.csv', line: 3, reason: 'not a film (TV Series)' }]);
  });

  it('a watchlist alone is an imdb-watchlist import, also when a newer export adds Your Rating,Date Rated', async () => {
    expect((await detectImport([fixture('imdb-watchlist.csv')])).kind).toBe('imdb-watchlist');
    const header =
      'Position,Const,Created,Modified,Description,Title,Original Title,URL,Title Type,IMDb Rating,Runtime (mins),Year,Genres,Num Votes,Release Date,Directors,Your Rating,Date Rated';
    const history = await parse([
      textFile('watchlist.csv', `${header}\n1,tt0116477,2023-01-01,2023-01-01,,Hamlet,Hamlet,u,Movie,7.7,242,1996,Drama,40000,1996-12-25,Kenneth Branagh,,\n`),
    ]);
    expect(history).toMatchObject({ source: 'imdb-watchlist', rows: [{ kind: 'watchlist', ids: { imdb: 116477 }, rating: null }], skipped: [] });
  });

  it('reads a Latin-1 (Windows-1252) file leniently and says so', async () => {
    const detected = await detectImport([fixture('imdb-ratings-latin1.csv')]);
    expect(detected.warnings).toEqual([expect.stringContaining('imdb-ratings-latin1.csv is not UTF-8; it was read as Windows-1252')]);
    const history = parseImport(recognised(detected), NOW);
    expect(history.rows.map((r) => r.title)).toEqual(['Amélie', 'Les Misérables']);
  });

  it('reads UTF-16 with a BOM (Excel "Unicode text" saved as .csv)', async () => {
    const text = readFileSync(join(FIXTURES, 'imdb-ratings-old.csv'), 'utf8');
    const bytes = new Uint8Array(2 + text.length * 2);
    bytes.set([0xff, 0xfe]);
    for (let i = 0; i < text.length; i++) new DataView(bytes.buffer).setUint16(2 + i * 2, text.charCodeAt(i), true);
    const history = await parse([{ name: 'ratings.csv', bytes }]);
    expect(history.rows).toHaveLength(3);
  });

  it('reads a semicolon-separated file (Excel in many locales)', async () => {
    const text = 'Const;Your Rating;Date Rated;Title;Title Type;Year\ntt0114709;8;2021-03-04;Toy Story;movie;1995\n';
    const history = await parse([textFile('ratings.csv', text)]);
    expect(history.rows).toMatchObject([{ ids: { imdb: 114709 }, rating: 4, title: 'Toy Story', year: 1995 }]);
  });

  it('skips rows whose Const is not an IMDb id', async () => {
    const text = 'Const,Your Rating,Title,Title Type,Year\nnm0000123,8,Someone,movie,1995\n';
    const history = await parse([textFile('ratings.csv', text)]);
    expect(history.skipped).toEqual([{ file: 'ratings.csv', line: 2, reason: 'Const "nm0000123" is not an IMDb id (tt…)' }]);
  });
});

describe('Trakt', () => {
  it('reads movie ratings and the watchlist; shows are listed as ignored', async () => {
    const detected = await detectImport(['trakt/ratings-movies.json', 'trakt/watchlist-movies.json', 'trakt/ratings-shows.json'].map(fixture));
    expect(detected.kind).toBe('trakt');
    expect(detected.ignored).toEqual([{ name: 'ratings-shows.json', reason: 'Trakt shows, seasons or episodes (only movies are imported)' }]);
    const history = parseImport(recognised(detected), NOW);
    expect(history.rows.map((r) => [r.kind, r.ids, r.rating, r.title, r.year, r.line])).toEqual([
      ['rating', { imdb: 114369 }, 2.5, 'Se7en', 1995, 2],
      ['rating', {}, 5, 'Star Wars', 1977, 3],
      ['rating', { tmdb: 862, imdb: 114709 }, 1.5, 'Toy Story', 1995, 5],
      ['watchlist', { tmdb: 313369, imdb: 3783958 }, null, 'La La Land', 2016, 1],
    ]);
    expect(history.rows[0].date).toBe(Date.parse('2020-01-03T10:00:00.000Z'));
    expect(history.skipped).toEqual([{ file: 'ratings-movies.json', line: 4, reason: 'rating 0 is outside 1–10' }]);
    expect(history.collapsed).toBe(1);
  });

  it('recognises a renamed Trakt file by its content, and a Trakt ZIP by its names', async () => {
    const renamed = await detectImport([
      textFile(
        'export.json',
        JSON.stringify([{ rated_at: '2020-01-01T00:00:00Z', rating: 8, type: 'movie', movie: { title: 'X', year: 2000, ids: { tmdb: 5 } } }]),
      ),
    ]);
    expect(recognised(renamed).files[0].format).toBe('trakt-ratings');
  });
});

describe('MovieLens', () => {
  it('reads ids, half-star ratings and "Title, The (Other title) (year)" titles', async () => {
    const detected = await detectImport([fixture('movielens-ratings.csv')]);
    expect(detected.kind).toBe('movielens');
    const history = parseImport(recognised(detected), NOW);
    expect(history.rows.map((r) => [r.ids, r.rating, r.title, r.originalTitle, r.year])).toEqual([
      [{ tmdb: 862, imdb: 114709 }, 4, 'Toy Story', undefined, 1995],
      [{ tmdb: 603, imdb: 133093 }, 5, 'Matrix, The', undefined, 1999],
      [{ tmdb: 194, imdb: 211915 }, 4.5, 'Amelie', "Fabuleux destin d'Amélie Poulain, Le", 2001],
      [{}, 3.5, 'Misérables, Les', undefined, 2012],
    ]);
    expect(history.skipped.map((s) => [s.line, s.reason])).toEqual([
      [6, 'rating 6.0 is outside 0.5–5'],
      [7, 'rating "x" is not a number'],
    ]);
  });
});

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
    expect(detected.kind).toBe('imdb-ratings');
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
      kind: 'imdb-ratings' as const,
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
