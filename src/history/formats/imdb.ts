// IMDb's ratings export (Const,Your Rating,…) and watchlist / list exports (Position,Const,… or Const,Created,…):
// 1–10 ratings as half stars, matched by IMDb id; non-film title types are skipped.
import { parseExportDate, parseImdbId, parseYear, quoteCell } from '../text';
import type { ImportRow, RecognisedFile } from '../types';
import type { HistoryFormat, SniffedFile, Verdict } from './format';
import { cell, tenPointRating, type ReadContext } from './read';

/**
 * "Title Type" values counted as films (lower case, letters only: "TV Movie" → "tvmovie"). Old exports say
 * "Feature Film", "Short Film", "Documentary"; new ones "movie", "tvMovie", "video", "short". TV specials and shorts
 * count too: TMDB lists many of them as movies, and an id the catalog lacks just ends as "not found".
 */
const FILM_TYPES = new Set(['movie', 'featurefilm', 'film', 'tvmovie', 'video', 'short', 'shortfilm', 'tvshort', 'documentary', 'tvspecial']);

function detect(file: SniffedFile): Verdict {
  if (file.isJson || !file.columns.has('const')) return undefined;
  // Newer IMDb list exports end with Your Rating,Date Rated too: Position is what marks a list.
  if (file.columns.has('position')) return { format: 'imdb-watchlist' };
  if (file.columns.has('your rating')) return { format: 'imdb-ratings' };
  if (file.columns.has('created')) return { format: 'imdb-watchlist' };
  return undefined;
}

const COLUMNS = {
  id: 'Const',
  rating: 'Your Rating',
  dateRated: 'Date Rated',
  created: 'Created',
  title: 'Title',
  originalTitle: 'Original Title',
  titleType: 'Title Type',
  year: 'Year',
};

function readFile(file: RecognisedFile, context: ReadContext): ImportRow[] {
  const reader = context.file(file.name);
  const isRatings = file.format === 'imdb-ratings';
  const { rows, col } = reader.csvRows(file.text, COLUMNS, isRatings ? ['id', 'rating'] : ['id']);
  for (const row of rows) {
    const constCell = cell(row, col.id);
    const imdb = parseImdbId(constCell);
    if (imdb === null) {
      reader.skip(row.line, `Const ${quoteCell(constCell)} is not an IMDb id (tt…)`);
      continue;
    }
    const type = cell(row, col.titleType).trim();
    if (type !== '' && !FILM_TYPES.has(type.toLowerCase().replace(/[^a-z]/g, ''))) {
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
      date: parseExportDate(cell(row, isRatings ? col.dateRated : col.created).slice(0, 10), context.now),
      ids: { imdb },
      title: cell(row, col.title).trim(),
      ...(originalTitle !== '' ? { originalTitle } : {}),
      year: parseYear(cell(row, col.year).trim().slice(0, 4)),
    });
  }
  return reader.rows;
}

export const imdb: HistoryFormat = {
  service: 'imdb',
  name: 'IMDb',
  expects: 'an IMDb ratings or watchlist export (CSV with Const,Your Rating,… or Position,Const,…)',
  files: { 'imdb-ratings': 'ratings', 'imdb-watchlist': 'watchlist / list' },
  kinds: { 'imdb-ratings': 'IMDb ratings export', 'imdb-watchlist': 'IMDb watchlist export' },
  // A ratings file among the files makes it a ratings import, even when a watchlist was picked too.
  kindOf: (files) => (files.some((f) => f.format === 'imdb-ratings') ? 'imdb-ratings' : 'imdb-watchlist'),
  detect,
  read: (files, context) => files.flatMap((file) => readFile(file, context)),
};
