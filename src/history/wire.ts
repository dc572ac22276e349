// What crosses the worker bridge when history comes in or goes out: the own-format parse (ParsedImport, packed as
// columns), the history analysis (HistoryAnalysis, columnar rows), the worker's progress and the Letterboxd export's
// rating columns. Worker, bridge, storage and UI import these from here; the buffers helpers list what is transferred.
import type { MatchedBy } from './match';
import type { FileFormat, IgnoredFile, ImportSource, UnknownReason } from './types';

// ---- The app's own export (JSON/CSV), parsed in the worker ----

export type ImportFormat = 'json' | 'csv';

export interface ParsedImportRow {
  /** 1-based data row (the CSV header and JSON wrapper are not rows). */
  row: number;
  movieId: number;
  rating: number;
  timestampSeconds: number | null;
}

/** The movie lists a JSON export carries besides the ratings. */
export type ImportListName = 'watchlist' | 'hidden';
export const IMPORT_LISTS: readonly ImportListName[] = ['watchlist', 'hidden'];

/** A row of a CineLocal export that was not imported (types.ts has SkippedImportRow for other services' files). */
export interface SkippedFileRow {
  /** 1-based row within its list. */
  row: number;
  reason: string;
  /** The list the row came from; absent for a rating. */
  list?: ImportListName;
}

/** A valid watchlist or hidden row (catalog membership not yet checked). */
export interface ParsedListRow {
  row: number;
  movieId: number;
  /** `addedAt` / `hiddenAt` in seconds; null when the file gives none (stamped with the import time). */
  atSeconds: number | null;
}

export interface ParsedImport {
  format: ImportFormat;
  /** Rating rows read. */
  rowsRead: number;
  rows: ParsedImportRow[];
  /** Skipped rows of every list: ratings first, then the watchlist, then hidden movies, each by row. */
  skipped: SkippedFileRow[];
  /** JSON version 2: the watchlist and hidden movies (empty for CSV and version-1 files). */
  lists: Record<ImportListName, { rowsRead: number; rows: ParsedListRow[] }>;
}

/**
 * A ParsedImport whose rating rows travel as columns (transferable buffers): the worker's answer. Cloning 45,000 row
 * objects across postMessage was one 120–150 ms task on the page under load (issue 21 item 5); columns are moved.
 */
export interface PackedParsedImport extends Omit<ParsedImport, 'rows'> {
  /** One entry per rating row; timestampSeconds is NaN where the row has none. */
  rowColumns: { row: Float64Array; movieId: Float64Array; rating: Float64Array; timestampSeconds: Float64Array };
}

export function packParsedImport(parsed: ParsedImport): PackedParsedImport {
  const { rows, ...rest } = parsed;
  const n = rows.length;
  const columns = { row: new Float64Array(n), movieId: new Float64Array(n), rating: new Float64Array(n), timestampSeconds: new Float64Array(n) };
  for (let i = 0; i < n; i++) {
    const r = rows[i];
    columns.row[i] = r.row;
    columns.movieId[i] = r.movieId;
    columns.rating[i] = r.rating;
    columns.timestampSeconds[i] = r.timestampSeconds ?? Number.NaN;
  }
  return { ...rest, rowColumns: columns };
}

/** The buffers of a packed import, for Comlink.transfer. */
export function packedBuffers(packed: PackedParsedImport): ArrayBuffer[] {
  return Object.values(packed.rowColumns).map((column) => column.buffer as ArrayBuffer);
}

export function unpackParsedImport(packed: PackedParsedImport): ParsedImport {
  const { rowColumns: c, ...rest } = packed;
  const rows: ParsedImportRow[] = new Array(c.row.length);
  for (let i = 0; i < rows.length; i++) {
    const t = c.timestampSeconds[i];
    rows[i] = { row: c.row[i], movieId: c.movieId[i], rating: c.rating[i], timestampSeconds: Number.isNaN(t) ? null : t };
  }
  return { ...rest, rows };
}

/** The worker's answer to parseRatingsFile: a file it cannot read comes back as `fileError` (the ImportFileError message). */
export type RatingsFileAnswer = ParsedImport | PackedParsedImport | { fileError: string };

// ---- Other services' history (Letterboxd, IMDb, Trakt, MovieLens), read and matched in the worker ----

/** What the history import is doing in the worker: fetching imdb.bin (stage 'details', bytes), reading the files, or matching. */
export interface HistoryImportProgress {
  stage: 'details' | 'reading' | 'matching';
  loadedBytes?: number;
  totalBytes?: number;
}

/** `HistoryRows.kind` values. Rows only written as "watched" (no rating) are counted, not listed. */
export const HISTORY_ROW_KIND = { rating: 0, watchlist: 1 } as const;
/** `HistoryRows.status` values. */
export const HISTORY_ROW_STATUS = { exact: 0, title: 1, notFound: 2 } as const;
/** `HistoryRows.by` values index this list; 255 when not found. */
export const HISTORY_MATCHED_BY: readonly MatchedBy[] = ['tmdb', 'imdb', 'title', 'original-title'];
export const HISTORY_NOT_MATCHED = 255;

/**
 * Many strings as ONE string plus end offsets: 45,000 titles cross the worker boundary as a single string (a copy),
 * not 45,000 strings to rebuild on the main thread; `stringAt` cuts one out when a row is shown.
 */
export interface PackedStrings {
  text: string;
  /** String i is text.slice(i > 0 ? ends[i - 1] : 0, ends[i]). */
  ends: Uint32Array;
}

export function packStrings(list: readonly string[]): PackedStrings {
  const ends = new Uint32Array(list.length);
  let at = 0;
  list.forEach((item, i) => {
    at += item.length;
    ends[i] = at;
  });
  return { text: list.join(''), ends };
}

