// Streaming readers for the Kaggle "The Movies Dataset" links*.csv and ratings*.csv (Node only).
import fs from 'node:fs';
import Papa from 'papaparse';
import { countSkip, lineBreaksIn, MAX_LINE_BREAKS_IN_ROW, MAX_ROW_CHARS, rowTooLongMessage, swallowedRowsMessage, type SkipCounts } from './csv';

export type { SkipCounts } from './csv';

export interface LinkTable {
  movieIdToTmdb: Map<number, number>;
  /** Data rows read (header excluded). */
  rows: number;
  skipped: SkipCounts;
}

/** Ratings as parallel typed arrays (index r = one rating); only the first `count` entries are meaningful. */
export interface RatingsTable {
  userIds: Int32Array;
  tmdbIds: Int32Array;
  ratings: Float32Array;
  timestamps: Int32Array;
  count: number;
  /** Distinct user ids among the kept ratings. */
  users: number;
  /** Data rows read (header excluded). */
  rowsRead: number;
  skipped: SkipCounts;
}

type ProgressCallback = (bytes: number, total: number) => void;

const MIN_RATING = 0.5;
const MAX_RATING = 5;
const INITIAL_CAPACITY = 1 << 16;
const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

/** Parses a base-10 integer cell; null for empty, non-numeric or fractional text. */
function parseIntegerCell(text: string | undefined): number | null {
  if (text === undefined) return null;
  const trimmed = text.trim();
  if (trimmed === '') return null;
  const value = Number(trimmed);
  return Number.isInteger(value) ? value : null;
}

async function fileSize(path: string): Promise<number> {
  try {
    const stat = await fs.promises.stat(path);
    if (!stat.isFile()) throw new Error('not a regular file');
    return stat.size;
  } catch (error) {
    throw new Error(`Cannot read ${path}: ${(error as Error).message}`, { cause: error });
  }
}

/**
 * Streams a CSV through PapaParse in chunks (header row handled here, so no object per row is built),
 * calling `onHeader` once and `onRow` for each data row with the row's cells.
 */
async function streamCsv(
  path: string,
  onHeader: (header: string[]) => void,
  onRow: (cells: string[], rowNumber: number) => void,
  onProgress?: ProgressCallback,
): Promise<void> {
  const total = await fileSize(path);
  await new Promise<void>((resolve, reject) => {
    const stream = fs.createReadStream(path, { highWaterMark: 1 << 20 });
    let bytesRead = 0;
    let rowNumber = 0;
    let headerSeen = false;
    let failed = false;
    const fail = (error: Error): void => {
      if (failed) return;
      failed = true;
      stream.destroy();
      reject(error);
    };
    // Bytes received since the last complete row (within one 1 MiB chunk): bounds a runaway quoted field.
    // Only a quote can open one, so megabytes of skipped blank lines without a quote never trip it.
    let bytesSinceRow = 0;
    let chunkHasQuote = false;
    let quoteSinceRow = false;
    stream.on('data', (buffer) => {
      bytesRead += buffer.length;
      bytesSinceRow += buffer.length;
      chunkHasQuote = (buffer as Buffer).includes(0x22);
      quoteSinceRow ||= chunkHasQuote;
      onProgress?.(bytesRead, total);
      if (bytesSinceRow > MAX_ROW_CHARS && quoteSinceRow) {
        fail(new Error(`${path}: ${rowTooLongMessage(rowNumber)}`));
        activeParser?.abort();
      }
    });
    let activeParser: Papa.Parser | undefined;
    stream.on('error', (error) => fail(new Error(`Cannot read ${path}: ${error.message}`)));
    Papa.parse<string[]>(stream, {
      header: false,
      skipEmptyLines: true,
      chunk: (results, parser) => {
        activeParser = parser;
        if (results.data.length > 0) {
          bytesSinceRow = 0;
          quoteSinceRow = chunkHasQuote;
        }
        if (failed) return;
        try {
          for (const error of results.errors) {
            if (error.code !== 'MissingQuotes' && error.code !== 'InvalidQuotes') continue;
            const lineBreaks = error.row === undefined ? 0 : lineBreaksIn(results.data[error.row] ?? []);
            if (lineBreaks > MAX_LINE_BREAKS_IN_ROW)
              throw new Error(`${path}: ${swallowedRowsMessage(rowNumber + (error.row ?? 0) + (headerSeen ? 1 : 0), lineBreaks)}`);
          }
          for (const cells of results.data) {
            if (!headerSeen) {
              headerSeen = true;
              onHeader(cells.map((cell) => cell.trim()));
              continue;
            }
            rowNumber++;
            onRow(cells, rowNumber);
          }
        } catch (error) {
          // Fail first: abort() calls `complete` synchronously, which must not resolve.
          fail(error as Error);
          parser.abort();
        }
      },
      complete: () => {
        if (failed) return;
        if (!headerSeen) fail(new Error(`${path}: file is empty (no header row)`));
        else resolve();
      },
      error: (error: Error) => fail(new Error(`${path}: CSV parse error: ${error.message}`)),
    });
  });
}

function requireColumns(path: string, header: string[], names: string[]): number[] {
  return names.map((name) => {
    const index = header.indexOf(name);
    if (index < 0) throw new Error(`${path}: header has no '${name}' column (found: ${header.join(',')})`);
    return index;
  });
}

