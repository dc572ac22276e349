// Readers for movies_metadata.csv, credits.csv and keywords.csv into clean, deduplicated records.
import { countSkip, readCsv, type CsvReadResult, type SkipCounts } from './csv';
import { parsePythonLiteral, type PyValue } from './pythonLiteral';
import { DETAILS_TOP_CAST } from '../engine/shards/details';

export interface MovieRecord {
  id: number;
  title: string;
  year: number | null;
  genres: { id: number; name: string }[];
  popularity: number;
  voteAverage: number;
  voteCount: number;
  posterPath: string | null;
  /** Movie page fields (the details chunks): '' / 0 when unknown. */
  overview: string;
  tagline: string;
  /** Minutes, 0 when unknown. */
  runtime: number;
  /** The number of the IMDb id tt…, 0 when unknown. */
  imdbId: number;
  /** '' when the same as the title. */
  originalTitle: string;
  /** TMDB collection id (belongs_to_collection's id: the franchise), 0 when none or unknown. */
  collection: number;
}

export interface FileReport extends CsvReadResult {
  file: string;
  /** Rows kept after skipping. */
  kept: number;
  /** Problems in rows that were still kept (e.g. an unparseable genres cell read as no genres). */
  warnings: SkipCounts;
}

type Progress = (bytes: number, total: number) => void;

const INTEGER = /^\d+$/;
/** Ids are stored as i32 in the shards: a larger one would wrap into another movie's id. */
const MAX_ID = 2 ** 31 - 1;
const MAX_U32 = 2 ** 32 - 1;
const MAX_U16 = 2 ** 16 - 1;
const IMDB_ID = /^tt(\d{1,9})$/;

/** "tt0114709" -> 114709; anything else (empty, "0", garbage) -> 0 (unknown). */
export function parseImdbId(text: string | undefined): number {
  const match = IMDB_ID.exec((text ?? '').trim());
  return match ? Number(match[1]) : 0;
}

function parseNumber(text: string | undefined): number {
  const value = Number(text);
  return text !== undefined && text !== '' && Number.isFinite(value) ? value : 0;
}

/**
 * The pipeline's one reader of list cells (genres, cast, crew, keywords): a cell holding a Python list of dicts.
 * Empty/missing cells and `[]` yield []; unparseable cells and non-lists yield [] and a counted warning
 * ('unparseable <field> cell ...'); entries that are not dicts are dropped. Never throws.
 */
export function listOfDicts(cell: string | undefined, warnings: SkipCounts, field: string): Record<string, PyValue>[] {
  if (cell === undefined || cell === '' || cell === '[]') return [];
  try {
    const value = parsePythonLiteral(cell);
    if (Array.isArray(value)) return value.filter((v): v is Record<string, PyValue> => typeof v === 'object' && v !== null && !Array.isArray(v));
  } catch {
    // counted below
  }
  countSkip(warnings, `unparseable ${field} cell (kept with empty ${field})`);
  return [];
}

/** belongs_to_collection ("{'id': 10194, 'name': 'Toy Story Collection', ...}") -> 10194; empty or unusable -> 0. */
export function collectionId(cell: string | undefined, warnings: SkipCounts): number {
  if (cell === undefined || cell.trim() === '') return 0;
  try {
    const value = parsePythonLiteral(cell);
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      const id = (value as Record<string, PyValue>).id;
      if (typeof id === 'number' && Number.isInteger(id) && id > 0 && id <= MAX_ID) return id;
    }
  } catch {
    // counted below
  }
  countSkip(warnings, 'unparseable belongs_to_collection cell (kept without a collection)');
  return 0;
}

