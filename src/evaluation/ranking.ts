// Both top-10 protocols in one run: the shipped recommender (through the engine the app runs) beside honest baselines.
import { Engine } from '../engine/engine';
import { genreCandidates } from '../engine/genreIndex';
import { cosineToCandidates } from '../engine/keywordIndex';
import { predictRating, type KmfParams, type RatingTriples } from '../engine/kmf';
import { type BlendWeights, type LikeThisWeights } from '../engine/models/blend';
import { mergeLists, topK } from './lists';
import { ITEM_SOURCE, type Catalog } from '../engine/shards/dataset';
import type { UserRating } from '../engine/types';
import { fitModels, inMemoryDataset } from '../pipeline/buildData';
import type { SoupMatrix } from '../pipeline/soup';
import { randomSplit, type RatingDataset } from './dataset';
import { likeThisCases, listScorer, relevantByUser, type LikeThisCase, type ListMetrics } from './protocols';
import { EaseRanker, itemCounts, ItemKnnRanker, PopularityRanker, PureSvdRanker, userHistories, type Ranker } from './rankers';
import { KmfRatingModel } from './models';
import { evaluateLikeThisPeople, likeThisRun } from './likeThis';
import { asTmdbId, catalogRowOf } from '../engine/ids';

export interface RankingRow {
  name: string;
  description: string;
  /** The model the app ships ("For you": its list; rmse: its predicted ★). */
  shipped: boolean;
  rmse: number | null;
  forYou: ListMetrics | null;
  /** "Like this" for a person with their ratings (the baselines: their history + the seed where they use one). */
  likeThisWithVector: ListMetrics | null;
  /** "Like this" for a visitor (nothing rated; the person's seen movies still hidden so lists are judged alike). */
  likeThisNoVector: ListMetrics | null;
  /** "Like this" after rating only the seed, served as the app serves it (a vector fitted from that one rating). */
  likeThisOneRating?: ListMetrics | null;
  trainMs: number;
}

export interface RankingEvaluation {
  rows: RankingRow[];
  easeLambda: { chosen: number; validationNdcg: Record<string, number> };
  pureSvdFactors: { chosen: number; validationNdcg: Record<string, number> };
  likeThisCases: number;
  forYouUsers: number;
  shippedTiming: { fitUserMs: number; forYouMs: number; recommendMs: number };
}

export interface RankingOptions {
  k?: number;
  easeLambdas?: number[];
  easeMaxItems?: number;
  svdFactors?: number[];
  kmfParams?: Partial<KmfParams>;
  referenceKmfParams?: Partial<KmfParams>;
  blend?: { forYou?: Partial<BlendWeights>; likeThis?: Partial<LikeThisWeights> };
  log?: (message: string) => void;
  /** Also rank by the two KMF rating models (each trained on the split: slow; the multi-split run leaves them out). */
  kmfRankers?: boolean;
}

/** Training ratings of one user as the app holds them (TMDB id → rating). */
export function userRatings(train: RatingDataset): Map<number, UserRating[]> {
  const out = new Map<number, UserRating[]>();
  for (let t = 0; t < train.count; t++) {
    const u = train.user[t];
    if (!out.has(u)) out.set(u, []);
    out.get(u)!.push({ movieId: train.tmdbIds[train.item[t]], rating: train.rating[t] });
  }
  return out;
}

/** The training split as build-data reads ratings (TMDB ids, user ids). */
export function asRatingsTable(data: RatingDataset) {
  return {
    userIds: Int32Array.from(data.user.subarray(0, data.count), (u) => data.userIds[u]),
    tmdbIds: Int32Array.from(data.item.subarray(0, data.count), (i) => data.tmdbIds[i]),
    ratings: data.rating.subarray(0, data.count),
    count: data.count,
  };
}

/** Top-k TMDB ids of a training-index ranker for one user, over items with a training rating the user has not rated. */
function rankerList(ranker: Ranker, user: number, train: RatingDataset, inTrain: Uint8Array, rated: Set<number>, k: number, row: Float32Array): number[] {
  row.fill(0);
  ranker.scoreUser(user, row);
  return topK(
    row.length,
    k,
    (i) => row[i],
    (i) => inTrain[i] === 1 && !rated.has(i),
  ).map((i) => train.tmdbIds[i]);
}

