// Which export the user picked: each file (ZIPs expanded) is recognised by its name and header, then the set is checked.
import { columnKey, readCsvTable } from './csvTable';
import { decodeText, looksBinary, quoteCell } from './text';
import type { DetectedImport, FileFormat, IgnoredFile, ImportSource, InputFile, RecognisedFile, UnknownReason } from './types';
import { ArchiveError, isZip, MAX_ARCHIVE_UNCOMPRESSED_BYTES, readZip } from './zip';

/** Refuse imports whose files hold more than this in total (after unzipping): a lifetime export is a few MB. */
export const MAX_IMPORT_TOTAL_BYTES = MAX_ARCHIVE_UNCOMPRESSED_BYTES;

/** Said whenever nothing could be recognised, so the user learns which file to pick. */
export const EXPECTED_EXPORTS =
  'Expected a Letterboxd export (the ZIP, or ratings.csv / diary.csv / watched.csv / watchlist.csv with Date,Name,Year,Letterboxd URI), ' +
  'an IMDb ratings or watchlist export (CSV with Const,Your Rating,… or Position,Const,…), a Trakt export (the ZIP, or ratings-movies.json / ' +
  'watchlist-movies.json), a MovieLens ratings export (movie_id,imdb_id,tmdb_id,rating,…) or a CineLocal export.';

/** Letterboxd export folders that are not the member's own film history. */
const LETTERBOXD_OTHER_FOLDERS = new Set(['lists', 'likes', 'deleted', 'orphaned']);

/** `unknown` is said after the file's name: "<name> is not …". */
type Classified = { format: FileFormat | 'cinelocal' } | { ignore: string } | { unknown: string };

function baseName(path: string): string {
  return path.split(/[\\/]/).pop()!.toLowerCase();
}

function folders(path: string): string[] {
  return path
    .split(/[\\/]/)
    .slice(0, -1)
    .map((f) => f.toLowerCase());
}

function classifyCsv(name: string, text: string): Classified {
  // The header is all that is needed to recognise a file.
  const header = readCsvTable(name, text.slice(0, 64 * 1024)).header;
  const columns = new Set(header.map(columnKey));
  const base = baseName(name);
  if (columns.has('letterboxd uri') && columns.has('name')) {
    if (folders(name).some((f) => LETTERBOXD_OTHER_FOLDERS.has(f))) return { ignore: 'a Letterboxd list, like or deleted entry, not your own history' };
    if (base === 'reviews.csv') return { ignore: 'Letterboxd reviews (their ratings are also in diary.csv)' };
    if (base === 'ratings.csv') return { format: 'letterboxd-ratings' };
    if (base === 'diary.csv') return { format: 'letterboxd-diary' };
    if (base === 'watched.csv') return { format: 'letterboxd-watched' };
    if (base === 'watchlist.csv') return { format: 'letterboxd-watchlist' };
    if (columns.has('watched date') || columns.has('rewatch')) return { format: 'letterboxd-diary' };
    if (columns.has('rating')) return { format: 'letterboxd-ratings' };
    return { format: base.includes('watchlist') ? 'letterboxd-watchlist' : 'letterboxd-watched' };
  }
  // Newer IMDb list exports end with Your Rating,Date Rated too: Position is what marks a list.
  if (columns.has('const') && columns.has('position')) return { format: 'imdb-watchlist' };
  if (columns.has('const') && columns.has('your rating')) return { format: 'imdb-ratings' };
  if (columns.has('const') && columns.has('created')) return { format: 'imdb-watchlist' };
  if (columns.has('movie id') && columns.has('tmdb id') && columns.has('rating')) return { format: 'movielens-ratings' };
  if (columns.has('movieid') && columns.has('rating')) return { format: 'cinelocal' };
  if (base === 'profile.csv' || base === 'comments.csv' || (columns.has('letterboxd uri') && !columns.has('name')))
    return { ignore: 'Letterboxd profile or comments, no films' };
  if (/^letterboxd list export/i.test(text.trimStart())) return { ignore: 'a Letterboxd list, not your own history' };
  const shown = header.length > 0 ? `its header is ${quoteCell(header.join(','), 80)}` : 'it has no header line';
  return { unknown: `is not a rating export this app reads (${shown})` };
}

