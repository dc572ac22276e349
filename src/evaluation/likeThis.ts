// "Movies like this" for three people — with their ratings, after rating only the seed, a visitor — judged by what
// they went on to like and by how the list relates to the seed (keyword cosine, series, crowd).
import type { Engine } from '../engine/engine';
import type { LikeThisCandidates } from '../engine/recommender';
import type { LikeThisWeights } from '../engine/models/blend';
import type { UserRating, UserVector } from '../engine/types';
import { randomSplit, type RatingDataset } from './dataset';
import { likeThisCases, listScorer, relatednessJudge, type LikeThisCase, type ListMetrics, type RelatednessJudge } from './protocols';
import { userRatings } from './ranking';
import { asTmdbId } from '../engine/ids';

export const LIKE_THIS_PEOPLE = ['withRatings', 'oneRating', 'visitor'] as const;
export type LikeThisPerson = (typeof LIKE_THIS_PEOPLE)[number];
export type LikeThisByPerson = Record<LikeThisPerson, ListMetrics>;

export interface LikeThisRun {
  engine: Engine;
  cases: LikeThisCase[];
  ratingsOf: Map<number, UserRating[]>;
  judge: RelatednessJudge;
  vectorOf: (user: number) => UserVector | null;
  /** The vector the app fits from one rating (the seed's). */
  seedVectorOf: (c: LikeThisCase) => UserVector | null;
  /** The person's "For you" top 10 (with all their training ratings), the list "like this" must not turn into. */
  forYouOf: (user: number) => Promise<Set<number>>;
}

/** Everything the three-person protocol needs for one engine and one split (vectors are fitted once and cached). */
export function likeThisRun(engine: Engine, train: RatingDataset, test: RatingDataset): LikeThisRun {
  const ratingsOf = userRatings(train);
  const vectors = new Map<number, UserVector | null>();
  const seedVectors = new Map<string, UserVector | null>();
  const forYouLists = new Map<number, Set<number>>();
  const vectorOf = (user: number) => {
    if (!vectors.has(user)) vectors.set(user, engine.fitUser(ratingsOf.get(user) ?? []));
    return vectors.get(user)!;
  };
  return {
    engine,
    cases: likeThisCases(train, test),
    ratingsOf,
    judge: relatednessJudge(train, engine.data.catalog, engine.data.keywords),
    vectorOf,
    forYouOf: async (user) => {
      if (!forYouLists.has(user)) {
        const vector = vectorOf(user);
        const ratings = ratingsOf.get(user) ?? [];
        const list = vector ? await engine.forYou(vector, { k: 10, exclude: ratings.map((r) => r.movieId), ratings }) : [];
        forYouLists.set(user, new Set(list.map((x) => x.movie.id)));
      }
      return forYouLists.get(user)!;
    },
    seedVectorOf: (c) => {
      const key = `${c.user}:${c.seedId}`;
      if (!seedVectors.has(key)) seedVectors.set(key, engine.fitUser([seedRating(ratingsOf, c)]));
      return seedVectors.get(key)!;
    },
  };
}

function seedRating(ratingsOf: Map<number, UserRating[]>, c: LikeThisCase): UserRating {
  return ratingsOf.get(c.user)?.find((r) => r.movieId === c.seedId) ?? { movieId: c.seedId, rating: 4 };
}

/** The shipped "like this" for the three people, served as the app serves them. */
export async function evaluateLikeThisPeople(run: LikeThisRun, k = 10): Promise<LikeThisByPerson> {
  const { engine, judge } = run;
  const catalog = engine.data.catalog;
  const voteCountOf = (id: number) => {
    const row = engine.rowOf(asTmdbId(id));
    return row === undefined ? 0 : catalog.voteCount[row];
  };
  const scorers = Object.fromEntries(LIKE_THIS_PEOPLE.map((p) => [p, listScorer(k, voteCountOf, catalog.ids.length, 50, judge)])) as Record<
    LikeThisPerson,
    ReturnType<typeof listScorer>
  >;
  for (const c of run.cases) {
    const ratings = run.ratingsOf.get(c.user) ?? [];
    const ratedIds = ratings.map((r) => r.movieId);
    const forYou = await run.forYouOf(c.user);
    const personal = await engine.recommend(asTmdbId(c.seedId), { vector: run.vectorOf(c.user), ratedIds, ratings }, { k });
    scorers.withRatings.add(
      personal.map((x) => x.movie.id),
      c.relevant,
      { seedId: c.seedId, rated: new Set(ratedIds), forYou },
    );
    // The other two know nothing (or one rating) of the person's taste, but every list leaves out what the person has
    // seen (rated in training): a seen film can never be judged, and the previous protocol hid it too.
    const seen = new Set(ratedIds);
    const one = seedRating(run.ratingsOf, c);
    const single = await engine.recommend(asTmdbId(c.seedId), { vector: run.seedVectorOf(c), ratedIds, ratings: [one] }, { k });
    scorers.oneRating.add(
      single.map((x) => x.movie.id),
      c.relevant,
      { seedId: c.seedId, rated: seen, forYou },
    );
    const visitor = await engine.recommend(asTmdbId(c.seedId), { vector: null, ratedIds, ratings: [] }, { k });
    scorers.visitor.add(
      visitor.map((x) => x.movie.id),
      c.relevant,
      { seedId: c.seedId, rated: seen, forYou },
    );
  }
  return Object.fromEntries(LIKE_THIS_PEOPLE.map((p) => [p, scorers[p].result()])) as LikeThisByPerson;
}

