// The two-stage recommender: genre candidates (stage 1), then item–item neighbours, KMF predicted ★, keyword cosine and priors, blended (stage 2).
import { asTmdbId, catalogRowOf, type CatalogIds } from './ids';
import { createGenreIndex, genreCandidates, popcount32, type GenreIndex } from './genreIndex';
import { sharedTerms } from './keywordIndex';
import { genreNamesOf, movieSummary } from './catalogView';
import { ratingFromLogit } from './kmf';
import {
  blendScore,
  DEFAULT_FOR_YOU_WEIGHTS,
  DEFAULT_LIKE_THIS,
  historyInput,
  itemPriors,
  likeThisScore,
  priorScore,
  relatedness,
  type BlendWeights,
  type ItemPriors,
  type LikeThisWeights,
} from './models/blend';
import { contentReach, cosinePairOfCandidates, createRelatedIndex, seriesOf, type RelatedIndex } from './relatedness';
import { ITEM_SOURCE, type Dataset } from './shards/dataset';
import { TypedArrayScoring, type ScoringBackend } from './kmfScoring';
import { kthLargest, topKOfScores } from './topK';
import { countCoLikers, isCoLiked } from './models/coLiking';
import type {
  ForYouItem,
  ForYouOptions,
  GroupOptions,
  GroupRecommendation,
  MovieSummary,
  Recommendation,
  RecommendOptions,
  UserRating,
  UserVector,
} from './types';
import { aggregateGroup, DEFAULT_GROUP_STRATEGY, excludeByLength, moodFilter, SUITS_LINE, type MemberScores } from './group';

export { kthLargest, topKOfScores } from './topK';

export const DEFAULT_RECOMMEND_OPTIONS: Required<RecommendOptions> = { k: 6, candidateCap: 1000 };

/** At most this many movies join stage 1's list from the seed's crowd, series and specific terms. */
export const RELATED_CANDIDATE_CAP = 800;
/** The movies sharing the seed's most specific terms that join the candidates. */
export const CONTENT_CANDIDATE_CAP = 200;
/** The movies the person's own item–item evidence points to most that join the candidates. */
export const TASTE_CANDIDATE_CAP = 200;
/** Subtracted from the relatedness of a candidate not linked to the seed: above every linked score's range. */
const UNLINKED = 1000;

export interface RecommendUser {
  vector: UserVector | null;
  /** Movies never to recommend (the user's rated movies). */
  ratedIds: number[];
  /** The user's ratings: their values feed the item–item score. Without them every rated id counts as liked. */
  ratings?: UserRating[];
  /** Movies marked "not interested": never recommended, and never counted as ratings (no evidence, not "personal"). */
  hiddenIds?: number[];
}

/** Blend weights shipped in the manifest (build.blend), else the engine's defaults. */
export interface ShippedWeights {
  forYou: BlendWeights;
  likeThis: LikeThisWeights;
}

function shippedWeights(data: Dataset): ShippedWeights {
  const blend = (data.manifest.build?.blend ?? {}) as { forYou?: Partial<BlendWeights>; likeThis?: Partial<LikeThisWeights> };
  return { forYou: { ...DEFAULT_FOR_YOU_WEIGHTS, ...blend.forYou }, likeThis: { ...DEFAULT_LIKE_THIS, ...blend.likeThis } };
}

/** A "like this" query's candidates (catalog rows) and each one's weight-independent signals; see rankLikeThis. */
export interface LikeThisCandidates {
  seed: number;
  count: number;
  /** Ratings the person has (0 for a visitor): how far their taste may move the list. */
  ratingCount: number;
  rows: Int32Array;
  /** 1 when in the seed's series (TMDB collection). */
  series: Uint8Array;
  /** 1 when crowd related: the seed's likers like it more than people in general (models/coLiking.ts). */
  coLiked: Uint8Array;
  /** The seed's EASE weight B⁺_sj over its strongest, 0..1. */
  crowd: Float32Array;
  /** The seed's co-rating share c_sj/c_ss over its largest, 0..1. */
  coRating: Float32Array;
  /** tf·idf keyword-soup cosine to the seed. */
  content: Float32Array;
  /** Jaccard overlap of the genre sets (shared / either). */
  genres: Float32Array;
  /** Plain (count) keyword-soup cosine to the seed: genres and common keywords weigh in, as in the reference design. */
  soup: Float32Array;
  /** Σ_i x(r_ui)·B_ij over the person's ratings. */
  taste: Float32Array;
  /** R̄_j/10 (the crowd's Bayesian TMDB rating). */
  crowdLike: Float32Array;
  /** r̂(u, j)/5 with a vector and a model row, else NaN. */
  personalLike: Float32Array;
}

