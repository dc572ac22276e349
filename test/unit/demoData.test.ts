import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Papa from 'papaparse';
import { REAL_DATA_DIR } from '../helpers/realData';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildDemoCatalog,
  CREDITS_HEADER,
  DEMO_ANCHOR_MOVIE,
  DEMO_ANCHOR_SEQUEL,
  DEMO_FILE_NAMES,
  DEMO_LINE_ENDINGS,
  DEMO_PLANTED_TITLES,
  generateDemoData,
  KEYWORDS_HEADER,
  LINKS_HEADER,
  METADATA_HEADER,
  RATINGS_HEADER,
  TMDB_GENRES,
  type DemoDataSummary,
  type DemoFileName,
} from '../../src/pipeline/demo/generateDemoData';
import { csvDocument } from '../../src/pipeline/demo/csvWriter';
import { mulberry32 } from '../../src/pipeline/demo/random';
import { parsePythonLiteral, PythonLiteralError, type PyValue } from '../../src/pipeline/pythonLiteral';
import { toPythonRepr } from '../../src/pipeline/demo/pythonRepr';
import { cellNames } from '../helpers/listCells';

const KAGGLE_DIR = REAL_DATA_DIR;
const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const HEADERS: Record<DemoFileName, readonly string[]> = {
  'movies_metadata.csv': METADATA_HEADER,
  'credits.csv': CREDITS_HEADER,
  'keywords.csv': KEYWORDS_HEADER,
  'links.csv': LINKS_HEADER,
  'links_small.csv': LINKS_HEADER,
  'ratings_small.csv': RATINGS_HEADER,
};

let workDir: string;
let summary: DemoDataSummary;
const texts = {} as Record<DemoFileName, string>;
const tables = {} as Record<DemoFileName, string[][]>;

function parseCsv(text: string): string[][] {
  const parsed = Papa.parse<string[]>(text, { skipEmptyLines: true });
  expect(parsed.errors).toEqual([]);
  return parsed.data;
}

/** Rows of a file as objects keyed by header (header row dropped). */
function records(name: DemoFileName): Record<string, string>[] {
  const [header, ...rows] = tables[name];
  return rows.map((row) => Object.fromEntries(header.map((column, i) => [column, row[i]])));
}

beforeAll(async () => {
  workDir = mkdtempSync(join(tmpdir(), 'cinelocal-demo-'));
  summary = await generateDemoData(join(workDir, 'a'));
  for (const name of DEMO_FILE_NAMES) {
    texts[name] = readFileSync(join(workDir, 'a', name), 'utf8');
    tables[name] = parseCsv(texts[name]);
  }
});

