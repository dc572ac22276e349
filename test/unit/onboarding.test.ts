// The first-run onboarding on the demo catalog: a deterministic, popular, diverse and taste-separating order, pages that
// leave out rated and hidden movies, and the replay that measures it (held-out users answering the order).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine';
import { onboardingOrder, onboardingPool, orderPage, popularOrder } from '../../src/engine/onboarding';
import type { Catalog } from '../../src/engine/shards/dataset';
import type { RatingDataset } from '../../src/evaluation/dataset';
import { evaluateOnboarding, replayOrders, splitReplayUsers } from '../../src/evaluation/onboardingReplay';
import { asRatingsTable } from '../../src/evaluation/ranking';
import { fitModels, inMemoryDataset } from '../../src/pipeline/buildData';
import { demoTraining, type DemoTraining } from '../helpers/demoTraining';
import type { SoupMatrix } from '../../src/pipeline/soup';

let demo: DemoTraining;
let catalog: Catalog;
let soup: SoupMatrix;
let all: RatingDataset;
let engine: Engine;

beforeAll(async () => {
  demo = await demoTraining('cinelocal-onboarding-');
  ({ catalog, soup, all } = demo);
  engine = new Engine(await inMemoryDataset(catalog, soup, fitModels(catalog, soup, asRatingsTable(all), {})));
}, 120_000);

afterAll(() => demo?.remove());

const genresOf = (rows: ArrayLike<number>) => new Set(Array.from(rows).flatMap((row) => engine.recommender.genresOf(engine.data.catalog.genreMask[row])));
const decadesOf = (rows: ArrayLike<number>) => new Set(Array.from(rows, (row) => Math.floor(engine.data.catalog.years[row] / 10)));

/** Mean cosine between the KMF item vectors of `rows` (how alike the questions are in taste space). */
function meanCosine(rows: ArrayLike<number>): number {
  const { itemFactors, factors: k } = engine.data.models.kmf;
  const list = Array.from(rows);
  let sum = 0;
  let pairs = 0;
  for (let a = 0; a < list.length; a++) {
    for (let b = a + 1; b < list.length; b++) {
      let dot = 0;
      let na = 0;
      let nb = 0;
      for (let f = 0; f < k; f++) {
        const x = itemFactors[list[a] * k + f];
        const y = itemFactors[list[b] * k + f];
        dot += x * y;
        na += x * x;
        nb += y * y;
      }
      sum += dot / Math.sqrt(na * nb || 1);
      pairs++;
    }
  }
  return sum / pairs;
}

describe('onboarding order (demo catalog)', () => {
  it('is deterministic for a dataset', async () => {
    const again = new Engine(await inMemoryDataset(catalog, soup, fitModels(catalog, soup, asRatingsTable(all), {})));
    expect(Array.from(again.onboardingOrder)).toEqual(Array.from(engine.onboardingOrder));
    expect(Array.from(onboardingOrder(engine.data))).toEqual(Array.from(engine.onboardingOrder));
  }, 60_000);

  it('orders the whole pool once: well-known movies with trained factors', () => {
    const order = engine.onboardingOrder;
    const pool = onboardingPool(engine.data, 1500);
    expect(new Set(order).size).toBe(order.length);
    expect([...order].sort((a, b) => a - b)).toEqual([...pool].sort((a, b) => a - b));
    // The first page is drawn from the better-known half of the pool.
    const votes = Array.from(pool, (row) => engine.data.catalog.voteCount[row]).sort((a, b) => a - b);
    const medianVotes = votes[Math.floor(votes.length / 2)];
    for (const row of order.subarray(0, 12)) expect(engine.data.catalog.voteCount[row]).toBeGreaterThanOrEqual(medianVotes);
  });

  it('mixes genres and decades on every page and asks more different questions than a popular-first page', () => {
    const order = engine.onboardingOrder;
    for (let page = 0; page < 3; page++) {
      const rows = order.subarray(page * 12, page * 12 + 12);
      expect(genresOf(rows).size, `genres on page ${page}`).toBeGreaterThanOrEqual(8);
      expect(decadesOf(rows).size, `decades on page ${page}`).toBeGreaterThanOrEqual(4);
    }
    const popular = popularOrder(engine.data).subarray(0, 12);
    const first = order.subarray(0, 12);
    expect(genresOf(first).size).toBeGreaterThanOrEqual(genresOf(popular).size);
    expect(meanCosine(first)).toBeLessThan(meanCosine(popular));
  });

  it('pages leave out rated and hidden movies and never repeat or skip one', () => {
    const order = engine.onboardingOrder;
    const ids = Array.from(order.subarray(0, 60), (row) => engine.data.catalog.ids[row]);
    const rated = [ids[0], ids[3], ids[13]];
    const hidden = [ids[1], ids[25]];
    const exclude = [...rated, ...hidden];
    const seen: number[] = [];
    for (let page = 0; page < 3; page++) {
      const result = engine.onboardingPage({ exclude, page, size: 12 });
      expect(result.page).toBe(page);
      expect(result.hasMore).toBe(true);
      expect(result.movies).toHaveLength(12);
      for (const movie of result.movies) expect(exclude).not.toContain(movie.id);
      seen.push(...result.movies.map((m) => m.id));
    }
    expect(seen).toEqual(ids.filter((id) => !exclude.includes(id)).slice(0, 36));
    // Unknown ids are ignored; the last page says nothing follows.
    expect(engine.onboardingPage({ exclude: [987654321], page: 0, size: 5 }).movies.map((m) => m.id)).toEqual(ids.slice(0, 5));
    const last = orderPage(order, new Set(), Math.ceil(order.length / 12) - 1, 12);
    expect(last.hasMore).toBe(false);
    expect(orderPage(order, new Set(), 10_000, 12).rows).toEqual([]);
  });
});

