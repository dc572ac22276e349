// The one typed surface between the UI and the engine worker (Comlink-exposed).
import type {
  ComputeBackendName,
  ForYouItem,
  ForYouOptions,
  MovieSummary,
  Recommendation,
  RecommendOptions,
  SearchHit,
  UserRating,
  UserVector,
} from '../engine/types';

export type { ComputeBackendName };

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
  /** ms from worker start to ready. */
  readyMs: number;
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
  status(): Promise<EngineStatus>;
  /** Title search; a newer call with the same `channel` cancels an older one (rejects with kind 'cancelled'). */
  search(query: string, limit?: number, channel?: string): Promise<SearchHit[]>;
  getMovies(ids: number[]): Promise<MovieSummary[]>;
  genres(): Promise<string[]>;
  /** Two-stage recommendations like `movieId` for a user (null vector: item neighbours, keywords and priors only). */
  recommend(movieId: number, user: { vector: UserVector | null; ratedIds: number[]; ratings?: UserRating[] }, options?: RecommendOptions): Promise<Recommendation[]>;
  /** Personal top picks over the whole catalog. */
  forYou(vector: UserVector, options?: ForYouOptions): Promise<ForYouItem[]>;
  /** Fit the user's vector and bias from all their ratings with item vectors fixed (online update). */
  fitUser(ratings: UserRating[]): Promise<UserVector | null>;
}
