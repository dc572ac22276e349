// "Bring your history" inside the engine worker (issue 13): recognise, read and match an export of any registered
// format (formats/registry.ts: Letterboxd, IMDb, Trakt, MovieLens) against the loaded catalog, and write a profile's ratings as a Letterboxd-import CSV. The heavy parts
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
  type ImportRow,
  type InputFile,
  type MatchCatalog,
  type MatchIndex,
} from './index';
import {
  HISTORY_MATCHED_BY,
  HISTORY_NOT_MATCHED,
  HISTORY_ROW_KIND,
  HISTORY_ROW_STATUS,
  packStrings,
  type HistoryAnalysis,
  type HistoryCounts,
  type HistoryMovies,
  type HistoryRows,
  type HistorySkipped,
  type RatingColumns,
} from './wire';
import type { ImportFormat } from './formats/format';
import { formatOfKind, IMPORT_FORMATS } from './formats/registry';
import type { Catalog } from '../engine/shards/dataset';

/** The matcher's catalog: catalog.bin's ids, titles, original titles, years and votes, plus imdb.bin's IMDb ids when loaded. */
export function matchCatalogOf(catalog: Pick<Catalog, 'ids' | 'titles' | 'years' | 'voteCount' | 'originalTitles'>, imdbIds: Uint32Array | null): MatchCatalog {
  const rows = catalog.ids.length;
  const years: (number | null)[] = new Array(rows);
  for (let i = 0; i < rows; i++) years[i] = catalog.years[i] || null;
  const originalTitles: (string | null)[] = new Array(rows);
  for (let i = 0; i < rows; i++) originalTitles[i] = catalog.originalTitles[i] || null;
  return { ids: catalog.ids, titles: catalog.titles, originalTitles, years, imdbIds: imdbIds ?? new Uint32Array(rows), voteCount: catalog.voteCount };
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
    /** The formats detection and reading loop over (tests add their own). */
    readonly formats: readonly ImportFormat[] = IMPORT_FORMATS,
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
    const detected = await detectImport(files, this.formats);
    if (detected.kind === 'unknown' || detected.kind === 'cinelocal') return detected;
    let parsed;
    try {
      parsed = parseImport(detected, now, this.formats);
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
    const format = formatOfKind(parsed.source, this.formats)!;
    return {
      kind: 'history',
      source: parsed.source,
      sourceLabel: format.kinds[parsed.source],
      files: detected.files.map((f) => ({ name: f.name, format: f.format, label: format.files[f.format] })),
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

  /** tmdbID,imdbID,Title,Year,Rating,WatchedDate for Letterboxd's importer (src/history/export/letterboxd.ts). */
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
