// The engine facade used by the worker, the CLIs and the benchmarks: load verified shards, then search, recommend and fit users.
import type { RowRating } from './models/model';
import { MODELS } from './models/registry';
import { Recommender, type RecommendUser } from './recommender';
import { ITEM_SOURCE, type Dataset, type ShardManifest } from './shards/dataset';
import { loadDataset, loadDatasetStaged, type ShardFetcher, type ShardLoadProgress } from './shards/load';
import type { TitleSearch } from './titleSearch';
import { CatalogView } from './catalogView';
import {
  chunkOfRow,
  detailsChunksOf,
  detailsOfRow,
  loadDetailsChunk,
  loadImdbIds,
  loadRuntimes,
  type DetailsChunk,
  type DetailsChunkEntry,
} from './shards/details';
import { Explorer } from './explore';
import { onboardingOrder, orderPage } from './onboarding';
import type { ExploreFilter, ExplorePaging, ExploreResult, ExploreSort, OnboardingOptions, OnboardingPage, PersonHit } from './types';
import { FactorMap, ratedPeople } from './taste';
import type {
  ForYouItem,
  ForYouOptions,
  GroupMemberInput,
  GroupOptions,
  GroupRecommendation,
  MovieDetails,
  MovieSummary,
  Recommendation,
  RecommendOptions,
  SearchHit,
  TasteProfile,
  UserRating,
  UserVector,
} from './types';
import type { PhaseTimes } from './phases';
import { asTmdbId, type CatalogIds, type CatalogRow, type TmdbId } from './ids';

/** A profile gets a personal vector from its first rating (the priors keep a 1-rating fit sensible; docs/kmf.md). */
export const MIN_RATINGS_FOR_VECTOR = 1;
/** Watch together takes up to six profiles (issue 22). */
export const MAX_GROUP_MEMBERS = 6;

export type { ShardFetcher, ShardLoadProgress };

export class Engine {
  readonly recommender: Recommender;
  /** Search, summaries and id checks: the part of the engine that needs the catalog only. */
  readonly view: CatalogView;
  /** Movie-details chunks decoded so far, by chunk index (each fetched on the first page of one of its movies). */
  private detailsChunks = new Map<number, DetailsChunk>();
  /** imdb.bin, decoded on the first history import (loadImdbIds); null before. */
  private imdbIds: Uint32Array | null = null;
  /** runtimes.bin, decoded on the first length mood of Watch together (loadRuntimes); null before. */
  private runtimes: Uint16Array | null = null;

  /** `view`: the catalog stage's CatalogView when the worker loaded in stages (its title index is kept). */
  constructor(
    readonly data: Dataset,
    view?: CatalogView,
  ) {
    this.view = view ?? new CatalogView(data.manifest, data.catalog);
    this.recommender = new Recommender(data, undefined, this.view.ids);
  }

  get titles(): TitleSearch {
    return this.view.titles;
  }

  get manifest(): ShardManifest {
    return this.data.manifest;
  }

  /** Fetch manifest.json and every shard through `fetchFile` (fetchBrowser.ts or fetchNode.ts), verify sizes, SHA-256 and versions, and build the engine. */
  static async load(fetchFile: ShardFetcher, onProgress?: (p: ShardLoadProgress) => void, phases?: PhaseTimes): Promise<Engine> {
    const engine = new Engine(await loadDataset(fetchFile, onProgress, phases));
    phases?.lap('recommender');
    return engine;
  }

  /**
   * The worker's load, in two stages (shards/load.ts): `catalog` answers title search and summaries once catalog.bin and
   * genres.bin are in; `engine` follows with keywords and the models. Both reject with the ShardError of a failed file.
   */
  static loadStaged(
    fetchFile: ShardFetcher,
    onProgress?: (p: ShardLoadProgress) => void,
    phases?: PhaseTimes,
  ): { catalog: Promise<CatalogView>; engine: Promise<Engine> } {
    const staged = loadDatasetStaged(fetchFile, onProgress, phases);
    const catalog = staged.catalog.then(({ manifest, catalog: decoded }) => new CatalogView(manifest, decoded));
    const engine = Promise.all([staged.dataset, catalog]).then(([data, view]) => {
      const loaded = new Engine(data, view);
      phases?.lap('recommender');
      return loaded;
    });
    catalog.catch(() => undefined);
    engine.catch(() => undefined);
    return { catalog, engine };
  }

  /** TMDB id ↔ catalog row: the catalog's one mapper (src/engine/ids.ts). */
  get ids(): CatalogIds {
    return this.view.ids;
  }

  rowOf(movieId: TmdbId): CatalogRow | undefined {
    return this.view.ids.rowOf(movieId);
  }

