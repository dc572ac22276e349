import { describe, expect, it } from 'vitest';
import { createGaussian, createRandom } from '../../src/engine/kmf/random';
import { compareModels } from '../../src/evaluation/compare';
import { randomSplit, ratingsByUser, type RatingDataset } from '../../src/evaluation/dataset';
import { errorMetrics, rankingMetrics, rmseByUserActivity } from '../../src/evaluation/metrics';
import { BiasBaselineModel, GlobalMeanModel, KmfRatingModel } from '../../src/evaluation/models';
import { evaluateOnlineFidelity } from '../../src/evaluation/onlineFidelity';
import type { ListMetrics } from '../../src/evaluation/protocols';
import type { RankingEvaluation, RankingRow } from '../../src/evaluation/ranking';
import { renderEvaluationReport, summaryParagraph, vegaLiteSvg, type EvaluationReportInput } from '../../src/evaluation/report';
import { triplesOf as triples } from '../helpers/triples';

/** Users with planted biases and rank-2 tastes; timestamps increase per user. */
function plantedDataset(nUsers: number, nItems: number, density: number, seed: number): RatingDataset {
  const random = createRandom(seed);
  const gaussian = createGaussian(random);
  const bu = Array.from({ length: nUsers }, () => gaussian() * 0.5);
  const bi = Array.from({ length: nItems }, () => gaussian() * 0.5);
  const p = Array.from({ length: nUsers * 2 }, () => gaussian());
  const q = Array.from({ length: nItems * 2 }, () => gaussian());
  const rows: number[][] = [];
  for (let u = 0; u < nUsers; u++)
    for (let i = 0; i < nItems; i++) {
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
    const test = triples(
      [
        [0, 0, 4],
        [0, 1, 2],
        [1, 0, 5],
      ],
      2,
      2,
    );
    const predictions = [
      [3, 2],
      [5, 0],
    ];
    const result = errorMetrics((u, i) => predictions[u][i], test);
    expect(result.rmse).toBeCloseTo(Math.sqrt(1 / 3), 12);
    expect(result.mae).toBeCloseTo(1 / 3, 12);
  });
});

describe('ranking metrics', () => {
  // 6 items; user 0 rated items 0,1 in train; test: item 2 (5 stars, relevant), item 3 (4.5, relevant), item 4 (2, not).
  const train = triples(
    [
      [0, 0, 3],
      [0, 1, 4],
      [1, 2, 4],
      [1, 3, 4],
      [1, 4, 4],
      [1, 5, 4],
    ],
    2,
    6,
  );
  const test = triples(
    [
      [0, 2, 5],
      [0, 3, 4.5],
      [0, 4, 2],
    ],
    2,
    6,
  );

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
    const train = triples(
      [
        [0, 0, 3],
        [1, 0, 3],
        [1, 1, 3],
      ],
      3,
      2,
    );
    const test = triples(
      [
        [0, 1, 4],
        [1, 0, 5],
        [2, 0, 1],
      ],
      3,
      2,
    );
    const buckets = rmseByUserActivity(() => 3, train, test, [1, 2, 3]);
    expect(buckets).toEqual([
      { minRatings: 0, maxRatings: 0, rmse: 2, count: 1 },
      { minRatings: 1, maxRatings: 1, rmse: 1, count: 1 },
      { minRatings: 2, maxRatings: 2, rmse: 2, count: 1 },
    ]);
  });
});

describe('online fidelity protocol and report', () => {
  it('runs the replay protocol, with error falling as users reveal more ratings', async () => {
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

    const html = await renderEvaluationReport({ title: 'T <x>', dataDescription: 'd', models: [], online: result, generatedAt: 'now' });
    expect(html.match(/<svg /g)?.length).toBe(1); // the online chart only: no models, no ranking
    expect(html).toContain('T &lt;x&gt;');
    expect(html).not.toContain('<script');
    expect(html).toContain('top-10 protocols were not run');
  });
});

