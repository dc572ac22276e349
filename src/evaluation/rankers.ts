// Top-N rankers for the "For you" protocol: each scores every item for a user; the baselines and the shipped blend.
import { DEFAULT_KMF_PARAMS, predictTrainedUser, trainKmf, type KmfModel, type KmfParams, type RatingTriples } from '../engine/kmf';
import { createRandom } from '../engine/kmf/random';
import { fitEase, type DenseEase, type EaseParams } from '../engine/models/ease';
import { blendScore, historyInput, itemPriors, priorScore, type BlendWeights, type ItemPriors } from '../engine/models/blend';
import { addNeighbourScores, sparsifyEase, type ItemNeighbours } from '../engine/models/itemNeighbours';

export interface Ranker {
  readonly name: string;
  readonly description: string;
  fit(train: RatingTriples): { trainMs: number };
  /** Writes a score for every item (dense training index) of `user` into `out`; higher ranks first. */
  scoreUser(user: number, out: Float32Array): void;
}

/** Per-user lists of (item, rating) from training triples. */
export function userHistories(data: RatingTriples): { items: Int32Array; ratings: Float32Array }[] {
  const counts = new Int32Array(data.nUsers);
  for (let t = 0; t < data.count; t++) counts[data.user[t]]++;
  const out = Array.from(counts, (n) => ({ items: new Int32Array(n), ratings: new Float32Array(n) }));
  const fill = new Int32Array(data.nUsers);
  for (let t = 0; t < data.count; t++) {
    const u = data.user[t];
    out[u].items[fill[u]] = data.item[t];
    out[u].ratings[fill[u]++] = data.rating[t];
  }
  return out;
}

export function itemCounts(data: RatingTriples): Int32Array {
  const counts = new Int32Array(data.nItems);
  for (let t = 0; t < data.count; t++) counts[data.item[t]]++;
  return counts;
}

/** Most-rated first (the number of training ratings). */
export class PopularityRanker implements Ranker {
  readonly name = 'most popular';
  readonly description = 'rank by the number of training ratings';
  private counts: Int32Array = new Int32Array(0);
  fit(train: RatingTriples) {
    const start = performance.now();
    this.counts = itemCounts(train);
    return { trainMs: performance.now() - start };
  }
  scoreUser(_user: number, out: Float32Array): void {
    for (let i = 0; i < this.counts.length; i++) out[i] = this.counts[i];
  }
}

/** Item-kNN on "rated at all": cosine c_ij/√(n_i n_j), top `neighbours` per item, score = Σ over the user's items. */
export class ItemKnnRanker implements Ranker {
  readonly name = 'item-kNN';
  readonly description: string;
  private neighbours: { columns: Int32Array; weights: Float32Array }[] = [];
  private histories: { items: Int32Array; ratings: Float32Array }[] = [];
  constructor(private readonly k = 50) {
    this.description = `cosine on rated-at-all, top ${k} neighbours per movie`;
  }
  fit(train: RatingTriples) {
    const start = performance.now();
    this.histories = userHistories(train);
    const n = train.nItems;
    const counts = itemCounts(train);
    const co = new Float32Array(n * n);
    for (const h of this.histories) {
      const items = [...new Set(h.items)];
      for (const a of items) for (const b of items) if (a !== b) co[a * n + b] += 1;
    }
    const order = new Int32Array(n);
    this.neighbours = [];
    for (let i = 0; i < n; i++) {
      let m = 0;
      for (let j = 0; j < n; j++) if (co[i * n + j] > 0) order[m++] = j;
      const sim = (j: number) => co[i * n + j] / Math.sqrt(counts[i] * counts[j]);
      const top = Array.from(order.subarray(0, m))
        .sort((a, b) => sim(b) - sim(a))
        .slice(0, this.k);
      this.neighbours.push({ columns: Int32Array.from(top), weights: Float32Array.from(top, sim) });
    }
    return { trainMs: performance.now() - start };
  }
  scoreUser(user: number, out: Float32Array): void {
    this.scoreItems(this.histories[user]?.items ?? [], out);
  }
  /** Σ over `items` of their neighbour similarities. */
  scoreItems(items: ArrayLike<number>, out: Float32Array): void {
    for (let h = 0; h < items.length; h++) {
      const { columns, weights } = this.neighbours[items[h]];
      for (let e = 0; e < columns.length; e++) out[columns[e]] += weights[e];
    }
  }
}