/** Chooses a hyper-parameter by validation NDCG@10 inside the training split (never the test split). */
function chooseOnValidation<T>(
  values: T[],
  make: (value: T) => Ranker,
  train: RatingDataset,
  k: number,
): { chosen: T; validationNdcg: Record<string, number> } {
  const inner = randomSplit(train, 0.1, 1000);
  const relevant = relevantByUser(inner.test);
  const histories = userHistories(inner.train);
  const inTrain = new Uint8Array(train.nItems);
  for (let t = 0; t < inner.train.count; t++) inTrain[inner.train.item[t]] = 1;
  const scores: Record<string, number> = {};
  let best = values[0];
  let bestScore = -1;
  const row = new Float32Array(train.nItems);
  for (const value of values) {
    const ranker = make(value);
    ranker.fit(inner.train);
    const scorer = listScorer(k, () => 1e9, 1);
    for (const [user, rel] of relevant) scorer.add(rankerList(ranker, user, inner.train, inTrain, new Set(histories[user]?.items ?? []), k, row), rel);
    const ndcg = scorer.result().ndcg;
    scores[String(value)] = ndcg;
    if (ndcg > bestScore) {
      bestScore = ndcg;
      best = value;
    }
  }
  return { chosen: best, validationNdcg: scores };
}

