// Matching imported rows to the catalog: ids are exact, titles are scored (never 'exact'), and 50k rows match fast.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildMatchIndex, detectImport, matchImport, parseImport, titleKey, type ImportRow, type MatchCatalog } from '../../src/history';
import { fixtureCatalog } from '../fixtures/imports/catalog';

const FIXTURES = join(import.meta.dirname, '../fixtures/imports');
const NOW = Date.UTC(2024, 0, 1);

function row(title: string, year: number | null, extra: Partial<ImportRow> = {}): ImportRow {
  return { line: 2, file: 'ratings.csv', kind: 'rating', rating: 4, date: null, ids: {}, title, year, ...extra };
}

async function parsedFixtures(paths: string[]): Promise<ImportRow[]> {
  const detected = await detectImport(paths.map((p) => ({ name: p.split('/').pop()!, bytes: new Uint8Array(readFileSync(join(FIXTURES, p))) })));
  if (detected.kind === 'unknown' || detected.kind === 'cinelocal') throw new Error(detected.kind);
  return parseImport(detected, NOW).rows;
}

describe('titleKey', () => {
  it.each([
    ['The Matrix', 'Matrix, The'],
    ['The Matrix', 'MATRIX'],
    ['Amélie', 'Amelie'],
    ['Léon: The Professional', 'Leon The Professional'],
    ['Fast & Furious', 'Fast and Furious'],
    ['Rocky II', 'Rocky 2'],
    ['The Godfather: Part II', 'Godfather: Part II, The'],
    ['The Godfather: Part II', 'The Godfather Part 2'],
    ['Les Misérables', 'Misérables, Les'],
    ["L'Avventura", 'Avventura, L’'],
    ['WALL·E', 'WALL-E'],
    ['Spider-Man', 'Spiderman'],
    ["Schindler's List", 'Schindler’s List'],
    ['Das Boot', 'Boot, Das'],
    ['Ærø', 'aero'],
    ['Straße', 'Strasse'],
    ['ＦＵＬＬ width', 'full width'],
  ])('%s ≡ %s', (a, b) => {
    expect(titleKey(a)).toBe(titleKey(b));
  });

  it.each([
    ['Alien', 'Aliens'],
    ['Rocky', 'Rocky II'],
    ['V for Vendetta', '5 for Vendetta'.replace('5', 'Five')],
    ['千と千尋の神隠し', '千と千尋の神隠'],
  ])('%s ≠ %s', (a, b) => {
    expect(titleKey(a)).not.toBe(titleKey(b));
  });

  it('never returns an empty key for a non-blank title, and keeps a lone article or numeral', () => {
    expect(titleKey('...')).toBe('...');
    expect(titleKey('The')).toBe('the');
    expect(titleKey('I')).toBe('i');
    expect(titleKey('X')).toBe('x');
    expect(titleKey('Malcolm X')).toBe(titleKey('Malcolm 10'));
  });

  it('treats formula-looking titles as text', () => {
    expect(titleKey('=HYPERLINK("http://evil.example","click")')).toBe('hyperlinkhttpevilexampleclick');
    expect(titleKey('+cmd')).toBe('cmd');
  });
});

