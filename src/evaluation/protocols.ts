// Top-10 protocols judged by what people go on to like: "For you" over the catalog and "movies like this" from a seed.
// Lists are TMDB ids, so engine lists (catalog rows) and training-index rankers are judged alike.
import type { RatingDataset } from './dataset';
import { asTmdbId, catalogRowOf } from '../engine/ids';

export interface ListMetrics {
  k: number;
  /** Lists judged (For you: users; like this: user × seed lists). */
  lists: number;
  /** Share of lists with at least one relevant movie (HR@k). */
  hitRate: number;
  precision: number;
  recall: number;
  ndcg: number;
  /** Share of all picks with fewer than `obscureVotes` TMDB votes. */
  obscureShare: number;
  /** Distinct picks over all lists / catalog movies. */
  coverage: number;
  distinctPicks: number;
  /** "Like this" relatedness, when the scorer has a judge: mean keyword-soup cosine of the picks to the seed. */
  keywordCosine?: number;
  /** Over lists whose seed has a series film the person has not rated: found / min(k, such films). */
  franchiseRecall?: number;
  /** Share of those lists showing at least one of them. */
  franchiseHit?: number;
  franchiseLists?: number;
  /** Share of picks the crowd relates to the seed: their likers overlap the seed's with lift ≥ 1.5 and ≥ 3 co-likers. */
  crowdRelated?: number;
  /** Share of picks that are also in the person's "For you" top k (lists with a ListContext.forYou only). */
  forYouOverlap?: number;
  /** Share of picks related to the seed in no way: not its series, not crowd related, keyword cosine < UNRELATED_COSINE. */
  unrelated?: number;
}

/**
 * Below this plain keyword-soup cosine a pick shares at most a genre term or two with the seed: with no series or
 * crowd link it is "unrelated" (the mean cosine over ten picks hides such picks behind a few close ones).
 */
export const UNRELATED_COSINE = 0.1;

/** How one pick relates to its seed, strongest link first. */
export type PickRelation = 'series' | 'crowd' | 'content' | 'unrelated';

export function pickRelation(
  judge: RelatednessJudge,
  seedId: number,
  id: number,
  cosine: number,
  series: readonly number[] = judge.series(seedId),
): PickRelation {
  if (series.includes(id)) return 'series';
  if (judge.crowdRelated(seedId, id)) return 'crowd';
  return cosine >= UNRELATED_COSINE ? 'content' : 'unrelated';
}

/** Judges how a "like this" list relates to its seed (independently of the ranker that made it). */
export interface RelatednessJudge {
  /** Plain keyword-soup cosine (the reference design's CountVectorizer cosine) of each id to the seed. */
  keywordCosine(seedId: number, ids: number[]): number[];
  /** TMDB ids of the seed's series (same collection), without the seed. */
  series(seedId: number): number[];
  /** Whether the crowd relates `id` to the seed (lift ≥ 1.5, ≥ 3 co-likers, ratings ≥ 4 in the training split). */
  crowdRelated(seedId: number, id: number): boolean;
}

/** The seed of a "like this" list and what the person has rated (their unseen series films count for franchise recall). */
export interface ListContext {
  seedId: number;
  rated: Set<number>;
  /** The person's own "For you" top k: a "like this" list that repeats it answers "what do you like", not "like this". */
  forYou?: Set<number>;
}

