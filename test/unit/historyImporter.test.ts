// The history import's worker side (src/history/historyImporter.ts through workers/engineWorkerApi.ts and the bridge):
// the real worker API, in process behind a MessageChannel, loads demo shards this test builds and serves over HTTP;
// Letterboxd / IMDb / Trakt / MovieLens files and a Letterboxd ZIP made from real demo titles are detected, parsed and
// matched there; the bytes are transferred as copies; the match index is built once; the Letterboxd CSV comes back.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngineBridge, type EngineBridge } from '../../src/bridge/bridge';
import { Engine } from '../../src/engine/engine';
import { HistoryImporter, matchCatalogOf } from '../../src/history/historyImporter';
import {
  HISTORY_MATCHED_BY,
  HISTORY_ROW_KIND,
  HISTORY_ROW_STATUS,
  stringAt,
  type HistoryAnalysis,
  type HistoryImportProgress,
  type HistoryPreview,
} from '../../src/history/wire';
import { directoryShardFetcher } from '../../src/engine/shards/fetchNode';
import { createEngineWorkerApi } from '../../workers/engineWorkerApi';
import { ChannelWorker } from '../helpers/fakeWorker';
import { tinyDataset, TINY_MOVIES } from '../helpers/tinyDataset';

const REPO = resolve(__dirname, '../..');
const DATA = mkdtempSync(join(tmpdir(), 'cinelocal-history-shards-'));
const encoder = new TextEncoder();

let server: Server;
let bridge: EngineBridge;
/** The same shards, loaded here to pick real demo titles, years and ids for the fixtures. */
let local: Engine;

interface DemoMovie {
  id: number;
  title: string;
  year: number;
  imdbId: number;
}
let picks: DemoMovie[] = [];

/**
 * Node has no Cache Storage: this one remembers "typed arrays" as the compute backend, so the worker's backend race does
 * not load tfjs here (nothing in this test scores).
 */
const cachesBefore = (globalThis as { caches?: unknown }).caches;
const rememberedBackend: Partial<CacheStorage> = {
  open: async () =>
    ({
      match: async () => new Response(JSON.stringify({ active: 'typed-array', timings: {} })),
      put: async () => undefined,
      delete: async () => false,
    }) as unknown as Cache,
  keys: async () => [],
  delete: async () => false,
  match: async () => undefined,
  has: async () => false,
};

beforeAll(async () => {
  (globalThis as { caches?: unknown }).caches = rememberedBackend;
  execFileSync(join(REPO, 'node_modules/.bin/tsx'), [join(REPO, 'scripts/build-data.ts'), '--demo', '--out', DATA], { cwd: REPO, stdio: 'ignore' });
  server = createServer((request, response) => {
    const file = join(DATA, decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname));
    if (!file.startsWith(DATA) || !statSync(file, { throwIfNoEntry: false })?.isFile()) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200).end(readFileSync(file));
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  bridge = createEngineBridge({ createWorker: () => new ChannelWorker(createEngineWorkerApi().api) });
  await bridge.load(url);

  local = await Engine.load(directoryShardFetcher(DATA));
  await local.loadImdbIds(directoryShardFetcher(DATA));
  const { catalog } = local.data;
  const imdbIds = local.imdbIdColumn!;
  // Well-voted movies with a unique title + year, a year and an IMDb id: their matches are unambiguous.
  const seen = new Map<string, number>();
  for (let i = 0; i < catalog.ids.length; i++)
    seen.set(`${catalog.titles[i].toLowerCase()}|${catalog.years[i]}`, (seen.get(`${catalog.titles[i].toLowerCase()}|${catalog.years[i]}`) ?? 0) + 1);
  const rows = Array.from(catalog.ids.keys())
    .filter(
      (i) =>
        catalog.years[i] > 0 &&
        imdbIds[i] > 0 &&
        /^[A-Za-z][A-Za-z ]+$/.test(catalog.titles[i]) &&
        seen.get(`${catalog.titles[i].toLowerCase()}|${catalog.years[i]}`) === 1,
    )
    .sort((a, b) => catalog.voteCount[b] - catalog.voteCount[a]);
  picks = rows.slice(0, 8).map((i) => ({ id: catalog.ids[i], title: catalog.titles[i], year: catalog.years[i], imdbId: imdbIds[i] }));
  expect(picks).toHaveLength(8);
}, 180_000);

