// Training of the sigmoid-link KMF model on typed arrays (runs in Node and in a web worker).
import { createGaussian, createRandom, shuffleInPlace } from './random';
import { DEFAULT_KMF_PARAMS, RATING_SCALE, ratingFromLogit, ratingToLogit, type KmfModel, type KmfParams, type RatingTriples } from './model';

export interface KmfEpochStats {
  epoch: number;
  /** RMSE over the epoch's training ratings, each measured just before its own update (as Keras reports loss). */
  trainRmse: number;
  /** RMSE on the held-out validation ratings after the epoch; NaN when validationFraction is 0. */
  validationRmse: number;
}

export interface KmfTrainResult {
  model: KmfModel;
  history: KmfEpochStats[];
  /** Best validation RMSE (the early-stopping criterion); NaN without a validation split. */
  validationRmse: number;
  /** Epochs of the returned model (the best epoch, or the refit's epoch count). */
  epochs: number;
  trainMs: number;
}

/** The mean of r over the given rating indices. */
function meanRating(data: RatingTriples, indices: Int32Array): number {
  let sum = 0;
  for (let t = 0; t < indices.length; t++) sum += data.rating[indices[t]];
  return indices.length > 0 ? sum / indices.length : RATING_SCALE / 2;
}

function checkInputs(data: RatingTriples, params: KmfParams): void {
  if (!Number.isInteger(params.factors) || params.factors < 1) throw new Error(`trainKmf: params.factors must be a positive integer, got ${params.factors}`);
  if (!(params.learningRate > 0)) throw new Error(`trainKmf: params.learningRate must be > 0, got ${params.learningRate}`);
  if (!(params.validationFraction >= 0 && params.validationFraction < 1))
    throw new Error(`trainKmf: params.validationFraction must be in [0, 1), got ${params.validationFraction}`);
  if (!Number.isInteger(params.batchSize) || params.batchSize < 1)
    throw new Error(`trainKmf: params.batchSize must be a positive integer, got ${params.batchSize}`);
  if (data.user.length < data.count || data.item.length < data.count || data.rating.length < data.count) {
    throw new Error(`trainKmf: data arrays are shorter than data.count (${data.count})`);
  }
  for (let t = 0; t < data.count; t++) {
    const u = data.user[t];
    const i = data.item[t];
    const r = data.rating[t];
    if (u < 0 || u >= data.nUsers) throw new Error(`trainKmf: rating ${t}: user index ${u} outside 0..${data.nUsers - 1}`);
    if (i < 0 || i >= data.nItems) throw new Error(`trainKmf: rating ${t}: item index ${i} outside 0..${data.nItems - 1}`);
    if (!(r >= 0 && r <= RATING_SCALE)) throw new Error(`trainKmf: rating ${t}: rating ${r} outside 0..${RATING_SCALE}`);
  }
}

function initModel(data: RatingTriples, params: KmfParams, globalMean: number, random: () => number): KmfModel {
  const k = params.factors;
  const gaussian = createGaussian(random);
  const userFactors = new Float32Array(data.nUsers * k);
  const itemFactors = new Float32Array(data.nItems * k);
  for (let x = 0; x < userFactors.length; x++) userFactors[x] = gaussian() * params.initScale;
  for (let x = 0; x < itemFactors.length; x++) itemFactors[x] = gaussian() * params.initScale;
  return {
    factors: k,
    globalBias: ratingToLogit(globalMean),
    nUsers: data.nUsers,
    nItems: data.nItems,
    userBias: new Float32Array(data.nUsers),
    userFactors,
    itemBias: new Float32Array(data.nItems),
    itemFactors,
  };
}

function copyModel(model: KmfModel): KmfModel {
  return {
    ...model,
    userBias: model.userBias.slice(),
    userFactors: model.userFactors.slice(),
    itemBias: model.itemBias.slice(),
    itemFactors: model.itemFactors.slice(),
  };
}

/** RMSE of the model on the given rating indices (NaN for none). */
export function rmseOn(model: KmfModel, data: RatingTriples, indices: Int32Array): number {
  if (indices.length === 0) return Number.NaN;
  const k = model.factors;
  const { userBias, userFactors, itemBias, itemFactors, globalBias } = model;
  let sse = 0;
  for (let t = 0; t < indices.length; t++) {
    const x = indices[t];
    const u = data.user[x];
    const i = data.item[x];
    const uo = u * k;
    const io = i * k;
    let z = globalBias + userBias[u] + itemBias[i];
    for (let f = 0; f < k; f++) z += userFactors[uo + f] * itemFactors[io + f];
    const e = data.rating[x] - ratingFromLogit(z);
    sse += e * e;
  }
  return Math.sqrt(sse / indices.length);
}

