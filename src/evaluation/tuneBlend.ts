// Tunes the blend's weights on a validation split inside the training data (never the test split): coordinate search on NDCG@10.
import { Engine } from '../engine/engine';
import type { RatingTriples } from '../engine/kmf';
import { blendScore, DEFAULT_FOR_YOU_WEIGHTS, DEFAULT_LIKE_THIS_NO_VECTOR_WEIGHTS, DEFAULT_LIKE_THIS_WEIGHTS, historyInput, priorScore, type BlendWeights, type ItemPriors } from '../engine/models/blend';
import { DEFAULT_EASE_PARAMS } from '../engine/models/ease';
import { addNeighbourScores } from '../engine/models/itemNeighbours';
import { genreCandidates } from '../engine/genreIndex';
import { cosineToCandidates } from '../engine/keywordIndex';
import { predictRating } from '../engine/kmf';
import { topKOfScores } from '../engine/recommender';
import { ITEM_SOURCE, type Catalog } from '../engine/shards/dataset';
import type { UserRating } from '../engine/types';
import { fitModels, inMemoryDataset } from '../pipeline/buildData';
import type { SoupMatrix } from '../pipeline/soup';
import { randomSplit, type RatingDataset } from './dataset';
import { likeThisCases, listScorer, type LikeThisCase, type ListMetrics } from './protocols';
import { BlendRanker } from './rankers';
import { asRatingsTable, userRatings } from './ranking';

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
        key === 'likeExponent' ? [0, 0.5, 1, 1.5, 2, 3] : [base * 0.5, base * 2, base + 0.001, base + 0.003, base + 0.01, base - 0.01, base + 0.05, base - 0.05, base + 0.2, 0];
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
  likeThis: BlendWeights;
  likeThisNoVector: BlendWeights;
  validation: { forYouNdcg: number; likeThisWithVector: ListMetrics; likeThisNoVector: ListMetrics; evaluations: number };
}

/**
 * Tunes both weight sets on a 90/10 split of the training ratings: "For you" on NDCG@10 (training-index blend, same
 * formula), "like this" through the engine on HR@10 with and without a vector, penalising lists with > 8% obscure picks.
 */
