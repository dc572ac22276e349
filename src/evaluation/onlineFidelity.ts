// The online-update protocol of Rendle & Schmidt-Thieme (2008): new users arrive after training; how close does the
// cheap per-user update get to retraining everything?
import { onlineUpdateUser, predictRating, predictTrainedUser, trainKmf, DEFAULT_KMF_PARAMS, type KmfParams } from '../engine/kmf';
import { createRandom, shuffleInPlace } from '../engine/kmf/random';
import { ratingsByUser, subset, type RatingDataset } from './dataset';

export interface OnlineFidelityOptions {
  /** Share of users held out of the base training (the "new" users). */
  heldOutFraction?: number;
  seed?: number;
  /** Ratings replayed per online update. */
  batchSize?: number;
  /** Largest number of seen ratings on the curve. */
  maxSeen?: number;
  /** Seen-rating counts at which the full retrain is also run (each costs one training). */
  retrainCheckpoints?: number[];
  params?: Partial<KmfParams>;
}

export interface OnlineCurvePoint {
  /** Ratings of each held-out user seen so far (their earliest, in time order). */
  seen: number;
  /** Held-out users with more than `seen` ratings (the ones evaluated). */
  users: number;
  /** Later ratings the error is measured on. */
  ratings: number;
  onlineRmse: number;
  /** Same users and ratings, predicted by a model retrained on base + every held-out user's first `seen` ratings. */
  retrainRmse: number | null;
}

export interface OnlineFidelityResult {
  heldOutUsers: number;
  baseRatings: number;
  baseTrainMs: number;
  points: OnlineCurvePoint[];
  /** Wall time of single onlineUpdateUser calls. */
  updateMs: { mean: number; median: number; p95: number; max: number; calls: number };
  /** Mean ratings per update call (the size of the fitted history). */
  meanRatingsPerUpdate: number;
}

function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

/** Runs the protocol on `data` (all ratings; the held-out users are drawn from it with `seed`). */
export function evaluateOnlineFidelity(data: RatingDataset, options: OnlineFidelityOptions = {}): OnlineFidelityResult {
  const heldOutFraction = options.heldOutFraction ?? 0.1;
  const batchSize = options.batchSize ?? 5;
  const maxSeen = options.maxSeen ?? 50;
  const checkpoints = new Set(options.retrainCheckpoints ?? [5, 10, 20, 40]);
  const params: KmfParams = { ...DEFAULT_KMF_PARAMS, ...options.params };
  const byUser = ratingsByUser(data);

  const users = new Int32Array(data.nUsers);
  for (let u = 0; u < data.nUsers; u++) users[u] = u;
  shuffleInPlace(users, createRandom(options.seed ?? 0));
  const heldOut = Array.from(users.slice(0, Math.max(1, Math.round(data.nUsers * heldOutFraction)))).sort((a, b) => a - b);
  const isHeldOut = new Uint8Array(data.nUsers);
  for (const u of heldOut) isHeldOut[u] = 1;

  const baseIdx: number[] = [];
  for (let t = 0; t < data.count; t++) if (!isHeldOut[data.user[t]]) baseIdx.push(t);
  const base = trainKmf(subset(data, baseIdx), params);
  const model = base.model;

  const points: OnlineCurvePoint[] = [];
  const updateTimes: number[] = [];
  let ratingsFitted = 0;
  for (let seen = batchSize; seen <= maxSeen; seen += batchSize) {
    let sse = 0;
    let n = 0;
    let evaluatedUsers = 0;
    for (const u of heldOut) {
      const list = byUser[u];
      if (list.length <= seen) continue;
      evaluatedUsers++;
      const items = new Int32Array(seen);
      const ratings = new Float32Array(seen);
      for (let j = 0; j < seen; j++) {
        items[j] = data.item[list[j]];
        ratings[j] = data.rating[list[j]];
      }
      const start = performance.now();
      const fit = onlineUpdateUser(model, items, ratings, { regUser: params.regUser, regBias: params.regBias, priorUser: params.priorUser });
      updateTimes.push(performance.now() - start);
      ratingsFitted += seen;
      for (let j = seen; j < list.length; j++) {
        const e = data.rating[list[j]] - predictRating(model, fit.bias, fit.factors, data.item[list[j]]);
        sse += e * e;
        n++;
      }
    }
    if (evaluatedUsers === 0) break;
    let retrainRmse: number | null = null;
    if (checkpoints.has(seen)) {
      const retrainIdx = baseIdx.slice();
      for (const u of heldOut) for (let j = 0; j < Math.min(seen, byUser[u].length); j++) retrainIdx.push(byUser[u][j]);
      const retrained = trainKmf(subset(data, retrainIdx), params).model;
      let retrainSse = 0;
      for (const u of heldOut) {
        const list = byUser[u];
        if (list.length <= seen) continue;
        for (let j = seen; j < list.length; j++) {
          const e = data.rating[list[j]] - predictTrainedUser(retrained, u, data.item[list[j]]);
          retrainSse += e * e;
        }
      }
      retrainRmse = Math.sqrt(retrainSse / n);
    }
    points.push({ seen, users: evaluatedUsers, ratings: n, onlineRmse: Math.sqrt(sse / n), retrainRmse });
  }
  const sorted = updateTimes.slice().sort((a, b) => a - b);
  return {
    heldOutUsers: heldOut.length,
    baseRatings: baseIdx.length,
    baseTrainMs: base.trainMs,
    points,
    updateMs: {
      mean: sorted.reduce((s, x) => s + x, 0) / Math.max(1, sorted.length),
      median: quantile(sorted, 0.5),
      p95: quantile(sorted, 0.95),
      max: sorted.length ? sorted[sorted.length - 1] : Number.NaN,
      calls: sorted.length,
    },
    meanRatingsPerUpdate: ratingsFitted / Math.max(1, sorted.length),
  };
}
