// Cold-movie protocol: hold movies out of training entirely, then predict their KMF parameters from their keyword soup.
import { trainKmf, DEFAULT_KMF_PARAMS, ratingFromLogit, type KmfModel, type KmfParams } from '../engine/kmf';
import { fitContentItemModel, type ContentItemParams } from '../engine/kmf/content';
import { createRandom, shuffleInPlace } from '../engine/kmf/random';
import type { CsrMatrix } from '../engine/sparse';
import { createKeywordIndex } from '../engine/keywordIndex';
import { inputPaths, readMovieInputs, soupForMovies } from '../pipeline/buildData';
import { subset, type RatingDataset } from './dataset';
import { errorMetrics, rankingMetrics } from './metrics';
import { asTmdbId, catalogRowOf, type CatalogIds } from '../engine/ids';

export interface SoupCatalog {
  /** Rows = catalog movies, values = soup counts / row L2 norm. */
  keywords: CsrMatrix;
  /** TMDB id → row of `keywords` (the movies' one mapper, src/engine/ids.ts). */
  rowOfTmdbId: CatalogIds;
}

/** Builds the L2-normalised keyword soup (keywords, top-3 cast, director, genres) for every movie in a Kaggle folder. */
export async function loadSoupCatalog(dir: string): Promise<SoupCatalog> {
  const { movies, credits, keywords } = await readMovieInputs(inputPaths(dir, 'small'));
  const soup = soupForMovies(movies, credits, keywords);
  const index = createKeywordIndex(soup.indptr, soup.indices, soup.counts, soup.norms, soup.vocabulary, soup.roles, soup.labels);
  const rowOfTmdbId = catalogRowOf({ ids: Int32Array.from(movies, (m) => m.id) });
  return { keywords: index.matrix, rowOfTmdbId };
}

export interface ColdItemMethod {
  name: string;
  rmse: number;
  mae: number;
  ndcg: number;
  precision: number;
}

export interface ColdItemResult {
  heldOutItems: number;
  heldOutRatings: number;
  trainedItems: number;
  rankedUsers: number;
  contentFitMs: number;
  cgIterations: number;
  methods: ColdItemMethod[];
}

export interface ColdItemOptions {
  heldOutFraction?: number;
  seed?: number;
  params?: Partial<KmfParams>;
  content?: Partial<ContentItemParams>;
}

/**
 * Holds out a seeded share of the movies that have a soup row (all their ratings leave training), trains KMF on the rest,
 * fits the content model on the trained movies and scores the held-out ratings with: an average movie (b_i = 0, q_i = 0),
 * the mean trained item bias, the content-predicted bias alone, and the content-predicted bias + factors.
 * NDCG@10 ranks, per user, all held-out movies (relevant = rating ≥ 4).
 */
export function evaluateColdItems(data: RatingDataset, catalog: SoupCatalog, options: ColdItemOptions = {}): ColdItemResult {
  const params: KmfParams = { ...DEFAULT_KMF_PARAMS, ...options.params };
  const rowOfItem = Int32Array.from(data.tmdbIds, (id) => catalog.rowOfTmdbId.rowOf(asTmdbId(id)) ?? -1);
  const eligible = Int32Array.from(Array.from(rowOfItem.keys()).filter((i) => rowOfItem[i] >= 0));
  shuffleInPlace(eligible, createRandom(options.seed ?? 0));
  const heldOutCount = Math.round(eligible.length * (options.heldOutFraction ?? 0.1));
  const isHeldOut = new Uint8Array(data.nItems);
  for (let x = 0; x < heldOutCount; x++) isHeldOut[eligible[x]] = 1;

  const trainIdx: number[] = [];
  const testIdx: number[] = [];
  for (let t = 0; t < data.count; t++) (isHeldOut[data.item[t]] ? testIdx : trainIdx).push(t);
  const train = subset(data, trainIdx);
  const test = subset(data, testIdx);
  const model: KmfModel = trainKmf(train, params).model;

  const ratingCount = new Int32Array(data.nItems);
  for (let t = 0; t < train.count; t++) ratingCount[train.item[t]]++;
  const trainedItems = Array.from(rowOfItem.keys()).filter((i) => ratingCount[i] > 0 && rowOfItem[i] >= 0);
  const k = model.factors;
  const ratedRows = Int32Array.from(trainedItems, (i) => rowOfItem[i]);
  const itemBias = Float32Array.from(trainedItems, (i) => model.itemBias[i]);
  const itemFactors = new Float32Array(trainedItems.length * k);
  trainedItems.forEach((i, j) => itemFactors.set(model.itemFactors.subarray(i * k, i * k + k), j * k));
  const start = performance.now();
  const content = fitContentItemModel(catalog.keywords, ratedRows, itemFactors, itemBias, {
    ...options.content,
    ratingCounts: Int32Array.from(trainedItems, (i) => ratingCount[i]),
  });
  const contentFitMs = performance.now() - start;

  const heldOutItems = Array.from(eligible.subarray(0, heldOutCount));
  const predicted = new Map(heldOutItems.map((i) => [i, content(rowOfItem[i])]));
  const meanTrainedBias = itemBias.reduce((s, b) => s + b, 0) / Math.max(1, itemBias.length);
  const scoreWith =
    (bias: (i: number) => number, factors: (i: number) => Float32Array | null) =>
    (u: number, i: number): number => {
      let z = model.globalBias + model.userBias[u] + bias(i);
      const q = factors(i);
      if (q) for (let f = 0; f < k; f++) z += model.userFactors[u * k + f] * q[f];
      return ratingFromLogit(z);
    };
  const variants: [string, (u: number, i: number) => number][] = [
    [
      'average movie (b_i = 0, q_i = 0)',
      scoreWith(
        () => 0,
        () => null,
      ),
    ],
    [
      'mean trained item bias, q_i = 0',
      scoreWith(
        () => meanTrainedBias,
        () => null,
      ),
    ],
    [
      'content bias, q_i = 0',
      scoreWith(
        (i) => predicted.get(i)!.bias,
        () => null,
      ),
    ],
    [
      'content bias + content factors',
      scoreWith(
        (i) => predicted.get(i)!.bias,
        (i) => predicted.get(i)!.factors,
      ),
    ],
  ];
  let rankedUsers = 0;
  const methods = variants.map(([name, predict]) => {
    const errors = errorMetrics(predict, test);
    const ranking = rankingMetrics(predict, train, test, { candidates: heldOutItems });
    rankedUsers = ranking.users;
    return { name, rmse: errors.rmse, mae: errors.mae, ndcg: ranking.ndcg, precision: ranking.precision };
  });
  return {
    heldOutItems: heldOutCount,
    heldOutRatings: test.count,
    trainedItems: trainedItems.length,
    rankedUsers,
    contentFitMs,
    cgIterations: content.iterations,
    methods,
  };
}
