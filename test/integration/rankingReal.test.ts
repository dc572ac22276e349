// The shipped recommender on the real ratings_small 80/20 split, through the engine the app runs: it must beat the
// most-popular list on both protocols and keep obscure picks rare (the full comparison is `npm run eval`).
import { beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine';
import { topK } from '../../src/engine/recommender';
import { loadKaggleRatings, randomSplit, type RatingDataset } from '../../src/evaluation/dataset';
import { likeThisCases, listScorer, relevantByUser, type ListMetrics } from '../../src/evaluation/protocols';
import { asRatingsTable, userRatings } from '../../src/evaluation/ranking';
import { itemCounts } from '../../src/evaluation/rankers';
import { fitModels, inMemoryDataset, readCatalog } from '../../src/pipeline/buildData';
import { HAS_REAL_DATA, REAL_DATA_DIR, reportSkip } from '../helpers/realData';

reportSkip('real-data ranking test');

describe.skipIf(!HAS_REAL_DATA)('ranking quality on the real ratings_small split (seed 0)', () => {
  const results: Record<string, ListMetrics> = {};

  beforeAll(async () => {
    const { data } = await loadKaggleRatings(REAL_DATA_DIR);
    const { train, test }: { train: RatingDataset; test: RatingDataset } = randomSplit(data, 0.2, 0);
    const { catalog, soup } = await readCatalog(REAL_DATA_DIR);
    const engine = new Engine(await inMemoryDataset(catalog, soup, fitModels(catalog, soup, asRatingsTable(train), {})));
    const rowOf = new Map<number, number>();
    catalog.ids.forEach((id, row) => rowOf.set(id, row));
    const votes = (id: number) => catalog.voteCount[rowOf.get(id) ?? 0];
    const scorer = () => listScorer(10, votes, catalog.ids.length);
    const ratingsOf = userRatings(train);
    const counts = itemCounts(train);
    const itemOf = new Map<number, number>();
    train.tmdbIds.forEach((id, item) => itemOf.set(id, item));
    const popular = (exclude: Set<number>, mask: number) =>
      topK(train.nItems, 10, (i) => counts[i], (i) => counts[i] > 0 && !exclude.has(train.tmdbIds[i]) && (mask === 0 || (catalog.genreMask[rowOf.get(train.tmdbIds[i]) ?? 0] & mask) !== 0)).map((i) => train.tmdbIds[i]);

    const forYou = scorer();
    const forYouPopular = scorer();
    for (const [user, relevant] of relevantByUser(test)) {
      const ratings = ratingsOf.get(user) ?? [];
      const vector = engine.fitUser(ratings)!;
      forYou.add((await engine.forYou(vector, { k: 10, exclude: ratings.map((r) => r.movieId), ratings })).map((x) => x.movie.id), relevant);
      forYouPopular.add(popular(new Set(ratings.map((r) => r.movieId)), 0), relevant);
    }
    const withVector = scorer();
    const noVector = scorer();
    const popularInGenres = scorer();
    for (const c of likeThisCases(train, test)) {
      const ratings = ratingsOf.get(c.user) ?? [];
      const ratedIds = ratings.map((r) => r.movieId);
      withVector.add((await engine.recommend(c.seedId, { vector: engine.fitUser(ratings), ratedIds, ratings }, { k: 10 })).map((x) => x.movie.id), c.relevant);
      noVector.add((await engine.recommend(c.seedId, { vector: null, ratedIds, ratings: [] }, { k: 10 })).map((x) => x.movie.id), c.relevant);
      popularInGenres.add(popular(new Set([...ratedIds, c.seedId]), catalog.genreMask[rowOf.get(c.seedId)!]), c.relevant);
    }
    Object.assign(results, { forYou: forYou.result(), forYouPopular: forYouPopular.result(), withVector: withVector.result(), noVector: noVector.result(), popularInGenres: popularInGenres.result() });
    console.log(`rankingReal: ${JSON.stringify(Object.fromEntries(Object.entries(results).map(([k, m]) => [k, { ndcg: +m.ndcg.toFixed(4), hr: +m.hitRate.toFixed(3), obscure: +m.obscureShare.toFixed(3) }])))}`);
  }, 600_000);

  it('"For you" ranks far above the most-popular list (NDCG@10 ≥ 0.30; popularity ≈ 0.15)', () => {
    expect(results.forYou.ndcg).toBeGreaterThanOrEqual(0.3);
    expect(results.forYou.ndcg).toBeGreaterThan(1.5 * results.forYouPopular.ndcg);
    expect(results.forYou.precision).toBeGreaterThanOrEqual(0.21);
  });

  it('"movies like this" finds what people liked later, with and without ratings, and beats popular-in-genre', () => {
    expect(results.withVector.hitRate).toBeGreaterThanOrEqual(0.68);
    expect(results.noVector.hitRate).toBeGreaterThanOrEqual(0.5);
    expect(results.noVector.hitRate).toBeGreaterThan(results.popularInGenres.hitRate);
    expect(results.withVector.hitRate).toBeGreaterThan(results.popularInGenres.hitRate);
  });

  it('keeps obscure picks (< 50 TMDB votes) under 10%', () => {
    for (const m of [results.forYou, results.withVector, results.noVector]) expect(m.obscureShare).toBeLessThan(0.1);
  });
});
