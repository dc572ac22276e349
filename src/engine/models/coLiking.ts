// "People who liked X also liked Y", literally: who liked what (ratings ≥ 4) in the training data, so the worker can
// count a seed's co-likers of any movie and call it crowd related when the overlap is more than chance:
//
//     lift(s, j) = co(s, j) · U / (likers(s) · likers(j))   related ⇔ co(s, j) ≥ 3 and lift(s, j) ≥ 1.5
//
// (U = people who liked anything). Shipped inside neighbours.bin as one CSR, person → liked catalog rows (ascending,
// stored as differences); the decoder builds the transpose (movie → likers) that a query walks.
import type { RatingTriples } from '../kmf';

export const CO_LIKING = { likeThreshold: 4, minCoLikers: 3, minLift: 1.5 } as const;
/**
 * Liked pairs kept at most: ratings_small has 47,409, the full 26M-rating file ≈ 13M, of which whole people are kept in
 * a fixed shuffled order (≈ 1,000 of them: a sample as large as ratings_small's 671) so boot shards stay ≤ 5 MB gzip.
 */
export const MAX_LIKED_ENTRIES = 60_000;

export interface CoLikingIndex {
  /** People with at least one liked movie (U). */
  users: number;
  /** users + 1 pointers into `likedRows`. */
  userIndptr: Uint32Array;
  /** Catalog rows each person liked, ascending per person. */
  likedRows: Uint32Array;
  /** rows + 1 pointers into `likers` (derived at decode). */
  rowIndptr: Uint32Array;
  /** Index of each person who liked the row (into userIndptr). */
  likers: Uint32Array;
}

export function emptyCoLiking(rows: number): CoLikingIndex {
  return { users: 0, userIndptr: new Uint32Array(1), likedRows: new Uint32Array(0), rowIndptr: new Uint32Array(rows + 1), likers: new Uint32Array(0) };
}

/** Who liked what, from rating triples (dense items mapped to catalog rows); people beyond `maxEntries` are left out. */
export function fitCoLiking(triples: RatingTriples, rowOfItem: ArrayLike<number>, rows: number, maxEntries = MAX_LIKED_ENTRIES): CoLikingIndex {
  // A movie fewer than minCoLikers people liked can never be co-liked (nor be a seed with co-likers): its likes are not
  // kept, but the people still count in U.
  const itemLikers = new Uint32Array(triples.nItems);
  for (let t = 0; t < triples.count; t++) if (triples.rating[t] >= CO_LIKING.likeThreshold) itemLikers[triples.item[t]]++;
  const kept = (t: number) => triples.rating[t] >= CO_LIKING.likeThreshold && itemLikers[triples.item[t]] >= CO_LIKING.minCoLikers;
  const anyLike = new Uint8Array(triples.nUsers);
  const likedCount = new Uint32Array(triples.nUsers);
  for (let t = 0; t < triples.count; t++) {
    if (triples.rating[t] < CO_LIKING.likeThreshold) continue;
    anyLike[triples.user[t]] = 1;
    if (kept(t)) likedCount[triples.user[t]]++;
  }
  // A fixed pseudo-random order of people (a multiplicative hash), so a cap keeps a fair sample rather than the first ids.
  const order = Array.from({ length: triples.nUsers }, (_, u) => u).filter((u) => anyLike[u] === 1);
  order.sort((a, b) => Math.imul(a + 1, 0x9e3779b1) - Math.imul(b + 1, 0x9e3779b1) || a - b);
  const slotOf = new Int32Array(triples.nUsers).fill(-1);
  let users = 0;
  let entries = 0;
  for (const u of order) {
    if (entries + likedCount[u] > maxEntries) continue;
    slotOf[u] = users++;
    entries += likedCount[u];
  }
  const userIndptr = new Uint32Array(users + 1);
  for (let u = 0; u < triples.nUsers; u++) if (slotOf[u] >= 0) userIndptr[slotOf[u] + 1] = likedCount[u];
  for (let s = 0; s < users; s++) userIndptr[s + 1] += userIndptr[s];
  const fill = userIndptr.slice(0, users);
  const likedRows = new Uint32Array(entries);
  for (let t = 0; t < triples.count; t++) {
    const s = slotOf[triples.user[t]];
    if (s >= 0 && kept(t)) likedRows[fill[s]++] = rowOfItem[triples.item[t]];
  }
  // Each person's rows ascending: the shard stores them as differences.
  for (let s = 0; s < users; s++) likedRows.subarray(userIndptr[s], userIndptr[s + 1]).sort();
  return withLikers(users, userIndptr, likedRows, rows);
}

/** Adds the movie → likers transpose to the person → liked rows CSR (rows already checked to be < `rows`). */
export function withLikers(users: number, userIndptr: Uint32Array, likedRows: Uint32Array, rows: number): CoLikingIndex {
  const rowIndptr = new Uint32Array(rows + 1);
  for (let e = 0; e < likedRows.length; e++) rowIndptr[likedRows[e] + 1]++;
  for (let r = 0; r < rows; r++) rowIndptr[r + 1] += rowIndptr[r];
  const fill = rowIndptr.slice(0, rows);
  const likers = new Uint32Array(likedRows.length);
  for (let u = 0; u < users; u++) for (let e = userIndptr[u]; e < userIndptr[u + 1]; e++) likers[fill[likedRows[e]]++] = u;
  return { users, userIndptr, likedRows, rowIndptr, likers };
}

/**
 * Counts the seed's co-likers of every movie into `coLikers` (which must be all zero; a row's count is the number of
 * the seed's likers who also liked it). Returns the seed's likers; call again with `reset` to zero what was counted.
 */
export function countCoLikers(index: CoLikingIndex, seed: number, coLikers: Uint32Array, reset = false): number {
  const { rowIndptr, likers, userIndptr, likedRows } = index;
  for (let e = rowIndptr[seed]; e < rowIndptr[seed + 1]; e++) {
    const u = likers[e];
    if (reset) for (let f = userIndptr[u]; f < userIndptr[u + 1]; f++) coLikers[likedRows[f]] = 0;
    else for (let f = userIndptr[u]; f < userIndptr[u + 1]; f++) coLikers[likedRows[f]]++;
  }
  return rowIndptr[seed + 1] - rowIndptr[seed];
}

/** Whether `row` is crowd related to a seed with `seedLikers` likers, given their co-likers (the definition above). */
export function isCoLiked(index: CoLikingIndex, row: number, coLikers: number, seedLikers: number): boolean {
  if (coLikers < CO_LIKING.minCoLikers) return false;
  const rowLikers = index.rowIndptr[row + 1] - index.rowIndptr[row];
  return coLikers * index.users >= CO_LIKING.minLift * seedLikers * rowLikers;
}
