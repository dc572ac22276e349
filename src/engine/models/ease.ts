// EASE (Steck, WWW 2019): a closed-form item–item model on "rated at all", shipped as top-N neighbours per movie.
//
//   B = argmin ‖X − XB‖² + λ‖B‖²  s.t. diag(B) = 0   ⇒   P = (XᵀX + λI)⁻¹,  B_ij = −P_ij / P_jj  (i ≠ j)
//   score(u, j) = Σ_i x_ui · B_ij
//
// The dense inverse costs n³/2 multiply-adds, so it is taken over the `maxItems` most-rated movies only; the tail
// (movies with a handful of ratings) hardly ever reaches a top 10 through EASE anyway.
import type { RatingTriples } from '../kmf';
import { topCandidatesByKey } from '../topK';
import { invertSpdInPlace } from './linalg';

export interface EaseParams {
  /** L2 weight λ on B (Steck: a few hundred on MovieLens-sized data). */
  lambda: number;
  /** At most this many items (the most rated) enter the dense model. */
  maxItems: number;
  /** Items with fewer training ratings than this stay out of the model. */
  minRatings: number;
  /** Co-rating confidences kept per item ("people who rated X also rated"). */
  coRatingPerItem: number;
}

export const DEFAULT_EASE_PARAMS: EaseParams = { lambda: 300, maxItems: 2000, minRatings: 3, coRatingPerItem: 50 };

/** "People who rated i also rated j": the top co-rating confidences c_ij / c_ii of each model item (dense positions). */
export interface CoRatingLists {
  /** Per model position: neighbour positions, strongest first. */
  positions: Int32Array[];
  confidence: Float32Array[];
}

export interface DenseEase {
  /** Dense item index (of the training data) of each model item, most rated first. */
  items: Int32Array;
  /** Model position of each dense item, −1 when outside the model. */
  positionOfItem: Int32Array;
  /** n × n, row i = weights B_i· from item i to every other model item. */
  weights: Float32Array;
  size: number;
  lambda: number;
  /** Co-rating confidence P(j rated | i rated), read off XᵀX before it is inverted. */
  coRating: CoRatingLists;
}

/** The model items: the most-rated items with at least `minRatings` ratings, at most `maxItems`. */
export function easeItems(data: RatingTriples, params: EaseParams): Int32Array {
  const counts = new Int32Array(data.nItems);
  for (let t = 0; t < data.count; t++) counts[data.item[t]]++;
  const eligible: number[] = [];
  for (let i = 0; i < data.nItems; i++) if (counts[i] >= params.minRatings) eligible.push(i);
  eligible.sort((a, b) => counts[b] - counts[a] || a - b);
  return Int32Array.from(eligible.slice(0, params.maxItems));
}

/** Fits EASE on the binary "rated at all" matrix of `data` (each user–item pair counted once). */
export function fitEase(data: RatingTriples, params: Partial<EaseParams> = {}): DenseEase {
  const p: EaseParams = { ...DEFAULT_EASE_PARAMS, ...params };
  const items = easeItems(data, p);
  const n = items.length;
  const positionOfItem = new Int32Array(data.nItems).fill(-1);
  items.forEach((item, position) => (positionOfItem[item] = position));
  const gram = gramMatrix(data, positionOfItem, n);
  const coRating = coRatingLists(gram, n, p.coRatingPerItem);
  for (let i = 0; i < n; i++) gram[i * n + i] += p.lambda;
  if (!invertSpdInPlace(gram, n)) throw new Error('EASE: XᵀX + λI is not positive definite (λ must be > 0)');
  const weights = new Float32Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) if (i !== j) weights[i * n + j] = -gram[i * n + j] / gram[j * n + j];
  }
  return { items, positionOfItem, weights, size: n, lambda: p.lambda, coRating };
}

/** The `perItem` largest c_ij / c_ii of each row of the co-rating counts G = XᵀX (i ≠ j). */
export function coRatingLists(gram: Float64Array, n: number, perItem: number): CoRatingLists {
  const positions: Int32Array[] = [];
  const confidence: Float32Array[] = [];
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const base = i * n;
    const own = gram[base + i];
    const row = gram.subarray(base, base + n);
    let m = 0;
    for (let j = 0; j < n; j++) if (j !== i && row[j] > 0) order[m++] = j;
    const top = topCandidatesByKey(order, m, row, perItem);
    positions.push(Int32Array.from(top));
    confidence.push(Float32Array.from(top, (j) => (own > 0 ? row[j] / own : 0)));
  }
  return { positions, confidence };
}

/** G = XᵀX over the model items, X binary (a user's duplicate ratings of one item count once). */
export function gramMatrix(data: RatingTriples, positionOfItem: Int32Array, n: number): Float64Array {
  const gram = new Float64Array(n * n);
  const byUser: number[][] = Array.from({ length: data.nUsers }, () => []);
  for (let t = 0; t < data.count; t++) {
    const position = positionOfItem[data.item[t]];
    if (position >= 0) byUser[data.user[t]].push(position);
  }
  for (const list of byUser) {
    const unique = [...new Set(list)].sort((a, b) => a - b);
    for (let x = 0; x < unique.length; x++) {
      const base = unique[x] * n;
      for (let y = x; y < unique.length; y++) gram[base + unique[y]] += 1;
    }
  }
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) gram[j * n + i] = gram[i * n + j];
  return gram;
}