function emptyCandidates(capacity: number): LikeThisCandidates {
  const f = () => new Float32Array(capacity);
  return {
    seed: -1,
    count: 0,
    ratingCount: 0,
    rows: new Int32Array(capacity),
    series: new Uint8Array(capacity),
    coLiked: new Uint8Array(capacity),
    crowd: f(),
    coRating: f(),
    content: f(),
    genres: f(),
    soup: f(),
    taste: f(),
    crowdLike: f(),
    personalLike: f(),
  };
}

export class Recommender {
  /** TMDB id ↔ catalog row: the catalog's one mapper (src/engine/ids.ts). */
  readonly ids: CatalogIds;
  private genreOrder: GenreIndex | null = null;
  readonly priors: ItemPriors;
  weights: ShippedWeights;
  private priorForYou: Float32Array;
  private relatedIndex: RelatedIndex | null = null;
  private scoring: ScoringBackend;
  private readonly cosineScratch: Float32Array;
  /** Item–item evidence per catalog row, with the rows touched by the last scatter (so clearing is O(touched)). */
  private readonly evidence: Float32Array;
  private readonly bestSource: Int32Array;
  private readonly bestContribution: Float32Array;
  private readonly isCandidate: Uint8Array;
  private readonly isRated: Uint8Array;
  /** Per-seed dense scratch: its EASE weights, co-rating shares and specific-term dot products (zero between queries). */
  private readonly crowd: Float32Array;
  /** The seed's co-likers of each row (zero between queries). */
  private readonly coLikers: Uint32Array;
  private readonly coShare: Float32Array;
  private readonly contentDot: Float32Array;
  private readonly soupDot: Float32Array;
  private readonly reachRows: Int32Array;
  /** The last "like this" query's candidates and signals. */
  private candidates = emptyCandidates(0);
  private genreScratch = new Int32Array(0);
  private touched: Int32Array;
  private touchedCount = 0;
  /** Which history and weights the evidence holds (null: none, or cleared). */
  private evidenceKey: HistoryKey | null = null;
  /** The rows a "like this" query leaves out (rated, hidden, the seed), listed once each. */
  private excludedScratch = new Int32Array(1024);
  private evidenceScratch = new Float32Array(1024);
  private scoreBuffer = new Float32Array(0);
  private relatednessScratch = new Float32Array(0);
  private pooledAt = new Int32Array(0);
  private pooledRows = new Int32Array(0);
  private lastPool: { c: LikeThisCandidates; w: LikeThisWeights; floor: number } | null = null;
  private forYouScores = new Float32Array(0);

  constructor(
    readonly data: Dataset,
    scoring?: ScoringBackend,
    ids?: CatalogIds,
  ) {
    const { catalog } = data;
    const model = data.models.kmf;
    const n = catalog.ids.length;
    this.ids = ids ?? catalogRowOf(catalog);
    this.scoring = scoring ?? new TypedArrayScoring(model.itemFactors, model.itemBias, model.factors);
    this.cosineScratch = new Float32Array(2 * data.keywords.vocabulary.length);
    this.priors = itemPriors(data.models.neighbours.ratingCount, catalog.voteAverage, catalog.voteCount);
    this.weights = shippedWeights(data);
    this.priorForYou = this.priorPart();
    this.evidence = new Float32Array(n);
    this.bestSource = new Int32Array(n).fill(-1);
    this.bestContribution = new Float32Array(n);
    this.isCandidate = new Uint8Array(n);
    this.isRated = new Uint8Array(n);
    this.crowd = new Float32Array(n);
    this.coLikers = new Uint32Array(n);
    this.coShare = new Float32Array(n);
    this.contentDot = new Float32Array(n);
    this.soupDot = new Float32Array(n);
    this.reachRows = new Int32Array(n);
    this.evidenceScratch = new Float32Array(n);
    this.candidates = emptyCandidates(DEFAULT_RECOMMEND_OPTIONS.candidateCap + RELATED_CANDIDATE_CAP);
    this.genreScratch = new Int32Array(n);
    this.touched = new Int32Array(1024);
  }

  /** Stage 1's genre index, built on the first "like this" (start-up does not wait for its popularity sort). */
  get genreIndex(): GenreIndex {
    this.genreOrder ??= createGenreIndex(this.data.catalog.genreMask, this.data.catalog.popularity);
    return this.genreOrder;
  }

  /**
   * The seed's related set: series, tf·idf content and its inverted index (src/engine/relatedness.ts). Built on first
   * use (the worker warms it after the first screen), so start-up does not wait for weighting every keyword.
   */
  get related(): RelatedIndex {
    this.relatedIndex ??= createRelatedIndex(this.data.catalog, this.data.keywords);
    return this.relatedIndex;
  }

  get backend(): ScoringBackend {
    return this.scoring;
  }

