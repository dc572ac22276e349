// Plain data types shared by the engine, the worker bridge and the UI (structured-clone safe).

export type ComputeBackendName = 'typed-array' | 'tfjs-cpu' | 'tfjs-wasm' | 'tfjs-webgl' | 'tfjs-webgpu';

/** One movie as the UI shows it. `id` is the TMDB id. */
export interface MovieSummary {
  id: number;
  title: string;
  year: number | null;
  genres: string[];
  popularity: number;
  voteAverage: number;
  voteCount: number;
}

/** Why a movie was recommended: what it shares with the seed movie and the predicted rating. */
export interface RecommendationReasons {
  sharedGenres: string[];
  sharedKeywords: string[];
  sharedCast: string[];
  sharedDirectors: string[];
  /** Cosine similarity of the keyword soups, 0..1. */
  keywordSimilarity: number;
  /** KMF predicted rating 0..5 for this user, null when the user has no vector. */
  predictedRating: number | null;
  /** Title of the seed when people who rated it also rated this movie (EASE neighbours), else null. */
  alsoLikedWith: string | null;
  /** Title of the user's rated movie that contributed most (item–item), else null. */
  becauseYouRated: string | null;
}

export interface Recommendation {
  movie: MovieSummary;
  /** The strongest stage-2 signal behind the pick: the seed's item neighbours, your ratings/taste (KMF), or keywords. */
  source: 'keywords' | 'kmf' | 'neighbours';
  reasons: RecommendationReasons;
}

export interface SearchHit {
  movie: MovieSummary;
  score: number;
}

/** A user's ratings as the engine sees them: TMDB id -> rating in 0..5 (half steps). */
export interface UserRating {
  movieId: number;
  rating: number;
}

/** A user's fitted KMF parameters (derived from ratings; can always be rebuilt). */
export interface UserVector {
  modelVersion: string;
  bias: number;
  factors: number[];
  /** Number of ratings the vector was fitted on. */
  ratingCount: number;
}

export interface RecommendOptions {
  k?: number;
  /** Stage 1's genre-ordered candidates (movies reached by item–item evidence join on top, at most 400). */
  candidateCap?: number;
}

export interface ForYouOptions {
  k?: number;
  genre?: string | null;
  /** Decade start year, e.g. 1990. */
  decade?: number | null;
  exclude?: number[];
  /** The user's ratings (values feed the item–item score); absent: every excluded id counts as liked. */
  ratings?: UserRating[];
}

export interface ForYouItem {
  movie: MovieSummary;
  predictedRating: number;
  /** Title of the rated movie whose neighbours contributed most, else null. */
  becauseYouRated: string | null;
}
