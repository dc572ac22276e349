// details.bin (src/engine/shards/details.ts): round trip, the manifest check and hostile copies refused with ShardError,
// Engine.movieDetails over a loaded shard, and the demo catalog's details as build-data writes them.
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine';
import { SHARD_FILES, type ShardManifest } from '../../src/engine/shards/dataset';
import { DETAILS_FILE, DETAILS_MAX_LIST, decodeDetails, detailsOfRow, encodeDetails, loadDetails, verifyAndDecodeDetails, type DetailsRow } from '../../src/engine/shards/details';
import { numeric, readShard, SHARD_FORMAT_VERSION, ShardError, strings, writeShard, type ShardContents } from '../../src/engine/shards/format';
import type { ShardFetcher } from '../../src/engine/shards/load';
import { inputPaths, readMovieInputs } from '../../src/pipeline/buildData';
import { DEMO_ANCHOR_MOVIE, generateDemoData } from '../../src/pipeline/demo/generateDemoData';
import { detailsForMovies, readImdbLinks } from '../../src/pipeline/details';
import { tinyDataset, tinyShards, TINY_MOVIES } from '../helpers/tinyDataset';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

const row = (overrides: Partial<DetailsRow> = {}): DetailsRow => ({
  overview: '',
  tagline: '',
  runtime: 0,
  imdbId: 0,
  originalTitle: '',
  posterPath: '',
  directors: [],
  cast: [],
  keywords: [],
  ...overrides,
});

const ROWS: DetailsRow[] = [
  row({
    overview: 'Led by Woody, Andy\'s toys live happily in his room until "Buzz" arrives.\nA second line.',
    tagline: 'The adventure takes off!',
    runtime: 81,
    imdbId: 114709,
    posterPath: '/rhIRbceoE9lR4veEXuwCC2wARtG.jpg',
    directors: ['John Lasseter'],
    cast: ['Tom Hanks', 'Tim Allen', 'Don Rickles', 'Jim Varney', 'Wallace Shawn', 'John Ratzenberger', 'Annie Potts', 'John Morris'],
    keywords: ['jealousy', 'toy', 'boy', 'friendship'],
  }),
  row({ runtime: 104, imdbId: 113497, directors: ['John Lasseter', 'Ann Lee'], cast: ['Tom Hanks'], keywords: ['toy'] }),
  row({ overview: 'Amélie 🎬 à Paris', originalTitle: 'Le Fabuleux Destin d’Amélie Poulain', runtime: 65535, imdbId: 2 ** 32 - 1, keywords: ['paris'] }),
  row(),
];

function manifestFor(bytes: Uint8Array): ShardManifest {
  return {
    format: 'cinelocal-shards',
    formatVersion: SHARD_FORMAT_VERSION,
    dataset: { name: 'details test', kind: 'demo', inputChecksum: 'none', inputs: [] },
    modelVersion: 'm',
    counts: { movies: ROWS.length, genres: 0, vocabulary: 0, keywordNonZeros: 0, ratedMovies: 0, derivedMovies: 0, ratings: 0, users: 0, factors: 0 },
    files: [{ name: DETAILS_FILE, bytes: bytes.length, sha256: sha256(bytes) }],
    build: {},
    metrics: {},
  };
}

/** Expects a ShardError about details.bin whose message matches `pattern`. */
async function refused(run: () => unknown, pattern: RegExp, kind?: ShardError['kind']): Promise<void> {
  let caught: unknown;
  try {
    await run();
  } catch (error) {
    caught = error;
  }
  expect(caught, 'should have been refused').toBeInstanceOf(ShardError);
  const error = caught as ShardError;
  expect(error.file).toBe(DETAILS_FILE);
  expect(error.message).toMatch(pattern);
  if (kind) expect(error.kind).toBe(kind);
}

