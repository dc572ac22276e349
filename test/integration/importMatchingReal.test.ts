// History-import matching on the real 45k-movie catalog: 1,000 sampled movies written the way Letterboxd and IMDb
// exports name them (with realistic noise) go through detect → parse → match; title matching must find ≥ 98%.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CONFIDENT_TITLE_MATCH, detectImport, matchImport, parseImport, type MatchCatalog, type MatchResult } from '../../src/history';
import { readCsv } from '../../src/pipeline/csv';
import { readMovies } from '../../src/pipeline/movies';
import { HAS_REAL_DATA, REAL_DATA_DIR, reportSkip } from '../helpers/realData';

reportSkip('real-data import matching test');

const SAMPLE = 1_000;
const NOW = Date.UTC(2024, 0, 1);

/** mulberry32: a fixed-seed generator, so the sample and its noise are the same every run. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Catalog rows drawn without replacement, weighted by √(votes + 1): histories lean to known films but not only hits. */
function weightedSample(votes: ArrayLike<number>, count: number, rand: () => number, eligible: (i: number) => boolean): number[] {
  const keys: [number, number][] = [];
  for (let i = 0; i < votes.length; i++) {
    if (!eligible(i)) continue;
    // Efraimidis–Spirakis: the `count` largest u^(1/w) are a weighted sample without replacement.
    keys.push([Math.pow(rand(), 1 / Math.sqrt(votes[i] + 1)), i]);
  }
  return keys
    .sort((a, b) => b[0] - a[0])
    .slice(0, count)
    .map((k) => k[1]);
}

const ARTICLE = /^(The|A|An|Le|La|Les|Der|Die|Das|El|Los|Il) (.+)$/;

