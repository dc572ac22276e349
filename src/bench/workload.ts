// The benchmark workload, shared by `npm run bench` (Node) and the browser bench (inside the worker).
// Every measured operation runs next to a naive baseline on the same inputs, so ratios survive noisy machines.
import type { Engine } from '../engine/engine';
import { onlineUpdateUser } from '../engine/kmf';
import { createRandom } from '../engine/kmf/random';
import { ratingFromLogit } from '../engine/kmf';
import { ITEM_SOURCE } from '../engine/shards/dataset';
import { csrRowDot } from '../engine/sparse';
import type { UserVector } from '../engine/types';
import type { DescribeIndex } from '../engine/describe/index';
import type { DescribeSearch } from '../engine/describe/service';
import { asCatalogRow, asTmdbId } from '../engine/ids';

export interface Timing {
  p50: number;
  p95: number;
  n: number;
}

export function percentiles(samples: number[]): Timing {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))];
  return { p50: round(at(0.5)), p95: round(at(0.95)), n: s.length };
}

const round = (x: number) => Math.round(x * 1000) / 1000;

async function time(samples: number[], fn: () => unknown | Promise<unknown>): Promise<void> {
  const start = performance.now();
  await fn();
  samples.push(performance.now() - start);
}

/** A synthetic user with `count` ratings of popular rated movies, drawn from a hidden taste vector. */
export function syntheticRatings(engine: Engine, count: number, seed: number): { movieId: number; rating: number }[] {
  const rand = createRandom(seed);
  const { catalog } = engine.data;
  const model = engine.data.models.kmf;
  const byPopularity = engine.recommender.genreIndex.byPopularity;
  const taste = Float32Array.from({ length: model.factors }, () => (rand() - 0.5) * 1.5);
  const ratings: { movieId: number; rating: number }[] = [];
  for (let p = 0; p < byPopularity.length && ratings.length < count; p++) {
    const row = byPopularity[p];
    if (model.itemSource[row] !== ITEM_SOURCE.trained || rand() < 0.5) continue;
    let logit = model.globalBias + model.itemBias[row];
    for (let f = 0; f < model.factors; f++) logit += taste[f] * model.itemFactors[row * model.factors + f];
    const rating = Math.min(5, Math.max(0.5, Math.round((ratingFromLogit(logit) + (rand() - 0.5)) * 2) / 2));
    ratings.push({ movieId: catalog.ids[row], rating });
  }
  return ratings;
}

/** The reference design's recommend, ported plainly: full sort for stage 1, merge-join cosine, per-item sigmoid. */
export function naiveRecommend(engine: Engine, movieId: number, vector: UserVector | null, ratedIds: Set<number>, k = 6, cap = 2000): number[] {
  const { catalog, keywords } = engine.data;
  const model = engine.data.models.kmf;
  const seed = engine.rowOf(asTmdbId(movieId));
  if (seed === undefined) return [];
  const seedGenres = catalog.genreNames.filter((_, g) => catalog.genreMask[seed] & (1 << g));
  const scored: { row: number; jaccard: number }[] = [];
  for (let r = 0; r < catalog.ids.length; r++) {
    const genres = catalog.genreNames.filter((_, g) => catalog.genreMask[r] & (1 << g));
    const shared = genres.filter((g) => seedGenres.includes(g)).length;
    if (shared === 0) continue;
    scored.push({ row: r, jaccard: shared / new Set([...genres, ...seedGenres]).size });
  }
  scored.sort((a, b) => b.jaccard - a.jaccard || catalog.popularity[b.row] - catalog.popularity[a.row]);
  const candidates = scored.slice(0, cap).map((s) => s.row);
  const byCosine = candidates.filter((r) => r !== seed).map((r) => ({ r, s: csrRowDot(keywords.matrix, seed, keywords.matrix, r) }));
  byCosine.sort((a, b) => b.s - a.s);
  const picks = byCosine.slice(0, k).map((x) => x.r);
  if (vector) {
    const byRating = candidates
      .filter((r) => r !== seed && !ratedIds.has(catalog.ids[r]) && model.itemSource[r] !== ITEM_SOURCE.none)
      .map((r) => {
        let logit = model.globalBias + vector.bias + model.itemBias[r];
        for (let f = 0; f < model.factors; f++) logit += vector.factors[f] * model.itemFactors[r * model.factors + f];
        return { r, s: ratingFromLogit(logit) };
      });
    byRating.sort((a, b) => b.s - a.s);
    picks.splice(k / 2, picks.length, ...byRating.slice(0, k / 2).map((x) => x.r));
  }
  return picks;
}