/** EASE on "rated at all" (Steck 2019), dense over the most-rated items. */
export class EaseRanker implements Ranker {
  readonly name: string;
  readonly description: string;
  model: DenseEase | null = null;
  private histories: { items: Int32Array; ratings: Float32Array }[] = [];
  constructor(
    readonly params: Partial<EaseParams>,
    name = 'EASE',
  ) {
    this.name = name;
    this.description = `EASE λ ${params.lambda}, dense over the ${params.maxItems} most-rated movies with ≥ ${params.minRatings} ratings`;
  }
  fit(train: RatingTriples) {
    const start = performance.now();
    this.histories = userHistories(train);
    this.model = fitEase(train, this.params);
    return { trainMs: performance.now() - start };
  }
  scoreUser(user: number, out: Float32Array): void {
    this.scoreItems(this.histories[user]?.items ?? [], out);
  }
  /** Σ_i B_i· over `items`; items outside the model rank below every scored model item. */
  scoreItems(items: ArrayLike<number>, out: Float32Array): void {
    const m = this.model!;
    const n = m.size;
    for (let h = 0; h < items.length; h++) {
      const item = items[h];
      const i = m.positionOfItem[item];
      if (i < 0) continue;
      const base = i * n;
      for (let j = 0; j < n; j++) out[m.items[j]] += m.weights[base + j];
    }
    // Items outside the model rank below every model item that has a score.
    for (let item = 0; item < out.length; item++) if (m.positionOfItem[item] < 0) out[item] = -1e9;
  }
}

/** PureSVD (Cremonesi, Koren & Turrin 2010): top-f right singular vectors V of the rating matrix, score = r_u V Vᵀ. */
export class PureSvdRanker implements Ranker {
  readonly name = 'PureSVD';
  readonly description: string;
  private v = new Float64Array(0);
  private histories: { items: Int32Array; ratings: Float32Array }[] = [];
  private nItems = 0;
  constructor(
    private readonly f = 20,
    private readonly iterations = 40,
  ) {
    this.description = `PureSVD, ${f} factors (subspace iteration, ${iterations} steps)`;
  }
  fit(train: RatingTriples) {
    const start = performance.now();
    const f = this.f;
    const n = (this.nItems = train.nItems);
    this.histories = userHistories(train);
    const random = createRandom(7);
    let v = Float64Array.from({ length: n * f }, () => random() - 0.5);
    orthonormalizeColumns(v, n, f);
    const userSide = new Float64Array(train.nUsers * f);
    for (let it = 0; it < this.iterations; it++) {
      userSide.fill(0);
      for (let t = 0; t < train.count; t++) {
        const u = train.user[t] * f;
        const i = train.item[t] * f;
        const r = train.rating[t];
        for (let c = 0; c < f; c++) userSide[u + c] += r * v[i + c];
      }
      const next = new Float64Array(n * f);
      for (let t = 0; t < train.count; t++) {
        const u = train.user[t] * f;
        const i = train.item[t] * f;
        const r = train.rating[t];
        for (let c = 0; c < f; c++) next[i + c] += r * userSide[u + c];
      }
      orthonormalizeColumns(next, n, f);
      v = next;
    }
    this.v = v;
    return { trainMs: performance.now() - start };
  }
  scoreUser(user: number, out: Float32Array): void {
    const f = this.f;
    const latent = new Float64Array(f);
    const h = this.histories[user] ?? { items: [], ratings: [] };
    for (let e = 0; e < h.items.length; e++) for (let c = 0; c < f; c++) latent[c] += h.ratings[e] * this.v[h.items[e] * f + c];
    for (let i = 0; i < this.nItems; i++) {
      let s = 0;
      for (let c = 0; c < f; c++) s += latent[c] * this.v[i * f + c];
      out[i] = s;
    }
  }
}

