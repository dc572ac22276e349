// Moving ratings between browsers: JSON and CSV (userId,movieId,rating,timestamp with TMDB ids), validated row by row, committed atomically.
import Papa from 'papaparse';
import type { CineLocalDatabase, RatingRecord } from './db';
import { movieIdProblem, ratingValueProblem, type KnownMovieLookup } from './repository';

export const EXPORT_FORMAT_NAME = 'cinelocal-ratings';
export const EXPORT_FORMAT_VERSION = 1;
export const MAX_IMPORT_BYTES = 5 * 1024 * 1024;
export const MAX_IMPORT_ROWS = 50_000;
export const CSV_HEADER = ['userId', 'movieId', 'rating', 'timestamp'] as const;

export type ImportFormat = 'json' | 'csv';

/** The whole file was rejected (nothing imported); the message says why. */
export class ImportFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ImportFileError';
  }
}

export interface ParsedImportRow {
  /** 1-based data row (the CSV header and JSON wrapper are not rows). */
  row: number;
  movieId: number;
  rating: number;
  timestampSeconds: number | null;
}

export interface SkippedImportRow {
  row: number;
  reason: string;
}

export interface ParsedImport {
  format: ImportFormat;
  rowsRead: number;
  rows: ParsedImportRow[];
  skipped: SkippedImportRow[];
}

export interface ImportReport extends ParsedImport {
  fileName: string;
  imported: number;
  added: number;
  updated: number;
  unchanged: number;
}

interface JsonExport {
  format: typeof EXPORT_FORMAT_NAME;
  version: number;
  profile: string;
  exportedAt: string;
  ratings: { movieId: number; rating: number; timestamp: number }[];
}

function sortedForExport(ratings: RatingRecord[]): RatingRecord[] {
  return [...ratings].sort((a, b) => a.updatedAt - b.updatedAt || a.movieId - b.movieId);
}

export function exportRatingsAsJson(profileName: string, ratings: RatingRecord[], now: Date = new Date()): string {
  const body: JsonExport = {
    format: EXPORT_FORMAT_NAME,
    version: EXPORT_FORMAT_VERSION,
    profile: profileName,
    exportedAt: now.toISOString(),
    ratings: sortedForExport(ratings).map((r) => ({ movieId: r.movieId, rating: r.rating, timestamp: Math.floor(r.updatedAt / 1000) })),
  };
  return `${JSON.stringify(body, null, 2)}\n`;
}

/** CSV like Kaggle's ratings_small.csv but with TMDB ids; userId is the profile name. */
export function exportRatingsAsCsv(profileName: string, ratings: RatingRecord[]): string {
  const rows = sortedForExport(ratings).map((r) => [profileName, r.movieId, r.rating, Math.floor(r.updatedAt / 1000)]);
  // escapeFormulae: a profile name like "=HYPERLINK(…)" must not become a live formula when the CSV is opened in a spreadsheet.
  return `${Papa.unparse({ fields: [...CSV_HEADER], data: rows }, { newline: '\n', escapeFormulae: true })}\n`;
}

export function exportFileName(profileName: string, format: ImportFormat, now: Date = new Date()): string {
  const safeName = profileName.normalize('NFKD').replace(/[^\w-]+/g, '-').replace(/^-+|-+$/g, '').toLowerCase() || 'profile';
  return `cinelocal-ratings-${safeName}-${now.toISOString().slice(0, 10)}.${format}`;
}

function detectFormat(fileName: string, text: string): ImportFormat {
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.json')) return 'json';
  if (lower.endsWith('.csv')) return 'csv';
  const first = text.trimStart()[0];
  return first === '{' || first === '[' ? 'json' : 'csv';
}

const NUMBER_TEXT = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/** A finite number from a JSON number or numeric CSV text; null otherwise (so messages quote the raw cell, e.g. "1e999", not null). */
function numberFromCell(value: unknown): number | null {
  const n = typeof value === 'number' ? value : typeof value === 'string' && NUMBER_TEXT.test(value.trim()) ? Number(value.trim()) : null;
  return n !== null && Number.isFinite(n) ? n : null;
}

/** Timestamps after now + this are refused: a rating from the future would stay "most recent" forever. */
export const MAX_TIMESTAMP_SKEW_SECONDS = 24 * 60 * 60;

