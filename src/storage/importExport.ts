// Moving ratings between browsers: JSON and CSV (userId,movieId,rating,timestamp with TMDB ids), validated row by row, committed atomically.
import Papa from 'papaparse';
import type { CineLocalDatabase, RatingRecord } from './schema';
import { parseJsonKeepingNumberText, type NumberTextIndex } from './jsonNumberText';
import { movieIdProblem, quoteValue, ratingValueProblem, type KnownMovieLookup } from './repository';

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

/** A number cell: its value (null when not a finite number), how messages quote it, and the problem with its text. */
interface NumberCell {
  value: number | null;
  /** The raw cell for messages: a CSV cell quoted ("9007199254740993"), a JSON number as written (9007199254740993); cut short. */
  shown: string;
  /** A number text that does not survive as a double: a non-zero that underflows to 0, or a negative zero. */
  problem: string | null;
}

/**
 * Reads a CSV cell or a JSON value. `jsonText` is the source text of a JSON number (jsonNumberText.ts), so messages
 * quote what the file says, not what the double became (9007199254740993 is not 9007199254740992).
 */
function readNumberCell(raw: unknown, jsonText?: string): NumberCell {
  let text: string | null = null;
  let shown: string;
  if (typeof raw === 'number') {
    text = jsonText ?? (Object.is(raw, -0) ? '-0' : String(raw));
    shown = quoteValue(text).slice(1, -1);
  } else {
    shown = quoteValue(raw);
    if (typeof raw === 'string' && NUMBER_TEXT.test(raw.trim())) text = raw.trim();
  }
  if (text === null) return { value: null, shown, problem: null };
  const value = typeof raw === 'number' ? raw : Number(text);
  if (!Number.isFinite(value)) return { value: null, shown, problem: null };
  const mantissa = text.split(/[eE]/)[0];
  if (value === 0 && /[1-9]/.test(mantissa)) return { value, shown, problem: `${shown} is too small to store exactly (it would become 0)` };
  if (Object.is(value, -0)) return { value, shown, problem: `${shown} is a negative zero` };
  return { value, shown, problem: null };
}

/** Timestamps after now + this are refused: a rating from the future would stay "most recent" forever. */
export const MAX_TIMESTAMP_SKEW_SECONDS = 24 * 60 * 60;

/** The raw cells of one row; `numberText` holds the source text of JSON numbers by field name. */
interface RawRow {
  movieId: unknown;
  rating: unknown;
  timestamp: unknown;
  numberText?: Map<string, string>;
}

function rowProblem(raw: RawRow, nowSeconds: number): { problem: string } | { movieId: number; rating: number; timestampSeconds: number | null } {
  const id = readNumberCell(raw.movieId, raw.numberText?.get('movieId'));
  if (id.problem) return { problem: `movieId: ${id.problem}` };
  const idProblem = movieIdProblem(id.value ?? raw.movieId, id.shown);
  if (idProblem) return { problem: `movieId: ${idProblem}` };
  const rating = readNumberCell(raw.rating, raw.numberText?.get('rating'));
  if (rating.problem) return { problem: `rating: ${rating.problem}` };
  const valueProblem = ratingValueProblem(rating.value ?? raw.rating, rating.shown);
  if (valueProblem) return { problem: `rating: ${valueProblem}` };
  let timestampSeconds: number | null = null;
  if (raw.timestamp !== undefined && raw.timestamp !== null && raw.timestamp !== '') {
    const ts = readNumberCell(raw.timestamp, raw.numberText?.get('timestamp'));
    if (ts.value === null || ts.problem || !Number.isInteger(ts.value) || ts.value < 0) return { problem: `timestamp: must be whole seconds since 1970, got ${ts.shown}` };
    if (ts.value > nowSeconds + MAX_TIMESTAMP_SKEW_SECONDS) return { problem: `timestamp: ${ts.shown} is in the future (after ${new Date((nowSeconds + MAX_TIMESTAMP_SKEW_SECONDS) * 1000).toISOString()})` };
    timestampSeconds = ts.value;
  }
  return { movieId: id.value!, rating: rating.value!, timestampSeconds };
}

function parseJsonImport(text: string): { records: unknown[]; numberText: NumberTextIndex } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new ImportFileError(`The file is not valid JSON (${quoteValue(error instanceof Error ? error.message : String(error), 200).slice(1, -1)}).`);
  }
  // The same JSON again, keeping the source text of numbers (9007199254740993, 1e-400, -0) for the row checks.
  let numberText: NumberTextIndex = new WeakMap();
  try {
    ({ value: parsed, numberText } = parseJsonKeepingNumberText(text));
  } catch {
    // Cannot happen for text JSON.parse accepted; the parsed value is still good, only messages lose the exact text.
  }
  if (Array.isArray(parsed)) return { records: parsed, numberText };
  if (parsed && typeof parsed === 'object' && Array.isArray((parsed as { ratings?: unknown }).ratings)) {
    const wrapper = parsed as { version?: unknown; ratings: unknown[] };
    if (Object.hasOwn(wrapper, 'version')) {
      const version = wrapper.version;
      const versionText = numberText.get(wrapper)?.get('version') ?? quoteValue(version);
      const reads = `this CineLocal reads version ${EXPORT_FORMAT_VERSION}`;
      if (typeof version !== 'number') throw new ImportFileError(`The file's format version must be a number, got ${quoteValue(version)}; ${reads}.`);
      if (version > EXPORT_FORMAT_VERSION) throw new ImportFileError(`The file was written by a newer CineLocal (format version ${versionText}); ${reads}.`);
      if (!Number.isInteger(version) || version < 1 || Object.is(version, -0)) throw new ImportFileError(`The file's format version ${versionText} is not one CineLocal ever wrote; ${reads}.`);
    }
    return { records: wrapper.ratings, numberText };
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
  const accept = (row: number, raw: RawRow) => {
    const result = rowProblem(raw, nowSeconds);
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
    const { records, numberText } = parseJsonImport(text);
    if (records.length > MAX_IMPORT_ROWS) throw new ImportFileError(`The file has ${records.length} ratings; the limit is ${MAX_IMPORT_ROWS}.`);
    rowsRead = records.length;
    records.forEach((record, index) => {
      if (!record || typeof record !== 'object') {
        skipped.push({ row: index + 1, reason: 'not an object with movieId and rating' });
        return;
      }
      const r = record as Record<string, unknown>;
      // JSON rows must hold real numbers; numeric strings are a CSV habit.
      if (typeof r.movieId !== 'number') return void skipped.push({ row: index + 1, reason: `movieId: must be a number, got ${quoteValue(r.movieId)}` });
      if (typeof r.rating !== 'number') return void skipped.push({ row: index + 1, reason: `rating: must be a number, got ${quoteValue(r.rating)}` });
      accept(index + 1, { movieId: r.movieId, rating: r.rating, timestamp: r.timestamp, numberText: numberText.get(r) });
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
      if (structural) return void skipped.push({ row, reason: `malformed CSV row: ${quoteValue(structural, 200).slice(1, -1)}` });
      const userId = (record.userId ?? '').trim();
      if (fields.includes('userId')) {
        firstUser ??= userId;
        if (userId !== firstUser) return void skipped.push({ row, reason: `belongs to another user (userId ${quoteValue(userId)}); only userId ${quoteValue(firstUser)} is imported` });
      }
      accept(row, { movieId: record.movieId, rating: record.rating, timestamp: record.timestamp });
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
