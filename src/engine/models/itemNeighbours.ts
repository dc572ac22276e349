// Collaborative item neighbours as a sparse matrix over catalog rows: the top-N EASE weights B_i· of each movie, int8.
import { topCandidatesByKey } from '../topK';
import type { DenseEase } from './ease';

/** Row i lists movies j with their weight B_ij: "people who rated i also rated j", controlled for popularity. */
export interface ItemNeighbours {
  /** rows + 1 pointers into `columns` / `weights`. */
  indptr: Uint32Array;
  /** Catalog row of each neighbour, by descending weight within a row. */
  columns: Uint32Array;
  weights: Float32Array;
}

export const DEFAULT_NEIGHBOURS_PER_ITEM = 200;

/**
 * Keeps, for every model item, its `perItem` largest positive weights; `catalogRowOfItem` maps the dense training
 * item index to a catalog row (−1 when the movie is not in the catalog).
 */
export function sparsifyEase(
  model: DenseEase,
  catalogRowOfItem: ArrayLike<number>,
  catalogRows: number,
  perItem = DEFAULT_NEIGHBOURS_PER_ITEM,
  keepNegative = false,
): ItemNeighbours {
  const n = model.size;
  const lists: { row: number; columns: number[]; weights: number[] }[] = [];
  const order = new Int32Array(n);
  const strength = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const row = catalogRowOfItem[model.items[i]];
    if (row < 0) continue;
    const base = i * n;
    let count = 0;
    for (let j = 0; j < n; j++) {
      const w = model.weights[base + j];
      strength[j] = keepNegative ? Math.abs(w) : w;
      if ((keepNegative ? w !== 0 : w > 0) && catalogRowOfItem[model.items[j]] >= 0) order[count++] = j;
    }
    const top = topCandidatesByKey(order, count, strength, perItem);
    lists.push({ row, columns: top.map((j) => catalogRowOfItem[model.items[j]]), weights: top.map((j) => model.weights[base + j]) });
  }
  return toCsr(lists, catalogRows);
}

/** The co-rating confidences of a dense EASE fit as a sparse matrix over catalog rows (same layout as the neighbours). */
export function coRatingMatrix(model: DenseEase, catalogRowOfItem: ArrayLike<number>, catalogRows: number): ItemNeighbours {
  const lists: { row: number; columns: number[]; weights: number[] }[] = [];
  for (let i = 0; i < model.size; i++) {
    const row = catalogRowOfItem[model.items[i]];
    if (row < 0) continue;
    const columns: number[] = [];
    const weights: number[] = [];
    model.coRating.positions[i].forEach((j, e) => {
      const other = catalogRowOfItem[model.items[j]];
      if (other < 0) return;
      columns.push(other);
      weights.push(model.coRating.confidence[i][e]);
    });
    lists.push({ row, columns, weights });
  }
  return toCsr(lists, catalogRows);
}

function toCsr(lists: { row: number; columns: number[]; weights: number[] }[], catalogRows: number): ItemNeighbours {
  lists.sort((a, b) => a.row - b.row);
  const indptr = new Uint32Array(catalogRows + 1);
  for (const l of lists) indptr[l.row + 1] = l.columns.length;
  for (let r = 0; r < catalogRows; r++) indptr[r + 1] += indptr[r];
  const columns = new Uint32Array(indptr[catalogRows]);
  const weights = new Float32Array(indptr[catalogRows]);
  for (const l of lists) {
    columns.set(l.columns, indptr[l.row]);
    weights.set(l.weights, indptr[l.row]);
  }
  return { indptr, columns, weights };
}

/** out[j] += x · B_ij for every neighbour j of row i (scatter; `out` has one slot per catalog row). */
export function addNeighbourScores(neighbours: ItemNeighbours, row: number, x: number, out: Float32Array): void {
  const { indptr, columns, weights } = neighbours;
  for (let e = indptr[row], end = indptr[row + 1]; e < end; e++) out[columns[e]] += x * weights[e];
}