describe('matchImport', () => {
  const catalog = fixtureCatalog();

  it('matches the Letterboxd fixture export by title and year, never as exact', async () => {
    const rows = await parsedFixtures(['letterboxd/ratings.csv', 'letterboxd/diary.csv', 'letterboxd/watched.csv', 'letterboxd/watchlist.csv']);
    const result = matchImport(rows, catalog);
    const byTitle = new Map(rows.map((r, i) => [r.title, result.matches[i]]));
    const expected: Record<string, number> = {
      'Toy Story': 862,
      'The Matrix': 603,
      Amélie: 194,
      'Léon: The Professional': 101,
      'Rocky II': 1367,
      'Spirited Away': 129,
      'Godfather: Part II, The': 240,
      Se7en: 807,
      'Fast & Furious': 13804,
      'Die Hard': 562,
      'La La Land': 313369,
      Hamlet: 10549,
      'Les Misérables': 82695,
      'WALL-E': 10681,
    };
    for (const [title, id] of Object.entries(expected)) {
      expect(byTitle.get(title), title).toMatchObject({ status: 'title', movieId: id });
      expect(byTitle.get(title)!.confidence, title).toBeGreaterThanOrEqual(0.8);
    }
    expect(byTitle.get('=HYPERLINK("http://evil.example","click")')).toMatchObject({ status: 'not-found', movieId: null });
    expect(result.exact).toBe(0);
    expect(result.matches.every((m) => m.status !== 'exact' && m.confidence < 1)).toBe(true);
    expect(result.title + result.notFound).toBe(rows.length);
  });

  it('matches IMDb rows exactly through the catalog IMDb ids; an unknown id falls back to its title, or is not found', async () => {
    const rows = await parsedFixtures(['imdb-ratings.csv']);
    const result = matchImport(rows, catalog);
    expect(result.matches.map((m, i) => [rows[i].title, m.status, m.movieId, m.by])).toEqual([
      ['Amélie', 'exact', 194, 'imdb'],
      ['Hamlet', 'exact', 10688, 'imdb'],
      ['A Film Nobody Has', 'not-found', null, null],
      ['Toy Story', 'exact', 862, 'imdb'],
    ]);
    expect(result.matches[2].note).toBe('tt9999999 not in the catalog; no catalog title matches "A Film Nobody Has" (2019)');
    expect(result.matches[0].confidence).toBe(1);
    const fallback = matchImport([row('Toy Story', 1995, { ids: { imdb: 1 } })], catalog).matches[0];
    expect(fallback).toMatchObject({ status: 'title', movieId: 862, note: 'tt0000001 not in the catalog' });
    expect(fallback.confidence).toBeLessThan(1);
  });

  it('prefers a TMDB id over an IMDb id, and either over the title', () => {
    const result = matchImport([row('The Matrix', 1999, { ids: { tmdb: 862, imdb: 133093 } }), row('Wrong Title', 1800, { ids: { tmdb: 603 } })], catalog);
    expect(result.matches.map((m) => [m.status, m.movieId, m.by])).toEqual([
      ['exact', 862, 'tmdb'],
      ['exact', 603, 'tmdb'],
    ]);
  });

  it('year ±1 still matches, less surely than the exact year; ±2 is not found but offered as a near miss', () => {
    const [same, offByOne, offByTwo] = matchImport([row('The Matrix', 1999), row('The Matrix', 2000), row('The Matrix', 2001)], catalog).matches;
    expect(same).toMatchObject({ status: 'title', movieId: 603 });
    expect(offByOne).toMatchObject({ status: 'title', movieId: 603 });
    expect(offByOne.confidence).toBeLessThan(same.confidence);
    expect(offByTwo).toMatchObject({ status: 'not-found', alternatives: [{ movieId: 603, year: 1999 }] });
    expect(offByTwo.note).toBe('"The Matrix" (2001): the catalog has that title only in other years');
  });

  it('the exact year wins over a neighbour year among same-titled movies', () => {
    const [hamlet97, hamlet99] = matchImport([row('Hamlet', 1997), row('Hamlet', 1999)], catalog).matches;
    expect(hamlet97).toMatchObject({ movieId: 10549 });
    expect(hamlet99).toMatchObject({ movieId: 10688 });
    expect(matchImport([row('Hamlet', 1990)], catalog).matches[0]).toMatchObject({ movieId: 10264 });
  });

  it('two equally good candidates: the one with more votes, with lower confidence and the other as an alternative', () => {
    const [twin] = matchImport([row('The Twin', 2005)], catalog).matches;
    expect(twin).toMatchObject({ status: 'title', movieId: 900002, alternatives: [{ movieId: 900001 }] });
    expect(twin.confidence).toBeLessThan(0.8);
    expect(twin.note).toBe('2 catalog movies fit "The Twin" (2005)');
  });

  it('matches the original title, either as the row title or as its originalTitle', () => {
    const result = matchImport(
      [row('千と千尋の神隠し', 2001), row('Leon', 1994), row('Some English Title', 2001, { originalTitle: "Le fabuleux destin d'Amélie Poulain" })],
      catalog,
    );
    expect(result.matches.map((m) => [m.movieId, m.by])).toEqual([
      [129, 'original-title'],
      [101, 'original-title'],
      [194, 'original-title'],
    ]);
  });

  it('without a year, a unique title still matches (less surely); the subtitle-less form needs the year', () => {
    const [noYear] = matchImport([row('Se7en', null)], catalog).matches;
    expect(noYear).toMatchObject({ status: 'title', movieId: 807 });
    expect(noYear.confidence).toBeLessThan(0.8);
    const [subtitle, subtitleNoYear] = matchImport(
      [row('Star Wars: Episode IV - A New Hope', 1977), row('Star Wars: Episode IV - A New Hope', null)],
      catalog,
    ).matches;
    expect(subtitle).toMatchObject({ status: 'title', movieId: 11 });
    expect(subtitleNoYear.status).toBe('not-found');
    expect(matchImport([row('Undated Film', 2010)], catalog).matches[0]).toMatchObject({ status: 'title', movieId: 900003 });
  });

  it('formula-looking titles are only looked up, never evaluated', () => {
    const result = matchImport([row('=1+1', 2000), row('@SUM(A1)', 2000), row('-2', 2000)], catalog);
    expect(result.notFound).toBe(3);
  });
});