afterAll(() => {
  (globalThis as { caches?: unknown }).caches = cachesBefore;
  bridge?.dispose();
  server?.close();
  rmSync(DATA, { recursive: true, force: true });
});

const file = (name: string, text: string) => ({ name, bytes: encoder.encode(text) });
const tt = (n: number) => `tt${String(n).padStart(7, '0')}`;

function asPreview(analysis: HistoryAnalysis): HistoryPreview {
  if (analysis.kind !== 'history') throw new Error(`expected a history preview, got ${analysis.kind}: ${'message' in analysis ? analysis.message : ''}`);
  return analysis;
}

function titleOf(preview: HistoryPreview, movieId: number): string | undefined {
  const at = preview.movies.ids.indexOf(movieId);
  return at >= 0 ? stringAt(preview.movies.titles, at) : undefined;
}

function letterboxdRatings(): string {
  const [a, b, c, d] = picks;
  return [
    'Date,Name,Year,Letterboxd URI,Rating',
    `2023-01-05,${a.title},${a.year},https://boxd.it/a1,4.5`,
    // Case and article noise, and a year off by one.
    `2023-01-06,${b.title.toUpperCase()},${b.year},https://boxd.it/a2,3`,
    `2023-01-07,${c.title},${c.year + 1},https://boxd.it/a3,5`,
    `2023-01-08,${d.title},${d.year},https://boxd.it/a4,11`,
    '2023-01-09,Zzyzx Nowhere Picture,1950,https://boxd.it/a5,2',
  ].join('\n');
}

