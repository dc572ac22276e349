// src/history/formats/imdb.ts: IMDb ratings and watchlist exports, in the encodings and separators Excel leaves them in.
import { describe, expect, it } from 'vitest';
import { detectImport, parseImport } from '../../src/history';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { day, fixture, FIXTURES, NOW, parse, recognised, textFile } from '../helpers/historyFiles';

describe('IMDb', () => {
  it('reads "Your ratings" (BOM, CRLF): 1–10 becomes half stars, non-films are skipped with their type', async () => {
    const detected = await detectImport([fixture('imdb-ratings.csv')]);
    expect(detected).toMatchObject({ kind: 'history', source: 'imdb-ratings' });
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
    expect(detected).toMatchObject({ kind: 'history', source: 'imdb-ratings' });
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
    expect(await detectImport([fixture('imdb-watchlist.csv')])).toMatchObject({ kind: 'history', source: 'imdb-watchlist' });
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
