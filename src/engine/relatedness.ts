// What "related to the seed" means for "movies like this": the same series (TMDB collection), the crowd (EASE
// neighbours and co-rating of the seed) and shared content (IDF-weighted keyword-soup cosine). Built once per catalog.
import { TERM_KIND, type KeywordIndex } from './keywordIndex';
import type { Catalog } from './shards/dataset';

/** Terms shared by more movies than this are left out of the content reach (their postings are long and say little). */
export const CONTENT_REACH_MAX_DF = 1500;

export interface RelatedIndex {
  /** Catalog rows of each TMDB collection with at least two movies in the catalog. */
  seriesRows: Map<number, Int32Array>;
  /** The keyword soup with IDF weights, rows L2-normalised over the stored terms: tf·idf cosine as a sparse dot. */
  content: KeywordIndex;
  /** Inverted index of the non-genre terms with df ≤ CONTENT_REACH_MAX_DF: term → (row, tf·idf value, plain soup value). */
  postingsStart: Uint32Array;
  postingsRow: Int32Array;
  postingsValue: Float32Array;
  postingsSoup: Float32Array;
  /**
   * Per row, the soup entries the postings leave out (genres and terms in over CONTENT_REACH_MAX_DF soups; ≈ 3 a row):
   * a cosine is the postings' dot plus these (cosinePairOfCandidates).
   */
  commonStart: Uint32Array;
  commonTerm: Int32Array;
  commonContent: Float32Array;
  commonSoup: Float32Array;
}

/** Builds the related-set index from the catalog and its keyword soup (a few tens of ms on 45k movies). */
export function createRelatedIndex(catalog: Pick<Catalog, 'collections'>, keywords: KeywordIndex): RelatedIndex {
  const rows = keywords.matrix.rows;
  const byCollection = new Map<number, number[]>();
  for (let row = 0; row < rows; row++) {
    const c = catalog.collections[row];
    if (c === 0) continue;
    const list = byCollection.get(c);
    if (list) list.push(row);
    else byCollection.set(c, [row]);
  }
  const seriesRows = new Map<number, Int32Array>();
  for (const [c, list] of byCollection) if (list.length > 1) seriesRows.set(c, Int32Array.from(list));

  const { indptr, indices, values } = keywords.matrix;
  const terms = keywords.vocabulary.length;
  const df = new Uint32Array(terms);
  for (let e = 0; e < indices.length; e++) df[indices[e]]++;
  // Smoothed IDF (scikit-learn's default): log((1 + n) / (1 + df)) + 1.
  const idf = Float32Array.from(df, (d) => Math.log((1 + rows) / (1 + d)) + 1);
  const weighted = new Float32Array(values.length);
  for (let r = 0; r < rows; r++) {
    let norm = 0;
    for (let e = indptr[r]; e < indptr[r + 1]; e++) {
      weighted[e] = values[e] * idf[indices[e]];
      norm += weighted[e] * weighted[e];
    }
    const inv = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    for (let e = indptr[r]; e < indptr[r + 1]; e++) weighted[e] *= inv;
  }
  const content: KeywordIndex = { ...keywords, matrix: { ...keywords.matrix, values: weighted } };

  // A term reaches other movies only when it is specific (not a genre, not in thousands of soups).
  const reaches = (e: number) => (keywords.roles[e] & TERM_KIND.genre) === 0 && df[indices[e]] <= CONTENT_REACH_MAX_DF;
  const postingsStart = new Uint32Array(terms + 1);
  for (let e = 0; e < indices.length; e++) if (reaches(e)) postingsStart[indices[e] + 1]++;
  for (let t = 0; t < terms; t++) postingsStart[t + 1] += postingsStart[t];
  const fill = postingsStart.slice(0, terms);
  const postingsRow = new Int32Array(postingsStart[terms]);
  const postingsValue = new Float32Array(postingsStart[terms]);
  const postingsSoup = new Float32Array(postingsStart[terms]);
  const commonStart = new Uint32Array(rows + 1);
  const commonCount = indices.length - postingsStart[terms];
  const commonTerm = new Int32Array(commonCount);
  const commonContent = new Float32Array(commonCount);
  const commonSoup = new Float32Array(commonCount);
  let common = 0;
  for (let r = 0; r < rows; r++) {
    for (let e = indptr[r]; e < indptr[r + 1]; e++)
      if (reaches(e)) {
        const at = fill[indices[e]]++;
        postingsRow[at] = r;
        postingsValue[at] = weighted[e];
        postingsSoup[at] = values[e];
      } else {
        commonTerm[common] = indices[e];
        commonContent[common] = weighted[e];
        commonSoup[common++] = values[e];
      }
    commonStart[r + 1] = common;
  }
  return { seriesRows, content, postingsStart, postingsRow, postingsValue, postingsSoup, commonStart, commonTerm, commonContent, commonSoup };
}

