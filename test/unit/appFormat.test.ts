import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { formatBytes, movieMeta, ratingForKey, ratingFromPointer, ratingsNeededText, ratingText, reasonChips } from '../../src/app/format';
import { parseRoute, routeHref, type Route } from '../../src/app/shared/useHashRoute';
import { patchSortedRatings, SORT_SLICE, sortRatingRecords, sortRatingRecordsInSlices } from '../../src/app/myratings/sortRatings';
import { ratingValueProblem } from '../../src/storage/repository';
import type { RecommendationReasons } from '../../src/engine/types';

const reasons = (overrides: Partial<RecommendationReasons>): RecommendationReasons => ({
  sameSeriesAs: null,
  sharedGenres: [],
  sharedKeywords: [],
  sharedCast: [],
  sharedDirectors: [],
  keywordSimilarity: 0.5,
  predictedRating: null,
  alsoLikedWith: null,
  becauseYouRated: null,
  ...overrides,
});

describe('reason chips', () => {
  it('names shared keywords and people, then the predicted rating', () => {
    expect(reasonChips(reasons({ sharedKeywords: ['time travel'], sharedDirectors: ['Robert Zemeckis'], predictedRating: 4.44 }))).toEqual([
      'shares: time travel · Robert Zemeckis',
      'for you: 4.4★',
    ]);
  });
  it('caps the shared list and falls back to genres', () => {
    expect(reasonChips(reasons({ sharedKeywords: ['a', 'b', 'c', 'd', 'e'] }))).toEqual(['shares: a · b · c · d']);
    expect(reasonChips(reasons({ sharedKeywords: ['a', 'b', 'c', 'd'], sharedDirectors: ['Dee'], sharedCast: ['Cas', 'Two'] }))).toEqual([
      'shares: a · b · Dee · Cas',
    ]);
    expect(reasonChips(reasons({ sharedGenres: ['Drama', 'Crime'] }))).toEqual(['genres: Drama · Crime']);
    expect(reasonChips(reasons({ sameSeriesAs: 'Toy Story', alsoLikedWith: 'Toy Story' }))[0]).toBe('same series as Toy Story');
    expect(reasonChips(reasons({}))).toEqual([]);
  });
  it('says when people who liked the seed, or a movie you rated, are the reason', () => {
    expect(reasonChips(reasons({ alsoLikedWith: 'Toy Story', sharedGenres: ['Animation'] }))).toEqual([
      'people who liked Toy Story also liked this',
      'genres: Animation',
    ]);
    expect(reasonChips(reasons({ becauseYouRated: 'Heat' }))).toEqual(['because you rated Heat']);
    expect(reasonChips(reasons({ alsoLikedWith: 'Heat', becauseYouRated: 'Heat' }))).toEqual(['people who liked Heat also liked this']);
  });
});

describe('rating control keys and pointer', () => {
  it('moves in half steps within 0..5 and clears with Delete', () => {
    expect(ratingForKey('ArrowRight', null)).toBe(0.5);
    expect(ratingForKey('ArrowRight', 4.5)).toBe(5);
    expect(ratingForKey('ArrowRight', 5)).toBe(5);
    expect(ratingForKey('ArrowLeft', 0)).toBe(0);
    expect(ratingForKey('ArrowLeft', null)).toBe(0);
    expect(ratingForKey('Home', 3)).toBe(0);
    expect(ratingForKey('End', null)).toBe(5);
    expect(ratingForKey('3', null)).toBe(3);
    expect(ratingForKey('Delete', 2)).toBeNull();
    expect(ratingForKey('a', 2)).toBeUndefined();
    expect(ratingForKey('6', 2)).toBeUndefined();
  });
  it('every key sequence yields a storable rating', () => {
    const keys = fc.constantFrom('ArrowRight', 'ArrowLeft', 'ArrowUp', 'ArrowDown', 'Home', 'End', 'PageUp', 'PageDown', '0', '1', '5', 'x');
    fc.assert(
      fc.property(fc.array(keys, { maxLength: 40 }), (sequence) => {
        let value: number | null = null;
        for (const key of sequence) {
          const next = ratingForKey(key, value);
          if (next !== undefined) value = next;
        }
        return value === null || ratingValueProblem(value) === null;
      }),
    );
  });
  it('maps a click across the stars to 0.5..5', () => {
    expect(ratingFromPointer(0, 100)).toBe(0.5);
    expect(ratingFromPointer(9, 100)).toBe(0.5);
    expect(ratingFromPointer(11, 100)).toBe(1);
    expect(ratingFromPointer(55, 100)).toBe(3);
    expect(ratingFromPointer(100, 100)).toBe(5);
    expect(ratingFromPointer(400, 100)).toBe(5);
  });
});

describe('text helpers', () => {
  it('formats', () => {
    expect(ratingText(null)).toBe('Not rated');
    expect(ratingText(1)).toBe('1 star');
    expect(ratingText(3.5)).toBe('3.5 stars');
    expect(movieMeta(1995, ['Animation', 'Comedy'])).toBe('1995 · Animation, Comedy');
    expect(movieMeta(null, [])).toBe('Year unknown');
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(5 * 1024 * 1024)).toBe('5.0 MB');
    expect(ratingsNeededText(1)).toBe('Rate 1 more movie to get personal predictions.');
    expect(ratingsNeededText(3)).toBe('Rate 3 more movies to get personal predictions.');
  });
});

