import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CO_LIKING, countCoLikers, fitCoLiking, isCoLiked } from '../../src/engine/models/coLiking';
import { neighboursModel } from '../../src/engine/models/neighbours';
import { Recommender } from '../../src/engine/recommender';
import { DEFAULT_LIKE_THIS } from '../../src/engine/models/blend';
import { ShardError, numeric, readShard, writeShard } from '../../src/engine/shards/format';
import type { KeywordMatrixInput } from '../../src/engine/keywordIndex';
import { tinyDataset, type TinyLike } from '../helpers/tinyDataset';
import { triplesOf } from '../helpers/triples';

/** The definition in plain sets: likers of each row, co-likers, lift ≥ 1.5 with ≥ 3 co-likers. */
function bruteForce(entries: [number, number, number][], rowOfItem: number[]) {
  const likers = new Map<number, Set<number>>();
  for (const [u, i, r] of entries) if (r >= CO_LIKING.likeThreshold) likers.set(rowOfItem[i], (likers.get(rowOfItem[i]) ?? new Set()).add(u));
  const people = new Set([...likers.values()].flatMap((s) => [...s])).size;
  const co = (s: number, j: number) => [...(likers.get(s) ?? [])].filter((u) => likers.get(j)?.has(u)).length;
  const related = (s: number, j: number) => {
    const c = co(s, j);
    return c >= 3 && (c * people) / ((likers.get(s)?.size ?? 0) * (likers.get(j)?.size ?? 1)) >= 1.5;
  };
  return { co, related, likers, people };
}

const arbitraryRatings = fc
  .array(fc.tuple(fc.integer({ min: 0, max: 11 }), fc.integer({ min: 0, max: 8 }), fc.constantFrom(1, 2.5, 3.5, 4, 4.5, 5)), { maxLength: 120 })
  // One rating per person and movie, as the training data has.
  .map((xs) => [...new Map(xs.map((x) => [`${x[0]}:${x[1]}`, x])).values()]);