export async function tuneBlendWeights(catalog: Catalog, soup: SoupMatrix, train: RatingDataset, options: { log?: (m: string) => void } = {}): Promise<BlendTuningResult> {
  const log = options.log ?? (() => {});
  const inner = randomSplit(train, 0.1, 1000);
  const rowOfId = new Map<number, number>();
  catalog.ids.forEach((id, row) => rowOfId.set(id, row));
  const metadata = {
    voteAverage: Float32Array.from(train.tmdbIds, (id) => (rowOfId.has(id) ? catalog.voteAverage[rowOfId.get(id)!] : 0)),
    voteCount: Float32Array.from(train.tmdbIds, (id) => (rowOfId.has(id) ? catalog.voteCount[rowOfId.get(id)!] : 0)),
  };
  log('For you: fitting the blend on 90% of the training split ...');
  const ranker = new BlendRanker({ ...DEFAULT_FOR_YOU_WEIGHTS }, metadata, DEFAULT_EASE_PARAMS);
  ranker.fit(inner.train);
  const forYou = tuneForYouWeights(ranker, inner.train, inner.test, { ...DEFAULT_FOR_YOU_WEIGHTS }, 6);
  log(`  validation NDCG@10 ${forYou.validationNdcg.toFixed(4)} with ${JSON.stringify(forYou.weights)}`);

  log('Like this: fitting the shipped models on 90% of the training split ...');
  const fitted = fitModels(catalog, soup, asRatingsTable(inner.train), {});
  const engine = new Engine(await inMemoryDataset(catalog, soup, fitted));
  // A seeded sample of the validation lists keeps each trial to a few seconds.
  const allCases = likeThisCases(inner.train, inner.test);
  const cases = allCases;
  const ratingsOf = userRatings(inner.train);
  const vectors = new Map<number, ReturnType<Engine['fitUser']>>();
  for (const c of cases) if (!vectors.has(c.user)) vectors.set(c.user, engine.fitUser(ratingsOf.get(c.user) ?? []));
  const voteCountOf = (id: number) => (rowOfId.has(id) ? catalog.voteCount[rowOfId.get(id)!] : 0);
  const parts = likeThisParts(engine, cases, ratingsOf, vectors, DEFAULT_LIKE_THIS_WEIGHTS.dislike);
  const priors = engine.recommender.priors;
  // One objective per weight set: HR@10 minus a penalty for lists with more than 8% obscure picks.
  const measure = (weights: BlendWeights, personal: boolean) => {
    const scorer = listScorer(10, voteCountOf, catalog.ids.length);
    for (const p of parts) scorer.add(rankParts(p, weights, priors, personal).map((row) => catalog.ids[row]), p.relevant);
    const result = scorer.result();
    return { objective: result.hitRate - 2 * Math.max(0, result.obscureShare - 0.08), result };
  };
  const search = (start: BlendWeights, personal: boolean, keys: (keyof BlendWeights)[]) => {
    let best = { ...start };
    let bestResult = measure(best, personal);
    let evaluations = 1;
    log(`  ${personal ? 'with ratings' : 'newcomer'} start: HR@10 ${bestResult.result.hitRate.toFixed(3)}`);
    for (let round = 0; round < 6; round++) {
      let improved = false;
      for (const key of keys) {
        const base = best[key];
        const candidates = key === 'likeExponent' ? [0, 1, 2, 3] : [base * 0.5, base * 2, base * 4, base + 0.05, base - 0.05, base + 0.2, 0];
        for (const value of candidates) {
          // Weights stay ≥ 0: a negative prior would rank obscure movies first where there is no item–item evidence.
          if (value === base || value < 0) continue;
          const trial = { ...best, [key]: value };
          const result = measure(trial, personal);
          evaluations++;
          if (result.objective > bestResult.objective + 1e-4) {
            best = trial;
            bestResult = result;
            improved = true;
            log(`    ${key} = ${value}: HR@10 ${result.result.hitRate.toFixed(3)}, obscure ${result.result.obscureShare.toFixed(3)}`);
          }
        }
      }
      if (!improved) break;
    }
    return { weights: best, result: bestResult.result, evaluations };
  };
  const personal = search(DEFAULT_LIKE_THIS_WEIGHTS, true, ['history', 'seed', 'coRating', 'popularity', 'votes', 'likeExponent', 'kmf', 'keywords', 'prior']);
  const newcomer = search(DEFAULT_LIKE_THIS_NO_VECTOR_WEIGHTS, false, ['seed', 'coRating', 'popularity', 'votes', 'likeExponent', 'kmf', 'keywords', 'prior']);
  return {
    forYou: forYou.weights,
    likeThis: personal.weights,
    likeThisNoVector: newcomer.weights,
    validation: { forYouNdcg: forYou.validationNdcg, likeThisWithVector: personal.result, likeThisNoVector: newcomer.result, evaluations: forYou.evaluations + personal.evaluations + newcomer.evaluations },
  };
}

/** One "like this" list's weight-independent parts over its candidates (stage 1 ∪ rows the item–item evidence reaches). */
export interface LikeThisParts {
  relevant: Set<number>;
  rows: Int32Array;
  seedEvidence: Float32Array;
  seedCoRating: Float32Array;
  historyEvidence: Float32Array;
  likeWithVector: Float32Array;
  likeWithoutVector: Float32Array;
  cosine: Float32Array;
  excluded: Uint8Array;
}

