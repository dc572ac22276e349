// Content-derived KMF item parameters for movies nobody rated: ridge regression from the keyword soup to (b_i, q_i).
import type { CsrMatrix } from '../sparse';

export interface ContentItemParams {
  /** Ridge weight α in ‖XW − Y‖² + α‖W‖². */
  ridge: number;
  /** Conjugate-gradient iterations at most. */
  maxIterations: number;
  /** Stop when every column's residual norm fell below tolerance × its initial norm. */
  tolerance: number;
  /**
   * Items with n ratings get weight n / (n + ratingCountHalfWeight) in the fit (needs `ratingCounts`), since factors of
   * rarely rated movies are mostly their prior; 0 = all weights 1.
   */
  ratingCountHalfWeight: number;
}

export const DEFAULT_CONTENT_ITEM_PARAMS: ContentItemParams = { ridge: 1, maxIterations: 200, tolerance: 1e-4, ratingCountHalfWeight: 0 };

export interface ContentItemPrediction {
  bias: number;
  factors: Float32Array;
}

/** Call it with a catalog row of the keyword matrix to get that movie's (b_i, q_i); the fit's diagnostics ride along. */
export type ContentItemModel = ((row: number) => ContentItemPrediction) & {
  /** Column means ȳ (bias first): what a row with an empty soup gets. */
  mean: Float64Array;
  iterations: number;
  /** Largest final relative residual over the k+1 columns. */
  relativeResidual: number;
};

/**
 * Fits W (vocabulary × (k+1)) minimising Σ_j w_j ‖x_{r_j} W − (y_j − ȳ)‖² + α‖W‖²_F over the rated movies j, where
 * x_r is catalog row r of the (L2-normalised) keyword-soup matrix and y_j = [b_j, q_j] the trained bias and factors;
 * ȳ is the (weighted) mean of y. Solved column by column with conjugate gradient on the normal equations
 * (Xᵀ diag(w) X + αI) W = Xᵀ diag(w) (Y − ȳ), the k+1 columns iterated together (one sparse pass serves all).
 * Prediction for row r: (b, q) = ȳ + x_r W. Returns (row) => { bias, factors }.
 */