/**
 * One SGD pass over `order`. Per rating it steps along the negative gradient of
 *   ½[(r − r̂)² + (λ_u + π_u/n_u)‖p_u‖² + (λ_i + π_i/n_i)‖q_i‖² + (λ_b + π_u/n_u)b_u² + (λ_b + π_i/n_i)b_i²],
 * with ∂r̂/∂z = 5σ(z)(1 − σ(z)); summed over an epoch this is the gradient of the objective of trainKmf.
 * Returns the sum of squared errors seen before each update.
 */
function sgdEpoch(model: KmfModel, data: RatingTriples, order: Int32Array, params: KmfParams, learningRate: number, priors: PerRatingPriors): number {
  const k = model.factors;
  const { user: userPrior, item: itemPrior } = priors;
  const { userBias, userFactors, itemBias, itemFactors, globalBias } = model;
  const { regUser, regItem, regBias } = params;
  const biasRate = learningRate * params.biasLearningRateScale;
  const users = data.user;
  const items = data.item;
  const ratings = data.rating;
  let sse = 0;
  for (let t = 0; t < order.length; t++) {
    const x = order[t];
    const u = users[x];
    const i = items[x];
    const uo = u * k;
    const io = i * k;
    const bu = userBias[u];
    const bi = itemBias[i];
    let z = globalBias + bu + bi;
    for (let f = 0; f < k; f++) z += userFactors[uo + f] * itemFactors[io + f];
    const s = 1 / (1 + Math.exp(-z));
    const e = ratings[x] - RATING_SCALE * s;
    sse += e * e;
    const gz = e * RATING_SCALE * s * (1 - s);
    const up = userPrior[u];
    const ip = itemPrior[i];
    userBias[u] = bu + biasRate * (gz - (regBias + up) * bu);
    itemBias[i] = bi + biasRate * (gz - (regBias + ip) * bi);
    const ru = regUser + up;
    const ri = regItem + ip;
    for (let f = 0; f < k; f++) {
      const pf = userFactors[uo + f];
      const qf = itemFactors[io + f];
      userFactors[uo + f] = pf + learningRate * (gz * qf - ru * pf);
      itemFactors[io + f] = qf + learningRate * (gz * pf - ri * qf);
    }
  }
  return sse;
}

/** Per-run state of the mini-batch RMSprop optimizer (squared-gradient averages and scratch gradients). */
interface RmspropState {
  step: number;
  userLastStep: Int32Array;
  itemLastStep: Int32Array;
  userTouched: Int32Array;
  itemTouched: Int32Array;
  msUserBias: Float32Array;
  msItemBias: Float32Array;
  msUserFactors: Float32Array;
  msItemFactors: Float32Array;
  gradUserBias: Float64Array;
  gradItemBias: Float64Array;
  gradUserFactors: Float64Array;
  gradItemFactors: Float64Array;
  touchedUsers: Int32Array;
  touchedItems: Int32Array;
  batchGz: Float64Array;
}

function createRmspropState(model: KmfModel, batchSize: number): RmspropState {
  const k = model.factors;
  return {
    step: 0,
    userLastStep: new Int32Array(model.nUsers),
    itemLastStep: new Int32Array(model.nItems),
    userTouched: new Int32Array(model.nUsers).fill(-1),
    itemTouched: new Int32Array(model.nItems).fill(-1),
    msUserBias: new Float32Array(model.nUsers),
    msItemBias: new Float32Array(model.nItems),
    msUserFactors: new Float32Array(model.nUsers * k),
    msItemFactors: new Float32Array(model.nItems * k),
    gradUserBias: new Float64Array(model.nUsers),
    gradItemBias: new Float64Array(model.nItems),
    gradUserFactors: new Float64Array(model.nUsers * k),
    gradItemFactors: new Float64Array(model.nItems * k),
    touchedUsers: new Int32Array(batchSize),
    touchedItems: new Int32Array(batchSize),
    batchGz: new Float64Array(batchSize),
  };
}

const RMSPROP_EPSILON = 1e-7;

/**
 * One pass of mini-batch RMSprop (as Keras/TF.js apply it to embedding tables) on the batch-mean of the same per-rating loss:
 *   ms ← ρ·ms + (1 − ρ)·g²,  θ ← θ − η·g / √(ms + ε).
 * Rows a batch does not touch have g = 0, so their ms decays by ρ per step; that decay is applied lazily (exactly) on next touch.
 */
