// The movie page's data beyond the catalog (overview, tagline, runtime, IMDb id, people, keywords, poster path), split
// into chunks by catalog row range (details-000.bin, details-001.bin, …) so one movie page fetches one small file; and
// imdb.bin, every movie's IMDb id, which the history import reads without any chunk, and runtimes.bin, every movie's
// runtime, which Watch together's length mood reads. Written by build-data, listed in the
// manifest (size + SHA-256, and each chunk's row range) but not in SHARD_FILES. Layout and checks: docs/shard-format.md.
import type { ShardManifest } from './dataset';
import { numeric, readShard, requireNumeric, requireStrings, sha256Hex, ShardError, strings, writeShard, type ShardContents } from './format';
import type { ShardFetcher, ShardLoadProgress } from './load';
import type { MovieDetails } from '../types';

/** Chunk k is `details-<k, 3 digits>.bin`. */
export const DETAILS_CHUNK_PATTERN = /^details-(\d{3,})\.bin$/;
export const detailsChunkName = (index: number): string => `details-${String(index).padStart(3, '0')}.bin`;
export const IMDB_FILE = 'imdb.bin';
/** Every movie's runtime, fetched when Watch together is asked for a length mood (docs/shard-format.md, runtimes.bin). */
export const RUNTIMES_FILE = 'runtimes.bin';
/** Cast names kept per movie for the movie page (the keyword soup uses fewer, see build.topCast). */
export const DETAILS_TOP_CAST = 8;
/** Entries per movie in a list column: counts are u8 (a movie with more keywords keeps its first 255). */
export const DETAILS_MAX_LIST = 255;
/** A chunk's budget before compression: about 100 KB gzip on the real data (build-data halves any chunk over DETAILS_CHUNK_MAX_GZIP). */
export const DETAILS_CHUNK_RAW_TARGET = 200 * 1024;
/** At least this many chunks, so a small catalog (the demo) is split too and a page never pays for much of the rest. */
export const DETAILS_MIN_CHUNKS = 16;
/** The goal for one movie page (issue 21): no chunk may be larger than this gzipped; build-data enforces it. */
export const DETAILS_CHUNK_MAX_GZIP = 150 * 1024;

/** One catalog row's details as build-data collects them ('' / 0 / [] when unknown). The original title is in catalog.bin. */
export interface DetailsRow {
  overview: string;
  tagline: string;
  /** Minutes. */
  runtime: number;
  /** The number of the IMDb id tt…. */
  imdbId: number;
  /** TMDB image path, e.g. "/rhIRbceoE9lR4veEXuwCC2wARtG.jpg". */
  posterPath: string;
  directors: string[];
  /** Billing order, at most DETAILS_TOP_CAST. */
  cast: string[];
  keywords: string[];
}

/** A list column: row r's entries are table[values[indptr[r]..indptr[r+1])] (indptr rebuilt from the stored u8 counts). */
interface ListColumn {
  table: string[];
  indptr: Uint32Array;
  values: Uint16Array | Uint32Array;
}

/** One decoded chunk: columns by row inside the chunk (catalog row = firstRow + r). */
export interface DetailsChunk {
  file: string;
  firstRow: number;
  rows: number;
  overviews: string[];
  taglines: string[];
  runtimes: Uint16Array;
  imdbIds: Uint32Array;
  posterPaths: string[];
  directors: ListColumn;
  cast: ListColumn;
  keywords: ListColumn;
}

/** A chunk as the manifest lists it. */
export interface DetailsChunkEntry {
  index: number;
  name: string;
  bytes: number;
  sha256: string;
  firstRow: number;
  rowCount: number;
}

/** What a chunk or imdb.bin must say about itself to belong to this catalog (the manifest's view). */
interface Expected {
  firstRow: number;
  rowCount: number;
  catalogRows: number;
  /** manifest.dataset.inputChecksum: a file built from other data is refused even when its size and rows fit. */
  dataset: string;
}

/**
 * Names repeat across movies (an actor's 40 films): store each once and point at it, u16 when the table allows; per-row
 * counts as u8 instead of u32 row pointers (a third of the gzip size of pointers on the real data).
 */