  /** Replaces the blend weights (weight tuning in Node; the app uses the manifest's). */
  setWeights(weights: Partial<ShippedWeights>): void {
    this.weights = { ...this.weights, ...weights };
    this.priorForYou = this.priorPart();
  }

  /** The user-independent part of "For you"'s score of every movie, once per weight set (it runs over the catalog). */
  private priorPart(): Float32Array {
    // A plain loop: Float32Array.from with a mapping callback ran 3–5× slower in a fresh (unoptimised) worker.
    const out = new Float32Array(this.data.catalog.ids.length);
    for (let j = 0; j < out.length; j++) out[j] = priorScore(this.priors, this.weights.forYou, j);
    return out;
  }

  /** Swap the dense-scoring backend (after measuring which is fastest on this device). */
  useBackend(backend: ScoringBackend): void {
    if (backend !== this.scoring) this.scoring.dispose();
    this.scoring = backend;
  }

  get size(): number {
    return this.data.catalog.ids.length;
  }

  summary(row: number): MovieSummary {
    return movieSummary(this.data.catalog, row);
  }

  genresOf(mask: number): string[] {
    return genreNamesOf(this.data.catalog, mask);
  }

  /** KMF logit b_u + g + s_i → predicted rating, for one item row. */
  private predictedFromScore(vector: UserVector, score: number): number {
    return ratingFromLogit(this.data.models.kmf.globalBias + vector.bias + score);
  }

  private userFactors(vector: UserVector): Float32Array {
    if (vector.factors.length !== this.data.models.kmf.factors)
      throw new Error(`user vector has ${vector.factors.length} factors, the model has ${this.data.models.kmf.factors}`);
    return Float32Array.from(vector.factors);
  }

  /** Clears the evidence left by the previous query (only the rows it touched). */
  private clearEvidence(): void {
    this.evidenceKey = null;
    for (let t = 0; t < this.touchedCount; t++) {
      const row = this.touched[t];
      this.evidence[row] = 0;
      this.bestSource[row] = -1;
      this.bestContribution[row] = 0;
    }
    this.touchedCount = 0;
  }

  /** evidence[j] += x · B_ij over row i's neighbours (or another item–item list), remembering the top contributor per j. */
  private scatterNeighbours(row: number, x: number, list = this.data.models.neighbours.neighbours): void {
    if (x === 0) return;
    const { indptr, columns, weights } = list;
    const start = indptr[row];
    const end = indptr[row + 1];
    if (this.touchedCount + (end - start) > this.touched.length) {
      const grown = new Int32Array(Math.max(this.touched.length * 2, this.touchedCount + end - start));
      grown.set(this.touched.subarray(0, this.touchedCount));
      this.touched = grown;
    }
    for (let e = start; e < end; e++) {
      const j = columns[e];
      const contribution = x * weights[e];
      if (this.bestSource[j] < 0 && this.evidence[j] === 0) this.touched[this.touchedCount++] = j;
      this.evidence[j] += contribution;
      if (contribution > this.bestContribution[j]) {
        this.bestContribution[j] = contribution;
        this.bestSource[j] = row;
      }
    }
  }

  /**
   * The person's item–item evidence Σ_i scale·x(r_ui)·B_i· in evidence / bestSource / touched (without values every
   * rated id counts as liked). Kept while the same history and weights come back: one person opening "like this" after
   * "like this" pays the scatter (≈ 200 neighbours per rating, 45,000 ratings for a heavy user) once per change.
   */
  private scatterRatings(user: { ratedIds: number[]; ratings?: UserRating[] }, scale: number, dislike: number): void {
    const ratings = user.ratings ?? user.ratedIds.map((movieId) => ({ movieId, rating: 4 }));
    const key = historyKey(ratings, scale, dislike);
    if (this.evidenceKey !== null && sameHistoryKey(this.evidenceKey, key)) return;
    this.clearEvidence();
    for (const r of ratings) {
      const row = this.ids.rowOf(asTmdbId(r.movieId));
      if (row !== undefined) this.scatterNeighbours(row, scale * historyInput(r.rating, dislike));
    }
    this.evidenceKey = key;
  }

  /** The rows never to recommend: `ratedIds` (the app keeps a movie rated from an open list in that list) and hidden. */
  private excludedRows(user: { ratedIds: number[]; hiddenIds?: number[] }): Set<number> {
    const hidden = new Set<number>();
    for (const id of user.ratedIds) {
      const row = this.ids.rowOf(asTmdbId(id));
      if (row !== undefined) hidden.add(row);
    }
    for (const id of user.hiddenIds ?? []) {
      const row = this.ids.rowOf(asTmdbId(id));
      if (row !== undefined) hidden.add(row);
    }
    return hidden;
  }