/** A judge over the training split (co-liking) and the catalog's collections and keyword soup. */
export function relatednessJudge(
  train: RatingDataset,
  catalog: { ids: Int32Array; collections: Int32Array },
  keywords: { matrix: { indptr: Uint32Array; indices: Uint32Array; values: Float32Array } },
  likeThreshold = 4,
): RelatednessJudge {
  const catalogIds = catalogRowOf(catalog);
  const seriesOf = new Map<number, number[]>();
  catalog.ids.forEach((id, row) => {
    const c = catalog.collections[row];
    if (c !== 0) seriesOf.set(c, [...(seriesOf.get(c) ?? []), id]);
  });
  const likedBy: number[][] = Array.from({ length: train.nUsers }, () => []);
  const likers = new Map<number, number[]>();
  for (let t = 0; t < train.count; t++) {
    if (train.rating[t] < likeThreshold) continue;
    const id = train.tmdbIds[train.item[t]];
    likedBy[train.user[t]].push(id);
    if (!likers.has(id)) likers.set(id, []);
    likers.get(id)!.push(train.user[t]);
  }
  const users = likedBy.filter((l) => l.length > 0).length;
  const coLikers = new Map<number, Map<number, number>>();
  const coOf = (seedId: number) => {
    let co = coLikers.get(seedId);
    if (!co) {
      co = new Map();
      for (const u of likers.get(seedId) ?? []) for (const id of likedBy[u]) co.set(id, (co.get(id) ?? 0) + 1);
      coLikers.set(seedId, co);
    }
    return co;
  };
  const { indptr, indices, values } = keywords.matrix;
  return {
    keywordCosine(seedId, ids) {
      const seed = catalogIds.rowOf(asTmdbId(seedId));
      if (seed === undefined) return ids.map(() => 0);
      const q = new Map<number, number>();
      for (let e = indptr[seed]; e < indptr[seed + 1]; e++) q.set(indices[e], values[e]);
      return ids.map((id) => {
        const row = catalogIds.rowOf(asTmdbId(id));
        if (row === undefined) return 0;
        let dot = 0;
        for (let e = indptr[row]; e < indptr[row + 1]; e++) dot += (q.get(indices[e]) ?? 0) * values[e];
        return dot;
      });
    },
    series(seedId) {
      const seed = catalogIds.rowOf(asTmdbId(seedId));
      const c = seed === undefined ? 0 : catalog.collections[seed];
      return c === 0 ? [] : (seriesOf.get(c) ?? []).filter((id) => id !== seedId);
    },
    crowdRelated(seedId, id) {
      const co = coOf(seedId).get(id) ?? 0;
      if (co < 3) return false;
      const lift = (co * users) / ((likers.get(seedId)?.length ?? 1) * (likers.get(id)?.length ?? 1));
      return lift >= 1.5;
    },
  };
}

/** Relevant (test rating ≥ threshold) TMDB ids per user. */
export function relevantByUser(test: RatingDataset, threshold = 4): Map<number, Set<number>> {
  const out = new Map<number, Set<number>>();
  for (let t = 0; t < test.count; t++) {
    if (test.rating[t] < threshold) continue;
    const u = test.user[t];
    if (!out.has(u)) out.set(u, new Set());
    out.get(u)!.add(test.tmdbIds[test.item[t]]);
  }
  return out;
}

export interface ListScorer {
  /** `context` (the seed and what the person rated) feeds the relatedness metrics when the scorer has a judge. */
  add(list: number[], relevant: Set<number>, context?: ListContext): void;
  result(): ListMetrics;
}

