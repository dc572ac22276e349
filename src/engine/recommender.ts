// The two-stage recommender: genre candidates (stage 1), then keyword cosine and KMF predicted rating (stage 2), merged.
import { createGenreIndex, genreCandidates, type GenreIndex } from './genreIndex';
import { cosineToCandidates, sharedTerms } from './keywordIndex';
import { ITEM_SOURCE, type Dataset } from './shards/dataset';
import { TypedArrayScoring, type ScoringBackend } from './scoring';
import type { ForYouItem, ForYouOptions, MovieSummary, Recommendation, RecommendOptions, UserVector } from './types';

export const DEFAULT_RECOMMEND_OPTIONS: Required<RecommendOptions> = { k: 6, candidateCap: 2000, kmfShare: 0.5 };

/** r̂ = 5 · σ(logit): the kernel that keeps every prediction inside [0, 5]. */
export function ratingFromLogit(logit: number): number {
  return 5 / (1 + Math.exp(-logit));
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
  ratedIds: number[];
}

export class Recommender {
  readonly rowOfId = new Map<number, number>();
  readonly genreIndex: GenreIndex;
  private scoring: ScoringBackend;
  private readonly cosineScratch: Float32Array;
  private candidateBuffer: Int32Array;
  private cosineBuffer: Float32Array;

  constructor(
    readonly data: Dataset,
    scoring?: ScoringBackend,
  ) {
    const { catalog, model } = data;
    catalog.ids.forEach((id, row) => this.rowOfId.set(id, row));
    this.genreIndex = createGenreIndex(catalog.genreMask, catalog.popularity);
    this.scoring = scoring ?? new TypedArrayScoring(model.itemFactors, model.itemBias, model.factors);
    this.cosineScratch = new Float32Array(data.keywords.vocabulary.length);
    this.candidateBuffer = new Int32Array(DEFAULT_RECOMMEND_OPTIONS.candidateCap);
    this.cosineBuffer = new Float32Array(DEFAULT_RECOMMEND_OPTIONS.candidateCap);
  }

  get backend(): ScoringBackend {
    return this.scoring;
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
      posterPath: null,
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

  async recommend(movieId: number, user: RecommendUser, options: RecommendOptions = {}): Promise<Recommendation[]> {
    const { k, candidateCap, kmfShare } = { ...DEFAULT_RECOMMEND_OPTIONS, ...options };
    const seed = this.rowOfId.get(movieId);
    if (seed === undefined || k <= 0) return [];
    if (this.candidateBuffer.length < candidateCap) {
      this.candidateBuffer = new Int32Array(candidateCap);
      this.cosineBuffer = new Float32Array(candidateCap);
    }
    const candidates = genreCandidates(this.genreIndex, seed, candidateCap, this.candidateBuffer);
    const count = candidates.length;
    const cosine = this.cosineBuffer;
    cosineToCandidates(this.data.keywords, seed, candidates, count, cosine, this.cosineScratch);

    const rated = new Set<number>();
    for (const id of user.ratedIds) {
      const row = this.rowOfId.get(id);
      if (row !== undefined) rated.add(row);
    }
    // Stage 2a: keyword cosine, never the seed itself.
    const keywordPicks = topK(count, k, (i) => cosine[i], (i) => candidates[i] !== seed).map((i) => candidates[i]);

    // Stage 2b: KMF predicted rating, unrated movies with a model vector only.
    let kmfPicks: number[] = [];
    let kmfScores: Float32Array | null = null;
    const vector = user.vector;
    if (vector) {
      const scores = await this.scoring.score(this.userFactors(vector), candidates, count);
      kmfScores = scores;
      const source = this.data.model.itemSource;
      kmfPicks = topK(count, k, (i) => scores[i], (i) => candidates[i] !== seed && !rated.has(candidates[i]) && source[candidates[i]] !== ITEM_SOURCE.none).map((i) => candidates[i]);
    }

    const merged = mergeLists(keywordPicks, kmfPicks, k, vector ? kmfShare : 0);
    const positionOf = new Map<number, number>();
    for (const { row } of merged) positionOf.set(row, -1);
    for (let i = 0; i < count; i++) if (positionOf.has(candidates[i])) positionOf.set(candidates[i], i);
    const seedMask = this.data.catalog.genreMask[seed];
    return merged.map(({ row, source }) => {
      const shared = sharedTerms(this.data.keywords, seed, row);
      const position = positionOf.get(row)!;
      const score = kmfScores ? kmfScores[position] : undefined;
      const hasModel = this.data.model.itemSource[row] !== ITEM_SOURCE.none;
      return {
        movie: this.summary(row),
        source,
        reasons: {
          sharedGenres: this.genresOf(seedMask & this.data.catalog.genreMask[row]),
          sharedKeywords: shared.keywords,
          sharedCast: shared.cast,
          sharedDirectors: shared.directors,
          keywordSimilarity: cosine[position],
          predictedRating: vector && score !== undefined && hasModel ? this.predictedFromScore(vector, score) : null,
        },
      };
    });
  }

  /** Personal top picks over the whole catalog, rated movies and movies without a model vector hidden. */
  async forYou(vector: UserVector, options: ForYouOptions = {}): Promise<ForYouItem[]> {
    const k = options.k ?? 20;
    const scores = await this.scoring.score(this.userFactors(vector), null, this.size);
    const c = this.data.catalog;
    const excluded = new Set<number>();
    for (const id of options.exclude ?? []) {
      const row = this.rowOfId.get(id);
      if (row !== undefined) excluded.add(row);
    }
    const genreBit = options.genre ? c.genreNames.indexOf(options.genre) : -1;
    if (options.genre && genreBit < 0) return [];
    const decade = options.decade ?? null;
    const source = this.data.model.itemSource;
    const picks = topK(
      this.size,
      k,
      (i) => scores[i],
      (i) =>
        source[i] !== ITEM_SOURCE.none &&
        !excluded.has(i) &&
        (genreBit < 0 || (c.genreMask[i] & (1 << genreBit)) !== 0) &&
        (decade === null || (c.years[i] >= decade && c.years[i] < decade + 10)),
    );
    return picks.map((row) => ({ movie: this.summary(row), predictedRating: this.predictedFromScore(vector, scores[row]) }));
  }
}

/**
 * The reference design's merge: round(k·kmfShare) from the KMF list, the rest from the keyword list, duplicates removed,
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
