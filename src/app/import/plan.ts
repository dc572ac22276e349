// The import preview's logic, without React: which rows are written by default, what the person changed, the ratings
// and watchlist entries that follows, and the counts the page shows. Every function is one pass over the columns, so
// 50,000 rows cost a few milliseconds on the main thread.
import Papa from 'papaparse';
import { HISTORY_ROW_KIND, HISTORY_ROW_STATUS, stringAt, type HistoryPreview } from '../../history/wire';
import { CONFIDENT_TITLE_MATCH } from '../../history/match';
import { resolveConflict, type ConflictPolicy, type HistoryRatingEntry, type HistoryWatchlistEntry } from '../../storage/historyImport';

export { CONFIDENT_TITLE_MATCH };

/** What the person decided for one row: import it or not, and as which catalog movie. */
export interface RowChoice {
  include: boolean;
  movieId: number;
}

/** Only the rows the person changed; every other row follows defaultChoice. */
export type Choices = ReadonlyMap<number, RowChoice>;

type Rows = HistoryPreview['rows'];

/** Exact (id) matches and confident title matches are imported unless unchecked; less sure title matches only if checked. */
export function defaultChoice(rows: Rows, i: number): RowChoice {
  const status = rows.status[i];
  const include = status === HISTORY_ROW_STATUS.exact || (status === HISTORY_ROW_STATUS.title && rows.confidence[i] >= CONFIDENT_TITLE_MATCH);
  return { include, movieId: rows.movieId[i] };
}

export function choiceOf(rows: Rows, choices: Choices, i: number): RowChoice {
  return choices.get(i) ?? defaultChoice(rows, i);
}

/**
 * What will be written: row indices (one per movie and list, the latest dated kept, as storage does) with the chosen
 * movie, as typed columns, so a 50,000-row plan costs a few ms and no objects until the write starts.
 */
export interface ImportPlan {
  ratingRows: Uint32Array;
  /** The chosen movie of each rating row (parallel to ratingRows). */
  ratingMovies: Int32Array;
  watchlistRows: Uint32Array;
  watchlistMovies: Int32Array;
  /** Matched rows left out (unchecked). */
  leftOut: number;
  /** Rows dropped because another row of the same list landed on the same movie (the latest dated kept). */
  merged: number;
}

/** The place in `preview.movies` of the movie `movieId` among row i's candidates (-1: not one of them). */
function candidateIndex(rows: Rows, i: number, movieId: number): number {
  if (rows.movieId[i] === movieId) return rows.movieIndex[i];
  for (let a = rows.altStart[i]; a < rows.altStart[i + 1]; a++) if (rows.altMovieId[a] === movieId) return rows.altMovieIndex[a];
  return -1;
}

const dateOf = (rows: Rows, i: number) => (Number.isNaN(rows.date[i]) ? -Infinity : rows.date[i]);

export function planImport(preview: HistoryPreview, choices: Choices): ImportPlan {
  const { rows } = preview;
  const movieCount = preview.movies.ids.length;
  /** Per list, the row kept for each movie (by its place in preview.movies); -1 none yet. */
  const kept = [new Int32Array(movieCount).fill(-1), new Int32Array(movieCount).fill(-1)];
  /** Each row's chosen movie (place in preview.movies), -1 when it is not written. */
  const chosen = new Int32Array(rows.count).fill(-1);
  let leftOut = 0;
  let chosenRows = 0;
  for (let i = 0; i < rows.count; i++) {
    const status = rows.status[i];
    if (status === HISTORY_ROW_STATUS.notFound) continue;
    const choice = choices.get(i);
    const include = choice ? choice.include : status === HISTORY_ROW_STATUS.exact || rows.confidence[i] >= CONFIDENT_TITLE_MATCH;
    const place = choice ? candidateIndex(rows, i, choice.movieId) : rows.movieIndex[i];
    if (!include || place < 0) {
      leftOut += 1;
      continue;
    }
    chosenRows += 1;
    chosen[i] = place;
    const list = kept[rows.kind[i] === HISTORY_ROW_KIND.watchlist ? 1 : 0];
    const before = list[place];
    // Latest dated wins; undated counts as oldest; on a tie the later row.
    if (before < 0 || dateOf(rows, i) >= dateOf(rows, before)) list[place] = i;
  }
  // The kept rows in file order, with their movies.
  const ratingRows: number[] = [];
  const watchlistRows: number[] = [];
  for (let i = 0; i < rows.count; i++) {
    const place = chosen[i];
    if (place < 0) continue;
    const isWatchlist = rows.kind[i] === HISTORY_ROW_KIND.watchlist;
    if (kept[isWatchlist ? 1 : 0][place] === i) (isWatchlist ? watchlistRows : ratingRows).push(i);
  }
  const moviesOf = (list: number[]) => Int32Array.from(list, (i) => preview.movies.ids[chosen[i]]);
  return {
    ratingRows: Uint32Array.from(ratingRows),
    ratingMovies: moviesOf(ratingRows),
    watchlistRows: Uint32Array.from(watchlistRows),
    watchlistMovies: moviesOf(watchlistRows),
    leftOut,
    merged: chosenRows - ratingRows.length - watchlistRows.length,
  };
}

