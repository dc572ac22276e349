// MovieLens's ratings export (movie_id,imdb_id,tmdb_id,rating,title,…): half-star ratings with TMDB and IMDb ids.
import { parseImdbId, parseTmdbId, parseYear } from '../text';
import type { ImportRow, RecognisedFile } from '../types';
import type { HistoryFormat, SniffedFile, Verdict } from './format';
import { cell, halfStarRating, type ReadContext } from './read';

function detect(file: SniffedFile): Verdict {
  const { columns } = file;
  if (!file.isJson && columns.has('movie id') && columns.has('tmdb id') && columns.has('rating')) return { format: 'movielens-ratings' };
  return undefined;
}

const COLUMNS = { movieId: 'movie_id', imdb: 'imdb_id', tmdb: 'tmdb_id', rating: 'rating', title: 'title' };

/** MovieLens titles carry the year and any other-language title: "City of Lost Children, The (Cité des enfants perdus, La) (1995)". */
function splitTitle(text: string): { title: string; originalTitle?: string; year: number | null } {
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

function readFile(file: RecognisedFile, context: ReadContext): ImportRow[] {
  const reader = context.file(file.name);
  const { rows, col } = reader.csvRows(file.text, COLUMNS, ['rating']);
  for (const row of rows) {
    const result = halfStarRating(cell(row, col.rating));
    if ('problem' in result) {
      reader.skip(row.line, result.problem);
      continue;
    }
    const tmdb = parseTmdbId(cell(row, col.tmdb));
    const imdb = parseImdbId(cell(row, col.imdb));
    const { title, originalTitle, year } = splitTitle(cell(row, col.title));
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
  return reader.rows;
}

export const movielens: HistoryFormat = {
  service: 'movielens',
  name: 'MovieLens',
  expects: 'a MovieLens ratings export (movie_id,imdb_id,tmdb_id,rating,…)',
  files: { 'movielens-ratings': 'ratings' },
  kinds: { movielens: 'MovieLens ratings export' },
  detect,
  read: (files, context) => files.flatMap((file) => readFile(file, context)),
};