/** The goals of issue 18 that one weight set can be checked against (all three people at once). */
export function likeThisObjective(m: LikeThisByPerson): number {
  const shortfall = (value: number | undefined, goal: number) => Math.max(0, goal - (value ?? 0));
  // HR of all three people, with a steep price on each relatedness goal missed.
  const hr = m.withRatings.hitRate + m.oneRating.hitRate + m.visitor.hitRate;
  let penalty = 0;
  for (const p of LIKE_THIS_PEOPLE) {
    penalty += 4 * shortfall(m[p].franchiseRecall, 0.87) + 4 * shortfall(m[p].keywordCosine, 0.16) + 4 * Math.max(0, m[p].obscureShare - 0.08);
  }
  penalty += 2 * shortfall(m.oneRating.hitRate, m.visitor.hitRate);
  return hr - penalty;
}

interface CaseFeatures {
  c: LikeThisCase;
  seen: Set<number>;
  forYou: Set<number>;
  people: Record<LikeThisPerson, LikeThisCandidates>;
}

function copyCandidates(c: LikeThisCandidates | null): LikeThisCandidates {
  // A seed outside the catalog gets an empty list, as recommend() gives it.
  if (!c)
    return {
      seed: -1,
      count: 0,
      ratingCount: 0,
      rows: new Int32Array(0),
      series: new Uint8Array(0),
      coLiked: new Uint8Array(0),
      crowd: new Float32Array(0),
      coRating: new Float32Array(0),
      content: new Float32Array(0),
      soup: new Float32Array(0),
      genres: new Float32Array(0),
      taste: new Float32Array(0),
      crowdLike: new Float32Array(0),
      personalLike: new Float32Array(0),
    };
  const n = c.count;
  return {
    seed: c.seed,
    count: n,
    ratingCount: c.ratingCount,
    rows: c.rows.slice(0, n),
    series: c.series.slice(0, n),
    coLiked: c.coLiked.slice(0, n),
    crowd: c.crowd.slice(0, n),
    coRating: c.coRating.slice(0, n),
    content: c.content.slice(0, n),
    soup: c.soup.slice(0, n),
    genres: c.genres.slice(0, n),
    taste: c.taste.slice(0, n),
    crowdLike: c.crowdLike.slice(0, n),
    personalLike: c.personalLike.slice(0, n),
  };
}

/** Each case's candidates and signals for the three people, computed once through the engine (weights change only stage 2). */
export async function caseFeatures(run: LikeThisRun): Promise<CaseFeatures[]> {
  const r = run.engine.recommender;
  const out: CaseFeatures[] = [];
  for (const c of run.cases) {
    const ratings = run.ratingsOf.get(c.user) ?? [];
    const ratedIds = ratings.map((x) => x.movieId);
    const withRatings = copyCandidates(await r.likeThisCandidates(c.seedId, { vector: run.vectorOf(c.user), ratedIds, ratings }));
    const oneRating = copyCandidates(await r.likeThisCandidates(c.seedId, { vector: run.seedVectorOf(c), ratedIds, ratings: [seedRating(run.ratingsOf, c)] }));
    const visitor = copyCandidates(await r.likeThisCandidates(c.seedId, { vector: null, ratedIds, ratings: [] }));
    out.push({ c, seen: new Set(ratedIds), forYou: await run.forYouOf(c.user), people: { withRatings, oneRating, visitor } });
  }
  return out;
}

