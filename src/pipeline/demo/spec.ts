// What the demo dataset is: options and defaults, the six files' names, headers and line endings, the movies and titles
// every seed contains, and the in-memory shapes (movies, users, ratings, dirt, summary) the other demo modules share.
export { TMDB_GENRES } from './vocabulary';

export const DEMO_DEFAULT_SEED = 20171110;
export const DEMO_DEFAULT_MOVIES = 1500;
export const DEMO_DEFAULT_USERS = 300;
/** Latent dimensions of the generating model (the recommender's own rank is independent of this). */
export const DEMO_LATENT_DIMS = 8;

export interface DemoDataOptions {
  seed?: number;
  /** Complete, well-formed catalog movies (dirt rows come on top). Default 1500. */
  movies?: number;
  /** Users in ratings_small.csv. Default 300. */
  users?: number;
}

export type DemoFileName = 'movies_metadata.csv' | 'credits.csv' | 'keywords.csv' | 'links.csv' | 'links_small.csv' | 'ratings_small.csv';

export const DEMO_FILE_NAMES: readonly DemoFileName[] = [
  'movies_metadata.csv',
  'credits.csv',
  'keywords.csv',
  'links.csv',
  'links_small.csv',
  'ratings_small.csv',
];

export const METADATA_HEADER = [
  'adult',
  'belongs_to_collection',
  'budget',
  'genres',
  'homepage',
  'id',
  'imdb_id',
  'original_language',
  'original_title',
  'overview',
  'popularity',
  'poster_path',
  'production_companies',
  'production_countries',
  'release_date',
  'revenue',
  'runtime',
  'spoken_languages',
  'status',
  'tagline',
  'title',
  'video',
  'vote_average',
  'vote_count',
] as const;
export const CREDITS_HEADER = ['cast', 'crew', 'id'] as const;
export const KEYWORDS_HEADER = ['id', 'keywords'] as const;
export const LINKS_HEADER = ['movieId', 'imdbId', 'tmdbId'] as const;
export const RATINGS_HEADER = ['userId', 'movieId', 'rating', 'timestamp'] as const;

/** Line endings of the originals: links*.csv and ratings_small.csv are CRLF, the pandas-written files LF. */
export const DEMO_LINE_ENDINGS: Record<DemoFileName, '\n' | '\r\n'> = {
  'movies_metadata.csv': '\n',
  'credits.csv': '\n',
  'keywords.csv': '\n',
  'links.csv': '\r\n',
  'links_small.csv': '\r\n',
  'ratings_small.csv': '\r\n',
};

/** A movie every seed generates with these exact values; tests can rely on it. */
export const DEMO_ANCHOR_MOVIE = {
  id: 40001,
  movieLensId: 1,
  imdbId: 'tt0400001',
  title: "The Clockmaker's Garden",
  year: 1995,
  releaseDate: '1995-11-17',
  genres: ['Animation', 'Comedy', 'Family'],
  director: 'Hedda Lindqvist',
  leadActor: "Zoë O'Brien",
  keywords: ['toy comes to life', 'friendship', 'clockwork garden', 'rivalry', 'jealousy', 'toy'],
  collection: "The Clockmaker's Garden Collection",
  popularity: 24.5,
  voteAverage: 7.7,
  voteCount: 5012,
} as const;

/** Its sequel: same collection, director, lead actor and genres, most keywords shared. */
export const DEMO_ANCHOR_SEQUEL = {
  id: 40002,
  movieLensId: 2,
  imdbId: 'tt0400002',
  title: "The Clockmaker's Garden 2",
  year: 1999,
  releaseDate: '1999-11-19',
  genres: ['Animation', 'Comedy', 'Family'],
  director: 'Hedda Lindqvist',
  leadActor: "Zoë O'Brien",
  keywords: ['toy comes to life', 'friendship', 'clockwork garden', 'sequel', 'toy', 'best friend'],
  collection: "The Clockmaker's Garden Collection",
  popularity: 15.3,
  voteAverage: 7.3,
  voteCount: 3208,
} as const;

