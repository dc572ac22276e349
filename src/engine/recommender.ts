// The two-stage recommender: genre candidates (stage 1), then item–item neighbours, KMF predicted ★, keyword cosine and priors, blended (stage 2).
import { createGenreIndex, genreCandidates, type GenreIndex } from './genreIndex';
import { cosineToCandidates, sharedTerms } from './keywordIndex';
import { ratingFromLogit } from './kmf';
import { blendScore, DEFAULT_FOR_YOU_WEIGHTS, DEFAULT_LIKE_THIS_NO_VECTOR_WEIGHTS, DEFAULT_LIKE_THIS_WEIGHTS, historyInput, itemPriors, priorScore, type BlendWeights, type ItemPriors } from './models/blend';
import { ITEM_SOURCE, type Dataset } from './shards/dataset';
import { TypedArrayScoring, type ScoringBackend } from './scoring';
import type { ForYouItem, ForYouOptions, MovieSummary, Recommendation, RecommendOptions, UserRating, UserVector } from './types';

export const DEFAULT_RECOMMEND_OPTIONS: Required<RecommendOptions> = { k: 6, candidateCap: 1000 };

/** At most this many movies reached only through item–item evidence join stage 1's list (the strongest). */
export const NEIGHBOUR_CANDIDATE_CAP = 400;