/** The plan as storage entries (built when the write starts). */
export function planEntries(preview: HistoryPreview, plan: ImportPlan): { ratings: HistoryRatingEntry[]; watchlist: HistoryWatchlistEntry[] } {
  const { rows } = preview;
  const date = (i: number) => (Number.isNaN(rows.date[i]) ? null : rows.date[i]);
  return {
    ratings: Array.from(plan.ratingRows, (i, k) => ({ movieId: plan.ratingMovies[k], rating: rows.rating2[i] / 2, date: date(i) })),
    watchlist: Array.from(plan.watchlistRows, (i, k) => ({ movieId: plan.watchlistMovies[k], date: date(i) })),
  };
}

export interface StoredRating {
  rating: number;
  updatedAt: number;
}

export interface PlanOutcome {
  added: number;
  updated: number;
  unchanged: number;
  keptMine: number;
  /** Planned ratings whose movie already has a different stored rating (what the policy decides). */
  conflicts: number;
  watchlistAdded: number;
  watchlistAlready: number;
}

/** What the write will do with today's ratings and watchlist (the write decides again inside its transaction). */
export function planOutcome(
  preview: HistoryPreview,
  plan: ImportPlan,
  stored: ReadonlyMap<number, StoredRating>,
  watchlist: ReadonlyMap<number, number>,
  policy: ConflictPolicy,
): PlanOutcome {
  const { rows } = preview;
  const outcome: PlanOutcome = { added: 0, updated: 0, unchanged: 0, keptMine: 0, conflicts: 0, watchlistAdded: 0, watchlistAlready: 0 };
  const entry: HistoryRatingEntry = { movieId: 0, rating: 0, date: null };
  for (let k = 0; k < plan.ratingRows.length; k++) {
    const i = plan.ratingRows[k];
    const before = stored.size > 0 ? stored.get(plan.ratingMovies[k]) : undefined;
    if (!before) {
      outcome.added += 1;
      continue;
    }
    entry.movieId = plan.ratingMovies[k];
    entry.rating = rows.rating2[i] / 2;
    entry.date = Number.isNaN(rows.date[i]) ? null : rows.date[i];
    if (before.rating !== entry.rating) outcome.conflicts += 1;
    const action = resolveConflict(before, entry, policy);
    if (action === 'update') outcome.updated += 1;
    else if (action === 'unchanged') outcome.unchanged += 1;
    else outcome.keptMine += 1;
  }
  for (const movieId of plan.watchlistMovies) {
    if (watchlist.has(movieId)) outcome.watchlistAlready += 1;
    else outcome.watchlistAdded += 1;
  }
  return outcome;
}

/** Title and year of a preview movie by its place in `preview.movies`. */
export function movieAt(preview: HistoryPreview, place: number): { title: string; year: number | null } | undefined {
  return place >= 0 && place < preview.movies.ids.length
    ? { title: stringAt(preview.movies.titles, place), year: preview.movies.years[place] || null }
    : undefined;
}

