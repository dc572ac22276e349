// The engine worker's API, shared by the production entry (engine.worker.ts) and the test entry (engine.test-worker.ts):
// one Engine behind Comlink, every failure mapped once to an EngineErrorPayload. Loading, backends and errors live in
// src/engine/shards, src/engine/kmfBackends, ./shardCache.ts and src/bridge/engineErrors.ts; this file only wires them to the calls.
import * as Comlink from 'comlink';
import { PhaseTimes } from '../src/engine/phases';
import { ImportFileError } from '../src/history/errors';
import { analysisBuffers, packedBuffers, packParsedImport, type HistoryImportProgress } from '../src/history/wire';
import { parseRatingsImport } from '../src/history/formats/cinelocal';
import type { EngineStatus, EngineWorkerApi, LoadProgress } from '../src/bridge/engineApi';
import { EngineError, toEngineErrorPayload } from '../src/bridge/engineErrors';
import { forYouOptionsFromWire, recommendUserFromWire, unpackRatings } from '../src/bridge/ratingsWire';
import { BackendSelector } from '../src/engine/kmfBackends/select';
import { Engine, MIN_RATINGS_FOR_VECTOR } from '../src/engine/engine';
import type { CatalogView } from '../src/engine/catalogView';
// The wire carries plain numbers; the worker is where they become TMDB ids for the engine.
import { asTmdbId, asTmdbIds, type TmdbId } from '../src/engine/ids';
import { httpShardFetcher } from '../src/engine/shards/fetchBrowser';
import { ShardError } from '../src/engine/shards/format';
import { evictShards, refetchShards } from './shardCache';
import { IMDB_FILE, RUNTIMES_FILE, verifyDetailsChunkBytes, type DetailsChunkEntry } from '../src/engine/shards/details';
import { historyImporterFor } from '../src/history/historyImporter';
import { DescribeSearch } from '../src/engine/describe/service';
import { DESCRIBE_FILE } from '../src/engine/describe/shard';

/** Start-up work the first screen does not need starts this long after ready (a cold load shows it within ~1 s). */
export const AFTER_FIRST_SCREEN_MS = 1_500;

/** What the test entry needs beyond the API: the loaded engine and the backend selector. */
export interface EngineWorkerContext {
  /** The whole engine, once keywords and models are in (waits for the load's second stage). */
  loadedEngine(): Promise<Engine>;
  backends: BackendSelector;
  status(): EngineStatus;
}

/** Wrap an API method so every failure reaches the caller as a plain {kind, message, file?} (Comlink clones it whole). */
export function guarded<A extends unknown[], R>(fn: (...args: A) => R | Promise<R>): (...args: A) => Promise<R> {
  return async (...args: A) => {
    try {
      return await fn(...args);
    } catch (error) {
      throw toEngineErrorPayload(error);
    }
  };
}