export function fitContentItemModel(
  keywords: CsrMatrix,
  ratedRows: Int32Array,
  itemFactors: Float32Array,
  itemBias: Float32Array,
  params: Partial<ContentItemParams> & { ratingCounts?: ArrayLike<number> } = {},
): ContentItemModel {
  const { ridge, maxIterations, tolerance, ratingCountHalfWeight } = { ...DEFAULT_CONTENT_ITEM_PARAMS, ...params };
  const n = ratedRows.length;
  if (n === 0) throw new Error('fitContentItemModel: no rated rows');
  if (itemBias.length !== n) throw new Error(`fitContentItemModel: itemBias has ${itemBias.length} entries for ${n} rated rows (must match)`);
  const k = itemFactors.length / n;
  if (!Number.isInteger(k) || k < 1)
    throw new Error(`fitContentItemModel: itemFactors length ${itemFactors.length} is not a positive multiple of the ${n} rated rows`);
  const d = k + 1;
  const vocabulary = keywords.cols;
  for (let j = 0; j < n; j++) {
    if (ratedRows[j] < 0 || ratedRows[j] >= keywords.rows)
      throw new Error(`fitContentItemModel: ratedRows[${j}] = ${ratedRows[j]} outside 0..${keywords.rows - 1}`);
  }

  const weight = new Float64Array(n).fill(1);
  if (params.ratingCounts && ratingCountHalfWeight > 0) {
    for (let j = 0; j < n; j++) weight[j] = params.ratingCounts[j] / (params.ratingCounts[j] + ratingCountHalfWeight);
  }
  let weightSum = 0;
  for (let j = 0; j < n; j++) weightSum += weight[j];
  const mean = new Float64Array(d);
  const target = new Float64Array(n * d);
  for (let j = 0; j < n; j++) {
    target[j * d] = itemBias[j];
    for (let f = 0; f < k; f++) target[j * d + 1 + f] = itemFactors[j * k + f];
    for (let c = 0; c < d; c++) mean[c] += (weight[j] * target[j * d + c]) / weightSum;
  }
  for (let j = 0; j < n; j++) for (let c = 0; c < d; c++) target[j * d + c] -= mean[c];

  const { indptr, indices, values } = keywords;
  const rowProducts = new Float64Array(n * d);
  /** out = (Xᵀ diag(w) X + αI) v for v, out of shape vocabulary × d. */
  const applyNormal = (v: Float64Array, out: Float64Array): void => {
    for (let j = 0; j < n; j++) {
      const row = ratedRows[j];
      const base = j * d;
      for (let c = 0; c < d; c++) rowProducts[base + c] = 0;
      for (let x = indptr[row]; x < indptr[row + 1]; x++) {
        const value = values[x];
        const vBase = indices[x] * d;
        for (let c = 0; c < d; c++) rowProducts[base + c] += value * v[vBase + c];
      }
    }
    for (let t = 0; t < out.length; t++) out[t] = ridge * v[t];
    for (let j = 0; j < n; j++) {
      const row = ratedRows[j];
      const base = j * d;
      const w = weight[j];
      for (let x = indptr[row]; x < indptr[row + 1]; x++) {
        const value = w * values[x];
        const oBase = indices[x] * d;
        for (let c = 0; c < d; c++) out[oBase + c] += value * rowProducts[base + c];
      }
    }
  };

  const solution = new Float64Array(vocabulary * d);
  const residual = new Float64Array(vocabulary * d);
  // r₀ = Xᵀ diag(w) (Y − ȳ) (W₀ = 0).
  for (let j = 0; j < n; j++) {
    const row = ratedRows[j];
    for (let x = indptr[row]; x < indptr[row + 1]; x++) {
      const value = weight[j] * values[x];
      const oBase = indices[x] * d;
      for (let c = 0; c < d; c++) residual[oBase + c] += value * target[j * d + c];
    }
  }
  const direction = residual.slice();
  const product = new Float64Array(vocabulary * d);
  const columnDot = (a: Float64Array, b: Float64Array, out: Float64Array): void => {
    out.fill(0);
    for (let t = 0; t < vocabulary; t++) for (let c = 0; c < d; c++) out[c] += a[t * d + c] * b[t * d + c];
  };
  const rr = new Float64Array(d);
  const rrNext = new Float64Array(d);
  const pAp = new Float64Array(d);
  columnDot(residual, residual, rr);
  const initial = rr.map(Math.sqrt);
  let iterations = 0;
  let relativeResidual = 0;
  for (; iterations < maxIterations; iterations++) {
    relativeResidual = 0;
    for (let c = 0; c < d; c++) relativeResidual = Math.max(relativeResidual, initial[c] > 0 ? Math.sqrt(rr[c]) / initial[c] : 0);
    if (relativeResidual <= tolerance) break;
    applyNormal(direction, product);
    columnDot(direction, product, pAp);
    const alpha = new Float64Array(d);
    for (let c = 0; c < d; c++) alpha[c] = pAp[c] > 0 ? rr[c] / pAp[c] : 0;
    for (let t = 0; t < vocabulary; t++) {
      for (let c = 0; c < d; c++) {
        solution[t * d + c] += alpha[c] * direction[t * d + c];
        residual[t * d + c] -= alpha[c] * product[t * d + c];
      }
    }
    columnDot(residual, residual, rrNext);
    for (let t = 0; t < vocabulary; t++) {
      for (let c = 0; c < d; c++) direction[t * d + c] = residual[t * d + c] + (rr[c] > 0 ? rrNext[c] / rr[c] : 0) * direction[t * d + c];
    }
    rr.set(rrNext);
  }

  const predict = (row: number): ContentItemPrediction => {
    if (!(row >= 0 && row < keywords.rows)) throw new Error(`ContentItemModel.predict: row ${row} outside 0..${keywords.rows - 1}`);
    const y = Float64Array.from(mean);
    for (let x = indptr[row]; x < indptr[row + 1]; x++) {
      const value = values[x];
      const base = indices[x] * d;
      for (let c = 0; c < d; c++) y[c] += value * solution[base + c];
    }
    return { bias: y[0], factors: Float32Array.from(y.subarray(1)) };
  };
  return Object.assign(predict, { mean, iterations, relativeResidual });
}