  /** Marks the seed and the rows `user` rated or hid as taken (isCandidate) and lists them once in excludedScratch. */
  private markExcluded(user: { ratedIds: number[]; hiddenIds?: number[] }, seed: number): number {
    const most = user.ratedIds.length + (user.hiddenIds?.length ?? 0) + 1;
    if (this.excludedScratch.length < most) this.excludedScratch = new Int32Array(Math.max(most, 2 * this.excludedScratch.length));
    const list = this.excludedScratch;
    let count = 0;
    const mark = (row: number) => {
      if (this.isCandidate[row] === 1) return;
      this.isCandidate[row] = 1;
      list[count++] = row;
    };
    mark(seed);
    for (const id of user.ratedIds) {
      const row = this.ids.rowOf(asTmdbId(id));
      if (row !== undefined) mark(row);
    }
    for (const id of user.hiddenIds ?? []) {
      const row = this.ids.rowOf(asTmdbId(id));
      if (row !== undefined) mark(row);
    }
    return count;
  }

  /**
   * Stage 1 of "movies like this": the candidates — movies sharing a genre with the seed (closest genre sets and most
   * popular first) ∪ its crowd (EASE neighbours, co-rating) ∪ its series ∪ the movies sharing its most specific terms —
   * minus the seed and what the person rated or hid, with every signal that does not depend on the weights. The arrays
   * are reused by the next query. Null for an unknown seed.
   */
  async likeThisCandidates(
    movieId: number,
    user: RecommendUser,
    candidateCap = DEFAULT_RECOMMEND_OPTIONS.candidateCap,
    poolOf?: LikeThisWeights,
  ): Promise<LikeThisCandidates | null> {
    const seed = this.ids.rowOf(asTmdbId(movieId));
    if (seed === undefined) return null;
    this.lastPool = null;
    const catalog = this.data.catalog;
    const related = this.related;
    const capacity = candidateCap + RELATED_CANDIDATE_CAP;
    if (this.candidates.rows.length < capacity) this.candidates = emptyCandidates(capacity);
    const c = this.candidates;
    const rows = c.rows;
    const excludedCount = this.markExcluded(user, seed);
    let count = 0;
    const seedMask = catalog.genreMask[seed];
    const admit = (row: number, anyGenre = false) => {
      if (this.isCandidate[row] === 1 || count >= capacity || (!anyGenre && (catalog.genreMask[row] & seedMask) === 0)) return;
      this.isCandidate[row] = 1;
      rows[count++] = row;
    };
    for (const row of seriesOf(related, catalog.collections, seed)) admit(row, true);
    const { neighbours, coRating } = this.data.models.neighbours;
    let maxCrowd = 0;
    for (let e = neighbours.indptr[seed]; e < neighbours.indptr[seed + 1]; e++) {
      const x = neighbours.weights[e];
      this.crowd[neighbours.columns[e]] = x;
      if (x > maxCrowd) maxCrowd = x;
      if (x > 0) admit(neighbours.columns[e]);
    }
    let maxCo = 0;
    for (let e = coRating.indptr[seed]; e < coRating.indptr[seed + 1]; e++) {
      this.coShare[coRating.columns[e]] = coRating.weights[e];
      if (coRating.weights[e] > maxCo) maxCo = coRating.weights[e];
      admit(coRating.columns[e]);
    }
    // The strongest specific-term matches join (a common keyword reaches hundreds of movies).
    // Both dots stay until the cosines below are completed from them.
    const soupValues = this.data.keywords.matrix.values;
    const reached = contentReach(related, seed, this.contentDot, this.reachRows, 0, this.soupDot, soupValues);
    if (reached > 0) {
      for (let t = 0; t < reached; t++) this.evidenceScratch[t] = this.contentDot[this.reachRows[t]];
      const floor = reached > CONTENT_CANDIDATE_CAP ? kthLargest(this.evidenceScratch, reached, CONTENT_CANDIDATE_CAP - 1) : 0;
      for (let t = 0; t < reached; t++) {
        const row = this.reachRows[t];
        if (this.contentDot[row] >= floor) admit(row);
      }
    }
    // The person's item–item evidence: its strongest movies sharing a genre join too (related ones pass the gate).
    const ratingCount = user.ratings ? user.ratings.length : user.ratedIds.length;
    if (ratingCount === 0) this.clearEvidence();
    else {
      this.scatterRatings(user, 1, this.weights.likeThis.dislike);
      let joining = 0;
      for (let t = 0; t < this.touchedCount; t++) {
        const row = this.touched[t];
        if (this.evidence[row] > 0 && this.isCandidate[row] === 0 && (catalog.genreMask[row] & seedMask) !== 0)
          this.evidenceScratch[joining++] = this.evidence[row];
      }
      const floor = joining > TASTE_CANDIDATE_CAP ? kthLargest(this.evidenceScratch, joining, TASTE_CANDIDATE_CAP - 1) : 0;
      for (let t = 0; t < this.touchedCount; t++) {
        const row = this.touched[t];
        if (this.evidence[row] > 0 && this.evidence[row] >= floor) admit(row);
      }
    }
    // Rated movies come back from the scan and are skipped, so a long history widens it (never past the catalog).
    const genreRows = genreCandidates(
      this.genreIndex,
      seed,
      Math.min(catalog.ids.length, Math.min(candidateCap, capacity - count) + excludedCount),
      this.genreScratch,
    );
    for (let i = 0; i < genreRows.length && count < capacity; i++) admit(genreRows[i]);
    const seriesId = catalog.collections[seed];
    const coLiking = this.data.models.neighbours.coLiking;
    const seedLikers = countCoLikers(coLiking, seed, this.coLikers);
    cosinePairOfCandidates(related, soupValues, seed, rows, count, this.contentDot, this.soupDot, c.content, c.soup, this.cosineScratch);
    for (let t = 0; t < reached; t++) {
      this.contentDot[this.reachRows[t]] = 0;
      this.soupDot[this.reachRows[t]] = 0;
    }
    for (let i = 0; i < count; i++) {
      const row = rows[i];
      this.isCandidate[row] = 0;
      c.series[i] = seriesId !== 0 && catalog.collections[row] === seriesId ? 1 : 0;
      c.coLiked[i] = isCoLiked(coLiking, row, this.coLikers[row], seedLikers) ? 1 : 0;
      const either = popcount32(seedMask | catalog.genreMask[row]);
      c.genres[i] = either > 0 ? popcount32(seedMask & catalog.genreMask[row]) / either : 0;
      c.crowd[i] = maxCrowd > 0 && this.crowd[row] > 0 ? this.crowd[row] / maxCrowd : 0;
      c.coRating[i] = maxCo > 0 ? this.coShare[row] / maxCo : 0;
      c.taste[i] = this.evidence[row];
      c.crowdLike[i] = this.priors.likeWithoutVector[row];
      c.personalLike[i] = Number.NaN;
    }
    for (let e = 0; e < excludedCount; e++) this.isCandidate[this.excludedScratch[e]] = 0;
    countCoLikers(coLiking, seed, this.coLikers, true);
    this.clearSeedLists(seed);
    c.seed = seed;
    c.count = count;
    c.ratingCount = ratingCount;
    if (user.vector && count > 0) await this.predictPersonalLike(c, user.vector, poolOf);
    return c;
  }

