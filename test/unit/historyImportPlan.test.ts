// src/app/import/plan.ts: what the import preview writes — defaults (exact and sure title matches in, unsure out),
// the person's choices (unchecked, another movie picked), one entry per movie and list (the latest dated kept), the
// outcome against stored ratings under each conflict policy, and the texts.
import { describe, expect, it } from 'vitest';
import { HISTORY_ROW_KIND, HISTORY_ROW_STATUS, packStrings, stringAt, type HistoryPreview } from '../../src/history/wire';
import { importButtonText, notFoundCsv, planEntries, planImport, planOutcome, planSummary, rowCandidates, type RowChoice } from '../../src/app/import/plan';

interface Spec {
  kind?: 'rating' | 'watchlist';
  status: 'exact' | 'title' | 'not-found';
  movie?: number;
  confidence?: number;
  rating?: number;
  date?: number | null;
  title?: string;
  alternatives?: [movie: number, confidence: number][];
}

const MOVIES = [101, 102, 103, 104];

/** A preview as the worker sends it, from row specs (movies 101–104 in the dictionary). */
function preview(specs: Spec[]): HistoryPreview {
  const n = specs.length;
  const alternatives = specs.flatMap((s) => s.alternatives ?? []);
  const altStart = new Uint32Array(n + 1);
  specs.forEach((s, i) => (altStart[i + 1] = altStart[i] + (s.alternatives?.length ?? 0)));
  const status = specs.map((s) =>
    s.status === 'exact' ? HISTORY_ROW_STATUS.exact : s.status === 'title' ? HISTORY_ROW_STATUS.title : HISTORY_ROW_STATUS.notFound,
  );
  return {
    kind: 'history',
    source: 'letterboxd',
    sourceLabel: 'Letterboxd export',
    files: [{ name: 'ratings.csv', format: 'letterboxd-ratings', label: 'ratings' }],
    fileNames: ['ratings.csv'],
    ignored: [],
    warnings: [],
    rowsRead: n,
    collapsed: 0,
    watched: 0,
    rows: {
      count: n,
      kind: Uint8Array.from(specs, (s) => (s.kind === 'watchlist' ? HISTORY_ROW_KIND.watchlist : HISTORY_ROW_KIND.rating)),
      status: Uint8Array.from(status),
      by: new Uint8Array(n),
      movieId: Int32Array.from(specs, (s) => s.movie ?? 0),
      confidence: Float32Array.from(specs, (s) => s.confidence ?? (s.status === 'exact' ? 1 : 0)),
      rating2: Uint8Array.from(specs, (s) => (s.kind === 'watchlist' ? 0 : (s.rating ?? 3) * 2)),
      date: Float64Array.from(specs, (s) => s.date ?? NaN),
      file: new Uint16Array(n),
      line: Uint32Array.from(specs, (_, i) => i + 2),
      title: packStrings(specs.map((s, i) => s.title ?? `Row ${i}`)),
      year: new Uint16Array(n).fill(2001),
      note: packStrings(specs.map(() => '')),
      altStart,
      altMovieId: Int32Array.from(alternatives, ([movie]) => movie),
      altConfidence: Float32Array.from(alternatives, ([, confidence]) => confidence),
      movieIndex: Int32Array.from(specs, (s) => (s.movie ? MOVIES.indexOf(s.movie) : -1)),
      altMovieIndex: Int32Array.from(alternatives, ([movie]) => MOVIES.indexOf(movie)),
    },
    movies: { ids: Int32Array.from(MOVIES), titles: packStrings(MOVIES.map((id) => `Movie ${id}`)), years: new Uint16Array(MOVIES.length).fill(2001) },
    skipped: { count: 0, file: new Uint16Array(0), line: new Uint32Array(0), reason: packStrings([]) },
    counts: { ratings: { exact: 0, title: 0, notFound: 0, unsure: 0 }, watchlist: { exact: 0, title: 0, notFound: 0, unsure: 0 } },
    order: {
      title: Uint32Array.from(specs.flatMap((s, i) => (s.status === 'title' ? [i] : []))),
      notFound: Uint32Array.from(specs.flatMap((s, i) => (s.status === 'not-found' ? [i] : []))),
    },
    usedDetails: true,
    datasetKind: 'kaggle',
    timings: { readMs: 0, indexMs: 0, matchMs: 0 },
  };
}

const T = Date.UTC(2020, 0, 1);

describe('packed strings', () => {
  it('cut each string back out, empty ones and unicode included', () => {
    const list = ['Amélie', '', 'Spider-Man: No Way Home', '猫の桜', '🎬 x'];
    const packed = packStrings(list);
    expect(list.map((_, i) => stringAt(packed, i))).toEqual(list);
    expect(stringAt(packed, 99)).toBe('');
  });
});