/** Modified Gram–Schmidt on the f columns of a row-major n × f matrix. */
function orthonormalizeColumns(a: Float64Array, n: number, f: number): void {
  for (let c = 0; c < f; c++) {
    for (let p = 0; p < c; p++) {
      let dot = 0;
      for (let i = 0; i < n; i++) dot += a[i * f + c] * a[i * f + p];
      for (let i = 0; i < n; i++) a[i * f + c] -= dot * a[i * f + p];
    }
    let norm = 0;
    for (let i = 0; i < n; i++) norm += a[i * f + c] ** 2;
    norm = Math.sqrt(norm) || 1;
    for (let i = 0; i < n; i++) a[i * f + c] /= norm;
  }
}

/** TMDB vote average and count per dense training item (0 when the movie has no metadata). */
export interface ItemMetadata {
  voteAverage: Float32Array;
  voteCount: Float32Array;
}

/**
 * The shipped "For you" ranker, on training indices: KMF predicted ★ + EASE neighbours of the user's ratings + priors,
 * combined by the engine's blend (src/engine/models/blend.ts).
 */
export class BlendRanker implements Ranker {
  readonly name: string;
  readonly description: string;
  kmf: KmfModel | null = null;
  neighbours: ItemNeighbours | null = null;
  priors: ItemPriors | null = null;
  histories: { items: Int32Array; ratings: Float32Array }[] = [];
  constructor(
    public weights: BlendWeights,
    readonly metadata: ItemMetadata,
    readonly ease: Partial<EaseParams>,
    readonly kmfParams: Partial<KmfParams> = DEFAULT_KMF_PARAMS,
    readonly neighboursPerItem = 200,
    name = 'CineLocal blend',
  ) {
    this.name = name;
    this.description = 'KMF ★ + EASE neighbours of your ratings + popularity and TMDB priors, weights tuned on validation';
  }
  fit(train: RatingTriples) {
    const start = performance.now();
    this.histories = userHistories(train);
    this.kmf = trainKmf(train, this.kmfParams).model;
    const dense = fitEase(train, this.ease);
    this.neighbours = sparsifyEase(
      dense,
      Int32Array.from({ length: train.nItems }, (_, i) => i),
      train.nItems,
      this.neighboursPerItem,
      true,
    );
    this.priors = itemPriors(itemCounts(train), this.metadata.voteAverage, this.metadata.voteCount);
    return { trainMs: performance.now() - start };
  }
  /** The user-dependent signals, split so weight tuning can recombine them without recomputing. */
  signals(user: number, kmfOut: Float32Array, historyOut: Float32Array): void {
    const kmf = this.kmf!;
    for (let i = 0; i < kmfOut.length; i++) kmfOut[i] = predictTrainedUser(kmf, user, i) / 5;
    historyOut.fill(0);
    const h = this.histories[user];
    for (let e = 0; e < h.items.length; e++) addNeighbourScores(this.neighbours!, h.items[e], historyInput(h.ratings[e], this.weights.dislike), historyOut);
  }
  scoreUser(user: number, out: Float32Array): void {
    const kmfRow = new Float32Array(out.length);
    const historyRow = new Float32Array(out.length);
    this.signals(user, kmfRow, historyRow);
    const w = this.weights;
    for (let i = 0; i < out.length; i++) out[i] = blendScore(w, w.history * historyRow[i], kmfRow[i], 0, priorScore(this.priors!, w, i));
  }
}
