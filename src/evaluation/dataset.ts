// Rating datasets with dense user/item indices, loading from the Kaggle CSVs, and seeded train/test splits.
import fs from 'node:fs';
import path from 'node:path';
import { createRandom } from '../engine/kmf/random';
import { RatingIndex } from '../engine/ratingIndex';
import type { RatingTriples } from '../engine/kmf';
import { readLinks, readRatings, type LinkTable, type RatingsTable } from '../pipeline/ratings';

/** Ratings with dense indices; `userIds[u]` / `tmdbIds[i]` map indices back to the CSV's ids. */
export interface RatingDataset extends RatingTriples {
  timestamp: Int32Array;
  userIds: Int32Array;
  tmdbIds: Int32Array;
}

export interface DatasetSplit {
  train: RatingDataset;
  test: RatingDataset;
}

/** Builds dense indices (first-seen order) over one or more tables, so a train and a test file share one index space. */
export function toDatasets(tables: RatingsTable[]): RatingDataset[] {
  const index = new RatingIndex();
  const partial = tables.map((table) => ({ ...index.addRatings(table.userIds, table.tmdbIds, table.count), table }));
  const userIds = index.users.rawIds();
  const tmdbIds = index.items.rawIds();
  return partial.map(({ user, item, table }) => ({
    user,
    item,
    rating: table.ratings,
    timestamp: table.timestamps,
    count: table.count,
    nUsers: userIds.length,
    nItems: tmdbIds.length,
    userIds,
    tmdbIds,
  }));
}

/** The ratings at the given indices, keeping the dataset's index space. */
export function subset(data: RatingDataset, indices: ArrayLike<number>): RatingDataset {
  const n = indices.length;
  const result: RatingDataset = {
    ...data,
    user: new Int32Array(n),
    item: new Int32Array(n),
    rating: new Float32Array(n),
    timestamp: new Int32Array(n),
    count: n,
  };
  for (let t = 0; t < n; t++) {
    const x = indices[t];
    result.user[t] = data.user[x];
    result.item[t] = data.item[x];
    result.rating[t] = data.rating[x];
    result.timestamp[t] = data.timestamp[x];
  }
  return result;
}

/** Uniformly random split of the ratings (Surprise's train_test_split): exactly round(count·testFraction) test ratings. */
export function randomSplit(data: RatingDataset, testFraction: number, seed: number): DatasetSplit {
  if (!(testFraction > 0 && testFraction < 1)) throw new Error(`randomSplit: testFraction must be in (0, 1), got ${testFraction}`);
  const random = createRandom(seed);
  const order = new Int32Array(data.count);
  for (let t = 0; t < data.count; t++) order[t] = t;
  for (let t = order.length - 1; t > 0; t--) {
    const j = Math.floor(random() * (t + 1));
    const swap = order[t];
    order[t] = order[j];
    order[j] = swap;
  }
  const testCount = Math.round(data.count * testFraction);
  // Sorted indices keep each part in file order (deterministic, and time order within a user for sorted files).
  const testIdx = order.slice(0, testCount).sort();
  const trainIdx = order.slice(testCount).sort();
  return { train: subset(data, trainIdx), test: subset(data, testIdx) };
}

function existingFile(dir: string, names: string[]): string {
  for (const name of names) {
    const candidate = path.join(dir, name);
    if (fs.existsSync(candidate)) return candidate;
  }
  throw new Error(`${dir}: none of ${names.join(', ')} found`);
}

/** Reads ratings_small.csv (else ratings.csv) through links_small.csv (else links.csv) from a Kaggle folder. */
export async function loadKaggleLinks(dir: string): Promise<{ links: LinkTable; linksPath: string }> {
  const linksPath = existingFile(dir, ['links_small.csv', 'links.csv']);
  return { links: await readLinks(linksPath), linksPath };
}

export async function loadKaggleRatings(dir: string): Promise<{ data: RatingDataset; ratingsPath: string; table: RatingsTable }> {
  const { links } = await loadKaggleLinks(dir);
  const ratingsPath = existingFile(dir, ['ratings_small.csv', 'ratings.csv']);
  const table = await readRatings(ratingsPath, links);
  return { data: toDatasets([table])[0], ratingsPath, table };
}

/** Per-user rating indices, each list in time order (ties by file order). */
export function ratingsByUser(data: RatingDataset): Int32Array[] {
  const counts = new Int32Array(data.nUsers);
  for (let t = 0; t < data.count; t++) counts[data.user[t]]++;
  const lists = Array.from(counts, (n) => new Int32Array(n));
  const fill = new Int32Array(data.nUsers);
  for (let t = 0; t < data.count; t++) lists[data.user[t]][fill[data.user[t]]++] = t;
  for (const list of lists) list.sort((a, b) => data.timestamp[a] - data.timestamp[b] || a - b);
  return lists;
}
