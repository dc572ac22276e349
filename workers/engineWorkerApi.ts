// The engine worker's API, shared by the production entry (engine.worker.ts) and the test entry (engine.test-worker.ts):
// one Engine behind Comlink, every failure mapped once to an EngineErrorPayload. Loading, backends and errors live in
// src/engine/shards, src/engine/backends and src/bridge/engineErrors.ts; this file only wires them to the calls.
import type { EngineStatus, EngineWorkerApi, LoadProgress } from '../src/bridge/engineApi';
import { EngineError, toEngineErrorPayload } from '../src/bridge/engineErrors';
import { BackendSelector } from '../src/engine/backends/select';
import { Engine, MIN_RATINGS_FOR_VECTOR } from '../src/engine/engine';
import { httpShardFetcher } from '../src/engine/shards/fetchBrowser';
import { ShardError } from '../src/engine/shards/format';
import { evictShards, refetchShards } from '../src/bridge/shardCache';

/** What the test entry needs beyond the API: the loaded engine and the backend selector. */
export interface EngineWorkerContext {
  requireEngine(): Engine;
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
  let engine: Engine | null = null;
  let readyMs = 0;

  function requireEngine(): Engine {
    if (!engine) throw new EngineError('not-loaded', 'The movie data is not loaded yet.');
    return engine;
  }

  function status(): EngineStatus {
    const e = requireEngine();
    const m = e.manifest;
    return {
      ready: true,
      dataset: { name: m.dataset.name, kind: m.dataset.kind, inputChecksum: m.dataset.inputChecksum },
      modelVersion: m.modelVersion,
      counts: { movies: m.counts.movies, vocabulary: m.counts.vocabulary, ratedMovies: m.counts.ratedMovies },
      backend: { active: e.recommender.backend.name, timingsMs: backends.timings },
      readyMs,
      minRatingsForVector: MIN_RATINGS_FOR_VECTOR,
    };
  }

  const api: EngineWorkerApi = {
    load: guarded(async (baseUrl: string, onProgress?: (p: LoadProgress) => void, refetch?: string[]) => {
      if (refetch && refetch.length > 0) await refetchShards(baseUrl, refetch);
      let loaded: Engine;
      try {
        loaded = await Engine.load(httpShardFetcher(baseUrl), onProgress);
      } catch (error) {
        // A file that failed its check (HTML for a shard, a truncated copy) must not be served again from a cache:
        // evict it, and the manifest it was checked against, so Retry or a reload goes to the network.
        if (error instanceof ShardError) await evictShards(baseUrl, [...new Set([error.file, 'manifest.json'])]);
        throw error;
      }
      engine = loaded;
      readyMs = performance.now() - startedAt;
      setTimeout(() => void loaded.titles, 0);
      // Ready now on typed arrays; the backend race runs after, so start-up never waits for tfjs.
      void backends.choose(loaded).catch(() => {});
      return status();
    }),
    status: guarded(async () => status()),
    search: guarded(async (query: string, limit = 20, channel = 'default') => {
      const sequence = ++searchSequence;
      latestSearch.set(channel, sequence);
      // Yield once so keystrokes already queued behind this one can supersede it.
      await new Promise((resolve) => setTimeout(resolve, 0));
      if (latestSearch.get(channel) !== sequence) throw new EngineError('cancelled', 'Superseded by a newer search.');
      const e = requireEngine();
      const hits = e.search(query, limit);
      // After the reply, in the person's time between keystrokes: the work the next keystroke would otherwise wait for.
      setTimeout(() => e.titles.prepareNextKeystroke(), 0);
      return hits;
    }),
    getMovies: guarded(async (ids: number[]) => requireEngine().getMovies(ids)),
    genres: guarded(async () => requireEngine().genres()),
    recommend: guarded(async (movieId, user, options) => requireEngine().recommend(movieId, user, options)),
    forYou: guarded(async (vector, options) => requireEngine().forYou(vector, options)),
    fitUser: guarded(async (ratings) => requireEngine().fitUser(ratings)),
  };
  return { api, context: { requireEngine, backends, status } };
}
