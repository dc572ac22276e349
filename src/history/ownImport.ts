// Importing a CineLocal export into a profile, the same from My ratings and from #/import: the file is read by
// formats/cinelocal.ts (in the engine worker, through remoteParser), its ids checked against the loaded catalog, and the
// rows written by the one storage writer (importHistory, storage/historyImport.ts).
import { ImportFileError } from './errors';
import { LIST_LABEL, parseRatingsImport, sortSkipped } from './formats/cinelocal';
import {
  IMPORT_LISTS,
  unpackParsedImport,
  type ImportListName,
  type ParsedImport,
  type ParsedImportRow,
  type ParsedListRow,
  type RatingsFileAnswer,
} from './wire';
import type { CineLocalDatabase } from '../storage/schema';
import { nextTask } from '../storage/chunked';
import { importHistory, type ImportWriteProgress } from '../storage/historyImport';
import type { KnownMovieLookup } from '../storage/repository';

export interface ListImportCounts {
  /** Not on that list before (a movie moved from the other list counts here). */
  added: number;
  /** Already on that list. */
  unchanged: number;
}

export interface ImportReport extends ParsedImport {
  fileName: string;
  imported: number;
  added: number;
  updated: number;
  unchanged: number;
  /** Stored ratings kept because they are newer than the file's (the one conflict rule, storage/historyImport.ts). */
  keptMine: number;
  listCounts: Record<ImportListName, ListImportCounts>;
}

/** A parser for importRatings that runs elsewhere (the engine worker) and reports unreadable files as `fileError`. */
export function remoteParser(parse: (fileName: string, text: string, now: number) => Promise<RatingsFileAnswer>) {
  return async (fileName: string, text: string, now: number): Promise<ParsedImport> => {
    const result = await parse(fileName, text, now);
    if ('fileError' in result) throw new ImportFileError(result.fileError);
    return 'rowColumns' in result ? unpackParsedImport(result) : result;
  };
}

/** What importRatings may also be told: the write's progress (the one writer's pages). */
export interface ImportRatingsOptions {
  onProgress?(progress: ImportWriteProgress): void;
}

/**
 * Validates every row (shape, then catalog membership via `knownMovies`) and hands the valid ratings, watchlist and
 * hidden movies to the one import writer (storage/historyImport.ts): one transaction, all or nothing, the newer rating wins,
 * a watchlist row takes the movie off the hidden list and a hidden row takes it off the watchlist (as in the app).
 */
export async function importRatings(
  db: CineLocalDatabase,
  profileId: string,
  fileName: string,
  text: string,
  knownMovies: KnownMovieLookup,
  now: number = Date.now(),
  parse: (fileName: string, text: string, now: number) => ParsedImport | Promise<ParsedImport> = parseRatingsImport,
  options: ImportRatingsOptions = {},
): Promise<ImportReport> {
  // `now` stamps rows without a timestamp (tests pin it); the future check always allows up to the real clock.
  // `parse`: the app passes the worker's copy of parseRatingsImport, so a 50,000-row file is not parsed on the page.
  const parsed = await parse(fileName, text, Math.max(now, Date.now()));
  // Each pass over the whole file is a task of its own (45,000 rows in one were 100–280 ms tasks in CI).
  await nextTask();
  const allIds = [...parsed.rows, ...parsed.lists.watchlist.rows, ...parsed.lists.hidden.rows].map((r) => r.movieId);
  const known = new Set(allIds.length > 0 ? await knownMovies([...new Set(allIds)]) : []);
  await nextTask();
  const accepted: ParsedImportRow[] = [];
  const skipped = [...parsed.skipped];
  for (const row of parsed.rows) {
    if (known.has(row.movieId)) accepted.push(row);
    else skipped.push({ row: row.row, reason: `movieId: movie ${row.movieId} is not in the loaded catalog` });
  }
  const acceptedLists: Record<ImportListName, ParsedListRow[]> = { watchlist: [], hidden: [] };
  for (const name of IMPORT_LISTS) {
    for (const row of parsed.lists[name].rows) {
      if (known.has(row.movieId)) acceptedLists[name].push(row);
      else skipped.push({ row: row.row, list: name, reason: `${LIST_LABEL[name]}: movieId: movie ${row.movieId} is not in the loaded catalog` });
    }
  }
  const ms = (seconds: number | null) => (seconds === null ? null : seconds * 1000);
  const listEntries = (rows: ParsedListRow[]) => rows.map((r) => ({ movieId: r.movieId, date: ms(r.atSeconds) }));
  await nextTask();
  const written = await importHistory(
    db,
    profileId,
    {
      ratings: accepted.map((r) => ({ movieId: r.movieId, rating: r.rating, date: ms(r.timestampSeconds) })),
      watchlist: listEntries(acceptedLists.watchlist),
      hidden: listEntries(acceptedLists.hidden),
    },
    { now, onProgress: options.onProgress },
  );
  const { added, updated, unchanged, keptMine } = written;
  const listCounts: Record<ImportListName, ListImportCounts> = {
    watchlist: { added: written.watchlistAdded, unchanged: written.watchlistAlready },
    hidden: { added: written.hiddenAdded, unchanged: written.hiddenAlready },
  };
  return { ...parsed, skipped: sortSkipped(skipped), fileName, imported: added + updated, added, updated, unchanged, keptMine, listCounts };
}
