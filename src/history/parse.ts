// Reading recognised history files into neutral ImportRows: per-format columns, rating scales, dates and merge rules.
import { columnIndexes, CsvTableError, readCsvTable, type CsvRow } from './csvTable';
import { ImportFileError } from './errors';
import { parseExportDate, parseImdbId, parseTmdbId, parseYear, quoteCell } from './text';
import { titleKey } from './titleKey';
import type { DetectedImport, ImportRow, ImportRowKind, ImportSource, ParsedHistory, RecognisedFile, SkippedImportRow } from './types';

/**
 * IMDb "Title Type" values counted as films (lower case, letters only: "TV Movie" → "tvmovie"). Old exports say
 * "Feature Film", "Short Film", "Documentary"; new ones "movie", "tvMovie", "video", "short". TV specials and shorts
 * count too: TMDB lists many of them as movies, and an id the catalog lacks just ends as "not found".
 */
const IMDB_FILM_TYPES = new Set(['movie', 'featurefilm', 'film', 'tvmovie', 'video', 'short', 'shortfilm', 'tvshort', 'documentary', 'tvspecial']);

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;

type RatingResult = { rating: number } | { problem: string };

/** A 0.5–5 star rating in half steps, as Letterboxd and MovieLens write it. */
function halfStarRating(cell: string): RatingResult {
  const text = cell.trim();
  if (!NUMBER.test(text)) return { problem: `rating ${quoteCell(cell)} is not a number` };
  const value = Number(text);
  if (value < 0.5 || value > 5) return { problem: `rating ${text} is outside 0.5–5` };
  if (!Number.isInteger(value * 2)) return { problem: `rating ${text} is not a half star (0.5, 1, … 5)` };
  return { rating: value };
}

/** A 1–10 rating (IMDb, Trakt) as half stars: 10 → 5, 5 → 2.5. */
function tenPointRating(value: unknown): RatingResult {
  const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
  if (!NUMBER.test(text)) return { problem: `rating ${quoteCell(value ?? null)} is not a number` };
  const number = Number(text);
  if (!Number.isInteger(number)) return { problem: `rating ${text} is not a whole number 1–10` };
  if (number < 1 || number > 10) return { problem: `rating ${text} is outside 1–10` };
  return { rating: number / 2 };
}

/** Collects rows and skips for one file, with the cell lookups and row-shape checks every CSV format shares. */
class FileReader {
  readonly rows: ImportRow[] = [];
  readonly skipped: SkippedImportRow[] = [];
  rowsRead = 0;

  constructor(readonly file: string) {}

  skip(line: number, reason: string): void {
    this.skipped.push({ file: this.file, line, reason });
  }

  /** The table's rows that are well formed (others skipped with the reason); throws when a required column is absent. */
  csvRows<K extends string>(text: string, columns: Record<K, string>, required: NoInfer<K>[]): { rows: CsvRow[]; col: Record<K, number>; width: number } {
    let table;
    try {
      table = readCsvTable(this.file, text);
    } catch (error) {
      if (error instanceof CsvTableError) throw new ImportFileError(error.message);
      throw error;
    }
    const col = columnIndexes(table.header, columns);
    const missing = required.filter((k) => col[k] < 0).map((k) => columns[k]);
    if (missing.length > 0) throw new ImportFileError(`${this.file} lacks the column(s) ${missing.join(', ')}.`);
    const width = table.header.length;
    const rows: CsvRow[] = [];
    for (const row of table.rows) {
      this.rowsRead++;
      if (row.error) this.skip(row.line, `malformed CSV row (${row.error})`);
      else if (row.cells.length < width) this.skip(row.line, `row has ${row.cells.length} cells; the header has ${width}`);
      else if (row.cells.slice(width).some((c) => c.trim() !== ''))
        this.skip(row.line, `row has ${row.cells.length} cells; the header has ${width} (a comma in an unquoted title?)`);
      else rows.push(row);
    }
    return { rows, col, width };
  }
}

function misplaced(file: RecognisedFile, source: ImportSource): ImportFileError {
  return new ImportFileError(`${file.name} is a ${file.format} file, which does not belong in a ${source} import.`);
}

function cell(row: CsvRow, index: number): string {
  return index >= 0 ? (row.cells[index] ?? '') : '';
}

const LETTERBOXD_COLUMNS = { date: 'Date', name: 'Name', year: 'Year', uri: 'Letterboxd URI', rating: 'Rating', watchedDate: 'Watched Date' };

interface LetterboxdEntry {
  row: ImportRow;
  /** Position across all files, for "later line wins" ties. */
  order: number;
}