function classifyJson(name: string, text: string): Classified {
  const base = baseName(name);
  if (base === 'ratings-movies.json') return { format: 'trakt-ratings' };
  if (base === 'watchlist-movies.json') return { format: 'trakt-watchlist' };
  if (base === 'watched-movies.json') return { format: 'trakt-watched' };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { unknown: 'is not valid JSON' };
  }
  if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
    const wrapper = parsed as { format?: unknown; ratings?: unknown };
    if (wrapper.format === 'cinelocal-ratings' || Array.isArray(wrapper.ratings)) return { format: 'cinelocal' };
  }
  if (Array.isArray(parsed)) {
    const first = parsed.find((item) => item && typeof item === 'object') as Record<string, unknown> | undefined;
    if (first && 'movieId' in first && 'rating' in first) return { format: 'cinelocal' };
    if (first && ('show' in first || 'episode' in first || 'season' in first)) return { ignore: 'Trakt shows, seasons or episodes (only movies are imported)' };
    if (first && first.movie && typeof first.movie === 'object') {
      if ('rated_at' in first) return { format: 'trakt-ratings' };
      if ('listed_at' in first) return { format: 'trakt-watchlist' };
      if ('last_watched_at' in first) return { format: 'trakt-watched' };
      return { ignore: 'a Trakt movie list other than ratings, watchlist or watched' };
    }
    if (parsed.length === 0 && /^(ratings|watchlist|watched|history|collection|lists?|comments|likes)-/.test(base)) return { ignore: 'an empty Trakt list' };
  }
  if (
    /^(ratings|watchlist|watched|history|collection|lists?|comments|likes|user|network|followers|following|friends|hidden|recommendations|profile|settings|stats)[-.]/.test(
      base,
    )
  ) {
    return { ignore: 'a Trakt file other than movie ratings, watchlist or watched' };
  }
  return { unknown: 'is JSON, but not a Trakt or CineLocal export' };
}

function sourceOf(format: FileFormat | 'cinelocal'): 'letterboxd' | 'imdb' | 'trakt' | 'movielens' | 'cinelocal' {
  if (format === 'cinelocal') return 'cinelocal';
  if (format.startsWith('letterboxd')) return 'letterboxd';
  if (format.startsWith('imdb')) return 'imdb';
  if (format.startsWith('trakt')) return 'trakt';
  return 'movielens';
}

const SOURCE_NAMES = { letterboxd: 'Letterboxd', imdb: 'IMDb', trakt: 'Trakt', movielens: 'MovieLens', cinelocal: 'CineLocal' } as const;

function unknown(reason: UnknownReason, message: string, ignored: IgnoredFile[], warnings: string[]): DetectedImport {
  return { kind: 'unknown', reason, message, ignored, warnings };
}

function isSpreadsheet(entries: { name: string }[]): boolean {
  return entries.some((e) => e.name === '[Content_Types].xml' || e.name.startsWith('xl/') || e.name === 'content.xml');
}

/**
 * Recognises the export in `files` (one or more; ZIPs are expanded, capped). Never throws for bad content: anything
 * that cannot be imported comes back as kind 'unknown' with a message naming the file and what was expected.
 */