export async function evaluateRanking(
  catalog: Catalog,
  soup: SoupMatrix,
  train: RatingDataset,
  test: RatingDataset,
  options: RankingOptions = {},
): Promise<RankingEvaluation> {
  const k = options.k ?? 10;
  const log = options.log ?? (() => {});
  const catalogIds = catalogRowOf(catalog);
  const voteCountOf = (id: number) => {
    const row = catalogIds.rowOf(asTmdbId(id));
    return row === undefined ? 0 : catalog.voteCount[row];
  };
  const catalogSize = catalog.ids.length;
  const relevant = relevantByUser(test);
  const histories = userHistories(train);
  const ratingsOf = userRatings(train);
  const inTrain = new Uint8Array(train.nItems);
  for (let t = 0; t < train.count; t++) inTrain[train.item[t]] = 1;
  const ratedItems = (user: number) => new Set(histories[user]?.items ?? []);
  const cases = likeThisCases(train, test);
  const genreMaskOfItem = Uint32Array.from(train.tmdbIds, (id) => {
    const row = catalogIds.rowOf(asTmdbId(id));
    return row === undefined ? 0 : catalog.genreMask[row];
  });
  const rows: RankingRow[] = [];

  // The shipped recommender: fitted on the training split exactly as build-data fits it, read back through the app's reader.
  log('fitting the shipped models (KMF, content vectors, EASE neighbours) on the training split ...');
  const fitStart = performance.now();
  const fitted = fitModels(catalog, soup, asRatingsTable(train), { kmf: options.kmfParams });
  const engine = new Engine(await inMemoryDataset(catalog, soup, fitted, options.blend));
  const shippedTrainMs = performance.now() - fitStart;
  const timing = { fitUserMs: 0, forYouMs: 0, recommendMs: 0 };
  const vectors = new Map<number, ReturnType<Engine['fitUser']>>();
  const vectorOf = (user: number) => {
    if (!vectors.has(user)) {
      const start = performance.now();
      vectors.set(user, engine.fitUser(ratingsOf.get(user) ?? []));
      timing.fitUserMs += performance.now() - start;
    }
    return vectors.get(user)!;
  };
  const forYouScorer = listScorer(k, voteCountOf, catalogSize);
  for (const [user, rel] of relevant) {
    const vector = vectorOf(user);
    if (!vector) {
      forYouScorer.add([], rel);
      continue;
    }
    const ratings = ratingsOf.get(user) ?? [];
    const start = performance.now();
    const list = await engine.forYou(vector, { k, exclude: ratings.map((r) => r.movieId), ratings });
    timing.forYouMs += performance.now() - start;
    forYouScorer.add(
      list.map((x) => x.movie.id),
      rel,
    );
  }
  // Predicted ★ on the test ratings, with each user's online-fitted vector (what the app shows).
  let squared = 0;
  let counted = 0;
  for (let t = 0; t < test.count; t++) {
    const vector = vectorOf(test.user[t]);
    const row = catalogIds.rowOf(asTmdbId(test.tmdbIds[test.item[t]]));
    if (!vector || row === undefined || engine.data.models.kmf.itemSource[row] === ITEM_SOURCE.none) continue;
    squared += (test.rating[t] - predictRating(engine.data.models.kmf, vector.bias, vector.factors, row)) ** 2;
    counted++;
  }
  const run = likeThisRun(engine, train, test);
  const judge = run.judge;
  const likeStart = performance.now();
  const people = await evaluateLikeThisPeople(run, k);
  timing.recommendMs = (performance.now() - likeStart) / 3;
  rows.push({
    name: 'CineLocal (shipped)',
    description:
      "For you: EASE neighbours of your ratings × KMF predicted ★ + priors; like this: the seed's related set (series, crowd, tf·idf content) gated and ordered by relatedness, your taste weighted by how many ratings you have",
    shipped: true,
    rmse: counted ? Math.sqrt(squared / counted) : null,
    forYou: forYouScorer.result(),
    likeThisWithVector: people.withRatings,
    likeThisNoVector: people.visitor,
    likeThisOneRating: people.oneRating,
    trainMs: shippedTrainMs,
  });
  timing.fitUserMs /= Math.max(1, vectors.size);
  timing.forYouMs /= Math.max(1, relevant.size);
  timing.recommendMs /= Math.max(1, cases.length);

  // The reference design's recommend: keyword top-k and KMF top-k over the genre candidates, merged half and half.
  {
    const data = engine.data;
    const scratch = new Float32Array(data.keywords.vocabulary.length);
    const catalog = data.catalog;
    const reference = (seedId: number, vector: ReturnType<Engine['fitUser']>, rated: Set<number>): number[] => {
      const seed = catalogIds.rowOf(asTmdbId(seedId))!;
      const candidates = genreCandidates(engine.recommender.genreIndex, seed, 2000);
      const cosine = new Float32Array(candidates.length);
      cosineToCandidates(data.keywords, seed, candidates, candidates.length, cosine, scratch);
      const byKeywords = topK(
        candidates.length,
        k,
        (i) => cosine[i],
        (i) => candidates[i] !== seed,
      ).map((i) => candidates[i]);
      let byKmf: number[] = [];
      if (vector) {
        const score = (i: number) => predictRating(data.models.kmf, vector.bias, vector.factors, candidates[i]);
        byKmf = topK(
          candidates.length,
          k,
          score,
          (i) => candidates[i] !== seed && !rated.has(candidates[i]) && data.models.kmf.itemSource[candidates[i]] !== ITEM_SOURCE.none,
        ).map((i) => candidates[i]);
      }
      return mergeLists(byKeywords, byKmf, k, vector ? 0.5 : 0).map((m) => catalog.ids[m.row]);
    };
    const refWith = listScorer(k, voteCountOf, catalogSize, 50, judge);
    const refWithout = listScorer(k, voteCountOf, catalogSize, 50, judge);
    for (const c of cases) {
      const ratings = ratingsOf.get(c.user) ?? [];
      const rated = new Set(ratings.map((r) => catalogIds.rowOf(asTmdbId(r.movieId))!));
      const context = { seedId: c.seedId, rated: new Set(ratings.map((r) => r.movieId)) };
      refWith.add(reference(c.seedId, vectorOf(c.user), rated), c.relevant, context);
      refWithout.add(reference(c.seedId, null, rated), c.relevant, context);
    }
    rows.push({
      name: 'reference design',
      description: "the reference service's recommend: keyword cosine top-k and KMF top-k over genre candidates, merged half and half",
      shipped: false,
      rmse: null,
      forYou: null,
      likeThisWithVector: refWith.result(),
      likeThisNoVector: refWithout.result(),
      trainMs: 0,
    });

    // Pure content: tf·idf cosine over the keyword soup, among the movies sharing a genre with the seed (person-blind).
    const related = engine.recommender.related;
    const all = Int32Array.from({ length: catalogSize }, (_, i) => i);
    const tfidf = new Float32Array(catalogSize);
    const content = listScorer(k, voteCountOf, catalogSize, 50, judge);
    for (const c of cases) {
      const seed = catalogIds.rowOf(asTmdbId(c.seedId));
      const seen = new Set((ratingsOf.get(c.user) ?? []).map((r) => r.movieId));
      if (seed === undefined) {
        content.add([], c.relevant, { seedId: c.seedId, rated: seen });
        continue;
      }
      cosineToCandidates(related.content, seed, all, catalogSize, tfidf, scratch);
      const mask = catalog.genreMask[seed];
      const list = topK(
        catalogSize,
        k,
        (i) => tfidf[i],
        (i) => i !== seed && (catalog.genreMask[i] & mask) !== 0 && !seen.has(catalog.ids[i]),
      ).map((i) => catalog.ids[i]);
      content.add(list, c.relevant, { seedId: c.seedId, rated: seen });
    }
    const contentMetrics = content.result();
    rows.push({
      name: 'content (tf·idf)',
      description: "tf·idf cosine over the keyword soup (keywords, top cast, director, genres), in the seed's genres; the same list for every person",
      shipped: false,
      rmse: null,
      forYou: null,
      likeThisWithVector: contentMetrics,
      likeThisNoVector: contentMetrics,
      likeThisOneRating: contentMetrics,
      trainMs: 0,
    });
  }

  // Baselines on training indices, in the same table.
  log('tuning EASE λ and PureSVD factors on validation inside the training split ...');
  const easeMaxItems = options.easeMaxItems ?? 2500;
  // A single value given is used as is (the multi-split run reuses seed 0's validation choices).
  const easeLambdas = options.easeLambdas ?? [100, 200, 400, 800];
  const svdFactors = options.svdFactors ?? [10, 20, 50];
  const lambda =
    easeLambdas.length === 1
      ? { chosen: easeLambdas[0], validationNdcg: {} }
      : chooseOnValidation(easeLambdas, (l) => new EaseRanker({ lambda: l, maxItems: easeMaxItems, minRatings: 3 }), train, k);
  const factors =
    svdFactors.length === 1 ? { chosen: svdFactors[0], validationNdcg: {} } : chooseOnValidation(svdFactors, (f) => new PureSvdRanker(f), train, k);
  const counts = itemCounts(train);
  const baselines: { ranker: Ranker; seedScore?: (seedItem: number, out: Float32Array) => void; userPlusSeed?: boolean }[] = [];
  const popularity = new PopularityRanker();
  baselines.push({ ranker: popularity, seedScore: (_s, out) => out.set(Float32Array.from(counts)) });
  const knn = new ItemKnnRanker(50);
  baselines.push({ ranker: knn, seedScore: (s, out) => knn.scoreItems([s], out) });
  const ease = new EaseRanker({ lambda: lambda.chosen, maxItems: easeMaxItems, minRatings: 3 });
  baselines.push({ ranker: ease, seedScore: (s, out) => ease.scoreItems([s], out), userPlusSeed: true });
  baselines.push({ ranker: new PureSvdRanker(factors.chosen) });
  const kmfRankers =
    options.kmfRankers === false
      ? []
      : [
          new KmfRatingModel(
            'reference KMF',
            options.referenceKmfParams ?? {},
            'the reference configuration: 40-factor sigmoid KMF, RMSprop, no L2, early stopping',
          ),
          new KmfRatingModel('tuned KMF', options.kmfParams ?? {}, 'sigmoid KMF tuned for RMSE (DEFAULT_KMF_PARAMS): the rating model behind the predicted ★'),
        ];
  const row = new Float32Array(train.nItems);
  const seedRow = new Float32Array(train.nItems);
  for (const { ranker, seedScore, userPlusSeed } of baselines) {
    log(`  ${ranker.name} ...`);
    const { trainMs } = ranker.fit(train);
    const forYou = listScorer(k, voteCountOf, catalogSize);
    for (const [user, rel] of relevant) forYou.add(rankerList(ranker, user, train, inTrain, ratedItems(user), k, row), rel);
    let likeWith: ListMetrics | null = null;
    let likeWithout: ListMetrics | null = null;
    if (seedScore) {
      // Restricted to movies sharing a genre with the seed; popularity breaks ties so a list is always full.
      const maxCount = Math.max(1, ...counts);
      const listFor = (c: LikeThisCase, personal: boolean): number[] => {
        seedRow.fill(0);
        seedScore(c.seedItem, seedRow);
        if (personal && userPlusSeed) {
          row.fill(0);
          ranker.scoreUser(c.user, row);
          for (let i = 0; i < row.length; i++) seedRow[i] += row[i];
        }
        const rated = ratedItems(c.user);
        const mask = genreMaskOfItem[c.seedItem];
        return topK(
          seedRow.length,
          k,
          (i) => seedRow[i] + (1e-6 * counts[i]) / maxCount,
          (i) => i !== c.seedItem && (genreMaskOfItem[i] & mask) !== 0 && !rated.has(i),
        ).map((i) => train.tmdbIds[i]);
      };
      const w = listScorer(k, voteCountOf, catalogSize, 50, judge);
      const wo = listScorer(k, voteCountOf, catalogSize, 50, judge);
      for (const c of cases) {
        const context = { seedId: c.seedId, rated: new Set((ratingsOf.get(c.user) ?? []).map((r) => r.movieId)) };
        w.add(listFor(c, true), c.relevant, context);
        wo.add(listFor(c, false), c.relevant, context);
      }
      likeWith = w.result();
      likeWithout = wo.result();
    }
    rows.push({
      name: ranker.name,
      description:
        ranker.description +
        (seedScore ? '; "like this": the seed’s scores' + (userPlusSeed ? ' (+ the user’s, with a vector)' : '') + ', restricted to the seed’s genres' : ''),
      shipped: false,
      rmse: null,
      forYou: forYou.result(),
      likeThisWithVector: likeWith,
      likeThisNoVector: likeWithout,
      trainMs,
    });
  }
  for (const model of kmfRankers) {
    log(`  ${model.name} ...`);
    const { trainMs } = model.fit(train as RatingTriples);
    const forYou = listScorer(k, voteCountOf, catalogSize);
    for (const [user, rel] of relevant) {
      const rated = ratedItems(user);
      forYou.add(
        topK(
          train.nItems,
          k,
          (i) => model.predict(user, i),
          (i) => inTrain[i] === 1 && !rated.has(i),
        ).map((i) => train.tmdbIds[i]),
        rel,
      );
    }
    let squaredError = 0;
    for (let t = 0; t < test.count; t++) squaredError += (test.rating[t] - model.predict(test.user[t], test.item[t])) ** 2;
    rows.push({
      name: model.name,
      description: model.description,
      shipped: false,
      rmse: Math.sqrt(squaredError / test.count),
      forYou: forYou.result(),
      likeThisWithVector: null,
      likeThisNoVector: null,
      trainMs,
    });
  }
  return { rows, easeLambda: lambda, pureSvdFactors: factors, likeThisCases: cases.length, forYouUsers: relevant.size, shippedTiming: timing };
}