/** A title as a person's export might spell it: accents dropped, article moved, case, punctuation, '&'/'and', numerals. */
function noisyTitle(title: string, rand: () => number): string {
  let text = title;
  if (rand() < 0.3) text = text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
  if (rand() < 0.5) text = text.includes('&') ? text.replace(/&/g, 'and') : text.replace(/ and /g, ' & ');
  if (rand() < 0.5)
    text = text
      .replace(/\b(II|III|IV)\b/g, (r) => String({ II: 2, III: 3, IV: 4 }[r]))
      .replace(/ ([2-4])$/, (_, d: string) => ` ${['II', 'III', 'IV'][Number(d) - 2]}`);
  const punctuation = rand();
  if (punctuation < 0.1) text = text.replace(/: /g, ' - ');
  else if (punctuation < 0.2) text = text.replace(/[:'’.!?,]/g, '');
  else if (punctuation < 0.25) text = text.replace(/-/g, ' ');
  const article = ARTICLE.exec(text);
  if (article && rand() < 0.3) text = `${article[2]}, ${article[1]}`;
  const casing = rand();
  if (casing < 0.1) text = text.toUpperCase();
  else if (casing < 0.2) text = text.toLowerCase();
  return text;
}

function csvCell(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function tally(result: MatchResult, expected: number[], ids: ArrayLike<number>) {
  let correct = 0;
  let wrong = 0;
  let wrongExact = 0;
  const misses: string[] = [];
  result.matches.forEach((m, i) => {
    if (m.movieId === ids[expected[i]]) correct++;
    else if (m.movieId !== null) {
      wrong++;
      if (m.status === 'exact') wrongExact++;
    }
    if (m.movieId !== ids[expected[i]]) misses.push(`${m.status} ${m.movieId} for ${ids[expected[i]]}: ${m.note ?? ''}`);
  });
  return { correct, wrong, wrongExact, notFound: result.notFound, misses };
}

describe.skipIf(!HAS_REAL_DATA)('import matching on the real catalog', () => {
  let catalog: MatchCatalog;

  beforeAll(async () => {
    // id, title, year and votes exactly as build-data reads them; original_title and imdb_id from the same file's other columns.
    const { movies } = await readMovies(join(REAL_DATA_DIR, 'movies_metadata.csv'));
    const extra = new Map<number, { originalTitle: string | null; imdb: number }>();
    await readCsv(join(REAL_DATA_DIR, 'movies_metadata.csv'), {
      requiredColumns: ['id', 'original_title', 'imdb_id'],
      onRow: (row) => {
        const id = Number(row.id);
        if (!Number.isInteger(id) || extra.has(id)) return;
        const imdb = /^tt(\d+)$/.exec(row.imdb_id?.trim() ?? '');
        // The reconstruction's original_title is partial: an empty cell is "unknown", not a title.
        extra.set(id, { originalTitle: row.original_title?.trim() || null, imdb: imdb ? Number(imdb[1]) : 0 });
      },
    });
    // links.csv (when present) fills IMDb ids movies_metadata lacks.
    const links = new Map<number, number>();
    if (existsSync(join(REAL_DATA_DIR, 'links.csv')))
      await readCsv(join(REAL_DATA_DIR, 'links.csv'), {
        requiredColumns: ['imdbId', 'tmdbId'],
        onRow: (row) => {
          const tmdb = Number(row.tmdbId);
          if (Number.isInteger(tmdb) && /^\d+$/.test(row.imdbId ?? '') && !links.has(tmdb)) links.set(tmdb, Number(row.imdbId));
        },
      });
    catalog = {
      ids: Int32Array.from(movies, (m) => m.id),
      titles: movies.map((m) => m.title),
      originalTitles: movies.map((m) => extra.get(m.id)?.originalTitle ?? null),
      years: movies.map((m) => m.year),
      imdbIds: movies.map((m) => extra.get(m.id)?.imdb || links.get(m.id) || 0),
      voteCount: movies.map((m) => m.voteCount),
    };
  });

  it('matches 1,000 Letterboxd-style rows (noisy titles, 10% off-by-one years) to the right movie ≥ 98% of the time', async () => {
    const rand = random(20240601);
    const sample = weightedSample(catalog.voteCount, SAMPLE, rand, (i) => catalog.years[i] !== null);
    const lines = ['Date,Name,Year,Letterboxd URI,Rating'];
    const expected: number[] = [];
    for (const i of sample) {
      const original = catalog.originalTitles[i];
      const base = original && original !== catalog.titles[i] && rand() < 0.15 ? original : catalog.titles[i];
      const year = catalog.years[i]! + (rand() < 0.1 ? (rand() < 0.5 ? -1 : 1) : 0);
      lines.push(`2023-05-01,${csvCell(noisyTitle(base, rand))},${year},https://boxd.it/${i.toString(36)},${1 + Math.floor(rand() * 9) / 2}`);
      expected.push(i);
    }
    const detected = await detectImport([{ name: 'ratings.csv', bytes: new TextEncoder().encode(lines.join('\n')) }]);
    if (detected.kind !== 'history' || detected.source !== 'letterboxd') throw new Error(`detected ${detected.kind}`);
    const history = parseImport(detected, NOW);
    // Two sampled films whose noisy spellings collapse to the same title and year merge; compare row by row what is left.
    const kept = history.rows.map((r) => expected[r.line - 2]);
    expect(history.skipped).toEqual([]);

    const started = performance.now();
    const result = matchImport(history.rows, catalog);
    const ms = performance.now() - started;
    const { correct, wrong, wrongExact, notFound, misses } = tally(result, kept, catalog.ids);
    const accuracy = correct / kept.length;
    const unsure = result.matches.filter((m) => m.status === 'title' && m.confidence < CONFIDENT_TITLE_MATCH).length;
    const noisy = lines.slice(1).filter((line, k) => !line.includes(`,${csvCell(catalog.titles[expected[k]])},${catalog.years[expected[k]]},`)).length;
    console.log(
      `Letterboxd-style: ${correct}/${kept.length} right (${(accuracy * 100).toFixed(1)}%), ${wrong} wrong, ${notFound} not found, ` +
        `${unsure} below confidence ${CONFIDENT_TITLE_MATCH}, ${history.collapsed} merged as duplicates; ${noisy} rows differ from the catalog's title/year; ` +
        `match ${ms.toFixed(0)} ms incl. index build`,
    );
    if (misses.length > 0) console.log(`misses:\n  ${misses.slice(0, 25).join('\n  ')}`);
    expect(result.exact).toBe(0);
    expect(wrongExact).toBe(0);
    expect(kept.length).toBeGreaterThan(SAMPLE * 0.99);
    expect(accuracy).toBeGreaterThanOrEqual(0.98);
  });

  it('matches the same kind of sample from an IMDb ratings export 100% exactly through IMDb ids', async () => {
    const rand = random(7);
    // Movies whose IMDb id no other catalog movie shares: for a shared id, "the right movie" is not defined.
    const owners = new Map<number, number>();
    for (let i = 0; i < catalog.ids.length; i++) if (catalog.imdbIds[i] > 0) owners.set(catalog.imdbIds[i], (owners.get(catalog.imdbIds[i]) ?? 0) + 1);
    const sample = weightedSample(catalog.voteCount, SAMPLE, rand, (i) => owners.get(catalog.imdbIds[i]) === 1);
    const lines = ['Const,Your Rating,Date Rated,Title,Original Title,URL,Title Type,IMDb Rating,Runtime (mins),Year,Genres,Num Votes,Release Date,Directors'];
    for (const i of sample) {
      const tt = `tt${String(catalog.imdbIds[i]).padStart(7, '0')}`;
      const title = csvCell(noisyTitle(catalog.titles[i], rand));
      lines.push(
        `${tt},${1 + Math.floor(rand() * 10)},2021-03-04,${title},${csvCell(catalog.originalTitles[i] ?? '')},https://www.imdb.com/title/${tt}/,Movie,7.0,100,${catalog.years[i] ?? ''},Drama,1000,,`,
      );
    }
    const detected = await detectImport([{ name: 'ratings.csv', bytes: new TextEncoder().encode(lines.join('\r\n')) }]);
    if (detected.kind !== 'history' || detected.source !== 'imdb-ratings') throw new Error(`detected ${detected.kind}`);
    const history = parseImport(detected, NOW);
    expect(history.rows).toHaveLength(SAMPLE);
    const result = matchImport(history.rows, catalog);
    const { correct, wrong } = tally(result, sample, catalog.ids);
    console.log(`IMDb-style: ${correct}/${SAMPLE} right, ${result.exact} exact, ${wrong} wrong`);
    expect(result.exact).toBe(SAMPLE);
    expect(correct).toBe(SAMPLE);
  });
});
