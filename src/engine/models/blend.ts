// The ranker that orders "For you" and "movies like this": item–item evidence × the chance you like it, plus priors.
//
//   like_j = r̂(u, j)/5 (KMF predicted ★, the calibrated rating shown to the user), or R̄_j/10 without a user vector
//   cf_j   = w_history · Σ_i x(r_ui)·B_ij + w_seed · B_sj + w_co · c_sj/c_ss   (EASE neighbours of your ratings / of the
//            seed, and the share of the seed's raters who also rated j)
//   s(u,j) = (cf_j > 0 ? cf_j · like_j^β : cf_j)
//            + w_kmf · like_j + w_keywords · cos(s, j) + w_pop · pop_j + w_votes · votes_j + w_prior · prior_j
//
// The product is "will you watch it" (EASE, trained on rated-at-all) times "will you like it" (KMF): Steck (KDD 2010)
// and Cremonesi et al. (RecSys 2010) show rating-only models rank poorly; measured in docs/model-quality.md.

export interface BlendWeights {
  /** Item–item score from the user's own ratings. */
  history: number;
  /** Item–item weight from the seed movie ("movies like this" only). */
  seed: number;
  /** Co-rating confidence P(j | seed) ("people who rated the seed also rated j"; "movies like this" only). */
  coRating: number;
  /** Exponent β of like_j on the item–item evidence. */
  likeExponent: number;
  /** Additive weight of like_j. */
  kmf: number;
  /** Keyword-soup cosine to the seed ("movies like this" only). */
  keywords: number;
  popularity: number;
  votes: number;
  prior: number;
  /** Input weight x(r) of a rating below 3 in the history score (ratings ≥ 3 count 1). */
  dislike: number;
}

/** Tuned on validation inside the ratings_small training split (npm run tune -- --blend; docs/model-quality.md). */
export const DEFAULT_FOR_YOU_WEIGHTS: BlendWeights = { history: 1, seed: 0, coRating: 0, likeExponent: 1, kmf: 0.007, keywords: 0, popularity: 0, votes: 0.003, prior: 0, dislike: 0 };
/** "Movies like this" for a person with ratings (their history and vector count). */
export const DEFAULT_LIKE_THIS_WEIGHTS: BlendWeights = { history: 4.15, seed: 2, coRating: 0, likeExponent: 2, kmf: 0.09, keywords: 0.1, popularity: 0, votes: 0, prior: 0.07, dislike: -0.5 };
/** "Movies like this" for a person without ratings: only the seed, the catalog and the crowd. */
export const DEFAULT_LIKE_THIS_NO_VECTOR_WEIGHTS: BlendWeights = { history: 0, seed: 1.2, coRating: 0.15, likeExponent: 1, kmf: 0, keywords: 0.05, popularity: 0.1, votes: 0, prior: 0.02, dislike: -0.5 };

export { historyInput } from './neighbours';

/** Per-movie signals that do not depend on the user, precomputed once per catalog (or training set). */
export interface ItemPriors {
  /** log(1 + n_j) / log(1 + n_max), 0..1 (n = ratings in the training data). */
  popularity: Float32Array;
  /** log(1 + v_j) / log(1 + v_max), 0..1 (v = TMDB votes). */
  votes: Float32Array;
  /** (Bayesian-averaged TMDB rating − 5) / 5, −1..1. */
  prior: Float32Array;
  /** Bayesian-averaged TMDB rating / 10: like_j for a person without a vector. */
  likeWithoutVector: Float32Array;
}

/**
 * Bayesian average of TMDB's vote average (IMDb's weighted rating): (v·R + m·C)/(v + m), C = the vote-weighted mean,
 * m = `minVotes`, so a 10/10 from 2 votes does not top a list.
 */
export function bayesianAverage(voteAverage: ArrayLike<number>, voteCount: ArrayLike<number>, minVotes = 50): Float32Array {
  let sum = 0;
  let votes = 0;
  for (let i = 0; i < voteAverage.length; i++) {
    sum += voteAverage[i] * voteCount[i];
    votes += voteCount[i];
  }
  const mean = votes > 0 ? sum / votes : 5;
  return Float32Array.from({ length: voteAverage.length }, (_, i) => (voteCount[i] * voteAverage[i] + minVotes * mean) / (voteCount[i] + minVotes));
}

export function itemPriors(ratingCount: ArrayLike<number>, voteAverage: ArrayLike<number>, voteCount: ArrayLike<number>): ItemPriors {
  const n = ratingCount.length;
  let maxCount = 1;
  let maxVotes = 1;
  for (let i = 0; i < n; i++) {
    maxCount = Math.max(maxCount, ratingCount[i]);
    maxVotes = Math.max(maxVotes, voteCount[i]);
  }
  const average = bayesianAverage(voteAverage, voteCount);
  return {
    popularity: Float32Array.from({ length: n }, (_, i) => Math.log1p(ratingCount[i]) / Math.log1p(maxCount)),
    votes: Float32Array.from({ length: n }, (_, i) => Math.log1p(voteCount[i]) / Math.log1p(maxVotes)),
    prior: Float32Array.from(average, (r) => (r - 5) / 5),
    likeWithoutVector: Float32Array.from(average, (r) => r / 10),
  };
}

/** The user-independent additive part of the score for movie j. */
export function priorScore(priors: ItemPriors, weights: BlendWeights, j: number): number {
  return weights.popularity * priors.popularity[j] + weights.votes * priors.votes[j] + weights.prior * priors.prior[j];
}

/** s(u, j) from its parts: item–item evidence cf, like ∈ [0, 1], keyword cosine and the prior part. */
export function blendScore(weights: BlendWeights, cf: number, like: number, cosine: number, prior: number): number {
  const evidence = cf > 0 ? cf * (weights.likeExponent === 1 ? like : Math.pow(like, weights.likeExponent)) : cf;
  return evidence + weights.kmf * like + weights.keywords * cosine + prior;
}