function rmspropEpoch(
  model: KmfModel,
  data: RatingTriples,
  order: Int32Array,
  params: KmfParams,
  learningRate: number,
  state: RmspropState,
  priors: PerRatingPriors,
): number {
  const k = model.factors;
  const { user: userPrior, item: itemPrior } = priors;
  const { userBias, userFactors, itemBias, itemFactors, globalBias } = model;
  const { regUser, regItem, regBias, rmspropRho: rho } = params;
  const biasRate = learningRate * params.biasLearningRateScale;
  const { gradUserBias, gradItemBias, gradUserFactors, gradItemFactors, batchGz, touchedUsers, touchedItems } = state;
  let sse = 0;
  for (let start = 0; start < order.length; start += params.batchSize) {
    const end = Math.min(order.length, start + params.batchSize);
    const scale = 1 / (end - start);
    state.step++;
    const step = state.step;
    // Errors first, all with the parameters as they were at the start of the batch.
    for (let t = start; t < end; t++) {
      const x = order[t];
      const uo = data.user[x] * k;
      const io = data.item[x] * k;
      let z = globalBias + userBias[data.user[x]] + itemBias[data.item[x]];
      for (let f = 0; f < k; f++) z += userFactors[uo + f] * itemFactors[io + f];
      const s = 1 / (1 + Math.exp(-z));
      const e = data.rating[x] - RATING_SCALE * s;
      sse += e * e;
      batchGz[t - start] = e * RATING_SCALE * s * (1 - s);
    }
    let nTouchedUsers = 0;
    let nTouchedItems = 0;
    for (let t = start; t < end; t++) {
      const x = order[t];
      const u = data.user[x];
      const i = data.item[x];
      if (state.userTouched[u] !== step) {
        state.userTouched[u] = step;
        touchedUsers[nTouchedUsers++] = u;
        gradUserBias[u] = 0;
        gradUserFactors.fill(0, u * k, u * k + k);
      }
      if (state.itemTouched[i] !== step) {
        state.itemTouched[i] = step;
        touchedItems[nTouchedItems++] = i;
        gradItemBias[i] = 0;
        gradItemFactors.fill(0, i * k, i * k + k);
      }
      const gz = batchGz[t - start];
      const uo = u * k;
      const io = i * k;
      const up = userPrior[u];
      const ip = itemPrior[i];
      gradUserBias[u] += scale * ((regBias + up) * userBias[u] - gz);
      gradItemBias[i] += scale * ((regBias + ip) * itemBias[i] - gz);
      for (let f = 0; f < k; f++) {
        gradUserFactors[uo + f] += scale * ((regUser + up) * userFactors[uo + f] - gz * itemFactors[io + f]);
        gradItemFactors[io + f] += scale * ((regItem + ip) * itemFactors[io + f] - gz * userFactors[uo + f]);
      }
    }
    for (let n = 0; n < nTouchedUsers; n++) {
      const u = touchedUsers[n];
      const decay = Math.pow(rho, step - state.userLastStep[u]);
      state.userLastStep[u] = step;
      const g = gradUserBias[u];
      const ms = (state.msUserBias[u] = decay * state.msUserBias[u] + (1 - rho) * g * g);
      userBias[u] -= (biasRate * g) / Math.sqrt(ms + RMSPROP_EPSILON);
      for (let f = u * k, fEnd = f + k; f < fEnd; f++) {
        const gf = gradUserFactors[f];
        const msf = (state.msUserFactors[f] = decay * state.msUserFactors[f] + (1 - rho) * gf * gf);
        userFactors[f] -= (learningRate * gf) / Math.sqrt(msf + RMSPROP_EPSILON);
      }
    }
    for (let n = 0; n < nTouchedItems; n++) {
      const i = touchedItems[n];
      const decay = Math.pow(rho, step - state.itemLastStep[i]);
      state.itemLastStep[i] = step;
      const g = gradItemBias[i];
      const ms = (state.msItemBias[i] = decay * state.msItemBias[i] + (1 - rho) * g * g);
      itemBias[i] -= (biasRate * g) / Math.sqrt(ms + RMSPROP_EPSILON);
      for (let f = i * k, fEnd = f + k; f < fEnd; f++) {
        const gf = gradItemFactors[f];
        const msf = (state.msItemFactors[f] = decay * state.msItemFactors[f] + (1 - rho) * gf * gf);
        itemFactors[f] -= (learningRate * gf) / Math.sqrt(msf + RMSPROP_EPSILON);
      }
    }
  }
  return sse;
}

/** π/n per user and per item: the constant priors spread over each one's ratings, so an epoch applies each exactly once. */
interface PerRatingPriors {
  user: Float32Array;
  item: Float32Array;
}

function perRatingPriors(data: RatingTriples, indices: Int32Array, params: KmfParams): PerRatingPriors {
  const user = new Float32Array(data.nUsers);
  const item = new Float32Array(data.nItems);
  if (params.priorUser === 0 && params.priorItem === 0) return { user, item };
  for (let t = 0; t < indices.length; t++) {
    user[data.user[indices[t]]]++;
    item[data.item[indices[t]]]++;
  }
  for (let u = 0; u < user.length; u++) user[u] = user[u] > 0 ? params.priorUser / user[u] : 0;
  for (let i = 0; i < item.length; i++) item[i] = item[i] > 0 ? params.priorItem / item[i] : 0;
  return { user, item };
}