  /**
   * r̂(u, j)/5 of the candidates, or with `poolOf` only of those inside that weight set's pool (the only ones
   * rankLikeThis reads it for): a query scores ≈ 400 movies instead of ≈ 1,800.
   */
  private async predictPersonalLike(c: LikeThisCandidates, vector: UserVector, poolOf?: LikeThisWeights): Promise<void> {
    let scored = c.count;
    let rows = c.rows;
    let at: Int32Array | null = null;
    if (poolOf) {
      const floor = this.relatednessOfCandidates(c, poolOf, this.poolScratch(c.count));
      this.lastPool = { c, w: poolOf, floor };
      at = this.pooledAt.length >= c.count ? this.pooledAt : (this.pooledAt = new Int32Array(c.rows.length));
      rows = this.pooledRows.length >= c.count ? this.pooledRows : (this.pooledRows = new Int32Array(c.rows.length));
      scored = 0;
      for (let i = 0; i < c.count; i++)
        if (this.relatednessScratch[i] >= floor || c.series[i] === 1) {
          at[scored] = i;
          rows[scored++] = c.rows[i];
        }
    }
    if (scored === 0) return;
    const logits = await this.scoring.score(this.userFactors(vector), rows, scored);
    const source = this.data.models.kmf.itemSource;
    for (let s = 0; s < scored; s++) {
      const i = at ? at[s] : s;
      if (source[c.rows[i]] !== ITEM_SOURCE.none) c.personalLike[i] = this.predictedFromScore(vector, logits[s]) / 5;
    }
  }

  private poolScratch(count: number): Float32Array {
    if (this.relatednessScratch.length < count) this.relatednessScratch = new Float32Array(this.candidates.rows.length);
    return this.relatednessScratch;
  }