/** Rows of the seed's series other than the seed (empty when it has none). */
export function seriesOf(index: RelatedIndex, collections: Int32Array, seed: number): Int32Array {
  const c = collections[seed];
  return (c !== 0 && index.seriesRows.get(c)) || EMPTY;
}
const EMPTY = new Int32Array(0);

/**
 * Movies sharing a specific term with the seed, scored by the partial tf·idf dot over those terms: adds into `dot`
 * (dense, zero on entry for untouched rows) and appends newly touched rows to `touched`; returns the new count. With
 * `soupDot`, the plain soup's partial dot over the same postings goes there (cosinePairOfCandidates completes both).
 */
export function contentReach(
  index: RelatedIndex,
  seed: number,
  dot: Float32Array,
  touched: Int32Array,
  touchedCount: number,
  soupDot: Float32Array | null = null,
  soupOfSeed: Float32Array | null = null,
): number {
  const { indptr, indices, values } = index.content.matrix;
  const { postingsStart, postingsRow, postingsValue, postingsSoup } = index;
  let count = touchedCount;
  for (let e = indptr[seed]; e < indptr[seed + 1]; e++) {
    const t = indices[e];
    const q = values[e];
    const qs = soupOfSeed ? soupOfSeed[e] : 0;
    for (let p = postingsStart[t], end = postingsStart[t + 1]; p < end; p++) {
      const row = postingsRow[p];
      // A row is new while both dots are 0 (an underflowed product keeps it listed once: touched rows are re-zeroed).
      if (dot[row] === 0 && (soupDot === null || soupDot[row] === 0) && count < touched.length) touched[count++] = row;
      dot[row] += q * postingsValue[p];
      if (soupDot !== null) soupDot[row] += qs * postingsSoup[p];
    }
  }
  return count;
}

/**
 * The seed's tf·idf and plain-soup cosines to each candidate, given the postings' partial dots (contentReach with
 * soupDot): each candidate adds only its ≈ 3 common entries instead of reading its whole soup (cosinePairToCandidates,
 * which this equals up to float rounding). `scratch` (2 × vocabulary, zero) holds the seed's values interleaved.
 */
export function cosinePairOfCandidates(
  index: RelatedIndex,
  soup: Float32Array,
  seed: number,
  candidates: Int32Array,
  count: number,
  dot: Float32Array,
  soupDot: Float32Array,
  outContent: Float32Array,
  outSoup: Float32Array,
  scratch: Float32Array,
): void {
  const { indptr, indices, values } = index.content.matrix;
  const { commonStart, commonTerm, commonContent, commonSoup } = index;
  for (let e = indptr[seed]; e < indptr[seed + 1]; e++) {
    scratch[2 * indices[e]] = values[e];
    scratch[2 * indices[e] + 1] = soup[e];
  }
  for (let c = 0; c < count; c++) {
    const r = candidates[c];
    let a = dot[r];
    let b = soupDot[r];
    for (let h = commonStart[r], end = commonStart[r + 1]; h < end; h++) {
      const t = 2 * commonTerm[h];
      a += scratch[t] * commonContent[h];
      b += scratch[t + 1] * commonSoup[h];
    }
    outContent[c] = a;
    outSoup[c] = b;
  }
  for (let e = indptr[seed]; e < indptr[seed + 1]; e++) {
    scratch[2 * indices[e]] = 0;
    scratch[2 * indices[e] + 1] = 0;
  }
}