describe('onboarding replay', () => {
  it('replays users through an order: answers only movies they rated, and more answers rank their test movies better', async () => {
    // A planted check of the machinery: each user answers the movies they rated in this order; an order of the movies
    // nobody held out rated gives no eligible user at all.
    const users = new Map<number, { movieId: number; rating: number }[]>();
    for (let t = 0; t < all.count; t++) {
      const u = all.user[t];
      if (u % 5 !== 0) continue;
      if (!users.has(u)) users.set(u, []);
      users.get(u)!.push({ movieId: all.tmdbIds[all.item[t]], rating: all.rating[t] });
    }
    const split = splitReplayUsers(users, 3);
    for (const [u, s] of split) expect(s.answerable.length + s.test.length).toBe(users.get(u)!.length);
    const ratedIds = new Set(Array.from(all.item.subarray(0, all.count), (i) => all.tmdbIds[i]));
    const unrated = Int32Array.from(engine.onboardingOrder).filter((row) => !ratedIds.has(engine.data.catalog.ids[row]));
    const none = await replayOrders(engine, split, [{ name: 'nobody saw these', description: '', rows: unrated }], { checkpoints: [1, 5] });
    expect(none.users).toBe(0);
  });

  it('measures the onboarding against popular-first and random orders on held-out users', async () => {
    const result = await evaluateOnboarding(catalog, soup, all, { seed: 0, heldOutFraction: 0.3, checkpoints: [1, 3, 10, 20] });
    expect(result.users).toBeGreaterThan(40);
    expect(result.orders.map((o) => o.name)).toEqual(['onboarding', 'most popular first', 'random']);
    const [onboarding, , random] = result.orders;
    for (const order of result.orders) {
      expect(order.points.map((p) => p.answers)).toEqual([1, 3, 10, 20]);
      for (const p of order.points) expect(p.users).toBe(result.users);
      // Shown counts grow with answers.
      const shown = order.points.map((p) => p.shownMedian);
      expect([...shown].sort((a, b) => a - b)).toEqual(shown);
    }
    // Planted tastes (the demo's users rate by genre taste): 20 answers tell the online update more than 1, and
    // well-known, informative questions beat random ones at one answer. (On the demo, unlike ratings_small, whether a
    // movie is rated at all is mostly popularity, so the most-rated list stays ahead until about 40 answers.)
    expect(onboarding.points[3].forYouNdcg).toBeGreaterThan(onboarding.points[0].forYouNdcg);
    expect(onboarding.points[0].forYouNdcg).toBeGreaterThan(random.points[0].forYouNdcg);
    for (const p of onboarding.points) expect(p.popularNdcg).toBeGreaterThan(0);
    // Asking well-known movies first: fewer movies shown than a random order for the same answers.
    expect(onboarding.points[3].shownMedian).toBeLessThan(random.points[3].shownMedian);
    expect(result.firstPage).toHaveLength(12);
  }, 120_000);
});