  /**
   * rel_j of every candidate into `out` (plus a whisker of popularity that orders movies with no relation at all: a
   * seed with no keywords and no raters), minus UNLINKED for a movie not linked to the seed (series, co-liked, shared
   * terms), so it is pooled and picked only after every linked one; returns the pool's floor (the whole series passes).
   */
  private relatednessOfCandidates(c: LikeThisCandidates, w: LikeThisWeights, out: Float32Array): number {
    const popularity = this.priors.popularity;
    const gate = w.relatedCosine > 0;
    for (let i = 0; i < c.count; i++) {
      out[i] = relatedness(w, c.series[i] === 1, c.crowd[i], c.coRating[i], c.content[i], c.soup[i], c.genres[i]) + 1e-3 * popularity[c.rows[i]];
      if (gate && c.series[i] === 0 && c.coLiked[i] === 0 && c.soup[i] < w.relatedCosine) out[i] -= UNLINKED;
      this.evidenceScratch[i] = out[i];
    }
    const confidence = c.ratingCount / (c.ratingCount + w.confidence);
    const pool = Math.max(1, Math.round(w.pool + confidence * w.poolTaste));
    return c.count > pool ? kthLargest(this.evidenceScratch, c.count, pool - 1) : Number.NEGATIVE_INFINITY;
  }

  /**
   * Stage 2: relatedness gates and orders, taste moves within (models/blend.ts, LikeThisWeights). Returns the indices
   * of the top `k` candidates, best first; `scores` receives every candidate's score (−∞ outside the pool).
   */
  rankLikeThis(c: LikeThisCandidates, w: LikeThisWeights, k: number, scores: Float32Array = this.scoreBuffer): number[] {
    if (scores.length < c.count) scores = this.scoreBuffer = new Float32Array(c.rows.length);
    const confidence = c.ratingCount / (c.ratingCount + w.confidence);
    // The pool predictPersonalLike just drew for these candidates and weights is reused, not recomputed.
    const last = this.lastPool;
    this.lastPool = null;
    let poolFloor: number;
    if (last && last.c === c && last.w === w) {
      scores.set(this.relatednessScratch.subarray(0, c.count));
      poolFloor = last.floor;
    } else poolFloor = this.relatednessOfCandidates(c, w, scores);
    for (let i = 0; i < c.count; i++) {
      if (scores[i] < poolFloor && c.series[i] === 0) {
        scores[i] = Number.NEGATIVE_INFINITY;
        continue;
      }
      const personal = c.personalLike[i];
      const like = personal === personal ? (1 - confidence) * c.crowdLike[i] + confidence * personal : c.crowdLike[i];
      scores[i] = likeThisScore(w, scores[i], like, confidence, c.taste[i], priorScore(this.priors, w, c.rows[i]));
    }
    return topKOfScores(scores, c.count, k);
  }

  async recommend(movieId: number, user: RecommendUser, options: RecommendOptions = {}): Promise<Recommendation[]> {
    const { k, candidateCap } = { ...DEFAULT_RECOMMEND_OPTIONS, ...options };
    if (k <= 0) return [];
    const w = this.weights.likeThis;
    const c = await this.likeThisCandidates(movieId, user, candidateCap, w);
    if (!c) return [];
    const picks = this.rankLikeThis(c, w, k);
    const catalog = this.data.catalog;
    const seed = c.seed;
    const confidence = c.ratingCount / (c.ratingCount + w.confidence);
    return picks.map((i) => {
      const row = c.rows[i];
      const shared = sharedTerms(this.data.keywords, seed, row);
      const crowdPart = w.crowd * c.crowd[i] + w.coRating * c.coRating[i];
      const contentPart = w.content * c.content[i] + w.soup * c.soup[i];
      const tastePart = confidence * w.taste * Math.max(0, c.taste[i]);
      const source: Recommendation['source'] = c.series[i]
        ? 'series'
        : tastePart > Math.max(crowdPart, contentPart)
          ? 'kmf'
          : crowdPart >= contentPart
            ? 'neighbours'
            : 'keywords';
      const becauseRow = c.taste[i] > 0 && this.bestSource[row] >= 0 && this.bestSource[row] !== seed ? this.bestSource[row] : -1;
      const predicted = c.personalLike[i];
      return {
        movie: this.summary(row),
        source,
        reasons: {
          sameSeriesAs: c.series[i] ? catalog.titles[seed] : null,
          sharedGenres: this.genresOf(catalog.genreMask[seed] & catalog.genreMask[row]),
          sharedKeywords: shared.keywords,
          sharedCast: shared.cast,
          sharedDirectors: shared.directors,
          keywordSimilarity: c.content[i],
          predictedRating: user.vector && predicted === predicted ? predicted * 5 : null,
          alsoLikedWith: c.coLiked[i] || c.crowd[i] > 0 || c.coRating[i] > 0 ? catalog.titles[seed] : null,
          becauseYouRated: becauseRow >= 0 ? catalog.titles[becauseRow] : null,
        },
      };
    });
  }

