// First run, measured: new people answer the onboarding's questions in its order; how many answers until "For you" beats
// the popular list, and does the onboarding order get there with fewer answers (and fewer movies shown) than simpler orders?
//
// Protocol: a share of users is held out of training entirely (they are new to the model, as a first-run person is);
// the shipped models are fitted on the others exactly as build-data fits them and read back through the app's reader.
// Each held-out user's ratings are split once at random: 20% are their test ratings (relevant = rating ≥ 4), the rest
// are what they can answer. The user walks an order of the candidate pool: a movie they rated (outside the test part) is
// an answer with their rating, any other is "haven't seen" (skipped, no information). After n answers the app's online
// update fits their vector (Engine.fitUser) and "For you" (Engine.forYou, the shipped ranker) is judged by NDCG@10 on
// the test part, beside the most-rated list. Both lists hide the user's non-test ratings, as the For you protocol hides
// training ratings; fixing the test part keeps every order and every n judged on the same relevant movies.
import { Engine } from '../engine/engine';
import type { KmfParams } from '../engine/kmf';
import { createRandom, shuffleInPlace } from '../engine/kmf/random';
import { onboardingOrder, onboardingPool, popularOrder, type OnboardingParams } from '../engine/onboarding';
import { orderByDescending } from '../engine/order';
import type { Catalog } from '../engine/shards/dataset';
import type { UserRating } from '../engine/types';
import { fitModels, inMemoryDataset } from '../pipeline/buildData';
import type { SoupMatrix } from '../pipeline/soup';
import { subset, type RatingDataset } from './dataset';
import { listScorer } from './protocols';
import { asRatingsTable } from './ranking';
import { asTmdbId } from '../engine/ids';

export const ONBOARDING_CHECKPOINTS = [1, 2, 3, 5, 10, 15, 20];

export interface ReplayPoint {
  /** Ratings answered from the order. */
  answers: number;
  /** Users judged at this point (those with a relevant rating left). */
  users: number;
  /** Median number of movies shown to reach this many answers. */
  shownMedian: number;
  forYouNdcg: number;
  popularNdcg: number;
}

export interface ReplayOrderResult {
  name: string;
  description: string;
  points: ReplayPoint[];
  /** Fewest answers (among the checkpoints) at which For you's NDCG@10 is above the popular list's; null if never. */
  beatsPopularAt: number | null;
}

export interface OnboardingReplayResult {
  heldOutUsers: number;
  /** Held-out users with at least max(checkpoints) ratings among the pool's movies (the ones replayed). */
  users: number;
  pool: number;
  baseRatings: number;
  fitMs: number;
  /** Time to compute the onboarding order once (what the worker does on the first welcome page). */
  orderMs: number;
  k: number;
  checkpoints: number[];
  orders: ReplayOrderResult[];
  /** Titles of the onboarding's first page. */
  firstPage: string[];
}

export interface ReplayOrder {
  name: string;
  description: string;
  /** Catalog rows, first asked first. */
  rows: Int32Array;
}

export interface ReplayOptions {
  checkpoints?: number[];
  k?: number;
  log?: (message: string) => void;
}

function median(values: number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)];
}

/** One user's ratings split for the replay: `answerable` can be answered, `test` judges the lists. */
export interface ReplayUser {
  answerable: UserRating[];
  test: UserRating[];
}

/** A seeded 80/20 split of each user's ratings (at least one rating stays answerable). */
export function splitReplayUsers(users: Map<number, UserRating[]>, seed: number, testFraction = 0.2): Map<number, ReplayUser> {
  const random = createRandom(seed);
  const out = new Map<number, ReplayUser>();
  for (const [user, ratings] of [...users].sort((a, b) => a[0] - b[0])) {
    const order = Int32Array.from(ratings.keys());
    shuffleInPlace(order, random);
    const testCount = Math.min(ratings.length - 1, Math.round(ratings.length * testFraction));
    out.set(user, { test: Array.from(order.subarray(0, testCount), (i) => ratings[i]), answerable: Array.from(order.subarray(testCount), (i) => ratings[i]) });
  }
  return out;
}

/**
 * Replays every user through each order on `engine`. Users with fewer than max(checkpoints) answerable movies in the
 * pool, or no relevant test rating, are left out of every order, so all points judge the same people on the same movies.
 */