/** Reads links.csv / links_small.csv (movieId,imdbId,tmdbId) into a movieId -> tmdbId map. */
export async function readLinks(path: string, onProgress?: ProgressCallback): Promise<LinkTable> {
  const movieIdToTmdb = new Map<number, number>();
  const skipped: SkipCounts = {};
  let rows = 0;
  let movieIdColumn = -1;
  let tmdbIdColumn = -1;
  await streamCsv(
    path,
    (header) => {
      [movieIdColumn, tmdbIdColumn] = requireColumns(path, header, ['movieId', 'tmdbId']);
    },
    (cells) => {
      rows++;
      const movieId = parseIntegerCell(cells[movieIdColumn]);
      if (movieId === null) return countSkip(skipped, 'malformed movieId');
      const tmdbText = cells[tmdbIdColumn];
      if (tmdbText === undefined || tmdbText.trim() === '') return countSkip(skipped, 'empty tmdbId');
      const tmdbId = parseIntegerCell(tmdbText);
      if (tmdbId === null || tmdbId <= 0 || tmdbId > INT32_MAX) return countSkip(skipped, 'malformed tmdbId');
      if (movieIdToTmdb.has(movieId)) return countSkip(skipped, 'duplicate movieId');
      movieIdToTmdb.set(movieId, tmdbId);
    },
    onProgress,
  );
  return { movieIdToTmdb, rows, skipped };
}

/** A typed column that doubles its capacity when full (amortised O(1) append, no per-row objects). */
class GrowableColumn<T extends Int32Array | Float32Array> {
  data: T;
  constructor(private readonly create: (length: number) => T) {
    this.data = create(INITIAL_CAPACITY);
  }
  ensure(length: number): void {
    if (length <= this.data.length) return;
    const grown = this.create(Math.max(length, this.data.length * 2));
    grown.set(this.data);
    this.data = grown;
  }
  /** Copy of the first `count` entries, so the oversized buffer can be collected. */
  trimmed(count: number): T {
    return this.data.slice(0, count) as T;
  }
}

/**
 * Reads ratings.csv / ratings_small.csv (userId,movieId,rating,timestamp), keeping rows whose movieId has a
 * tmdbId in `links` and whose rating lies in 0.5..5. Memory: 16 bytes per kept rating plus growth slack.
 */
export async function readRatings(path: string, links: LinkTable, onProgress?: ProgressCallback): Promise<RatingsTable> {
  const userColumn = new GrowableColumn((n) => new Int32Array(n));
  const tmdbColumn = new GrowableColumn((n) => new Int32Array(n));
  const ratingColumn = new GrowableColumn((n) => new Float32Array(n));
  const timeColumn = new GrowableColumn((n) => new Int32Array(n));
  const skipped: SkipCounts = {};
  const distinctUsers = new Set<number>();
  let count = 0;
  let rowsRead = 0;
  let columns: number[] = [];
  // Rows need a cell at every required column, wherever the header put them.
  let widestColumn = 3;
  const movieIdToTmdb = links.movieIdToTmdb;
  await streamCsv(
    path,
    (header) => {
      columns = requireColumns(path, header, ['userId', 'movieId', 'rating', 'timestamp']);
      widestColumn = Math.max(...columns);
    },
    (cells) => {
      rowsRead++;
      if (cells.length <= widestColumn) return countSkip(skipped, 'malformed row');
      const userId = parseIntegerCell(cells[columns[0]]);
      if (userId === null || userId < INT32_MIN || userId > INT32_MAX) return countSkip(skipped, 'malformed userId');
      const movieId = parseIntegerCell(cells[columns[1]]);
      if (movieId === null) return countSkip(skipped, 'malformed movieId');
      const ratingText = cells[columns[2]].trim();
      const rating = ratingText === '' ? Number.NaN : Number(ratingText);
      if (!Number.isFinite(rating)) return countSkip(skipped, 'malformed rating');
      if (rating < MIN_RATING || rating > MAX_RATING) return countSkip(skipped, 'rating outside 0.5..5');
      const timestamp = parseIntegerCell(cells[columns[3]]);
      if (timestamp === null || timestamp < INT32_MIN || timestamp > INT32_MAX) return countSkip(skipped, 'malformed timestamp');
      const tmdbId = movieIdToTmdb.get(movieId);
      if (tmdbId === undefined) return countSkip(skipped, 'movieId not in links');
      if (count === userColumn.data.length) {
        const needed = count + 1;
        userColumn.ensure(needed);
        tmdbColumn.ensure(needed);
        ratingColumn.ensure(needed);
        timeColumn.ensure(needed);
      }
      userColumn.data[count] = userId;
      tmdbColumn.data[count] = tmdbId;
      ratingColumn.data[count] = rating;
      timeColumn.data[count] = timestamp;
      count++;
      distinctUsers.add(userId);
    },
    onProgress,
  );
  return {
    userIds: userColumn.trimmed(count),
    tmdbIds: tmdbColumn.trimmed(count),
    ratings: ratingColumn.trimmed(count),
    timestamps: timeColumn.trimmed(count),
    count,
    users: distinctUsers.size,
    rowsRead,
    skipped,
  };
}
