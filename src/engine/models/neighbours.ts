// The item–item plug-in: EASE neighbours (Steck 2019) of each movie, top-N weights kept, int8; "people who liked X
// also liked". Build: dense EASE over the most-rated movies; shard: CSR rows; worker: Σ_i x(r_ui)·B_ij, no fitting.
import { numeric, requireNumeric, ShardError, type ShardContents } from '../shards/format';
import { DEFAULT_EASE_PARAMS, fitEase, type EaseParams } from './ease';
import { coRatingMatrix, DEFAULT_NEIGHBOURS_PER_ITEM, sparsifyEase, type ItemNeighbours } from './itemNeighbours';
import type { RecommenderModel, RowRating } from './model';
import { emptyCoLiking, fitCoLiking, withLikers, type CoLikingIndex } from './coLiking';

/** The collaborative side: EASE item neighbours and how often each movie was rated in the training data. */
export interface CollaborativeModel {
  neighbours: ItemNeighbours;
  /** Co-rating confidence P(j rated | i rated), top 50 per movie: "people who rated i also rated j". */
  coRating: ItemNeighbours;
  /** Ratings per catalog row in the training data (the popularity prior). */
  ratingCount: Uint32Array;
  /** Who liked what (ratings ≥ 4): "people who liked X also liked Y" with lift (models/coLiking.ts). */
  coLiking: CoLikingIndex;
}

const LARGE_RATINGS = 2_000_000;
const LARGE_NEIGHBOURS_PER_ITEM = 150;

/** Each person's liked rows (ascending) as differences from the previous one: smaller numbers, better gzip. */
function likedRowDeltas(likedRows: Uint32Array, userIndptr: Uint32Array, rows: number): Uint16Array | Uint32Array {
  const out = rows <= 0xffff ? new Uint16Array(likedRows.length) : new Uint32Array(likedRows.length);
  for (let u = 0; u + 1 < userIndptr.length; u++)
    for (let e = userIndptr[u]; e < userIndptr[u + 1]; e++) out[e] = e === userIndptr[u] ? likedRows[e] : likedRows[e] - likedRows[e - 1];
  return out;
}

/** No neighbours and no rating counts: what a dataset without ratings ships. */
export function emptyCollaborative(rows: number): CollaborativeModel {
  const empty = () => ({ indptr: new Uint32Array(rows + 1), columns: new Uint32Array(0), weights: new Float32Array(0) });
  return { neighbours: empty(), coRating: empty(), ratingCount: new Uint32Array(rows), coLiking: emptyCoLiking(rows) };
}

export interface NeighboursFitInfo {
  params: EaseParams & { neighboursPerItem: number };
  /** Movies in the dense EASE model. */
  modelMovies: number;
}

/** Input weight x(r) of a rating in the item–item score: ratings below 3 count `dislike` (ratings ≥ 3 count 1). */
export function historyInput(rating: number, dislike: number): number {
  return rating >= 3 ? 1 : dislike;
}

/** The user side of the item–item model: their ratings and the input weight of a low rating. */
export interface NeighboursUserState {
  ratings: RowRating[];
  dislike: number;
}

