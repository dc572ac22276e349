// The one typed surface between the UI and the engine worker (Comlink-exposed).
import type {
  ComputeBackendName,
  ExploreFilter,
  ExplorePaging,
  ExploreResult,
  ExploreSort,
  ForYouItem,
  GroupMemberInput,
  GroupOptions,
  GroupRecommendation,
  TasteProfile,
  MovieDetails,
  MovieSummary,
  OnboardingOptions,
  OnboardingPage,
  PersonHit,
  Recommendation,
  RecommendOptions,
  SearchHit,
  UserRating,
  UserVector,
} from '../engine/types';

export type { ComputeBackendName };
import type { DescribeResult } from '../engine/describe/service';
export type { DescribeResult };
import type { HistoryAnalysis, HistoryImportProgress, RatingColumns, RatingsFileAnswer } from '../history/wire';
import type { ForYouWireOptions, RatingsWire, RecommendUserWire } from './ratingsWire';

export interface DetailsChunkInfo {
  index: number;
  name: string;
  bytes: number;
  loaded: boolean;
}

export interface LoadProgress {
  loadedBytes: number;
  totalBytes: number;
  /** Shard file currently loading. */
  file: string;
}

export interface EngineStatus {
  ready: boolean;
  dataset: { name: string; kind: 'demo' | 'kaggle'; inputChecksum: string };
  modelVersion: string;
  counts: { movies: number; vocabulary: number; ratedMovies: number };
  backend: { active: ComputeBackendName; timingsMs: Partial<Record<ComputeBackendName, number>> };
  /** ms from worker start to ready: the catalog is in, so search and summaries answer. */
  readyMs: number;
  /**
   * false while keywords and the models are still loading (the second stage; `whenLoaded` resolves when they are in and
   * calls that need them wait for it). Absent from a worker that loads in one stage.
   */
  complete?: boolean;
  /** ms from worker start to the whole engine, once complete. */
  completeMs?: number;
  /** The last load's ms by phase (manifest, fetch, verify, decode…, recommender; script: the worker's start before its code ran). */
  readyPhasesMs?: Record<string, number>;
  /** Minimum number of ratings before a user vector is fitted. */
  minRatingsForVector: number;
}

/** Error kinds that cross the worker boundary (defined once in engineErrors.ts; calls reject with an EngineErrorPayload). */
export type { EngineErrorKind, EngineErrorPayload } from './engineErrors';

export interface EngineWorkerApi {
  /**
   * Fetch and verify the shards below `baseUrl` (the folder holding manifest.json). A file that fails its check is
   * evicted from Cache Storage; `refetch` (Retry after such a failure) names files to evict and download again past
   * every cache first.
   */
  load(baseUrl: string, onProgress?: (p: LoadProgress) => void, refetch?: string[]): Promise<EngineStatus>;
  /** Resolves when the load's second stage (keywords, models) is in; rejects with its error (a ShardError naming the file). */
  whenLoaded(): Promise<EngineStatus>;
  status(): Promise<EngineStatus>;
  /** Title search; a newer call with the same `channel` cancels an older one (rejects with kind 'cancelled'). */
  search(query: string, limit?: number, channel?: string): Promise<SearchHit[]>;
  getMovies(ids: number[]): Promise<MovieSummary[]>;
  genres(): Promise<string[]>;
  /** Each id's place in the catalog's title order (2^32 - 1 when unknown): long lists sort by number, not by title. */
  titleOrder(ids: number[]): Promise<Uint32Array>;
  /** The subset of `ids` in the catalog. */
  knownIds(ids: number[]): Promise<Int32Array>;
  /** Parses and validates the app's own JSON/CSV ratings file here, off the page's main thread (src/history/formats/cinelocal.ts). */
  parseRatingsFile(fileName: string, text: string, now: number): Promise<RatingsFileAnswer>;
  /** Two-stage recommendations like `movieId` for a user (null vector: item neighbours, keywords and priors only). */
  recommend(movieId: number, user: RecommendUserWire, options?: RecommendOptions): Promise<Recommendation[]>;
  /** Personal top picks over the whole catalog. */
  forYou(vector: UserVector, options?: ForYouWireOptions): Promise<ForYouItem[]>;
  /** KMF predicted ★ of each id for this user, aligned with `ids` (null: not in the catalog or no model vector). */
  predictRatings(vector: UserVector, ids: number[]): Promise<(number | null)[]>;
  /** Watch together: one list for 1–6 profiles (src/engine/group.ts), each pick with every member's predicted ★ and why. */
  groupRecommend(members: GroupMemberInput[], options?: GroupOptions): Promise<GroupRecommendation>;
  /** "Your taste": directors and actors of the rated movies, and the KMF factor map with the rated movies on it. */
  tasteProfile(ratings: UserRating[]): Promise<TasteProfile>;
  /** Fit the user's vector and bias from all their ratings with item vectors fixed (online update). */
  fitUser(ratings: RatingsWire): Promise<UserVector | null>;
  /**
   * The movie page's data (null: not in the catalog). Fetches the one movie-details chunk holding the movie, if not
   * loaded yet (not part of start-up), and checks it against the manifest, reporting its download on `onProgress`; a copy
   * that fails its check is evicted from Cache Storage and fetched once more past every cache before the failure is reported.
   */
  getMovieDetails(id: number, onProgress?: (p: LoadProgress) => void): Promise<MovieDetails | null>;
  /** The manifest's movie-details chunks in row order (`loaded`: decoded in the worker already). */
  detailsChunks(): Promise<DetailsChunkInfo[]>;
  /**
   * "Available offline": downloads chunk `index` (through the service worker, which keeps it) and checks its size and
   * SHA-256 against the manifest, with the movie page's evict-and-refetch on a bad copy; a no-op for a decoded chunk.
   */
  prefetchDetailsChunk(index: number, onProgress?: (p: LoadProgress) => void): Promise<void>;
  /**
   * Issue 19, describe search: films matching a remembered description, each with why. The first call fetches
   * describe.bin (like details.bin: checked against the manifest, cached on first use); a newer call on the same
   * `channel` cancels an older one (kind 'cancelled'). Queries are capped (MAX_DESCRIBE_CHARS), so any input is bounded.
   */
  describe(query: string, limit?: number, channel?: string, onProgress?: (p: LoadProgress) => void): Promise<DescribeResult[]>;
  /** A page of the first-run onboarding: well-known, diverse movies to rate (excluded ids left out). */
  onboardingMovies(options: OnboardingOptions): Promise<OnboardingPage>;
  /** Browse by genre, decade and person, sorted by predicted ★ (with a vector), Bayesian TMDB rating, popularity or year. */
  explore(filter: ExploreFilter, sort: ExploreSort, user: { vector: UserVector | null }, paging?: ExplorePaging): Promise<ExploreResult>;
  /** Directors and actors matching typed words (typeahead), best known first. */
  people(query: string, limit?: number): Promise<PersonHit[]>;
  /**
   * Issue 13, "Bring your history": recognise the picked files (ZIPs expanded), read them and match every row to the
   * catalog (ids, then title and year; src/history). The match index is built once per loaded engine; imdb.bin (IMDb ids)
   * is fetched first when not loaded yet. Send the bytes with Comlink.transfer.
   */
  analyseHistoryImport(files: { name: string; bytes: Uint8Array }[], onProgress?: (p: HistoryImportProgress) => void): Promise<HistoryAnalysis>;
  /** The ratings as Letterboxd's import CSV: tmdbID,imdbID,Title,Year,Rating,WatchedDate (titles and IMDb ids from the catalog). */
  letterboxdCsv(ratings: RatingColumns): Promise<string>;
}

