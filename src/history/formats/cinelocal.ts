// CineLocal's own export, read back: JSON (format version 2 also carries the watchlist and hidden movies) or CSV
// (userId,movieId,rating,timestamp with TMDB ids), validated row by row; export/cinelocal.ts writes it, and
// ../ownImport.ts checks the rows against the catalog and hands them to the storage writer. Registered as the own
// format (registry.ts): a file detected as CineLocal's is not matched and previewed but imported as it is.
import Papa from 'papaparse';
import { ImportFileError } from '../errors';
import type { OwnFormat, SniffedFile, Verdict } from './format';
import { IMPORT_LISTS, type ImportFormat, type ImportListName, type ParsedImport, type ParsedImportRow, type SkippedFileRow } from '../wire';
import { parseJsonKeepingNumberText, type NumberTextIndex } from '../jsonNumberText';
import { movieIdProblem, overLimitText, quoteValue, ratingValueProblem } from '../../storage/validation';

export const EXPORT_FORMAT_NAME = 'cinelocal-ratings';
/** 2 added `watchlist` and `hidden`; version-1 files (ratings only) are still read. */
export const EXPORT_FORMAT_VERSION = 2;
export const MAX_IMPORT_BYTES = 5 * 1024 * 1024;

/** Why a file of `bytes` is refused before reading it. */
export function fileTooLargeText(bytes: number): string {
  return `The file is ${overLimitText(bytes, MAX_IMPORT_BYTES)}.`;
}
export const MAX_IMPORT_ROWS = 50_000;
export const CSV_HEADER = ['userId', 'movieId', 'rating', 'timestamp'] as const;

/** The JSON field holding each list row's time (whole seconds, like a rating's `timestamp`). */
const LIST_TIME_FIELD: Record<ImportListName, 'addedAt' | 'hiddenAt'> = { watchlist: 'addedAt', hidden: 'hiddenAt' };
export const LIST_LABEL: Record<ImportListName, string> = { watchlist: 'watchlist', hidden: 'hidden movies' };

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

function movieIdCellProblem(raw: unknown, numberText: Map<string, string> | undefined): { problem: string } | { movieId: number } {
  const id = readNumberCell(raw, numberText?.get('movieId'));
  if (id.problem) return { problem: `movieId: ${id.problem}` };
  const idProblem = movieIdProblem(id.value ?? raw, id.shown);
  if (idProblem) return { problem: `movieId: ${idProblem}` };
  return { movieId: id.value! };
}

/** An optional time cell in whole seconds (`field` names it in messages): null when absent. */
function secondsCell(
  field: string,
  raw: unknown,
  numberText: Map<string, string> | undefined,
  nowSeconds: number,
): { problem: string } | { seconds: number | null } {
  if (raw === undefined || raw === null || raw === '') return { seconds: null };
  const ts = readNumberCell(raw, numberText?.get(field));
  if (ts.value === null || ts.problem || !Number.isInteger(ts.value) || ts.value < 0)
    return { problem: `${field}: must be whole seconds since 1970, got ${ts.shown}` };
  if (ts.value > nowSeconds + MAX_TIMESTAMP_SKEW_SECONDS)
    return { problem: `${field}: ${ts.shown} is in the future (after ${new Date((nowSeconds + MAX_TIMESTAMP_SKEW_SECONDS) * 1000).toISOString()})` };
  return { seconds: ts.value };
}

function rowProblem(raw: RawRow, nowSeconds: number): { problem: string } | { movieId: number; rating: number; timestampSeconds: number | null } {
  const id = movieIdCellProblem(raw.movieId, raw.numberText);
  if ('problem' in id) return id;
  const rating = readNumberCell(raw.rating, raw.numberText?.get('rating'));
  if (rating.problem) return { problem: `rating: ${rating.problem}` };
  const valueProblem = ratingValueProblem(rating.value ?? raw.rating, rating.shown);
  if (valueProblem) return { problem: `rating: ${valueProblem}` };
  const time = secondsCell('timestamp', raw.timestamp, raw.numberText, nowSeconds);
  if ('problem' in time) return time;
  return { movieId: id.movieId, rating: rating.value!, timestampSeconds: time.seconds };
}