  /** Zeroes the dense crowd and co-rating arrays the seed's lists wrote. */
  private clearSeedLists(seed: number): void {
    const { neighbours, coRating } = this.data.models.neighbours;
    for (let e = neighbours.indptr[seed]; e < neighbours.indptr[seed + 1]; e++) this.crowd[neighbours.columns[e]] = 0;
    for (let e = coRating.indptr[seed]; e < coRating.indptr[seed + 1]; e++) this.coShare[coRating.columns[e]] = 0;
  }

  /**
   * The KMF predicted ★ 5·σ(g + b_u + b_i + p_u·q_i) of each id for this user, in the order of `ids` (the value "For
   * you" and "like this" show); null for an id the catalog does not hold or a movie without a model vector.
   */
  async predictRatings(vector: UserVector, ids: number[]): Promise<(number | null)[]> {
    const rows = new Int32Array(ids.length);
    const at: number[] = [];
    ids.forEach((id, i) => {
      const row = this.ids.rowOf(asTmdbId(id));
      if (row !== undefined && this.data.models.kmf.itemSource[row] !== ITEM_SOURCE.none) {
        rows[at.length] = row;
        at.push(i);
      }
    });
    const out: (number | null)[] = ids.map(() => null);
    if (at.length === 0) return out;
    const logits = await this.scoring.score(this.userFactors(vector), rows, at.length);
    at.forEach((i, c) => {
      out[i] = this.predictedFromScore(vector, logits[c]);
    });
    return out;
  }

  /**
   * "For you"'s score of every row for one person into `scores` (−∞ for rows without a model vector or failing
   * `eligible`); returns the KMF logits and leaves the person's item–item evidence in evidence / bestSource.
   */
  private async personalScores(
    vector: UserVector,
    history: { ratedIds: number[]; ratings?: UserRating[] },
    eligible: ((row: number) => boolean) | null,
    scores: Float32Array,
  ): Promise<Float32Array> {
    const w = this.weights.forYou;
    const logits = await this.scoring.score(this.userFactors(vector), null, this.size);
    this.scatterRatings(history, w.history, w.dislike);
    const source = this.data.models.kmf.itemSource;
    const globalBias = this.data.models.kmf.globalBias + vector.bias;
    const evidence = this.evidence;
    const prior = this.priorForYou;
    const n = this.size;
    for (let i = 0; i < n; i++) {
      if (source[i] === ITEM_SOURCE.none || (eligible !== null && !eligible(i))) {
        scores[i] = Number.NEGATIVE_INFINITY;
        continue;
      }
      // like = r̂/5 = σ(g + b_u + s_i); the keyword term is 0 ("For you" has no seed).
      const like = 1 / (1 + Math.exp(-(globalBias + logits[i])));
      scores[i] = blendScore(w, evidence[i], like, 0, prior[i]);
    }
    return logits;
  }

  /**
   * One group member's "For you" score and predicted ★ of every row (src/engine/group.ts aggregates them), and per row
   * the rated movie that pointed there most (−1 none). Without a vector: the priors alone, predicted ★ unknown (NaN).
   */
  async memberScores(vector: UserVector | null, ratings: UserRating[]): Promise<MemberScores & { because: Int32Array }> {
    const n = this.size;
    const utility = new Float32Array(n);
    const predicted = new Float32Array(n).fill(Number.NaN);
    const because = new Int32Array(n).fill(-1);
    if (!vector) {
      const source = this.data.models.kmf.itemSource;
      for (let i = 0; i < n; i++) utility[i] = source[i] === ITEM_SOURCE.none ? Number.NEGATIVE_INFINITY : this.priorForYou[i];
      return { utility, predicted, because };
    }
    const logits = await this.personalScores(vector, { ratedIds: ratings.map((r) => r.movieId), ratings }, null, utility);
    const source = this.data.models.kmf.itemSource;
    for (let i = 0; i < n; i++) if (source[i] !== ITEM_SOURCE.none) predicted[i] = this.predictedFromScore(vector, logits[i]);
    for (let t = 0; t < this.touchedCount; t++) {
      const row = this.touched[t];
      if (this.evidence[row] > 0) because[row] = this.bestSource[row];
    }
    return { utility, predicted, because };
  }

