// Matching imported rows to catalog movies: by TMDB or IMDb id (exact), else by normalised title and year (scored).
import { mainTitle, titleKey } from './titleKey';
import type { ImportRow } from './types';
import { asTmdbId, catalogRowOf, type CatalogIds } from '../engine/ids';

/** The catalog columns matching needs, parallel arrays by catalog row (the caller reads them from the shards). */
export interface MatchCatalog {
  ids: Int32Array | number[];
  titles: string[];
  originalTitles: (string | null)[];
  years: (number | null)[];
  /** IMDb tt numbers as integers; 0 when unknown. */
  imdbIds: ArrayLike<number>;
  voteCount: ArrayLike<number>;
}

export type MatchStatus = 'exact' | 'title' | 'not-found';
export type MatchedBy = 'tmdb' | 'imdb' | 'title' | 'original-title';

export interface MatchCandidate {
  movieId: number;
  /** Row of the movie in the MatchCatalog arrays. */
  catalogIndex: number;
  title: string;
  year: number | null;
  confidence: number;
}

export interface RowMatch {
  /** 'exact' only for an id match; a title match is never 'exact', however sure. */
  status: MatchStatus;
  movieId: number | null;
  catalogIndex: number;
  /** 1 for an id match; below 1 for a title match (year distance, ambiguity); 0 when not found. */
  confidence: number;
  by: MatchedBy | null;
  /** Up to 3 other plausible movies, best first; for 'not-found', near misses (same title, other years). */
  alternatives: MatchCandidate[];
  /** Why not exact / not found, for the review list ("tt0123456 is not in the catalog"); null when nothing to say. */
  note: string | null;
}

export interface MatchResult {
  /** One per input row, same order. */
  matches: RowMatch[];
  exact: number;
  title: number;
  notFound: number;
}

/** Title matches below this deserve a look before they are imported (the UI's "check these" list). */
export const CONFIDENT_TITLE_MATCH = 0.8;

const MAX_ALTERNATIVES = 3;
/** Title confidence never reaches an id match's 1. */
const MAX_TITLE_CONFIDENCE = 0.99;
const YEAR_FACTOR = { same: 1, offByOne: 0.85, unknown: 0.7 } as const;
const ORIGINAL_TITLE_FACTOR = 0.97;
/** Matched on the title without its subtitle ("Star Wars" for "Star Wars: Episode IV - A New Hope"). */
const MAIN_TITLE_FACTOR = 0.75;
/** The row named an id the catalog does not have: its title match is a little less sure. */
const UNKNOWN_ID_FACTOR = 0.9;

export interface MatchIndex {
  catalog: MatchCatalog;
  /** The catalog's one TMDB id → row mapper (src/engine/ids.ts). */
  byTmdb: CatalogIds;
  byImdb: Map<number, number>;
  /** title key -> catalog rows × 2 (+1 when the key came from the original title). */
  byKey: Map<string, number[]>;
  /** Key of the catalog title without its subtitle -> catalog rows × 2 (+1 for original titles). */
  byMainKey: Map<string, number[]>;
}

const indexes = new WeakMap<MatchCatalog, MatchIndex>();

/** Adds a catalog row's entry; a row's title and original title come in turn, so only the last entry can be the same row. */
function push(map: Map<string, number[]>, key: string, entry: number): void {
  const list = map.get(key);
  if (!list) map.set(key, [entry]);
  else if (list[list.length - 1] >> 1 !== entry >> 1) list.push(entry);
}

