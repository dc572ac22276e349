// Stage 2a: cosine similarity of keyword-soup vectors (rows are L2-normalised, so cosine is a sparse dot product).
import type { CsrMatrix } from './sparse';

/** Bit flags: why a term is in a movie's soup. */
export const TERM_KIND = { keyword: 1, cast: 2, director: 4, genre: 8 } as const;
export type TermKind = keyof typeof TERM_KIND;

/** One token per name: "Tom Hanks" -> "tomhanks", "Zoë O'Brien" -> "zoeobrien" (accents folded, punctuation dropped). */
export function soupToken(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '');
}

/** Keyword-soup counts as build-data produces them (see docs/shard-format.md, keywords.bin). */
export interface KeywordMatrixInput {
  indptr: Uint32Array;
  /** Column per non-zero, sorted within a row. */
  indices: Uint32Array;
  counts: Uint8Array;
  /** L2 norm of each row's full count vector. */
  norms: Float32Array;
  vocabulary: string[];
  /** Per non-zero: TERM_KIND bits saying why the term is in this movie's soup (a name can be cast here, director there). */
  roles: Uint8Array;
  /** A display label per term (the first original spelling seen, e.g. "Tom Hanks"). */
  labels: string[];
}

export interface KeywordIndex {
  /** rows = catalog rows, values = count / ||full row||. */
  matrix: CsrMatrix;
  vocabulary: string[];
  /** Per non-zero: TERM_KIND bits of why the term is in that movie's soup. */
  roles: Uint8Array;
  labels: string[];
}

/** Normalise stored counts by the stored full-row norms (norms include terms too rare to store). */
export function createKeywordIndex(
  indptr: Uint32Array,
  indices: Uint32Array | Uint16Array,
  counts: Uint8Array,
  norms: Float32Array,
  vocabulary: string[],
  roles: Uint8Array,
  labels: string[],
): KeywordIndex {
  const rows = norms.length;
  const values = new Float32Array(counts.length);
  for (let r = 0; r < rows; r++) {
    const inv = norms[r] > 0 ? 1 / norms[r] : 0;
    for (let j = indptr[r]; j < indptr[r + 1]; j++) values[j] = counts[j] * inv;
  }
  const indices32 = indices instanceof Uint32Array ? indices : Uint32Array.from(indices);
  return { matrix: { rows, cols: vocabulary.length, indptr, indices: indices32, values }, vocabulary, roles, labels };
}

/**
 * Cosine similarity between `row` and each of `candidates`, written into `out` (same order).
 * The query row is scattered into a dense scratch vector once, so each candidate costs only its own non-zeros.
 */
export function cosineToCandidates(index: KeywordIndex, row: number, candidates: Int32Array, count: number, out: Float32Array, scratch: Float32Array): void {
  const { indptr, indices, values } = index.matrix;
  const qStart = indptr[row];
  const qEnd = indptr[row + 1];
  for (let j = qStart; j < qEnd; j++) scratch[indices[j]] = values[j];
  for (let c = 0; c < count; c++) {
    const r = candidates[c];
    let sum = 0;
    for (let j = indptr[r], end = indptr[r + 1]; j < end; j++) sum += scratch[indices[j]] * values[j];
    out[c] = sum;
  }
  for (let j = qStart; j < qEnd; j++) scratch[indices[j]] = 0;
}

/**
 * cosineToCandidates for two weightings of one sparsity pattern (the tf·idf and the plain soup) in one pass: each
 * candidate's non-zeros are read once. The scratch holds the seed's two values interleaved (2 × vocabulary).
 */
export function cosinePairToCandidates(
  a: KeywordIndex,
  b: KeywordIndex,
  row: number,
  candidates: Int32Array,
  count: number,
  outA: Float32Array,
  outB: Float32Array,
  scratch: Float32Array,
): void {
  const { indptr, indices, values: va } = a.matrix;
  const vb = b.matrix.values;
  if (b.matrix.indptr !== indptr || b.matrix.indices !== indices) throw new Error('cosinePairToCandidates needs two weightings of the same matrix');
  const qStart = indptr[row];
  const qEnd = indptr[row + 1];
  for (let j = qStart; j < qEnd; j++) {
    scratch[2 * indices[j]] = va[j];
    scratch[2 * indices[j] + 1] = vb[j];
  }
  for (let c = 0; c < count; c++) {
    const r = candidates[c];
    let sumA = 0;
    let sumB = 0;
    for (let j = indptr[r], end = indptr[r + 1]; j < end; j++) {
      const t = 2 * indices[j];
      sumA += scratch[t] * va[j];
      sumB += scratch[t + 1] * vb[j];
    }
    outA[c] = sumA;
    outB[c] = sumB;
  }
  for (let j = qStart; j < qEnd; j++) {
    scratch[2 * indices[j]] = 0;
    scratch[2 * indices[j] + 1] = 0;
  }
}

export interface SharedTerms {
  keywords: string[];
  cast: string[];
  directors: string[];
  genres: string[];
}

/** The soup terms two movies share, grouped by why they are in the soup, strongest weight first. */
export function sharedTerms(index: KeywordIndex, a: number, b: number): SharedTerms {
  const { indptr, indices, values } = index.matrix;
  const shared: { term: number; weight: number; roles: number }[] = [];
  let i = indptr[a];
  let j = indptr[b];
  while (i < indptr[a + 1] && j < indptr[b + 1]) {
    if (indices[i] === indices[j]) {
      shared.push({ term: indices[i], weight: values[i] * values[j], roles: index.roles[i] & index.roles[j] || index.roles[i] });
      i++;
      j++;
    } else if (indices[i] < indices[j]) i++;
    else j++;
  }
  shared.sort((x, y) => y.weight - x.weight);
  const result: SharedTerms = { keywords: [], cast: [], directors: [], genres: [] };
  for (const { term, roles: kind } of shared) {
    const label = index.labels[term];
    // A term is reported once, under the most specific role it has in both movies (else its role in movie a).
    if (kind & TERM_KIND.director) result.directors.push(label);
    else if (kind & TERM_KIND.cast) result.cast.push(label);
    else if (kind & TERM_KIND.genre) result.genres.push(label);
    else result.keywords.push(label);
  }
  return result;
}