  /**
   * Watch together: each member's scores (memberScores), aggregated by `options.strategy` (group.ts) over the rows no
   * member rated (unless includeRated) or hid and that match the mood (genre, decade, length: `runtimes` per row, 0 =
   * unknown, needed under a length mood); each pick says whom it suits.
   */
  async groupRecommend(
    members: { name: string; vector: UserVector | null; ratings: UserRating[]; hiddenIds?: number[] }[],
    options: GroupOptions = {},
    runtimes: Uint16Array | null = null,
  ): Promise<GroupRecommendation> {
    if (members.length === 0) return { picks: [], unknownRuntime: 0 };
    const c = this.data.catalog;
    const n = this.size;
    const genreBit = options.genre ? c.genreNames.indexOf(options.genre) : -1;
    if (options.genre && genreBit < 0) return { picks: [], unknownRuntime: 0 };
    if (options.length && !runtimes) throw new Error('A length mood needs the runtimes (runtimes.bin) loaded first.');
    const eligible = moodFilter(c, genreBit, options.decade ?? null);
    const excluded = new Uint8Array(n);
    if (eligible) for (let i = 0; i < n; i++) if (!eligible(i)) excluded[i] = 1;
    for (const member of members) {
      for (const row of this.excludedRows({ ratedIds: options.includeRated ? [] : member.ratings.map((r) => r.movieId), hiddenIds: member.hiddenIds }))
        excluded[row] = 1;
    }
    const unknownRuntime = options.length ? excludeByLength(excluded, runtimes!, options.length) : 0;
    const scored: (MemberScores & { because: Int32Array })[] = [];
    for (const member of members) scored.push(await this.memberScores(member.vector, member.ratings));
    const picks = aggregateGroup(scored, { strategy: options.strategy ?? DEFAULT_GROUP_STRATEGY, k: options.k ?? 20, excluded });
    const listed = picks.map((pick) => ({
      movie: this.summary(pick.row),
      members: members.map((member, j) => {
        const predicted = pick.predicted[j];
        const source = scored[j].because[pick.row];
        return {
          name: member.name,
          predictedRating: predicted === predicted ? predicted : null,
          suits: predicted >= SUITS_LINE,
          becauseTheyRated: source >= 0 ? c.titles[source] : null,
        };
      }),
    }));
    return { picks: listed, unknownRuntime };
  }

  /**
   * Personal top picks over the whole catalog: EASE neighbours of the user's ratings × predicted ★, plus priors.
   * Rated movies and movies without a model vector are hidden.
   */
  async forYou(vector: UserVector, options: ForYouOptions = {}): Promise<ForYouItem[]> {
    const k = options.k ?? 20;
    const c = this.data.catalog;
    const genreBit = options.genre ? c.genreNames.indexOf(options.genre) : -1;
    if (options.genre && genreBit < 0) return [];
    const n = this.size;
    if (this.forYouScores.length < n) this.forYouScores = new Float32Array(n);
    const scores = this.forYouScores;
    const logits = await this.personalScores(
      vector,
      { ratedIds: options.exclude ?? [], ratings: options.ratings },
      moodFilter(c, genreBit, options.decade ?? null),
      scores,
    );
    const excluded = this.excludedRows({ ratedIds: options.exclude ?? [] });
    const evidence = this.evidence;
    for (const row of excluded) scores[row] = Number.NEGATIVE_INFINITY;
    const picks = topKOfScores(scores, n, k);
    return picks.map((row) => ({
      movie: this.summary(row),
      predictedRating: this.predictedFromScore(vector, logits[row]),
      becauseYouRated: evidence[row] > 0 && this.bestSource[row] >= 0 ? c.titles[this.bestSource[row]] : null,
    }));
  }
}

/** A fingerprint of a history (ids, values and order) and of the weights it was scattered with. */
interface HistoryKey {
  count: number;
  scale: number;
  dislike: number;
  h1: number;
  h2: number;
}

const keyBits = new Float64Array(1);
const keyWords = new Uint32Array(keyBits.buffer);

/** Two independent 32-bit hashes over (id, rating) in order: a false match needs a 64-bit collision. */
function historyKey(ratings: readonly UserRating[], scale: number, dislike: number): HistoryKey {
  let h1 = 0x811c9dc5;
  let h2 = 0x27d4eb2f;
  for (let i = 0; i < ratings.length; i++) {
    keyBits[0] = ratings[i].movieId;
    const id = keyWords[0] ^ Math.imul(keyWords[1], 0x2545f491);
    keyBits[0] = ratings[i].rating;
    h1 = Math.imul(h1 ^ id, 0x01000193);
    h1 = Math.imul(h1 ^ keyWords[0] ^ keyWords[1], 0x01000193);
    h2 = Math.imul(h2 + id, 0x9e3779b1) ^ (h2 >>> 15);
    h2 = Math.imul(h2 + (keyWords[1] ^ (keyWords[0] >>> 3)), 0x85ebca6b) ^ (h2 >>> 13);
  }
  return { count: ratings.length, scale, dislike, h1, h2 };
}

function sameHistoryKey(a: HistoryKey, b: HistoryKey): boolean {
  return a.count === b.count && a.scale === b.scale && a.dislike === b.dislike && a.h1 === b.h1 && a.h2 === b.h2;
}
