// The movie-details chunks and imdb.bin (src/engine/shards/details.ts, written by src/pipeline/details.ts): round trip
// over several chunks, the chunk plan and its gzip bound, the manifest's chunk list, corrupt and mismatched chunks refused
// with a ShardError naming the file, Engine.movieDetails fetching only the chunk it needs, and the demo catalog's details.
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine';
import { SHARD_FILES, type ShardManifest } from '../../src/engine/shards/dataset';
import {
  chunkOfRow,
  decodeDetailsChunk,
  DETAILS_CHUNK_MAX_GZIP,
  DETAILS_MAX_LIST,
  detailsChunkName,
  detailsChunksOf,
  detailsOfRow,
  encodeDetailsChunk,
  IMDB_FILE,
  loadDetailsChunk,
  planDetailsChunks,
  verifyAndDecodeDetailsChunk,
  verifyAndDecodeImdbIds,
  verifyDetailsChunkBytes,
  type DetailsChunkEntry,
  type DetailsRow,
} from '../../src/engine/shards/details';
import { numeric, readShard, SHARD_FORMAT_VERSION, ShardError, strings, writeShard, type ShardContents } from '../../src/engine/shards/format';
import type { ShardFetcher } from '../../src/engine/shards/load';
import { inputPaths, readMovieInputs } from '../../src/pipeline/buildData';
import { DEMO_ANCHOR_MOVIE, generateDemoData } from '../../src/pipeline/demo/generateDemoData';
import { detailsForMovies, encodeDetailsChunks, encodeImdbFile, readImdbLinks, type EncodedChunk } from '../../src/pipeline/details';
import { tinyDataset, tinyShards, TINY_MOVIES } from '../helpers/tinyDataset';
import { asTmdbId } from '../../src/engine/ids';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const DATASET = 'a'.repeat(64);

const row = (overrides: Partial<DetailsRow> = {}): DetailsRow => ({
  overview: '',
  tagline: '',
  runtime: 0,
  imdbId: 0,
  posterPath: '',
  directors: [],
  cast: [],
  keywords: [],
  ...overrides,
});

const SPECIAL: DetailsRow[] = [
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
  row({ overview: 'Amélie 🎬 à Paris', runtime: 65535, imdbId: 2 ** 32 - 1, keywords: ['paris'] }),
  row(),
];
/** 60 rows: the special ones, then ordinary ones with overviews long enough to need several chunks. */
const ROWS: DetailsRow[] = [
  ...SPECIAL,
  ...Array.from({ length: 56 }, (_, i) =>
    row({
      overview: `Movie ${i}: ${'a story of friendship and loss '.repeat(3 + (i % 5))}`,
      tagline: i % 3 ? `Tagline ${i}` : '',
      runtime: 80 + i,
      imdbId: 1000 + i,
      directors: [`Director ${i % 7}`],
      cast: [`Actor ${i % 11}`, `Actor ${(i + 3) % 11}`],
      keywords: [`kw${i % 4}`],
    }),
  ),
];

function manifestFor(chunks: EncodedChunk[], rows: number, extra: ShardManifest['files'] = []): ShardManifest {
  return {
    format: 'cinelocal-shards',
    formatVersion: SHARD_FORMAT_VERSION,
    dataset: { name: 'details test', kind: 'demo', inputChecksum: DATASET, inputs: [] },
    modelVersion: 'm',
    counts: { movies: rows, genres: 0, vocabulary: 0, keywordNonZeros: 0, ratedMovies: 0, derivedMovies: 0, ratings: 0, users: 0, factors: 0 },
    files: [...chunks.map((c) => ({ name: c.name, bytes: c.bytes.length, sha256: sha256(c.bytes), firstRow: c.firstRow, rowCount: c.rowCount })), ...extra],
    build: {},
    metrics: {},
  };
}

/** Small chunks so 60 rows make several. */
const encodeSmall = (rows: DetailsRow[] = ROWS) => encodeDetailsChunks(rows, DATASET, { rawTarget: 1500, minChunks: 4 });

/** Expects a ShardError about `file` whose message matches `pattern`. */
async function refused(run: () => unknown, file: string, pattern: RegExp, kind?: ShardError['kind']): Promise<void> {
  let caught: unknown;
  try {
    await run();
  } catch (error) {
    caught = error;
  }
  expect(caught, 'should have been refused').toBeInstanceOf(ShardError);
  const error = caught as ShardError;
  expect(error.file).toBe(file);
  expect(error.message).toMatch(pattern);
  if (kind) expect(error.kind).toBe(kind);
}

