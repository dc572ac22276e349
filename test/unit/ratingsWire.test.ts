import { describe, expect, it } from 'vitest';
import { forYouOptionsFromWire, packRatings, recommendUserFromWire, unpackRatings } from '../../src/bridge/ratingsWire';
import { ratingsWireOf } from '../../src/app/shared/ratingsWireOf';
import { VersionedRatings } from '../../src/storage/ratingsMirror';

const RATINGS = [
  { movieId: 862, rating: 4.5 },
  { movieId: 238, rating: 0.5 },
  { movieId: 2_000_000_001, rating: 3 },
];

describe('ratings on the wire (two typed arrays, not one object per rating)', () => {
  it('packs and unpacks every id and half-star exactly, and a structured clone keeps them', () => {
    const wire = structuredClone(packRatings(RATINGS, RATINGS.length));
    expect(wire.movieIds).toBeInstanceOf(Int32Array);
    expect(unpackRatings(wire)).toEqual(RATINGS);
    const halves = Array.from({ length: 10 }, (_, i) => ({ movieId: i + 1, rating: (i + 1) / 2 }));
    expect(unpackRatings(packRatings(halves, halves.length))).toEqual(halves);
  });

  it('refuses a size that does not match, and columns of different lengths', () => {
    expect(() => packRatings(RATINGS, 2)).toThrow(/more than the 2/);
    expect(() => packRatings(RATINGS, 4)).toThrow(/3 ratings, 4 announced/);
    expect(() => unpackRatings({ movieIds: new Int32Array(2), ratings: new Float32Array(1) })).toThrow(/2 ids but 1 ratings/);
  });

  it('"like this": the rated ids are left out unless the list says which (the ids at its opening)', () => {
    const ratings = packRatings(RATINGS, 3);
    expect(recommendUserFromWire({ vector: null, ratings, hiddenIds: [5] })).toEqual({
      vector: null,
      ratedIds: [862, 238, 2_000_000_001],
      ratings: RATINGS,
      hiddenIds: [5],
    });
    expect(recommendUserFromWire({ vector: null, ratings, excludeIds: Int32Array.of(862) }).ratedIds).toEqual([862]);
  });

  it('"for you": rated and hidden are left out; without ratings, only what is named', () => {
    expect(forYouOptionsFromWire({ k: 5, ratings: packRatings(RATINGS, 3), hiddenIds: [9] })).toEqual({
      k: 5,
      ratings: RATINGS,
      exclude: [862, 238, 2_000_000_001, 9],
    });
    expect(forYouOptionsFromWire({ k: 5 })).toEqual({ k: 5 });
    expect(forYouOptionsFromWire()).toEqual({});
    expect(forYouOptionsFromWire({ hiddenIds: [9] })).toEqual({ exclude: [9] });
  });

  it('the session packs once per version of its records, and a change gives the new ratings', () => {
    const mirror = new VersionedRatings();
    mirror.replaceAll(new Map(RATINGS.map((r) => [r.movieId, { ...r, profileId: 'p', updatedAt: 1 }])));
    const first = mirror.view;
    const firstWire = ratingsWireOf(first);
    expect(ratingsWireOf(first)).toBe(firstWire);
    expect(unpackRatings(firstWire)).toEqual(RATINGS);
    mirror.apply([[238, undefined]]);
    const second = mirror.view;
    expect(ratingsWireOf(second)).not.toBe(firstWire);
    expect(unpackRatings(ratingsWireOf(second))).toEqual([RATINGS[0], RATINGS[2]]);
    // A view kept past a change reads through to the records as they are now (as toArray does).
    expect(ratingsWireOf(first)).toBe(ratingsWireOf(second));
  });
});
