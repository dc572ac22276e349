// Tunes the blend's weights on a validation split inside the training data (never the test split): coordinate search on NDCG@10.
import { Engine } from '../engine/engine';
import type { RatingTriples } from '../engine/kmf';
import {
  blendScore,
  DEFAULT_FOR_YOU_WEIGHTS,
  DEFAULT_LIKE_THIS,
  historyInput,
  priorScore,
  type BlendWeights,
  type LikeThisWeights,
} from '../engine/models/blend';
import { DEFAULT_EASE_PARAMS } from '../engine/models/ease';
import { addNeighbourScores } from '../engine/models/itemNeighbours';
import type { Catalog } from '../engine/shards/dataset';
import { fitModels, inMemoryDataset } from '../pipeline/buildData';
import type { SoupMatrix } from '../pipeline/soup';
import { randomSplit, type RatingDataset } from './dataset';
import { tuneLikeThisWeights, type LikeThisByPerson } from './likeThis';
import { BlendRanker } from './rankers';
import { asRatingsTable } from './ranking';
import { asTmdbId, catalogRowOf } from '../engine/ids';

interface UserRows {
  relevant: Set<number>;
  excluded: Uint8Array;
  kmf: Float32Array;
  /** History scores per dislike weight in DISLIKE_GRID. */
  history: Float32Array[];
}

const DISLIKE_GRID = [-1, -0.5, 0, 0.5, 1];

/** Precomputes, for each validation user, the signal rows a weight setting recombines. */
function userRows(ranker: BlendRanker, train: RatingTriples, validation: RatingTriples, threshold = 4): UserRows[] {
  const relevant = new Map<number, Set<number>>();
  for (let t = 0; t < validation.count; t++) {
    if (validation.rating[t] < threshold) continue;
    const u = validation.user[t];
    if (!relevant.has(u)) relevant.set(u, new Set());
    relevant.get(u)!.add(validation.item[t]);
  }
  const inTrain = new Uint8Array(train.nItems);
  for (let t = 0; t < train.count; t++) inTrain[train.item[t]] = 1;
  const rows: UserRows[] = [];
  for (const [u, rel] of relevant) {
    const excluded = new Uint8Array(train.nItems);
    for (let i = 0; i < train.nItems; i++) excluded[i] = inTrain[i] ? 0 : 1;
    const h = ranker.histories[u];
    for (const i of h.items) excluded[i] = 1;
    const kmf = new Float32Array(train.nItems);
    const scratch = new Float32Array(train.nItems);
    ranker.signals(u, kmf, scratch);
    const history = DISLIKE_GRID.map((dislike) => {
      const out = new Float32Array(train.nItems);
      for (let e = 0; e < h.items.length; e++) addNeighbourScores(ranker.neighbours!, h.items[e], historyInput(h.ratings[e], dislike), out);
      return out;
    });
    rows.push({ relevant: rel, excluded, kmf, history });
  }
  return rows;
}

/** Mean NDCG@k of a weight setting over the precomputed users. */
function ndcgOf(ranker: BlendRanker, rows: UserRows[], w: BlendWeights, k = 10): number {
  const n = rows[0]?.kmf.length ?? 0;
  const prior = new Float32Array(n);
  for (let i = 0; i < n; i++) prior[i] = priorScore(ranker.priors!, w, i);
  const dislikeIndex = Math.max(0, DISLIKE_GRID.indexOf(w.dislike));
  const topScores = new Float64Array(k);
  const topItems = new Int32Array(k);
  let sum = 0;
  for (const row of rows) {
    const history = row.history[dislikeIndex];
    let filled = 0;
    for (let i = 0; i < n; i++) {
      if (row.excluded[i]) continue;
      const s = blendScore(w, w.history * history[i], row.kmf[i], 0, prior[i]);
      if (filled === k && s <= topScores[k - 1]) continue;
      let p = filled < k ? filled++ : k - 1;
      while (p > 0 && topScores[p - 1] < s) {
        topScores[p] = topScores[p - 1];
        topItems[p] = topItems[p - 1];
        p--;
      }
      topScores[p] = s;
      topItems[p] = i;
    }
    let dcg = 0;
    for (let r = 0; r < filled; r++) if (row.relevant.has(topItems[r])) dcg += 1 / Math.log2(r + 2);
    let idcg = 0;
    for (let r = 0; r < Math.min(k, row.relevant.size); r++) idcg += 1 / Math.log2(r + 2);
    sum += dcg / idcg;
  }
  return rows.length ? sum / rows.length : 0;
}