/** The three people's metrics for one weight set over precomputed features (the engine's own stage 2). */
export function measureFeatures(run: LikeThisRun, features: CaseFeatures[], w: LikeThisWeights, k = 10): LikeThisByPerson {
  const r = run.engine.recommender;
  const catalog = run.engine.data.catalog;
  const voteCountOf = (id: number) => {
    const row = run.engine.rowOf(asTmdbId(id));
    return row === undefined ? 0 : catalog.voteCount[row];
  };
  const scores = new Float32Array(4096);
  const result = {} as LikeThisByPerson;
  for (const p of LIKE_THIS_PEOPLE) {
    const scorer = listScorer(k, voteCountOf, catalog.ids.length, 50, run.judge);
    for (const f of features) {
      const cand = f.people[p];
      const picks = r.rankLikeThis(cand, w, k, cand.count <= scores.length ? scores : new Float32Array(cand.count));
      scorer.add(
        picks.map((i) => catalog.ids[cand.rows[i]]),
        f.c.relevant,
        { seedId: f.c.seedId, rated: f.seen, forYou: f.forYou },
      );
    }
    result[p] = scorer.result();
  }
  return result;
}

/** Coordinate search of the "like this" weights on validation inside the training split (never the test split). */
export async function tuneLikeThisWeights(
  makeEngine: (train: RatingDataset) => Promise<Engine>,
  train: RatingDataset,
  start: LikeThisWeights,
  options: { log?: (m: string) => void; rounds?: number; keys?: (keyof LikeThisWeights)[]; objective?: (m: LikeThisByPerson) => number } = {},
): Promise<{ weights: LikeThisWeights; validation: LikeThisByPerson }> {
  const log = options.log ?? (() => {});
  const objective = options.objective ?? likeThisObjective;
  const inner = randomSplit(train, 0.1, 1000);
  const engine = await makeEngine(inner.train);
  const run = likeThisRun(engine, inner.train, inner.test);
  log(`validation: ${run.cases.length} lists; computing candidates ...`);
  const features = await caseFeatures(run);
  const measure = (w: LikeThisWeights) => measureFeatures(run, features, w);
  let best = { ...start };
  let bestMetrics = measure(best);
  let bestScore = objective(bestMetrics);
  log(`start ${describeLikeThis(bestMetrics)} objective ${bestScore.toFixed(4)}`);
  const keys =
    options.keys ??
    ([
      'series',
      'crowd',
      'coRating',
      'content',
      'soup',
      'genres',
      'pool',
      'confidence',
      'taste',
      'likeExponent',
      'popularity',
      'prior',
      'votes',
    ] as (keyof LikeThisWeights)[]);
  for (let round = 0; round < (options.rounds ?? 4); round++) {
    let improved = false;
    for (const key of keys) {
      const base = best[key];
      const trials =
        key === 'pool'
          ? [10, 15, 20, 30, 45, 60, 90, 150, 250, 400]
          : key === 'likeExponent'
            ? [0, 1, 2, 3, 4, 6]
            : [base * 0.5, base * 0.8, base * 1.25, base * 2, base + 0.1, base - 0.1, base + 0.5, 0];
      for (const value of trials) {
        if (value === base || value < 0) continue;
        const trial = { ...best, [key]: value };
        const metrics = measure(trial);
        const score = objective(metrics);
        if (score > bestScore + 1e-4) {
          best = trial;
          bestScore = score;
          bestMetrics = metrics;
          improved = true;
          log(`  ${key} = ${+value.toFixed(4)}: ${describeLikeThis(metrics)} objective ${score.toFixed(4)}`);
        }
      }
    }
    if (!improved) break;
  }
  return { weights: best, validation: bestMetrics };
}

/** One line per person: HR, NDCG, obscure share, cosine, franchise recall, crowd relatedness. */
export function describeLikeThis(m: LikeThisByPerson): string {
  return LIKE_THIS_PEOPLE.map(
    (p) =>
      `${p}: HR ${m[p].hitRate.toFixed(3)} NDCG ${m[p].ndcg.toFixed(4)} <50 ${(100 * m[p].obscureShare).toFixed(1)}% cos ${m[p].keywordCosine?.toFixed(3)} franchise ${m[p].franchiseRecall?.toFixed(3)} (${m[p].franchiseLists}) crowd ${m[p].crowdRelated?.toFixed(3)} unrelated ${m[p].unrelated?.toFixed(3)} in For you ${m[p].forYouOverlap?.toFixed(3)}`,
  ).join(' | ');
}
