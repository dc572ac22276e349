// Users and their ratings, drawn from the generating latent-factor model (plus ratings for unknown MovieLens ids).
import { clip, roundTo, type CatalogBuilder } from './builder';
import { deriveSeed, Random } from './random';
import { DEMO_LATENT_DIMS, type DemoDirt, type DemoMovie, type DemoRating, type DemoUnlinkedMovie, type DemoUser } from './spec';
import * as vocab from './vocabulary';

const SECONDS_PER_DAY = 86_400;
/** Latest rating time: 2017-07-01, after the last release year. */
const LAST_TIMESTAMP = Date.UTC(2017, 6, 1) / 1000;
const FIRST_USER_START = Date.UTC(2000, 0, 1) / 1000;
const LAST_USER_START = Date.UTC(2016, 8, 1) / 1000;

function dot(a: readonly number[], b: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i] * b[i];
  return sum;
}

/**
 * Ratings from the generating model:
 *   r_ui = clip(round_half(3.5 + b_u + b_i + p_u·q_i + eps), 0.5, 5),  eps ~ N(0, 0.55²)
 * (whole-star users round to integers, clipped to 1..5). Users pick movies with probability
 * ∝ popularity^0.8 · exp(0.35 · p_u·q_i / sd), i.e. popular films and films they like are rated more often.
 */
export function makeRatings(
  seed: number,
  userCount: number,
  movies: readonly DemoMovie[],
  unlinked: readonly DemoUnlinkedMovie[],
  builder: CatalogBuilder,
  dirt: DemoDirt,
): { users: DemoUser[]; ratings: DemoRating[] } {
  const rng = new Random(deriveSeed(seed, 'ratings'));
  const genreNames = vocab.TMDB_GENRES.map((genre) => genre.name).filter((name) => name !== 'Foreign' && name !== 'TV Movie');
  type Rateable = { movieLensId: number; bias: number; factors: number[]; popularity: number; releaseTs: number };
  const pool: Rateable[] = [];
  for (const movie of movies) {
    if (!movie.inLinksSmall) continue;
    pool.push({
      movieLensId: movie.movieLensId,
      bias: movie.bias,
      factors: movie.factors,
      popularity: movie.popularity,
      releaseTs: Date.UTC(movie.year, 0, 1) / 1000,
    });
  }
  for (const movie of unlinked) {
    if (movie.inLinksSmall) {
      pool.push({ movieLensId: movie.movieLensId, bias: movie.bias, factors: movie.factors, popularity: movie.popularity, releaseTs: FIRST_USER_START });
    }
  }

  const rawUsers = Array.from({ length: userCount }, (_, index) => {
    const liked = rng.sample(genreNames, rng.int(1, 3));
    const disliked = rng.sample(
      genreNames.filter((name) => !liked.includes(name)),
      rng.int(0, 2),
    );
    const factors = new Array<number>(DEMO_LATENT_DIMS).fill(0);
    for (const genre of liked) builder.genreVector(genre).forEach((value, k) => (factors[k] += value));
    for (const genre of disliked) builder.genreVector(genre).forEach((value, k) => (factors[k] -= 0.7 * value));
    for (let k = 0; k < DEMO_LATENT_DIMS; k++) factors[k] += rng.normal(0, 0.3);
    return { userId: index + 1, bias: roundTo(rng.normal(0, 0.4), 6), factors, liked, disliked, wholeStarsOnly: rng.chance(0.3) };
  });

  // Rescale user vectors so the interaction term has sd 0.65: enough taste signal for MF to find.
  const dots: number[] = [];
  for (let i = 0; i < 2000; i++) dots.push(dot(rng.pick(rawUsers).factors, rng.pick(pool).factors));
  const mean = dots.reduce((sum, value) => sum + value, 0) / dots.length;
  const sd = Math.sqrt(dots.reduce((sum, value) => sum + (value - mean) ** 2, 0) / dots.length) || 1;
  const scale = 0.65 / sd;
  const users: DemoUser[] = rawUsers.map((user) => ({
    userId: user.userId,
    bias: user.bias,
    factors: user.factors.map((value) => roundTo(value * scale, 6)),
    likedGenres: user.liked,
    dislikedGenres: user.disliked,
    wholeStarsOnly: user.wholeStarsOnly,
  }));

  const ratings: DemoRating[] = [];
  for (const user of users) {
    const count = Math.min(pool.length, 20 + Math.floor(180 * rng.float() ** 2.2));
    const weights = pool.map((movie) => movie.popularity ** 0.8 * Math.exp((0.35 * dot(user.factors, movie.factors)) / 0.65));
    const chosen = rng.weightedSample(weights, count).sort((a, b) => pool[a].movieLensId - pool[b].movieLensId);
    const start = FIRST_USER_START + rng.float() * (LAST_USER_START - FIRST_USER_START);
    for (const index of chosen) {
      const movie = pool[index];
      const raw = 3.5 + user.bias + movie.bias + dot(user.factors, movie.factors) + rng.normal(0, 0.55);
      const rating = user.wholeStarsOnly ? clip(Math.round(raw), 1, 5) : clip(Math.round(raw * 2) / 2, 0.5, 5);
      const earliest = Math.max(start, movie.releaseTs + 30 * SECONDS_PER_DAY);
      const timestamp = Math.floor(Math.min(LAST_TIMESTAMP, earliest + rng.float() * 2 * 365 * SECONDS_PER_DAY));
      ratings.push({ userId: user.userId, movieId: movie.movieLensId, rating, timestamp });
    }
  }

  // Dirt: a few ratings for MovieLens ids that no links file knows.
  const maxMovieLensId = Math.max(...movies.map((movie) => movie.movieLensId), ...unlinked.map((movie) => movie.movieLensId));
  dirt.unknownRatingMovieIds = [maxMovieLensId + 17, maxMovieLensId + 4242];
  for (const [k, movieId] of dirt.unknownRatingMovieIds.entries()) {
    const raters = rng.sample(users, 2 + k);
    for (const user of raters) {
      ratings.push({ userId: user.userId, movieId, rating: rng.int(1, 10) / 2, timestamp: Math.floor(LAST_TIMESTAMP - rng.float() * 1e8) });
    }
  }
  ratings.sort((a, b) => a.userId - b.userId || a.movieId - b.movieId);
  return { users, ratings };
}
