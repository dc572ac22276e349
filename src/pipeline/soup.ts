// The reference design's keyword "soup" (keywords, top-3 cast, director, genres) as a sparse count matrix.
import { eng as englishStopWords } from 'stopword';
import { soupToken, TERM_KIND, type TermKind } from '../engine/keywordIndex';
import type { KeywordMatrixInput } from '../engine/shards/dataset';

const STOP_WORDS = new Set(englishStopWords);

export { soupToken };

export interface SoupInput {
  keywords: string[];
  cast: string[];
  directors: string[];
  genres: string[];
}

export interface SoupParams {
  /** How many times each director's token is counted (the reference recipe: once). */
  directorWeight: number;
}

/** The shard's keyword arrays (norms include terms dropped for occurring in one movie only), plus build statistics. */
export interface SoupMatrix extends KeywordMatrixInput {
  rows: number;
  /** Terms seen in exactly one movie: they change norms but can never be shared, so they are not stored. */
  singletonTerms: number;
  stopWordsRemoved: number;
}

/** Build the soup count matrix; term columns are sorted alphabetically so the output is deterministic. */
export function buildSoupMatrix(movies: SoupInput[], params: SoupParams): SoupMatrix {
  const rowsTerms: Map<string, number>[] = [];
  const documentFrequency = new Map<string, number>();
  const labelOf = new Map<string, string>();
  const rowsRoles: Map<string, number>[] = [];
  let stopWordsRemoved = 0;

  const add = (terms: Map<string, number>, roles: Map<string, number>, name: string, kind: TermKind, weight: number) => {
    const token = soupToken(name);
    if (token.length < 2) return;
    if (STOP_WORDS.has(token)) {
      stopWordsRemoved++;
      return;
    }
    terms.set(token, (terms.get(token) ?? 0) + weight);
    if (!labelOf.has(token)) labelOf.set(token, name);
    roles.set(token, (roles.get(token) ?? 0) | TERM_KIND[kind]);
  };

  for (const movie of movies) {
    const terms = new Map<string, number>();
    const roles = new Map<string, number>();
    for (const k of movie.keywords) add(terms, roles, k, 'keyword', 1);
    for (const c of movie.cast) add(terms, roles, c, 'cast', 1);
    for (const d of movie.directors) add(terms, roles, d, 'director', params.directorWeight);
    for (const g of movie.genres) add(terms, roles, g, 'genre', 1);
    for (const token of terms.keys()) documentFrequency.set(token, (documentFrequency.get(token) ?? 0) + 1);
    rowsTerms.push(terms);
    rowsRoles.push(roles);
  }

  const vocabulary = [...documentFrequency.entries()]
    .filter(([, df]) => df >= 2)
    .map(([token]) => token)
    .sort();
  const column = new Map(vocabulary.map((t, i) => [t, i]));
  const indptr = new Uint32Array(movies.length + 1);
  const norms = new Float32Array(movies.length);
  const indices: number[] = [];
  const counts: number[] = [];
  const roles: number[] = [];
  rowsTerms.forEach((terms, row) => {
    let squared = 0;
    const entries: [number, number, number][] = [];
    for (const [token, count] of terms) {
      squared += count * count;
      const col = column.get(token);
      if (col !== undefined) entries.push([col, Math.min(count, 255), rowsRoles[row].get(token) ?? 0]);
    }
    entries.sort((a, b) => a[0] - b[0]);
    for (const [col, count, role] of entries) {
      indices.push(col);
      counts.push(count);
      roles.push(role);
    }
    norms[row] = Math.sqrt(squared);
    indptr[row + 1] = indices.length;
  });
  return {
    rows: movies.length,
    indptr,
    indices: Uint32Array.from(indices),
    counts: Uint8Array.from(counts),
    norms,
    vocabulary,
    roles: Uint8Array.from(roles),
    labels: vocabulary.map((t) => labelOf.get(t) ?? t),
    singletonTerms: documentFrequency.size - vocabulary.length,
    stopWordsRemoved,
  };
}
