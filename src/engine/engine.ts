// The engine facade used by the worker, the CLIs and the benchmarks: load verified shards, then search, recommend and fit users.
import { onlineUpdateUser, type KmfParams } from './kmf';
import { Recommender, type RecommendUser } from './recommender';
import { ITEM_SOURCE, SHARD_FILES, decodeDataset, type Dataset, type ShardManifest } from './shards/dataset';
import { ShardError } from './shards/format';
import { TitleSearch } from './titleSearch';
import type { ForYouItem, ForYouOptions, MovieSummary, Recommendation, RecommendOptions, SearchHit, UserRating, UserVector } from './types';

/** A profile needs this many ratings before the engine fits a personal vector (the reference design refit every 5). */
export const MIN_RATINGS_FOR_VECTOR = 5;

/** Reads one file below the shard folder; `onBytes` reports download progress; `maxBytes` (from the manifest) bounds the read. */
export type ShardFetcher = (name: string, onBytes?: (loaded: number) => void, maxBytes?: number) => Promise<Uint8Array>;

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

  /** Fetch manifest.json and every shard, verify sizes, SHA-256 and versions, and build the engine. */
  static async load(fetchFile: ShardFetcher, onProgress?: (p: { loadedBytes: number; totalBytes: number; file: string }) => void): Promise<Engine> {
    const manifestBytes = await fetchFile('manifest.json');
    let manifest: ShardManifest;
    try {
      manifest = JSON.parse(new TextDecoder().decode(manifestBytes)) as ShardManifest;
    } catch {
      const looksLikeHtml = /^\s*</.test(new TextDecoder().decode(manifestBytes.subarray(0, 64)));
      throw new ShardError('manifest.json', 'corrupt', looksLikeHtml ? 'the server returned an HTML page instead of the manifest' : 'not valid JSON');
    }
    if (!Array.isArray(manifest?.files)) throw new ShardError('manifest.json', 'corrupt', 'no file list');
    for (const [i, f] of manifest.files.entries()) {
      if (typeof f !== 'object' || f === null || typeof f.name !== 'string' || !Number.isSafeInteger(f.bytes) || f.bytes < 0)
        throw new ShardError('manifest.json', 'corrupt', `file entry ${i} has no valid name and byte count`);
    }
    const totalBytes = manifest.files.reduce((s, f) => s + f.bytes, 0);
    const loadedPerFile = new Map<string, number>();
    const files: Record<string, Uint8Array> = {};
    await Promise.all(
      SHARD_FILES.map(async (name) => {
        const expected = manifest.files.find((f) => f.name === name)?.bytes;
        files[name] = await fetchFile(
          name,
          (loaded) => {
            loadedPerFile.set(name, loaded);
            let loadedBytes = 0;
            for (const v of loadedPerFile.values()) loadedBytes += v;
            onProgress?.({ loadedBytes, totalBytes, file: name });
          },
          expected,
        );
      }),
    );
    return new Engine(await decodeDataset(manifest, files));
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
    const items: number[] = [];
    const values: number[] = [];
    for (const r of ratings) {
      if (!(r.rating >= 0 && r.rating <= 5)) throw new RangeError(`rating ${r.rating} for movie ${r.movieId} is outside 0–5`);
      const row = this.rowOf(r.movieId);
      if (row === undefined || this.data.model.itemSource[row] === ITEM_SOURCE.none) continue;
      items.push(row);
      values.push(r.rating);
    }
    if (items.length < minRatings) return null;
    // The user side is regularised exactly as in training, so a refit user matches the trained ones.
    const trained = (this.manifest.build.kmf ?? {}) as Partial<KmfParams>;
    const fit = onlineUpdateUser(this.data.model, items, values, { regUser: trained.regUser, regBias: trained.regBias, priorUser: trained.priorUser });
    return { modelVersion: this.manifest.modelVersion, bias: fit.bias, factors: Array.from(fit.factors), ratingCount: items.length };
  }
}