interface JsonImport {
  records: unknown[];
  /** The watchlist and hidden rows of a wrapper that has them (any version; CineLocal writes them from version 2). */
  lists: Record<ImportListName, unknown[]>;
  numberText: NumberTextIndex;
}

function parseJsonImport(text: string): JsonImport {
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
  if (Array.isArray(parsed)) return { records: parsed, lists: { watchlist: [], hidden: [] }, numberText };
  if (parsed && typeof parsed === 'object' && Array.isArray((parsed as { ratings?: unknown }).ratings)) {
    const wrapper = parsed as { version?: unknown; ratings: unknown[] } & Partial<Record<ImportListName, unknown>>;
    if (Object.hasOwn(wrapper, 'version')) {
      const version = wrapper.version;
      const versionText = numberText.get(wrapper)?.get('version') ?? quoteValue(version);
      const reads = `this CineLocal reads versions 1 to ${EXPORT_FORMAT_VERSION}`;
      if (typeof version !== 'number') throw new ImportFileError(`The file's format version must be a number, got ${quoteValue(version)}; ${reads}.`);
      if (version > EXPORT_FORMAT_VERSION) throw new ImportFileError(`The file was written by a newer CineLocal (format version ${versionText}); ${reads}.`);
      if (!Number.isInteger(version) || version < 1 || Object.is(version, -0))
        throw new ImportFileError(`The file's format version ${versionText} is not one CineLocal ever wrote; ${reads}.`);
    }
    const lists: Record<ImportListName, unknown[]> = { watchlist: [], hidden: [] };
    for (const name of IMPORT_LISTS) {
      if (!Object.hasOwn(wrapper, name) || wrapper[name] === null) continue;
      const list = wrapper[name];
      if (!Array.isArray(list)) throw new ImportFileError(`The file's "${name}" must be a list, got ${quoteValue(list)}.`);
      lists[name] = list;
    }
    return { records: wrapper.ratings, lists, numberText };
  }
  throw new ImportFileError('The JSON file has no "ratings" list.');
}