const expectedRow = (written: DetailsRow) => ({
  overview: written.overview,
  tagline: written.tagline,
  runtime: written.runtime || null,
  imdbId: written.imdbId || null,
  posterPath: written.posterPath || null,
  directors: written.directors,
  cast: written.cast,
  keywords: written.keywords,
});

describe('movie-details chunks: round trip', () => {
  it('every field of every row comes back from its chunk (unicode, empty rows, 0 = unknown); chunks cover the rows in order', async () => {
    const chunks = encodeSmall();
    expect(chunks.length).toBeGreaterThanOrEqual(4);
    expect(chunks.map((c) => c.name)).toEqual(chunks.map((_, i) => detailsChunkName(i)));
    const manifest = manifestFor(chunks, ROWS.length);
    const entries = detailsChunksOf(manifest, ROWS.length);
    for (const entry of entries) {
      const chunk = await verifyAndDecodeDetailsChunk(manifest, entry, chunks[entry.index].bytes, ROWS.length);
      expect(chunk.directors.values).toBeInstanceOf(Uint16Array);
      for (let r = entry.firstRow; r < entry.firstRow + entry.rowCount; r++) {
        expect(chunkOfRow(entries, r)).toBe(entry);
        expect(detailsOfRow(chunk, r)).toEqual(expectedRow(ROWS[r]));
      }
      expect(() => detailsOfRow(chunk, entry.firstRow + entry.rowCount)).toThrow(RangeError);
    }
    // Each chunk is self-describing: its rows, the catalog size and the data it was built from, in the format version's container.
    const first = readShard(chunks[1].name, chunks[1].bytes);
    expect(Array.from(first.chunk.data as Uint32Array)).toEqual([chunks[1].firstRow, chunks[1].rowCount, ROWS.length]);
    expect(first.dataset.data).toEqual([DATASET]);
    expect(new DataView(chunks[1].bytes.buffer, chunks[1].bytes.byteOffset).getUint16(4, true)).toBe(SHARD_FORMAT_VERSION);
  });

  it('names are stored once per chunk; a movie with more than 255 keywords keeps its first 255', () => {
    const bytes = encodeDetailsChunk(SPECIAL, 0, SPECIAL.length, DATASET);
    const chunk = decodeDetailsChunk('details-000.bin', bytes, { firstRow: 0, rowCount: SPECIAL.length, catalogRows: SPECIAL.length, dataset: DATASET });
    expect(chunk.cast.table.filter((name) => name === 'Tom Hanks')).toHaveLength(1);
    const many = Array.from({ length: 300 }, (_, i) => `keyword ${i}`);
    const long = decodeDetailsChunk('details-000.bin', encodeDetailsChunk([row({ keywords: many })], 0, 1, DATASET), {
      firstRow: 0,
      rowCount: 1,
      catalogRows: 1,
      dataset: DATASET,
    });
    expect(detailsOfRow(long, 0).keywords).toEqual(many.slice(0, DETAILS_MAX_LIST));
  });

  it("imdb.bin holds every row's IMDb id and is checked like a chunk", async () => {
    const bytes = encodeImdbFile(ROWS, DATASET);
    const manifest = manifestFor([], ROWS.length, [{ name: IMDB_FILE, bytes: bytes.length, sha256: sha256(bytes) }]);
    expect(Array.from(await verifyAndDecodeImdbIds(manifest, bytes, ROWS.length))).toEqual(ROWS.map((r) => r.imdbId));
    await refused(
      () => verifyAndDecodeImdbIds(manifest, bytes, ROWS.length + 1),
      IMDB_FILE,
      /rows 0–59 of a 60-movie catalog, the manifest lists it for rows 0–60 of 61/,
      'corrupt',
    );
    await refused(
      () => verifyAndDecodeImdbIds({ ...manifest, dataset: { ...manifest.dataset, inputChecksum: 'b'.repeat(64) } }, bytes, ROWS.length),
      IMDB_FILE,
      /built from other data/,
      'corrupt',
    );
    await refused(() => verifyAndDecodeImdbIds({ ...manifest, files: [] }, bytes, ROWS.length), IMDB_FILE, /manifest\.json does not list it/, 'missing');
  });

  it('loadDetailsChunk fetches one file through the shard fetcher, capped at the manifest size, and reports progress', async () => {
    const chunks = encodeSmall();
    const manifest = manifestFor(chunks, ROWS.length);
    const entry = detailsChunksOf(manifest, ROWS.length)[2];
    const asked: { name: string; maxBytes?: number }[] = [];
    const fetcher: ShardFetcher = async (name, onBytes, maxBytes) => {
      asked.push({ name, maxBytes });
      const bytes = chunks.find((c) => c.name === name)!.bytes;
      onBytes?.(bytes.length / 2);
      onBytes?.(bytes.length);
      return bytes;
    };
    const progress: number[] = [];
    const chunk = await loadDetailsChunk(manifest, entry, ROWS.length, fetcher, (p) => {
      expect(p).toMatchObject({ totalBytes: entry.bytes, file: entry.name });
      progress.push(p.loadedBytes);
    });
    expect(asked).toEqual([{ name: entry.name, maxBytes: entry.bytes }]);
    expect(progress).toEqual([entry.bytes / 2, entry.bytes]);
    expect(detailsOfRow(chunk, entry.firstRow)).toEqual(expectedRow(ROWS[entry.firstRow]));
  });
});

