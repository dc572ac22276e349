import { describe, expect, it } from 'vitest';
import type { RatingTriples } from '../../src/engine/kmf';
import { createGaussian, createRandom } from '../../src/engine/kmf/random';
import { compareModels } from '../../src/evaluation/compare';
import { randomSplit, ratingsByUser, type RatingDataset } from '../../src/evaluation/dataset';
import { errorMetrics, rankingMetrics, rmseByUserActivity } from '../../src/evaluation/metrics';
import { BiasBaselineModel, GlobalMeanModel, KmfRatingModel } from '../../src/evaluation/models';
import { evaluateOnlineFidelity } from '../../src/evaluation/onlineFidelity';
import { lineChartSvg, renderEvaluationReport } from '../../src/evaluation/report';

function triples(rows: [number, number, number][], nUsers: number, nItems: number): RatingTriples {
  return {
    user: Int32Array.from(rows, (r) => r[0]),
    item: Int32Array.from(rows, (r) => r[1]),
    rating: Float32Array.from(rows, (r) => r[2]),
    count: rows.length,
    nUsers,
    nItems,
  };
}

/** Users with planted biases and rank-2 tastes; timestamps increase per user. */
function plantedDataset(nUsers: number, nItems: number, density: number, seed: number): RatingDataset {
  const random = createRandom(seed);
  const gaussian = createGaussian(random);
  const bu = Array.from({ length: nUsers }, () => gaussian() * 0.5);
  const bi = Array.from({ length: nItems }, () => gaussian() * 0.5);
  const p = Array.from({ length: nUsers * 2 }, () => gaussian());
  const q = Array.from({ length: nItems * 2 }, () => gaussian());
  const rows: number[][] = [];
  for (let u = 0; u < nUsers; u++) for (let i = 0; i < nItems; i++) {
    if (random() >= density) continue;
    const raw = 3.5 + bu[u] + bi[i] + 0.5 * (p[2 * u] * q[2 * i] + p[2 * u + 1] * q[2 * i + 1]) + gaussian() * 0.3;
    rows.push([u, i, Math.min(5, Math.max(0.5, Math.round(raw * 2) / 2)), 1000 + rows.length]);
  }
  return {
    user: Int32Array.from(rows, (r) => r[0]),
    item: Int32Array.from(rows, (r) => r[1]),
    rating: Float32Array.from(rows, (r) => r[2]),
    timestamp: Int32Array.from(rows, (r) => r[3]),
    count: rows.length,
    nUsers,
    nItems,
    userIds: Int32Array.from({ length: nUsers }, (_, u) => u + 1),
    tmdbIds: Int32Array.from({ length: nItems }, (_, i) => i + 100),
  };
}

describe('error metrics', () => {
  it('computes RMSE and MAE by hand', () => {
    const test = triples([[0, 0, 4], [0, 1, 2], [1, 0, 5]], 2, 2);
    const predictions = [[3, 2], [5, 0]];
    const result = errorMetrics((u, i) => predictions[u][i], test);
    expect(result.rmse).toBeCloseTo(Math.sqrt(1 / 3), 12);
    expect(result.mae).toBeCloseTo(1 / 3, 12);
  });
});

describe('ranking metrics', () => {
  // 6 items; user 0 rated items 0,1 in train; test: item 2 (5 stars, relevant), item 3 (4.5, relevant), item 4 (2, not).
  const train = triples([[0, 0, 3], [0, 1, 4], [1, 2, 4], [1, 3, 4], [1, 4, 4], [1, 5, 4]], 2, 6);
  const test = triples([[0, 2, 5], [0, 3, 4.5], [0, 4, 2]], 2, 6);

  it('scores a ranking by hand (precision, recall, NDCG, coverage) and excludes training items', () => {
    // Scores put item 0 (already rated in train) first; it must be skipped. Ranking: 4, 2, 5, 3.
    const scores = [9, 0, 5, 1, 8, 2];
    const result = rankingMetrics((_u, i) => scores[i], train, test, { k: 3 });
    expect(result.users).toBe(1);
    expect(result.precision).toBeCloseTo(1 / 3, 12); // hits in top 3 (4, 2, 5): item 2
    expect(result.recall).toBeCloseTo(1 / 2, 12);
    const dcg = 1 / Math.log2(3);
    const idcg = 1 + 1 / Math.log2(3);
    expect(result.ndcg).toBeCloseTo(dcg / idcg, 12);
    expect(result.coverage).toBeCloseTo(3 / 6, 12);
  });

  it('gives a perfect ranking NDCG 1', () => {
    const scores = [0, 0, 9, 8, 1, 1];
    const result = rankingMetrics((_u, i) => scores[i], train, test, { k: 2 });
    expect(result.ndcg).toBeCloseTo(1, 12);
    expect(result.precision).toBe(1);
    expect(result.recall).toBe(1);
  });
});

