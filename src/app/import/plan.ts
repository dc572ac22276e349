// The import preview's logic, without React: which rows are written by default, what the person changed, the ratings
// and watchlist entries that follows, and the counts the page shows. Every function is one pass over the columns, so
// 50,000 rows cost a few milliseconds on the main thread.
import Papa from 'papaparse';
import { HISTORY_ROW_KIND, HISTORY_ROW_STATUS, type HistoryPreview } from '../../engine/importMatching';
import { CONFIDENT_TITLE_MATCH } from '../../imports/match';
import { latestPerMovie, resolveConflict, type ConflictPolicy, type HistoryRatingEntry, type HistoryWatchlistEntry } from '../../storage/historyImport';
import type { FileFormat, ImportSource } from '../../imports/types';

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

export interface PreviewCounts {
  /** Rating rows by how they matched. */
  ratings: { exact: number; title: number; notFound: number; unsure: number };
  /** Watchlist rows by how they matched. */
  watchlist: { exact: number; title: number; notFound: number; unsure: number };
  skipped: number;
}

export function previewCounts(preview: HistoryPreview): PreviewCounts {
  const ratings = { exact: 0, title: 0, notFound: 0, unsure: 0 };
  const watchlist = { exact: 0, title: 0, notFound: 0, unsure: 0 };
  const { rows } = preview;
  for (let i = 0; i < rows.count; i++) {
    const into = rows.kind[i] === HISTORY_ROW_KIND.watchlist ? watchlist : ratings;
    const status = rows.status[i];
    if (status === HISTORY_ROW_STATUS.exact) into.exact += 1;
    else if (status === HISTORY_ROW_STATUS.title) {
      into.title += 1;
      if (rows.confidence[i] < CONFIDENT_TITLE_MATCH) into.unsure += 1;
    } else into.notFound += 1;
  }
  return { ratings, watchlist, skipped: preview.skipped.count };
}

/** Row indices of the title matches, least sure first (the ones to check on top), then in file order. */
export function titleMatchOrder(rows: Rows): Uint32Array {
  const order: number[] = [];
  for (let i = 0; i < rows.count; i++) if (rows.status[i] === HISTORY_ROW_STATUS.title) order.push(i);
  order.sort((a, b) => rows.confidence[a] - rows.confidence[b] || a - b);
  return Uint32Array.from(order);
}

export function notFoundOrder(rows: Rows): Uint32Array {
  const order: number[] = [];
  for (let i = 0; i < rows.count; i++) if (rows.status[i] === HISTORY_ROW_STATUS.notFound) order.push(i);
  return Uint32Array.from(order);
}

export interface ImportPlan {
  ratings: HistoryRatingEntry[];
  watchlist: HistoryWatchlistEntry[];
  /** Title matches left out (unchecked). */
  leftOut: number;
  /** Rows dropped because another row of the same list landed on the same movie (the latest dated kept). */
  merged: number;
}

