import { describe, expect, it } from 'vitest';
import { RatingIndex } from '../../src/engine/ratingIndex';
import { toDatasets } from '../../src/evaluation/dataset';
import { trainingData } from '../../src/pipeline/buildData';
import type { RatingsTable } from '../../src/pipeline/ratings';
import type { Catalog } from '../../src/engine/shards/dataset';
import type { SoupMatrix } from '../../src/pipeline/soup';

function table(userIds: number[], tmdbIds: number[]): RatingsTable {
  const count = userIds.length;
  return {
    userIds: Int32Array.from(userIds),
    tmdbIds: Int32Array.from(tmdbIds),
    ratings: Float32Array.from(userIds, (_, r) => 0.5 + (r % 10) / 2),
    timestamps: Int32Array.from(userIds, (_, r) => 1_000_000 + r),
    count,
    users: new Set(userIds).size,
    rowsRead: count,
    skipped: {},
  };
}

describe('RatingIndex', () => {
  it('numbers raw user and item ids densely in first-seen order, each id space on its own', () => {
    const index = new RatingIndex();
    const { user, item } = index.addRatings([42, 7, 42, 9, 7], [862, 862, 8844, 55, 8844]);
    expect([...user]).toEqual([0, 1, 0, 2, 1]);
    expect([...item]).toEqual([0, 0, 1, 2, 1]);
    expect(index.nUsers).toBe(3);
    expect(index.nItems).toBe(3);
    expect([...index.users.rawIds()]).toEqual([42, 7, 9]);
    expect([...index.items.rawIds()]).toEqual([862, 8844, 55]);
  });

  it('maps back and forth: rawIds()[add(raw)] === raw, find() never assigns', () => {
    const index = new RatingIndex();
    expect(index.items.find(5)).toBeUndefined();
    expect(index.nItems).toBe(0);
    expect(index.items.add(5)).toBe(0);
    expect(index.items.add(-3)).toBe(1);
    expect(index.items.add(5)).toBe(0);
    expect(index.items.find(-3)).toBe(1);
    const raw = index.items.rawIds();
    for (const id of [5, -3]) expect(raw[index.items.find(id)!]).toBe(id);
  });

  it('shares one index space across several tables and honours count', () => {
    const index = new RatingIndex();
    const first = index.addRatings(Int32Array.from([1, 2, 99]), Int32Array.from([10, 20, 99]), 2);
    const second = index.addRatings([2, 3], [30, 10]);
    expect([...first.user]).toEqual([0, 1]);
    expect([...second.user]).toEqual([1, 2]);
    expect([...second.item]).toEqual([2, 0]);
    expect(index.users.find(99)).toBeUndefined();
  });
});

describe('callers of RatingIndex', () => {
  it('toDatasets gives a train and a test table one index space', () => {
    const [train, test] = toDatasets([table([5, 6, 5], [100, 200, 300]), table([7, 5], [200, 400])]);
    expect([...train.user]).toEqual([0, 1, 0]);
    expect([...train.item]).toEqual([0, 1, 2]);
    expect([...test.user]).toEqual([2, 0]);
    expect([...test.item]).toEqual([1, 3]);
    expect(train.nUsers).toBe(3);
    expect(test.nItems).toBe(4);
    expect([...train.userIds]).toEqual([5, 6, 7]);
    expect(test.tmdbIds).toBe(train.tmdbIds);
    expect([...train.tmdbIds]).toEqual([100, 200, 300, 400]);
  });

  it('trainingData drops ratings of movies outside the catalog and maps items to catalog rows in first-seen order', () => {
    const catalog = { ids: Int32Array.from([300, 100, 200]) } as unknown as Catalog;
    const ratings = table([9, 8, 9, 7, 8], [200, 555, 300, 200, 100]);
    const { data, rowOfItem, kept, droppedNotInCatalog, users } = trainingData(catalog, {} as SoupMatrix, ratings);
    expect(kept).toBe(4);
    expect(droppedNotInCatalog).toBe(1);
    expect(users).toBe(3);
    expect(rowOfItem).toEqual([2, 0, 1]);
    expect([...data.triples.user]).toEqual([0, 0, 1, 2]);
    expect([...data.triples.item]).toEqual([0, 1, 0, 2]);
    expect([...data.triples.rating]).toEqual([ratings.ratings[0], ratings.ratings[2], ratings.ratings[3], ratings.ratings[4]]);
    expect(data.triples.nItems).toBe(3);
    expect(data.rows).toBe(3);
  });
});
