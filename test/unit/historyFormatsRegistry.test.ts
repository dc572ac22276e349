// src/history/formats/registry.ts: the import formats as one list that detection, reading and the preview's labels loop
// over. A test-only format (tab-separated tmdb/rating/title) registered here alone is detected, read, matched and planned
// end to end, with no change to any other module: adding a format is one file plus one registry line.
import { describe, expect, it } from 'vitest';
import { detectImport, expectedExports, EXPECTED_EXPORTS, IMPORT_FORMATS, parseImport, type HistoryFormat, type MatchCatalog } from '../../src/history';
import { cell, halfStarRating } from '../../src/history/formats/read';
import { HistoryImporter } from '../../src/history/historyImporter';
import { stringAt } from '../../src/history/wire';
import { planEntries, planImport } from '../../src/app/import/plan';

const NOW = Date.UTC(2024, 0, 1);
const bytes = (text: string) => new TextEncoder().encode(text);

/** What a new format's file would hold: detect, read, labels; it imports only the shared reading kit. */
const tabRatings: HistoryFormat = {
  service: 'tab',
  name: 'Tab list',
  expects: 'a tab-separated list (tmdb, rating, title)',
  files: { 'tab-ratings': 'ratings' },
  kinds: { tab: 'Tab-separated ratings' },
  detect: (file) => (file.base.endsWith('.tsv') && file.columns.has('tmdb') && file.columns.has('rating') ? { format: 'tab-ratings' } : undefined),
  read(files, context) {
    const rows = [];
    for (const file of files) {
      const reader = context.file(file.name);
      const table = reader.csvRows(file.text, { tmdb: 'tmdb', rating: 'rating', title: 'title' }, ['tmdb', 'rating']);
      for (const row of table.rows) {
        const rating = halfStarRating(cell(row, table.col.rating));
        if ('problem' in rating) {
          reader.skip(row.line, rating.problem);
          continue;
        }
        const tmdb = Number(cell(row, table.col.tmdb));
        rows.push({
          line: row.line,
          file: file.name,
          kind: 'rating' as const,
          rating: rating.rating,
          date: null,
          ids: tmdb > 0 ? { tmdb } : {},
          title: cell(row, table.col.title),
          year: null,
        });
      }
    }
    return rows;
  },
};

const WITH_TAB = [...IMPORT_FORMATS, tabRatings];

const TSV = ['tmdb\trating\ttitle', '11\t4.5\tStar Wars', '0\t3\tHeat', '12\t7\tFinding Nemo', '999\t2\tNowhere'].join('\n');

const catalog: MatchCatalog = {
  ids: [11, 12, 949],
  titles: ['Star Wars', 'Finding Nemo', 'Heat'],
  originalTitles: [null, null, null],
  years: [1977, 2003, 1995],
  imdbIds: [0, 0, 0],
  voteCount: [10_000, 9_000, 8_000],
};

describe('the import format registry', () => {
  it('lists each format once: kinds and file formats are unique, every format says what to pick', () => {
    const history = IMPORT_FORMATS.filter((f): f is HistoryFormat => !f.own);
    const kinds = history.flatMap((f) => Object.keys(f.kinds));
    const files = history.flatMap((f) => Object.keys(f.files));
    expect(new Set(kinds).size).toBe(kinds.length);
    expect(new Set(files).size).toBe(files.length);
    expect(IMPORT_FORMATS.map((f) => f.name)).toEqual(['Letterboxd', 'IMDb', 'Trakt', 'MovieLens', 'CineLocal']);
    expect(IMPORT_FORMATS.filter((f) => f.own).map((f) => f.service)).toEqual(['cinelocal']);
  });

  it('builds the "expected" sentence from the list, word for word as before the registry', () => {
    expect(EXPECTED_EXPORTS).toBe(
      'Expected a Letterboxd export (the ZIP, or ratings.csv / diary.csv / watched.csv / watchlist.csv with Date,Name,Year,Letterboxd URI), ' +
        'an IMDb ratings or watchlist export (CSV with Const,Your Rating,… or Position,Const,…), a Trakt export (the ZIP, or ratings-movies.json / ' +
        'watchlist-movies.json), a MovieLens ratings export (movie_id,imdb_id,tmdb_id,rating,…) or a CineLocal export.',
    );
    expect(expectedExports(WITH_TAB)).toMatch(
      / a MovieLens ratings export \(movie_id,imdb_id,tmdb_id,rating,…\), a CineLocal export or a tab-separated list \(tmdb, rating, title\)\.$/,
    );
  });

  it('names the JSON formats when a JSON file is none of them', async () => {
    const detected = await detectImport([{ name: 'other.json', bytes: bytes('{"hello": 1}') }]);
    expect(detected).toMatchObject({ kind: 'unknown', message: expect.stringContaining('other.json is JSON, but not a Trakt or CineLocal export.') });
  });
});