export interface PlantedTitle {
  title: string;
  originalTitle: string;
  language: string;
  genres: string[];
  year: number;
  overview?: string;
}

/** Titles present for every seed (ids vary): apostrophes, quotes, commas, non-ASCII, a CJK original title, a remake. */
export const DEMO_PLANTED_TITLES: readonly PlantedTitle[] = [
  { title: "The Baker's Dozen", originalTitle: "The Baker's Dozen", language: 'en', genres: ['Comedy', 'Family'], year: 2004 },
  { title: 'Le Café des Étoiles', originalTitle: 'Le Café des Étoiles', language: 'fr', genres: ['Romance', 'Drama', 'Foreign'], year: 2001 },
  { title: "Søren's Winter", originalTitle: 'Sørens vinter', language: 'da', genres: ['Drama'], year: 2011 },
  {
    title: 'The "Perfect" Heist',
    originalTitle: 'The "Perfect" Heist',
    language: 'en',
    genres: ['Crime', 'Comedy'],
    year: 2013,
    overview: 'A "perfect" plan, a safe in Zürich, and one very bad idea.',
  },
  {
    title: 'Night Train, Day Train',
    originalTitle: 'Night Train, Day Train',
    language: 'en',
    genres: ['Thriller', 'Mystery'],
    year: 1987,
    overview: 'Two strangers share a sleeper compartment.\nOnly one of them gets off in the morning.',
  },
  { title: 'Tokyo Nights', originalTitle: '東京の夜', language: 'ja', genres: ['Drama', 'Romance'], year: 1962 },
  { title: 'The Silent Harbor', originalTitle: 'The Silent Harbor', language: 'en', genres: ['Drama', 'Mystery'], year: 1958 },
  { title: 'The Silent Harbor', originalTitle: 'The Silent Harbor', language: 'en', genres: ['Thriller', 'Mystery'], year: 2009 },
];

export type GenreRef = { id: number; name: string };
export type KeywordRef = { id: number; name: string };

export interface DemoCastEntry {
  cast_id: number;
  character: string;
  credit_id: string;
  gender: number;
  id: number;
  name: string;
  order: number;
  profile_path: string | null;
}

export interface DemoCrewEntry {
  credit_id: string;
  department: string;
  gender: number;
  id: number;
  job: string;
  name: string;
  profile_path: string | null;
}

export interface DemoMovie {
  /** TMDB id. */
  id: number;
  movieLensId: number;
  imdbId: string;
  title: string;
  originalTitle: string;
  originalLanguage: string;
  year: number;
  /** '' when the row is written without a release date (year then unknown to readers). */
  releaseDate: string;
  genres: GenreRef[];
  keywords: KeywordRef[];
  cast: DemoCastEntry[];
  crew: DemoCrewEntry[];
  directors: string[];
  collection: { id: number; name: string; poster_path: string | null; backdrop_path: string | null } | null;
  overview: string;
  tagline: string;
  homepage: string;
  posterPath: string;
  budget: number;
  revenue: number;
  runtime: number | null;
  status: string;
  popularity: number;
  voteAverage: number;
  voteCount: number;
  productionCompanies: { name: string; id: number }[];
  language: { iso: string; spoken: string; country: string; countryName: string };
  /** Generating model: rating = 3.5 + userBias + bias + user·factors + noise. */
  bias: number;
  factors: number[];
  /** In links_small.csv, i.e. rateable in ratings_small.csv. */
  inLinksSmall: boolean;
  kind: 'catalog' | 'split';
}

export interface DemoUser {
  userId: number;
  bias: number;
  factors: number[];
  likedGenres: string[];
  dislikedGenres: string[];
  wholeStarsOnly: boolean;
}