/** The value of rank `k` (0-based) among values[0..n) by quickselect (reorders `values`); −∞ when n ≤ k. */
export function kthLargest(values: Float32Array, n: number, k: number): number {
  if (n <= k) return Number.NEGATIVE_INFINITY;
  let lo = 0;
  let hi = n - 1;
  while (lo < hi) {
    const pivot = values[(lo + hi) >> 1];
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (values[i] > pivot) i++;
      while (values[j] < pivot) j--;
      if (i <= j) {
        const t = values[i];
        values[i] = values[j];
        values[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else break;
  }
  return values[k];
}

export { ratingFromLogit } from './kmf';

/** Indices of the k largest finite scores[0..n), best first; ties keep the lower index. −∞ marks excluded entries. */
export function topKOfScores(scores: Float32Array, n: number, k: number): number[] {
  const best = new Int32Array(k);
  const bestScores = new Float32Array(k).fill(Number.NEGATIVE_INFINITY);
  let filled = 0;
  for (let i = 0; i < n; i++) {
    const s = scores[i];
    if (s === Number.NEGATIVE_INFINITY || (filled === k && s <= bestScores[k - 1]) || s !== s) continue;
    let at = filled < k ? filled++ : k - 1;
    while (at > 0 && bestScores[at - 1] < s) {
      bestScores[at] = bestScores[at - 1];
      best[at] = best[at - 1];
      at--;
    }
    bestScores[at] = s;
    best[at] = i;
  }
  return Array.from(best.subarray(0, filled));
}

/** Indices of the k largest `score(i)` over i in [0, n) that pass `accept`, best first; ties keep the lower index. */
export function topK(n: number, k: number, score: (i: number) => number, accept: (i: number) => boolean): number[] {
  const best: number[] = [];
  const bestScores: number[] = [];
  for (let i = 0; i < n; i++) {
    const s = score(i);
    if (best.length === k && s <= bestScores[k - 1]) continue;
    if (!accept(i)) continue;
    let at = best.length;
    while (at > 0 && bestScores[at - 1] < s) at--;
    best.splice(at, 0, i);
    bestScores.splice(at, 0, s);
    if (best.length > k) {
      best.pop();
      bestScores.pop();
    }
  }
  return best;
}

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
  likeThis: BlendWeights;
  likeThisNoVector: BlendWeights;
}

function shippedWeights(data: Dataset): ShippedWeights {
  const blend = (data.manifest.build?.blend ?? {}) as Partial<Record<keyof ShippedWeights, Partial<BlendWeights>>>;
  return {
    forYou: { ...DEFAULT_FOR_YOU_WEIGHTS, ...blend.forYou },
    likeThis: { ...DEFAULT_LIKE_THIS_WEIGHTS, ...blend.likeThis },
    likeThisNoVector: { ...DEFAULT_LIKE_THIS_NO_VECTOR_WEIGHTS, ...blend.likeThisNoVector },
  };
}

export class Recommender {
  readonly rowOfId = new Map<number, number>();
  readonly genreIndex: GenreIndex;
  readonly priors: ItemPriors;
  weights: ShippedWeights;
  private priorForYou: Float32Array;
  private priorLikeThis: Float32Array;
  private priorLikeThisNoVector: Float32Array;
  private scoring: ScoringBackend;
  private readonly cosineScratch: Float32Array;
  private candidateBuffer: Int32Array;
  private cosineBuffer: Float32Array;
  /** Item–item evidence per catalog row, with the rows touched by the last scatter (so clearing is O(touched)). */
  private readonly evidence: Float32Array;
  private readonly bestSource: Int32Array;
  private readonly bestContribution: Float32Array;
  private readonly isCandidate: Uint8Array;
  private readonly isRated: Uint8Array;
  private readonly seedShare: Float32Array;
  private touched: Int32Array;
  private touchedCount = 0;
  private evidenceScratch = new Float32Array(1024);
  private scoreBuffer = new Float32Array(0);
  private forYouScores = new Float32Array(0);

  constructor(
    readonly data: Dataset,
    scoring?: ScoringBackend,
  ) {
    const { catalog, model } = data;
    const n = catalog.ids.length;
    catalog.ids.forEach((id, row) => this.rowOfId.set(id, row));
    this.genreIndex = createGenreIndex(catalog.genreMask, catalog.popularity);
    this.scoring = scoring ?? new TypedArrayScoring(model.itemFactors, model.itemBias, model.factors);
    this.cosineScratch = new Float32Array(data.keywords.vocabulary.length);
    this.candidateBuffer = new Int32Array(DEFAULT_RECOMMEND_OPTIONS.candidateCap);
    this.cosineBuffer = new Float32Array(DEFAULT_RECOMMEND_OPTIONS.candidateCap);
    this.priors = itemPriors(data.collaborative.ratingCount, catalog.voteAverage, catalog.voteCount);
    this.weights = shippedWeights(data);
    [this.priorForYou, this.priorLikeThis, this.priorLikeThisNoVector] = this.priorParts();
    this.evidence = new Float32Array(n);
    this.bestSource = new Int32Array(n).fill(-1);
    this.bestContribution = new Float32Array(n);
    this.isCandidate = new Uint8Array(n);
    this.isRated = new Uint8Array(n);
    this.seedShare = new Float32Array(n);
    this.touched = new Int32Array(1024);
  }

  get backend(): ScoringBackend {
    return this.scoring;
  }

  /** Replaces the blend weights (weight tuning in Node; the app uses the manifest's). */
  setWeights(weights: Partial<ShippedWeights>): void {
    this.weights = { ...this.weights, ...weights };
    [this.priorForYou, this.priorLikeThis, this.priorLikeThisNoVector] = this.priorParts();
  }

  /** The user-independent part of the score of every movie, once per weight set. */
  private priorParts(): [Float32Array, Float32Array, Float32Array] {
    const { forYou, likeThis, likeThisNoVector } = this.weights;
    return [forYou, likeThis, likeThisNoVector].map((w) => Float32Array.from({ length: this.data.catalog.ids.length }, (_, j) => priorScore(this.priors, w, j))) as [Float32Array, Float32Array, Float32Array];
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
    const c = this.data.catalog;
    return {
      id: c.ids[row],
      title: c.titles[row],
      year: c.years[row] || null,
      genres: this.genresOf(c.genreMask[row]),
      popularity: c.popularity[row],
      voteAverage: c.voteAverage[row],
      voteCount: c.voteCount[row],
    };
  }

  genresOf(mask: number): string[] {
    const names = this.data.catalog.genreNames;
    const out: string[] = [];
    for (let g = 0; g < names.length; g++) if (mask & (1 << g)) out.push(names[g]);
    return out;
  }

  /** Stage 1 for a TMDB id; the movie itself first. Unknown ids give an empty list. */
  genreStage(movieId: number, cap = DEFAULT_RECOMMEND_OPTIONS.candidateCap): number[] {
    const row = this.rowOfId.get(movieId);
    if (row === undefined) return [];
    return Array.from(genreCandidates(this.genreIndex, row, cap), (r) => this.data.catalog.ids[r]);
  }

  /** KMF logit b_u + g + s_i → predicted rating, for one item row. */
  private predictedFromScore(vector: UserVector, score: number): number {
    return ratingFromLogit(this.data.model.globalBias + vector.bias + score);
  }

  private userFactors(vector: UserVector): Float32Array {
    if (vector.factors.length !== this.data.model.factors) throw new Error(`user vector has ${vector.factors.length} factors, the model has ${this.data.model.factors}`);
    return Float32Array.from(vector.factors);
  }

  /** Clears the evidence left by the previous query (only the rows it touched). */
  private clearEvidence(): void {
    for (let t = 0; t < this.touchedCount; t++) {
      const row = this.touched[t];
      this.evidence[row] = 0;
      this.bestSource[row] = -1;
      this.bestContribution[row] = 0;
    }
    this.touchedCount = 0;
  }

  /** evidence[j] += x · B_ij over row i's neighbours (or another item–item list), remembering the top contributor per j. */
  private scatterNeighbours(row: number, x: number, list = this.data.collaborative.neighbours): void {
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

  /** Scatters the user's ratings (x(r)·B_i·) into the evidence; returns the rows never to recommend (`ratedIds`). */
  private scatterHistory(user: { ratedIds: number[]; ratings?: UserRating[]; hiddenIds?: number[] }, weights: BlendWeights): Set<number> {
    const ratings = user.ratings ?? user.ratedIds.map((movieId) => ({ movieId, rating: 4 }));
    for (const r of ratings) {
      const row = this.rowOfId.get(r.movieId);
      if (row !== undefined) this.scatterNeighbours(row, weights.history * historyInput(r.rating, weights.dislike));
    }
    // Only `ratedIds` hide movies: the app keeps a movie rated from an open list in that list.
    const hidden = new Set<number>();
    for (const id of user.ratedIds) {
      const row = this.rowOfId.get(id);
      if (row !== undefined) hidden.add(row);
    }
    for (const id of user.hiddenIds ?? []) {
      const row = this.rowOfId.get(id);
      if (row !== undefined) hidden.add(row);
    }
    return hidden;
  }

  /** like_j ∈ [0, 1]: the KMF predicted ★ / 5 with a vector and a model row, else the Bayesian TMDB rating / 10. */
  private like(vector: UserVector | null, row: number, logit: number | undefined): number {
    if (vector && logit !== undefined && this.data.model.itemSource[row] !== ITEM_SOURCE.none) return this.predictedFromScore(vector, logit) / 5;
    return this.priors.likeWithoutVector[row];
  }

  async recommend(movieId: number, user: RecommendUser, options: RecommendOptions = {}): Promise<Recommendation[]> {
    const { k, candidateCap } = { ...DEFAULT_RECOMMEND_OPTIONS, ...options };
    const seed = this.rowOfId.get(movieId);
    if (seed === undefined || k <= 0) return [];
    // A person with a vector or ratings gets the personal weights; a newcomer leans on the seed and the crowd.
    const personal = user.vector !== null || (user.ratings ? user.ratings.length > 0 : user.ratedIds.length > 0);
    const w = personal ? this.weights.likeThis : this.weights.likeThisNoVector;
    const priorOf = personal ? this.priorLikeThis : this.priorLikeThisNoVector;
    const catalog = this.data.catalog;
    // Item–item evidence: the seed's neighbours and co-raters and, for a person with ratings, their ratings' neighbours.
    this.clearEvidence();
    this.scatterNeighbours(seed, w.seed);
    this.scatterNeighbours(seed, w.coRating, this.data.collaborative.coRating);
    // The seed's share of each movie's evidence, for the reasons (the rows it touched come first in `touched`).
    const seedTouched = this.touchedCount;
    for (let t = 0; t < seedTouched; t++) this.seedShare[this.touched[t]] = this.evidence[this.touched[t]];
    const rated = this.scatterHistory(user, w);
    for (const row of rated) this.isRated[row] = 1;

    // Stage 1: movies sharing a genre with the seed — the closest genre sets and most popular first, plus every
    // movie sharing a genre that the item–item evidence reached (so close neighbours are never cut off by the cap).
    const capacity = candidateCap + NEIGHBOUR_CANDIDATE_CAP;
    if (this.candidateBuffer.length < capacity) {
      this.candidateBuffer = new Int32Array(capacity);
      this.cosineBuffer = new Float32Array(capacity);
      this.scoreBuffer = new Float32Array(capacity);
    }
    if (this.evidenceScratch.length < this.touchedCount) this.evidenceScratch = new Float32Array(this.touched.length);
    const base = genreCandidates(this.genreIndex, seed, candidateCap, this.candidateBuffer);
    let count = base.length;
    const candidates = this.candidateBuffer;
    for (let i = 0; i < count; i++) this.isCandidate[candidates[i]] = 1;
    const seedMask = catalog.genreMask[seed];
    // Only the strongest positive evidence joins (a long history touches thousands of movies).
    let joining = 0;
    for (let t = 0; t < this.touchedCount; t++) {
      const row = this.touched[t];
      if (!this.isCandidate[row] && this.evidence[row] > 0 && (catalog.genreMask[row] & seedMask) !== 0) this.evidenceScratch[joining++] = this.evidence[row];
    }
    const floor = joining > NEIGHBOUR_CANDIDATE_CAP ? kthLargest(this.evidenceScratch, joining, NEIGHBOUR_CANDIDATE_CAP - 1) : 0;
    for (let t = 0; t < this.touchedCount && count < candidateCap + NEIGHBOUR_CANDIDATE_CAP; t++) {
      const row = this.touched[t];
      if (!this.isCandidate[row] && this.evidence[row] > 0 && this.evidence[row] >= floor && (catalog.genreMask[row] & seedMask) !== 0) {
        candidates[count++] = row;
        this.isCandidate[row] = 1;
      }
    }
    for (let i = 0; i < count; i++) this.isCandidate[candidates[i]] = 0;

    // Stage 2: keyword cosine, KMF predicted ★, item–item evidence and priors, blended into one score.
    const cosine = this.cosineBuffer;
    cosineToCandidates(this.data.keywords, seed, candidates, count, cosine, this.cosineScratch);
    const vector = user.vector;
    const logits = vector ? await this.scoring.score(this.userFactors(vector), candidates, count) : null;
    const scores = this.scoreBuffer;
    for (let i = 0; i < count; i++) {
      const row = candidates[i];
      scores[i] = row === seed || this.isRated[row] === 1 ? Number.NEGATIVE_INFINITY : blendScore(w, this.evidence[row], this.like(vector, row, logits?.[i]), cosine[i], priorOf[row]);
    }
    const picks = topKOfScores(scores, count, k);
    for (const row of rated) this.isRated[row] = 0;
    const fromSeedOf = new Map(picks.map((i) => [candidates[i], this.seedShare[candidates[i]]]));
    for (let t = 0; t < seedTouched; t++) this.seedShare[this.touched[t]] = 0;

    return picks.map((i) => {
      const row = candidates[i];
      const shared = sharedTerms(this.data.keywords, seed, row);
      const hasModel = this.data.model.itemSource[row] !== ITEM_SOURCE.none;
      const fromSeed = fromSeedOf.get(row) ?? 0;
      const fromHistory = this.evidence[row] - fromSeed;
      const like = this.like(vector, row, logits?.[i]);
      const keywordPart = w.keywords * cosine[i];
      const source: Recommendation['source'] =
        fromSeed > 0 && fromSeed >= fromHistory && fromSeed * like >= keywordPart ? 'neighbours' : fromHistory > 0 && fromHistory * like >= keywordPart ? 'kmf' : vector && hasModel && w.kmf * like > keywordPart ? 'kmf' : 'keywords';
      const becauseRow = fromHistory > 0 && this.bestSource[row] >= 0 && this.bestSource[row] !== seed ? this.bestSource[row] : -1;
      return {
        movie: this.summary(row),
        source,
        reasons: {
          sharedGenres: this.genresOf(seedMask & catalog.genreMask[row]),
          sharedKeywords: shared.keywords,
          sharedCast: shared.cast,
          sharedDirectors: shared.directors,
          keywordSimilarity: cosine[i],
          predictedRating: vector && logits && hasModel ? this.predictedFromScore(vector, logits[i]) : null,
          alsoLikedWith: fromSeed > 0 ? catalog.titles[seed] : null,
          becauseYouRated: becauseRow >= 0 ? catalog.titles[becauseRow] : null,
        },
      };
    });
  }

  /**
   * The KMF predicted ★ 5·σ(g + b_u + b_i + p_u·q_i) of each id for this user, in the order of `ids` (the value "For
   * you" and "like this" show); null for an id the catalog does not hold or a movie without a model vector.
   */
  async predictRatings(vector: UserVector, ids: number[]): Promise<(number | null)[]> {
    const rows = new Int32Array(ids.length);
    const at: number[] = [];
    ids.forEach((id, i) => {
      const row = this.rowOfId.get(id);
      if (row !== undefined && this.data.model.itemSource[row] !== ITEM_SOURCE.none) {
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
   * Personal top picks over the whole catalog: EASE neighbours of the user's ratings × predicted ★, plus priors.
   * Rated movies and movies without a model vector are hidden.
   */
  async forYou(vector: UserVector, options: ForYouOptions = {}): Promise<ForYouItem[]> {
    const k = options.k ?? 20;
    const w = this.weights.forYou;
    const logits = await this.scoring.score(this.userFactors(vector), null, this.size);
    const c = this.data.catalog;
    this.clearEvidence();
    const excluded = this.scatterHistory({ ratedIds: options.exclude ?? [], ratings: options.ratings }, w);
    const genreBit = options.genre ? c.genreNames.indexOf(options.genre) : -1;
    if (options.genre && genreBit < 0) return [];
    const genreMask = genreBit < 0 ? 0 : 1 << genreBit;
    const decade = options.decade ?? null;
    const source = this.data.model.itemSource;
    const globalBias = this.data.model.globalBias + vector.bias;
    const evidence = this.evidence;
    const prior = this.priorForYou;
    const n = this.size;
    if (this.forYouScores.length < n) this.forYouScores = new Float32Array(n);
    const scores = this.forYouScores;
    const beta = w.likeExponent;
    const kmfWeight = w.kmf;
    for (let i = 0; i < n; i++) {
      if (
        source[i] === ITEM_SOURCE.none ||
        (genreMask !== 0 && (c.genreMask[i] & genreMask) === 0) ||
        (decade !== null && !(c.years[i] >= decade && c.years[i] < decade + 10))
      ) {
        scores[i] = Number.NEGATIVE_INFINITY;
        continue;
      }
      // like = r̂/5 = σ(g + b_u + s_i); inlined blendScore (this loop runs over every movie).
      const like = 1 / (1 + Math.exp(-(globalBias + logits[i])));
      const cf = evidence[i];
      scores[i] = (cf > 0 ? cf * (beta === 1 ? like : Math.pow(like, beta)) : cf) + kmfWeight * like + prior[i];
    }
    for (const row of excluded) scores[row] = Number.NEGATIVE_INFINITY;
    const picks = topKOfScores(scores, n, k);
    return picks.map((row) => ({
      movie: this.summary(row),
      predictedRating: this.predictedFromScore(vector, logits[row]),
      becauseYouRated: evidence[row] > 0 && this.bestSource[row] >= 0 ? c.titles[this.bestSource[row]] : null,
    }));
  }
}

/**
 * The reference design's merge (kept as the evaluation's "reference design" baseline): round(k·kmfShare) from the KMF list, the rest from the keyword list, duplicates removed,
 * a short list filled from the other. Interleaved so both kinds show near the top.
 */
export function mergeLists(keywordRows: number[], kmfRows: number[], k: number, kmfShare: number): { row: number; source: 'keywords' | 'kmf' }[] {
  const kmfQuota = kmfRows.length > 0 ? Math.round(k * kmfShare) : 0;
  const seen = new Set<number>();
  const fromKeywords: number[] = [];
  const fromKmf: number[] = [];
  const take = (list: number[], into: number[], limit: number) => {
    for (const row of list) {
      if (into.length >= limit) break;
      if (!seen.has(row)) {
        seen.add(row);
        into.push(row);
      }
    }
  };
  take(keywordRows, fromKeywords, k - kmfQuota);
  take(kmfRows, fromKmf, kmfQuota);
  // Fill a short side from the other list.
  take(kmfRows, fromKmf, k - fromKeywords.length);
  take(keywordRows, fromKeywords, k - fromKmf.length);
  const merged: { row: number; source: 'keywords' | 'kmf' }[] = [];
  for (let i = 0; merged.length < k && (i < fromKeywords.length || i < fromKmf.length); i++) {
    if (i < fromKeywords.length) merged.push({ row: fromKeywords[i], source: 'keywords' });
    if (i < fromKmf.length && merged.length < k) merged.push({ row: fromKmf[i], source: 'kmf' });
  }
  return merged;
}