function encodeList(lists: string[][]): { table: string[]; counts: Uint8Array; values: Uint16Array | Uint32Array } {
  const slot = new Map<string, number>();
  const table: string[] = [];
  const counts = new Uint8Array(lists.length);
  const values: number[] = [];
  lists.forEach((list, row) => {
    const kept = list.slice(0, DETAILS_MAX_LIST);
    counts[row] = kept.length;
    for (const name of kept) {
      let at = slot.get(name);
      if (at === undefined) {
        at = table.length;
        slot.set(name, at);
        table.push(name);
      }
      values.push(at);
    }
  });
  return { table, counts, values: table.length <= 0xffff ? Uint16Array.from(values) : Uint32Array.from(values) };
}

/** The `chunk` and `dataset` arrays every chunk and imdb.bin carry: which rows of which catalog they describe. */
function identity(firstRow: number, rowCount: number, catalogRows: number, dataset: string): ShardContents {
  return { chunk: numeric(Uint32Array.from([firstRow, rowCount, catalogRows])), dataset: strings([dataset]) };
}

/** One chunk: `rows` are catalog rows firstRow … firstRow + rows.length - 1 of a catalog of `catalogRows` movies. */
export function encodeDetailsChunk(rows: DetailsRow[], firstRow: number, catalogRows: number, dataset: string): Uint8Array {
  const contents: ShardContents = {
    ...identity(firstRow, rows.length, catalogRows, dataset),
    overviews: strings(rows.map((r) => r.overview)),
    taglines: strings(rows.map((r) => r.tagline)),
    runtimes: numeric(Uint16Array.from(rows, (r) => r.runtime)),
    imdbIds: numeric(Uint32Array.from(rows, (r) => r.imdbId)),
    posterPaths: strings(rows.map((r) => r.posterPath)),
  };
  for (const column of ['directors', 'cast', 'keywords'] as const) {
    const list = encodeList(rows.map((r) => r[column]));
    contents[`${column}Table`] = strings(list.table);
    contents[`${column}Counts`] = numeric(list.counts);
    contents[`${column}Values`] = numeric(list.values);
  }
  return writeShard(contents);
}

/** imdb.bin: every catalog row's IMDb number (0 = unknown), for the history import's matcher. */
export function encodeImdbIds(imdbIds: Uint32Array, dataset: string): Uint8Array {
  return writeShard({ ...identity(0, imdbIds.length, imdbIds.length, dataset), imdbIds: numeric(imdbIds) });
}

/** runtimes.bin: every catalog row's runtime in minutes (0 = unknown), for Watch together's length mood. */
export function encodeRuntimes(runtimes: Uint16Array, dataset: string): Uint8Array {
  return writeShard({ ...identity(0, runtimes.length, runtimes.length, dataset), runtimes: numeric(runtimes) });
}

/** A chunk's rough size before compression, for planning the row ranges (names counted per row, so an overestimate). */
function rawBytes(row: DetailsRow): number {
  let bytes = 16 + row.overview.length + row.tagline.length + row.posterPath.length;
  for (const list of [row.directors, row.cast, row.keywords]) for (const name of list) bytes += 2 + name.length;
  return bytes;
}

/**
 * Contiguous row ranges [first, end) whose raw size stays under min(DETAILS_CHUNK_RAW_TARGET, total / DETAILS_MIN_CHUNKS);
 * a single row larger than that gets a chunk of its own.
 */
export function planDetailsChunks(rows: DetailsRow[], rawTarget = DETAILS_CHUNK_RAW_TARGET, minChunks = DETAILS_MIN_CHUNKS): [number, number][] {
  const sizes = rows.map(rawBytes);
  const total = sizes.reduce((a, b) => a + b, 0);
  const budget = Math.max(1, Math.min(rawTarget, Math.ceil(total / minChunks)));
  const ranges: [number, number][] = [];
  let first = 0;
  let used = 0;
  sizes.forEach((size, r) => {
    if (r > first && used + size > budget) {
      ranges.push([first, r]);
      first = r;
      used = 0;
    }
    used += size;
  });
  if (rows.length > first) ranges.push([first, rows.length]);
  return ranges;
}

