// The Letterboxd-import CSV: ids first, proper quoting, and cells a spreadsheet would run as formulas defused.
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { catalogLookup, formatImdbId, LETTERBOXD_CSV_HEADER, toLetterboxdCsv, type ExportMovieLookup } from '../../src/history';
import { fixtureCatalog } from '../fixtures/imports/catalog';

const day = (iso: string) => Date.parse(`${iso}T12:34:56Z`);

describe('toLetterboxdCsv', () => {
  it('writes tmdbID,imdbID,Title,Year,Rating,WatchedDate, oldest first, from the catalog', () => {
    const csv = toLetterboxdCsv(
      [
        { movieId: 603, rating: 5, updatedAt: day('2023-02-10') },
        { movieId: 862, rating: 4.5, updatedAt: day('2023-01-05') },
        { movieId: 11, rating: 0.5, updatedAt: day('2023-03-01') },
      ],
      catalogLookup(fixtureCatalog()),
    );
    expect(csv).toBe(
      'tmdbID,imdbID,Title,Year,Rating,WatchedDate\n' +
        '862,tt0114709,Toy Story,1995,4.5,2023-01-05\n' +
        '603,tt0133093,The Matrix,1999,5,2023-02-10\n' +
        '11,tt0076759,Star Wars,1977,0.5,2023-03-01\n',
    );
  });

  it('quotes commas, quotes and line breaks, and defuses = + - @ at the start of a text cell', () => {
    const titles: Record<number, string> = {
      1: 'Crouching Tiger, Hidden Dragon',
      2: 'The "Quoted" One',
      3: 'Two\nLines',
      4: '=HYPERLINK("http://evil.example","click")',
      5: '+cmd',
      6: '-Ism',
      7: '@SUM(A1)',
    };
    const lookup: ExportMovieLookup = (id) => ({ title: titles[id], year: 2000, imdbId: id });
    const csv = toLetterboxdCsv(
      Object.keys(titles).map((id, i) => ({ movieId: Number(id), rating: 3, updatedAt: day('2023-01-01') + i })),
      lookup,
    );
    const parsed = Papa.parse<string[]>(csv.trimEnd(), { header: false }).data;
    expect(parsed[0]).toEqual([...LETTERBOXD_CSV_HEADER]);
    expect(parsed.slice(1).map((r) => r[2])).toEqual([
      'Crouching Tiger, Hidden Dragon',
      'The "Quoted" One',
      'Two\nLines',
      `'=HYPERLINK("http://evil.example","click")`,
      "'+cmd",
      "'-Ism",
      "'@SUM(A1)",
    ]);
    expect(parsed[1][1]).toBe('tt0000001');
  });

  it('a 0 rating leaves Rating empty; a movie the catalog lacks keeps only its tmdbID; no IMDb id leaves imdbID empty', () => {
    const lookup: ExportMovieLookup = (id) => (id === 1 ? { title: 'Known', year: null, imdbId: 0 } : undefined);
    const csv = toLetterboxdCsv(
      [
        { movieId: 1, rating: 0, updatedAt: day('2023-01-01') },
        { movieId: 2, rating: 2, updatedAt: day('2023-01-02') },
      ],
      lookup,
    );
    expect(csv.split('\n').slice(1, 3)).toEqual(['1,,Known,,,2023-01-01', '2,,,,2,2023-01-02']);
  });

  it('pads IMDb ids to 7 digits and keeps longer ones', () => {
    expect([formatImdbId(114709), formatImdbId(1), formatImdbId(10872600), formatImdbId(0), formatImdbId(null)]).toEqual([
      'tt0114709',
      'tt0000001',
      'tt10872600',
      '',
      '',
    ]);
  });

  it('writes only the header for no ratings', () => {
    expect(toLetterboxdCsv([], () => undefined)).toBe('tmdbID,imdbID,Title,Year,Rating,WatchedDate\n');
  });
});
