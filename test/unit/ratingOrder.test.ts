// My ratings' order follows the versions of the ratings (src/storage/ratingsMirror.ts) by their changes: after any run
// of random edits, deletions, batches, reloads and sort switches it is exactly the full sort, and an edit costs
// O(log n) comparisons, not a pass over 45,000 records (issue 21 item 5).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ANSWER_SLICE, byMovieId, RatingOrder, TitleRanks, UNKNOWN_RANK } from '../../src/app/myratings/ratingOrder';
import { RESORT_MAX_CHANGES, SORT_SLICE, sortRatingRecords, type RatingSort } from '../../src/app/myratings/sortRatings';
import { MIRROR_CHANGE_LOG, ratingRecordsOf, VersionedRatings, type RatingRecords } from '../../src/storage/ratingsMirror';
import type { RatingRecord } from '../../src/storage/db';

const record = (movieId: number, rating: number, updatedAt: number): RatingRecord => ({ profileId: 'p', movieId, rating, updatedAt });
const SORTS: RatingSort[] = ['recent', 'highest', 'lowest', 'title'];
// Few distinct ratings and dates (many ties); every fifth movie unknown to the catalog.
const rankOf = (movieId: number) => (movieId % 5 === 0 ? UNKNOWN_RANK : (movieId * 7919) % 1009);
const ids = (list: readonly RatingRecord[]) => list.map((r) => r.movieId);
const fullSort = (view: RatingRecords, sort: RatingSort, rank = rankOf) => ids(sortRatingRecords(view.toArray(), sort, rank));

describe('versioned ratings', () => {
  it('publishes a view per change, reads through without copying, and says what changed between two views', () => {
    const store = new VersionedRatings();
    store.replaceAll(new Map([1, 2, 3].map((id) => [id, record(id, 3, id)])));
    const v1 = store.view;
    expect(v1.size).toBe(3);
    expect(v1.changesSince(v1)).toEqual([]);
    const two = record(2, 5, 10);
    expect(store.apply([[2, two]])).toBe(true);
    const v2 = store.view;
    expect(v2).not.toBe(v1);
    expect(v2.get(2)).toBe(two);
    expect(v2.ratings.get(2)).toBe(5);
    // Nothing changed: no new version.
    expect(store.apply([[2, two]])).toBe(false);
    expect(store.view).toBe(v2);
    store.apply([[2, undefined]]);
    store.apply([[4, record(4, 1, 11)]]);
    const v4 = store.view;
    // One entry per movie: its first record before, its last after.
    const changes = [...(v4.changesSince(v1) ?? [])].sort((a, b) => a.movieId - b.movieId);
    expect(changes).toEqual([
      { movieId: 2, before: record(2, 3, 2), after: undefined },
      { movieId: 4, before: undefined, after: record(4, 1, 11) },
    ]);
    expect(v4.changesSince(v2)?.map((c) => c.movieId)).toEqual([2, 4]);
    // An older view reads the records now, and its array is the newest version's.
    expect(v1.has(2)).toBe(false);
    expect(v1.latest()).toBe(v4);
    expect(ids(v1.toArray()).sort()).toEqual([1, 3, 4]);
    // A later view cannot be bridged back, nor a view of other records.
    expect(v1.changesSince(v4)).toBeNull();
    expect(v4.changesSince(ratingRecordsOf([record(1, 3, 1)]))).toBeNull();
  });

  it('a reload or a reader more than MIRROR_CHANGE_LOG changes behind gets null (start over)', () => {
    const store = new VersionedRatings();
    store.replaceAll(new Map([[1, record(1, 3, 1)]]));
    const start = store.view;
    for (let i = 0; i < MIRROR_CHANGE_LOG; i++) store.apply([[1, record(1, (i % 9) / 2 + 0.5, i + 2)]]);
    expect(store.view.changesSince(start)?.length).toBe(1);
    store.apply([[2, record(2, 1, 1)]]);
    expect(store.view.changesSince(start)).toBeNull();
    const before = store.view;
    store.replaceAll(new Map());
    expect(store.view.changesSince(before)).toBeNull();
  });
});