/** Later date wins; undated loses to dated; equal dates go to the later row. */
function isLater(a: LetterboxdEntry, b: LetterboxdEntry | undefined): boolean {
  if (!b) return true;
  const [da, db] = [a.row.date ?? -Infinity, b.row.date ?? -Infinity];
  return da !== db ? da > db : a.order > b.order;
}

interface LetterboxdFilm {
  rated?: LetterboxdEntry;
  diaryRated?: LetterboxdEntry;
  seen?: LetterboxdEntry;
  watchlist?: LetterboxdEntry;
}

/**
 * Letterboxd: one film per normalised Name + Year across files (diary URIs name the entry, not the film).
 * The rating is ratings.csv's (the current one) when present, else the latest rated diary entry's; a film with no
 * rating anywhere becomes 'watched' (latest of diary Watched Date and watched.csv Date); watchlist entries stay separate.
 */
function readLetterboxd(files: RecognisedFile[], now: number, totals: Totals): ImportRow[] {
  const films = new Map<string, LetterboxdFilm>();
  let order = 0;
  for (const file of files) {
    if (!file.format.startsWith('letterboxd-')) throw misplaced(file, 'letterboxd');
    const reader = new FileReader(file.name);
    const isDiary = file.format === 'letterboxd-diary';
    const isRatings = file.format === 'letterboxd-ratings';
    const { rows, col } = reader.csvRows(file.text, LETTERBOXD_COLUMNS, isRatings ? ['name', 'rating'] : ['name']);
    for (const row of rows) {
      const title = cell(row, col.name).trim();
      if (title === '') {
        reader.skip(row.line, 'no film name');
        continue;
      }
      const year = parseYear(cell(row, col.year));
      const ratingCell = cell(row, col.rating).trim();
      let rating: number | null = null;
      if ((isRatings || isDiary) && ratingCell !== '') {
        const result = halfStarRating(ratingCell);
        if ('problem' in result) {
          reader.skip(row.line, result.problem);
          continue;
        }
        rating = result.rating;
      } else if (isRatings) {
        reader.skip(row.line, 'no rating');
        continue;
      }
      const dateCell = isDiary && cell(row, col.watchedDate).trim() !== '' ? cell(row, col.watchedDate) : cell(row, col.date);
      const kind: ImportRowKind = rating !== null ? 'rating' : file.format === 'letterboxd-watchlist' ? 'watchlist' : 'watched';
      const entry: LetterboxdEntry = {
        row: { line: row.line, file: file.name, kind, rating, date: parseExportDate(dateCell, now), ids: {}, title, year },
        order: order++,
      };
      const key = `${titleKey(title)}|${year ?? ''}`;
      let film = films.get(key);
      if (!film) films.set(key, (film = {}));
      // The slot this file fills; a second row for the same film in ratings/watched/watchlist is a duplicate.
      const slot: keyof LetterboxdFilm = isRatings
        ? 'rated'
        : file.format === 'letterboxd-watchlist'
          ? 'watchlist'
          : isDiary && rating !== null
            ? 'diaryRated'
            : 'seen';
      const previous = film[slot];
      // Only a repeat within the same file is a duplicate; the same film across files is the merge described above.
      if (previous && !isDiary && previous.row.file === file.name) {
        totals.collapsed++;
        if (previous.row.rating !== entry.row.rating) totals.conflictingRatings++;
      }
      if (isLater(entry, previous)) film[slot] = entry;
    }
    totals.add(reader);
  }
  const out: LetterboxdEntry[] = [];
  for (const film of films.values()) {
    const rated = film.rated ?? film.diaryRated;
    if (rated) out.push(rated);
    else if (film.seen) out.push(film.seen);
    if (film.watchlist) out.push(film.watchlist);
  }
  return out.sort((a, b) => a.order - b.order).map((e) => e.row);
}

const IMDB_COLUMNS = {
  id: 'Const',
  rating: 'Your Rating',
  dateRated: 'Date Rated',
  created: 'Created',
  title: 'Title',
  originalTitle: 'Original Title',
  titleType: 'Title Type',
  year: 'Year',
};