/** Builds (once per catalog object, then cached) the id maps and title-key maps. */
export function buildMatchIndex(catalog: MatchCatalog): MatchIndex {
  const cached = indexes.get(catalog);
  if (cached) return cached;
  const byTmdb = catalogRowOf(catalog);
  const byImdb = new Map<number, number>();
  const byKey = new Map<string, number[]>();
  const byMainKey = new Map<string, number[]>();
  for (let i = 0; i < catalog.ids.length; i++) {
    const imdb = catalog.imdbIds[i];
    if (imdb > 0 && !byImdb.has(imdb)) byImdb.set(imdb, i);
    const title = catalog.titles[i] ?? '';
    const original = catalog.originalTitles[i];
    const spellings: [string, number][] = [[title, 0]];
    if (original && original.trim() !== '' && original !== title) spellings.push([original, 1]);
    for (const [text, isOriginal] of spellings) {
      if (text.trim() === '') continue;
      push(byKey, titleKey(text), i * 2 + isOriginal);
      const main = mainTitle(text);
      if (main) push(byMainKey, titleKey(main), i * 2 + isOriginal);
    }
  }
  const index = { catalog, byTmdb, byImdb, byKey, byMainKey };
  indexes.set(catalog, index);
  return index;
}

interface Scored {
  index: number;
  score: number;
  by: MatchedBy;
}

function yearFactor(rowYear: number | null, movieYear: number | null): number | null {
  if (rowYear === null || movieYear === null) return YEAR_FACTOR.unknown;
  const distance = Math.abs(rowYear - movieYear);
  return distance === 0 ? YEAR_FACTOR.same : distance === 1 ? YEAR_FACTOR.offByOne : null;
}

function candidate(index: MatchIndex, scored: Scored, confidence: number): MatchCandidate {
  const { catalog } = index;
  return { movieId: catalog.ids[scored.index], catalogIndex: scored.index, title: catalog.titles[scored.index], year: catalog.years[scored.index], confidence };
}

/** Adds the plausible catalog entries under one key to `found` (best score per movie); others go to `nearMisses`. */
function consider(
  index: MatchIndex,
  row: ImportRow,
  entries: number[] | undefined,
  spellingFactor: number,
  requireYear: boolean,
  found: Scored[],
  nearMisses: Set<number>,
): void {
  if (!entries) return;
  for (const entry of entries) {
    const i = entry >> 1;
    const movieYear = index.catalog.years[i];
    const factor = yearFactor(row.year, movieYear);
    if (factor === null || (requireYear && (row.year === null || movieYear === null))) {
      nearMisses.add(i);
      continue;
    }
    const isOriginal = (entry & 1) === 1;
    const score = factor * spellingFactor * (isOriginal ? ORIGINAL_TITLE_FACTOR : 1);
    const previous = found.find((f) => f.index === i);
    if (!previous) found.push({ index: i, score, by: isOriginal ? 'original-title' : 'title' });
    else if (previous.score < score) Object.assign(previous, { score, by: isOriginal ? 'original-title' : 'title' });
  }
}

/** Plausible movies for the row's spellings, best first; `nearMisses` gets same-title movies from other years. */
function titleCandidates(index: MatchIndex, row: ImportRow, nearMisses: Set<number>): Scored[] {
  const found: Scored[] = [];
  const original = row.originalTitle && row.originalTitle.trim() !== '' ? row.originalTitle : null;
  consider(index, row, index.byKey.get(titleKey(row.title)), 1, false, found, nearMisses);
  if (original) consider(index, row, index.byKey.get(titleKey(original)), ORIGINAL_TITLE_FACTOR, false, found, nearMisses);
  if (found.length === 0) {
    // No full-title match: try with subtitles dropped on either side, and only within the year tolerance.
    for (const spelling of original ? [row.title, original] : [row.title]) {
      consider(index, row, index.byMainKey.get(titleKey(spelling)), MAIN_TITLE_FACTOR, true, found, nearMisses);
      const main = mainTitle(spelling);
      if (main) consider(index, row, index.byKey.get(titleKey(main)), MAIN_TITLE_FACTOR, true, found, nearMisses);
    }
  }
  const votes = index.catalog.voteCount;
  if (found.length > 1) found.sort((a, b) => b.score - a.score || votes[b.index] - votes[a.index] || a.index - b.index);
  return found;
}

/**
 * How much a rival candidate lowers a candidate's confidence: when both fit equally, only vote counts tell them apart
 * (0.5–0.85 by vote share); a rival that fits worse (another year, the original title) costs 10%.
 */
