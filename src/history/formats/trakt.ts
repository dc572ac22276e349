// Trakt's export (the ZIP, or ratings-movies.json / watchlist-movies.json / watched-movies.json): JSON lists of movies,
// 1–10 ratings as half stars, TMDB and IMDb ids; a row's line is the item's 1-based place in its list.
import { ImportFileError } from '../errors';
import { parseExportDate, parseImdbId, parseTmdbId, parseYear, quoteCell } from '../text';
import type { ImportRow, ImportRowKind, RecognisedFile } from '../types';
import type { HistoryFormat, SniffedFile, Verdict } from './format';
import { tenPointRating, type ReadContext } from './read';

const LIST_PREFIX = /^(ratings|watchlist|watched|history|collection|lists?|comments|likes)-/;
const OTHER_FILE =
  /^(ratings|watchlist|watched|history|collection|lists?|comments|likes|user|network|followers|following|friends|hidden|recommendations|profile|settings|stats)[-.]/;

function detect(file: SniffedFile): Verdict {
  if (!file.isJson) return undefined;
  const { base } = file;
  if (base === 'ratings-movies.json') return { format: 'trakt-ratings' };
  if (base === 'watchlist-movies.json') return { format: 'trakt-watchlist' };
  if (base === 'watched-movies.json') return { format: 'trakt-watched' };
  const parsed = file.json();
  if (parsed === undefined) return undefined;
  if (Array.isArray(parsed)) {
    const first = parsed.find((item) => item && typeof item === 'object') as Record<string, unknown> | undefined;
    if (first && ('show' in first || 'episode' in first || 'season' in first)) return { ignore: 'Trakt shows, seasons or episodes (only movies are imported)' };
    if (first && first.movie && typeof first.movie === 'object') {
      if ('rated_at' in first) return { format: 'trakt-ratings' };
      if ('listed_at' in first) return { format: 'trakt-watchlist' };
      if ('last_watched_at' in first) return { format: 'trakt-watched' };
      return { ignore: 'a Trakt movie list other than ratings, watchlist or watched' };
    }
    if (parsed.length === 0 && LIST_PREFIX.test(base)) return { ignore: 'an empty Trakt list' };
  }
  if (OTHER_FILE.test(base)) return { ignore: 'a Trakt file other than movie ratings, watchlist or watched' };
  return undefined;
}

function readFile(file: RecognisedFile, context: ReadContext): ImportRow[] {
  const reader = context.file(file.name);
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
    reader.read();
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
    const date = typeof record[dateField] === 'string' ? parseExportDate(record[dateField] as string, context.now) : null;
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
  return reader.rows;
}

export const trakt: HistoryFormat = {
  service: 'trakt',
  name: 'Trakt',
  expects: 'a Trakt export (the ZIP, or ratings-movies.json / watchlist-movies.json)',
  json: true,
  files: { 'trakt-ratings': 'ratings', 'trakt-watchlist': 'watchlist', 'trakt-watched': 'watched films' },
  kinds: { trakt: 'Trakt export' },
  detect,
  read: (files, context) => files.flatMap((file) => readFile(file, context)),
};