interface RunResult {
  model: KmfModel;
  history: KmfEpochStats[];
  bestEpoch: number;
  bestValidationRmse: number;
}

/** Trains from a fresh initialisation on `trainIdx`, early-stopping on `validationIdx` when it is non-empty. */
function runTraining(
  data: RatingTriples,
  trainIdx: Int32Array,
  validationIdx: Int32Array,
  params: KmfParams,
  random: () => number,
  maxEpochs: number,
  onEpoch?: (e: KmfEpochStats) => void,
): RunResult {
  const model = initModel(data, params, meanRating(data, trainIdx), random);
  const rmsprop = params.optimizer === 'rmsprop' ? createRmspropState(model, params.batchSize) : null;
  const priors = perRatingPriors(data, trainIdx, params);
  const history: KmfEpochStats[] = [];
  const earlyStopping = validationIdx.length > 0;
  let best: KmfModel | null = null;
  let bestEpoch = maxEpochs;
  let bestValidationRmse = Number.NaN;
  let learningRate = params.learningRate;
  for (let epoch = 1; epoch <= maxEpochs; epoch++) {
    shuffleInPlace(trainIdx, random);
    const sse = rmsprop
      ? rmspropEpoch(model, data, trainIdx, params, learningRate, rmsprop, priors)
      : sgdEpoch(model, data, trainIdx, params, learningRate, priors);
    learningRate *= params.lrDecay;
    const stats: KmfEpochStats = {
      epoch,
      trainRmse: trainIdx.length > 0 ? Math.sqrt(sse / trainIdx.length) : Number.NaN,
      validationRmse: rmseOn(model, data, validationIdx),
    };
    history.push(stats);
    onEpoch?.(stats);
    if (!Number.isFinite(stats.trainRmse) && trainIdx.length > 0)
      throw new Error(`trainKmf: training diverged at epoch ${epoch} (learningRate ${params.learningRate} too high?)`);
    if (!earlyStopping) continue;
    if (!(stats.validationRmse >= bestValidationRmse)) {
      bestValidationRmse = stats.validationRmse;
      bestEpoch = epoch;
      best = copyModel(model);
    } else if (epoch - bestEpoch >= params.patience) {
      break;
    }
  }
  return { model: best ?? model, history, bestEpoch: earlyStopping ? bestEpoch : maxEpochs, bestValidationRmse };
}

/**
 * Fits r̂(u,i) = 5·σ(g + b_u + b_i + p_u·q_i) by minimising
 *   Σ_(u,i) [(r − r̂)² + λ_u‖p_u‖² + λ_i‖q_i‖² + λ_b(b_u² + b_i²)] + Σ_u π_u(‖p_u‖² + b_u²) + Σ_i π_i(‖q_i‖² + b_i²)
 * (λ: L2 per rating, as SGD sees it; π: constant priors, priorUser/priorItem) with g fixed at σ⁻¹(mean/5). A seeded `validationFraction` of the ratings
 * drives early stopping (best epoch kept); with `refitOnAll` the model is then retrained on every rating for that many epochs.
 * Deterministic: the same data, params and seed give a bit-identical model.
 */
export function trainKmf(data: RatingTriples, params?: Partial<KmfParams>, onEpoch?: (e: KmfEpochStats) => void): KmfTrainResult {
  const resolved: KmfParams = { ...DEFAULT_KMF_PARAMS, ...params };
  checkInputs(data, resolved);
  const startMs = performance.now();
  const random = createRandom(resolved.seed);
  const order = new Int32Array(data.count);
  for (let t = 0; t < data.count; t++) order[t] = t;
  shuffleInPlace(order, random);
  const validationCount = Math.floor(data.count * resolved.validationFraction);
  const validationIdx = order.slice(0, validationCount);
  const trainIdx = order.slice(validationCount);
  const first = runTraining(data, trainIdx, validationIdx, resolved, random, resolved.epochs, onEpoch);
  let model = first.model;
  const epochs = first.bestEpoch;
  if (resolved.refitOnAll && validationCount > 0) {
    const allIdx = new Int32Array(data.count);
    for (let t = 0; t < data.count; t++) allIdx[t] = t;
    // A fresh stream so the refit does not depend on how long the first run took to stop.
    const refit = runTraining(data, allIdx, new Int32Array(0), resolved, createRandom(resolved.seed ^ 0x5eed), first.bestEpoch);
    model = refit.model;
  }
  return { model, history: first.history, validationRmse: first.bestValidationRmse, epochs, trainMs: performance.now() - startMs };
}