/** Parses and validates the shape of every row (not catalog membership; timestamps after `now` + 1 day are refused); throws ImportFileError for a file it cannot read at all. */
export function parseRatingsImport(fileName: string, text: string, now: number = Date.now()): ParsedImport {
  const nowSeconds = Math.floor(now / 1000);
  const bytes = new TextEncoder().encode(text).length;
  if (bytes > MAX_IMPORT_BYTES) throw new ImportFileError(fileTooLargeText(bytes));
  if (text.trim().length === 0) throw new ImportFileError('The file is empty.');
  const format = detectFormat(fileName, text);
  const rows: ParsedImportRow[] = [];
  const skipped: SkippedFileRow[] = [];
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
  const lists: ParsedImport['lists'] = { watchlist: { rowsRead: 0, rows: [] }, hidden: { rowsRead: 0, rows: [] } };
  if (format === 'json') {
    const { records, lists: listRecords, numberText } = parseJsonImport(text);
    if (records.length > MAX_IMPORT_ROWS) throw new ImportFileError(`The file has ${records.length} ratings; the limit is ${MAX_IMPORT_ROWS}.`);
    for (const name of IMPORT_LISTS) {
      if (listRecords[name].length > MAX_IMPORT_ROWS)
        throw new ImportFileError(`The file has ${listRecords[name].length} ${LIST_LABEL[name]} rows; the limit is ${MAX_IMPORT_ROWS}.`);
    }
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
    // The lists: the same checks as ratings (number shapes, id bounds, whole-second times, duplicates); a movie is on
    // the watchlist or hidden, never both (the watchlist row wins).
    const listRowOf: Record<ImportListName, Map<number, number>> = { watchlist: new Map(), hidden: new Map() };
    for (const name of IMPORT_LISTS) {
      const timeField = LIST_TIME_FIELD[name];
      const skip = (row: number, reason: string) => void skipped.push({ row, reason, list: name });
      lists[name].rowsRead = listRecords[name].length;
      listRecords[name].forEach((record, index) => {
        const row = index + 1;
        if (!record || typeof record !== 'object') return skip(row, `${LIST_LABEL[name]}: not an object with movieId`);
        const r = record as Record<string, unknown>;
        if (typeof r.movieId !== 'number') return skip(row, `${LIST_LABEL[name]}: movieId: must be a number, got ${quoteValue(r.movieId)}`);
        const cells = numberText.get(r);
        const id = movieIdCellProblem(r.movieId, cells);
        if ('problem' in id) return skip(row, `${LIST_LABEL[name]}: ${id.problem}`);
        if (r[timeField] !== undefined && r[timeField] !== null && typeof r[timeField] !== 'number')
          return skip(row, `${LIST_LABEL[name]}: ${timeField}: must be a number, got ${quoteValue(r[timeField])}`);
        const time = secondsCell(timeField, r[timeField], cells, nowSeconds);
        if ('problem' in time) return skip(row, `${LIST_LABEL[name]}: ${time.problem}`);
        const earlier = listRowOf[name].get(id.movieId);
        if (earlier !== undefined) return skip(row, `${LIST_LABEL[name]}: duplicate: movie ${id.movieId} is already in row ${earlier}`);
        const onWatchlist = name === 'hidden' ? listRowOf.watchlist.get(id.movieId) : undefined;
        if (onWatchlist !== undefined)
          return skip(
            row,
            `${LIST_LABEL[name]}: movie ${id.movieId} is also on the watchlist (row ${onWatchlist}); a movie is either on the watchlist or hidden`,
          );
        listRowOf[name].set(id.movieId, row);
        lists[name].rows.push({ row, movieId: id.movieId, atSeconds: time.seconds });
      });
    }
  } else {
    const parsed = Papa.parse<Record<string, string>>(text.replace(/^\uFEFF/, ''), {
      header: true,
      skipEmptyLines: 'greedy',
      transformHeader: (h) => h.trim(),
    });
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
        if (userId !== firstUser)
          return void skipped.push({ row, reason: `belongs to another user (userId ${quoteValue(userId)}); only userId ${quoteValue(firstUser)} is imported` });
      }
      accept(row, { movieId: record.movieId, rating: record.rating, timestamp: record.timestamp });
    });
  }
  return { format, rowsRead, rows, skipped: sortSkipped(skipped), lists };
}

/** Ratings first, then the watchlist, then hidden movies; by row within each. */
export function sortSkipped(skipped: SkippedFileRow[]): SkippedFileRow[] {
  const order = (s: SkippedFileRow) => (s.list === undefined ? 0 : 1 + IMPORT_LISTS.indexOf(s.list));
  return [...skipped].sort((a, b) => order(a) - order(b) || a.row - b.row);
}

/** CineLocal's CSV has movieId and rating columns; its JSON is the wrapper (format cinelocal-ratings) or a list of rows. */
function detect(file: SniffedFile): Verdict {
  if (!file.isJson) return file.columns.has('movieid') && file.columns.has('rating') ? { format: 'cinelocal' } : undefined;
  const parsed = file.json();
  if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
    const wrapper = parsed as { format?: unknown; ratings?: unknown };
    if (wrapper.format === EXPORT_FORMAT_NAME || Array.isArray(wrapper.ratings)) return { format: 'cinelocal' };
  }
  if (Array.isArray(parsed)) {
    const first = parsed.find((item) => item && typeof item === 'object') as Record<string, unknown> | undefined;
    if (first && 'movieId' in first && 'rating' in first) return { format: 'cinelocal' };
  }
  return undefined;
}

export const cinelocal: OwnFormat = {
  own: true,
  service: 'cinelocal',
  name: 'CineLocal',
  expects: 'a CineLocal export',
  json: true,
  detect,
  read: parseRatingsImport,
};