/** Accumulates HR, P, R, NDCG (binary gains), obscure share and coverage over lists of TMDB ids. */
export function listScorer(k: number, voteCountOf: (tmdbId: number) => number, catalogSize: number, obscureVotes = 50, judge?: RelatednessJudge): ListScorer {
  let cosineSum = 0;
  let crowdPicks = 0;
  let unrelatedPicks = 0;
  let overlapPicks = 0;
  let overlapJudged = 0;
  let judgedPicks = 0;
  let franchiseLists = 0;
  let franchiseRecall = 0;
  let franchiseHits = 0;
  let lists = 0;
  let hits = 0;
  let precision = 0;
  let recall = 0;
  let ndcg = 0;
  let picks = 0;
  let obscure = 0;
  const distinct = new Set<number>();
  return {
    add(list, relevant, context) {
      const top = list.slice(0, k);
      if (judge && context) {
        const cosines = judge.keywordCosine(context.seedId, top);
        const series = judge.series(context.seedId);
        for (const c of cosines) cosineSum += c;
        for (const id of top) if (judge.crowdRelated(context.seedId, id)) crowdPicks++;
        top.forEach((id, i) => {
          if (pickRelation(judge, context.seedId, id, cosines[i], series) === 'unrelated') unrelatedPicks++;
        });
        if (context.forYou) {
          overlapJudged += top.length;
          for (const id of top) if (context.forYou.has(id)) overlapPicks++;
        }
        judgedPicks += top.length;
        const unseen = series.filter((id) => !context.rated.has(id));
        if (unseen.length > 0) {
          const found = top.filter((id) => unseen.includes(id)).length;
          franchiseLists++;
          franchiseRecall += found / Math.min(k, unseen.length);
          if (found > 0) franchiseHits++;
        }
      }
      let found = 0;
      let dcg = 0;
      top.forEach((id, rank) => {
        distinct.add(id);
        picks++;
        if (voteCountOf(id) < obscureVotes) obscure++;
        if (relevant.has(id)) {
          found++;
          dcg += 1 / Math.log2(rank + 2);
        }
      });
      let idcg = 0;
      for (let r = 0; r < Math.min(k, relevant.size); r++) idcg += 1 / Math.log2(r + 2);
      lists++;
      if (found > 0) hits++;
      precision += found / k;
      recall += relevant.size ? found / relevant.size : 0;
      ndcg += idcg ? dcg / idcg : 0;
    },
    result() {
      const mean = (x: number) => (lists ? x / lists : Number.NaN);
      return {
        k,
        lists,
        hitRate: mean(hits),
        precision: mean(precision),
        recall: mean(recall),
        ndcg: mean(ndcg),
        obscureShare: picks ? obscure / picks : Number.NaN,
        coverage: distinct.size / catalogSize,
        distinctPicks: distinct.size,
        ...(judge
          ? {
              keywordCosine: judgedPicks ? cosineSum / judgedPicks : Number.NaN,
              crowdRelated: judgedPicks ? crowdPicks / judgedPicks : Number.NaN,
              unrelated: judgedPicks ? unrelatedPicks / judgedPicks : Number.NaN,
              forYouOverlap: overlapJudged ? overlapPicks / overlapJudged : Number.NaN,
              franchiseRecall: franchiseLists ? franchiseRecall / franchiseLists : Number.NaN,
              franchiseHit: franchiseLists ? franchiseHits / franchiseLists : Number.NaN,
              franchiseLists,
            }
          : {}),
      };
    },
  };
}

export interface LikeThisCase {
  user: number;
  /** Dense item index of the seed in the training data, and its TMDB id. */
  seedItem: number;
  seedId: number;
  relevant: Set<number>;
}

/**
 * Seeds per test user: up to `maxSeeds` of their best-rated training movies (rating ≥ 4; higher first, newest first on
 * ties). Only users with a relevant test movie are kept (the rest could never score).
 */
export function likeThisCases(train: RatingDataset, test: RatingDataset, maxSeeds = 3, threshold = 4): LikeThisCase[] {
  const relevant = relevantByUser(test, threshold);
  const byUser = new Map<number, number[]>();
  for (let t = 0; t < train.count; t++) {
    if (train.rating[t] < threshold || !relevant.has(train.user[t])) continue;
    if (!byUser.has(train.user[t])) byUser.set(train.user[t], []);
    byUser.get(train.user[t])!.push(t);
  }
  const cases: LikeThisCase[] = [];
  for (const [user, rows] of [...byUser].sort((a, b) => a[0] - b[0])) {
    rows.sort((a, b) => train.rating[b] - train.rating[a] || train.timestamp[b] - train.timestamp[a] || a - b);
    for (const t of rows.slice(0, maxSeeds)) cases.push({ user, seedItem: train.item[t], seedId: train.tmdbIds[train.item[t]], relevant: relevant.get(user)! });
  }
  return cases;
}