export interface DemoRating {
  userId: number;
  movieId: number;
  rating: number;
  timestamp: number;
}

/** A MovieLens-only movie: in links with an empty tmdbId, so its ratings cannot be mapped to metadata. */
export interface DemoUnlinkedMovie {
  movieLensId: number;
  imdbId: string;
  inLinksSmall: boolean;
  bias: number;
  factors: number[];
  popularity: number;
}

export interface DemoDirt {
  /** id cells of the 3 shifted rows (dates, like '1997-08-20' in the real file). */
  malformedIdCells: string[];
  /** Valid ids whose row is cut after `overview` (the first half of each shifted row): title and later columns empty. */
  truncatedIds: number[];
  /** Ids with two metadata rows differing only in popularity (keywords and credits rows also repeat). */
  duplicatedIds: number[];
  unparseableGenresIds: number[];
  emptyGenresIds: number[];
  emptyReleaseDateIds: number[];
  emptyOverviewIds: number[];
  overviewWithLineBreakIds: number[];
  emptyKeywordsIds: number[];
  emptyCastIds: number[];
  emptyCrewIds: number[];
  orphanKeywordIds: number[];
  orphanCreditIds: number[];
  /** MovieLens ids in links*.csv with an empty tmdbId. */
  linksWithoutTmdbIdMovieIds: number[];
  /** MovieLens ids in ratings_small.csv that no links file lists. */
  unknownRatingMovieIds: number[];
}

export interface DemoCatalog {
  seed: number;
  movies: DemoMovie[];
  unlinkedMovies: DemoUnlinkedMovie[];
  users: DemoUser[];
  ratings: DemoRating[];
  dirt: DemoDirt;
  /** Rows as written, in file order (dirt included). */
  metadataRows: string[][];
  keywordRows: string[][];
  creditRows: string[][];
  linkRows: string[][];
  linkSmallRows: string[][];
}

export interface DemoDataSummary {
  outDir: string;
  seed: number;
  files: Record<DemoFileName, { path: string; rows: number; bytes: number }>;
  /** Distinct complete catalog movies (= options.movies). */
  movies: number;
  users: number;
  /** Rows of ratings_small.csv, dirt included. */
  ratings: number;
  /** Rows whose id column holds a date (content shifted 9 columns left). */
  malformedMetadataRows: number;
  /** First halves of the shifted rows: valid id and original_title, everything from popularity on empty (title too). */
  truncatedMetadataRows: number;
  /** Distinct ids that appear in more than one metadata row. */
  duplicatedIds: number;
  /** Extra metadata rows caused by duplicated ids. */
  duplicateMetadataRows: number;
  // The empty/unparseable counts below are over the `movies` complete movies (one row per id, dirt rows excluded):
  // e.g. the truncated halves also lack release_date but are counted only in truncatedMetadataRows.
  unparseableGenresRows: number;
  /** genres '[]'. */
  emptyGenresRows: number;
  emptyReleaseDateRows: number;
  emptyOverviewRows: number;
  /** keywords.csv rows with '[]'. */
  emptyKeywordsRows: number;
  /** credits.csv rows of metadata movies with cast '[]' (the orphan credit rows have cast but crew '[]'). */
  emptyCastRows: number;
  /** credits.csv rows of metadata movies with crew '[]' (no director). */
  emptyCrewRows: number;
  duplicateKeywordRows: number;
  duplicateCreditRows: number;
  orphanKeywordRows: number;
  orphanCreditRows: number;
  linksWithoutTmdbId: number;
  linksSmallWithoutTmdbId: number;
  /** Ratings whose movieId is in no links file. */
  ratingsForUnknownMovieIds: number;
  /** Ratings whose movieId is linked but has an empty tmdbId. */
  ratingsForMoviesWithoutTmdbId: number;
  /** Ratings that map to a metadata movie through links_small.csv. */
  mappableRatings: number;
  dirt: DemoDirt;
  elapsedMs: number;
}
