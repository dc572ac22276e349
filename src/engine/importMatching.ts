// "Bring your history" inside the engine worker (issue 13): recognise, read and match a Letterboxd / IMDb / Trakt /
// MovieLens export against the loaded catalog, and write a profile's ratings as a Letterboxd-import CSV. The heavy parts
// (ZIP inflate, CSV parsing, the 45k-title match index, matching 50k rows) run here, never on the main thread; the
// answer is columnar (typed arrays and string arrays) so 50,000 rows cross the worker boundary as a handful of buffers.
import {
  buildMatchIndex,
  catalogLookup,
  CONFIDENT_TITLE_MATCH,
  detectImport,
  ImportFileError,
  matchImport,
  parseImport,
  toLetterboxdCsv,
  type ExportMovieLookup,
  type FileFormat,
  type IgnoredFile,
  type ImportRow,
  type ImportSource,
  type InputFile,
  type MatchCatalog,
  type MatchedBy,
  type MatchIndex,
  type UnknownReason,
} from '../imports';
import type { Catalog } from './shards/dataset';

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
  /** The recognised files, with what each holds. */
  files: { name: string; format: FileFormat }[];
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
  /** The app's own export: the UI hands the file to importRatings (src/storage/importExport.ts). */
  | { kind: 'cinelocal'; file: { name: string; text: string }; ignored: IgnoredFile[]; warnings: string[] }
  | { kind: 'unknown'; reason: UnknownReason; message: string; ignored: IgnoredFile[]; warnings: string[] };

/** A profile's ratings for the Letterboxd CSV, as columns (one entry per rating). */
export interface RatingColumns {
  movieIds: Int32Array;
  ratings: Float32Array;
  /** Epoch ms. */
  updatedAt: Float64Array;
}