describe('co-liking: "people who liked X also liked Y" with lift', () => {
  it('counts co-likers and judges lift exactly as the plain definition, and leaves the scratch zero after a reset', () => {
    fc.assert(
      fc.property(arbitraryRatings, (entries) => {
        const rowOfItem = [3, 0, 7, 1, 9, 4, 2, 8, 5]; // dense items map to scattered catalog rows
        const rows = 10;
        const index = fitCoLiking(triplesOf(entries, 12, 9), rowOfItem, rows);
        const plain = bruteForce(entries, rowOfItem);
        expect(index.users).toBe(plain.people);
        const scratch = new Uint32Array(rows);
        for (let seed = 0; seed < rows; seed++) {
          const seedLikers = countCoLikers(index, seed, scratch);
          const likersOfSeed = plain.likers.get(seed)?.size ?? 0;
          expect(seedLikers).toBe(likersOfSeed >= 3 ? likersOfSeed : 0);
          for (let j = 0; j < rows; j++) {
            if (j === seed) continue;
            // Movies fewer than 3 people liked are not kept (they can never be co-liked): their counts stay 0.
            const countable = likersOfSeed >= 3 && (plain.likers.get(j)?.size ?? 0) >= 3;
            expect(scratch[j]).toBe(countable ? plain.co(seed, j) : 0);
            expect(isCoLiked(index, j, scratch[j], seedLikers)).toBe(plain.related(seed, j));
          }
          countCoLikers(index, seed, scratch, true);
          expect(scratch.every((x) => x === 0)).toBe(true);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('a cap keeps whole people, never more liked pairs than it allows, and the same people every time', () => {
    const entries: [number, number, number][] = [];
    for (let u = 0; u < 40; u++) for (let i = 0; i < 1 + (u % 5); i++) entries.push([u, (u + i) % 9, 4 + (i % 2)]);
    const rowOfItem = Array.from({ length: 9 }, (_, i) => i);
    const all = fitCoLiking(triplesOf(entries, 40, 9), rowOfItem, 9);
    expect(all.likedRows.length).toBe(entries.length);
    const capped = fitCoLiking(triplesOf(entries, 40, 9), rowOfItem, 9, 50);
    expect(capped.likedRows.length).toBeLessThanOrEqual(50);
    expect(capped.likedRows.length).toBeGreaterThan(40);
    const perPerson = (x: typeof capped) => Array.from({ length: x.users }, (_, u) => x.userIndptr[u + 1] - x.userIndptr[u]).sort();
    // Each kept person keeps all their likes (1–5 of them): the sizes are whole-person sizes.
    expect(perPerson(capped).every((size) => size >= 1 && size <= 5)).toBe(true);
    expect(fitCoLiking(triplesOf(entries, 40, 9), rowOfItem, 9, 50)).toEqual(capped);
  });

  it('ships in neighbours.bin: a round trip keeps it, and a liked movie outside the catalog is refused naming the file', () => {
    const entries: [number, number, number][] = [
      [0, 0, 5],
      [0, 1, 4],
      [1, 0, 4],
      [1, 1, 5],
      [2, 0, 4],
      [2, 1, 4],
      [2, 2, 4], // liked by one person only: never co-liked, not kept
    ];
    const rows = 4;
    const fitted = neighboursModel.fit(
      { triples: triplesOf(entries, 3, 3), rowOfItem: [3, 2, 1], rows, soup: {} as KeywordMatrixInput }, // EASE reads no content
      { maxItems: 3, minRatings: 1, lambda: 1 },
      () => {},
    ).model;
    const arrays = neighboursModel.encode(fitted, rows);
    const decoded = neighboursModel.decode(readShard('neighbours.bin', writeShard(arrays)), rows);
    expect(decoded.coLiking).toEqual(fitted.coLiking);
    expect(decoded.coLiking.users).toBe(3);
    expect(Array.from(decoded.coLiking.likedRows)).toEqual([2, 3, 2, 3, 2, 3]);
    const bad = { ...arrays, likedRowDeltas: numeric(Uint16Array.from(arrays.likedRowDeltas.data as Uint16Array, () => 999)) };
    expect(() => neighboursModel.decode(readShard('neighbours.bin', writeShard(bad)), rows)).toThrow(ShardError);
    expect(() => neighboursModel.decode(readShard('neighbours.bin', writeShard(bad)), rows)).toThrow(/neighbours\.bin.*liked movie 999 is outside the catalog/);
  });
});

describe('"movies like this" picks only movies linked to the seed while there are enough', () => {
  // Toy Tale (10) and Laugh Riot (13) have the same three likers among six people: lift 2, crowd related. Bug Life (12)
  // shares Toy Tale's genres and a keyword, but none of its likers.
  const likes: TinyLike[] = [
    [0, 10],
    [1, 10],
    [2, 10],
    [0, 13],
    [1, 13],
    [2, 13],
    [3, 12],
    [4, 12],
    [3, 14],
    [4, 14],
    [5, 14],
  ];
  const strictContent = { ...DEFAULT_LIKE_THIS, relatedCosine: 0.99 };

  it('a co-liked movie passes the gate and is named as liked by the same people; unlinked ones come only after', async () => {
    const r = new Recommender(await tinyDataset({ likes }));
    r.weights = { ...r.weights, likeThis: strictContent };
    const list = await r.recommend(10, { vector: null, ratedIds: [] }, { k: 4 });
    const ids = list.map((x) => x.movie.id);
    expect(ids.slice(0, 2)).toEqual([11, 13]); // the series, then the co-liked film; then the rest fill the list
    expect(list[1].reasons.alsoLikedWith).toBe('Toy Tale');
    expect(ids).toContain(12);
  });

  it('without the gate the closer content film leads the co-liked one; without likes nothing is co-liked', async () => {
    const open = new Recommender(await tinyDataset({ likes }));
    open.weights = { ...open.weights, likeThis: { ...strictContent, relatedCosine: 0 } };
    const ids = (await open.recommend(10, { vector: null, ratedIds: [] }, { k: 4 })).map((x) => x.movie.id);
    expect(ids.indexOf(12)).toBeLessThan(ids.indexOf(13));
    const none = new Recommender(await tinyDataset());
    const c = await none.likeThisCandidates(10, { vector: null, ratedIds: [] });
    expect(Array.from(c!.coLiked.subarray(0, c!.count)).every((x) => x === 0)).toBe(true);
  });
});
