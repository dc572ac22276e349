// build-data's details.bin: the movie page's fields per catalog row, from the parsed movie files (+ IMDb ids from links.csv).
import { DETAILS_TOP_CAST, type DetailsRow } from '../engine/shards/details';
import { readCsv } from './csv';
import type { CreditsRecord, MovieRecord } from './movies';

/** TMDB image paths as the app accepts them: one path segment, no query or traversal (the app checks again). */
const POSTER_PATH = /^\/[A-Za-z0-9_-]+\.(?:jpg|jpeg|png|webp)$/i;

/** links.csv / links_small.csv → TMDB id → IMDb number (links store "114709" for tt0114709); first row per TMDB id wins. */
export async function readImdbLinks(path: string): Promise<Map<number, number>> {
  const imdbOf = new Map<number, number>();
  await readCsv(path, {
    requiredColumns: ['imdbId', 'tmdbId'],
    onRow: (row) => {
      const tmdbText = row.tmdbId?.trim() ?? '';
      const imdbText = row.imdbId?.trim() ?? '';
      if (!/^\d{1,10}$/.test(tmdbText) || !/^\d{1,9}$/.test(imdbText)) return 'no TMDB or IMDb id';
      const tmdbId = Number(tmdbText);
      if (!imdbOf.has(tmdbId) && Number(imdbText) > 0) imdbOf.set(tmdbId, Number(imdbText));
    },
  });
  return imdbOf;
}

/** One details row per catalog movie, in catalog order; the IMDb id of movies_metadata wins over links.csv's. */
export function detailsForMovies(movies: MovieRecord[], credits: Map<number, CreditsRecord>, keywords: Map<number, string[]>, imdbFromLinks: Map<number, number> = new Map()): DetailsRow[] {
  return movies.map((m) => {
    const credit = credits.get(m.id);
    return {
      overview: m.overview,
      tagline: m.tagline,
      runtime: m.runtime,
      imdbId: m.imdbId || imdbFromLinks.get(m.id) || 0,
      originalTitle: m.originalTitle,
      posterPath: m.posterPath && POSTER_PATH.test(m.posterPath) ? m.posterPath : '',
      directors: credit?.directors ?? [],
      cast: (credit?.billing ?? []).slice(0, DETAILS_TOP_CAST),
      keywords: keywords.get(m.id) ?? [],
    };
  });
}