/** The matcher's catalog: catalog.bin's ids, titles, original titles, years and votes, plus imdb.bin's IMDb ids when loaded. */
export function matchCatalogOf(catalog: Pick<Catalog, 'ids' | 'titles' | 'years' | 'voteCount' | 'originalTitles'>, imdbIds: Uint32Array | null): MatchCatalog {
  const rows = catalog.ids.length;
  const years: (number | null)[] = new Array(rows);
  for (let i = 0; i < rows; i++) years[i] = catalog.years[i] || null;
  const originalTitles: (string | null)[] = new Array(rows);
  for (let i = 0; i < rows; i++) originalTitles[i] = catalog.originalTitles[i] || null;
  return { ids: catalog.ids, titles: catalog.titles, originalTitles, years, imdbIds: imdbIds ?? new Uint32Array(rows), voteCount: catalog.voteCount };
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

/**
 * The import side of one loaded catalog: the match index (built on the first import, 200–500 ms on 45k movies) and
 * the export lookup, both kept for the engine's lifetime.
 */
export class HistoryImporter {
  private matchIndex: MatchIndex | null = null;
  private exportLookup: ExportMovieLookup | null = null;

  constructor(
    readonly catalog: MatchCatalog,
    /** Whether `catalog` holds imdb.bin's IMDb ids. */
    readonly usedDetails: boolean,
    readonly datasetKind: 'demo' | 'kaggle',
  ) {}

  get indexBuilt(): boolean {
    return this.matchIndex !== null;
  }

  index(): MatchIndex {
    this.matchIndex ??= buildMatchIndex(this.catalog);
    return this.matchIndex;
  }

  /** Detect + parse + match; `onStage` is told when each step starts (the worker forwards it as progress). */
  async analyse(files: InputFile[], onStage?: (stage: 'reading' | 'matching') => void, now: number = Date.now()): Promise<HistoryAnalysis> {
    onStage?.('reading');
    const started = performance.now();
    const detected = await detectImport(files);
    if (detected.kind === 'unknown' || detected.kind === 'cinelocal') return detected;
    let parsed;
    try {
      parsed = parseImport(detected, now);
    } catch (error) {
      if (error instanceof ImportFileError)
        return { kind: 'unknown', reason: 'unreadable', message: error.message, ignored: detected.ignored, warnings: detected.warnings };
      throw error;
    }
    const readMs = performance.now() - started;
    onStage?.('matching');
    const indexStarted = performance.now();
    const wasBuilt = this.indexBuilt;
    const index = this.index();
    const indexMs = wasBuilt ? 0 : performance.now() - indexStarted;
    const listed: ImportRow[] = [];
    let watched = 0;
    for (const row of parsed.rows) {
      if (row.kind === 'watched') watched += 1;
      else listed.push(row);
    }
    const matchStarted = performance.now();
    const result = matchImport(listed, index);
    const matchMs = performance.now() - matchStarted;

    const fileNames: string[] = [];
    const fileIndex = new Map<string, number>();
    const fileOf = (name: string) => {
      let at = fileIndex.get(name);
      if (at === undefined) {
        at = fileNames.length;
        fileIndex.set(name, at);
        fileNames.push(name);
      }
      return at;
    };
    for (const file of detected.files) fileOf(file.name);

    const count = listed.length;
    const rows: HistoryRows = {
      count,
      kind: new Uint8Array(count),
      status: new Uint8Array(count),
      by: new Uint8Array(count),
      movieId: new Int32Array(count),
      confidence: new Float32Array(count),
      rating2: new Uint8Array(count),
      date: new Float64Array(count),
      file: new Uint16Array(count),
      line: new Uint32Array(count),
      title: packStrings([]),
      year: new Uint16Array(count),
      note: packStrings([]),
      altStart: new Uint32Array(count + 1),
      altMovieId: new Int32Array(0),
      altConfidence: new Float32Array(0),
      movieIndex: new Int32Array(count),
      altMovieIndex: new Int32Array(0),
    };
    const titles: string[] = new Array(count);
    const notes: string[] = new Array(count);
    const movieRows = new Set<number>();
    const altIds: number[] = [];
    const altConfidences: number[] = [];
    for (let i = 0; i < count; i++) {
      const row = listed[i];
      const match = result.matches[i];
      rows.kind[i] = row.kind === 'watchlist' ? HISTORY_ROW_KIND.watchlist : HISTORY_ROW_KIND.rating;
      rows.status[i] = match.status === 'exact' ? HISTORY_ROW_STATUS.exact : match.status === 'title' ? HISTORY_ROW_STATUS.title : HISTORY_ROW_STATUS.notFound;
      rows.by[i] = match.by === null ? HISTORY_NOT_MATCHED : HISTORY_MATCHED_BY.indexOf(match.by);
      rows.movieId[i] = match.movieId ?? 0;
      rows.confidence[i] = match.confidence;
      rows.rating2[i] = row.kind === 'rating' && row.rating !== null ? Math.round(row.rating * 2) : 0;
      rows.date[i] = row.date ?? NaN;
      rows.file[i] = fileOf(row.file);
      rows.line[i] = row.line;
      titles[i] = row.title;
      rows.year[i] = row.year ?? 0;
      notes[i] = match.note ?? '';
      if (match.catalogIndex >= 0) movieRows.add(match.catalogIndex);
      for (const alternative of match.alternatives) {
        movieRows.add(alternative.catalogIndex);
        altIds.push(alternative.movieId);
        altConfidences.push(alternative.confidence);
      }
      rows.altStart[i + 1] = altIds.length;
    }
    rows.title = packStrings(titles);
    rows.note = packStrings(notes);
    rows.altMovieId = Int32Array.from(altIds);
    rows.altConfidence = Float32Array.from(altConfidences);

    const movieList = [...movieRows].sort((a, b) => a - b);
    const { catalog } = index;
    const movies: HistoryMovies = {
      ids: Int32Array.from(movieList, (r) => catalog.ids[r]),
      titles: packStrings(movieList.map((r) => catalog.titles[r])),
      years: Uint16Array.from(movieList, (r) => catalog.years[r] ?? 0),
    };
    const placeOf = new Map<number, number>();
    movieList.forEach((catalogRow, at) => placeOf.set(catalogRow, at));
    const altCatalogRows: number[] = [];
    for (const match of result.matches) for (const alternative of match.alternatives) altCatalogRows.push(alternative.catalogIndex);
    for (let i = 0; i < count; i++) rows.movieIndex[i] = result.matches[i].catalogIndex >= 0 ? placeOf.get(result.matches[i].catalogIndex)! : -1;
    rows.altMovieIndex = Int32Array.from(altCatalogRows, (r) => placeOf.get(r)!);

    const counts: HistoryCounts = { ratings: { exact: 0, title: 0, notFound: 0, unsure: 0 }, watchlist: { exact: 0, title: 0, notFound: 0, unsure: 0 } };
    const titleOrder: number[] = [];
    const notFoundOrder: number[] = [];
    for (let i = 0; i < count; i++) {
      const into = rows.kind[i] === HISTORY_ROW_KIND.watchlist ? counts.watchlist : counts.ratings;
      if (rows.status[i] === HISTORY_ROW_STATUS.exact) into.exact += 1;
      else if (rows.status[i] === HISTORY_ROW_STATUS.title) {
        into.title += 1;
        if (rows.confidence[i] < CONFIDENT_TITLE_MATCH) into.unsure += 1;
        titleOrder.push(i);
      } else {
        into.notFound += 1;
        notFoundOrder.push(i);
      }
    }
    titleOrder.sort((a, b) => rows.confidence[a] - rows.confidence[b] || a - b);
    const skipped: HistorySkipped = {
      count: parsed.skipped.length,
      file: Uint16Array.from(parsed.skipped, (s) => fileOf(s.file)),
      line: Uint32Array.from(parsed.skipped, (s) => s.line),
      reason: packStrings(parsed.skipped.map((s) => s.reason)),
    };
    return {
      kind: 'history',
      source: parsed.source,
      files: detected.files.map((f) => ({ name: f.name, format: f.format })),
      fileNames,
      ignored: detected.ignored,
      warnings: detected.warnings,
      rowsRead: parsed.rowsRead,
      collapsed: parsed.collapsed,
      watched,
      rows,
      movies,
      skipped,
      counts,
      order: { title: Uint32Array.from(titleOrder), notFound: Uint32Array.from(notFoundOrder) },
      usedDetails: this.usedDetails,
      datasetKind: this.datasetKind,
      timings: { readMs, indexMs, matchMs },
    };
  }

  /** tmdbID,imdbID,Title,Year,Rating,WatchedDate for Letterboxd's importer (src/imports/letterboxdExport.ts). */
  letterboxdCsv(ratings: RatingColumns): string {
    this.exportLookup ??= catalogLookup(this.catalog);
    const list = Array.from(ratings.movieIds, (movieId, i) => ({ movieId, rating: ratings.ratings[i], updatedAt: ratings.updatedAt[i] }));
    return toLetterboxdCsv(list, this.exportLookup);
  }
}

/** The importer of one engine: built on first use, and again once imdb.bin has loaded (IMDb ids). */
const importers = new WeakMap<object, HistoryImporter>();

export function historyImporterFor(
  engine: object,
  catalog: Pick<Catalog, 'ids' | 'titles' | 'years' | 'voteCount' | 'originalTitles'>,
  imdbIds: Uint32Array | null,
  datasetKind: 'demo' | 'kaggle',
): HistoryImporter {
  const cached = importers.get(engine);
  if (cached && (cached.usedDetails || imdbIds === null)) return cached;
  const importer = new HistoryImporter(matchCatalogOf(catalog, imdbIds), imdbIds !== null, datasetKind);
  importers.set(engine, importer);
  return importer;
}