  search(query: string, limit = 20): SearchHit[] {
    return this.view.search(query, limit);
  }

  getMovies(ids: readonly TmdbId[]): MovieSummary[] {
    return this.view.getMovies(ids);
  }

  private chunkList: DetailsChunkEntry[] | null = null;

  /** The manifest's movie-details chunks in row order (checked to cover the catalog once; a ShardError otherwise). */
  get detailsChunkEntries(): readonly DetailsChunkEntry[] {
    this.chunkList ??= detailsChunksOf(this.manifest, this.data.catalog.ids.length);
    return this.chunkList;
  }

  /** The chunk holding movie `id`'s details; null for an id the catalog does not hold. */
  detailsChunkOf(id: TmdbId): DetailsChunkEntry | null {
    const row = this.rowOf(id);
    return row === undefined ? null : chunkOfRow(this.detailsChunkEntries, row);
  }

  detailsChunkLoaded(index: number): boolean {
    return this.detailsChunks.has(index);
  }

  /** Whether movieDetails(id) can answer now (its chunk is decoded, or the id is not in the catalog). */
  hasDetailsFor(id: TmdbId): boolean {
    const chunk = this.detailsChunkOf(id);
    return chunk === null || this.detailsChunks.has(chunk.index);
  }

  /** Fetch, verify (manifest size + SHA-256, the chunk's own rows and dataset) and decode one chunk; a no-op once decoded. */
  async loadDetailsChunk(entry: DetailsChunkEntry, fetchFile: ShardFetcher, onProgress?: (p: ShardLoadProgress) => void): Promise<void> {
    if (this.detailsChunks.has(entry.index)) return;
    this.detailsChunks.set(entry.index, await loadDetailsChunk(this.manifest, entry, this.data.catalog.ids.length, fetchFile, onProgress));
  }

  /** Loads the one chunk movie `id`'s page needs (nothing for an id the catalog does not hold). */
  async loadDetailsFor(id: TmdbId, fetchFile: ShardFetcher, onProgress?: (p: ShardLoadProgress) => void): Promise<void> {
    const entry = this.detailsChunkOf(id);
    if (entry) await this.loadDetailsChunk(entry, fetchFile, onProgress);
  }

  /** The movie page's data; null for an id the catalog does not hold. Needs loadDetailsFor(id) first. */
  movieDetails(id: TmdbId): MovieDetails | null {
    const row = this.rowOf(id);
    if (row === undefined) return null;
    const chunk = this.detailsChunks.get(chunkOfRow(this.detailsChunkEntries, row).index);
    if (!chunk) throw new Error(`Movie details of ${id} are not loaded yet (Engine.loadDetailsFor).`);
    const originalTitle = this.data.catalog.originalTitles[row] || null;
    return { movie: this.recommender.summary(row), originalTitle, ...detailsOfRow(chunk, row) };
  }

  get imdbIdsLoaded(): boolean {
    return this.imdbIds !== null;
  }

  /** imdb.bin's IMDb number per catalog row (0 = unknown; null before loadImdbIds): the history import's matcher reads it. */
  get imdbIdColumn(): Uint32Array | null {
    return this.imdbIds;
  }

  /** Fetch, verify and decode imdb.bin (0.2 MB, not the movie details); a no-op once loaded. */
  async loadImdbIds(fetchFile: ShardFetcher, onProgress?: (p: ShardLoadProgress) => void): Promise<void> {
    this.imdbIds ??= await loadImdbIds(this.manifest, this.data.catalog.ids.length, fetchFile, onProgress);
  }

  get runtimesLoaded(): boolean {
    return this.runtimes !== null;
  }

  /** Fetch, verify and decode runtimes.bin (2 bytes a movie, for the length mood); a no-op once loaded. */
  async loadRuntimes(fetchFile: ShardFetcher, onProgress?: (p: ShardLoadProgress) => void): Promise<void> {
    this.runtimes ??= await loadRuntimes(this.manifest, this.data.catalog.ids.length, fetchFile, onProgress);
  }

  /** The ids the catalog has, as numbers only (an import checks 50,000 ids without cloning 50,000 summaries). */
  knownIds(ids: readonly TmdbId[]): Int32Array {
    return this.view.knownIds(ids);
  }

  /** Each id's place in the catalog sorted by title (CatalogView.titleOrder). */
  titleOrder(ids: readonly TmdbId[]): Uint32Array {
    return this.view.titleOrder(ids);
  }

  genres(): string[] {
    return this.view.genres();
  }

  recommend(movieId: TmdbId, user: RecommendUser, options?: RecommendOptions): Promise<Recommendation[]> {
    return this.recommender.recommend(movieId, user, options);
  }