/** The manifest's chunks in row order; they must cover the catalog's rows exactly once, or the manifest is refused. */
export function detailsChunksOf(manifest: ShardManifest, catalogRows: number): DetailsChunkEntry[] {
  const chunks: DetailsChunkEntry[] = [];
  for (const f of manifest.files) {
    const match = DETAILS_CHUNK_PATTERN.exec(f.name);
    if (!match) continue;
    if (!Number.isSafeInteger(f.firstRow) || !Number.isSafeInteger(f.rowCount) || f.firstRow! < 0 || f.rowCount! < 1)
      throw new ShardError('manifest.json', 'corrupt', `the entry of ${f.name} has no valid firstRow and rowCount`);
    chunks.push({ index: Number(match[1]), name: f.name, bytes: f.bytes, sha256: f.sha256, firstRow: f.firstRow!, rowCount: f.rowCount! });
  }
  if (chunks.length === 0)
    throw new ShardError(detailsChunkName(0), 'missing', 'manifest.json lists no movie-details chunks; rebuild the data with npm run build-data');
  chunks.sort((a, b) => a.firstRow - b.firstRow);
  let next = 0;
  for (const c of chunks) {
    if (c.firstRow !== next)
      throw new ShardError(
        'manifest.json',
        'corrupt',
        `${c.name} starts at row ${c.firstRow}, expected ${next} (movie-details chunks must cover the catalog once, in order)`,
      );
    next += c.rowCount;
  }
  if (next !== catalogRows) throw new ShardError('manifest.json', 'corrupt', `the movie-details chunks cover ${next} rows, the catalog has ${catalogRows}`);
  return chunks;
}

/** The chunk holding catalog row `row` (binary search over the ordered chunks). */
export function chunkOfRow(chunks: readonly DetailsChunkEntry[], row: number): DetailsChunkEntry {
  let lo = 0;
  let hi = chunks.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (chunks[mid].firstRow <= row) lo = mid;
    else hi = mid - 1;
  }
  return chunks[lo];
}

/** The `chunk`/`dataset` arrays against what the manifest says this file is; a file of other rows or other data is refused. */
function checkIdentity(file: string, d: ShardContents, expected: Expected): void {
  const chunk = requireNumeric(file, d, 'chunk', Uint32Array);
  const [dataset] = requireStrings(file, d, 'dataset');
  if (chunk.length !== 3) throw new ShardError(file, 'corrupt', `array "chunk" has ${chunk.length} entries, expected 3`);
  const [firstRow, rowCount, catalogRows] = chunk;
  if (catalogRows !== expected.catalogRows || firstRow !== expected.firstRow || rowCount !== expected.rowCount)
    throw new ShardError(
      file,
      'corrupt',
      `it holds rows ${firstRow}–${firstRow + rowCount - 1} of a ${catalogRows}-movie catalog, the manifest lists it for rows ${expected.firstRow}–${expected.firstRow + expected.rowCount - 1} of ${expected.catalogRows} (a file of another build)`,
    );
  if (dataset !== expected.dataset)
    throw new ShardError(
      file,
      'corrupt',
      `it was built from other data (input checksum ${String(dataset).slice(0, 12)}…, the catalog's is ${expected.dataset.slice(0, 12)}…)`,
    );
}