describe('the chunk plan', () => {
  it('at least minChunks contiguous ranges, none over the raw budget unless a single row is', () => {
    const ranges = planDetailsChunks(ROWS, 10_000_000, 16);
    expect(ranges.length).toBeGreaterThanOrEqual(12);
    expect(ranges[0][0]).toBe(0);
    expect(ranges.at(-1)![1]).toBe(ROWS.length);
    for (let i = 1; i < ranges.length; i++) expect(ranges[i][0]).toBe(ranges[i - 1][1]);
    expect(planDetailsChunks([], 1000, 16)).toEqual([]);
    expect(planDetailsChunks([row({ overview: 'x'.repeat(5000) }), row()], 100, 1)).toEqual([
      [0, 1],
      [1, 2],
    ]);
  });

  it('a chunk over the gzip bound is halved until it fits; one row over the bound is an error naming it', () => {
    // Random text does not compress: 40 rows of 1 kB each gzip to about 40 kB.
    let seed = 7;
    const noise = () => Array.from({ length: 1000 }, () => String.fromCharCode(33 + ((seed = (seed * 48271) % 2147483647) % 90))).join('');
    const rows = Array.from({ length: 40 }, () => row({ overview: noise() }));
    const chunks = encodeDetailsChunks(rows, DATASET, { rawTarget: 1_000_000, minChunks: 1, maxGzipBytes: 12_000 });
    expect(chunks.length).toBeGreaterThanOrEqual(4);
    for (const c of chunks) {
      expect(c.gzipBytes).toBeLessThanOrEqual(12_000);
      expect(gzipSync(c.bytes, { level: 9 }).length).toBe(c.gzipBytes);
    }
    expect(chunks.reduce((s, c) => s + c.rowCount, 0)).toBe(40);
    expect(() => encodeDetailsChunks(rows, DATASET, { rawTarget: 1_000_000, minChunks: 1, maxGzipBytes: 500 })).toThrow(
      /catalog row 0 alone gzip to \d+ bytes, over the 500-byte chunk bound/,
    );
    expect(DETAILS_CHUNK_MAX_GZIP).toBe(150 * 1024);
  });
});

describe("the manifest's chunk list", () => {
  const chunks = encodeSmall();
  const good = manifestFor(chunks, ROWS.length);

  it('no chunk listed (data built before version 5): missing, say rebuild', async () => {
    await refused(() => detailsChunksOf({ ...good, files: [] }, ROWS.length), 'details-000.bin', /lists no movie-details chunks; rebuild the data/, 'missing');
  });

  it('gaps, overlaps, bad row fields and another catalog size are refused as a corrupt manifest', async () => {
    const files = good.files;
    await refused(
      () => detailsChunksOf({ ...good, files: files.filter((_, i) => i !== 1) }, ROWS.length),
      'manifest.json',
      /details-002\.bin starts at row \d+, expected \d+/,
      'corrupt',
    );
    await refused(
      () => detailsChunksOf({ ...good, files: files.map((f, i) => (i === 2 ? { ...f, firstRow: f.firstRow! - 1 } : f)) }, ROWS.length),
      'manifest.json',
      /starts at row/,
      'corrupt',
    );
    await refused(
      () => detailsChunksOf({ ...good, files: files.map((f, i) => (i === 0 ? { ...f, rowCount: undefined } : f)) }, ROWS.length),
      'manifest.json',
      /details-000\.bin has no valid firstRow and rowCount/,
      'corrupt',
    );
    await refused(() => detailsChunksOf(good, ROWS.length + 1), 'manifest.json', /cover 60 rows, the catalog has 61/, 'corrupt');
  });
});