/** forYou without the engine's tricks: predict every movie, sort everything, cut. */
export function naiveForYou(engine: Engine, vector: UserVector, k = 20): number[] {
  const model = engine.data.models.kmf;
  const all: { r: number; s: number }[] = [];
  for (let r = 0; r < model.itemBias.length; r++) {
    if (model.itemSource[r] === ITEM_SOURCE.none) continue;
    let logit = model.globalBias + vector.bias + model.itemBias[r];
    for (let f = 0; f < model.factors; f++) logit += vector.factors[f] * model.itemFactors[r * model.factors + f];
    all.push({ r, s: ratingFromLogit(logit) });
  }
  all.sort((a, b) => b.s - a.s);
  return all.slice(0, k).map((x) => x.r);
}

/** Title search without an index or typo tolerance: fold and substring-scan every title. */
export function naiveSearch(engine: Engine, query: string, limit = 20): number[] {
  const fold = (t: string) =>
    t
      .normalize('NFKD')
      .replace(/\p{M}+/gu, '')
      .toLowerCase();
  const q = fold(query);
  const { titles, voteCount } = engine.data.catalog;
  const hits: number[] = [];
  for (let r = 0; r < titles.length; r++) if (fold(titles[r]).includes(q)) hits.push(r);
  hits.sort((a, b) => voteCount[b] - voteCount[a]);
  return hits.slice(0, limit);
}

/** Plain SGD on the user's ratings (item side fixed): the obvious way to fit a user, for comparison. */
export function naiveUserSgd(engine: Engine, ratings: { movieId: number; rating: number }[], epochs = 100): void {
  const model = engine.data.models.kmf;
  const k = model.factors;
  const p = new Float32Array(k);
  let b = 0;
  const rows = ratings.map((r) => engine.rowOf(asTmdbId(r.movieId))!);
  for (let e = 0; e < epochs; e++) {
    rows.forEach((row, j) => {
      let logit = model.globalBias + b + model.itemBias[row];
      for (let f = 0; f < k; f++) logit += p[f] * model.itemFactors[row * k + f];
      const s = 1 / (1 + Math.exp(-logit));
      const grad = (ratings[j].rating - 5 * s) * 5 * s * (1 - s);
      b += 0.01 * (grad - 0.02 * b);
      for (let f = 0; f < k; f++) p[f] += 0.01 * (grad * model.itemFactors[row * k + f] - 0.05 * p[f]);
    });
  }
}

/** Typing sequences: each prefix of each query is one keystroke. */
export const SEARCH_QUERIES = [
  'toy story',
  'harry poter',
  'the godfather',
  'star wars',
  'amelie',
  'lord of the rings',
  'pulp fiction',
  'the matrix',
  'jurassic park',
  'casablanca',
  'terminatr',
  'spirited away',
];

export interface EngineBenchResult {
  recommend: Timing;
  recommendNaive: Timing;
  recommendKeywordOnly: Timing;
  /** "Like this" for a person with about 3,000 ratings (`ratings` says how many the synthetic history reached). */
  recommendHeavy: Timing & { ratings: number };
  forYou: Timing;
  forYouNaive: Timing;
  search: Timing;
  searchNaive: Timing;
  update: Timing;
  updateNaiveSgd: Timing;
  backend: string;
}