/** The catalog movies a row can be imported as: the chosen one, then the alternatives (`place`: in preview.movies). */
export function rowCandidates(rows: Rows, i: number): { movieId: number; place: number; confidence: number }[] {
  const out: { movieId: number; place: number; confidence: number }[] = [];
  if (rows.movieId[i] > 0) out.push({ movieId: rows.movieId[i], place: rows.movieIndex[i], confidence: rows.confidence[i] });
  for (let a = rows.altStart[i]; a < rows.altStart[i + 1]; a++)
    out.push({ movieId: rows.altMovieId[a], place: rows.altMovieIndex[a], confidence: rows.altConfidence[a] });
  return out;
}

/** “Title” (1999), or “Title” when the year is unknown. */
export function titleYear(title: string, year: number | null): string {
  return year ? `${title} (${year})` : title;
}

export function percent(confidence: number): string {
  return `${Math.round(confidence * 100)}%`;
}

/** The rows not found, as a CSV to keep (and fix by hand): Title,Year,List,Rating,Date,File,Line,Why. */
export function notFoundCsv(preview: HistoryPreview): string {
  const { rows } = preview;
  const data: (string | number)[][] = [];
  for (const i of preview.order.notFound) {
    data.push([
      stringAt(rows.title, i),
      rows.year[i] || '',
      rows.kind[i] === HISTORY_ROW_KIND.watchlist ? 'watchlist' : 'rating',
      rows.rating2[i] ? rows.rating2[i] / 2 : '',
      Number.isNaN(rows.date[i]) ? '' : new Date(rows.date[i]).toISOString().slice(0, 10),
      preview.fileNames[rows.file[i]] ?? '',
      rows.line[i],
      stringAt(rows.note, i),
    ]);
  }
  // escapeFormulae: a title like "=HYPERLINK(…)" stays text when the CSV is opened in a spreadsheet.
  return `${Papa.unparse({ fields: ['Title', 'Year', 'List', 'Rating', 'Date', 'File', 'Line', 'Why'], data }, { newline: '\n', escapeFormulae: true })}\n`;
}

export const CONFLICT_LABELS: Record<ConflictPolicy, string> = {
  'keep-mine': 'Keep my rating',
  'take-imported': 'Take the imported rating',
  'newer-wins': 'The newer one wins (by date)',
};

/** The Import button: "Import 30 ratings", "Import 2 ratings and 1 watchlist entry", "Import 1 watchlist entry". */
export function importButtonText(plan: ImportPlan): string {
  const parts: string[] = [];
  if (plan.ratingRows.length > 0 || plan.watchlistRows.length === 0) parts.push(plural(plan.ratingRows.length, 'rating'));
  if (plan.watchlistRows.length > 0) parts.push(plural(plan.watchlistRows.length, 'watchlist entry', 'watchlist entries'));
  return `Import ${parts.join(' and ')}`;
}

/** "Will import 30 ratings (28 new, 2 kept as yours) and 1 watchlist entry. 1 matched row left out." (zero counts left out). */
export function planSummary(plan: ImportPlan, outcome: PlanOutcome): string {
  if (plan.ratingRows.length + plan.watchlistRows.length === 0) return 'Nothing to import: no row is matched and checked.';
  const n = (count: number) => count.toLocaleString('en-US');
  const parts: string[] = [];
  if (plan.ratingRows.length > 0) {
    const detail = [
      outcome.added > 0 ? `${n(outcome.added)} new` : '',
      outcome.updated > 0 ? `${n(outcome.updated)} changed` : '',
      outcome.unchanged > 0 ? `${n(outcome.unchanged)} already the same` : '',
      outcome.keptMine > 0 ? `${n(outcome.keptMine)} kept as yours` : '',
    ].filter(Boolean);
    parts.push(`${plural(plan.ratingRows.length, 'rating')} (${detail.join(', ')})`);
  }
  if (plan.watchlistRows.length > 0)
    parts.push(
      `${plural(plan.watchlistRows.length, 'watchlist entry', 'watchlist entries')}${outcome.watchlistAlready > 0 ? ` (${n(outcome.watchlistAlready)} already listed)` : ''}`,
    );
  const leftOut = plan.leftOut > 0 ? ` ${plural(plan.leftOut, 'matched row')} left out.` : '';
  return `Will import ${parts.join(' and ')}.${leftOut}`;
}

/** "1 rating", "2,000 ratings". */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count.toLocaleString('en-US')} ${count === 1 ? one : many}`;
}