describe('details.bin round trip', () => {
  it('every field of every row comes back as written (unicode, empty rows, u16 name tables, 0 = unknown)', async () => {
    const bytes = encodeDetails(ROWS);
    const table = await verifyAndDecodeDetails(manifestFor(bytes), bytes, ROWS.length);
    expect(table.directors.values).toBeInstanceOf(Uint16Array);
    ROWS.forEach((written, r) => {
      const read = detailsOfRow(table, r);
      expect(read).toEqual({
        overview: written.overview,
        tagline: written.tagline,
        runtime: written.runtime || null,
        imdbId: written.imdbId || null,
        originalTitle: written.originalTitle || null,
        posterPath: written.posterPath || null,
        directors: written.directors,
        cast: written.cast,
        keywords: written.keywords,
      });
    });
    // Each name is stored once: "Tom Hanks" appears in two rows, one table entry.
    expect(table.cast.table.filter((name) => name === 'Tom Hanks')).toHaveLength(1);
  });

  it('a movie with more than 255 keywords keeps its first 255', async () => {
    const many = Array.from({ length: 300 }, (_, i) => `keyword ${i}`);
    const bytes = encodeDetails([row({ keywords: many })]);
    const table = decodeDetails(bytes, 1);
    expect(detailsOfRow(table, 0).keywords).toEqual(many.slice(0, DETAILS_MAX_LIST));
  });

  it('loadDetails fetches through the shard fetcher, capped at the manifest size, and reports progress', async () => {
    const bytes = encodeDetails(ROWS);
    const asked: { name: string; maxBytes?: number }[] = [];
    const fetcher: ShardFetcher = async (name, onBytes, maxBytes) => {
      asked.push({ name, maxBytes });
      onBytes?.(bytes.length / 2);
      onBytes?.(bytes.length);
      return bytes;
    };
    const progress: number[] = [];
    const table = await loadDetails(manifestFor(bytes), ROWS.length, fetcher, (p) => {
      expect(p).toMatchObject({ totalBytes: bytes.length, file: DETAILS_FILE });
      progress.push(p.loadedBytes);
    });
    expect(asked).toEqual([{ name: DETAILS_FILE, maxBytes: bytes.length }]);
    expect(progress).toEqual([bytes.length / 2, bytes.length]);
    expect(detailsOfRow(table, 0).directors).toEqual(['John Lasseter']);
  });
});

describe('a bad details.bin is refused with a ShardError naming it', () => {
  const good = encodeDetails(ROWS);

  it('not listed in the manifest (data built before version 3)', async () => {
    const manifest = { ...manifestFor(good), files: [] };
    await refused(() => verifyAndDecodeDetails(manifest, good, ROWS.length), /manifest\.json does not list it/, 'missing');
  });

  it('truncated, padded or replaced: size and SHA-256 against the manifest', async () => {
    const manifest = manifestFor(good);
    await refused(() => verifyAndDecodeDetails(manifest, good.subarray(0, good.length - 8), ROWS.length), /bytes, the manifest says/, 'corrupt');
    const flipped = good.slice();
    flipped[flipped.length - 3] ^= 0xff;
    await refused(() => verifyAndDecodeDetails(manifest, flipped, ROWS.length), /SHA-256/, 'checksum');
    const garbage = new TextEncoder().encode('<!doctype html><title>Not found</title>'.padEnd(good.length, ' '));
    await refused(() => verifyAndDecodeDetails(manifest, garbage, ROWS.length), /SHA-256/, 'checksum');
  });

  it('an HTML page or garbage with a matching manifest entry (a forged checksum) still fails the container checks', async () => {
    const html = new TextEncoder().encode('<!doctype html><html><body>app shell</body></html>');
    await refused(() => verifyAndDecodeDetails(manifestFor(html), html, ROWS.length), /HTML page instead of the data file/, 'corrupt');
    const garbage = Uint8Array.from({ length: 4096 }, (_, i) => (i * 7919) % 251);
    await refused(() => verifyAndDecodeDetails(manifestFor(garbage), garbage, ROWS.length), /bad magic/, 'corrupt');
  });

  it('a details.bin of another catalog (row count) is refused', async () => {
    await refused(() => verifyAndDecodeDetails(manifestFor(good), good, ROWS.length + 1), /rows, the catalog has/, 'corrupt');
  });

  it('well-formed containers with inconsistent columns are refused (forged checksums)', async () => {
    const base = readShard(DETAILS_FILE, good);
    const variant = async (change: (contents: ShardContents) => void, pattern: RegExp) => {
      const contents: ShardContents = { ...base };
      change(contents);
      const bytes = writeShard(contents);
      await refused(() => verifyAndDecodeDetails(manifestFor(bytes), bytes, ROWS.length), pattern, 'corrupt');
    };
    await variant((c) => delete c.overviews, /"overviews" is missing/);
    await variant((c) => (c.runtimes = numeric(new Float32Array(ROWS.length))), /"runtimes" is not Uint16Array/);
    await variant((c) => (c.castCounts = numeric(Uint8Array.from([9, 1, 0, 0]))), /"cast" counts add up to 10/);
    await variant((c) => (c.keywordsValues = numeric(Uint16Array.from([0, 1, 2, 3, 0, 999]))), /"keywords" entry 5 points outside its table/);
    await variant((c) => (c.directorsValues = numeric(Float32Array.from([0, 0, 1]))), /"directorsValues" is missing or not u16\/u32/);
    await variant((c) => (c.taglines = strings(['only one'])), /"taglines" has 1 rows/);
  });
});

