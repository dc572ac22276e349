// Kernel matrix factorization with a logistic (sigmoid) link, after Rendle & Schmidt-Thieme (RecSys 2008).
//
//   r̂(u,i) = 5 · σ(g + b_u + b_i + p_u·q_i),   σ(z) = 1 / (1 + e^(−z)),   p_u, q_i ∈ R^k
//
// The sigmoid keeps every prediction inside [0, 5], the rating scale's range.

/** Maximum of the rating scale; predictions are RATING_SCALE · σ(z). */
export const RATING_SCALE = 5;

export type KmfOptimizer = 'sgd' | 'rmsprop';

export interface KmfParams {
  /** k, the length of p_u and q_i. */
  factors: number;
  /** Step size (SGD: per rating; RMSprop: per mini-batch). */
  learningRate: number;
  /** L2 weight λ_u on p_u, applied per rating (see the objective in train.ts). */
  regUser: number;
  /** L2 weight λ_i on q_i, applied per rating. */
  regItem: number;
  /** L2 weight λ_b on b_u and b_i, applied per rating. */
  regBias: number;
  /** Constant L2 weight π_u on p_u and b_u, not scaled by the user's rating count (a prior that matters for users with few ratings). */
  priorUser: number;
  /** Constant L2 weight π_i on q_i and b_i, not scaled by the item's rating count. */
  priorItem: number;
  /** Maximum number of passes over the training ratings. */
  epochs: number;
  /** Stop after this many epochs without a better validation RMSE. */
  patience: number;
  /** Share of the given ratings held out for early stopping (0 = none: run all epochs). */
  validationFraction: number;
  seed: number;
  /** Learning rate multiplier applied after each epoch. */
  lrDecay: number;
  /** Standard deviation of the Gaussian initial factors. */
  initScale: number;
  /** Bias step size as a multiple of learningRate. */
  biasLearningRateScale: number;
  optimizer: KmfOptimizer;
  /** Mini-batch size (RMSprop only; SGD updates per rating). */
  batchSize: number;
  /** RMSprop decay of the squared-gradient average. */
  rmspropRho: number;
  /** After early stopping, retrain from scratch on all given ratings for the best epoch count. */
  refitOnAll: boolean;
}

/** The best 40-factor configuration of `npm run tune` (validation inside the ratings_small training split; docs/model-quality.md). */
export const DEFAULT_KMF_PARAMS: KmfParams = {
  factors: 40,
  learningRate: 0.0132,
  regUser: 0.05,
  regItem: 0.05,
  regBias: 0.0256,
  priorUser: 3.28,
  priorItem: 2.26,
  epochs: 60,
  patience: 4,
  validationFraction: 0.1,
  seed: 0,
  lrDecay: 0.99,
  initScale: 0.01,
  biasLearningRateScale: 0.5,
  optimizer: 'sgd',
  batchSize: 64,
  rmspropRho: 0.9,
  refitOnAll: true,
};

export interface KmfModel {
  factors: number;
  /** g, the logit of the global mean rating / 5. */
  globalBias: number;
  nUsers: number;
  nItems: number;
  userBias: Float32Array;
  /** nUsers × factors, row-major. */
  userFactors: Float32Array;
  itemBias: Float32Array;
  /** nItems × factors, row-major. */
  itemFactors: Float32Array;
}

/** Ratings as parallel arrays of dense user/item indices. */
export interface RatingTriples {
  user: Int32Array;
  item: Int32Array;
  rating: Float32Array;
  count: number;
  nUsers: number;
  nItems: number;
}

export type KmfItemSide = Pick<KmfModel, 'factors' | 'globalBias' | 'itemBias' | 'itemFactors'>;

export function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z));
}

/** r̂ = 5 · σ(z): the one place the kernel is written; z = g + b_u + b_i + p_u·q_i. Always inside [0, 5]. */
export function ratingFromLogit(z: number): number {
  return RATING_SCALE / (1 + Math.exp(-z));
}

/** σ⁻¹(rating / 5), with the rating clamped away from 0 and 5 so the logit stays finite. */
export function ratingToLogit(rating: number): number {
  const share = Math.min(0.999, Math.max(0.001, rating / RATING_SCALE));
  return Math.log(share / (1 - share));
}

/** r̂ = 5 · σ(g + b_u + b_i + p_u·q_i) for a user given by bias and factors; always in [0, 5]. */
export function predictRating(model: KmfItemSide, userBias: number, userFactors: ArrayLike<number>, item: number): number {
  const k = model.factors;
  const offset = item * k;
  const q = model.itemFactors;
  let z = model.globalBias + userBias + model.itemBias[item];
  for (let f = 0; f < k; f++) z += userFactors[f] * q[offset + f];
  return ratingFromLogit(z);
}

/** r̂ for a trained user index (reads p_u and b_u from the model). */
export function predictTrainedUser(model: KmfModel, user: number, item: number): number {
  const k = model.factors;
  const userOffset = user * k;
  const itemOffset = item * k;
  let z = model.globalBias + model.userBias[user] + model.itemBias[item];
  for (let f = 0; f < k; f++) z += model.userFactors[userOffset + f] * model.itemFactors[itemOffset + f];
  return ratingFromLogit(z);
}