describe('a corrupt or mismatched chunk is refused with a ShardError naming it', () => {
  const chunks = encodeSmall();
  const manifest = manifestFor(chunks, ROWS.length);
  const entries = detailsChunksOf(manifest, ROWS.length);
  const [first, second] = entries;
  /** The manifest with `entry`'s hash forged to match `bytes`: what the container and identity checks alone see. */
  const forged = (entry: DetailsChunkEntry, bytes: Uint8Array): [ShardManifest, DetailsChunkEntry] => {
    const e = { ...entry, bytes: bytes.length, sha256: sha256(bytes) };
    return [{ ...manifest, files: manifest.files.map((f) => (f.name === entry.name ? { ...f, bytes: e.bytes, sha256: e.sha256 } : f)) }, e];
  };

  it('truncated, flipped or replaced: size and SHA-256 against the manifest', async () => {
    const good = chunks[0].bytes;
    await refused(
      () => verifyAndDecodeDetailsChunk(manifest, first, good.subarray(0, good.length - 8), ROWS.length),
      first.name,
      /bytes, the manifest says/,
      'corrupt',
    );
    const flipped = good.slice();
    flipped[flipped.length - 3] ^= 0xff;
    await refused(() => verifyAndDecodeDetailsChunk(manifest, first, flipped, ROWS.length), first.name, /SHA-256/, 'checksum');
    await refused(() => verifyDetailsChunkBytes(first, flipped), first.name, /SHA-256/, 'checksum');
    // Another chunk's bytes under this name (a mixed-up cache): the hash does not match.
    await refused(() => verifyAndDecodeDetailsChunk(manifest, first, chunks[1].bytes, ROWS.length), first.name, /bytes, the manifest says|SHA-256/);
  });

  it('an older format version is refused as such (rebuild), even with a matching hash', async () => {
    const old = chunks[0].bytes.slice();
    new DataView(old.buffer).setUint16(4, 4, true);
    const [m, e] = forged(first, old);
    await refused(
      () => verifyAndDecodeDetailsChunk(m, e, old, ROWS.length),
      first.name,
      new RegExp(`wrong format version: format version 4, this app reads version ${SHARD_FORMAT_VERSION}`),
      'version',
    );
  });

  it('mismatched: a chunk of other rows, of another catalog or built from other data is refused, even with a matching hash', async () => {
    const [m, e] = forged(first, chunks[1].bytes);
    await refused(
      () => verifyAndDecodeDetailsChunk(m, e, chunks[1].bytes, ROWS.length),
      first.name,
      new RegExp(
        `holds rows ${second.firstRow}–${second.firstRow + second.rowCount - 1} of a 60-movie catalog, the manifest lists it for rows 0–${first.rowCount - 1} of 60`,
      ),
      'corrupt',
    );
    const otherData = encodeDetailsChunk(ROWS.slice(0, first.rowCount), 0, ROWS.length, 'b'.repeat(64));
    const [m2, e2] = forged(first, otherData);
    await refused(
      () => verifyAndDecodeDetailsChunk(m2, e2, otherData, ROWS.length),
      first.name,
      /built from other data \(input checksum bbbbbbbbbbbb…, the catalog's is aaaaaaaaaaaa…\)/,
      'corrupt',
    );
    const otherCatalog = encodeDetailsChunk(ROWS.slice(0, first.rowCount), 0, ROWS.length + 5, DATASET);
    const [m3, e3] = forged(first, otherCatalog);
    await refused(() => verifyAndDecodeDetailsChunk(m3, e3, otherCatalog, ROWS.length), first.name, /of a 65-movie catalog/, 'corrupt');
  });

  it('an HTML page or garbage with a forged hash still fails the container checks', async () => {
    const html = new TextEncoder().encode('<!doctype html><html><body>app shell</body></html>');
    const [m, e] = forged(first, html);
    await refused(() => verifyAndDecodeDetailsChunk(m, e, html, ROWS.length), first.name, /HTML page instead of the data file/, 'corrupt');
  });

  it('well-formed containers with inconsistent columns are refused (forged hashes)', async () => {
    const base = readShard(first.name, chunks[0].bytes);
    const n = first.rowCount;
    const variant = async (change: (contents: ShardContents) => void, pattern: RegExp) => {
      const contents: ShardContents = { ...base };
      change(contents);
      const bytes = writeShard(contents);
      const [m, e] = forged(first, bytes);
      await refused(() => verifyAndDecodeDetailsChunk(m, e, bytes, ROWS.length), first.name, pattern, 'corrupt');
    };
    await variant((c) => delete c.overviews, /"overviews" is missing/);
    await variant((c) => delete c.chunk, /"chunk" is missing/);
    await variant((c) => (c.runtimes = numeric(new Float32Array(n))), /"runtimes" is not Uint16Array/);
    await variant((c) => (c.castCounts = numeric(Uint8Array.from({ length: n }, (_, i) => (i === 0 ? 200 : 0)))), /"cast" counts add up to 200/);
    await variant(
      (c) => (c.keywordsValues = numeric(Uint16Array.from({ length: (c.keywordsValues.data as Uint16Array).length }, () => 999))),
      /"keywords" entry 0 points outside its table/,
    );
    await variant((c) => (c.directorsValues = numeric(Float32Array.from([0, 0, 1]))), /"directorsValues" is missing or not u16\/u32/);
    await variant((c) => (c.taglines = strings(['only one'])), /"taglines" has 1 rows, the chunk holds/);
  });
});

describe('Engine.movieDetails', () => {
  it('fetches only the chunk holding the movie, once; original titles come from the catalog; refuses to answer before loading', async () => {
    const { shards, manifest } = tinyShards(await tinyDataset());
    const rows = TINY_MOVIES.map((m, i) =>
      row({ overview: `Overview of ${m.title}`, runtime: 90 + i, directors: m.directors, cast: m.cast, keywords: m.keywords, imdbId: 100 + i }),
    );
    const chunks = encodeDetailsChunks(rows, manifest.dataset.inputChecksum, { rawTarget: 1, minChunks: rows.length });
    expect(chunks).toHaveLength(rows.length);
    manifest.files.push(...manifestFor(chunks, rows.length).files);
    const files: Record<string, Uint8Array> = { ...shards, 'manifest.json': new TextEncoder().encode(JSON.stringify(manifest)) };
    for (const c of chunks) files[c.name] = c.bytes;
    const fetched: string[] = [];
    const fetcher: ShardFetcher = async (name) => {
      fetched.push(name);
      return files[name];
    };
    const engine = await Engine.load(fetcher);
    // Start-up never touches the details.
    expect(fetched.sort()).toEqual(['manifest.json', ...SHARD_FILES].sort());
    fetched.length = 0;
    const sadRow = TINY_MOVIES.findIndex((m) => m.title === 'Sad Story');
    const sad = { id: asTmdbId(TINY_MOVIES[sadRow].id) };
    expect(engine.hasDetailsFor(sad.id)).toBe(false);
    expect(() => engine.movieDetails(sad.id)).toThrow(/not loaded/);
    await engine.loadDetailsFor(sad.id, fetcher);
    await engine.loadDetailsFor(sad.id, fetcher);
    expect(fetched).toEqual([detailsChunkName(sadRow)]);
    expect(engine.movieDetails(sad.id)).toMatchObject({
      movie: engine.getMovies([sad.id])[0],
      overview: 'Overview of Sad Story',
      originalTitle: 'Грустная история',
      imdbId: 100 + sadRow,
      posterPath: null,
    });
    // Another movie's chunk is not loaded by that.
    const other = TINY_MOVIES[(sadRow + 1) % TINY_MOVIES.length];
    expect(engine.hasDetailsFor(asTmdbId(other.id))).toBe(false);
    expect(engine.movieDetails(asTmdbId(999))).toBeNull();
    expect(engine.hasDetailsFor(asTmdbId(999))).toBe(true);
  });
});

describe('the demo catalog has movie pages too', () => {
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cinelocal-details-'));
    await generateDemoData(dir);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('overviews (some missing), taglines, runtimes, IMDb ids, poster paths, directors, cast and keywords, in ≥ 16 chunks under the gzip bound', async () => {
    const paths = inputPaths(dir, 'small');
    const { movies, credits, keywords } = await readMovieInputs(paths);
    const rows = detailsForMovies(movies, credits, keywords, await readImdbLinks(paths.links));
    const chunks = encodeDetailsChunks(rows, DATASET);
    expect(chunks.length).toBeGreaterThanOrEqual(16);
    for (const c of chunks) expect(c.gzipBytes).toBeLessThanOrEqual(DETAILS_CHUNK_MAX_GZIP);
    const manifest = manifestFor(chunks, rows.length);
    const all: ReturnType<typeof detailsOfRow>[] = [];
    for (const entry of detailsChunksOf(manifest, rows.length)) {
      const chunk = await verifyAndDecodeDetailsChunk(manifest, entry, chunks[entry.index].bytes, rows.length);
      for (let r = entry.firstRow; r < entry.firstRow + entry.rowCount; r++) all.push(detailsOfRow(chunk, r));
    }
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