function rowProblem(movieIdRaw: unknown, ratingRaw: unknown, timestampRaw: unknown, nowSeconds: number): { problem: string } | { movieId: number; rating: number; timestampSeconds: number | null } {
  const movieId = numberFromCell(movieIdRaw);
  const idProblem = movieIdProblem(movieId ?? movieIdRaw);
  if (idProblem) return { problem: `movieId: ${idProblem}` };
  const rating = numberFromCell(ratingRaw);
  const valueProblem = ratingValueProblem(rating ?? ratingRaw);
  if (valueProblem) return { problem: `rating: ${valueProblem}` };
  let timestampSeconds: number | null = null;
  if (timestampRaw !== undefined && timestampRaw !== null && timestampRaw !== '') {
    const ts = numberFromCell(timestampRaw);
    if (ts === null || !Number.isInteger(ts) || ts < 0) return { problem: `timestamp: must be whole seconds since 1970, got ${JSON.stringify(timestampRaw)}` };
    if (ts > nowSeconds + MAX_TIMESTAMP_SKEW_SECONDS) return { problem: `timestamp: ${ts} is in the future (after ${new Date((nowSeconds + MAX_TIMESTAMP_SKEW_SECONDS) * 1000).toISOString()})` };
    timestampSeconds = ts;
  }
  return { movieId: movieId!, rating: rating!, timestampSeconds };
}

function parseJsonImport(text: string): { records: unknown[] } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new ImportFileError(`The file is not valid JSON (${error instanceof Error ? error.message : String(error)}).`);
  }
  if (Array.isArray(parsed)) return { records: parsed };
  if (parsed && typeof parsed === 'object' && Array.isArray((parsed as { ratings?: unknown }).ratings)) {
    const version = (parsed as { version?: unknown }).version;
    if (typeof version === 'number' && version > EXPORT_FORMAT_VERSION) {
      throw new ImportFileError(`The file was written by a newer CineLocal (format version ${version}); this one reads version ${EXPORT_FORMAT_VERSION}.`);
    }
    return { records: (parsed as { ratings: unknown[] }).ratings };
  }
  throw new ImportFileError('The JSON file has no "ratings" list.');
}