/** The entries to write: chosen rows, one per movie and list (the latest dated kept, as storage does). */
export function planImport(preview: HistoryPreview, choices: Choices): ImportPlan {
  const { rows } = preview;
  const ratings: HistoryRatingEntry[] = [];
  const watchlist: HistoryWatchlistEntry[] = [];
  let leftOut = 0;
  for (let i = 0; i < rows.count; i++) {
    if (rows.status[i] === HISTORY_ROW_STATUS.notFound) continue;
    const choice = choiceOf(rows, choices, i);
    if (!choice.include || choice.movieId <= 0) {
      leftOut += 1;
      continue;
    }
    const date = Number.isNaN(rows.date[i]) ? null : rows.date[i];
    if (rows.kind[i] === HISTORY_ROW_KIND.watchlist) watchlist.push({ movieId: choice.movieId, date });
    else ratings.push({ movieId: choice.movieId, rating: rows.rating2[i] / 2, date });
  }
  const uniqueRatings = latestPerMovie(ratings);
  const uniqueWatchlist = latestPerMovie(watchlist);
  return { ratings: uniqueRatings, watchlist: uniqueWatchlist, leftOut, merged: ratings.length - uniqueRatings.length + watchlist.length - uniqueWatchlist.length };
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
export function planOutcome(plan: ImportPlan, stored: ReadonlyMap<number, StoredRating>, watchlist: ReadonlyMap<number, number>, policy: ConflictPolicy): PlanOutcome {
  const outcome: PlanOutcome = { added: 0, updated: 0, unchanged: 0, keptMine: 0, conflicts: 0, watchlistAdded: 0, watchlistAlready: 0 };
  for (const entry of plan.ratings) {
    const before = stored.get(entry.movieId);
    if (before && before.rating !== entry.rating) outcome.conflicts += 1;
    const action = resolveConflict(before, entry, policy);
    if (action === 'add') outcome.added += 1;
    else if (action === 'update') outcome.updated += 1;
    else if (action === 'unchanged') outcome.unchanged += 1;
    else outcome.keptMine += 1;
  }
  for (const entry of plan.watchlist) {
    if (watchlist.has(entry.movieId)) outcome.watchlistAlready += 1;
    else outcome.watchlistAdded += 1;
  }
  return outcome;
}

/** Title and year of a catalog movie the preview mentions. */
export function movieLookup(preview: HistoryPreview): (movieId: number) => { title: string; year: number | null } | undefined {
  const at = new Map<number, number>();
  preview.movies.ids.forEach((id, i) => at.set(id, i));
  return (movieId) => {
    const i = at.get(movieId);
    return i === undefined ? undefined : { title: preview.movies.titles[i], year: preview.movies.years[i] || null };
  };
}

/** The catalog movies a row can be imported as: the chosen one, then the alternatives. */
export function rowCandidates(rows: Rows, i: number): { movieId: number; confidence: number }[] {
  const out: { movieId: number; confidence: number }[] = [];
  if (rows.movieId[i] > 0) out.push({ movieId: rows.movieId[i], confidence: rows.confidence[i] });
  for (let a = rows.altStart[i]; a < rows.altStart[i + 1]; a++) out.push({ movieId: rows.altMovieId[a], confidence: rows.altConfidence[a] });
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
  for (const i of notFoundOrder(rows)) {
    data.push([
      rows.title[i],
      rows.year[i] || '',
      rows.kind[i] === HISTORY_ROW_KIND.watchlist ? 'watchlist' : 'rating',
      rows.rating2[i] ? rows.rating2[i] / 2 : '',
      Number.isNaN(rows.date[i]) ? '' : new Date(rows.date[i]).toISOString().slice(0, 10),
      preview.fileNames[rows.file[i]] ?? '',
      rows.line[i],
      rows.note[i],
    ]);
  }
  // escapeFormulae: a title like "=HYPERLINK(…)" stays text when the CSV is opened in a spreadsheet.
  return `${Papa.unparse({ fields: ['Title', 'Year', 'List', 'Rating', 'Date', 'File', 'Line', 'Why'], data }, { newline: '\n', escapeFormulae: true })}\n`;
}

export const SOURCE_LABELS: Record<ImportSource, string> = {
  letterboxd: 'Letterboxd export',
  'imdb-ratings': 'IMDb ratings export',
  'imdb-watchlist': 'IMDb watchlist export',
  trakt: 'Trakt export',
  movielens: 'MovieLens ratings export',
};

export const FORMAT_LABELS: Record<FileFormat, string> = {
  'letterboxd-ratings': 'ratings',
  'letterboxd-diary': 'diary',
  'letterboxd-watched': 'watched films',
  'letterboxd-watchlist': 'watchlist',
  'imdb-ratings': 'ratings',
  'imdb-watchlist': 'watchlist / list',
  'trakt-ratings': 'ratings',
  'trakt-watchlist': 'watchlist',
  'trakt-watched': 'watched films',
  'movielens-ratings': 'ratings',
};

export const CONFLICT_LABELS: Record<ConflictPolicy, string> = {
  'keep-mine': 'Keep my rating',
  'take-imported': 'Take the imported rating',
  'newer-wins': 'The newer one wins (by date)',
};

/** The Import button: "Import 30 ratings", "Import 2 ratings and 1 watchlist entry", "Import 1 watchlist entry". */
export function importButtonText(plan: ImportPlan): string {
  const parts: string[] = [];
  if (plan.ratings.length > 0 || plan.watchlist.length === 0) parts.push(plural(plan.ratings.length, 'rating'));
  if (plan.watchlist.length > 0) parts.push(plural(plan.watchlist.length, 'watchlist entry', 'watchlist entries'));
  return `Import ${parts.join(' and ')}`;
}

/** "Will import 30 ratings (28 new, 2 kept as yours) and 1 watchlist entry. 1 matched row left out." (zero counts left out). */
export function planSummary(plan: ImportPlan, outcome: PlanOutcome): string {
  if (plan.ratings.length + plan.watchlist.length === 0) return 'Nothing to import: no row is matched and checked.';
  const n = (count: number) => count.toLocaleString('en-US');
  const parts: string[] = [];
  if (plan.ratings.length > 0) {
    const detail = [
      outcome.added > 0 ? `${n(outcome.added)} new` : '',
      outcome.updated > 0 ? `${n(outcome.updated)} changed` : '',
      outcome.unchanged > 0 ? `${n(outcome.unchanged)} already the same` : '',
      outcome.keptMine > 0 ? `${n(outcome.keptMine)} kept as yours` : '',
    ].filter(Boolean);
    parts.push(`${plural(plan.ratings.length, 'rating')} (${detail.join(', ')})`);
  }
  if (plan.watchlist.length > 0) parts.push(`${plural(plan.watchlist.length, 'watchlist entry', 'watchlist entries')}${outcome.watchlistAlready > 0 ? ` (${n(outcome.watchlistAlready)} already listed)` : ''}`);
  const leftOut = plan.leftOut > 0 ? ` ${plural(plan.leftOut, 'matched row')} left out.` : '';
  return `Will import ${parts.join(' and ')}.${leftOut}`;
}

/** "1 rating", "2,000 ratings". */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count.toLocaleString('en-US')} ${count === 1 ? one : many}`;
}