export function createEngineWorkerApi(): { api: EngineWorkerApi; context: EngineWorkerContext } {
  const startedAt = performance.now();
  const backends = new BackendSelector();
  const latestSearch = new Map<string, number>();
  let searchSequence = 0;
  /** The catalog stage (search, summaries): set when load() resolves. */
  let view: CatalogView | null = null;
  /** The whole engine: set when the second stage is in; `engineLoad` is that stage in flight (or settled). */
  let engine: Engine | null = null;
  let engineLoad: Promise<Engine> | null = null;
  let readyMs = 0;
  let completeMs: number | null = null;
  /** The last load's ms by phase (src/engine/phases.ts); `script` is the worker's own start before this module ran. */
  let phases = new PhaseTimes(startedAt);
  /** Where the loaded shards came from: the details chunks and imdb.bin are fetched from there on first need. */
  let dataBaseUrl = '';
  /** Movie-details chunk downloads in flight by chunk index (one download serves every page waiting for it), and their listeners. */
  const chunkLoads = new Map<number, Promise<void>>();
  const chunkListeners = new Map<number, Set<(p: LoadProgress) => void>>();
  let imdbLoad: Promise<void> | null = null;
  /** Describe search of the loaded engine, made on the first descriptive query (which also fetches describe.bin). */
  let describe: DescribeSearch | null = null;
  let describeLoad: Promise<void> | null = null;
  const describeListeners = new Set<(p: LoadProgress) => void>();

  function requireCatalog(): CatalogView {
    if (!view) throw new EngineError('not-loaded', 'The movie data is not loaded yet.');
    return view;
  }

  /** Calls that need keywords or a model wait here for the load's second stage (and fail with its error). */
  async function loadedEngine(): Promise<Engine> {
    if (engine) return engine;
    if (!engineLoad) throw new EngineError('not-loaded', 'The movie data is not loaded yet.');
    return engineLoad;
  }

  function status(): EngineStatus {
    const m = requireCatalog().manifest;
    return {
      ready: true,
      complete: engine !== null,
      completeMs: completeMs ?? undefined,
      dataset: { name: m.dataset.name, kind: m.dataset.kind, inputChecksum: m.dataset.inputChecksum },
      modelVersion: m.modelVersion,
      counts: { movies: m.counts.movies, vocabulary: m.counts.vocabulary, ratedMovies: m.counts.ratedMovies },
      backend: { active: engine ? engine.recommender.backend.name : 'typed-array', timingsMs: backends.timings },
      readyMs,
      readyPhasesMs: { script: Math.round(startedAt * 10) / 10, ...phases.rounded() },
      minRatingsForVector: MIN_RATINGS_FOR_VECTOR,
    };
  }

  /**
   * A lazy file through the shard fetcher, checked against the manifest. A copy whose bytes fail the check (a runtime-cached
   * copy from an older build, or one served wrong) is evicted from every cache and fetched once more past the caches; a
   * second failure evicts it again and is reported, so Retry on the movie page goes to the network.
   */
  async function withRefetch(baseUrl: string, file: string, load: () => Promise<void>): Promise<void> {
    try {
      await load();
    } catch (error) {
      if (!(error instanceof ShardError) || error.kind === 'missing') throw error;
      await refetchShards(baseUrl, [file]);
      try {
        await load();
      } catch (second) {
        if (second instanceof ShardError) await evictShards(baseUrl, [file]);
        throw second;
      }
    }
  }

  /** The one chunk a movie page needs, decoded and kept; pages waiting for the same chunk share one download. */
  async function loadChunk(e: Engine, entry: DetailsChunkEntry, onProgress?: (p: LoadProgress) => void): Promise<void> {
    const listeners = chunkListeners.get(entry.index) ?? new Set();
    chunkListeners.set(entry.index, listeners);
    if (onProgress) listeners.add(onProgress);
    const report = (p: LoadProgress) => {
      for (const listener of listeners) void Promise.resolve(listener(p)).catch(() => undefined);
    };
    let load = chunkLoads.get(entry.index);
    if (!load) {
      load = withRefetch(dataBaseUrl, entry.name, () => e.loadDetailsChunk(entry, httpShardFetcher(dataBaseUrl), report)).finally(() =>
        chunkLoads.delete(entry.index),
      );
      chunkLoads.set(entry.index, load);
    }
    try {
      await load;
    } finally {
      if (onProgress) listeners.delete(onProgress);
    }
  }

  /**
   * The history import's matcher (src/history/historyImporter.ts): catalog.bin's titles and original titles, plus imdb.bin's
   * IMDb ids (0.2 MB, not the movie details). An imdb.bin that cannot be had leaves the rest to match on, and the warning
   * says so.
   */
  async function historyImporter(
    e: Engine,
    onProgress?: (p: HistoryImportProgress) => void,
  ): Promise<{ importer: ReturnType<typeof historyImporterFor>; warning: string | null }> {
    let warning: string | null = null;
    if (!e.imdbIdsLoaded) {
      const report = (p: LoadProgress) => onProgress?.({ stage: 'details', loadedBytes: p.loadedBytes, totalBytes: p.totalBytes });
      try {
        imdbLoad ??= withRefetch(dataBaseUrl, IMDB_FILE, () => e.loadImdbIds(httpShardFetcher(dataBaseUrl), report)).finally(() => {
          imdbLoad = null;
        });
        await imdbLoad;
      } catch (error) {
        warning = `The IMDb ids could not be loaded (${error instanceof Error ? error.message : String(error)}), so rows were matched on TMDB ids, titles, original titles and years only.`;
      }
    }
    return { importer: historyImporterFor(e, e.data.catalog, e.imdbIdColumn, e.manifest.dataset.kind), warning };
  }

  /** describe.bin like details.bin: a copy failing its check is evicted and fetched once more past the caches. */
  async function loadDescribe(search: DescribeSearch, baseUrl: string): Promise<void> {
    const report = (p: LoadProgress) => {
      for (const listener of describeListeners) void Promise.resolve(listener(p)).catch(() => undefined);
    };
    try {
      await search.load(httpShardFetcher(baseUrl), report);
    } catch (error) {
      if (!(error instanceof ShardError) || error.kind === 'missing') throw error;
      await refetchShards(baseUrl, [DESCRIBE_FILE]);
      try {
        await search.load(httpShardFetcher(baseUrl), report);
      } catch (second) {
        if (second instanceof ShardError) await evictShards(baseUrl, [DESCRIBE_FILE]);
        throw second;
      }
    }
  }

  const api: EngineWorkerApi = {
    load: guarded(async (baseUrl: string, onProgress?: (p: LoadProgress) => void, refetch?: string[]) => {
      if (refetch && refetch.length > 0) await refetchShards(baseUrl, refetch);
      // A file that failed its check (HTML for a shard, a truncated copy) must not be served again from a cache: evict
      // it, and the manifest it was checked against, so Retry or a reload goes to the network.
      const evictFailed = async (error: unknown) => {
        if (error instanceof ShardError) await evictShards(baseUrl, [...new Set([error.file, 'manifest.json'])]);
        throw error;
      };
      phases = new PhaseTimes();
      const staged = Engine.loadStaged(httpShardFetcher(baseUrl), onProgress, phases);
      // Ready once the catalog is in: search answers while keywords and models (three quarters of the bytes) arrive.
      const loadedView = await staged.catalog.catch(evictFailed);
      view = loadedView;
      engine = null;
      completeMs = null;
      dataBaseUrl = baseUrl;
      chunkLoads.clear();
      chunkListeners.clear();
      imdbLoad = null;
      describe = null;
      describeLoad = null;
      readyMs = performance.now() - startedAt;
      const current = staged.engine.then((loaded) => {
        if (view !== loadedView) return loaded;
        engine = loaded;
        completeMs = performance.now() - startedAt;
        // What the first screen does not need (the related index of "like this", the tfjs backend race, which downloads
        // and times tfjs) waits until it is shown, so it does not take the cores from the first render.
        setTimeout(() => {
          if (engine !== loaded) return;
          void loaded.recommender.related;
          // Ready now on typed arrays; the backend race runs after, so start-up never waits for tfjs.
          void backends.choose(loaded).catch(() => {});
        }, AFTER_FIRST_SCREEN_MS);
        return loaded;
      }, evictFailed);
      current.catch(() => undefined);
      engineLoad = current;
      // The title index first: the first screen's search box needs it.
      setTimeout(() => void loadedView.titles, 0);
      return status();
    }),
    whenLoaded: guarded(async () => {
      await loadedEngine();
      return status();
    }),
    status: guarded(async () => status()),
    search: guarded(async (query: string, limit = 20, channel = 'default') => {
      const sequence = ++searchSequence;
      latestSearch.set(channel, sequence);
      // Yield once so keystrokes already queued behind this one can supersede it.
      await new Promise((resolve) => setTimeout(resolve, 0));
      if (latestSearch.get(channel) !== sequence) throw new EngineError('cancelled', 'Superseded by a newer search.');
      const e = requireCatalog();
      const hits = e.search(query, limit);
      // After the reply, in the person's time between keystrokes: the work the next keystroke would otherwise wait for.
      setTimeout(() => e.titles.prepareNextKeystroke(), 0);
      return hits;
    }),
    getMovies: guarded(async (ids: number[]) => requireCatalog().getMovies(asTmdbIds(ids))),
    genres: guarded(async () => requireCatalog().genres()),
    knownIds: guarded(async (ids: number[]) => {
      const known = requireCatalog().knownIds(asTmdbIds(ids));
      return Comlink.transfer(known, [known.buffer]);
    }),
    // Needs no catalog: the file's shape is checked here, its ids against the catalog by the caller.
    parseRatingsFile: guarded(async (fileName: string, text: string, now: number) => {
      try {
        // Rows as columns, moved not cloned: 45,000 row objects were one long task on the page (issue 21 item 5).
        const packed = packParsedImport(parseRatingsImport(fileName, text, now));
        return Comlink.transfer(packed, packedBuffers(packed));
      } catch (error) {
        // A file the app cannot read is an answer, not an engine failure: its message is shown as written.
        if (error instanceof ImportFileError) return { fileError: error.message };
        throw error;
      }
    }),
    titleOrder: guarded(async (ids: number[]) => {
      const order = requireCatalog().titleOrder(asTmdbIds(ids));
      return Comlink.transfer(order, [order.buffer]);
    }),
    recommend: guarded(async (movieId, user, options) => (await loadedEngine()).recommend(asTmdbId(movieId), recommendUserFromWire(user), options)),
    forYou: guarded(async (vector, options) => (await loadedEngine()).forYou(vector, forYouOptionsFromWire(options))),
    fitUser: guarded(async (ratings) => (await loadedEngine()).fitUser(unpackRatings(ratings))),
    getMovieDetails: guarded(async (wireId: number, onProgress?: (p: LoadProgress) => void) => {
      const id = asTmdbId(wireId);
      const e = await loadedEngine();
      const entry = e.detailsChunkOf(id);
      if (entry && !e.hasDetailsFor(id)) await loadChunk(e, entry, onProgress);
      return e.movieDetails(id);
    }),
    detailsChunks: guarded(async () => {
      const e = await loadedEngine();
      return e.detailsChunkEntries.map((c) => ({ index: c.index, name: c.name, bytes: c.bytes, loaded: e.detailsChunkLoaded(c.index) }));
    }),
    prefetchDetailsChunk: guarded(async (index: number, onProgress?: (p: LoadProgress) => void) => {
      const e = await loadedEngine();
      const entry = e.detailsChunkEntries.find((c) => c.index === index);
      if (!entry) throw new EngineError('bad-input', `There is no movie-details chunk ${index}.`);
      if (e.detailsChunkLoaded(index)) return;
      // Size and SHA-256 only: the fetch puts the copy in the service worker's cache, and a chunk matching the manifest's
      // hash is the one build-data wrote and read back; decoding waits for a page that needs it.
      await withRefetch(dataBaseUrl, entry.name, async () => {
        const bytes = await httpShardFetcher(dataBaseUrl)(
          entry.name,
          (loaded) => void Promise.resolve(onProgress?.({ loadedBytes: loaded, totalBytes: entry.bytes, file: entry.name })).catch(() => undefined),
          entry.bytes,
        );
        await verifyDetailsChunkBytes(entry, bytes);
      });
    }),
    describe: guarded(async (query: string, limit = 20, channel = 'describe', onProgress?: (p: LoadProgress) => void) => {
      const sequence = ++searchSequence;
      latestSearch.set(channel, sequence);
      const e = await loadedEngine();
      const search = describe ?? (describe = new DescribeSearch(e));
      if (!search.loaded) {
        if (onProgress) describeListeners.add(onProgress);
        try {
          describeLoad ??= loadDescribe(search, dataBaseUrl).finally(() => {
            describeLoad = null;
          });
          await describeLoad;
        } finally {
          if (onProgress) describeListeners.delete(onProgress);
        }
      }
      // Yield once so a newer query on the same channel (the person kept typing) can supersede this one.
      await new Promise((resolve) => setTimeout(resolve, 0));
      if (latestSearch.get(channel) !== sequence) throw new EngineError('cancelled', 'Superseded by a newer search.');
      return search.search(query, { limit });
    }),
    predictRatings: guarded(async (vector, ids) => (await loadedEngine()).predictRatings(vector, ids as TmdbId[])),
    tasteProfile: guarded(async (ratings) => (await loadedEngine()).tasteProfile(ratings)),
    groupRecommend: guarded(async (members, options) => {
      const e = await loadedEngine();
      // A length mood reads runtimes.bin (fetched once, on the first such list).
      if (options?.length && !e.runtimesLoaded) await withRefetch(dataBaseUrl, RUNTIMES_FILE, () => e.loadRuntimes(httpShardFetcher(dataBaseUrl)));
      // A RangeError (group size, mismatched scores) is the caller's input, not an engine failure.
      try {
        return await e.groupRecommend(members, options);
      } catch (error) {
        throw error instanceof RangeError ? new EngineError('bad-input', error.message) : error;
      }
    }),
    onboardingMovies: guarded(async (options) => (await loadedEngine()).onboardingPage(options)),
    explore: guarded(async (filter, sort, user, paging) => (await loadedEngine()).explore(filter, sort, user, paging)),
    people: guarded(async (query, limit) => (await loadedEngine()).people(query, limit)),
    analyseHistoryImport: guarded(async (files, onProgress) => {
      const report = (p: HistoryImportProgress) => void Promise.resolve(onProgress?.(p)).catch(() => undefined);
      const { importer, warning } = await historyImporter(await loadedEngine(), report);
      const analysis = await importer.analyse(files, (stage) => report({ stage }));
      if (warning) analysis.warnings.push(warning);
      return Comlink.transfer(analysis, analysisBuffers(analysis));
    }),
    letterboxdCsv: guarded(async (ratings) => {
      const { importer } = await historyImporter(await loadedEngine());
      return importer.letterboxdCsv(ratings);
    }),
  };
  return { api, context: { loadedEngine, backends, status } };
}