export async function readMovies(path: string, onProgress?: Progress): Promise<{ movies: MovieRecord[]; report: FileReport }> {
  const movies: MovieRecord[] = [];
  const seen = new Set<number>();
  const warnings: SkipCounts = {};
  const result = await readCsv(path, {
    requiredColumns: ['id', 'title', 'genres', 'release_date', 'popularity', 'vote_average', 'vote_count'],
    onProgress,
    onRow: (row) => {
      const idText = row.id?.trim() ?? '';
      if (!INTEGER.test(idText)) return `id is not an integer (e.g. a date in the id column)`;
      const id = Number(idText);
      if (id > MAX_ID) return 'id larger than 2^31 - 1';
      if (seen.has(id)) return 'duplicated id (first row kept)';
      const title = (row.title ?? '').trim() || (row.original_title ?? '').trim();
      if (!title) return 'empty title';
      seen.add(id);
      const genres = listOfDicts(row.genres, warnings, 'genres')
        .filter((g) => typeof g.id === 'number' && typeof g.name === 'string')
        .map((g) => ({ id: g.id as number, name: g.name as string }));
      const yearMatch = /^(\d{4})-/.exec(row.release_date ?? '');
      movies.push({
        id,
        title,
        year: yearMatch ? Number(yearMatch[1]) : null,
        genres,
        popularity: parseNumber(row.popularity),
        voteAverage: parseNumber(row.vote_average),
        // Stored as u32: a garbled negative count would wrap to ~4.3e9 and rank first in search ties.
        voteCount: Math.min(MAX_U32, Math.max(0, Math.round(parseNumber(row.vote_count)))),
        posterPath: row.poster_path && row.poster_path.startsWith('/') ? row.poster_path : null,
        overview: (row.overview ?? '').trim(),
        tagline: (row.tagline ?? '').trim(),
        runtime: Math.min(MAX_U16, Math.max(0, Math.round(parseNumber(row.runtime)))),
        imdbId: parseImdbId(row.imdb_id),
        originalTitle: (row.original_title ?? '').trim() === title ? '' : (row.original_title ?? '').trim(),
        collection: collectionId(row.belongs_to_collection, warnings),
      });
    },
  });
  return { movies, report: { file: path, ...result, kept: movies.length, warnings } };
}

export interface CreditsRecord {
  /** Top cast by billing order (at most `topCast`). */
  cast: string[];
  /** Top cast by billing order for the movie page (at most DETAILS_TOP_CAST). */
  billing: string[];
  /** The character each of `billing` plays ('' when unknown), aligned with it: describe search matches them. */
  characters: string[];
  directors: string[];
}

export async function readCredits(path: string, topCast = 3, onProgress?: Progress): Promise<{ credits: Map<number, CreditsRecord>; report: FileReport }> {
  const credits = new Map<number, CreditsRecord>();
  const warnings: SkipCounts = {};
  const result = await readCsv(path, {
    requiredColumns: ['cast', 'crew', 'id'],
    onProgress,
    onRow: (row) => {
      const idText = row.id?.trim() ?? '';
      if (!INTEGER.test(idText)) return 'id is not an integer';
      const id = Number(idText);
      if (credits.has(id)) return 'duplicated id (first row kept)';
      const billing = listOfDicts(row.cast, warnings, 'cast')
        .filter((c) => typeof c.name === 'string' && c.name.trim() !== '')
        .map((c, index) => ({
          name: (c.name as string).trim(),
          character: typeof c.character === 'string' ? c.character.trim() : '',
          order: typeof c.order === 'number' ? c.order : index,
        }))
        .sort((a, b) => a.order - b.order)
        .slice(0, Math.max(topCast, DETAILS_TOP_CAST));
      const cast = billing.slice(0, topCast).map((c) => c.name);
      const directors = listOfDicts(row.crew, warnings, 'crew')
        .filter((c) => c.job === 'Director' && typeof c.name === 'string' && c.name.trim() !== '')
        .map((c) => (c.name as string).trim());
      const top = billing.slice(0, DETAILS_TOP_CAST);
      credits.set(id, { cast, billing: top.map((c) => c.name), characters: top.map((c) => c.character), directors: [...new Set(directors)] });
    },
  });
  return { credits, report: { file: path, ...result, kept: credits.size, warnings } };
}

export async function readKeywords(path: string, onProgress?: Progress): Promise<{ keywords: Map<number, string[]>; report: FileReport }> {
  const keywords = new Map<number, string[]>();
  const warnings: SkipCounts = {};
  const result = await readCsv(path, {
    requiredColumns: ['id', 'keywords'],
    onProgress,
    onRow: (row) => {
      const idText = row.id?.trim() ?? '';
      if (!INTEGER.test(idText)) return 'id is not an integer';
      const id = Number(idText);
      if (keywords.has(id)) return 'duplicated id (first row kept)';
      const names = listOfDicts(row.keywords, warnings, 'keywords')
        .filter((k) => typeof k.name === 'string' && k.name.trim() !== '')
        .map((k) => (k.name as string).trim());
      keywords.set(id, [...new Set(names)]);
    },
  });
  return { keywords, report: { file: path, ...result, kept: keywords.size, warnings } };
}