describe('datasets and baselines', () => {
  const data = plantedDataset(120, 80, 0.3, 5);

  it('splits deterministically with the requested test share and no overlap', () => {
    const a = randomSplit(data, 0.2, 0);
    const b = randomSplit(data, 0.2, 0);
    const c = randomSplit(data, 0.2, 1);
    expect(a.test.count).toBe(Math.round(data.count * 0.2));
    expect(a.train.count + a.test.count).toBe(data.count);
    expect(a.test.timestamp).toEqual(b.test.timestamp);
    expect(a.test.timestamp).not.toEqual(c.test.timestamp);
    const testTimes = new Set(a.test.timestamp);
    expect([...a.train.timestamp].some((t) => testTimes.has(t))).toBe(false);
  });

  it('orders each user’s ratings by time', () => {
    const lists = ratingsByUser(data);
    for (const list of lists) for (let j = 1; j < list.length; j++) expect(data.timestamp[list[j]]).toBeGreaterThan(data.timestamp[list[j - 1]]);
  });

  it('ranks models as expected: mean < biases < KMF on planted tastes', () => {
    const { train, test } = randomSplit(data, 0.2, 0);
    const results = compareModels(
      [new GlobalMeanModel(), new BiasBaselineModel(), new KmfRatingModel('kmf', { factors: 6, epochs: 80, learningRate: 0.02, regUser: 0.05, regItem: 0.05 })],
      train,
      test,
    );
    const [mean, biases, kmf] = results;
    expect(biases.rmse).toBeLessThan(mean.rmse - 0.05);
    expect(kmf.rmse).toBeLessThan(biases.rmse - 0.02);
    expect(kmf.ranking.ndcg).toBeGreaterThan(mean.ranking.ndcg);
    expect(kmf.history.length).toBeGreaterThan(0);
    expect(biases.byActivity.reduce((s, b) => s + b.count, 0)).toBe(test.count);
  });

  it('buckets test RMSE by the user’s training activity', () => {
    const train = triples([[0, 0, 3], [1, 0, 3], [1, 1, 3]], 3, 2);
    const test = triples([[0, 1, 4], [1, 0, 5], [2, 0, 1]], 3, 2);
    const buckets = rmseByUserActivity(() => 3, train, test, [1, 2, 3]);
    expect(buckets).toEqual([
      { minRatings: 0, maxRatings: 0, rmse: 2, count: 1 },
      { minRatings: 1, maxRatings: 1, rmse: 1, count: 1 },
      { minRatings: 2, maxRatings: 2, rmse: 2, count: 1 },
    ]);
  });
});

describe('online fidelity protocol and report', () => {
  it('runs the replay protocol, with error falling as users reveal more ratings', () => {
    const data = plantedDataset(150, 100, 0.4, 9);
    const result = evaluateOnlineFidelity(data, {
      heldOutFraction: 0.2,
      batchSize: 5,
      maxSeen: 30,
      retrainCheckpoints: [20],
      params: { factors: 6, epochs: 60, learningRate: 0.02, regUser: 0.05, regItem: 0.05, refitOnAll: false },
    });
    expect(result.heldOutUsers).toBe(30);
    expect(result.points.map((p) => p.seen)).toEqual([5, 10, 15, 20, 25, 30]);
    expect(result.points[5].onlineRmse).toBeLessThan(result.points[0].onlineRmse);
    const at20 = result.points[3];
    expect(at20.retrainRmse).not.toBeNull();
    expect(at20.onlineRmse).toBeLessThan((at20.retrainRmse as number) * 1.1);
    expect(result.updateMs.calls).toBeGreaterThan(0);

    const html = renderEvaluationReport({ title: 'T <x>', dataDescription: 'd', models: [], online: result, generatedAt: 'now' });
    expect(html).toContain('<svg');
    expect(html).toContain('T &lt;x&gt;');
    expect(html).not.toContain('<script');
  });

  it('draws one path per series', () => {
    const svg = lineChartSvg('t', 'x', 'y', [
      { name: 'a', points: [[1, 1], [2, 2]] },
      { name: 'b', points: [[1, 2], [2, 1]], dashed: true },
    ]);
    expect(svg.match(/<path /g)?.length).toBe(2);
    expect(svg).toContain('stroke-dasharray');
  });
});