export async function runEngineBench(engine: Engine, options: { seeds?: number; repeats?: number } = {}): Promise<EngineBenchResult> {
  const seedsCount = options.seeds ?? 200;
  const repeats = options.repeats ?? 3;
  const ratings = syntheticRatings(engine, 100, 7);
  const vector = engine.fitUser(ratings)!;
  const ratedIds = ratings.map((r) => r.movieId);
  const ratedSet = new Set(ratedIds);
  const byPopularity = engine.recommender.genreIndex.byPopularity;
  const seeds = Array.from({ length: seedsCount }, (_, i) => engine.ids.idOf(asCatalogRow(byPopularity[(i * 37) % Math.min(byPopularity.length, 5000)])));

  const warm = async () => {
    for (const id of seeds.slice(0, 20)) await engine.recommend(id, { vector, ratedIds });
  };
  await warm();
  const recommend: number[] = [];
  const recommendKeywordOnly: number[] = [];
  const recommendNaive: number[] = [];
  // As the app asks (RecommendView): the vector, the rated ids and the ratings themselves (the taste evidence).
  const user = { vector, ratedIds, ratings };
  for (let r = 0; r < repeats; r++) {
    for (const id of seeds) await time(recommend, () => engine.recommend(id, user));
    for (const id of seeds) await time(recommendKeywordOnly, () => engine.recommend(id, { vector: null, ratedIds: [] }));
  }
  for (const id of seeds.slice(0, 40)) await time(recommendNaive, () => naiveRecommend(engine, id, vector, ratedSet));
  // A heavy user (issue 21: tens of thousands of ratings are real): 3,000 ratings, a fresh list per seed.
  const heavyRatings = syntheticRatings(engine, 3000, 13);
  const heavyUser = { vector: engine.fitUser(heavyRatings)!, ratedIds: heavyRatings.map((r) => r.movieId), ratings: heavyRatings };
  const recommendHeavy: number[] = [];
  for (const id of seeds.slice(0, 10)) await engine.recommend(id, heavyUser);
  for (const id of seeds.slice(0, 100)) await time(recommendHeavy, () => engine.recommend(id, heavyUser));

  const rand = createRandom(11);
  const vectors = Array.from({ length: 50 }, () => ({ ...vector, factors: vector.factors.map((f) => f + (rand() - 0.5) * 0.1) }));
  const forYou: number[] = [];
  const forYouNaive: number[] = [];
  for (let r = 0; r < repeats; r++) for (const v of vectors) await time(forYou, () => engine.forYou(v, { k: 20, exclude: ratedIds }));
  for (const v of vectors.slice(0, 20)) await time(forYouNaive, () => naiveForYou(engine, v));

  const search: number[] = [];
  const searchNaive: number[] = [];
  for (let r = 0; r < repeats; r++)
    for (const q of SEARCH_QUERIES)
      for (let i = 1; i <= q.length; i++) {
        await time(search, () => engine.search(q.slice(0, i), 20));
        engine.titles.prepareNextKeystroke(); // the worker does this after replying, between keystrokes (not latency)
      }
  for (const q of SEARCH_QUERIES) for (let i = 1; i <= q.length; i++) await time(searchNaive, () => naiveSearch(engine, q.slice(0, i)));

  const update: number[] = [];
  const updateNaive: number[] = [];
  const items = ratings.map((r) => engine.rowOf(asTmdbId(r.movieId))!);
  const values = ratings.map((r) => r.rating);
  // Warm-up so the JIT has tiered up, then ≥ 1,000 calls: a p95 over 180 calls was mostly the first, unoptimised ones.
  for (let i = 0; i < 50; i++) onlineUpdateUser(engine.data.models.kmf, items, values);
  for (let i = 0; i < 1000; i++) await time(update, () => onlineUpdateUser(engine.data.models.kmf, items, values));
  for (let i = 0; i < 10; i++) await time(updateNaive, () => naiveUserSgd(engine, ratings));

  return {
    recommend: percentiles(recommend),
    recommendNaive: percentiles(recommendNaive),
    recommendKeywordOnly: percentiles(recommendKeywordOnly),
    recommendHeavy: { ...percentiles(recommendHeavy), ratings: heavyRatings.length },
    forYou: percentiles(forYou),
    forYouNaive: percentiles(forYouNaive),
    search: percentiles(search),
    searchNaive: percentiles(searchNaive),
    update: percentiles(update),
    updateNaiveSgd: percentiles(updateNaive),
    backend: engine.recommender.backend.name,
  };
}

/**
 * Describe-search questions of about `chars` characters, made from random films' plot words, keywords and character
 * names with the chat words people write around them (deterministic for a seed; no private queries in the bundle).
 */
export function describeQueries(index: DescribeIndex, count: number, chars: number, seed = 19): string[] {
  const rand = createRandom(seed);
  const t = index.table;
  const pick = (column: typeof t.text, row: number, k: number) => {
    const out: string[] = [];
    for (let i = column.indptr[row]; i < column.indptr[row + 1] && out.length < k; i++) out.push(column.table[column.ids[i]]);
    return out;
  };
  const chat = [
    'I remember a movie where',
    'I think it was from the late 90s and',
    'as a kid I saw a film about',
    'there was a scene where',
    'the main character',
    'it might have been animated, with',
  ];
  return Array.from({ length: count }, () => {
    let text = '';
    while (text.length < chars) {
      const row = Math.floor(rand() * index.rows);
      text += `${chat[Math.floor(rand() * chat.length)]} ${[...pick(t.text, row, 12), ...pick(t.keywords, row, 3), ...pick(t.characters, row, 2)].join(' ')}. `;
    }
    return text.slice(0, chars);
  });
}

export interface DescribeBenchResult {
  /** describe.bin fetched, verified, decoded and indexed (the first descriptive query waits for this once). */
  describeLoadMs: number;
  /** Describe search (top 10 with why) on 2,000-character questions. */
  describe2000: Timing;
  /** On 100 KB pastes (capped to their first MAX_DESCRIBE_CHARS). */
  describe100k: Timing;
}

export async function runDescribeBench(search: DescribeSearch, loadMs: number, options: { queries?: number } = {}): Promise<DescribeBenchResult> {
  const index = search.describeIndex;
  const queries = describeQueries(index, options.queries ?? 100, 2000);
  for (const q of queries.slice(0, 5)) search.search(q, { limit: 10 });
  const describe2000: number[] = [];
  for (const q of queries) await time(describe2000, () => search.search(q, { limit: 10 }));
  const describe100k: number[] = [];
  for (const q of describeQueries(index, 10, 100_000, 23)) await time(describe100k, () => search.search(q, { limit: 10 }));
  return { describeLoadMs: Math.round(loadMs), describe2000: percentiles(describe2000), describe100k: percentiles(describe100k) };
}