afterAll(() => {
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

describe('determinism and speed', () => {
  it('writes byte-identical files for the same seed, different files for another seed', async () => {
    const again = await generateDemoData(join(workDir, 'b'));
    const other = await generateDemoData(join(workDir, 'c'), { seed: 7 });
    // Timed in the log only: a shared CI machine made a fixed bound fail under load (speed belongs in npm run bench).
    console.log(`generateDemoData (1500 movies, 300 users): ${summary.elapsedMs} ms cold, ${again.elapsedMs} ms warm`);
    for (const name of DEMO_FILE_NAMES) {
      const first = readFileSync(join(workDir, 'a', name));
      expect(readFileSync(join(workDir, 'b', name)).equals(first), `${name} differs between runs`).toBe(true);
      if (name !== 'links.csv' && name !== 'links_small.csv') {
        expect(readFileSync(join(workDir, 'c', name)).equals(first), `${name} ignores the seed`).toBe(false);
      }
    }
    expect(again.dirt).toEqual(summary.dirt);
    expect(other.dirt.duplicatedIds).not.toEqual(summary.dirt.duplicatedIds);
  });

  it('mulberry32 is a fixed sequence', () => {
    const next = mulberry32(42);
    expect([next(), next(), next()].map((x) => Math.floor(x * 1e6))).toEqual(
      (() => {
        const again = mulberry32(42);
        return [again(), again(), again()].map((x) => Math.floor(x * 1e6));
      })(),
    );
    const values = Array.from({ length: 10_000 }, mulberry32(1));
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThan(1);
    expect(Math.abs(values.reduce((a, b) => a + b, 0) / values.length - 0.5)).toBeLessThan(0.02);
  });
});

describe('Kaggle file format', () => {
  it('has the exact headers, row counts and row widths', () => {
    expect(METADATA_HEADER.length).toBe(24);
    for (const name of DEMO_FILE_NAMES) {
      const [header, ...rows] = tables[name];
      expect(header, name).toEqual([...HEADERS[name]]);
      expect(rows.length, name).toBe(summary.files[name].rows);
      const badWidth = rows.findIndex((row) => row.length !== header.length);
      expect(badWidth, `${name} row ${badWidth + 2} has the wrong width`).toBe(-1);
    }
    expect(summary.files['movies_metadata.csv'].rows).toBe(1500 + 3 * 2 + 3);
  });

  it('uses CRLF for links*.csv and ratings_small.csv and LF (never CR) for the pandas-written files', () => {
    for (const name of DEMO_FILE_NAMES) {
      const text = texts[name];
      expect(text.endsWith(DEMO_LINE_ENDINGS[name]), name).toBe(true);
      if (DEMO_LINE_ENDINGS[name] === '\r\n') {
        expect(text.split('\r\n').length - 1, name).toBe(summary.files[name].rows + 1);
        expect(text.replace(/\r\n/g, '').includes('\n'), `${name} has a bare LF`).toBe(false);
      } else {
        expect(text.includes('\r'), `${name} has a CR`).toBe(false);
      }
    }
  });

  it('quotes exactly like Python csv QUOTE_MINIMAL (only fields with , " or line breaks)', () => {
    const quoteMinimal = (field: string): string => (/[",\r\n]/.test(field) ? `"${field.replace(/"/g, '""')}"` : field);
    for (const name of DEMO_FILE_NAMES) {
      const ending = DEMO_LINE_ENDINGS[name];
      const rewritten = tables[name].map((row) => row.map(quoteMinimal).join(',')).join(ending) + ending;
      expect(rewritten === texts[name], `${name} is not QUOTE_MINIMAL`).toBe(true);
    }
    // A quoted multi-line overview and a title with a comma and one with double quotes exist.
    expect(texts['movies_metadata.csv']).toContain('"Night Train, Day Train"');
    expect(texts['movies_metadata.csv']).toContain('"The ""Perfect"" Heist"');
    expect(summary.dirt.overviewWithLineBreakIds.length).toBeGreaterThanOrEqual(1);
  });

  it('writes numbers like pandas: floats with .0, ints without, ratings as 4.0/3.5', () => {
    const movie = records('movies_metadata.csv').find((row) => row.id === String(DEMO_ANCHOR_MOVIE.id))!;
    expect(movie.popularity).toBe('24.5');
    expect(movie.vote_average).toBe('7.7');
    expect(movie.vote_count).toBe('5012');
    expect(movie.runtime).toMatch(/^\d+\.0$/);
    expect(movie.budget).toMatch(/^\d+$/);
    expect(movie.adult).toBe('False');
    expect(movie.video).toBe('False');
    expect(movie.imdb_id).toBe('tt0400001');
    for (const row of records('ratings_small.csv')) {
      expect(row.rating).toMatch(/^[0-5]\.[05]$/);
      expect(row.timestamp).toMatch(/^\d{9,10}$/);
    }
    for (const row of records('links.csv')) expect(row.imdbId).toMatch(/^\d{7}$/);
  });

  it('writes list cells that parse and print back identically (Python repr style)', () => {
    const checkCells = (name: DemoFileName, columns: string[], skipIds: Set<string>): number => {
      let checked = 0;
      for (const row of records(name)) {
        if (!/^\d+$/.test(row.id) || skipIds.has(row.id)) continue;
        for (const column of columns) {
          const cell = row[column];
          if (cell === '') continue;
          expect(toPythonRepr(parsePythonLiteral(cell)), `${name} id ${row.id} ${column}`).toBe(cell);
          checked++;
        }
      }
      return checked;
    };
    const unparseable = new Set(summary.dirt.unparseableGenresIds.map(String));
    const metadataColumns = ['belongs_to_collection', 'genres', 'production_companies', 'production_countries', 'spoken_languages'];
    expect(checkCells('movies_metadata.csv', metadataColumns, unparseable)).toBeGreaterThan(6000);
    expect(checkCells('credits.csv', ['cast', 'crew'], new Set())).toBeGreaterThan(3000);
    expect(checkCells('keywords.csv', ['keywords'], new Set())).toBeGreaterThan(1500);
    // The real files' non-ASCII, apostrophes and escapes all occur.
    const creditCells = tables['credits.csv'].flat().join('\n');
    const keywordCells = tables['keywords.csv'].flat().join('\n');
    expect(creditCells).toContain(`'name': "Zoë O'Brien"`);
    expect(creditCells).toContain(`'character': 'Jimmy "The Kid" O\\'Neil'`);
    expect(keywordCells).toContain("'name': 'tough\\xa0girl'");
    expect(keywordCells).toContain(`'name': "based on children's book"`);
  });

  it('uses only the 20 real TMDB genres with their real ids', () => {
    const known = new Map(TMDB_GENRES.map((genre) => [genre.id, genre.name]));
    expect(known.size).toBe(20);
    const seen = new Set<string>();
    const unparseable = new Set(summary.dirt.unparseableGenresIds.map(String));
    for (const row of records('movies_metadata.csv')) {
      if (!/^\d+$/.test(row.id) || unparseable.has(row.id)) continue;
      const genres = parsePythonLiteral(row.genres) as { id: number; name: string }[];
      expect(genres.length).toBeLessThanOrEqual(4);
      for (const genre of genres) {
        expect(known.get(genre.id), `genre ${JSON.stringify(genre)} of id ${row.id}`).toBe(genre.name);
        seen.add(genre.name);
      }
    }
    expect(seen.size).toBeGreaterThanOrEqual(18);
  });
});

describe('content', () => {
  it('contains the anchor movie and its sequel with the exported facts', () => {
    const metadata = records('movies_metadata.csv');
    const keywords = records('keywords.csv');
    const credits = records('credits.csv');
    for (const spec of [DEMO_ANCHOR_MOVIE, DEMO_ANCHOR_SEQUEL]) {
      const rows = metadata.filter((row) => row.id === String(spec.id));
      expect(rows).toHaveLength(1);
      const [row] = rows;
      expect(row.title).toBe(spec.title);
      expect(row.release_date).toBe(spec.releaseDate);
      expect(row.imdb_id).toBe(spec.imdbId);
      expect(cellNames(row.genres).names).toEqual([...spec.genres]);
      expect((parsePythonLiteral(row.belongs_to_collection) as Record<string, PyValue>).name).toBe(spec.collection);
      const keywordRow = keywords.find((k) => k.id === String(spec.id))!;
      expect(cellNames(keywordRow.keywords).names).toEqual([...spec.keywords]);
      const creditRow = credits.find((c) => c.id === String(spec.id))!;
      expect(cellNames(creditRow.crew, (entry) => entry.job === 'Director').names).toEqual([spec.director]);
      expect(cellNames(creditRow.cast).names[0]).toBe(spec.leadActor);
      const link = records('links_small.csv').find((l) => l.movieId === String(spec.movieLensId))!;
      expect(link.tmdbId).toBe(String(spec.id));
    }
    // The anchor director directs only the two anchor films.
    const directed = credits.filter((c) => cellNames(c.crew, (e) => e.job === 'Director').names.includes(DEMO_ANCHOR_MOVIE.director));
    expect(directed.map((c) => Number(c.id)).sort()).toEqual([DEMO_ANCHOR_MOVIE.id, DEMO_ANCHOR_SEQUEL.id]);
    const anchorRatings = records('ratings_small.csv').filter((r) => r.movieId === String(DEMO_ANCHOR_MOVIE.movieLensId));
    expect(anchorRatings.length).toBeGreaterThanOrEqual(20);
  });

  it('contains the planted titles, sequels and the required variety', () => {
    const metadata = records('movies_metadata.csv').filter((row) => /^\d+$/.test(row.id) && row.title !== '');
    const titles = metadata.map((row) => row.title);
    for (const planted of DEMO_PLANTED_TITLES) expect(titles, planted.title).toContain(planted.title);
    expect(titles.filter((title) => title === 'The Silent Harbor')).toHaveLength(2);
    expect(titles.filter((title) => / \d$/.test(title)).length).toBeGreaterThanOrEqual(20);
    expect(titles.filter((title) => title.includes("'")).length).toBeGreaterThanOrEqual(50);
    expect(titles.filter((title) => /[\u0080-\uffff]/.test(title)).length).toBeGreaterThanOrEqual(50);
    expect(metadata.filter((row) => row.original_title !== row.title).length).toBeGreaterThanOrEqual(20);
    const years = metadata.filter((row) => row.release_date).map((row) => Number(row.release_date.slice(0, 4)));
    expect(Math.min(...years)).toBeGreaterThanOrEqual(1930);
    expect(Math.max(...years)).toBeLessThanOrEqual(2017);
    expect(Math.max(...years) - Math.min(...years)).toBeGreaterThanOrEqual(70);
    const keywordCounts = records('keywords.csv')
      .map((row) => cellNames(row.keywords).names.length)
      .filter((n) => n > 0);
    expect(Math.min(...keywordCounts)).toBeGreaterThanOrEqual(3);
    expect(Math.max(...keywordCounts)).toBeLessThanOrEqual(16);
    const multiWord = records('keywords.csv').some((row) => cellNames(row.keywords).names.includes('time travel'));
    expect(multiWord).toBe(true);
    const credits = records('credits.csv').filter((row) => row.cast !== '[]');
    const castSizes = credits.map((row) => cellNames(row.cast).names.length);
    expect(Math.min(...castSizes)).toBeGreaterThanOrEqual(5);
    expect(Math.max(...castSizes)).toBeLessThanOrEqual(12);
    const directorCounts = records('credits.csv')
      .filter((row) => row.crew !== '[]')
      .map((row) => cellNames(row.crew, (e) => e.job === 'Director').names.length);
    expect(new Set(directorCounts)).toEqual(new Set([1, 2]));
    const jobs = new Set(records('credits.csv').flatMap((row) => (parsePythonLiteral(row.crew) as Record<string, PyValue>[]).map((e) => e.job)));
    expect(jobs.size).toBeGreaterThanOrEqual(8);
  });

  it('correlates popularity and votes with the latent quality', () => {
    const catalog = buildDemoCatalog({ movies: 1500, users: 300 });
    const movies = catalog.movies.filter((movie) => movie.kind === 'catalog' && movie.voteCount > 20);
    const correlation = (xs: number[], ys: number[]): number => {
      const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
      const my = ys.reduce((a, b) => a + b, 0) / ys.length;
      let sxy = 0;
      let sxx = 0;
      let syy = 0;
      xs.forEach((x, i) => {
        sxy += (x - mx) * (ys[i] - my);
        sxx += (x - mx) ** 2;
        syy += (ys[i] - my) ** 2;
      });
      return sxy / Math.sqrt(sxx * syy);
    };
    const quality = movies.map((movie) => movie.bias);
    const voteCorrelation = correlation(
      quality,
      movies.map((movie) => movie.voteAverage),
    );
    const popularityCorrelation = correlation(
      quality,
      movies.map((movie) => Math.log(movie.popularity)),
    );
    console.log(`corr(bias, vote_average) = ${voteCorrelation.toFixed(2)}, corr(bias, log popularity) = ${popularityCorrelation.toFixed(2)}`);
    expect(voteCorrelation).toBeGreaterThan(0.6);
    expect(popularityCorrelation).toBeGreaterThan(0.2);
  });
});

describe('dirt like the real files', () => {
  it('has 3 shifted rows whose id is a date, preceded by truncated first halves', () => {
    const rows = tables['movies_metadata.csv'].slice(1);
    const malformed = rows.map((row, index) => ({ row, index })).filter(({ row }) => !/^\d+$/.test(row[5]));
    expect(malformed).toHaveLength(3);
    expect(summary.malformedMetadataRows).toBe(3);
    expect(summary.truncatedMetadataRows).toBe(3);
    for (const { row, index } of malformed) {
      expect(row[5]).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(summary.dirt.malformedIdCells).toContain(row[5]);
      const firstHalf = rows[index - 1];
      expect(summary.dirt.truncatedIds).toContain(Number(firstHalf[5]));
      expect(firstHalf.slice(10).every((cell) => cell === '')).toBe(true);
      expect(firstHalf[8]).not.toBe(''); // original_title survives
      expect(row[11]).not.toBe(''); // the title landed in poster_path
      expect(row[20]).toBe(''); // and the title column is empty
      expect(() => parsePythonLiteral(row[3])).not.toThrow(); // genres holds production_companies
      expect(row[3]).toMatch(/^\[(\{'name': .*)?\]$/);
    }
  });

  it('has duplicated ids whose rows differ only in popularity, also repeated in keywords and credits', () => {
    const metadata = records('movies_metadata.csv');
    const byId = new Map<string, Record<string, string>[]>();
    for (const row of metadata) byId.set(row.id, [...(byId.get(row.id) ?? []), row]);
    const duplicated = [...byId].filter(([, rows]) => rows.length > 1);
    expect(duplicated.map(([id]) => Number(id)).sort()).toEqual([...summary.dirt.duplicatedIds].sort());
    expect(summary.duplicatedIds).toBe(3);
    for (const [, [a, b]] of duplicated) {
      const differing = METADATA_HEADER.filter((column) => a[column] !== b[column]);
      expect(differing).toEqual(['popularity']);
    }
    const keywordIds = records('keywords.csv').map((row) => row.id);
    const creditIds = records('credits.csv').map((row) => row.id);
    for (const id of summary.dirt.duplicatedIds) {
      expect(keywordIds.filter((k) => k === String(id))).toHaveLength(2);
      expect(creditIds.filter((c) => c === String(id))).toHaveLength(2);
    }
  });

  it('has empty cells, an unparseable genres cell and orphan keyword/credit rows, as counted in the summary', () => {
    const wellFormed = records('movies_metadata.csv').filter((row) => /^\d+$/.test(row.id) && row.title !== '');
    const distinct = new Map(wellFormed.map((row) => [row.id, row]));
    expect(distinct.size).toBe(summary.movies);
    const count = (predicate: (row: Record<string, string>) => boolean) => [...distinct.values()].filter(predicate).length;
    expect(count((row) => row.release_date === '')).toBe(summary.emptyReleaseDateRows);
    expect(count((row) => row.overview === '')).toBe(summary.emptyOverviewRows);
    expect(count((row) => row.genres === '[]')).toBe(summary.emptyGenresRows);
    expect(summary.emptyReleaseDateRows).toBeGreaterThan(0);
    expect(summary.emptyOverviewRows).toBeGreaterThan(0);
    expect(summary.emptyGenresRows).toBeGreaterThan(0);
    const unparseable = [...distinct.values()].filter((row) => Object.keys(cellNames(row.genres).warnings).length > 0);
    expect(unparseable.map((row) => Number(row.id))).toEqual(summary.dirt.unparseableGenresIds);
    expect(summary.unparseableGenresRows).toBe(1);
    expect(() => parsePythonLiteral(unparseable[0].genres)).toThrow(PythonLiteralError);

    const metadataIds = new Set(records('movies_metadata.csv').map((row) => row.id));
    const orphanKeywords = records('keywords.csv').filter((row) => !metadataIds.has(row.id));
    const orphanCredits = records('credits.csv').filter((row) => !metadataIds.has(row.id));
    expect(orphanKeywords.map((row) => Number(row.id))).toEqual(expect.arrayContaining(summary.dirt.orphanKeywordIds));
    expect(orphanKeywords).toHaveLength(summary.orphanKeywordRows);
    expect(orphanCredits).toHaveLength(summary.orphanCreditRows);
    expect(summary.orphanKeywordRows).toBeGreaterThan(0);
    expect(records('keywords.csv').filter((row) => row.keywords === '[]')).toHaveLength(summary.emptyKeywordsRows);
    expect(records('credits.csv').filter((row) => row.cast === '[]')).toHaveLength(summary.emptyCastRows);
    // Orphan credits have crew '[]' too; the rest are the counted movies.
    expect(records('credits.csv').filter((row) => row.crew === '[]' && metadataIds.has(row.id))).toHaveLength(summary.emptyCrewRows);
  });

  it('has MovieLens ids distinct from TMDB ids, links without tmdbId, and ratings for unknown movieIds', () => {
    const links = records('links.csv');
    const linksSmall = records('links_small.csv');
    expect(links.filter((row) => row.movieId !== row.tmdbId).length).toBeGreaterThan(links.length - 5);
    expect(links.filter((row) => row.tmdbId === '')).toHaveLength(summary.linksWithoutTmdbId);
    expect(linksSmall.filter((row) => row.tmdbId === '')).toHaveLength(summary.linksSmallWithoutTmdbId);
    expect(summary.linksWithoutTmdbId).toBe(3);
    expect(summary.linksSmallWithoutTmdbId).toBe(2);
    const allMovieIds = new Set(links.map((row) => row.movieId));
    for (const row of linksSmall) expect(allMovieIds.has(row.movieId)).toBe(true);
    const ascending = links.every((row, i) => i === 0 || Number(row.movieId) > Number(links[i - 1].movieId));
    expect(ascending).toBe(true);

    const ratings = records('ratings_small.csv');
    const smallIds = new Map(linksSmall.map((row) => [row.movieId, row.tmdbId]));
    const unknown = ratings.filter((row) => !allMovieIds.has(row.movieId));
    expect(unknown).toHaveLength(summary.ratingsForUnknownMovieIds);
    expect(summary.ratingsForUnknownMovieIds).toBeGreaterThan(0);
    expect(ratings.filter((row) => smallIds.get(row.movieId) === '')).toHaveLength(summary.ratingsForMoviesWithoutTmdbId);
    const mappable = ratings.filter((row) => (smallIds.get(row.movieId) ?? '') !== '');
    expect(mappable).toHaveLength(summary.mappableRatings);
    // Every known rated movie is in links_small, like the real ratings_small.
    expect(ratings.filter((row) => allMovieIds.has(row.movieId) && !smallIds.has(row.movieId))).toHaveLength(0);
  });
});

describe('ratings carry collaborative signal', () => {
  function split() {
    const ratings = records('ratings_small.csv').map((row) => ({ user: row.userId, movie: row.movieId, rating: Number(row.rating) }));
    const random = mulberry32(99);
    const train: typeof ratings = [];
    const test: typeof ratings = [];
    for (const rating of ratings) (random() < 0.8 ? train : test).push(rating);
    return { ratings, train, test };
  }

  it('has 20–200 ratings per user in half steps 0.5..5 and one rating per (user, movie)', () => {
    const { ratings } = split();
    const perUser = new Map<string, number>();
    const pairs = new Set<string>();
    for (const r of ratings) {
      perUser.set(r.user, (perUser.get(r.user) ?? 0) + 1);
      pairs.add(`${r.user}:${r.movie}`);
      expect(r.rating * 2).toBe(Math.round(r.rating * 2));
      expect(r.rating).toBeGreaterThanOrEqual(0.5);
      expect(r.rating).toBeLessThanOrEqual(5);
    }
    expect(pairs.size).toBe(ratings.length);
    expect(perUser.size).toBe(300);
    const counts = [...perUser.values()];
    expect(Math.min(...counts)).toBeGreaterThanOrEqual(20);
    expect(Math.max(...counts)).toBeLessThanOrEqual(205);
    console.log(`ratings: ${ratings.length}, per user ${Math.min(...counts)}..${Math.max(...counts)}`);
  });

  it('per-user means spread around the global mean, and item/user biases beat the global mean on a held-out split', () => {
    const { train, test } = split();
    const globalMean = train.reduce((sum, r) => sum + r.rating, 0) / train.length;
    const sums = (key: 'user' | 'movie', residual: (r: (typeof train)[number]) => number) => {
      const totals = new Map<string, { sum: number; n: number }>();
      for (const r of train) {
        const entry = totals.get(r[key]) ?? { sum: 0, n: 0 };
        entry.sum += residual(r);
        entry.n += 1;
        totals.set(r[key], entry);
      }
      return totals;
    };
    const shrunk = (totals: Map<string, { sum: number; n: number }>, id: string) => {
      const entry = totals.get(id);
      return entry ? entry.sum / (entry.n + 5) : 0;
    };
    const userMeans = [...sums('user', (r) => r.rating)].map(([, e]) => e.sum / e.n);
    const userMeanSd = Math.sqrt(userMeans.reduce((s, m) => s + (m - globalMean) ** 2, 0) / userMeans.length);
    const itemTotals = sums('movie', (r) => r.rating - globalMean);
    const userTotals = sums('user', (r) => r.rating - globalMean - shrunk(itemTotals, r.movie));
    const rmse = (predict: (r: (typeof test)[number]) => number) => Math.sqrt(test.reduce((s, r) => s + (r.rating - predict(r)) ** 2, 0) / test.length);
    const globalRmse = rmse(() => globalMean);
    const itemRmse = rmse((r) => globalMean + shrunk(itemTotals, r.movie));
    const baselineRmse = rmse((r) => globalMean + shrunk(itemTotals, r.movie) + shrunk(userTotals, r.user));
    console.log(
      `global mean ${globalMean.toFixed(3)}, sd of user means ${userMeanSd.toFixed(3)}; RMSE global ${globalRmse.toFixed(4)}, ` +
        `item-mean ${itemRmse.toFixed(4)}, user+item ${baselineRmse.toFixed(4)}`,
    );
    expect(userMeanSd).toBeGreaterThan(0.3);
    expect(itemRmse).toBeLessThan(globalRmse * 0.95);
    expect(baselineRmse).toBeLessThan(itemRmse * 0.93);
  });

  it('has taste signal beyond biases: users rate their liked genres above their disliked ones', () => {
    const catalog = buildDemoCatalog();
    const byMovieLensId = new Map(catalog.movies.map((movie) => [movie.movieLensId, movie]));
    const users = new Map(catalog.users.map((user) => [user.userId, user]));
    let liked = 0;
    let likedCount = 0;
    let disliked = 0;
    let dislikedCount = 0;
    for (const rating of catalog.ratings) {
      const movie = byMovieLensId.get(rating.movieId);
      const user = users.get(rating.userId)!;
      if (!movie) continue;
      const residual = rating.rating - 3.5 - user.bias - movie.bias;
      const names = movie.genres.map((genre) => genre.name);
      if (names.some((name) => user.likedGenres.includes(name))) {
        liked += residual;
        likedCount++;
      } else if (names.some((name) => user.dislikedGenres.includes(name))) {
        disliked += residual;
        dislikedCount++;
      }
    }
    console.log(
      `mean residual: liked genres ${(liked / likedCount).toFixed(3)} (${likedCount}), disliked ${(disliked / dislikedCount).toFixed(3)} (${dislikedCount})`,
    );
    expect(liked / likedCount - disliked / dislikedCount).toBeGreaterThan(0.4);
  });
});

describe('options and CLI', () => {
  it('scales down and keeps all dirt kinds', async () => {
    const small = await generateDemoData(join(workDir, 'small'), { seed: 3, movies: 200, users: 40 });
    expect(small.movies).toBe(200);
    expect(small.users).toBe(40);
    expect(small.malformedMetadataRows).toBe(3);
    expect(small.duplicatedIds).toBe(3);
    expect(small.unparseableGenresRows).toBe(1);
    expect(small.ratingsForUnknownMovieIds).toBeGreaterThan(0);
    expect(small.emptyOverviewRows).toBeGreaterThan(0);
  });

  it('rejects options it cannot honour with a message naming the option', () => {
    expect(() => buildDemoCatalog({ movies: 5 })).toThrow(/movies must be an integer >= \d+, got 5/);
    expect(() => buildDemoCatalog({ users: 2.5 })).toThrow(/users must be an integer/);
    expect(() => buildDemoCatalog({ seed: 0.5 })).toThrow(/seed must be an integer/);
  });

  it('runs as `tsx scripts/generate-demo-data.ts --out DIR --seed N`', () => {
    const out = join(workDir, 'cli');
    const stdout = execFileSync(
      process.execPath,
      ['--import', 'tsx', 'scripts/generate-demo-data.ts', '--out', out, '--seed', '11', '--movies', '100', '--users', '20'],
      { cwd: REPO_ROOT, encoding: 'utf8' },
    );
    expect(stdout).toContain('seed 11');
    for (const name of DEMO_FILE_NAMES) expect(existsSync(join(out, name)), name).toBe(true);
    expect(() =>
      execFileSync(process.execPath, ['--import', 'tsx', 'scripts/generate-demo-data.ts', '--seed', 'x'], {
        cwd: REPO_ROOT,
        encoding: 'utf8',
        stdio: 'pipe',
      }),
    ).toThrow(/--seed needs an integer/);
  });
});

describe.skipIf(!existsSync(KAGGLE_DIR))('the CSV writer against the real Kaggle files', () => {
  it('reproduces the real files byte for byte from their parsed rows', () => {
    const files: [string, '\n' | '\r\n'][] = [
      ['keywords.csv', '\n'],
      ['links_small.csv', '\r\n'],
      ['links.csv', '\r\n'],
      ['ratings_small.csv', '\r\n'],
      ['partial/movies_metadata_first5000.csv', '\n'],
    ];
    for (const [file, ending] of files) {
      const original = readFileSync(join(KAGGLE_DIR, file), 'utf8');
      const [header, ...rows] = Papa.parse<string[]>(original, { skipEmptyLines: true }).data;
      let rewritten = csvDocument(header, rows, ending);
      if (!original.endsWith(ending)) rewritten = rewritten.slice(0, -ending.length);
      expect(rewritten === original, `${file} differs after rewrite`).toBe(true);
    }
  });

  it('uses the real headers', () => {
    const realHeader = (file: string) => readFileSync(join(KAGGLE_DIR, file), 'utf8').split(/\r?\n/, 1)[0];
    for (const name of DEMO_FILE_NAMES) expect(HEADERS[name].join(','), name).toBe(realHeader(name));
  });
});

if (!existsSync(KAGGLE_DIR)) {
  console.log(`SKIP real-file format comparison: ${KAGGLE_DIR} is absent (real Kaggle CSVs are not in the repo).`);
}
