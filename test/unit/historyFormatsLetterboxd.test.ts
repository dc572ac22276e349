// src/history/formats/letterboxd.ts: Letterboxd's CSVs (and the ZIP's, in historyZip.test.ts) recognised and read into rows.
import { describe, expect, it } from 'vitest';
import { detectImport } from '../../src/history';
import { day, find, fixture, parse, recognised, textFile } from '../helpers/historyFiles';

const LETTERBOXD = ['letterboxd/ratings.csv', 'letterboxd/diary.csv', 'letterboxd/watched.csv', 'letterboxd/watchlist.csv'];

describe('Letterboxd', () => {
  it('recognises the four CSVs (BOM, CRLF and LF mixed) as one Letterboxd import', async () => {
    const detected = await detectImport(LETTERBOXD.map(fixture));
    expect(detected).toMatchObject({ kind: 'history', source: 'letterboxd' });
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