/** Decodes a chunk already checked against the manifest; `expected` is what the manifest says it holds. */
export function decodeDetailsChunk(file: string, bytes: Uint8Array, expected: Expected): DetailsChunk {
  const d = readShard(file, bytes);
  checkIdentity(file, d, expected);
  const rows = expected.rowCount;
  const sameLength = (name: string, length: number) => {
    if (length !== rows) throw new ShardError(file, 'corrupt', `array "${name}" has ${length} rows, the chunk holds ${rows}`);
  };
  const list = (column: string): ListColumn => {
    const table = requireStrings(file, d, `${column}Table`);
    const counts = requireNumeric(file, d, `${column}Counts`, Uint8Array);
    const raw = d[`${column}Values`];
    if (!raw || !(raw.data instanceof Uint16Array || raw.data instanceof Uint32Array))
      throw new ShardError(file, 'corrupt', `array "${column}Values" is missing or not u16/u32`);
    const values = raw.data;
    sameLength(`${column}Counts`, counts.length);
    const indptr = new Uint32Array(rows + 1);
    for (let r = 0; r < rows; r++) indptr[r + 1] = indptr[r] + counts[r];
    if (indptr[rows] !== values.length)
      throw new ShardError(file, 'corrupt', `"${column}" counts add up to ${indptr[rows]}, the file holds ${values.length} entries`);
    for (let i = 0; i < values.length; i++)
      if (values[i] >= table.length) throw new ShardError(file, 'corrupt', `"${column}" entry ${i} points outside its table`);
    return { table, indptr, values };
  };
  const chunk: DetailsChunk = {
    file,
    firstRow: expected.firstRow,
    rows,
    overviews: requireStrings(file, d, 'overviews'),
    taglines: requireStrings(file, d, 'taglines'),
    runtimes: requireNumeric(file, d, 'runtimes', Uint16Array),
    imdbIds: requireNumeric(file, d, 'imdbIds', Uint32Array),
    posterPaths: requireStrings(file, d, 'posterPaths'),
    directors: list('directors'),
    cast: list('cast'),
    keywords: list('keywords'),
  };
  for (const name of ['overviews', 'taglines', 'runtimes', 'imdbIds', 'posterPaths'] as const) sameLength(name, chunk[name].length);
  return chunk;
}

/** Size and SHA-256 against the manifest's entry (as decodeDataset checks the start-up shards). */
async function verify(file: string, entry: { bytes: number; sha256: string }, bytes: Uint8Array): Promise<void> {
  if (bytes.length !== entry.bytes) throw new ShardError(file, 'corrupt', `${bytes.length} bytes, the manifest says ${entry.bytes} (truncated or replaced)`);
  const digest = await sha256Hex(bytes);
  if (digest !== entry.sha256)
    throw new ShardError(file, 'checksum', `SHA-256 ${digest.slice(0, 12)}… does not match the manifest's ${entry.sha256.slice(0, 12)}…`);
}

/** Size and SHA-256 of a chunk against its manifest entry, without decoding (the "available offline" download). */
export function verifyDetailsChunkBytes(entry: DetailsChunkEntry, bytes: Uint8Array): Promise<void> {
  return verify(entry.name, entry, bytes);
}

export async function verifyAndDecodeDetailsChunk(
  manifest: ShardManifest,
  entry: DetailsChunkEntry,
  bytes: Uint8Array,
  catalogRows: number,
): Promise<DetailsChunk> {
  await verify(entry.name, entry, bytes);
  return decodeDetailsChunk(entry.name, bytes, { firstRow: entry.firstRow, rowCount: entry.rowCount, catalogRows, dataset: manifest.dataset.inputChecksum });
}

/** Fetches one chunk through the shard fetcher (capped at the manifest's size), verifies and decodes it. */
export async function loadDetailsChunk(
  manifest: ShardManifest,
  entry: DetailsChunkEntry,
  catalogRows: number,
  fetchFile: ShardFetcher,
  onProgress?: (p: ShardLoadProgress) => void,
): Promise<DetailsChunk> {
  const bytes = await fetchFile(entry.name, (loaded) => onProgress?.({ loadedBytes: loaded, totalBytes: entry.bytes, file: entry.name }), entry.bytes);
  return verifyAndDecodeDetailsChunk(manifest, entry, bytes, catalogRows);
}

function lazyEntry(manifest: ShardManifest, file: string): ShardManifest['files'][number] {
  const entry = manifest.files.find((f) => f.name === file);
  if (!entry) throw new ShardError(file, 'missing', 'manifest.json does not list it; rebuild the data with npm run build-data');
  return entry;
}
const imdbEntry = (manifest: ShardManifest) => lazyEntry(manifest, IMDB_FILE);

