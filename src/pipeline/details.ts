// build-data's movie-details chunks, imdb.bin and runtimes.bin: the movie page's fields per catalog row, from the parsed movie files
// (+ IMDb ids from links.csv), split by row range so that no chunk is over DETAILS_CHUNK_MAX_GZIP gzipped.
import { gzipSync } from 'node:zlib';
import {
  DETAILS_CHUNK_MAX_GZIP,
  DETAILS_TOP_CAST,
  detailsChunkName,
  encodeDetailsChunk,
  encodeImdbIds,
  encodeRuntimes,
  planDetailsChunks,
  type DetailsRow,
} from '../engine/shards/details';
import { readCsv } from './csv';
import type { CreditsRecord, MovieRecord } from './movies';

/** TMDB image paths as the app accepts them: one path segment, no query or traversal (the app checks again). */
const POSTER_PATH = /^\/[A-Za-z0-9_-]+\.(?:jpg|jpeg|png|webp)$/i;

/** links.csv / links_small.csv → TMDB id → IMDb number (links store "114709" for tt0114709); first row per TMDB id wins. */
export async function readImdbLinks(path: string): Promise<Map<number, number>> {
  const imdbOf = new Map<number, number>();
  await readCsv(path, {
    requiredColumns: ['imdbId', 'tmdbId'],
    onRow: (row) => {
      const tmdbText = row.tmdbId?.trim() ?? '';
      const imdbText = row.imdbId?.trim() ?? '';
      if (!/^\d{1,10}$/.test(tmdbText) || !/^\d{1,9}$/.test(imdbText)) return 'no TMDB or IMDb id';
      const tmdbId = Number(tmdbText);
      if (!imdbOf.has(tmdbId) && Number(imdbText) > 0) imdbOf.set(tmdbId, Number(imdbText));
    },
  });
  return imdbOf;
}

/** One details row per catalog movie, in catalog order; the IMDb id of movies_metadata wins over links.csv's. */
export function detailsForMovies(
  movies: MovieRecord[],
  credits: Map<number, CreditsRecord>,
  keywords: Map<number, string[]>,
  imdbFromLinks: Map<number, number> = new Map(),
): DetailsRow[] {
  return movies.map((m) => {
    const credit = credits.get(m.id);
    return {
      overview: m.overview,
      tagline: m.tagline,
      runtime: m.runtime,
      imdbId: m.imdbId || imdbFromLinks.get(m.id) || 0,
      posterPath: m.posterPath && POSTER_PATH.test(m.posterPath) ? m.posterPath : '',
      directors: credit?.directors ?? [],
      cast: (credit?.billing ?? []).slice(0, DETAILS_TOP_CAST),
      keywords: keywords.get(m.id) ?? [],
    };
  });
}

export interface EncodedChunk {
  name: string;
  bytes: Uint8Array;
  firstRow: number;
  rowCount: number;
  gzipBytes: number;
}

/**
 * The chunks of `rows` (the whole catalog, in catalog order): ranges from planDetailsChunks, and any range whose chunk
 * gzips to more than `maxGzipBytes` is halved until it fits (a single row over the bound is an error naming it).
 */
export function encodeDetailsChunks(
  rows: DetailsRow[],
  dataset: string,
  options: { rawTarget?: number; minChunks?: number; maxGzipBytes?: number } = {},
): EncodedChunk[] {
  const maxGzip = options.maxGzipBytes ?? DETAILS_CHUNK_MAX_GZIP;
  const pending = planDetailsChunks(rows, options.rawTarget, options.minChunks);
  const done: Omit<EncodedChunk, 'name'>[] = [];
  while (pending.length > 0) {
    const [first, end] = pending.shift()!;
    const bytes = encodeDetailsChunk(rows.slice(first, end), first, rows.length, dataset);
    const gzipBytes = gzipSync(bytes, { level: 9 }).length;
    if (gzipBytes <= maxGzip) {
      done.push({ bytes, firstRow: first, rowCount: end - first, gzipBytes });
      continue;
    }
    if (end - first === 1) throw new Error(`movie details of catalog row ${first} alone gzip to ${gzipBytes} bytes, over the ${maxGzip}-byte chunk bound`);
    const middle = first + Math.floor((end - first) / 2);
    pending.unshift([first, middle], [middle, end]);
  }
  return done.map((chunk, index) => ({ name: detailsChunkName(index), ...chunk }));
}

/** runtimes.bin from the same rows (minutes, 0 = unknown). */
export function encodeRuntimesFile(rows: DetailsRow[], dataset: string): Uint8Array {
  return encodeRuntimes(
    Uint16Array.from(rows, (r) => r.runtime),
    dataset,
  );
}

/** imdb.bin from the same rows. */
export function encodeImdbFile(rows: DetailsRow[], dataset: string): Uint8Array {
  return encodeImdbIds(
    Uint32Array.from(rows, (r) => r.imdbId),
    dataset,
  );
}