describe('my ratings order, followed by changes', () => {
  it('after random edits, deletions, batches, reloads and sort switches it is the full sort', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 1, max: 600 }), { minLength: 0, maxLength: 300 }),
        fc.array(
          fc.oneof(
            // An edit, a first rating or a clear (rating 0 stands for a clear).
            fc.record({
              kind: fc.constant('batch' as const),
              edits: fc.array(fc.tuple(fc.integer({ min: 1, max: 600 }), fc.integer({ min: 0, max: 10 })), { minLength: 1, maxLength: 5 }),
            }),
            fc.record({ kind: fc.constant('sort' as const), sort: fc.constantFrom(...SORTS) }),
            fc.record({ kind: fc.constant('reload' as const) }),
            fc.record({ kind: fc.constant('many' as const), from: fc.integer({ min: 1, max: 600 }) }),
          ),
          { maxLength: 30 },
        ),
        fc.constantFrom(...SORTS),
        (initial, steps, firstSort) => {
          const store = new VersionedRatings();
          store.replaceAll(new Map(initial.map((id, i) => [id, record(id, (i % 5) + 1, i % 4)])));
          const order = new RatingOrder();
          let sort = firstSort;
          let clock = 10;
          expect(ids(order.follow(store.view, sort, rankOf).sorted)).toEqual(fullSort(store.view, sort));
          for (const step of steps) {
            const shownBefore = order.current();
            if (step.kind === 'batch') store.apply(step.edits.map(([id, r]) => [id, r === 0 ? undefined : record(id, r / 2, (clock += id % 3))] as const));
            else if (step.kind === 'sort') sort = step.sort;
            else if (step.kind === 'reload') store.replaceAll(new Map(store.records));
            // More changes than a patch takes: a full sort.
            else store.apply(Array.from({ length: RESORT_MAX_CHANGES + 1 }, (_, i) => [step.from + i, record(step.from + i, 2, clock)] as const));
            const shown = order.follow(store.view, sort, rankOf);
            expect(shown.needsSlices).toBe(false);
            expect(ids(shown.sorted)).toEqual(fullSort(store.view, sort));
            // A new revision exactly when the shown order changed.
            if (shown.revision === shownBefore.revision) expect(ids(shownBefore.sorted)).toEqual(ids(shown.sorted));
            // Asked twice for the same records (a render run twice): the same answer, nothing moved twice.
            expect(order.follow(store.view, sort, rankOf)).toBe(shown);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('an edit in 45,000 ratings costs O(log n) comparisons; a long list is sorted in slices and edits made meanwhile are patched in', async () => {
    const n = 45_000;
    const store = new VersionedRatings();
    store.replaceAll(new Map(Array.from({ length: n }, (_, i) => [i + 1, record(i + 1, ((i * 7) % 10) / 2 + 0.5, 1_500_000_000 + (i % 977))])));
    let calls = 0;
    const counted = (movieId: number) => ((calls += 1), rankOf(movieId));
    const order = new RatingOrder();
    expect(order.follow(store.view, 'highest', counted)).toMatchObject({ needsSlices: true, sorted: [] });
    let pauses = 0;
    // Edits land between the slices of the sort.
    const pause = async () => {
      pauses += 1;
      if (pauses % 3 === 0) store.apply([[pauses, record(pauses, 5, 1_600_000_000 + pauses)]]);
      if (pauses === 4) store.apply([[n + 1, record(n + 1, 0.5, 1)]]);
    };
    expect(await order.sortInSlices(store.view, 'highest', counted, pause)).toBe(true);
    expect(pauses).toBeGreaterThan(n / SORT_SLICE);
    const caughtUp = order.follow(store.view, 'highest', counted);
    expect(caughtUp.needsSlices).toBe(false);
    expect(ids(caughtUp.sorted)).toEqual(fullSort(store.view, 'highest'));

    calls = 0;
    store.apply([[20_000, record(20_000, 4.5, 1_700_000_000)]]);
    const edited = order.follow(store.view, 'highest', counted);
    expect(edited.sorted.find((r) => r.movieId === 20_000)?.rating).toBe(4.5);
    // Two binary searches over 45,001 records: 2 ranks per comparison, about 2 · 2 · 16 comparisons.
    expect(calls).toBeLessThan(100);
    expect(ids(edited.sorted)).toEqual(fullSort(store.view, 'highest'));
  });

  it('a sort in slices for an order no longer wanted stops and installs nothing', async () => {
    const store = new VersionedRatings();
    store.replaceAll(new Map(Array.from({ length: SORT_SLICE * 3 }, (_, i) => [i + 1, record(i + 1, 3, i)])));
    const order = new RatingOrder();
    let switchSort = () => undefined as void;
    const running = order.sortInSlices(store.view, 'recent', rankOf, async () => switchSort());
    // Asked again for the same order while it runs: the same sort.
    expect(order.sortInSlices(store.view, 'recent', rankOf)).toBe(running);
    switchSort = () => void order.follow(store.view, 'title', rankOf);
    expect(await running).toBe(false);
    expect(order.current().sorted).toEqual([]);
    order.cancel();
  });
});