  forYou(vector: UserVector, options?: ForYouOptions): Promise<ForYouItem[]> {
    return this.recommender.forYou(vector, options);
  }

  private factorMap: FactorMap | null = null;

  /** "Your taste": the directors and actors of the rated movies and the factor map (built on the first call). */
  tasteProfile(ratings: UserRating[]): TasteProfile {
    this.factorMap ??= new FactorMap(this.data.models.kmf, this.data.catalog);
    const rowOf = (id: number) => this.rowOf(asTmdbId(id));
    return { people: ratedPeople(this.data.keywords, rowOf, ratings), map: this.factorMap.forRatings(ratings, rowOf, (row) => this.data.catalog.titles[row]) };
  }

  /**
   * Watch together: one list for 1–6 members (src/engine/group.ts), each member's vector fitted here from their ratings
   * (a member without usable ratings counts with the priors alone). Nothing a member rated or hid is listed. A length
   * mood needs loadRuntimes first.
   */
  groupRecommend(members: GroupMemberInput[], options?: GroupOptions): Promise<GroupRecommendation> {
    if (members.length < 1 || members.length > MAX_GROUP_MEMBERS) throw new RangeError(`A group has 1 to ${MAX_GROUP_MEMBERS} members, got ${members.length}.`);
    return this.recommender.groupRecommend(
      members.map((member) => ({ name: member.name, vector: this.fitUser(member.ratings), ratings: member.ratings, hiddenIds: member.hiddenIds })),
      options,
      this.runtimes,
    );
  }

  /** KMF predicted ★ per id, aligned with `ids`; null for unknown ids and movies without a model vector. */
  predictRatings(vector: UserVector, ids: TmdbId[]): Promise<(number | null)[]> {
    return this.recommender.predictRatings(vector, ids);
  }

  /**
   * Online update (Rendle & Schmidt-Thieme 2008): fit this user's bias and vector on all their ratings with the item side fixed.
   * Ratings of movies without a model vector cannot inform the fit and are left out; too few usable ratings give null.
   */
  fitUser(ratings: UserRating[], minRatings = MIN_RATINGS_FOR_VECTOR): UserVector | null {
    const rows: RowRating[] = [];
    for (const r of ratings) {
      if (!(r.rating >= 0 && r.rating <= 5)) throw new RangeError(`rating ${r.rating} for movie ${r.movieId} is outside 0–5`);
      const row = this.rowOf(asTmdbId(r.movieId));
      if (row === undefined || this.data.models.kmf.itemSource[row] === ITEM_SOURCE.none) continue;
      rows.push({ row, rating: r.rating });
    }
    if (rows.length < minRatings) return null;
    const fit = MODELS.kmf.fitUser(this.data.models.kmf, rows, this.manifest.build);
    if (!fit) return null;
    return { modelVersion: this.manifest.modelVersion, bias: fit.bias, factors: Array.from(fit.factors), ratingCount: rows.length };
  }
  private onboarding: Int32Array | null = null;
  private explorer: Explorer | null = null;

  /** The first-run order of well-known, diverse movies (src/engine/onboarding.ts), computed on the first welcome page. */
  get onboardingOrder(): Int32Array {
    this.onboarding ??= onboardingOrder(this.data);
    return this.onboarding;
  }

  /** One page of the onboarding order without the excluded ids (rated, hidden, skipped). */
  onboardingPage(options: OnboardingOptions = {}): OnboardingPage {
    const page = Math.max(0, Math.floor(options.page ?? 0));
    const size = Math.min(60, Math.max(1, Math.floor(options.size ?? 12)));
    const excluded = new Set<number>();
    for (const id of options.exclude ?? []) {
      const row = this.rowOf(asTmdbId(id));
      if (row !== undefined) excluded.add(row);
    }
    const { rows, hasMore } = orderPage(this.onboardingOrder, excluded, page, size);
    return { movies: rows.map((row) => this.recommender.summary(row)), page, hasMore };
  }

  private get catalogExplorer(): Explorer {
    this.explorer ??= new Explorer(
      this.data,
      (row) => this.recommender.summary(row),
      (id) => this.rowOf(asTmdbId(id)),
    );
    return this.explorer;
  }

  /** Browse by genre, decade and person, sorted by predicted ★ (with a vector), Bayesian TMDB rating, popularity or year. */
  explore(filter: ExploreFilter, sort: ExploreSort, user: { vector: UserVector | null }, paging?: ExplorePaging): ExploreResult {
    return this.catalogExplorer.explore(filter, sort, user, paging);
  }

  /** Directors and actors whose name matches the typed words, best known first. */
  people(query: string, limit = 8): PersonHit[] {
    return this.catalogExplorer.searchPeople(query, limit);
  }
}