describe('hash routes', () => {
  it('round-trips every route; unknown paths are not found', () => {
    const routes: Route[] = [
      { view: 'search', query: '' },
      { view: 'search', query: 'the "perfect" & co?' },
      { view: 'like', movieId: 862 },
      { view: 'for-you' },
      { view: 'ratings' },
      { view: 'about' },
    ];
    for (const route of routes) expect(parseRoute(routeHref(route))).toEqual(route);
    // Unknown paths and non-canonical ids say "not found" (test/unit/routes.test.ts).
    expect(parseRoute('#/like/abc')).toEqual({ view: 'not-found', path: '/like/abc' });
    expect(parseRoute('#/like/-3')).toEqual({ view: 'not-found', path: '/like/-3' });
    expect(parseRoute('')).toEqual({ view: 'search', query: '' });
  });
});

describe('my ratings order', () => {
  const records = [
    { profileId: 'p', movieId: 1, rating: 3, updatedAt: 10 },
    { profileId: 'p', movieId: 2, rating: 5, updatedAt: 5 },
    { profileId: 'p', movieId: 3, rating: 3, updatedAt: 20 },
    { profileId: 'p', movieId: 4, rating: 3, updatedAt: 1 },
  ];
  // Title order as the engine ranks it: alpha (2), Beta (1), Gamma (3); movie 4 is not in the catalog.
  const rank = new Map([
    [2, 0],
    [1, 1],
    [3, 2],
  ]);
  const titleRank = (id: number) => rank.get(id) ?? 0xffffffff;
  it('sorts by recency, rating (ties by title, unknown movies last) and title', () => {
    expect(sortRatingRecords(records, 'recent', titleRank).map((r) => r.movieId)).toEqual([3, 1, 2, 4]);
    expect(sortRatingRecords(records, 'highest', titleRank).map((r) => r.movieId)).toEqual([2, 1, 3, 4]);
    expect(sortRatingRecords(records, 'lowest', titleRank).map((r) => r.movieId)).toEqual([1, 3, 4, 2]);
    expect(sortRatingRecords(records, 'title', titleRank).map((r) => r.movieId)).toEqual([2, 1, 3, 4]);
  });
  it('a few changed, added or removed ratings are placed into the previous order exactly where a full sort puts them', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 1, max: 400 }), { minLength: 1, maxLength: 200 }),
        fc.array(fc.tuple(fc.integer({ min: 1, max: 400 }), fc.integer({ min: 0, max: 3 })), { maxLength: 12 }),
        fc.constantFrom('recent' as const, 'highest' as const, 'lowest' as const, 'title' as const),
        (ids, edits, sort) => {
          // Few distinct dates and ratings (many ties); every third movie is unknown to the catalog.
          const rankOf = (id: number) => (id % 3 === 0 ? 0xffffffff : (id * 7919) % 1009);
          const before = new Map(ids.map((movieId, i) => [movieId, { profileId: 'p', movieId, rating: (i % 5) + 1, updatedAt: i % 4 }]));
          const previousRecords = [...before.values()];
          const previousSorted = sortRatingRecords(previousRecords, sort, rankOf);
          const after = new Map(before);
          // 0: delete; otherwise a new value and date (an edit, or a movie rated for the first time).
          for (const [movieId, kind] of edits)
            if (kind === 0) after.delete(movieId);
            else after.set(movieId, { profileId: 'p', movieId, rating: kind, updatedAt: kind + 2 });
          const records = [...after.values()];
          // One change per movie, from its first record to its last (as the ratings mirror merges them).
          const changed = new Set(edits.map(([movieId]) => movieId));
          const changes = [...changed].map((movieId) => ({ before: before.get(movieId), after: after.get(movieId) }));
          const placed = [...previousSorted];
          expect(patchSortedRatings(placed, changes, sort, rankOf)).toBe(true);
          expect(placed.map((r) => r.movieId)).toEqual(sortRatingRecords(records, sort, rankOf).map((r) => r.movieId));
        },
      ),
      { numRuns: 300 },
    );
  });
  it('the sort in slices gives the one-task order on a long list, pausing between slices', async () => {
    const n = SORT_SLICE * 5 + 123;
    // Many ties on date and rating; every seventh movie unknown to the catalog; ids not in date order.
    const list = Array.from({ length: n }, (_, i) => ({ profileId: 'p', movieId: (i * 7919) % 1_000_003, rating: (i % 10) / 2 + 0.5, updatedAt: i % 97 }));
    const rankOf = (id: number) => (id % 7 === 0 ? 0xffffffff : (id * 31) % 1_000_033);
    for (const sort of ['recent', 'highest', 'lowest', 'title'] as const) {
      let pauses = 0;
      const sliced = await sortRatingRecordsInSlices(list, sort, rankOf, async () => void (pauses += 1));
      expect(sliced.map((r) => r.movieId)).toEqual(sortRatingRecords(list, sort, rankOf).map((r) => r.movieId));
      expect(pauses).toBeGreaterThanOrEqual(6);
    }
  });
  it('a patch that does not start from the order it is given asks for a full sort and moves nothing', () => {
    const sorted = sortRatingRecords(records, 'recent', titleRank);
    const copy = [...sorted];
    // Movie 1's old record is not the one in the list (a change the list never saw): nothing may move.
    const stale = { profileId: 'p', movieId: 1, rating: 3, updatedAt: 10 };
    const added = { profileId: 'p', movieId: 9, rating: 4, updatedAt: 99 };
    expect(
      patchSortedRatings(
        copy,
        [
          { before: undefined, after: added },
          { before: stale, after: undefined },
        ],
        'recent',
        titleRank,
      ),
    ).toBe(false);
    expect(copy).toEqual(sorted);
    expect(copy.every((r, i) => r === sorted[i])).toBe(true);
  });
});
