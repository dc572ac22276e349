// details.bin: what the movie page shows beyond the catalog (overview, tagline, runtime, ids, people, keywords, poster
// path), one row per catalog movie. Written by build-data; the worker fetches it on the first movie page only, so it is
// listed in the manifest (size + SHA-256) but not in SHARD_FILES. Layout and checks: docs/shard-format.md.
import type { ShardManifest } from './dataset';
import { numeric, readShard, requireNumeric, requireStrings, sha256Hex, ShardError, strings, writeShard, type ShardContents } from './format';
import type { ShardFetcher, ShardLoadProgress } from './load';
import type { MovieDetails } from '../types';

export const DETAILS_FILE = 'details.bin';
/** Cast names kept per movie for the movie page (the keyword soup uses fewer, see build.topCast). */
export const DETAILS_TOP_CAST = 8;
/** Entries per movie in a list column: counts are u8 (a movie with more keywords keeps its first 255). */
export const DETAILS_MAX_LIST = 255;

/** One catalog row's details as build-data collects them ('' / 0 / [] when unknown). */
export interface DetailsRow {
  overview: string;
  tagline: string;
  /** Minutes. */
  runtime: number;
  /** The number of the IMDb id tt…. */
  imdbId: number;
  /** '' when the same as the title. */
  originalTitle: string;
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

/** The decoded shard: columns by catalog row. */
export interface DetailsTable {
  rows: number;
  overviews: string[];
  taglines: string[];
  runtimes: Uint16Array;
  imdbIds: Uint32Array;
  originalTitles: string[];
  posterPaths: string[];
  directors: ListColumn;
  cast: ListColumn;
  keywords: ListColumn;
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

export function encodeDetails(rows: DetailsRow[]): Uint8Array {
  const contents: ShardContents = {
    overviews: strings(rows.map((r) => r.overview)),
    taglines: strings(rows.map((r) => r.tagline)),
    runtimes: numeric(Uint16Array.from(rows, (r) => r.runtime)),
    imdbIds: numeric(Uint32Array.from(rows, (r) => r.imdbId)),
    originalTitles: strings(rows.map((r) => r.originalTitle)),
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

/** Decodes a details.bin already checked against the manifest; `rows` is the catalog's movie count. */
export function decodeDetails(bytes: Uint8Array, rows: number): DetailsTable {
  const file = DETAILS_FILE;
  const d = readShard(file, bytes);
  const sameLength = (name: string, length: number) => {
    if (length !== rows) throw new ShardError(file, 'corrupt', `array "${name}" has ${length} rows, the catalog has ${rows}`);
  };
  const list = (column: string): ListColumn => {
    const table = requireStrings(file, d, `${column}Table`);
    const counts = requireNumeric(file, d, `${column}Counts`, Uint8Array);
    const raw = d[`${column}Values`];
    if (!raw || !(raw.data instanceof Uint16Array || raw.data instanceof Uint32Array)) throw new ShardError(file, 'corrupt', `array "${column}Values" is missing or not u16/u32`);
    const values = raw.data;
    sameLength(`${column}Counts`, counts.length);
    const indptr = new Uint32Array(rows + 1);
    for (let r = 0; r < rows; r++) indptr[r + 1] = indptr[r] + counts[r];
    if (indptr[rows] !== values.length) throw new ShardError(file, 'corrupt', `"${column}" counts add up to ${indptr[rows]}, the file holds ${values.length} entries`);
    for (let i = 0; i < values.length; i++) if (values[i] >= table.length) throw new ShardError(file, 'corrupt', `"${column}" entry ${i} points outside its table`);
    return { table, indptr, values };
  };
  const table: DetailsTable = {
    rows,
    overviews: requireStrings(file, d, 'overviews'),
    taglines: requireStrings(file, d, 'taglines'),
    runtimes: requireNumeric(file, d, 'runtimes', Uint16Array),
    imdbIds: requireNumeric(file, d, 'imdbIds', Uint32Array),
    originalTitles: requireStrings(file, d, 'originalTitles'),
    posterPaths: requireStrings(file, d, 'posterPaths'),
    directors: list('directors'),
    cast: list('cast'),
    keywords: list('keywords'),
  };
  for (const name of ['overviews', 'taglines', 'runtimes', 'imdbIds', 'originalTitles', 'posterPaths'] as const) sameLength(name, table[name].length);
  return table;
}

/** Size and SHA-256 against the manifest's entry (as decodeDataset checks the start-up shards), then decode. */
export async function verifyAndDecodeDetails(manifest: ShardManifest, bytes: Uint8Array, rows: number): Promise<DetailsTable> {
  const entry = detailsEntry(manifest);
  if (bytes.length !== entry.bytes) throw new ShardError(DETAILS_FILE, 'corrupt', `${bytes.length} bytes, the manifest says ${entry.bytes} (truncated or replaced)`);
  const digest = await sha256Hex(bytes);
  if (digest !== entry.sha256) throw new ShardError(DETAILS_FILE, 'checksum', `SHA-256 ${digest.slice(0, 12)}… does not match the manifest's ${entry.sha256.slice(0, 12)}…`);
  return decodeDetails(bytes, rows);
}

function detailsEntry(manifest: ShardManifest): ShardManifest['files'][number] {
  const entry = manifest.files.find((f) => f.name === DETAILS_FILE);
  if (!entry) throw new ShardError(DETAILS_FILE, 'missing', 'manifest.json does not list it; rebuild the data with npm run build-data');
  return entry;
}

/** Fetches details.bin through the same fetcher as the start-up shards (capped at the manifest's size), verifies and decodes it. */
export async function loadDetails(manifest: ShardManifest, rows: number, fetchFile: ShardFetcher, onProgress?: (p: ShardLoadProgress) => void): Promise<DetailsTable> {
  const entry = detailsEntry(manifest);
  const bytes = await fetchFile(DETAILS_FILE, (loaded) => onProgress?.({ loadedBytes: loaded, totalBytes: entry.bytes, file: DETAILS_FILE }), entry.bytes);
  return verifyAndDecodeDetails(manifest, bytes, rows);
}

function listAt(column: ListColumn, row: number): string[] {
  const out: string[] = [];
  for (let i = column.indptr[row]; i < column.indptr[row + 1]; i++) out.push(column.table[column.values[i]]);
  return out;
}

/** Row `row` as plain values; the engine adds the catalog summary (Engine.movieDetails). */
export function detailsOfRow(table: DetailsTable, row: number): Omit<MovieDetails, 'movie'> {
  return {
    overview: table.overviews[row],
    tagline: table.taglines[row],
    runtime: table.runtimes[row] || null,
    imdbId: table.imdbIds[row] || null,
    originalTitle: table.originalTitles[row] || null,
    posterPath: table.posterPaths[row] || null,
    directors: listAt(table.directors, row),
    cast: listAt(table.cast, row),
    keywords: listAt(table.keywords, row),
  };
}