function listMetrics(ndcg: number, hitRate: number, obscureShare = 0.01): ListMetrics {
  return { k: 10, lists: 100, hitRate, precision: ndcg * 0.7, recall: ndcg * 0.8, ndcg, obscureShare, coverage: 0.02, distinctPicks: 200 };
}

function rankingRow(
  name: string,
  shipped: boolean,
  forYou: ListMetrics | null,
  withVector: ListMetrics | null,
  noVector: ListMetrics | null,
  rmse: number | null = null,
): RankingRow {
  return { name, description: `${name} <desc>`, shipped, rmse, forYou, likeThisWithVector: withVector, likeThisNoVector: noVector, trainMs: 1000 };
}

function sampleReportInput(rows: RankingRow[]): EvaluationReportInput {
  const ranking: RankingEvaluation = {
    rows,
    easeLambda: { chosen: 400, validationNdcg: { 400: 0.1 } },
    pureSvdFactors: { chosen: 20, validationNdcg: { 20: 0.1 } },
    likeThisCases: 300,
    forYouUsers: 120,
    shippedTiming: { fitUserMs: 1, forYouMs: 2, recommendMs: 3 },
  };
  const nanRanking = { k: 10, precision: Number.NaN, recall: Number.NaN, ndcg: Number.NaN, coverage: Number.NaN, users: 0 };
  const byActivity = [
    { minRatings: 0, maxRatings: 19, rmse: 1.0, count: 10 },
    { minRatings: 20, maxRatings: Infinity, rmse: 0.9, count: 20 },
  ];
  return {
    title: 'Eval',
    dataDescription: 'ratings <small>',
    generatedAt: 'now',
    online: null,
    ranking,
    models: [
      { name: 'global mean', description: 'r̂ = μ', rmse: 1.05, mae: 0.84, ranking: nanRanking, trainMs: 1, epochs: null, history: [], byActivity },
      {
        name: 'tuned KMF',
        description: 'sigmoid KMF',
        rmse: 0.856,
        mae: 0.66,
        ranking: nanRanking,
        trainMs: 10_000,
        epochs: 3,
        history: [1, 2, 3].map((epoch) => ({ epoch, trainRmse: 1 - epoch * 0.05, validationRmse: 0.95 - epoch * 0.01 })),
        byActivity: byActivity.map((b) => ({ ...b, rmse: b.rmse - 0.1 })),
      },
    ],
    coldItems: {
      heldOutItems: 10,
      heldOutRatings: 50,
      trainedItems: 90,
      rankedUsers: 20,
      contentFitMs: 100,
      cgIterations: 5,
      methods: [
        { name: 'average movie (b_i = 0, q_i = 0)', rmse: 0.98, mae: 0.77, ndcg: 0.1, precision: 0.05 },
        { name: 'content bias + content factors', rmse: 0.93, mae: 0.73, ndcg: 0.2, precision: 0.1 },
      ],
    },
  };
}