describe('planImport', () => {
  it('writes exact and sure title matches by default, leaves unsure ones and rows not found out', () => {
    const p = preview([
      { status: 'exact', movie: 101, rating: 4, date: T },
      { status: 'title', movie: 102, confidence: 0.95, rating: 2.5 },
      { status: 'title', movie: 103, confidence: 0.6, rating: 1 },
      { status: 'not-found' },
      { kind: 'watchlist', status: 'exact', movie: 104, date: T },
    ]);
    const plan = planImport(p, new Map());
    expect(Array.from(plan.ratingMovies)).toEqual([101, 102]);
    expect(Array.from(plan.watchlistMovies)).toEqual([104]);
    expect(plan).toMatchObject({ leftOut: 1, merged: 0 });
    expect(planEntries(p, plan)).toEqual({
      ratings: [
        { movieId: 101, rating: 4, date: T },
        { movieId: 102, rating: 2.5, date: null },
      ],
      watchlist: [{ movieId: 104, date: T }],
    });
    expect(importButtonText(plan)).toBe('Import 2 ratings and 1 watchlist entry');
  });

  it('follows the choices: an unchecked match is left out, a checked unsure one and a picked alternative go in', () => {
    const p = preview([
      { status: 'title', movie: 101, confidence: 0.9, rating: 5 },
      { status: 'title', movie: 102, confidence: 0.5, rating: 2, alternatives: [[103, 0.3]] },
    ]);
    expect(rowCandidates(p.rows, 1)).toEqual([
      { movieId: 102, place: 1, confidence: 0.5 },
      { movieId: 103, place: 2, confidence: expect.closeTo(0.3, 5) },
    ]);
    const choices = new Map<number, RowChoice>([
      [0, { include: false, movieId: 101 }],
      [1, { include: true, movieId: 103 }],
    ]);
    const plan = planImport(p, choices);
    expect(Array.from(plan.ratingMovies)).toEqual([103]);
    expect(plan.leftOut).toBe(1);
    expect(importButtonText(plan)).toBe('Import 1 rating');
    expect(importButtonText(planImport(p, new Map([[0, { include: false, movieId: 101 }]])))).toBe('Import 0 ratings');
  });

  it('keeps one entry per movie and list: the latest dated (undated is oldest; a tie keeps the later row)', () => {
    const p = preview([
      { status: 'exact', movie: 101, rating: 1, date: T + 5 },
      { status: 'title', movie: 101, confidence: 0.9, rating: 2, date: null },
      { status: 'exact', movie: 101, rating: 3, date: T + 5 },
      { kind: 'watchlist', status: 'exact', movie: 101, date: T },
      { status: 'exact', movie: 102, rating: 4, date: T },
    ]);
    const plan = planImport(p, new Map());
    expect(Array.from(plan.ratingRows)).toEqual([2, 4]);
    expect(planEntries(p, plan).ratings).toEqual([
      { movieId: 101, rating: 3, date: T + 5 },
      { movieId: 102, rating: 4, date: T },
    ]);
    expect(Array.from(plan.watchlistMovies)).toEqual([101]);
    expect(plan.merged).toBe(2);
  });

  it('counts the outcome against stored ratings and the watchlist, by policy', () => {
    const p = preview([
      { status: 'exact', movie: 101, rating: 4, date: T + 10 },
      { status: 'exact', movie: 102, rating: 4, date: T - 10 },
      { status: 'exact', movie: 103, rating: 4, date: T },
      { status: 'exact', movie: 104, rating: 4, date: T },
      { kind: 'watchlist', status: 'exact', movie: 101, date: T },
    ]);
    const stored = new Map([
      [101, { rating: 2, updatedAt: T }],
      [102, { rating: 2, updatedAt: T }],
      [103, { rating: 4, updatedAt: T }],
    ]);
    const plan = planImport(p, new Map());
    expect(planOutcome(p, plan, stored, new Map([[101, T]]), 'keep-mine')).toEqual({
      added: 1,
      updated: 0,
      unchanged: 1,
      keptMine: 2,
      conflicts: 2,
      watchlistAdded: 0,
      watchlistAlready: 1,
    });
    expect(planOutcome(p, plan, stored, new Map(), 'take-imported')).toMatchObject({ updated: 2, keptMine: 0, watchlistAdded: 1 });
    const newer = planOutcome(p, plan, stored, new Map(), 'newer-wins');
    expect(newer).toMatchObject({ updated: 1, keptMine: 1 });
    expect(planSummary(plan, newer)).toBe('Will import 4 ratings (1 new, 1 changed, 1 already the same, 1 kept as yours) and 1 watchlist entry.');
  });

  it('writes the rows not found as a CSV with formulas defused', () => {
    const csv = notFoundCsv(
      preview([
        { status: 'not-found', title: '=HYPERLINK("x")', rating: 2, date: T },
        { status: 'exact', movie: 101 },
      ]),
    );
    expect(csv).toBe(`Title,Year,List,Rating,Date,File,Line,Why\n"'=HYPERLINK(""x"")",2001,rating,2,2020-01-01,ratings.csv,2,\n`);
  });
});
