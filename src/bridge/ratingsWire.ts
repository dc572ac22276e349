// A person's ratings as they cross to the worker: two typed arrays (one copy each), not one object per rating — a
// 45,000-rating history cost 50–100 ms of main-thread work per "like this" / "for you" as objects (issue 21).
import type { ForYouOptions, UserRating, UserVector } from '../engine/types';

/** Ratings as columns: `ratings[i]` is the person's ★ of `movieIds[i]`. */
export interface RatingsWire {
  movieIds: Int32Array;
  ratings: Float32Array;
}

/** Who a "like this" list is for, as sent to the worker. */
export interface RecommendUserWire {
  vector: UserVector | null;
  ratings: RatingsWire;
  /** Movies never to list; absent: the rated ones (a list keeps a movie rated from it: pass the ids at its opening). */
  excludeIds?: Int32Array;
  /** Movies marked "not interested". */
  hiddenIds?: number[];
}

/** "For you" options as sent to the worker: the ratings as columns, the movies to leave out as one array. */
export interface ForYouWireOptions extends Omit<ForYouOptions, 'ratings' | 'exclude'> {
  ratings?: RatingsWire;
  /** Absent: the rated ones. */
  excludeIds?: Int32Array;
  /** Movies marked "not interested": left out too. */
  hiddenIds?: number[];
}

/** The columns of any (movieId, rating) sequence of known size. */
export function packRatings(entries: Iterable<{ movieId: number; rating: number }>, size: number): RatingsWire {
  const movieIds = new Int32Array(size);
  const ratings = new Float32Array(size);
  let i = 0;
  for (const entry of entries) {
    if (i === size) throw new Error(`packRatings: more than the ${size} ratings announced`);
    movieIds[i] = entry.movieId;
    ratings[i++] = entry.rating;
  }
  if (i !== size) throw new Error(`packRatings: ${i} ratings, ${size} announced`);
  return { movieIds, ratings };
}

/** The engine's form (worker side): one object per rating. */
export function unpackRatings(wire: RatingsWire): UserRating[] {
  if (wire.movieIds.length !== wire.ratings.length) throw new Error(`ratings wire: ${wire.movieIds.length} ids but ${wire.ratings.length} ratings`);
  const out: UserRating[] = new Array(wire.movieIds.length);
  for (let i = 0; i < out.length; i++) out[i] = { movieId: wire.movieIds[i], rating: wire.ratings[i] };
  return out;
}

/** The engine's "like this" user from the wire (worker side). */
export function recommendUserFromWire(user: RecommendUserWire): { vector: UserVector | null; ratedIds: number[]; ratings: UserRating[]; hiddenIds?: number[] } {
  return {
    vector: user.vector,
    ratedIds: Array.from(user.excludeIds ?? user.ratings.movieIds),
    ratings: unpackRatings(user.ratings),
    hiddenIds: user.hiddenIds,
  };
}

/** The engine's "for you" options from the wire (worker side). */
export function forYouOptionsFromWire(options: ForYouWireOptions = {}): ForYouOptions {
  const { ratings, excludeIds, hiddenIds, ...rest } = options;
  const left = excludeIds ?? ratings?.movieIds;
  const exclude = left || hiddenIds ? [...(left ?? []), ...(hiddenIds ?? [])] : undefined;
  return { ...rest, ...(ratings ? { ratings: unpackRatings(ratings) } : {}), ...(exclude ? { exclude } : {}) };
}
