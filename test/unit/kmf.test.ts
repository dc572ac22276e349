import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  choleskyInPlace,
  choleskySolveInPlace,
  onlineUpdateUser,
  predictRating,
  predictTrainedUser,
  trainKmf,
  type KmfModel,
  type KmfParams,
  type RatingTriples,
} from '../../src/engine/kmf';
import { createGaussian, createRandom } from '../../src/engine/kmf/random';

interface Planted {
  train: RatingTriples;
  /** Held-out ratings (same users and items). */
  test: RatingTriples;
  /** Every rating of each user, by user: [item, rating] pairs. */
  byUser: [number, number][][];
}

/** Ratings from planted rank-3 logistic factors plus noise, rounded to half stars. */
function plantedRatings(nUsers: number, nItems: number, density: number, seed: number): Planted {
  const random = createRandom(seed);
  const gaussian = createGaussian(random);
  const rank = 3;
  const p = Array.from({ length: nUsers * rank }, () => gaussian());
  const q = Array.from({ length: nItems * rank }, () => gaussian());
  const bu = Array.from({ length: nUsers }, () => gaussian() * 0.4);
  const bi = Array.from({ length: nItems }, () => gaussian() * 0.4);
  const rows: { u: number; i: number; r: number; test: boolean }[] = [];
  const byUser: [number, number][][] = Array.from({ length: nUsers }, () => []);
  for (let u = 0; u < nUsers; u++) {
    for (let i = 0; i < nItems; i++) {
      if (random() >= density) continue;
      let z = 0.6 + bu[u] + bi[i];
      for (let f = 0; f < rank; f++) z += p[u * rank + f] * q[i * rank + f];
      const noisy = 5 / (1 + Math.exp(-z)) + gaussian() * 0.3;
      const r = Math.min(5, Math.max(0.5, Math.round(noisy * 2) / 2));
      rows.push({ u, i, r, test: random() < 0.2 });
      byUser[u].push([i, r]);
    }
  }
  const toTriples = (subset: typeof rows): RatingTriples => ({
    user: Int32Array.from(subset, (x) => x.u),
    item: Int32Array.from(subset, (x) => x.i),
    rating: Float32Array.from(subset, (x) => x.r),
    count: subset.length,
    nUsers,
    nItems,
  });
  return { train: toTriples(rows.filter((x) => !x.test)), test: toTriples(rows.filter((x) => x.test)), byUser };
}

function rmse(model: KmfModel, data: RatingTriples): number {
  let sse = 0;
  for (let t = 0; t < data.count; t++) {
    const e = data.rating[t] - predictTrainedUser(model, data.user[t], data.item[t]);
    sse += e * e;
  }
  return Math.sqrt(sse / data.count);
}

function meanRmse(train: RatingTriples, test: RatingTriples): number {
  let mean = 0;
  for (let t = 0; t < train.count; t++) mean += train.rating[t];
  mean /= train.count;
  let sse = 0;
  for (let t = 0; t < test.count; t++) sse += (test.rating[t] - mean) ** 2;
  return Math.sqrt(sse / test.count);
}

const planted = plantedRatings(200, 150, 0.3, 7);
const fastParams: Partial<KmfParams> = { factors: 8, epochs: 60, patience: 5, learningRate: 0.02, regUser: 0.05, regItem: 0.05, regBias: 0.02 };

describe('trainKmf', () => {
  const result = trainKmf(planted.train, fastParams);

  it('predicts well below the global-mean baseline on planted factors', () => {
    const baseline = meanRmse(planted.train, planted.test);
    const model = rmse(result.model, planted.test);
    expect(model).toBeLessThan(0.8 * baseline);
    expect(result.validationRmse).toBeLessThan(0.8 * baseline);
    expect(result.history.length).toBeGreaterThan(1);
    expect(result.history[result.history.length - 1].trainRmse).toBeLessThan(result.history[0].trainRmse);
  });

  it('is deterministic for a seed and differs across seeds', () => {
    const again = trainKmf(planted.train, fastParams);
    expect(again.model.userFactors).toEqual(result.model.userFactors);
    expect(again.model.itemBias).toEqual(result.model.itemBias);
    expect(again.history).toEqual(result.history);
    const otherSeed = trainKmf(planted.train, { ...fastParams, seed: 1 });
    expect(otherSeed.model.userFactors).not.toEqual(result.model.userFactors);
  });

  it('also trains with mini-batch RMSprop', () => {
    const rmsprop = trainKmf(planted.train, { ...fastParams, optimizer: 'rmsprop', learningRate: 0.01, batchSize: 32 });
    expect(rmse(rmsprop.model, planted.test)).toBeLessThan(0.85 * meanRmse(planted.train, planted.test));
  });

  it('rejects out-of-range indices with the offending rating named', () => {
    const bad: RatingTriples = { ...planted.train, item: planted.train.item.slice() };
    bad.item[3] = 10_000;
    expect(() => trainKmf(bad, fastParams)).toThrow(/rating 3: item index 10000/);
  });
});