export interface BlendTuning {
  weights: BlendWeights;
  validationNdcg: number;
  evaluations: number;
}

/**
 * Coordinate search: each weight in turn tries multiplicative and additive moves, keeping any that raise validation
 * NDCG@10; `history` stays fixed at 1 (the scale is free), the dislike weight walks its grid.
 */
export function tuneForYouWeights(ranker: BlendRanker, train: RatingTriples, validation: RatingTriples, start: BlendWeights, rounds = 4): BlendTuning {
  const rows = userRows(ranker, train, validation);
  let best = { ...start };
  let bestScore = ndcgOf(ranker, rows, best);
  let evaluations = 1;
  const keys: (keyof BlendWeights)[] = ['likeExponent', 'kmf', 'popularity', 'votes', 'prior'];
  for (let round = 0; round < rounds; round++) {
    let improved = false;
    for (const key of keys) {
      const base = best[key];
      const candidates =
        key === 'likeExponent'
          ? [0, 0.5, 1, 1.5, 2, 3]
          : [base * 0.5, base * 2, base + 0.001, base + 0.003, base + 0.01, base - 0.01, base + 0.05, base - 0.05, base + 0.2, 0];
      for (const value of candidates) {
        // Priors stay ≥ 0: a negative weight ranks obscure movies first wherever a list has no item–item evidence.
        if (value < 0) continue;
        const trial = { ...best, [key]: value };
        const score = ndcgOf(ranker, rows, trial);
        evaluations++;
        if (score > bestScore + 1e-6) {
          best = trial;
          bestScore = score;
          improved = true;
        }
      }
    }
    for (const dislike of DISLIKE_GRID) {
      const trial = { ...best, dislike };
      const score = ndcgOf(ranker, rows, trial);
      evaluations++;
      if (score > bestScore + 1e-6) {
        best = trial;
        bestScore = score;
        improved = true;
      }
    }
    if (!improved) break;
  }
  return { weights: best, validationNdcg: bestScore, evaluations };
}

export interface BlendTuningResult {
  forYou: BlendWeights;
  likeThis: LikeThisWeights;
  validation: { forYouNdcg: number; likeThis: LikeThisByPerson };
}

/**
 * Tunes both weight sets on a 90/10 split of the training ratings: "For you" on NDCG@10 (training-index blend, same
 * formula); "like this" through the engine for the three people (src/evaluation/likeThis.ts, likeThisObjective).
 */
export async function tuneBlendWeights(
  catalog: Catalog,
  soup: SoupMatrix,
  train: RatingDataset,
  options: { log?: (m: string) => void } = {},
): Promise<BlendTuningResult> {
  const log = options.log ?? (() => {});
  const inner = randomSplit(train, 0.1, 1000);
  const catalogIds = catalogRowOf(catalog);
  const metadata = {
    voteAverage: Float32Array.from(train.tmdbIds, (id) => (catalogIds.has(asTmdbId(id)) ? catalog.voteAverage[catalogIds.rowOf(asTmdbId(id))!] : 0)),
    voteCount: Float32Array.from(train.tmdbIds, (id) => (catalogIds.has(asTmdbId(id)) ? catalog.voteCount[catalogIds.rowOf(asTmdbId(id))!] : 0)),
  };
  log('For you: fitting the blend on 90% of the training split ...');
  const ranker = new BlendRanker({ ...DEFAULT_FOR_YOU_WEIGHTS }, metadata, DEFAULT_EASE_PARAMS);
  ranker.fit(inner.train);
  const forYou = tuneForYouWeights(ranker, inner.train, inner.test, { ...DEFAULT_FOR_YOU_WEIGHTS }, 6);
  log(`  validation NDCG@10 ${forYou.validationNdcg.toFixed(4)} with ${JSON.stringify(forYou.weights)}`);

  log('Like this: fitting the shipped models on 90% of the training split ...');
  const makeEngine = async (t: RatingDataset) => new Engine(await inMemoryDataset(catalog, soup, fitModels(catalog, soup, asRatingsTable(t), {})));
  const likeThis = await tuneLikeThisWeights(makeEngine, train, DEFAULT_LIKE_THIS, { log });
  return { forYou: forYou.weights, likeThis: likeThis.weights, validation: { forYouNdcg: forYou.validationNdcg, likeThis: likeThis.validation } };
}