/** Parses and validates the shape of every row (not catalog membership; timestamps after `now` + 1 day are refused); throws ImportFileError for a file it cannot read at all. */
export function parseRatingsImport(fileName: string, text: string, now: number = Date.now()): ParsedImport {
  const nowSeconds = Math.floor(now / 1000);
  const bytes = new TextEncoder().encode(text).length;
  if (bytes > MAX_IMPORT_BYTES) throw new ImportFileError(`The file is ${(bytes / 1048576).toFixed(1)} MB; the limit is ${MAX_IMPORT_BYTES / 1048576} MB.`);
  if (text.trim().length === 0) throw new ImportFileError('The file is empty.');
  const format = detectFormat(fileName, text);
  const rows: ParsedImportRow[] = [];
  const skipped: SkippedImportRow[] = [];
  const firstRowOfMovie = new Map<number, number>();
  const accept = (row: number, movieIdRaw: unknown, ratingRaw: unknown, timestampRaw: unknown) => {
    const result = rowProblem(movieIdRaw, ratingRaw, timestampRaw, nowSeconds);
    if ('problem' in result) {
      skipped.push({ row, reason: result.problem });
      return;
    }
    const earlier = firstRowOfMovie.get(result.movieId);
    if (earlier !== undefined) {
      skipped.push({ row, reason: `duplicate: movie ${result.movieId} was already rated in row ${earlier}` });
      return;
    }
    firstRowOfMovie.set(result.movieId, row);
    rows.push({ row, ...result });
  };

  let rowsRead: number;
  if (format === 'json') {
    const { records } = parseJsonImport(text);
    if (records.length > MAX_IMPORT_ROWS) throw new ImportFileError(`The file has ${records.length} ratings; the limit is ${MAX_IMPORT_ROWS}.`);
    rowsRead = records.length;
    records.forEach((record, index) => {
      if (!record || typeof record !== 'object') {
        skipped.push({ row: index + 1, reason: 'not an object with movieId and rating' });
        return;
      }
      const r = record as Record<string, unknown>;
      // JSON rows must hold real numbers; numeric strings are a CSV habit.
      if (typeof r.movieId !== 'number') return void skipped.push({ row: index + 1, reason: `movieId: must be a number, got ${JSON.stringify(r.movieId)}` });
      if (typeof r.rating !== 'number') return void skipped.push({ row: index + 1, reason: `rating: must be a number, got ${JSON.stringify(r.rating)}` });
      accept(index + 1, r.movieId, r.rating, r.timestamp);
    });
  } else {
    const parsed = Papa.parse<Record<string, string>>(text.replace(/^\uFEFF/, ''), { header: true, skipEmptyLines: 'greedy', transformHeader: (h) => h.trim() });
    const fields = parsed.meta.fields ?? [];
    const missing = ['movieId', 'rating'].filter((f) => !fields.includes(f));
    if (missing.length > 0) throw new ImportFileError(`The CSV header must contain ${CSV_HEADER.join(',')}; missing: ${missing.join(', ')}.`);
    if (parsed.data.length > MAX_IMPORT_ROWS) throw new ImportFileError(`The file has ${parsed.data.length} rows; the limit is ${MAX_IMPORT_ROWS}.`);
    rowsRead = parsed.data.length;
    const rowErrors = new Map<number, string>();
    for (const error of parsed.errors) if (typeof error.row === 'number') rowErrors.set(error.row, error.message);
    let firstUser: string | null = null;
    parsed.data.forEach((record, index) => {
      const row = index + 1;
      const structural = rowErrors.get(index);
      if (structural) return void skipped.push({ row, reason: `malformed CSV row: ${structural}` });
      const userId = (record.userId ?? '').trim();
      if (fields.includes('userId')) {
        firstUser ??= userId;
        if (userId !== firstUser) return void skipped.push({ row, reason: `belongs to another user (userId ${JSON.stringify(userId)}); only userId ${JSON.stringify(firstUser)} is imported` });
      }
      accept(row, record.movieId, record.rating, record.timestamp);
    });
  }
  return { format, rowsRead, rows, skipped };
}

/** Validates every row (shape, then catalog membership via `knownMovies`) and commits the valid ones in one transaction: all or nothing. */
export async function importRatings(
  db: CineLocalDatabase,
  profileId: string,
  fileName: string,
  text: string,
  knownMovies: KnownMovieLookup,
  now: number = Date.now(),
): Promise<ImportReport> {
  // `now` stamps rows without a timestamp (tests pin it); the future check always allows up to the real clock.
  const parsed = parseRatingsImport(fileName, text, Math.max(now, Date.now()));
  const known = new Set(parsed.rows.length > 0 ? await knownMovies(parsed.rows.map((r) => r.movieId)) : []);
  const accepted: ParsedImportRow[] = [];
  const skipped = [...parsed.skipped];
  for (const row of parsed.rows) {
    if (known.has(row.movieId)) accepted.push(row);
    else skipped.push({ row: row.row, reason: `movieId: movie ${row.movieId} is not in the loaded catalog` });
  }
  skipped.sort((a, b) => a.row - b.row);
  let added = 0;
  let updated = 0;
  let unchanged = 0;
  await db.transaction('rw', db.profiles, db.ratings, async () => {
    added = updated = unchanged = 0;
    const profile = await db.profiles.get(profileId);
    if (!profile) throw new ImportFileError('The profile to import into no longer exists.');
    const existing = await db.ratings.bulkGet(accepted.map((r) => [profileId, r.movieId] as [string, number]));
    const writes: RatingRecord[] = [];
    accepted.forEach((row, index) => {
      const before = existing[index];
      if (before && before.rating === row.rating) {
        unchanged += 1;
        return;
      }
      if (before) updated += 1;
      else added += 1;
      writes.push({ profileId, movieId: row.movieId, rating: row.rating, updatedAt: row.timestampSeconds !== null ? row.timestampSeconds * 1000 : now });
    });
    if (writes.length === 0) return;
    await db.ratings.bulkPut(writes);
    await db.profiles.where('id').equals(profileId).modify((p) => { p.ratingChangeCounter += writes.length; });
  });
  return { ...parsed, skipped, fileName, imported: added + updated, added, updated, unchanged };
}