function rivalFactor(catalog: MatchCatalog, candidate: Scored, rival: Scored): number {
  if (rival.score !== candidate.score) return 0.9;
  const [a, b] = [catalog.voteCount[candidate.index], catalog.voteCount[rival.index]];
  return 0.5 + 0.35 * (a + b > 0 ? a / (a + b) : 0.5);
}

function rounded(confidence: number): number {
  return Math.min(MAX_TITLE_CONFIDENCE, Math.round(confidence * 1000) / 1000);
}

function describeRow(row: ImportRow): string {
  const shown = row.title.length > 60 ? `${row.title.slice(0, 60)}…` : row.title;
  return row.year !== null ? `"${shown}" (${row.year})` : `"${shown}"`;
}

function idNote(row: ImportRow): string | null {
  const named: string[] = [];
  if (row.ids.tmdb !== undefined) named.push(`TMDB id ${row.ids.tmdb}`);
  if (row.ids.imdb !== undefined) named.push(`tt${String(row.ids.imdb).padStart(7, '0')}`);
  return named.length > 0 ? `${named.join(' / ')} not in the catalog` : null;
}

function matchRow(index: MatchIndex, row: ImportRow): RowMatch {
  const { catalog } = index;
  const byTmdb = row.ids.tmdb !== undefined ? index.byTmdb.rowOf(asTmdbId(row.ids.tmdb)) : undefined;
  const byImdb = byTmdb === undefined && row.ids.imdb !== undefined ? index.byImdb.get(row.ids.imdb) : undefined;
  const exact = byTmdb ?? byImdb;
  if (exact !== undefined) {
    return {
      status: 'exact',
      movieId: catalog.ids[exact],
      catalogIndex: exact,
      confidence: 1,
      by: byTmdb !== undefined ? 'tmdb' : 'imdb',
      alternatives: [],
      note: null,
    };
  }
  const missingId = idNote(row);
  const nearMisses = new Set<number>();
  const candidates = titleCandidates(index, row, nearMisses);
  if (candidates.length === 0) {
    const misses = [...nearMisses]
      .sort((a, b) => catalog.voteCount[b] - catalog.voteCount[a] || a - b)
      .slice(0, MAX_ALTERNATIVES)
      .map((i) => candidate(index, { index: i, score: 0, by: 'title' }, 0));
    const why = misses.length > 0 ? `${describeRow(row)}: the catalog has that title only in other years` : `no catalog title matches ${describeRow(row)}`;
    return {
      status: 'not-found',
      movieId: null,
      catalogIndex: -1,
      confidence: 0,
      by: null,
      alternatives: misses,
      note: missingId ? `${missingId}; ${why}` : why,
    };
  }
  const [best, second] = candidates;
  const idFactor = missingId ? UNKNOWN_ID_FACTOR : 1;
  const confidence = rounded(best.score * idFactor * (second ? rivalFactor(catalog, best, second) : 1));
  const alternatives = candidates
    .slice(1, 1 + MAX_ALTERNATIVES)
    .map((c) => candidate(index, c, rounded(c.score * idFactor * rivalFactor(catalog, c, best) * 0.5)));
  const crowded = candidates.length > 1 ? `${candidates.length} catalog movies fit ${describeRow(row)}` : null;
  const note = missingId && crowded ? `${missingId}; ${crowded}` : (missingId ?? crowded);
  return { status: 'title', movieId: catalog.ids[best.index], catalogIndex: best.index, confidence, by: best.by, alternatives, note };
}

/** Matches every row (ids first, then title and year); the catalog's index is built once and cached. */
export function matchImport(rows: ImportRow[], catalog: MatchCatalog | MatchIndex): MatchResult {
  const index = 'byKey' in catalog ? catalog : buildMatchIndex(catalog);
  const matches = rows.map((row) => matchRow(index, row));
  let exact = 0;
  let title = 0;
  for (const m of matches) {
    if (m.status === 'exact') exact++;
    else if (m.status === 'title') title++;
  }
  return { matches, exact, title, notFound: matches.length - exact - title };
}
