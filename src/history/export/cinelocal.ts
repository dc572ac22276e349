// Writing a profile as the app's own export: JSON (format version 2: ratings, watchlist and hidden movies) or CSV
// (userId,movieId,rating,timestamp with TMDB ids, ratings only). formats/cinelocal.ts reads both back.
import Papa from 'papaparse';
import type { HiddenRecord, RatingRecord, WatchlistRecord } from '../../storage/schema';
import type { ImportFormat } from '../wire';
import { CSV_HEADER, EXPORT_FORMAT_NAME, EXPORT_FORMAT_VERSION } from '../formats/cinelocal';

interface JsonExport {
  format: typeof EXPORT_FORMAT_NAME;
  version: number;
  profile: string;
  exportedAt: string;
  ratings: { movieId: number; rating: number; timestamp: number }[];
  watchlist: { movieId: number; addedAt: number }[];
  hidden: { movieId: number; hiddenAt: number }[];
}

/** What a JSON export holds for one profile. */
export interface ProfileExportData {
  ratings: RatingRecord[];
  watchlist?: WatchlistRecord[];
  hidden?: HiddenRecord[];
}

function sortedForExport(ratings: RatingRecord[]): RatingRecord[] {
  return [...ratings].sort((a, b) => a.updatedAt - b.updatedAt || a.movieId - b.movieId);
}

function byTimeThenId<T extends { movieId: number }>(records: T[], time: (r: T) => number): T[] {
  return [...records].sort((a, b) => time(a) - time(b) || a.movieId - b.movieId);
}

/** JSON (format version 2): ratings, watchlist and hidden movies, times in whole seconds. */
export function exportProfileAsJson(profileName: string, data: ProfileExportData, now: Date = new Date()): string {
  const body: JsonExport = {
    format: EXPORT_FORMAT_NAME,
    version: EXPORT_FORMAT_VERSION,
    profile: profileName,
    exportedAt: now.toISOString(),
    ratings: sortedForExport(data.ratings).map((r) => ({ movieId: r.movieId, rating: r.rating, timestamp: Math.floor(r.updatedAt / 1000) })),
    watchlist: byTimeThenId(data.watchlist ?? [], (r) => r.addedAt).map((r) => ({ movieId: r.movieId, addedAt: Math.floor(r.addedAt / 1000) })),
    hidden: byTimeThenId(data.hidden ?? [], (r) => r.hiddenAt).map((r) => ({ movieId: r.movieId, hiddenAt: Math.floor(r.hiddenAt / 1000) })),
  };
  return `${JSON.stringify(body, null, 2)}\n`;
}

/** JSON with the ratings only (empty lists). */
export function exportRatingsAsJson(profileName: string, ratings: RatingRecord[], now: Date = new Date()): string {
  return exportProfileAsJson(profileName, { ratings }, now);
}

/** CSV like Kaggle's ratings_small.csv but with TMDB ids; userId is the profile name. Ratings only: no watchlist or hidden movies. */
export function exportRatingsAsCsv(profileName: string, ratings: RatingRecord[]): string {
  const rows = sortedForExport(ratings).map((r) => [profileName, r.movieId, r.rating, Math.floor(r.updatedAt / 1000)]);
  // escapeFormulae: a profile name like "=HYPERLINK(…)" must not become a live formula when the CSV is opened in a spreadsheet.
  return `${Papa.unparse({ fields: [...CSV_HEADER], data: rows }, { newline: '\n', escapeFormulae: true })}\n`;
}

export function exportFileName(profileName: string, format: ImportFormat, now: Date = new Date()): string {
  const safeName =
    profileName
      .normalize('NFKD')
      .replace(/[^\w-]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .toLowerCase() || 'profile';
  return `cinelocal-ratings-${safeName}-${now.toISOString().slice(0, 10)}.${format}`;
}