export async function detectImport(files: InputFile[]): Promise<DetectedImport> {
  const ignored: IgnoredFile[] = [];
  const warnings: string[] = [];
  if (files.length === 0) return unknown('empty', 'No file was chosen.', ignored, warnings);
  const candidates: InputFile[] = [];
  let totalBytes = 0;
  for (const file of files) {
    if (isZip(file.bytes)) {
      let entries;
      try {
        entries = await readZip(file.name, file.bytes);
      } catch (error) {
        if (error instanceof ArchiveError) return unknown(error.reason, error.message, ignored, warnings);
        throw error;
      }
      if (isSpreadsheet(entries.skipped)) {
        return unknown(
          'unrecognised',
          `${file.name} is a spreadsheet workbook, not an export: open it and save it as CSV (UTF-8), or pick the export the service sent.`,
          ignored,
          warnings,
        );
      }
      for (const skipped of entries.skipped) ignored.push({ name: `${file.name}/${skipped.name}`, reason: skipped.reason });
      for (const entry of entries.entries) {
        candidates.push({ name: entry.name, bytes: entry.bytes });
        totalBytes += entry.bytes.length;
      }
      if (entries.entries.length === 0 && files.length === 1)
        return unknown('empty', `${file.name} holds no CSV or JSON files. ${EXPECTED_EXPORTS}`, ignored, warnings);
    } else {
      candidates.push(file);
      totalBytes += file.bytes.length;
    }
    if (totalBytes > MAX_IMPORT_TOTAL_BYTES) {
      return unknown('too-large', `The files hold more than ${MAX_IMPORT_TOTAL_BYTES / 1048576} MB of text; an export is a few MB.`, ignored, warnings);
    }
  }

  const recognised: (RecognisedFile | { name: string; format: 'cinelocal'; text: string })[] = [];
  const problems: { name: string; detail: string; reason: UnknownReason }[] = [];
  for (const file of candidates) {
    if (file.bytes.length === 0) {
      problems.push({ name: file.name, detail: 'is empty', reason: 'empty' });
      continue;
    }
    if (looksBinary(file.bytes) && !(file.bytes[0] === 0xff && file.bytes[1] === 0xfe) && !(file.bytes[0] === 0xfe && file.bytes[1] === 0xff)) {
      problems.push({ name: file.name, detail: 'is not a text file (CSV or JSON)', reason: 'unreadable' });
      continue;
    }
    const decoded = decodeText(file.name, file.bytes);
    const text = decoded.text.replace(/^\uFEFF/, '');
    if (text.trim() === '') {
      problems.push({ name: file.name, detail: 'is empty', reason: 'empty' });
      continue;
    }
    const isJson = /\.json$/i.test(file.name) || (!/\.csv$/i.test(file.name) && /^[[{]/.test(text.trimStart()));
    const verdict = isJson ? classifyJson(file.name, text) : classifyCsv(file.name, text);
    if ('format' in verdict) {
      if (decoded.warning) warnings.push(decoded.warning);
      recognised.push({ name: file.name, format: verdict.format, text } as RecognisedFile);
    } else if ('ignore' in verdict) ignored.push({ name: file.name, reason: verdict.ignore });
    else problems.push({ name: file.name, detail: verdict.unknown, reason: 'unrecognised' });
  }

  if (recognised.length === 0) {
    if (problems.length === 0) {
      const what =
        ignored.length > 0
          ? `Nothing to import: ${ignored
              .map((i) => `${i.name} (${i.reason})`)
              .slice(0, 5)
              .join('; ')}.`
          : 'Nothing to import.';
      return unknown('unrecognised', `${what} ${EXPECTED_EXPORTS}`, ignored, warnings);
    }
    const reason = problems.every((p) => p.reason === problems[0].reason) ? problems[0].reason : 'unrecognised';
    const listed = problems
      .slice(0, 5)
      .map((p) => `${p.name} ${p.detail}.`)
      .join(' ');
    const more = problems.length > 5 ? ` (and ${problems.length - 5} more files)` : '';
    return unknown(reason, `${listed}${more} ${EXPECTED_EXPORTS}`, ignored, warnings);
  }
  // Inside a recognised export, files we do not know are just left out (and listed).
  for (const p of problems) ignored.push({ name: p.name, reason: p.detail });

  const sources = [...new Set(recognised.map((r) => sourceOf(r.format)))];
  if (sources.length > 1) {
    const bySource = sources.map(
      (s) =>
        `${SOURCE_NAMES[s]}: ${recognised
          .filter((r) => sourceOf(r.format) === s)
          .map((r) => r.name)
          .join(', ')}`,
    );
    return unknown('mixed', `These files come from different services (${bySource.join('; ')}); import one service's export at a time.`, ignored, warnings);
  }
  if (sources[0] === 'cinelocal') {
    if (recognised.length > 1)
      return unknown('mixed', `Import CineLocal exports one at a time (${recognised.map((r) => r.name).join(', ')}).`, ignored, warnings);
    return { kind: 'cinelocal', file: { name: recognised[0].name, text: recognised[0].text }, ignored, warnings };
  }
  const historyFiles = recognised as RecognisedFile[];
  let kind: ImportSource;
  if (sources[0] === 'imdb') kind = historyFiles.some((f) => f.format === 'imdb-ratings') ? 'imdb-ratings' : 'imdb-watchlist';
  else kind = sources[0];
  return { kind, files: historyFiles, ignored, warnings };
}