/** IMDb ratings ("Your Rating" 1–10 → half stars) and watchlist/list exports; non-film title types are skipped. */
function readImdb(file: RecognisedFile, now: number, totals: Totals): ImportRow[] {
  const reader = new FileReader(file.name);
  const isRatings = file.format === 'imdb-ratings';
  const { rows, col } = reader.csvRows(file.text, IMDB_COLUMNS, isRatings ? ['id', 'rating'] : ['id']);
  for (const row of rows) {
    const constCell = cell(row, col.id);
    const imdb = parseImdbId(constCell);
    if (imdb === null) {
      reader.skip(row.line, `Const ${quoteCell(constCell)} is not an IMDb id (tt…)`);
      continue;
    }
    const type = cell(row, col.titleType).trim();
    if (type !== '' && !IMDB_FILM_TYPES.has(type.toLowerCase().replace(/[^a-z]/g, ''))) {
      reader.skip(row.line, `not a film (${quoteCell(type).slice(1, -1)})`);
      continue;
    }
    let rating: number | null = null;
    if (isRatings) {
      const result = tenPointRating(cell(row, col.rating));
      if ('problem' in result) {
        reader.skip(row.line, result.problem);
        continue;
      }
      rating = result.rating;
    }
    const originalTitle = cell(row, col.originalTitle).trim();
    reader.rows.push({
      line: row.line,
      file: file.name,
      kind: isRatings ? 'rating' : 'watchlist',
      rating,
      date: parseExportDate(cell(row, isRatings ? col.dateRated : col.created).slice(0, 10), now),
      ids: { imdb },
      title: cell(row, col.title).trim(),
      ...(originalTitle !== '' ? { originalTitle } : {}),
      year: parseYear(cell(row, col.year).trim().slice(0, 4)),
    });
  }
  totals.add(reader);
  return reader.rows;
}

const MOVIELENS_COLUMNS = { movieId: 'movie_id', imdb: 'imdb_id', tmdb: 'tmdb_id', rating: 'rating', title: 'title' };

/** MovieLens titles carry the year and any other-language title: "City of Lost Children, The (Cité des enfants perdus, La) (1995)". */
function splitMovieLensTitle(text: string): { title: string; originalTitle?: string; year: number | null } {
  let title = text.trim();
  let year: number | null = null;
  const yearMatch = /\s*\((\d{4})(?:[-–]\d{0,4})?\)\s*$/.exec(title);
  if (yearMatch) {
    year = parseYear(yearMatch[1]);
    title = title.slice(0, yearMatch.index);
  }
  const aka = /^(.+?)\s+\((?:a\.k\.a\.\s*)?([^()]+)\)$/.exec(title);
  return aka ? { title: aka[1], originalTitle: aka[2], year } : { title, year };
}

function readMovieLens(file: RecognisedFile, totals: Totals): ImportRow[] {
  const reader = new FileReader(file.name);
  const { rows, col } = reader.csvRows(file.text, MOVIELENS_COLUMNS, ['rating']);
  for (const row of rows) {
    const result = halfStarRating(cell(row, col.rating));
    if ('problem' in result) {
      reader.skip(row.line, result.problem);
      continue;
    }
    const tmdb = parseTmdbId(cell(row, col.tmdb));
    const imdb = parseImdbId(cell(row, col.imdb));
    const { title, originalTitle, year } = splitMovieLensTitle(cell(row, col.title));
    if (tmdb === null && imdb === null && title === '') {
      reader.skip(row.line, 'no TMDB id, IMDb id or title');
      continue;
    }
    reader.rows.push({
      line: row.line,
      file: file.name,
      kind: 'rating',
      rating: result.rating,
      date: null,
      ids: { ...(tmdb !== null ? { tmdb } : {}), ...(imdb !== null ? { imdb } : {}) },
      title,
      ...(originalTitle ? { originalTitle } : {}),
      year,
    });
  }
  totals.add(reader);
  return reader.rows;
}

