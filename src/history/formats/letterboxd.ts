// Letterboxd's export (the ZIP, or its ratings.csv / diary.csv / watched.csv / watchlist.csv): recognised by the
// Letterboxd URI and Name columns; one film per Name + Year across files, the current rating winning.
import { titleKey } from '../titleKey';
import { parseExportDate, parseYear } from '../text';
import type { ImportRow, ImportRowKind, RecognisedFile } from '../types';
import type { HistoryFormat, SniffedFile, Verdict } from './format';
import { cell, halfStarRating, type ReadContext } from './read';

/** Letterboxd export folders that are not the member's own film history. */
const OTHER_FOLDERS = new Set(['lists', 'likes', 'deleted', 'orphaned']);

function detect(file: SniffedFile): Verdict {
  if (file.isJson) return undefined;
  const { columns, base } = file;
  if (columns.has('letterboxd uri') && columns.has('name')) {
    if (file.folders.some((f) => OTHER_FOLDERS.has(f))) return { ignore: 'a Letterboxd list, like or deleted entry, not your own history' };
    if (base === 'reviews.csv') return { ignore: 'Letterboxd reviews (their ratings are also in diary.csv)' };
    if (base === 'ratings.csv') return { format: 'letterboxd-ratings' };
    if (base === 'diary.csv') return { format: 'letterboxd-diary' };
    if (base === 'watched.csv') return { format: 'letterboxd-watched' };
    if (base === 'watchlist.csv') return { format: 'letterboxd-watchlist' };
    if (columns.has('watched date') || columns.has('rewatch')) return { format: 'letterboxd-diary' };
    if (columns.has('rating')) return { format: 'letterboxd-ratings' };
    return { format: base.includes('watchlist') ? 'letterboxd-watchlist' : 'letterboxd-watched' };
  }
  if (base === 'profile.csv' || base === 'comments.csv' || columns.has('letterboxd uri')) return { ignore: 'Letterboxd profile or comments, no films' };
  if (/^letterboxd list export/i.test(file.text.trimStart())) return { ignore: 'a Letterboxd list, not your own history' };
  return undefined;
}

const COLUMNS = { date: 'Date', name: 'Name', year: 'Year', uri: 'Letterboxd URI', rating: 'Rating', watchedDate: 'Watched Date' };

interface Entry {
  row: ImportRow;
  /** Position across all files, for "later line wins" ties. */
  order: number;
}

/** Later date wins; undated loses to dated; equal dates go to the later row. */
function isLater(a: Entry, b: Entry | undefined): boolean {
  if (!b) return true;
  const [da, db] = [a.row.date ?? -Infinity, b.row.date ?? -Infinity];
  return da !== db ? da > db : a.order > b.order;
}

interface Film {
  rated?: Entry;
  diaryRated?: Entry;
  seen?: Entry;
  watchlist?: Entry;
}

/**
 * One film per normalised Name + Year across files (diary URIs name the entry, not the film). The rating is
 * ratings.csv's (the current one) when present, else the latest rated diary entry's; a film with no rating anywhere
 * becomes 'watched' (latest of diary Watched Date and watched.csv Date); watchlist entries stay separate.
 */
function read(files: RecognisedFile[], context: ReadContext): ImportRow[] {
  const films = new Map<string, Film>();
  let order = 0;
  for (const file of files) {
    const reader = context.file(file.name);
    const isDiary = file.format === 'letterboxd-diary';
    const isRatings = file.format === 'letterboxd-ratings';
    const { rows, col } = reader.csvRows(file.text, COLUMNS, isRatings ? ['name', 'rating'] : ['name']);
    for (const row of rows) {
      const title = cell(row, col.name).trim();
      if (title === '') {
        reader.skip(row.line, 'no film name');
        continue;
      }
      const year = parseYear(cell(row, col.year));
      const ratingCell = cell(row, col.rating).trim();
      let rating: number | null = null;
      if ((isRatings || isDiary) && ratingCell !== '') {
        const result = halfStarRating(ratingCell);
        if ('problem' in result) {
          reader.skip(row.line, result.problem);
          continue;
        }
        rating = result.rating;
      } else if (isRatings) {
        reader.skip(row.line, 'no rating');
        continue;
      }
      const dateCell = isDiary && cell(row, col.watchedDate).trim() !== '' ? cell(row, col.watchedDate) : cell(row, col.date);
      const kind: ImportRowKind = rating !== null ? 'rating' : file.format === 'letterboxd-watchlist' ? 'watchlist' : 'watched';
      const entry: Entry = {
        row: { line: row.line, file: file.name, kind, rating, date: parseExportDate(dateCell, context.now), ids: {}, title, year },
        order: order++,
      };
      const key = `${titleKey(title)}|${year ?? ''}`;
      let film = films.get(key);
      if (!film) films.set(key, (film = {}));
      // The slot this file fills; a second row for the same film in ratings/watched/watchlist is a duplicate.
      const slot: keyof Film = isRatings ? 'rated' : file.format === 'letterboxd-watchlist' ? 'watchlist' : isDiary && rating !== null ? 'diaryRated' : 'seen';
      const previous = film[slot];
      // Only a repeat within the same file is a duplicate; the same film across files is the merge described above.
      if (previous && !isDiary && previous.row.file === file.name) {
        context.collapsed++;
        if (previous.row.rating !== entry.row.rating) context.conflictingRatings++;
      }
      if (isLater(entry, previous)) film[slot] = entry;
    }
  }
  const out: Entry[] = [];
  for (const film of films.values()) {
    const rated = film.rated ?? film.diaryRated;
    if (rated) out.push(rated);
    else if (film.seen) out.push(film.seen);
    if (film.watchlist) out.push(film.watchlist);
  }
  return out.sort((a, b) => a.order - b.order).map((e) => e.row);
}

export const letterboxd: HistoryFormat = {
  service: 'letterboxd',
  name: 'Letterboxd',
  expects: 'a Letterboxd export (the ZIP, or ratings.csv / diary.csv / watched.csv / watchlist.csv with Date,Name,Year,Letterboxd URI)',
  files: { 'letterboxd-ratings': 'ratings', 'letterboxd-diary': 'diary', 'letterboxd-watched': 'watched films', 'letterboxd-watchlist': 'watchlist' },
  kinds: { letterboxd: 'Letterboxd export' },
  detect,
  read,
};