/** How long the bridge waits for a method: quick lookups, compute, a history import (4× compute), or a load's idle time. */
export type EngineCallTimeout = 'quick' | 'compute' | 'import' | 'loadIdle';

/** Index of the `(p: LoadProgress | HistoryImportProgress) => void` parameter of a method, if it has one. */
type ProgressArgOf<F> = F extends (...args: infer A) => unknown
  ? {
      [I in keyof A]: I extends `${infer N extends number}` ? ([Exclude<A[I], undefined>] extends [(p: never) => unknown] ? N : never) : never;
    }[number]
  : never;

/** One row of the worker contract: the method's timeout and, when it reports progress, which argument carries it. */
export interface EngineMethodContract<F> {
  timeout: EngineCallTimeout;
  /** Progress on this argument re-arms the timeout (a slow download is not a hang); the bridge passes it as a Comlink proxy. */
  progressArg?: ProgressArgOf<F>;
  /** 'catalog': answered once load() resolves (the catalog is in); any other method also waits for whenLoaded. */
  stage?: 'catalog';
}

/**
 * The worker contract in one table: every EngineWorkerApi method, with its timeout and progress argument. The bridge
 * derives its methods from it, and `satisfies` makes a method missing here (or a name not in the API) fail tsc.
 */
export const ENGINE_METHODS = {
  load: { timeout: 'loadIdle', progressArg: 1 },
  whenLoaded: { timeout: 'loadIdle', stage: 'catalog' },
  status: { timeout: 'quick', stage: 'catalog' },
  search: { timeout: 'quick', stage: 'catalog' },
  getMovies: { timeout: 'quick', stage: 'catalog' },
  genres: { timeout: 'quick', stage: 'catalog' },
  titleOrder: { timeout: 'quick', stage: 'catalog' },
  knownIds: { timeout: 'quick', stage: 'catalog' },
  parseRatingsFile: { timeout: 'quick', stage: 'catalog' },
  onboardingMovies: { timeout: 'quick' },
  explore: { timeout: 'quick' },
  people: { timeout: 'quick' },
  detailsChunks: { timeout: 'quick' },
  recommend: { timeout: 'compute' },
  forYou: { timeout: 'compute' },
  predictRatings: { timeout: 'compute' },
  groupRecommend: { timeout: 'compute' },
  tasteProfile: { timeout: 'compute' },
  fitUser: { timeout: 'compute' },
  getMovieDetails: { timeout: 'compute', progressArg: 1 },
  prefetchDetailsChunk: { timeout: 'compute', progressArg: 1 },
  describe: { timeout: 'compute', progressArg: 3 },
  letterboxdCsv: { timeout: 'compute' },
  analyseHistoryImport: { timeout: 'import', progressArg: 1 },
} as const satisfies { [K in keyof EngineWorkerApi]: EngineMethodContract<EngineWorkerApi[K]> };

export type EngineMethod = keyof typeof ENGINE_METHODS;