export async function verifyAndDecodeImdbIds(manifest: ShardManifest, bytes: Uint8Array, catalogRows: number): Promise<Uint32Array> {
  await verify(IMDB_FILE, imdbEntry(manifest), bytes);
  const d = readShard(IMDB_FILE, bytes);
  checkIdentity(IMDB_FILE, d, { firstRow: 0, rowCount: catalogRows, catalogRows, dataset: manifest.dataset.inputChecksum });
  const ids = requireNumeric(IMDB_FILE, d, 'imdbIds', Uint32Array);
  if (ids.length !== catalogRows) throw new ShardError(IMDB_FILE, 'corrupt', `array "imdbIds" has ${ids.length} rows, the catalog has ${catalogRows}`);
  return ids;
}

/** Fetches imdb.bin (the history import's IMDb ids), verified against the manifest. */
export async function loadImdbIds(
  manifest: ShardManifest,
  catalogRows: number,
  fetchFile: ShardFetcher,
  onProgress?: (p: ShardLoadProgress) => void,
): Promise<Uint32Array> {
  const entry = imdbEntry(manifest);
  const bytes = await fetchFile(IMDB_FILE, (loaded) => onProgress?.({ loadedBytes: loaded, totalBytes: entry.bytes, file: IMDB_FILE }), entry.bytes);
  return verifyAndDecodeImdbIds(manifest, bytes, catalogRows);
}

export async function verifyAndDecodeRuntimes(manifest: ShardManifest, bytes: Uint8Array, catalogRows: number): Promise<Uint16Array> {
  await verify(RUNTIMES_FILE, lazyEntry(manifest, RUNTIMES_FILE), bytes);
  const d = readShard(RUNTIMES_FILE, bytes);
  checkIdentity(RUNTIMES_FILE, d, { firstRow: 0, rowCount: catalogRows, catalogRows, dataset: manifest.dataset.inputChecksum });
  const runtimes = requireNumeric(RUNTIMES_FILE, d, 'runtimes', Uint16Array);
  if (runtimes.length !== catalogRows)
    throw new ShardError(RUNTIMES_FILE, 'corrupt', `array "runtimes" has ${runtimes.length} rows, the catalog has ${catalogRows}`);
  return runtimes;
}

/** Fetches runtimes.bin (Watch together's length mood), verified against the manifest. */
export async function loadRuntimes(
  manifest: ShardManifest,
  catalogRows: number,
  fetchFile: ShardFetcher,
  onProgress?: (p: ShardLoadProgress) => void,
): Promise<Uint16Array> {
  const entry = lazyEntry(manifest, RUNTIMES_FILE);
  const bytes = await fetchFile(RUNTIMES_FILE, (loaded) => onProgress?.({ loadedBytes: loaded, totalBytes: entry.bytes, file: RUNTIMES_FILE }), entry.bytes);
  return verifyAndDecodeRuntimes(manifest, bytes, catalogRows);
}

function listAt(column: ListColumn, row: number): string[] {
  const out: string[] = [];
  for (let i = column.indptr[row]; i < column.indptr[row + 1]; i++) out.push(column.table[column.values[i]]);
  return out;
}

/** Catalog row `row` (inside `chunk`) as plain values; the engine adds the catalog summary and original title (Engine.movieDetails). */
export function detailsOfRow(chunk: DetailsChunk, row: number): Omit<MovieDetails, 'movie' | 'originalTitle'> {
  const r = row - chunk.firstRow;
  if (r < 0 || r >= chunk.rows) throw new RangeError(`row ${row} is not in ${chunk.file}`);
  return {
    overview: chunk.overviews[r],
    tagline: chunk.taglines[r],
    runtime: chunk.runtimes[r] || null,
    imdbId: chunk.imdbIds[r] || null,
    posterPath: chunk.posterPaths[r] || null,
    directors: listAt(chunk.directors, r),
    cast: listAt(chunk.cast, r),
    keywords: listAt(chunk.keywords, r),
  };
}