describe('speed', () => {
  /** A synthetic catalog: unique three-word titles, 5% remakes (same title, other year), some with original titles. */
  function syntheticCatalog(size: number): MatchCatalog {
    const words = 'night city love dark return blue river king last summer ghost war dream heart road star house girl man secret'.split(' ');
    const more = 'red black white gold iron silent lost wild broken hidden golden empty burning frozen final first little great long deep'.split(' ');
    const vocabulary = [...words, ...more];
    let seed = 42;
    const next = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff);
    const titles: string[] = [];
    const originalTitles: (string | null)[] = [];
    const years: (number | null)[] = [];
    for (let i = 0; i < size; i++) {
      const words3 = [i % 40, Math.floor(i / 40) % 40, Math.floor(i / 1600) % 40].map((w) => vocabulary[w]);
      const title = i % 20 === 19 ? titles[next() % titles.length].replace(/^The /, '') : words3.join(' ');
      titles.push(i % 7 === 0 ? `The ${title}` : title.replace(/^./, (c) => c.toUpperCase()));
      originalTitles.push(i % 5 === 0 ? `Le ${title} ${i}` : null);
      years.push(1920 + (next() % 100));
    }
    return {
      ids: Int32Array.from({ length: size }, (_, i) => i + 1),
      titles,
      originalTitles,
      years,
      imdbIds: Array.from({ length: size }, (_, i) => (i % 2 === 0 ? 1_000_000 + i : 0)),
      voteCount: Array.from({ length: size }, () => next() % 5000),
    };
  }

  it('matches 50,000 rows in well under a second, and parses them in a few', async () => {
    const catalog = syntheticCatalog(45_000);
    const lines = ['Date,Name,Year,Letterboxd URI,Rating'];
    for (let i = 0; i < 50_000; i++) {
      const m = (i * 7919) % 45_000;
      const title = catalog.titles[m].replace(/^The (.*)$/, '$1, The').toUpperCase();
      lines.push(`2023-01-01,"${title}",${catalog.years[m]! + (i % 10 === 0 ? 1 : 0)},https://boxd.it/${i},${(1 + (i % 10)) / 2}`);
    }
    const bytes = new TextEncoder().encode(lines.join('\r\n'));

    /** Best of up to three runs: a shared 2-core machine can stall any single run, a real slowdown is slow every time. */
    const bestMs = <T>(bound: number, run: () => Promise<T> | T): Promise<{ ms: number; value: T }> =>
      (async () => {
        let best = { ms: Infinity, value: undefined as T };
        for (let attempt = 0; attempt < 3 && best.ms > bound; attempt++) {
          const started = performance.now();
          const value = await run();
          const ms = performance.now() - started;
          if (ms < best.ms) best = { ms, value };
        }
        return best;
      })();

    const { ms: parseMs, value: history } = await bestMs(5_000, async () => {
      const detected = await detectImport([{ name: 'ratings.csv', bytes }]);
      if (detected.kind !== 'history' || detected.source !== 'letterboxd') throw new Error(detected.kind);
      return parseImport(detected, NOW);
    });
    const { ms: indexMs, value: index } = await bestMs(1_000, () => buildMatchIndex({ ...catalog }));
    const { ms: matchMs, value: result } = await bestMs(1_000, () => matchImport(history.rows, index));

    console.log(`50k rows: detect+parse ${parseMs.toFixed(0)} ms, index 45k movies ${indexMs.toFixed(0)} ms, match ${matchMs.toFixed(0)} ms`);
    expect(history.rows.length + history.collapsed).toBe(50_000);
    expect(result.notFound).toBe(0);
    expect(matchMs).toBeLessThan(1_000);
    expect(indexMs + matchMs).toBeLessThan(2_000);
    expect(parseMs).toBeLessThan(5_000);
  });
});