export function stringAt(packed: PackedStrings, i: number): string {
  return i >= 0 && i < packed.ends.length ? packed.text.slice(i > 0 ? packed.ends[i - 1] : 0, packed.ends[i]) : '';
}

/** The rating and watchlist rows of an import, in file order, one entry per row in every column. */
export interface HistoryRows {
  count: number;
  /** HISTORY_ROW_KIND. */
  kind: Uint8Array;
  /** HISTORY_ROW_STATUS. */
  status: Uint8Array;
  /** Index into HISTORY_MATCHED_BY, or HISTORY_NOT_MATCHED. */
  by: Uint8Array;
  /** The matched catalog movie; 0 when not found. */
  movieId: Int32Array;
  /** 1 for an id match, below 1 for a title match, 0 when not found. */
  confidence: Float32Array;
  /** The rating × 2 (1..10 for 0.5..5 stars); 0 for watchlist rows. */
  rating2: Uint8Array;
  /** When it was rated / listed (epoch ms); NaN when the export gives no date. */
  date: Float64Array;
  /** Index into `HistoryAnalysis.fileNames`. */
  file: Uint16Array;
  /** The line in its file (header = 1), or the item number in a JSON list. */
  line: Uint32Array;
  /** The title and year as the export writes them (year 0: unknown). */
  title: PackedStrings;
  year: Uint16Array;
  /** Why the row is not an exact match ("2 catalog movies fit …"); '' when nothing to say. */
  note: PackedStrings;
  /** Row i's alternatives are altMovieId / altConfidence [altStart[i], altStart[i + 1]). */
  altStart: Uint32Array;
  altMovieId: Int32Array;
  altConfidence: Float32Array;
  /** Where the matched movie / each alternative is in `HistoryPreview.movies` (-1: not found): no id map on the main thread. */
  movieIndex: Int32Array;
  altMovieIndex: Int32Array;
}

/** Counts by list and match, for the preview's summary ("unsure": title matches below CONFIDENT_TITLE_MATCH). */
export interface HistoryCounts {
  ratings: { exact: number; title: number; notFound: number; unsure: number };
  watchlist: { exact: number; title: number; notFound: number; unsure: number };
}

/** Title and year of every catalog movie the rows point at (chosen or alternative). */
export interface HistoryMovies {
  ids: Int32Array;
  titles: PackedStrings;
  /** 0 when unknown. */
  years: Uint16Array;
}

/** Rows the parser could not use, with the reason (columnar like the rows). */
export interface HistorySkipped {
  count: number;
  file: Uint16Array;
  line: Uint32Array;
  reason: PackedStrings;
}

export interface HistoryPreview {
  kind: 'history';
  source: ImportSource;
  /** What the preview calls the import ("IMDb ratings export"), from its format (formats/registry.ts). */
  sourceLabel: string;
  /** The recognised files, with what each holds and its label ("diary"). */
  files: { name: string; format: FileFormat; label: string }[];
  /** Names that `rows.file` and `skipped.file` point into. */
  fileNames: string[];
  ignored: IgnoredFile[];
  warnings: string[];
  /** Data rows read, all files together. */
  rowsRead: number;
  /** Rows dropped because the same film was listed again in one list (the latest dated kept). */
  collapsed: number;
  /** Films logged as watched without a rating: CineLocal keeps ratings and a watchlist only, so they are left out. */
  watched: number;
  rows: HistoryRows;
  movies: HistoryMovies;
  skipped: HistorySkipped;
  counts: HistoryCounts;
  /** Row indices in the order the preview lists them: title matches least sure first, then rows not found in file order. */
  order: { title: Uint32Array; notFound: Uint32Array };
  /** Whether IMDb ids (imdb.bin) took part in the matching; original titles (catalog.bin) always do. */
  usedDetails: boolean;
  /** The loaded catalog's kind: demo ids are synthetic, so ids in a real export can point at unrelated demo movies. */
  datasetKind: 'demo' | 'kaggle';
  /** Time spent in the worker, ms: reading (detect + parse), building the match index (0 when cached), matching. */
  timings: { readMs: number; indexMs: number; matchMs: number };
}

export type HistoryAnalysis =
  | HistoryPreview
  /** The app's own export: the UI hands the file to importRatings (src/history/ownImport.ts). */
  | { kind: 'cinelocal'; file: { name: string; text: string }; ignored: IgnoredFile[]; warnings: string[] }
  | { kind: 'unknown'; reason: UnknownReason; message: string; ignored: IgnoredFile[]; warnings: string[] };

/** A profile's ratings for the Letterboxd CSV, as columns (one entry per rating). */
export interface RatingColumns {
  movieIds: Int32Array;
  ratings: Float32Array;
  /** Epoch ms. */
  updatedAt: Float64Array;
}

/** Every buffer of an analysis, for Comlink.transfer. */
export function analysisBuffers(analysis: HistoryAnalysis): ArrayBuffer[] {
  if (analysis.kind !== 'history') return [];
  const { rows, movies, skipped } = analysis;
  const arrays = [
    ...[rows.kind, rows.status, rows.by, rows.movieId, rows.confidence, rows.rating2, rows.date, rows.file, rows.line, rows.year],
    ...[rows.altStart, rows.altMovieId, rows.altConfidence, rows.movieIndex, rows.altMovieIndex, movies.ids, movies.years, skipped.file, skipped.line],
    ...[analysis.order.title, analysis.order.notFound, rows.title.ends, rows.note.ends, movies.titles.ends, skipped.reason.ends],
  ];
  return [...new Set(arrays.map((a) => a.buffer as ArrayBuffer))];
}
