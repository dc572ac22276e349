import { describe, expect, it } from 'vitest';
import type { MovieSummary } from '../../src/engine/types';
import {
  decadeCounts,
  describeCrowd,
  describeDecades,
  describeDistribution,
  describeGrowth,
  genreTaste,
  joinRated,
  ratingDistribution,
  ratingsOverTime,
  type RatedMovie,
} from '../../src/app/taste/tasteData';

const movie = (rating: number, over: Partial<RatedMovie> = {}): RatedMovie => ({
  movieId: 1,
  title: 'M',
  rating,
  ratedAt: Date.UTC(2024, 0, 5),
  year: 1995,
  genres: ['Drama'],
  crowd: 3.5,
  ...over,
});

describe('Your taste: chart data', () => {
  it('joins ratings with the catalog, leaving out movies it does not know, and puts TMDB on the 5-star scale', () => {
    const summary: MovieSummary = { id: 7, title: 'Heat', year: 1995, genres: ['Crime'], popularity: 1, voteAverage: 7.8, voteCount: 100 };
    const unvoted: MovieSummary = { ...summary, id: 8, voteCount: 0 };
    const joined = joinRated(
      [
        { movieId: 7, rating: 4.5, updatedAt: 10 },
        { movieId: 8, rating: 2, updatedAt: 11 },
        { movieId: 9, rating: 3, updatedAt: 12 },
      ],
      new Map([
        [7, summary],
        [8, unvoted],
        [9, null],
      ]),
    );
    expect(joined.map((m) => [m.movieId, m.rating, m.crowd])).toEqual([
      [7, 4.5, 3.9],
      [8, 2, null],
    ]);
  });

  it('counts every half star from 0.5 to 5 (and 0 only when used), zeros included', () => {
    const bins = ratingDistribution([movie(4), movie(4), movie(0.5), movie(5)]);
    expect(bins).toHaveLength(10);
    expect(bins.find((b) => b.stars === 4)!.count).toBe(2);
    expect(bins.find((b) => b.stars === 3)!.count).toBe(0);
    expect(ratingDistribution([movie(0)])[0]).toEqual({ stars: 0, count: 1 });
    expect(describeDistribution([movie(4), movie(4), movie(1)])).toBe('3 ratings, 3.0★ on average; you give 4.0★ most often (2 times).');
    expect(describeDistribution([])).toBe('No ratings yet.');
    expect(describeDistribution([movie(5), movie(1)])).toBe('2 ratings, 3.0★ on average.');
  });

  it('counts decades from the earliest to the latest with gaps as zeros, skipping unknown years', () => {
    const rated = [movie(3, { year: 1994 }), movie(3, { year: 1999 }), movie(3, { year: 2012 }), movie(3, { year: null })];
    expect(decadeCounts(rated)).toEqual([
      { decade: 1990, count: 2 },
      { decade: 2000, count: 0 },
      { decade: 2010, count: 1 },
    ]);
    expect(describeDecades(rated)).toBe('Your rated movies were made from the 1990s to the 2010s, most in the 1990s (2 movies).');
    expect(describeDecades([movie(3, { year: null })])).toBe('None of your rated movies has a release year.');
  });

  it('compares each genre with the crowd on the movies that have TMDB votes', () => {
    const rated = [
      movie(2, { genres: ['Comedy'], crowd: 3.5 }),
      movie(2.5, { genres: ['Comedy', 'Drama'], crowd: 3.5 }),
      movie(2, { genres: ['Comedy'], crowd: 3 }),
      movie(5, { genres: ['Drama'], crowd: 4 }),
      movie(5, { genres: ['Drama'], crowd: null }),
    ];
    const taste = genreTaste(rated);
    // Most rated first, ties by name.
    expect(taste.map((g) => [g.genre, g.count])).toEqual([
      ['Comedy', 3],
      ['Drama', 3],
    ]);
    const drama = taste[1];
    expect(drama.mean).toBeCloseTo((2.5 + 5 + 5) / 3);
    // The unvoted movie counts in the mean, not in the comparison: (2.5 + 5) / 2 − (3.5 + 4) / 2.
    expect(drama.difference).toBeCloseTo(0);
    expect(taste[0].difference).toBeCloseTo((2 + 2.5 + 2) / 3 - (3.5 + 3.5 + 3) / 3);
    expect(describeCrowd(rated)).toBe('Harsher than the crowd on Comedy (−1.2★ over 3 movies).');
  });

  it('says kinder, in line, or what is missing', () => {
    const kind = [movie(5, { crowd: 3 }), movie(4.5, { crowd: 3 }), movie(5, { crowd: 3.5 })];
    expect(describeCrowd(kind)).toBe('Kinder than the crowd on Drama (+1.7★ over 3 movies).');
    expect(describeCrowd(kind.map((m) => ({ ...m, crowd: m.rating })))).toBe(
      "In line with the crowd (TMDB's average) on every genre you rated 3 times or more.",
    );
    expect(describeCrowd(kind.slice(0, 2))).toBe(
      "No genre has 3 ratings yet, so none is compared in words; the chart shows every genre you rated next to the crowd (TMDB's average).",
    );
  });

  it('accumulates ratings per month in order', () => {
    const rated = [movie(3, { ratedAt: Date.UTC(2024, 2, 9) }), movie(3, { ratedAt: Date.UTC(2024, 0, 31, 23) }), movie(3, { ratedAt: Date.UTC(2024, 2, 1) })];
    expect(ratingsOverTime(rated).map((p) => [p.month.toISOString().slice(0, 7), p.total])).toEqual([
      ['2024-01', 1],
      ['2024-03', 3],
    ]);
    expect(describeGrowth(rated)).toBe('From January 2024 to March 2024: 3 ratings in 2 months with ratings.');
    expect(describeGrowth(rated.slice(0, 1))).toBe('All 1 rating in March 2024.');
  });
});
