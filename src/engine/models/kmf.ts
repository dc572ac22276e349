// The KMF plug-in: r̂(u,i) = 5·σ(g + b_u + b_i + p_u·q_i), the calibrated predicted ★ the app shows (docs/kmf.md).
// Build: SGD training + content-derived vectors for unrated movies; shard: int8 item factors; worker: online user update.
import { createKeywordIndex } from '../keywordIndex';
import { DEFAULT_KMF_PARAMS, fitContentItemModel, onlineUpdateUser, trainKmf, type KmfParams, type KmfTrainResult } from '../kmf';
import { numeric, requireNumeric, ShardError, type ShardContents } from '../shards/format';
import type { RecommenderModel } from './model';

/** Where an item's KMF parameters come from. */
export const ITEM_SOURCE = { none: 0, trained: 1, derived: 2 } as const;

/** The KMF item side over catalog rows, as shipped. */
export interface ItemModel {
  factors: number;
  globalBias: number;
  itemBias: Float32Array;
  /** rows = catalog rows, row-major [rows * factors]. */
  itemFactors: Float32Array;
  itemSource: Uint8Array;
}

/** A user's fitted KMF parameters (b_u, p_u), or null before their first usable rating. */
export type KmfUserState = { bias: number; factors: Float32Array } | null;

/** What the build reports about a KMF fit. */
export interface KmfFitInfo {
  trained: KmfTrainResult;
  params: KmfParams;
  derivedMovies: number;
}

/** More ratings than this: fewer, longer epochs and no refit, so the full ratings.csv trains in minutes. */
const LARGE_RATINGS = 2_000_000;

/** Symmetric per-row int8 quantisation: q = round(x / scale), scale = max|x| / 127. */
export function quantizeRows(values: Float32Array, rows: number, width: number): { q: Int8Array; scales: Float32Array } {
  const q = new Int8Array(rows * width);
  const scales = new Float32Array(rows);
  for (let r = 0; r < rows; r++) {
    let max = 0;
    for (let c = 0; c < width; c++) max = Math.max(max, Math.abs(values[r * width + c]));
    const scale = max / 127;
    scales[r] = scale;
    if (scale === 0) continue;
    for (let c = 0; c < width; c++) q[r * width + c] = Math.round(values[r * width + c] / scale);
  }
  return { q, scales };
}

export function dequantizeRows(q: Int8Array, scales: Float32Array, width: number): Float32Array {
  const out = new Float32Array(q.length);
  for (let r = 0; r < scales.length; r++) {
    const s = scales[r];
    for (let c = 0; c < width; c++) out[r * width + c] = q[r * width + c] * s;
  }
  return out;
}

export const kmfModel: RecommenderModel<ItemModel, KmfUserState, KmfParams & { contentItems: boolean }, KmfFitInfo> = {
  name: 'kmf',
  shardFile: 'model.bin',

  fit(data, options, progress) {
    const { triples, rowOfItem, rows: n, soup } = data;
    const largeDefaults: Partial<KmfParams> = triples.count > LARGE_RATINGS ? { epochs: 8, refitOnAll: false, patience: 2 } : {};
    const { contentItems, ...overrides } = options ?? {};
    const params: KmfParams = { ...DEFAULT_KMF_PARAMS, ...largeDefaults, ...overrides };
    const trained = trainKmf(triples, params, (e) => progress('KMF training', Math.min(0.999, e.epoch / params.epochs)));
    progress('KMF training', 1);
    const k = trained.model.factors;
    const itemFactors = new Float32Array(n * k);
    const itemBias = new Float32Array(n);
    const itemSource = new Uint8Array(n);
    for (let i = 0; i < rowOfItem.length; i++) {
      const row = rowOfItem[i];
      itemFactors.set(trained.model.itemFactors.subarray(i * k, (i + 1) * k), row * k);
      itemBias[row] = trained.model.itemBias[i];
      itemSource[row] = ITEM_SOURCE.trained;
    }
    // Movies nobody rated get (b_i, q_i) regressed from their keyword soup, so KMF covers the whole catalog.
    let derivedMovies = 0;
    if (contentItems !== false) {
      const keywordMatrix = createKeywordIndex(soup.indptr, soup.indices, soup.counts, soup.norms, soup.vocabulary, soup.roles, soup.labels).matrix;
      const content = fitContentItemModel(keywordMatrix, Int32Array.from(rowOfItem), trained.model.itemFactors, trained.model.itemBias);
      for (let row = 0; row < n; row++) {
        // An empty soup would only get the average movie: leave such movies out of KMF lists.
        if (itemSource[row] !== ITEM_SOURCE.none || soup.indptr[row + 1] === soup.indptr[row]) continue;
        const predicted = content(row);
        itemBias[row] = predicted.bias;
        itemFactors.set(predicted.factors, row * k);
        itemSource[row] = ITEM_SOURCE.derived;
        derivedMovies++;
      }
      progress('content item vectors', 1);
    }
    return { model: { factors: k, globalBias: trained.model.globalBias, itemBias, itemFactors, itemSource }, info: { trained, params, derivedMovies } };
  },

  encode(model, rows) {
    const { q, scales } = quantizeRows(model.itemFactors, rows, model.factors);
    return {
      globalBias: numeric(Float64Array.of(model.globalBias)),
      itemBias: numeric(model.itemBias),
      itemFactorsQ8: numeric(q, [rows, model.factors]),
      itemScales: numeric(scales),
      itemSource: numeric(model.itemSource),
    };
  },

  decode(shard: ShardContents, rows: number): ItemModel {
    const file = 'model.bin';
    const quantized = shard.itemFactorsQ8;
    if (!quantized || !(quantized.data instanceof Int8Array) || quantized.shape[0] !== rows)
      throw new ShardError(file, 'corrupt', 'item factors missing or not one row per movie');
    const factors = quantized.shape[1];
    const model: ItemModel = {
      factors,
      globalBias: requireNumeric(file, shard, 'globalBias', Float64Array)[0],
      itemBias: requireNumeric(file, shard, 'itemBias', Float32Array),
      itemFactors: dequantizeRows(quantized.data, requireNumeric(file, shard, 'itemScales', Float32Array), factors),
      itemSource: requireNumeric(file, shard, 'itemSource', Uint8Array),
    };
    for (const [name, length] of [
      ['itemBias', model.itemBias.length],
      ['itemSource', model.itemSource.length],
    ] as const)
      if (length !== rows) throw new ShardError(file, 'corrupt', `array "${name}" has ${length} rows, the catalog has ${rows}`);
    return model;
  },

  fitUser(model, ratings, build) {
    const items: number[] = [];
    const values: number[] = [];
    for (const r of ratings) {
      if (model.itemSource[r.row] === ITEM_SOURCE.none) continue;
      items.push(r.row);
      values.push(r.rating);
    }
    if (items.length === 0) return null;
    // The user side is regularised exactly as in training, so a refit user matches the trained ones.
    const trained = (build.kmf ?? {}) as Partial<KmfParams>;
    const fit = onlineUpdateUser(model, items, values, { regUser: trained.regUser, regBias: trained.regBias, priorUser: trained.priorUser });
    return { bias: fit.bias, factors: fit.factors };
  },
};