describe('a format added by registering it (test-only tab-separated list)', () => {
  const file = { name: 'mine.tsv', bytes: bytes(TSV) };

  it('is unknown while it is not registered', async () => {
    const detected = await detectImport([file]);
    expect(detected).toMatchObject({
      kind: 'unknown',
      reason: 'unrecognised',
      message: expect.stringContaining('mine.tsv is not a rating export this app reads'),
    });
  });

  it('is detected and read through the registry: rows, skips and counts as for the built-in formats', async () => {
    const detected = await detectImport([file], WITH_TAB);
    expect(detected).toMatchObject({ kind: 'history', source: 'tab', files: [{ name: 'mine.tsv', format: 'tab-ratings' }] });
    if (detected.kind !== 'history') return;
    const parsed = parseImport(detected, NOW, WITH_TAB);
    expect(parsed).toMatchObject({ source: 'tab', rowsRead: 4, skipped: [{ file: 'mine.tsv', line: 4, reason: 'rating 7 is outside 0.5–5' }] });
    expect(parsed.rows.map((r) => [r.ids.tmdb, r.rating, r.title])).toEqual([
      [11, 4.5, 'Star Wars'],
      [undefined, 3, 'Heat'],
      [999, 2, 'Nowhere'],
    ]);
  });

  it('is refused mixed with another service, by its name, like the built-in ones', async () => {
    const letterboxd = { name: 'ratings.csv', bytes: bytes('Date,Name,Year,Letterboxd URI,Rating\n2023-01-01,Heat,1995,https://boxd.it/x,4\n') };
    const detected = await detectImport([file, letterboxd], WITH_TAB);
    expect(detected).toMatchObject({ kind: 'unknown', reason: 'mixed', message: expect.stringContaining('Tab list: mine.tsv; Letterboxd: ratings.csv') });
  });

  it('is matched in the worker’s importer and planned by the preview’s plan, with its own labels', async () => {
    const importer = new HistoryImporter(catalog, false, 'demo', WITH_TAB);
    const preview = await importer.analyse([file], undefined, NOW);
    if (preview.kind !== 'history') throw new Error(`analysis is ${preview.kind}`);
    expect(preview).toMatchObject({
      source: 'tab',
      sourceLabel: 'Tab-separated ratings',
      files: [{ name: 'mine.tsv', format: 'tab-ratings', label: 'ratings' }],
    });
    // Star Wars by TMDB id, Heat by title, 999 by neither (not found).
    expect(preview.counts.ratings).toMatchObject({ exact: 1, title: 1, notFound: 1 });
    expect(stringAt(preview.movies.titles, preview.rows.movieIndex[1])).toBe('Heat');
    // A title match without a year is not sure enough to go in unasked; the person checks it.
    expect(planEntries(preview, planImport(preview, new Map())).ratings).toEqual([{ movieId: 11, rating: 4.5, date: null }]);
    const plan = planImport(preview, new Map([[1, { include: true, movieId: 949 }]]));
    expect(planEntries(preview, plan).ratings).toEqual([
      { movieId: 11, rating: 4.5, date: null },
      { movieId: 949, rating: 3, date: null },
    ]);
  });
});