describe('predictRating', () => {
  it('always lies in [0, 5], whatever the parameters', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -1e6, max: 1e6, noNaN: true }),
        fc.array(fc.double({ min: -100, max: 100, noNaN: true }), { minLength: 3, maxLength: 3 }),
        fc.array(fc.double({ min: -100, max: 100, noNaN: true }), { minLength: 3, maxLength: 3 }),
        (bias, userFactors, itemFactors) => {
          const model = { factors: 3, globalBias: 0.5, itemBias: new Float32Array([bias]), itemFactors: Float32Array.from(itemFactors) };
          const prediction = predictRating(model, -bias / 2, userFactors, 0);
          return prediction >= 0 && prediction <= 5;
        },
      ),
    );
  });
});

describe('onlineUpdateUser', () => {
  const params: Partial<KmfParams> = { ...fastParams, epochs: 150, patience: 150, validationFraction: 0, lrDecay: 0.97 };
  const trained = trainKmf(planted.train, params).model;
  const itemsOf = (user: number): [number[], number[]] => {
    const items: number[] = [];
    const ratings: number[] = [];
    for (let t = 0; t < planted.train.count; t++) {
      if (planted.train.user[t] !== user) continue;
      items.push(planted.train.item[t]);
      ratings.push(planted.train.rating[t]);
    }
    return [items, ratings];
  };
  const meanAbsDifference = (bias: number, factors: Float32Array, user: number): number => {
    let sum = 0;
    for (let i = 0; i < trained.nItems; i++) sum += Math.abs(predictRating(trained, bias, factors, i) - predictTrainedUser(trained, user, i));
    return sum / trained.nItems;
  };

  it('approximately recovers a trained user from the same ratings', () => {
    let total = 0;
    for (let user = 0; user < 20; user++) {
      const [items, ratings] = itemsOf(user);
      const fit = onlineUpdateUser(trained, items, ratings, { regUser: params.regUser, regBias: params.regBias });
      total += meanAbsDifference(fit.bias, fit.factors, user);
    }
    expect(total / 20).toBeLessThan(0.12);
  });

  it('gives a newcomer who rates like a known user predictions close to that user', () => {
    const [items, ratings] = itemsOf(5);
    // The newcomer rated only three quarters of the same movies, identically.
    const keep = items.map((_, j) => j % 4 !== 0);
    const fit = onlineUpdateUser(
      trained,
      items.filter((_, j) => keep[j]),
      ratings.filter((_, j) => keep[j]),
      { regUser: params.regUser, regBias: params.regBias },
    );
    const closeToTwin = meanAbsDifference(fit.bias, fit.factors, 5);
    let toOthers = 0;
    for (let other = 30; other < 40; other++) toOthers += meanAbsDifference(fit.bias, fit.factors, other) / 10;
    expect(closeToTwin).toBeLessThan(0.25);
    expect(closeToTwin).toBeLessThan(0.4 * toOthers);
  });

  it('has lower error on held-out ratings with more of the user’s ratings', () => {
    const errorWith = (share: number): number => {
      let sse = 0;
      let n = 0;
      for (let user = 0; user < planted.byUser.length; user++) {
        const rows = planted.byUser[user];
        if (rows.length < 40) continue;
        const heldOut = rows.slice(rows.length - 10);
        const seen = rows.slice(0, Math.round((rows.length - 10) * share));
        const fit = onlineUpdateUser(
          trained,
          seen.map((x) => x[0]),
          seen.map((x) => x[1]),
          { regUser: params.regUser, regBias: params.regBias },
        );
        for (const [item, rating] of heldOut) {
          sse += (rating - predictRating(trained, fit.bias, fit.factors, item)) ** 2;
          n++;
        }
      }
      return Math.sqrt(sse / n);
    };
    const few = errorWith(0.1);
    const many = errorWith(1);
    expect(many).toBeLessThan(few - 0.05);
  });

  it('shrinks a sparse user harder with a constant prior, and matches training that used the same prior', () => {
    const [items, ratings] = itemsOf(7);
    const few = { items: items.slice(0, 4), ratings: ratings.slice(0, 4) };
    const norm = (v: Float32Array): number => Math.hypot(...v);
    const loose = onlineUpdateUser(trained, few.items, few.ratings, { regUser: 0.05, regBias: 0.02, priorUser: 0 });
    const tight = onlineUpdateUser(trained, few.items, few.ratings, { regUser: 0.05, regBias: 0.02, priorUser: 5 });
    expect(norm(tight.factors)).toBeLessThan(0.7 * norm(loose.factors));
    expect(Math.abs(tight.bias)).toBeLessThan(Math.abs(loose.bias));

    const priorParams = { ...params, priorUser: 2, priorItem: 2 };
    const withPrior = trainKmf(planted.train, priorParams).model;
    let total = 0;
    for (let user = 0; user < 20; user++) {
      const [userItems, userRatings] = itemsOf(user);
      const fit = onlineUpdateUser(withPrior, userItems, userRatings, { regUser: priorParams.regUser, regBias: priorParams.regBias, priorUser: 2 });
      let sum = 0;
      for (let i = 0; i < withPrior.nItems; i++) sum += Math.abs(predictRating(withPrior, fit.bias, fit.factors, i) - predictTrainedUser(withPrior, user, i));
      total += sum / withPrior.nItems;
    }
    expect(total / 20).toBeLessThan(0.12);
  });

  it('is deterministic, handles no ratings, and names a bad item index', () => {
    const [items, ratings] = itemsOf(2);
    const a = onlineUpdateUser(trained, items, ratings);
    const b = onlineUpdateUser(trained, Int32Array.from(items), Float32Array.from(ratings));
    expect(a.factors).toEqual(b.factors);
    expect(a.bias).toBe(b.bias);
    const empty = onlineUpdateUser(trained, [], []);
    expect(empty.bias).toBe(0);
    expect([...empty.factors].every((x) => x === 0)).toBe(true);
    expect(() => onlineUpdateUser(trained, [1, 999], [3, 4])).toThrow(/rating 1: item index 999/);
  });

  it('fits 100 ratings with 40 factors in about a millisecond', () => {
    const random = createRandom(3);
    const gaussian = createGaussian(random);
    const model = {
      factors: 40,
      globalBias: 0.7,
      itemBias: Float32Array.from({ length: 1000 }, () => gaussian() * 0.3),
      itemFactors: Float32Array.from({ length: 40_000 }, () => gaussian() * 0.3),
    };
    const items = Array.from({ length: 100 }, (_, j) => j * 9);
    const ratings = items.map(() => Math.round(random() * 9 + 1) / 2);
    for (let warm = 0; warm < 200; warm++) onlineUpdateUser(model, items, ratings);
    const times: number[] = [];
    for (let rep = 0; rep < 200; rep++) {
      const start = performance.now();
      onlineUpdateUser(model, items, ratings);
      times.push(performance.now() - start);
    }
    times.sort((x, y) => x - y);
    const median = times[100];
    console.log(`onlineUpdateUser: 100 ratings, 40 factors: median ${median.toFixed(3)} ms`);
    // Generous bound for a loaded CI machine; the measured figure is printed above and reported in docs/kmf.md.
    expect(median).toBeLessThan(5);
  });
});

describe('Cholesky solve', () => {
  it('solves a random symmetric positive definite system', () => {
    const d = 12;
    const gaussian = createGaussian(createRandom(11));
    const m = Array.from({ length: d * d }, () => gaussian());
    const a = new Float64Array(d * d);
    for (let i = 0; i < d; i++)
      for (let j = 0; j < d; j++) {
        let s = i === j ? 0.5 : 0;
        for (let t = 0; t < d; t++) s += m[i * d + t] * m[j * d + t];
        a[i * d + j] = s;
      }
    const x = Array.from({ length: d }, () => gaussian());
    const b = new Float64Array(d);
    for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) b[i] += a[i * d + j] * x[j];
    const factor = a.slice();
    expect(choleskyInPlace(factor, d)).toBe(true);
    choleskySolveInPlace(factor, d, b);
    for (let i = 0; i < d; i++) expect(b[i]).toBeCloseTo(x[i], 8);
    expect(choleskyInPlace(new Float64Array([1, 2, 2, 1]), 2)).toBe(false);
  });
});