describe('analyseHistoryImport (worker, demo catalog)', () => {
  it('reads a Letterboxd ratings.csv: title matches with confidence and catalog titles, not found, skipped with reasons', async () => {
    const stages: string[] = [];
    const input = [file('ratings.csv', letterboxdRatings())];
    const preview = asPreview(await bridge.analyseHistoryImport(input, (p: HistoryImportProgress) => stages.push(p.stage)));
    // The caller's bytes were copied before the transfer: still there for a retry.
    expect(input[0].bytes.byteLength).toBeGreaterThan(0);
    expect(preview).toMatchObject({
      source: 'letterboxd',
      sourceLabel: 'Letterboxd export',
      rowsRead: 5,
      watched: 0,
      usedDetails: true,
      datasetKind: 'demo',
      files: [{ name: 'ratings.csv', format: 'letterboxd-ratings', label: 'ratings' }],
    });
    expect(stages).toContain('reading');
    expect(stages).toContain('matching');
    const { rows } = preview;
    expect(rows.count).toBe(4);
    expect(Array.from(rows.status)).toEqual([HISTORY_ROW_STATUS.title, HISTORY_ROW_STATUS.title, HISTORY_ROW_STATUS.title, HISTORY_ROW_STATUS.notFound]);
    expect(Array.from(rows.movieId.slice(0, 3))).toEqual([picks[0].id, picks[1].id, picks[2].id]);
    expect(Array.from(rows.rating2)).toEqual([9, 6, 10, 4]);
    expect(rows.date[0]).toBe(Date.UTC(2023, 0, 5));
    expect(HISTORY_MATCHED_BY[rows.by[0]]).toBe('title');
    expect(rows.confidence[0]).toBeGreaterThan(0.8);
    // A year off by one is less sure.
    expect(rows.confidence[2]).toBeLessThan(rows.confidence[0]);
    expect(stringAt(rows.title, 1)).toBe(picks[1].title.toUpperCase());
    expect(Array.from(rows.line)).toEqual([2, 3, 4, 6]);
    expect(preview.fileNames[rows.file[0]]).toBe('ratings.csv');
    expect(titleOf(preview, picks[1].id)).toBe(picks[1].title);
    expect(stringAt(rows.note, 3)).toMatch(/Zzyzx Nowhere Picture/);
    expect(preview.skipped.count).toBe(1);
    expect(preview.skipped.line[0]).toBe(5);
    expect(stringAt(preview.skipped.reason, 0)).toMatch(/11/);
    expect(rows.altStart).toHaveLength(rows.count + 1);
    // What the page needs without an id map or a sort on the main thread.
    expect(preview.movies.ids[rows.movieIndex[1]]).toBe(picks[1].id);
    expect(rows.movieIndex[3]).toBe(-1);
    expect(preview.counts.ratings).toEqual({ exact: 0, title: 3, notFound: 1, unsure: 0 });
    expect(Array.from(preview.order.title)).toEqual([2, 0, 1]);
    expect(Array.from(preview.order.notFound)).toEqual([3]);
  });

  it('matches IMDb and Trakt exports by id (exact), counts watchlist rows separately, and reads MovieLens', async () => {
    const [a, b, c, d, e] = picks;
    const imdb = [
      'Const,Your Rating,Date Rated,Title,URL,Title Type,Year',
      `${tt(a.imdbId)},9,2021-03-04,Whatever Title,https://www.imdb.com/title/${tt(a.imdbId)}/,Movie,${a.year}`,
      `${tt(b.imdbId)},4,2021-03-05,${b.title},https://www.imdb.com/title/${tt(b.imdbId)}/,Movie,${b.year}`,
      `tt9999999,8,2021-03-06,Some Series,https://www.imdb.com/title/tt9999999/,TV Series,2008`,
    ].join('\n');
    const fromImdb = asPreview(await bridge.analyseHistoryImport([file('ratings.csv', imdb)]));
    expect(fromImdb.source).toBe('imdb-ratings');
    expect(Array.from(fromImdb.rows.status)).toEqual([HISTORY_ROW_STATUS.exact, HISTORY_ROW_STATUS.exact]);
    expect(Array.from(fromImdb.rows.by, (by) => HISTORY_MATCHED_BY[by])).toEqual(['imdb', 'imdb']);
    expect(Array.from(fromImdb.rows.movieId)).toEqual([a.id, b.id]);
    expect(Array.from(fromImdb.rows.rating2)).toEqual([9, 4]);
    expect(stringAt(fromImdb.skipped.reason, 0)).toMatch(/not a film \(TV Series\)/);

    const trakt = (list: string, at: string, items: { movie: DemoMovie; rating?: number }[]) =>
      file(
        list,
        JSON.stringify(
          items.map(({ movie, rating }, i) => ({
            [at]: `2020-01-0${i + 1}T10:00:00.000Z`,
            ...(rating ? { rating } : {}),
            type: 'movie',
            movie: { title: movie.title, year: movie.year, ids: { trakt: i, tmdb: movie.id } },
          })),
        ),
      );
    const fromTrakt = asPreview(
      await bridge.analyseHistoryImport([
        trakt('ratings-movies.json', 'rated_at', [
          { movie: c, rating: 8 },
          { movie: d, rating: 3 },
        ]),
        trakt('watchlist-movies.json', 'listed_at', [{ movie: e }]),
      ]),
    );
    expect(fromTrakt.source).toBe('trakt');
    expect(Array.from(fromTrakt.rows.kind)).toEqual([HISTORY_ROW_KIND.rating, HISTORY_ROW_KIND.rating, HISTORY_ROW_KIND.watchlist]);
    expect(Array.from(fromTrakt.rows.movieId)).toEqual([c.id, d.id, e.id]);
    expect(Array.from(fromTrakt.rows.by, (by) => HISTORY_MATCHED_BY[by])).toEqual(['tmdb', 'tmdb', 'tmdb']);
    expect(Array.from(fromTrakt.rows.rating2)).toEqual([8, 3, 0]);

    const movielens = [
      'movie_id,imdb_id,tmdb_id,rating,average_rating,title',
      `1,,${a.id},4.0,3.9,"${a.title} (${a.year})"`,
      `2,,,3.5,3.0,"${b.title} (${b.year})"`,
    ].join('\n');
    const fromMovielens = asPreview(await bridge.analyseHistoryImport([file('movielens-ratings.csv', movielens)]));
    expect(fromMovielens.source).toBe('movielens');
    expect(Array.from(fromMovielens.rows.status)).toEqual([HISTORY_ROW_STATUS.exact, HISTORY_ROW_STATUS.title]);
    expect(Array.from(fromMovielens.rows.movieId)).toEqual([a.id, b.id]);
  });

  it('expands a Letterboxd ZIP (ratings + watchlist + watched without rating) and builds the match index once', async () => {
    const [a, b, , , , f, g] = picks;
    const zip = zipSync({
      'ratings.csv': encoder.encode(letterboxdRatings()),
      'watchlist.csv': encoder.encode(`Date,Name,Year,Letterboxd URI\n2023-08-01,${f.title},${f.year},https://boxd.it/w1\n`),
      'watched.csv': encoder.encode(
        `Date,Name,Year,Letterboxd URI\n2023-08-02,${g.title},${g.year},https://boxd.it/w2\n2023-08-03,${a.title},${a.year},https://boxd.it/w3\n`,
      ),
      'lists/favourites.csv': encoder.encode('Letterboxd list export v7\n'),
    });
    const preview = asPreview(await bridge.analyseHistoryImport([{ name: 'letterboxd-me-2024.zip', bytes: zip }]));
    expect(preview.source).toBe('letterboxd');
    expect(preview.files.map((x) => x.format).sort()).toEqual(['letterboxd-ratings', 'letterboxd-watched', 'letterboxd-watchlist']);
    expect(preview.ignored.map((x) => x.name).join(' ')).toMatch(/favourites/);
    const kinds = Array.from(preview.rows.kind);
    expect(kinds.filter((k) => k === HISTORY_ROW_KIND.watchlist)).toHaveLength(1);
    expect(preview.rows.movieId[kinds.indexOf(HISTORY_ROW_KIND.watchlist)]).toBe(f.id);
    // g was watched, not rated: counted, not listed (a was rated, so its viewing merges into the rating).
    expect(preview.watched).toBe(1);
    expect(Array.from(preview.rows.movieId)).toContain(b.id);
    // The index was built by an earlier import of this engine.
    expect(preview.timings.indexMs).toBe(0);
  });

  it('hands CineLocal exports back, and says why for files it does not read', async () => {
    const own = await bridge.analyseHistoryImport([
      file(
        'cinelocal-ratings-ada.json',
        JSON.stringify({ format: 'cinelocal-ratings', version: 2, ratings: [{ movieId: picks[0].id, rating: 4, timestamp: 1 }] }),
      ),
    ]);
    expect(own).toMatchObject({ kind: 'cinelocal', file: { name: 'cinelocal-ratings-ada.json' } });
    const unknown = await bridge.analyseHistoryImport([file('random.csv', 'id,name,price\n1,chair,20\n')]);
    expect(unknown).toMatchObject({ kind: 'unknown', reason: 'unrecognised' });
    expect(unknown.kind === 'unknown' && unknown.message).toMatch(/random\.csv is not a rating export/);
  });

  it('writes the Letterboxd-import CSV with catalog titles, years and IMDb ids', async () => {
    const [a, b] = picks;
    const csv = await bridge.letterboxdCsv({
      movieIds: Int32Array.from([b.id, a.id, 999_999_999]),
      ratings: Float32Array.from([3.5, 0, 2]),
      updatedAt: Float64Array.from([Date.UTC(2024, 1, 2), Date.UTC(2024, 0, 1), Date.UTC(2024, 2, 3)]),
    });
    const lines = csv.trimEnd().split('\n');
    expect(lines[0]).toBe('tmdbID,imdbID,Title,Year,Rating,WatchedDate');
    expect(lines[1]).toBe(`${a.id},${tt(a.imdbId)},${a.title},${a.year},,2024-01-01`);
    expect(lines[2]).toBe(`${b.id},${tt(b.imdbId)},${b.title},${b.year},3.5,2024-02-02`);
    expect(lines[3]).toBe('999999999,,,,2,2024-03-03');
  });
});

