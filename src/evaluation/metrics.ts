// Accuracy and top-k ranking metrics (Surprise-style), independent of any model: models enter only as predict(u, i).
import type { RatingTriples } from '../engine/kmf';

export type Predict = (user: number, item: number) => number;

export interface ErrorMetrics {
  rmse: number;
  mae: number;
  count: number;
}

/** RMSE = √(mean (r − r̂)²) and MAE = mean |r − r̂| over the test ratings. */
export function errorMetrics(predict: Predict, test: RatingTriples): ErrorMetrics {
  let squared = 0;
  let absolute = 0;
  for (let t = 0; t < test.count; t++) {
    const e = test.rating[t] - predict(test.user[t], test.item[t]);
    squared += e * e;
    absolute += Math.abs(e);
  }
  return { rmse: Math.sqrt(squared / test.count), mae: absolute / test.count, count: test.count };
}

export interface RankingMetrics {
  k: number;
  /** Mean over evaluated users of hits@k / k. */
  precision: number;
  /** Mean over evaluated users of hits@k / |relevant|. */
  recall: number;
  /** Mean over evaluated users of DCG@k / IDCG@k with binary gains. */
  ndcg: number;
  /** Distinct items in anyone's top-k / items that could be recommended. */
  coverage: number;
  /** Users with at least one relevant test rating (the ones averaged over). */
  users: number;
}

export interface RankingOptions {
  k?: number;
  /** A test rating ≥ this is relevant. */
  relevantThreshold?: number;
  /** Items to rank instead of "every item with a training rating" (e.g. cold movies only). */
  candidates?: ArrayLike<number>;
}

/**
 * Top-k metrics. Candidates for user u = items with at least one training rating that u has not rated in training;
 * relevant = u's test ratings ≥ threshold (4 by default); unrated candidates count as not relevant. Ties are broken
 * by lower item index, so a constant predictor gets a fixed arbitrary list.
 */
export function rankingMetrics(predict: Predict, train: RatingTriples, test: RatingTriples, options: RankingOptions = {}): RankingMetrics {
  const k = options.k ?? 10;
  const threshold = options.relevantThreshold ?? 4;
  const nItems = Math.max(train.nItems, test.nItems);
  const itemInTrain = new Uint8Array(nItems);
  for (let t = 0; t < train.count; t++) itemInTrain[train.item[t]] = 1;
  const candidateItems: number[] = [];
  if (options.candidates) candidateItems.push(...Array.from(options.candidates));
  else for (let i = 0; i < nItems; i++) if (itemInTrain[i]) candidateItems.push(i);

  const trainByUser = new Map<number, number[]>();
  for (let t = 0; t < train.count; t++) {
    const list = trainByUser.get(train.user[t]);
    if (list) list.push(train.item[t]);
    else trainByUser.set(train.user[t], [train.item[t]]);
  }
  const relevantByUser = new Map<number, Set<number>>();
  for (let t = 0; t < test.count; t++) {
    if (test.rating[t] < threshold) continue;
    const set = relevantByUser.get(test.user[t]);
    if (set) set.add(test.item[t]);
    else relevantByUser.set(test.user[t], new Set([test.item[t]]));
  }

  const rated = new Int32Array(nItems).fill(-1);
  const recommended = new Uint8Array(nItems);
  const topItems = new Int32Array(k);
  const topScores = new Float64Array(k);
  let precisionSum = 0;
  let recallSum = 0;
  let ndcgSum = 0;
  let users = 0;
  for (const [user, relevant] of relevantByUser) {
    for (const item of trainByUser.get(user) ?? []) rated[item] = user;
    let filled = 0;
    for (const item of candidateItems) {
      if (rated[item] === user) continue;
      const score = predict(user, item);
      if (filled === k && score <= topScores[k - 1]) continue;
      // Insertion into the sorted top-k (descending; equal scores keep the earlier, lower index first).
      let position = filled < k ? filled++ : k - 1;
      while (position > 0 && topScores[position - 1] < score) {
        topScores[position] = topScores[position - 1];
        topItems[position] = topItems[position - 1];
        position--;
      }
      topScores[position] = score;
      topItems[position] = item;
    }
    let hits = 0;
    let dcg = 0;
    for (let rank = 0; rank < filled; rank++) {
      recommended[topItems[rank]] = 1;
      if (relevant.has(topItems[rank])) {
        hits++;
        dcg += 1 / Math.log2(rank + 2);
      }
    }
    let idcg = 0;
    for (let rank = 0; rank < Math.min(k, relevant.size); rank++) idcg += 1 / Math.log2(rank + 2);
    precisionSum += hits / k;
    recallSum += hits / relevant.size;
    ndcgSum += dcg / idcg;
    users++;
  }
  let distinct = 0;
  for (let i = 0; i < nItems; i++) distinct += recommended[i];
  return {
    k,
    precision: users ? precisionSum / users : Number.NaN,
    recall: users ? recallSum / users : Number.NaN,
    ndcg: users ? ndcgSum / users : Number.NaN,
    coverage: candidateItems.length ? distinct / candidateItems.length : Number.NaN,
    users,
  };
}

export interface ActivityBucket {
  /** Inclusive range of the user's number of training ratings. */
  minRatings: number;
  maxRatings: number;
  rmse: number;
  count: number;
}

export const DEFAULT_ACTIVITY_EDGES = [1, 20, 35, 50, 100, 200, 500, Number.POSITIVE_INFINITY];

/** Test RMSE bucketed by how many training ratings the test rating's user has (cold users on the left). */
export function rmseByUserActivity(predict: Predict, train: RatingTriples, test: RatingTriples, edges = DEFAULT_ACTIVITY_EDGES): ActivityBucket[] {
  const trainCount = new Int32Array(Math.max(train.nUsers, test.nUsers));
  for (let t = 0; t < train.count; t++) trainCount[train.user[t]]++;
  const buckets: ActivityBucket[] = [];
  for (let b = 0; b + 1 < edges.length; b++) buckets.push({ minRatings: edges[b], maxRatings: edges[b + 1] - 1, rmse: 0, count: 0 });
  const zeroBucket: ActivityBucket = { minRatings: 0, maxRatings: 0, rmse: 0, count: 0 };
  for (let t = 0; t < test.count; t++) {
    const n = trainCount[test.user[t]];
    const bucket = n === 0 ? zeroBucket : buckets.find((x) => n >= x.minRatings && n <= x.maxRatings);
    if (!bucket) continue;
    const e = test.rating[t] - predict(test.user[t], test.item[t]);
    bucket.rmse += e * e;
    bucket.count++;
  }
  const all = zeroBucket.count > 0 ? [zeroBucket, ...buckets] : buckets;
  return all.filter((x) => x.count > 0).map((x) => ({ ...x, rmse: Math.sqrt(x.rmse / x.count) }));
}