describe('title ranks of the rated movies', () => {
  it('scans every movie once, then only the changed ones; each id is asked for once', async () => {
    const store = new VersionedRatings();
    store.replaceAll(new Map([1, 2, 3].map((id) => [id, record(id, 3, id)])));
    const ranks = new TitleRanks();
    const first = ranks.follow(store.view);
    expect([...first].sort()).toEqual([1, 2, 3]);
    expect(ranks.follow(store.view)).toBe(first);
    expect(ranks.complete).toBe(false);
    const ask = ranks.toAsk();
    expect(ranks.toAsk()).toEqual([]);
    expect(await ranks.answer(ask, Uint32Array.from([30, 10, 20]))).toBe(true);
    expect(ranks.complete).toBe(true);
    expect([1, 2, 3, 4].map(ranks.rankOf)).toEqual([30, 10, 20, UNKNOWN_RANK]);
    // An edit of a ranked movie needs nothing; a newly rated one is asked for alone.
    store.apply([[2, record(2, 5, 9)]]);
    expect(ranks.follow(store.view)).toEqual([]);
    store.apply([[4, record(4, 1, 10)]]);
    expect(ranks.follow(store.view)).toEqual([4]);
    expect(ranks.complete).toBe(false);
    const again = ranks.toAsk();
    expect(again).toEqual([4]);
    ranks.failed();
    expect(ranks.toAsk()).toEqual([4]);
    // A reload (no changes to follow) scans again, and finds nothing new.
    await ranks.answer([4], [5]);
    store.replaceAll(new Map(store.records));
    expect(ranks.follow(store.view)).toEqual([]);
    expect(byMovieId(7)).toBe(7);
  });

  it('movies rated while a question is in flight are asked once it is answered, each once', async () => {
    const store = new VersionedRatings();
    store.replaceAll(new Map([1, 2, 3].map((id) => [id, record(id, 3, id)])));
    const ranks = new TitleRanks();
    ranks.follow(store.view);
    const ask = ranks.toAsk();
    expect([...ask]).toEqual([1, 2, 3]);
    // Rated meanwhile: 4 twice (an edit before its rank is known), 2 again (already asked).
    store.apply([[4, record(4, 1, 10)]]);
    store.apply([
      [4, record(4, 2, 11)],
      [2, record(2, 5, 12)],
    ]);
    expect(ranks.follow(store.view)).toEqual([1, 2, 3, 4]);
    expect(ranks.toAsk()).toEqual([]);
    expect(await ranks.answer(ask, [3, 1, 2])).toBe(true);
    expect(ranks.complete).toBe(false);
    expect(ranks.follow(store.view)).toEqual([4]);
    const next = ranks.toAsk();
    expect(next).toEqual([4]);
    await ranks.answer(next, [0]);
    expect(ranks.complete).toBe(true);
    expect([4, 2, 3, 1].map(ranks.rankOf)).toEqual([0, 1, 2, 3]);
    // A full rescan (the change log overflowed) after a failed question keeps one entry per movie.
    store.apply([[5, record(5, 4, 13)]]);
    ranks.follow(store.view);
    ranks.toAsk();
    ranks.failed();
    store.replaceAll(new Map([...store.records, [6, record(6, 4, 14)]]));
    expect(ranks.follow(store.view)).toEqual([5, 6]);
  });

  it('a long answer is taken in slices, a task each', async () => {
    const store = new VersionedRatings();
    const n = ANSWER_SLICE * 3 + 7;
    store.replaceAll(new Map(Array.from({ length: n }, (_, i) => [i + 1, record(i + 1, 3, i)])));
    const ranks = new TitleRanks();
    ranks.follow(store.view);
    const ask = ranks.toAsk();
    let pauses = 0;
    expect(
      await ranks.answer(
        ask,
        Uint32Array.from(ask, (id) => n - id),
        async () => void (pauses += 1),
      ),
    ).toBe(true);
    expect(pauses).toBe(3);
    expect(ranks.complete).toBe(true);
    expect(ranks.follow(store.view)).toEqual([]);
    expect(ranks.rankOf(1)).toBe(n - 1);
  });
});