describe('HistoryImporter without imdb.bin (tiny catalog)', () => {
  it('matches on TMDB ids and titles, and says it did not use IMDb ids', async () => {
    const data = await tinyDataset();
    const importer = new HistoryImporter(matchCatalogOf(data.catalog, null), false, 'demo');
    const csv = [
      'Const,Your Rating,Date Rated,Title,URL,Title Type,Year',
      'tt0114709,8,2021-03-04,Toy Tale,https://www.imdb.com/title/tt0114709/,Movie,1995',
      'tt0000001,6,2021-03-04,Amelie Variations,https://www.imdb.com/title/tt0000001/,Movie,2001',
    ].join('\n');
    const preview = asPreview(await importer.analyse([file('ratings.csv', csv)]));
    expect(preview.usedDetails).toBe(false);
    expect(Array.from(preview.rows.movieId)).toEqual([TINY_MOVIES[0].id, TINY_MOVIES[6].id]);
    expect(Array.from(preview.rows.status)).toEqual([HISTORY_ROW_STATUS.title, HISTORY_ROW_STATUS.title]);
    expect(stringAt(preview.rows.note, 0)).toMatch(/tt0114709 not in the catalog/);
    expect(preview.timings.indexMs).toBeGreaterThanOrEqual(0);
    expect(importer.indexBuilt).toBe(true);
  });
});