/** Trakt JSON: ratings (1–10 → half stars), watchlist and watched movies; line = the item's 1-based place in the list. */
function readTrakt(file: RecognisedFile, now: number, totals: Totals): ImportRow[] {
  const reader = new FileReader(file.name);
  let items: unknown;
  try {
    items = JSON.parse(file.text);
  } catch (error) {
    throw new ImportFileError(`${file.name} is not valid JSON (${quoteCell(error instanceof Error ? error.message : String(error), 120).slice(1, -1)}).`);
  }
  if (!Array.isArray(items)) throw new ImportFileError(`${file.name} is not a Trakt list (expected a JSON array).`);
  const kind: ImportRowKind = file.format === 'trakt-ratings' ? 'rating' : file.format === 'trakt-watchlist' ? 'watchlist' : 'watched';
  const dateField = kind === 'rating' ? 'rated_at' : kind === 'watchlist' ? 'listed_at' : 'last_watched_at';
  items.forEach((item: unknown, index) => {
    const line = index + 1;
    reader.rowsRead++;
    if (!item || typeof item !== 'object') return reader.skip(line, 'not an object');
    const record = item as Record<string, unknown>;
    if (typeof record.type === 'string' && record.type !== 'movie') return reader.skip(line, `not a movie (${quoteCell(record.type).slice(1, -1)})`);
    const movie = record.movie as Record<string, unknown> | undefined;
    if (!movie || typeof movie !== 'object') return reader.skip(line, 'no "movie" object');
    let rating: number | null = null;
    if (kind === 'rating') {
      const result = tenPointRating(record.rating);
      if ('problem' in result) return reader.skip(line, result.problem);
      rating = result.rating;
    }
    const ids = (movie.ids && typeof movie.ids === 'object' ? movie.ids : {}) as Record<string, unknown>;
    const tmdb = parseTmdbId(ids.tmdb);
    const imdb = parseImdbId(ids.imdb);
    const title = typeof movie.title === 'string' ? movie.title.trim() : '';
    if (tmdb === null && imdb === null && title === '') return reader.skip(line, 'no TMDB id, IMDb id or title');
    const date = typeof record[dateField] === 'string' ? parseExportDate(record[dateField] as string, now) : null;
    reader.rows.push({
      line,
      file: file.name,
      kind,
      rating,
      date,
      ids: { ...(tmdb !== null ? { tmdb } : {}), ...(imdb !== null ? { imdb } : {}) },
      title,
      year: typeof movie.year === 'number' || typeof movie.year === 'string' ? parseYear(movie.year) : null,
    });
  });
  totals.add(reader);
  return reader.rows;
}

/** Counters across files of one import. */
class Totals {
  skipped: SkippedImportRow[] = [];
  rowsRead = 0;
  collapsed = 0;
  conflictingRatings = 0;

  add(reader: FileReader): void {
    for (const skip of reader.skipped) this.skipped.push(skip);
    this.rowsRead += reader.rowsRead;
  }
}

function sameFilmKey(row: ImportRow): string {
  if (row.ids.tmdb !== undefined) return `${row.kind}|t${row.ids.tmdb}`;
  if (row.ids.imdb !== undefined) return `${row.kind}|i${row.ids.imdb}`;
  return `${row.kind}|${titleKey(row.title)}|${row.year ?? ''}`;
}

/** One row per film and kind: the latest dated (equal dates: the later row) is kept, the rest counted as collapsed. */
function collapseDuplicates(rows: ImportRow[], totals: Totals): ImportRow[] {
  const kept = new Map<string, number>();
  const out: (ImportRow | null)[] = [];
  rows.forEach((row, position) => {
    const key = sameFilmKey(row);
    const earlier = kept.get(key);
    if (earlier === undefined) {
      kept.set(key, position);
      out.push(row);
      return;
    }
    const previous = out[earlier]!;
    totals.collapsed++;
    if (previous.rating !== row.rating) totals.conflictingRatings++;
    if ((row.date ?? -Infinity) >= (previous.date ?? -Infinity)) {
      out[earlier] = null;
      kept.set(key, position);
      out.push(row);
    } else out.push(null);
  });
  return out.filter((r): r is ImportRow => r !== null);
}

/**
 * Reads every recognised file of a detected import into ImportRows (see docs/imports.md for each format's rules).
 * Bad rows are skipped with a short reason; a file that cannot be read at all throws ImportFileError naming it.
 */
export function parseImport(detected: Extract<DetectedImport, { kind: ImportSource }>, now: number = Date.now()): ParsedHistory {
  const totals = new Totals();
  let rows: ImportRow[];
  if (detected.kind === 'letterboxd') rows = readLetterboxd(detected.files, now, totals);
  else {
    rows = [];
    for (const file of detected.files) {
      let read: ImportRow[];
      if (file.format === 'imdb-ratings' || file.format === 'imdb-watchlist') read = readImdb(file, now, totals);
      else if (file.format === 'movielens-ratings') read = readMovieLens(file, totals);
      else if (file.format.startsWith('trakt-')) read = readTrakt(file, now, totals);
      else throw misplaced(file, detected.kind);
      // A loop, not push(...read): spreading 200,000 rows as arguments overflows the stack.
      for (const row of read) rows.push(row);
    }
    rows = collapseDuplicates(rows, totals);
  }
  return {
    source: detected.kind,
    rows,
    skipped: totals.skipped,
    rowsRead: totals.rowsRead,
    collapsed: totals.collapsed,
    conflictingRatings: totals.conflictingRatings,
  };
}