export interface Spread {
  mean: number;
  min: number;
  max: number;
}

type LikeThisSpread = Record<
  'hitRate' | 'ndcg' | 'obscureShare' | 'keywordCosine' | 'franchiseRecall' | 'crowdRelated' | 'unrelated' | 'forYouOverlap',
  Spread | null
>;

export interface SplitSummary {
  name: string;
  rmse: Spread | null;
  forYou: { ndcg: Spread | null; precision: Spread | null };
  likeThis: Record<'withRatings' | 'oneRating' | 'visitor', LikeThisSpread>;
}

/** Mean and range of each model's metrics over several splits (a model missing a metric on some split gets null). */
export function summariseSplits(runs: RankingEvaluation[]): SplitSummary[] {
  const spread = (values: (number | null | undefined)[]): Spread | null => {
    if (values.length === 0 || values.some((v) => v === null || v === undefined || !Number.isFinite(v))) return null;
    const xs = values as number[];
    return { mean: xs.reduce((a, b) => a + b, 0) / xs.length, min: Math.min(...xs), max: Math.max(...xs) };
  };
  const names = runs[0]?.rows.map((r) => r.name) ?? [];
  return names.map((name) => {
    const rows = runs.map((r) => r.rows.find((x) => x.name === name) ?? null);
    const like = (pick: (r: RankingRow) => ListMetrics | null | undefined): LikeThisSpread => {
      const metric = (key: keyof LikeThisSpread) => spread(rows.map((r) => (r ? pick(r)?.[key] : null)));
      return {
        hitRate: metric('hitRate'),
        ndcg: metric('ndcg'),
        obscureShare: metric('obscureShare'),
        keywordCosine: metric('keywordCosine'),
        franchiseRecall: metric('franchiseRecall'),
        crowdRelated: metric('crowdRelated'),
        unrelated: metric('unrelated'),
        forYouOverlap: metric('forYouOverlap'),
      };
    };
    return {
      name: (rows[0]?.shipped ? '★ ' : '') + name,
      rmse: spread(rows.map((r) => r?.rmse)),
      forYou: { ndcg: spread(rows.map((r) => r?.forYou?.ndcg)), precision: spread(rows.map((r) => r?.forYou?.precision)) },
      // A baseline without a one-rating list (it ignores the person) is judged as its visitor list there.
      likeThis: {
        withRatings: like((r) => r.likeThisWithVector),
        oneRating: like((r) => r.likeThisOneRating ?? r.likeThisNoVector),
        visitor: like((r) => r.likeThisNoVector),
      },
    };
  });
}