export async function replayOrders(
  engine: Engine,
  users: Map<number, ReplayUser>,
  orders: ReplayOrder[],
  options: ReplayOptions = {},
): Promise<{ users: number; orders: ReplayOrderResult[] }> {
  const checkpoints = [...(options.checkpoints ?? ONBOARDING_CHECKPOINTS)].sort((a, b) => a - b);
  const k = options.k ?? 10;
  const { catalog } = engine.data;
  const collaborative = engine.data.models.neighbours;
  const catalogSize = catalog.ids.length;
  const voteCountOf = (id: number) => {
    const row = engine.rowOf(asTmdbId(id));
    return row === undefined ? 0 : catalog.voteCount[row];
  };
  const need = checkpoints[checkpoints.length - 1];
  const inPool = new Set(orders.flatMap((order) => Array.from(order.rows, (row) => catalog.ids[row])));
  const eligible = [...users.values()].filter((u) => u.test.some((r) => r.rating >= 4) && u.answerable.filter((r) => inPool.has(r.movieId)).length >= need);
  // The popular list: most training ratings first (the evaluation's popularity baseline), the user's known movies hidden.
  const longest = Math.max(...eligible.map((u) => u.answerable.length), 0);
  const mostRated = Array.from(orderByDescending(collaborative.ratingCount).subarray(0, k + longest), (row) => catalog.ids[row]);
  const results: ReplayOrderResult[] = [];
  for (const order of orders) {
    options.log?.(`  ${order.name}: ${eligible.length} users ...`);
    const forYou = checkpoints.map(() => listScorer(k, voteCountOf, catalogSize));
    const popular = checkpoints.map(() => listScorer(k, voteCountOf, catalogSize));
    const shown = checkpoints.map(() => [] as number[]);
    for (const user of eligible) {
      const ratingOf = new Map(user.answerable.map((r) => [r.movieId, r.rating]));
      const known = [...ratingOf.keys()];
      const relevant = new Set(user.test.filter((r) => r.rating >= 4).map((r) => r.movieId));
      const answers: UserRating[] = [];
      const shownAt: number[] = [];
      for (let position = 0; position < order.rows.length && answers.length < need; position++) {
        const id = catalog.ids[order.rows[position]];
        const rating = ratingOf.get(id);
        if (rating === undefined) continue;
        answers.push({ movieId: id, rating });
        shownAt.push(position + 1);
      }
      const hidden = new Set(known);
      const popularList = mostRated.filter((id) => !hidden.has(id)).slice(0, k);
      for (let c = 0; c < checkpoints.length; c++) {
        const given = answers.slice(0, checkpoints[c]);
        shown[c].push(shownAt[checkpoints[c] - 1]);
        const vector = engine.fitUser(given);
        const list = vector ? await engine.forYou(vector, { k, exclude: known, ratings: given }) : [];
        forYou[c].add(
          list.map((item) => item.movie.id),
          relevant,
        );
        popular[c].add(popularList, relevant);
      }
    }
    const points = checkpoints.map((answers, c) => ({
      answers,
      users: forYou[c].result().lists,
      shownMedian: median(shown[c]),
      forYouNdcg: forYou[c].result().ndcg,
      popularNdcg: popular[c].result().ndcg,
    }));
    results.push({
      name: order.name,
      description: order.description,
      points,
      beatsPopularAt: points.find((p) => p.forYouNdcg > p.popularNdcg)?.answers ?? null,
    });
  }
  return { users: eligible.length, orders: results };
}

export interface OnboardingEvaluationOptions extends ReplayOptions {
  /** Share of users held out of training (the new users). */
  heldOutFraction?: number;
  seed?: number;
  kmfParams?: Partial<KmfParams>;
  onboarding?: Partial<OnboardingParams>;
}

/** Holds out users, fits the shipped models on the rest, and replays the held-out users through three orders of the same pool. */
export async function evaluateOnboarding(
  catalog: Catalog,
  soup: SoupMatrix,
  all: RatingDataset,
  options: OnboardingEvaluationOptions = {},
): Promise<OnboardingReplayResult> {
  const seed = options.seed ?? 0;
  const users = new Int32Array(all.nUsers);
  for (let u = 0; u < all.nUsers; u++) users[u] = u;
  shuffleInPlace(users, createRandom(seed + 12));
  const heldOut = new Set(users.subarray(0, Math.max(1, Math.round(all.nUsers * (options.heldOutFraction ?? 0.2)))));
  const trainIdx: number[] = [];
  const heldOutRatings = new Map<number, UserRating[]>();
  const inCatalog = new Set(catalog.ids);
  for (let t = 0; t < all.count; t++) {
    const u = all.user[t];
    if (!heldOut.has(u)) {
      trainIdx.push(t);
      continue;
    }
    const movieId = all.tmdbIds[all.item[t]];
    if (!inCatalog.has(movieId)) continue;
    if (!heldOutRatings.has(u)) heldOutRatings.set(u, []);
    heldOutRatings.get(u)!.push({ movieId, rating: all.rating[t] });
  }
  const train = subset(all, trainIdx);
  options.log?.(`onboarding replay: ${heldOut.size} users held out; fitting the shipped models on the other ${train.count} ratings ...`);
  const fitStart = performance.now();
  const engine = new Engine(await inMemoryDataset(catalog, soup, fitModels(catalog, soup, asRatingsTable(train), { kmf: options.kmfParams })));
  const fitMs = performance.now() - fitStart;
  const orderStart = performance.now();
  const onboarding = onboardingOrder(engine.data, options.onboarding);
  const orderMs = performance.now() - orderStart;
  const pool = onboardingPool(engine.data, options.onboarding?.pool ?? onboarding.length);
  const random = Int32Array.from(pool);
  shuffleInPlace(random, createRandom(seed + 7));
  const orders: ReplayOrder[] = [
    { name: 'onboarding', description: 'the shipped order: popular × informative (KMF design gain), genre/decade/look-alike penalties', rows: onboarding },
    {
      name: 'most popular first',
      description: 'the same pool by the same popularity (log TMDB votes + log training ratings)',
      rows: popularOrder(engine.data, options.onboarding),
    },
    { name: 'random', description: `the same pool shuffled (seed ${seed + 7})`, rows: random },
  ];
  const replay = await replayOrders(engine, splitReplayUsers(heldOutRatings, seed + 3), orders, options);
  return {
    heldOutUsers: heldOut.size,
    users: replay.users,
    pool: pool.length,
    baseRatings: train.count,
    fitMs,
    orderMs,
    k: options.k ?? 10,
    checkpoints: [...(options.checkpoints ?? ONBOARDING_CHECKPOINTS)].sort((a, b) => a - b),
    orders: replay.orders,
    firstPage: Array.from(onboarding.subarray(0, 12), (row) => engine.data.catalog.titles[row]),
  };
}
