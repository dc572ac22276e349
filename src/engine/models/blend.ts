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
export const DEFAULT_FOR_YOU_WEIGHTS: BlendWeights = {
  history: 1,
  seed: 0,
  coRating: 0,
  likeExponent: 1,
  kmf: 0.007,
  keywords: 0,
  popularity: 0,
  votes: 0.003,
  prior: 0,
  dislike: 0,
};
/**
 * "Movies like this": relatedness to the seed first, the person's taste second.
 *
 *   rel_j  = w_series·[same TMDB collection] + w_crowd·B⁺_sj/max B⁺_s· + w_co·c_sj/max c_s·
 *            + w_content·cos_tfidf(s, j) + w_soup·cos_counts(s, j) + w_genres·|G_s ∩ G_j|/|G_s ∪ G_j|
 *   linked = same series ∨ crowd related (co-liking lift ≥ 1.5, ≥ 3 co-likers: models/coLiking.ts) ∨ cos_counts ≥ relatedCosine
 *   pool   = the pool + c·poolTaste linked movies with the highest rel_j (the whole series always); unlinked ones only
 *            when fewer than k are linked, after every linked one
 *   c      = n/(n + confidence)                  how much n ratings may move the list (0 for a visitor)
 *   like_j = (1 − c)·R̄_j/10 + c·r̂(u, j)/5        the crowd's rating, leaning to the person's predicted ★ as n grows
 *   t_j    = Σ_i x(r_ui)·B_ij                   the person's item–item evidence (EASE neighbours of their ratings)
 *   s(u,j) = rel_j · like_j^β · (1 + c·w_boost·t⁺_j) + c·w_taste·t_j·like_j + w_pop·pop_j + w_votes·votes_j + w_prior·prior_j
 *
 * The gate keeps the answer about the seed whatever the history says; c keeps one rating from replacing the seed.
 */
export interface LikeThisWeights {
  series: number;
  crowd: number;
  coRating: number;
  content: number;
  soup: number;
  genres: number;
  /** Related movies kept before taste orders them (a visitor's list)... */
  pool: number;
  /** ... and how many more a person whose ratings say a lot about them may draw from (× c). */
  poolTaste: number;
  /** n at which the person's taste carries half the weight. */
  confidence: number;
  /** Additive weight of the item–item evidence of the person's ratings inside the pool. */
  taste: number;
  /** Multiplicative boost of relatedness by that evidence (related and to your taste beats either alone). */
  boost: number;
  likeExponent: number;
  popularity: number;
  votes: number;
  prior: number;
  /** Input weight x(r) of a rating below 3 in the taste evidence. */
  dislike: number;
  /** Plain keyword cosine that links a movie to the seed on content alone (≤ 0: no gate, every candidate may be picked). */
  relatedCosine: number;
}

/** Chosen on validation inside the ratings_small training split (npm run tune -- --like-this; docs/model-quality.md). */
export const DEFAULT_LIKE_THIS: LikeThisWeights = {
  series: 4,
  crowd: 0.25,
  coRating: 0.15,
  content: 0.5,
  soup: 0.3,
  genres: 0,
  pool: 150,
  poolTaste: 600,
  confidence: 10,
  taste: 10,
  boost: 0,
  likeExponent: 2,
  popularity: 0.2,
  votes: 0,
  prior: 0.2,
  dislike: -0.5,
  relatedCosine: 0.1,
};

/** The relatedness of one candidate to the seed (see LikeThisWeights). */
export function relatedness(w: LikeThisWeights, sameSeries: boolean, crowd: number, coRating: number, content: number, soup: number, genres: number): number {
  return (sameSeries ? w.series : 0) + w.crowd * crowd + w.coRating * coRating + w.content * content + w.soup * soup + w.genres * genres;
}

/** s(u, j) of a pooled candidate: relatedness × like^β, the person's item–item evidence × c, and the priors. */
export function likeThisScore(w: LikeThisWeights, rel: number, like: number, confidence: number, taste: number, prior: number): number {
  const likeB = w.likeExponent === 1 ? like : Math.pow(like, w.likeExponent);
  return rel * likeB * (1 + confidence * w.boost * Math.max(0, taste)) + confidence * w.taste * taste * like + prior;
}

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
  const out = new Float32Array(voteAverage.length);
  for (let i = 0; i < out.length; i++) out[i] = (voteCount[i] * voteAverage[i] + minVotes * mean) / (voteCount[i] + minVotes);
  return out;
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
  // Plain loops, not Float32Array.from(…, callback): this runs at start-up in a fresh worker, before the JIT helps.
  const popularity = new Float32Array(n);
  const votes = new Float32Array(n);
  const prior = new Float32Array(n);
  const likeWithoutVector = new Float32Array(n);
  const countScale = Math.log1p(maxCount);
  const votesScale = Math.log1p(maxVotes);
  for (let i = 0; i < n; i++) {
    popularity[i] = Math.log1p(ratingCount[i]) / countScale;
    votes[i] = Math.log1p(voteCount[i]) / votesScale;
    prior[i] = (average[i] - 5) / 5;
    likeWithoutVector[i] = average[i] / 10;
  }
  return { popularity, votes, prior, likeWithoutVector };
}

/** The user-independent additive part of the score for movie j. */
export function priorScore(priors: ItemPriors, weights: Pick<BlendWeights, 'popularity' | 'votes' | 'prior'>, j: number): number {
  return weights.popularity * priors.popularity[j] + weights.votes * priors.votes[j] + weights.prior * priors.prior[j];
}

/** s(u, j) from its parts: item–item evidence cf, like ∈ [0, 1], keyword cosine and the prior part. */
export function blendScore(weights: BlendWeights, cf: number, like: number, cosine: number, prior: number): number {
  const evidence = cf > 0 ? cf * (weights.likeExponent === 1 ? like : Math.pow(like, weights.likeExponent)) : cf;
  return evidence + weights.kmf * like + weights.keywords * cosine + prior;
}
