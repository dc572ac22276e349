// Ratings as a CSV that Letterboxd's importer (letterboxd.com/import) reads: TMDB and IMDb ids first, title and year as fallback.
import Papa from 'papaparse';
import type { MatchCatalog } from '../match';
import { asTmdbId, catalogRowOf } from '../../engine/ids';

export const LETTERBOXD_CSV_HEADER = ['tmdbID', 'imdbID', 'Title', 'Year', 'Rating', 'WatchedDate'] as const;

export interface ExportedRating {
  movieId: number;
  /** 0..5 in half steps; 0 is written as an empty Rating (Letterboxd's lowest is half a star): the film is logged, unrated. */
  rating: number;
  /** Epoch ms; written as WatchedDate (YYYY-MM-DD, UTC). */
  updatedAt: number;
}

export interface ExportMovieInfo {
  title: string;
  year: number | null;
  /** tt number as an integer; 0 or null when unknown. */
  imdbId?: number | null;
}

/** Title, year and IMDb id of a catalog movie, or undefined when the catalog lacks it (the row keeps its tmdbID). */
export type ExportMovieLookup = (movieId: number) => ExportMovieInfo | undefined;

/** A lookup over the same arrays the matcher uses. */
export function catalogLookup(catalog: MatchCatalog): ExportMovieLookup {
  const catalogIds = catalogRowOf(catalog);
  return (movieId) => {
    const i = catalogIds.rowOf(asTmdbId(movieId));
    return i === undefined ? undefined : { title: catalog.titles[i], year: catalog.years[i], imdbId: catalog.imdbIds[i] || null };
  };
}

export function formatImdbId(imdbId: number | null | undefined): string {
  return imdbId && imdbId > 0 ? `tt${String(imdbId).padStart(7, '0')}` : '';
}

function isoDate(ms: number): string {
  return Number.isFinite(ms) && ms > 0 ? new Date(ms).toISOString().slice(0, 10) : '';
}

/**
 * The CSV, oldest rating first, '\n' line ends. Cells are quoted as needed; a text cell starting with = + - @ (or a
 * tab / carriage return) gets a leading ' so a spreadsheet shows it as text instead of running it as a formula.
 */
export function toLetterboxdCsv(ratings: ExportedRating[], lookup: ExportMovieLookup): string {
  const sorted = [...ratings].sort((a, b) => a.updatedAt - b.updatedAt || a.movieId - b.movieId);
  const data = sorted.map((r) => {
    const movie = lookup(r.movieId);
    return [r.movieId, formatImdbId(movie?.imdbId), movie?.title ?? '', movie?.year ?? '', r.rating > 0 ? r.rating : '', isoDate(r.updatedAt)];
  });
  const csv = Papa.unparse({ fields: [...LETTERBOXD_CSV_HEADER], data }, { newline: '\n', escapeFormulae: true });
  // PapaParse ends a header-only CSV with a line break already, and a CSV with rows without one.
  return csv.endsWith('\n') ? csv : `${csv}\n`;
}