/** Computes each case's parts once, so a weight setting is scored without running the engine (the final eval does). */
export function likeThisParts(engine: Engine, cases: LikeThisCase[], ratingsOf: Map<number, UserRating[]>, vectors: Map<number, ReturnType<Engine['fitUser']>>, dislike: number): LikeThisParts[] {
  const data = engine.data;
  const n = data.catalog.ids.length;
  const { indptr, columns, weights } = data.collaborative.neighbours;
  const co = data.collaborative.coRating;
  const coDense = new Float32Array(n);
  const scratch = new Float32Array(data.keywords.vocabulary.length);
  const seedDense = new Float32Array(n);
  const historyDense = new Float32Array(n);
  const out: LikeThisParts[] = [];
  for (const c of cases) {
    const seed = engine.rowOf(c.seedId)!;
    const ratings = ratingsOf.get(c.user) ?? [];
    const touched = new Set<number>();
    for (let e = indptr[seed]; e < indptr[seed + 1]; e++) {
      seedDense[columns[e]] += weights[e];
      touched.add(columns[e]);
    }
    for (let e = co.indptr[seed]; e < co.indptr[seed + 1]; e++) {
      coDense[co.columns[e]] += co.weights[e];
      touched.add(co.columns[e]);
    }
    const rated = new Set<number>();
    for (const r of ratings) {
      const row = engine.rowOf(r.movieId);
      if (row === undefined) continue;
      rated.add(row);
      const x = historyInput(r.rating, dislike);
      for (let e = indptr[row]; e < indptr[row + 1]; e++) {
        historyDense[columns[e]] += x * weights[e];
        touched.add(columns[e]);
      }
    }
    const seedMask = data.catalog.genreMask[seed];
    const candidates = new Set<number>(genreCandidates(engine.recommender.genreIndex, seed, 2000));
    // The engine admits at most 600 evidence-only movies; the strongest 1,000 by either evidence cover its choice.
    const extra = [...touched].filter((row) => !candidates.has(row) && (data.catalog.genreMask[row] & seedMask) !== 0);
    const bySeed = [...extra].sort((a, b) => seedDense[b] + coDense[b] - seedDense[a] - coDense[a]).slice(0, 500);
    const byHistory = [...extra].sort((a, b) => historyDense[b] - historyDense[a]).slice(0, 500);
    for (const row of [...bySeed, ...byHistory]) candidates.add(row);
    const rows = Int32Array.from(candidates);
    const cosine = new Float32Array(rows.length);
    cosineToCandidates(data.keywords, seed, rows, rows.length, cosine, scratch);
    const vector = vectors.get(c.user) ?? null;
    out.push({
      relevant: c.relevant,
      rows,
      seedEvidence: Float32Array.from(rows, (row) => seedDense[row]),
      seedCoRating: Float32Array.from(rows, (row) => coDense[row]),
      historyEvidence: Float32Array.from(rows, (row) => historyDense[row]),
      likeWithVector: Float32Array.from(rows, (row) =>
        vector && data.model.itemSource[row] !== ITEM_SOURCE.none ? predictRating(data.model, vector.bias, vector.factors, row) / 5 : engine.recommender.priors.likeWithoutVector[row],
      ),
      likeWithoutVector: Float32Array.from(rows, (row) => engine.recommender.priors.likeWithoutVector[row]),
      cosine,
      excluded: Uint8Array.from(rows, (row) => (row === seed || rated.has(row) ? 1 : 0)),
    });
    for (const row of touched) {
      seedDense[row] = 0;
      coDense[row] = 0;
      historyDense[row] = 0;
    }
  }
  return out;
}

/** The engine's stage-2 score (blendScore) over one list's parts; with `personal` false: no vector, no history. */
export function rankParts(p: LikeThisParts, w: BlendWeights, priors: ItemPriors, personal: boolean): number[] {
  const scores = new Float32Array(p.rows.length);
  for (let i = 0; i < p.rows.length; i++) {
    if (p.excluded[i]) {
      scores[i] = Number.NEGATIVE_INFINITY;
      continue;
    }
    const cf = w.seed * p.seedEvidence[i] + w.coRating * p.seedCoRating[i] + (personal ? w.history * p.historyEvidence[i] : 0);
    scores[i] = blendScore(w, cf, personal ? p.likeWithVector[i] : p.likeWithoutVector[i], p.cosine[i], priorScore(priors, w, p.rows[i]));
  }
  return topKOfScores(scores, p.rows.length, 10).map((i) => p.rows[i]);
}
