// Top-10 protocols judged by what people go on to like: "For you" over the catalog and "movies like this" from a seed.
// Lists are TMDB ids, so engine lists (catalog rows) and training-index rankers are judged alike.
import type { RatingDataset } from './dataset';

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
  add(list: number[], relevant: Set<number>): void;
  result(): ListMetrics;
}

/** Accumulates HR, P, R, NDCG (binary gains), obscure share and coverage over lists of TMDB ids. */
export function listScorer(k: number, voteCountOf: (tmdbId: number) => number, catalogSize: number, obscureVotes = 50): ListScorer {
  let lists = 0;
  let hits = 0;
  let precision = 0;
  let recall = 0;
  let ndcg = 0;
  let picks = 0;
  let obscure = 0;
  const distinct = new Set<number>();
  return {
    add(list, relevant) {
      const top = list.slice(0, k);
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