export const neighboursModel: RecommenderModel<CollaborativeModel, NeighboursUserState, EaseParams & { neighboursPerItem: number }, NeighboursFitInfo> = {
  name: 'neighbours',
  shardFile: 'neighbours.bin',

  fit(data, options, progress) {
    // Tens of millions of ratings give every movie denser, less compressible factors: fewer neighbours keep ≤ 5 MB gzip.
    const perItem = data.triples.count > LARGE_RATINGS ? LARGE_NEIGHBOURS_PER_ITEM : DEFAULT_NEIGHBOURS_PER_ITEM;
    const params = { ...DEFAULT_EASE_PARAMS, neighboursPerItem: perItem, ...options };
    const ease = fitEase(data.triples, params);
    const ratingCount = new Uint32Array(data.rows);
    for (let t = 0; t < data.triples.count; t++) ratingCount[data.rowOfItem[data.triples.item[t]]]++;
    const collaborative = {
      neighbours: sparsifyEase(ease, data.rowOfItem, data.rows, params.neighboursPerItem, true),
      coRating: coRatingMatrix(ease, data.rowOfItem, data.rows),
      ratingCount,
      coLiking: fitCoLiking(data.triples, data.rowOfItem, data.rows),
    };
    progress('item neighbours (EASE)', 1);
    return { model: collaborative, info: { params, modelMovies: ease.size } };
  },

  // Columns index a table of the movies that appear in either list (u16 when ≤ 65,535 of them); B int8 with one scale
  // per row, confidences u8 (× 1/255).
  encode(collaborative, rows) {
    const { neighbours, coRating, ratingCount, coLiking } = collaborative;
    const table = [...new Set([...neighbours.columns, ...coRating.columns])].sort((a, b) => a - b);
    const slot = new Map(table.map((row, i) => [row, i]));
    const slotsOf = (columns: Uint32Array) => {
      const slots = table.length <= 0xffff ? new Uint16Array(columns.length) : new Uint32Array(columns.length);
      for (let e = 0; e < columns.length; e++) slots[e] = slot.get(columns[e])!;
      return slots;
    };
    const { indptr, weights } = neighbours;
    const q = new Int8Array(weights.length);
    const scales = new Float32Array(rows);
    for (let r = 0; r < rows; r++) {
      let max = 0;
      for (let e = indptr[r]; e < indptr[r + 1]; e++) max = Math.max(max, Math.abs(weights[e]));
      scales[r] = max / 127;
      if (max > 0) for (let e = indptr[r]; e < indptr[r + 1]; e++) q[e] = Math.round(weights[e] / scales[r]);
    }
    return {
      indptr: numeric(indptr),
      table: numeric(Uint32Array.from(table)),
      columns: numeric(slotsOf(neighbours.columns)),
      weightsQ8: numeric(q),
      scales: numeric(scales),
      coIndptr: numeric(coRating.indptr),
      coColumns: numeric(slotsOf(coRating.columns)),
      coConfidenceU8: numeric(Uint8Array.from(coRating.weights, (c) => Math.round(Math.min(1, Math.max(0, c)) * 255))),
      ratingCount: numeric(ratingCount),
      likedIndptr: numeric(coLiking.userIndptr),
      likedRowDeltas: numeric(likedRowDeltas(coLiking.likedRows, coLiking.userIndptr, rows)),
    };
  },

  decode(shard: ShardContents, n: number): CollaborativeModel {
    const file = 'neighbours.bin';
    const table = requireNumeric(file, shard, 'table', Uint32Array);
    for (let i = 0; i < table.length; i++) if (table[i] >= n) throw new ShardError(file, 'corrupt', `neighbour ${table[i]} is outside the catalog`);
    const ratingCount = requireNumeric(file, shard, 'ratingCount', Uint32Array);
    if (ratingCount.length !== n) throw new ShardError(file, 'corrupt', `per-movie arrays do not have one row per catalog movie (${n})`);
    // `scales` set: weight = q[e]·scales[row] (EASE); else values[e]/255 (co-rating confidence). No per-entry callback:
    // this runs once per start-up in a fresh worker, where a callback per stored entry cost tens of ms.
    const list = (indptrName: string, columnsName: string, values: Int8Array | Uint8Array, scales: Float32Array | null): ItemNeighbours => {
      const indptr = requireNumeric(file, shard, indptrName, Uint32Array);
      const slots = shard[columnsName]?.data;
      if (!(slots instanceof Uint16Array || slots instanceof Uint32Array))
        throw new ShardError(file, 'corrupt', `array "${columnsName}" is missing or not u16/u32`);
      if (indptr.length !== n + 1 || indptr[0] !== 0 || indptr[n] !== slots.length || values.length !== slots.length)
        throw new ShardError(file, 'corrupt', `row pointers "${indptrName}" do not match the catalog or the stored entries`);
      for (let r = 0; r < n; r++) if (indptr[r] > indptr[r + 1]) throw new ShardError(file, 'corrupt', `row pointer ${r} of "${indptrName}" is out of order`);
      const columns = new Uint32Array(slots.length);
      const weights = new Float32Array(slots.length);
      for (let e = 0; e < slots.length; e++) {
        if (slots[e] >= table.length) throw new ShardError(file, 'corrupt', `neighbour slot ${slots[e]} outside the table`);
        columns[e] = table[slots[e]];
      }
      if (scales) {
        for (let r = 0; r < n; r++) {
          const scale = scales[r];
          for (let e = indptr[r]; e < indptr[r + 1]; e++) weights[e] = values[e] * scale;
        }
      } else for (let e = 0; e < values.length; e++) weights[e] = values[e] / 255;
      return { indptr, columns, weights };
    };
    const q = requireNumeric(file, shard, 'weightsQ8', Int8Array);
    const scales = requireNumeric(file, shard, 'scales', Float32Array);
    if (scales.length !== n) throw new ShardError(file, 'corrupt', `per-movie arrays do not have one row per catalog movie (${n})`);
    const confidence = requireNumeric(file, shard, 'coConfidenceU8', Uint8Array);
    const likedIndptr = requireNumeric(file, shard, 'likedIndptr', Uint32Array);
    const deltas = shard.likedRowDeltas?.data;
    if (!(deltas instanceof Uint16Array || deltas instanceof Uint32Array))
      throw new ShardError(file, 'corrupt', 'array "likedRowDeltas" is missing or not u16/u32');
    const users = likedIndptr.length - 1;
    if (users < 0 || likedIndptr[0] !== 0 || likedIndptr[users] !== deltas.length)
      throw new ShardError(file, 'corrupt', 'row pointers "likedIndptr" do not match the stored liked movies');
    const likedRows = new Uint32Array(deltas.length);
    for (let u = 0; u < users; u++) {
      if (likedIndptr[u] > likedIndptr[u + 1]) throw new ShardError(file, 'corrupt', `row pointer ${u} of "likedIndptr" is out of order`);
      let row = 0;
      for (let e = likedIndptr[u]; e < likedIndptr[u + 1]; e++) {
        row += deltas[e];
        if (row >= n) throw new ShardError(file, 'corrupt', `liked movie ${row} is outside the catalog`);
        likedRows[e] = row;
      }
    }
    return {
      neighbours: list('indptr', 'columns', q, scales),
      coRating: list('coIndptr', 'coColumns', confidence, null),
      ratingCount,
      coLiking: withLikers(users, likedIndptr, likedRows, n),
    };
  },

  // Nothing to fit: the user's ratings are the state; scoring reads their neighbour rows.
  fitUser: (_model, ratings, build) => ({ ratings, dislike: (build.blend as { forYou?: { dislike?: number } } | undefined)?.forYou?.dislike ?? -0.5 }),
};
