// The engine facade used by the worker, the CLIs and the benchmarks: load verified shards, then search, recommend and fit users.
import type { RowRating } from './models/model';
import { MODELS } from './models/registry';
import { Recommender, type RecommendUser } from './recommender';
import { ITEM_SOURCE, type Dataset, type ShardManifest } from './shards/dataset';
import { loadDataset, type ShardFetcher, type ShardLoadProgress } from './shards/load';
import { TitleSearch } from './titleSearch';
import type { ForYouItem, ForYouOptions, MovieSummary, Recommendation, RecommendOptions, SearchHit, UserRating, UserVector } from './types';

/** A profile gets a personal vector from its first rating (the priors keep a 1-rating fit sensible; docs/kmf.md). */
export const MIN_RATINGS_FOR_VECTOR = 1;

export type { ShardFetcher, ShardLoadProgress };

export class Engine {
  readonly recommender: Recommender;
  private titleSearch: TitleSearch | null = null;

  constructor(readonly data: Dataset) {
    this.recommender = new Recommender(data);
  }

  /** Built on first use (the worker warms it right after ready), so start-up does not wait for folding 45k titles. */
  get titles(): TitleSearch {
    this.titleSearch ??= new TitleSearch(this.data.catalog.titles, this.data.catalog.voteCount);
    return this.titleSearch;
  }

  get manifest(): ShardManifest {
    return this.data.manifest;
  }

  /** Fetch manifest.json and every shard through `fetchFile` (fetchBrowser.ts or fetchNode.ts), verify sizes, SHA-256 and versions, and build the engine. */
  static async load(fetchFile: ShardFetcher, onProgress?: (p: ShardLoadProgress) => void): Promise<Engine> {
    return new Engine(await loadDataset(fetchFile, onProgress));
  }

  rowOf(movieId: number): number | undefined {
    return this.recommender.rowOfId.get(movieId);
  }

  search(query: string, limit = 20): SearchHit[] {
    return this.titles.search(query, limit).map((hit) => ({ movie: this.recommender.summary(hit.row), score: hit.quality }));
  }

  getMovies(ids: number[]): MovieSummary[] {
    const out: MovieSummary[] = [];
    for (const id of ids) {
      const row = this.rowOf(id);
      if (row !== undefined) out.push(this.recommender.summary(row));
    }
    return out;
  }

  genres(): string[] {
    return [...this.data.catalog.genreNames];
  }

  recommend(movieId: number, user: RecommendUser, options?: RecommendOptions): Promise<Recommendation[]> {
    return this.recommender.recommend(movieId, user, options);
  }

  forYou(vector: UserVector, options?: ForYouOptions): Promise<ForYouItem[]> {
    return this.recommender.forYou(vector, options);
  }

  /**
   * Online update (Rendle & Schmidt-Thieme 2008): fit this user's bias and vector on all their ratings with the item side fixed.
   * Ratings of movies without a model vector cannot inform the fit and are left out; too few usable ratings give null.
   */
  fitUser(ratings: UserRating[], minRatings = MIN_RATINGS_FOR_VECTOR): UserVector | null {
    const rows: RowRating[] = [];
    for (const r of ratings) {
      if (!(r.rating >= 0 && r.rating <= 5)) throw new RangeError(`rating ${r.rating} for movie ${r.movieId} is outside 0–5`);
      const row = this.rowOf(r.movieId);
      if (row === undefined || this.data.model.itemSource[row] === ITEM_SOURCE.none) continue;
      rows.push({ row, rating: r.rating });
    }
    if (rows.length < minRatings) return null;
    const fit = MODELS.kmf.fitUser(this.data.models.kmf, rows, this.manifest.build);
    if (!fit) return null;
    return { modelVersion: this.manifest.modelVersion, bias: fit.bias, factors: Array.from(fit.factors), ratingCount: rows.length };
  }
}