describe('Engine.movieDetails', () => {
  it('loads details.bin listed in the manifest and answers by TMDB id (null for an unknown id); refuses to answer before loading', async () => {
    const { shards, manifest } = tinyShards(await tinyDataset());
    const details = encodeDetails(TINY_MOVIES.map((m, i) => row({ overview: `Overview of ${m.title}`, runtime: 90 + i, directors: m.directors, cast: m.cast, keywords: m.keywords })));
    manifest.files.push({ name: DETAILS_FILE, bytes: details.length, sha256: sha256(details) });
    const files: Record<string, Uint8Array> = { ...shards, [DETAILS_FILE]: details, 'manifest.json': new TextEncoder().encode(JSON.stringify(manifest)) };
    const fetched: string[] = [];
    const fetcher: ShardFetcher = async (name) => {
      fetched.push(name);
      return files[name];
    };
    const engine = await Engine.load(fetcher);
    // Start-up never touches details.bin.
    expect(fetched.sort()).toEqual(['manifest.json', ...SHARD_FILES].sort());
    expect(engine.detailsLoaded).toBe(false);
    expect(() => engine.movieDetails(10)).toThrow(/not loaded/);
    await engine.loadDetails(fetcher);
    await engine.loadDetails(fetcher);
    expect(fetched.filter((name) => name === DETAILS_FILE)).toHaveLength(1);
    const toyTale2 = engine.movieDetails(11)!;
    expect(toyTale2.movie).toEqual(engine.getMovies([11])[0]);
    expect(toyTale2).toMatchObject({ overview: 'Overview of Toy Tale 2', runtime: 91, directors: ['John Lass'], cast: ['Tom Banks', 'Tim Alley'], keywords: ['toy', 'friendship', 'sequel'], imdbId: null, posterPath: null });
    expect(engine.movieDetails(999)).toBeNull();
  });
});

describe('the demo catalog has movie pages too', () => {
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cinelocal-details-'));
    await generateDemoData(dir);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('overviews (some missing), taglines, runtimes, IMDb ids, poster paths, directors, cast and keywords', async () => {
    const paths = inputPaths(dir, 'small');
    const { movies, credits, keywords } = await readMovieInputs(paths);
    const rows = detailsForMovies(movies, credits, keywords, await readImdbLinks(paths.links));
    const table = decodeDetails(encodeDetails(rows), rows.length);
    const all = rows.map((_, r) => detailsOfRow(table, r));
    const share = (predicate: (d: (typeof all)[number]) => boolean) => all.filter(predicate).length / all.length;
    expect(share((d) => d.overview !== '')).toBeGreaterThan(0.9);
    expect(all.some((d) => d.overview === '')).toBe(true);
    expect(share((d) => d.tagline !== '')).toBeGreaterThan(0.4);
    expect(share((d) => d.runtime !== null && d.runtime >= 60 && d.runtime <= 240)).toBeGreaterThan(0.95);
    expect(share((d) => d.imdbId !== null)).toBeGreaterThan(0.99);
    expect(share((d) => d.posterPath !== null && /^\/\w+\.jpg$/.test(d.posterPath))).toBeGreaterThan(0.9);
    expect(share((d) => d.directors.length > 0)).toBeGreaterThan(0.95);
    expect(share((d) => d.cast.length >= 3 && d.cast.length <= 8)).toBeGreaterThan(0.9);
    expect(share((d) => d.keywords.length > 0)).toBeGreaterThan(0.9);
    const anchor = all[movies.findIndex((m) => m.id === DEMO_ANCHOR_MOVIE.id)];
    expect(anchor).toMatchObject({ imdbId: 400001, directors: [DEMO_ANCHOR_MOVIE.director] });
    expect(anchor.cast[0]).toBe(DEMO_ANCHOR_MOVIE.leadActor);
    expect(anchor.keywords).toEqual([...DEMO_ANCHOR_MOVIE.keywords]);
    expect(anchor.overview.length).toBeGreaterThan(20);
  });

  it('the IMDb id comes from links.csv when movies_metadata has none', async () => {
    const paths = inputPaths(dir, 'small');
    const { movies, credits, keywords } = await readMovieInputs(paths);
    const links = await readImdbLinks(paths.links);
    const withoutImdb = movies.map((m) => ({ ...m, imdbId: 0 }));
    const rows = detailsForMovies(withoutImdb, credits, keywords, links);
    const anchorRow = movies.findIndex((m) => m.id === DEMO_ANCHOR_MOVIE.id);
    expect(rows[anchorRow].imdbId).toBe(400001);
    expect(detailsForMovies(withoutImdb, credits, keywords)[anchorRow].imdbId).toBe(0);
  });
});
