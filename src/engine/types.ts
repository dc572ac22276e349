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
  /** Title of the seed when this movie is in the same series (TMDB collection), else null. */
  sameSeriesAs: string | null;
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
  /** The strongest reason behind the pick: the seed's series, its crowd (item neighbours), your taste, or shared content. */
  source: 'series' | 'keywords' | 'kmf' | 'neighbours';
  reasons: RecommendationReasons;
}

export interface SearchHit {
  movie: MovieSummary;
  score: number;
  /** Present when the film was found by its original title (e.g. "千と千尋の神隠し" for Spirited Away): shown beside the title. */
  originalTitle?: string;
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

/** Everything the movie page shows: the catalog summary plus the movie's row of details.bin (null / '' / [] when unknown). */
export interface MovieDetails {
  movie: MovieSummary;
  overview: string;
  tagline: string;
  /** Minutes. */
  runtime: number | null;
  /** The number of the IMDb id tt…. */
  imdbId: number | null;
  /** Only when it differs from the title. */
  originalTitle: string | null;
  /** TMDB image path ("/abc….jpg"), for https://image.tmdb.org/t/p/<size><path>. */
  posterPath: string | null;
  directors: string[];
  /** Top billed, at most 8. */
  cast: string[];
  keywords: string[];
}

/** A page of the first-run onboarding (src/engine/onboarding.ts): well-known, diverse movies whose ratings separate tastes. */
export interface OnboardingOptions {
  /** Movies not to ask about (rated, hidden, already skipped). */
  exclude?: number[];
  /** 0-based page of what remains after `exclude`. */
  page?: number;
  size?: number;
}

export interface OnboardingPage {
  movies: MovieSummary[];
  page: number;
  /** More movies follow this page. */
  hasMore: boolean;
}

/** Explore: browse the catalog by genre, decade and person (src/engine/explore.ts). */
export interface ExploreFilter {
  genre?: string | null;
  /** Decade start year, e.g. 1990. */
  decade?: number | null;
  /** A director's or actor's name (any spelling the keyword soup folds alike, e.g. "christopher nolan"). */
  person?: string | null;
  exclude?: number[];
}

/** predicted ★ for you (falls back to 'rating' without a vector), TMDB rating Bayesian-averaged, TMDB popularity, year (newest first). */
export type ExploreSort = 'predicted' | 'rating' | 'popularity' | 'year';

export interface ExplorePaging {
  offset?: number;
  limit?: number;
}

export interface ExploreItem {
  movie: MovieSummary;
  /** KMF predicted rating 0..5 with a vector, else null. */
  predictedRating: number | null;
  /** TMDB rating 0..10, Bayesian-averaged over the catalog. */
  averageRating: number;
}

export interface PersonHit {
  /** Display name (the first spelling seen in the data). */
  name: string;
  movies: number;
  roles: ('director' | 'cast')[];
  /** Title of their most-voted movie. */
  knownFor: string;
}

export interface ExploreResult {
  items: ExploreItem[];
  /** Movies matching the filter. */
  total: number;
  /** The sort applied ('predicted' without a vector becomes 'rating'). */
  sort: ExploreSort;
  /** The person filtered on, or null (also when the name is unknown). */
  person: PersonHit | null;
}

/** Watch together (src/engine/group.ts): one member of the group, as the worker needs them. */
export interface GroupMemberInput {
  /** Shown in the explanations; the engine only passes it through. */
  name: string;
  ratings: UserRating[];
  /** "Not interested" movies: never listed for the group. */
  hiddenIds?: number[];
}

/** Watch together's length mood (bounds in src/engine/group.ts, LENGTH_MOODS). */
export type LengthMood = 'short' | 'standard' | 'long';

export interface GroupOptions {
  k?: number;
  genre?: string | null;
  /** Decade start year, e.g. 1990. */
  decade?: number | null;
  /** Only movies of this length; needs runtimes.bin loaded (Engine.loadRuntimes); unknown runtimes are left out. */
  length?: LengthMood | null;
  /** List movies a member has rated too (off by default). */
  includeRated?: boolean;
  /** Defaults to DEFAULT_GROUP_STRATEGY. */
  strategy?: 'average' | 'least-misery' | 'most-pleasure' | 'average-without-misery' | 'fair';
}

export interface GroupMemberFit {
  name: string;
  /** KMF predicted ★ for this member, null without a fitted vector (no usable ratings). */
  predictedRating: number | null;
  /** Predicted at least SUITS_LINE ★. */
  suits: boolean;
  /** Their rated movie whose neighbours pointed here most, else null. */
  becauseTheyRated: string | null;
}

export interface GroupPick {
  movie: MovieSummary;
  /** Per member, in the order asked. */
  members: GroupMemberFit[];
}

/** Watch together's answer: the picks, and how many movies a length mood left out for want of a runtime. */
export interface GroupRecommendation {
  picks: GroupPick[];
  /** Movies that matched everything else but have no known runtime (0 without a length mood). */
  unknownRuntime: number;
}

/** "Your taste": a director or actor behind several of your rated movies. */
export interface TastePerson {
  name: string;
  role: 'director' | 'cast';
  /** Your rated movies with them. */
  movies: number;
  /** Your mean rating of those. */
  mean: number;
}

/** "Your taste": the catalog's two main KMF factor axes, its best-known movies and yours placed on them. */
export interface TasteMap {
  backgroundX: Float32Array;
  backgroundY: Float32Array;
  yours: { movieId: number; title: string; rating: number; x: number; y: number }[];
  /** Centre of the movies you rated 4★ or more (all yours when none), null without any. */
  centre: [number, number] | null;
  /** The best-known movies nearest that centre, not rated by you. */
  nearYou: string[];
}

export interface TasteProfile {
  people: TastePerson[];
  map: TasteMap;
}