describe('evaluation report', () => {
  const rows = [
    rankingRow('CineLocal (shipped)', true, listMetrics(0.31, 0.77, 0.002), listMetrics(0.2, 0.7), listMetrics(0.1, 0.38), 0.855),
    rankingRow('reference design', false, null, listMetrics(0.1, 0.21, 0.39), listMetrics(0.01, 0.02, 0.78)),
    rankingRow('most popular', false, listMetrics(0.15, 0.53), listMetrics(0.1, 0.49), listMetrics(0.1, 0.41)),
    rankingRow('EASE <λ>', false, listMetrics(0.296, 0.78), listMetrics(0.21, 0.708), listMetrics(0.09, 0.33)),
    rankingRow('PureSVD', false, listMetrics(0.29, 0.78), null, null),
    rankingRow('tuned KMF', false, listMetrics(0.09, 0.38, 0.03), null, null, 0.856),
  ];

  it('renders a Vega-Lite spec to static SVG in Node, escaping its text', async () => {
    const svg = await vegaLiteSvg({
      data: {
        values: [
          { a: 'x <y> & "z"', b: 1 },
          { a: 'w', b: 2 },
        ],
      },
      mark: 'bar',
      encoding: { y: { field: 'a', type: 'nominal' }, x: { field: 'b', type: 'quantitative' } },
    });
    expect(svg.startsWith('<svg ')).toBe(true);
    expect(svg).toContain('x &lt;y&gt; &amp;');
    expect(svg).not.toContain('<y>');
    expect(svg.match(/<path /g)?.length).toBeGreaterThanOrEqual(2);
  });

  it('draws every chart as inline SVG with no scripts or external assets, and escapes all text', async () => {
    const html = await renderEvaluationReport(sampleReportInput(rows));
    // For you, like this, < 50 votes, rating error, learning curves, error by activity, cold movies (online not run).
    expect(html.match(/<svg /g)?.length).toBe(7);
    expect(html.match(/<figure class="chart">/g)?.length).toBe(7);
    expect(html).not.toMatch(/<script|<img|<link|<iframe|src=|href="http/i);
    expect(html).not.toContain('EASE <λ>');
    expect(html).toContain('EASE &lt;λ&gt;');
    expect(html).toContain('ratings &lt;small&gt;');
    expect(html).not.toContain('NaN');
    // The rating table no longer has the (NaN) ranking columns; the ranking table comes from input.ranking.rows.
    expect(html).toContain('<th>model</th><th>RMSE</th><th>MAE</th><th>train s</th>');
    expect(html).toContain('<table class="ranking">');
    expect(html).toContain('<tr class="shipped"><td class="m">★ CineLocal (shipped)</td>');
    // The shipped model takes the strong colour in the bar charts, outlined.
    expect(html).toContain('fill="#d62728"');
  });

  it('gives each model one colour in every chart', async () => {
    const html = await renderEvaluationReport(sampleReportInput(rows));
    // Bars and lines carry "model: <name>" in their aria-label, then their colour as fill (bars, points) or stroke (lines).
    const colourOf = (svg: string, name: string): string | undefined =>
      svg.match(new RegExp(`aria-label="[^"]*model: ${name}(?:;[^"]*)?"[^>]*?(?:fill|stroke)="(#[0-9a-f]{6})"`))?.[1];
    const charts = html.split('<figure class="chart">').slice(1);
    const colours = new Map<string, string[]>();
    for (const chart of charts) {
      for (const name of ['CineLocal \\(shipped\\)', 'tuned KMF', 'most popular', 'global mean']) {
        const colour = colourOf(chart, name);
        if (colour) colours.set(name, [...(colours.get(name) ?? []), colour]);
      }
    }
    // tuned KMF: For you, < 50 votes, rating error, learning curves, error by activity.
    expect(colours.get('tuned KMF')?.length).toBe(5);
    expect(colours.get('CineLocal \\(shipped\\)')?.length).toBe(4);
    for (const list of colours.values()) expect(new Set(list).size).toBe(1);
    expect(new Set([...colours.values()].map((list) => list[0])).size).toBe(colours.size);
    expect(colours.get('CineLocal \\(shipped\\)')?.[0]).toBe('#d62728');
  });

  it('summarises which model ships and why, from the data', () => {
    const text = summaryParagraph(sampleReportInput(rows));
    expect(text).toContain('★ CineLocal (shipped)');
    expect(text).toMatch(/ranks best on “For you” NDCG@10 \(0\.310 vs 0\.296 for the best baseline, EASE &lt;λ&gt;/);
    expect(text).toMatch(/trails on “like this” HR@10 with the user’s ratings \(0\.700 vs 0\.708 for the best baseline, EASE &lt;λ&gt;/);
    expect(text).toContain('keeps test RMSE 0.855 (best rating model: tuned KMF, 0.856)');
    const noRanking = summaryParagraph({ ...sampleReportInput(rows), ranking: null });
    expect(noRanking).toContain('Lowest test RMSE: tuned KMF');
  });
});
