/// <reference lib="webworker" />
// Thin Comlink adapter: fetches shards with progress, owns one Engine, measures compute backends, maps errors to kinds.
import * as Comlink from 'comlink';
import type { EngineStatus, EngineWorkerApi, LoadProgress } from '../src/bridge/engineApi';
import { engineError } from '../src/bridge/engineErrors';
import { timeBackend, type BackendTiming } from '../src/engine/backends/measure';
import { Engine, MIN_RATINGS_FOR_VECTOR } from '../src/engine/engine';
import { genreCandidates } from '../src/engine/genreIndex';
import { TypedArrayScoring, type ScoringBackend } from '../src/engine/scoring';
import { ShardError } from '../src/engine/shards/format';
import type { ComputeBackendName, UserVector } from '../src/engine/types';
import type { EngineBenchResult } from '../src/bench/workload';

const startedAt = performance.now();
let engine: Engine | null = null;
let readyMs = 0;
let backendTimings: Partial<Record<ComputeBackendName, number>> = {};
const latestSearch = new Map<string, number>();
/** tfjs has one global backend: measuring and switching must never interleave. */
let backendQueue: Promise<unknown> = Promise.resolve();
function withBackendLock<T>(fn: () => Promise<T>): Promise<T> {
  const run = backendQueue.then(fn, fn);
  backendQueue = run.catch(() => {});
  return run;
}
let searchSequence = 0;

function requireEngine(): Engine {
  if (!engine) throw engineError('not-loaded', 'The movie data is not loaded yet.');
  return engine;
}

function toEngineError(error: unknown): Error {
  if (error instanceof ShardError) {
    const kind = error.kind === 'version' ? 'shard-version' : error.kind === 'missing' ? 'shard-missing' : 'shard-corrupt';
    return engineError(kind, error.message);
  }
  if (error instanceof Error && error.name.startsWith('EngineError:')) return error;
  if (error instanceof RangeError) return engineError('bad-input', error.message);
  return engineError('internal', error instanceof Error ? error.message : String(error));
}

/** Wrap an API method so every failure reaches the caller as a typed, readable error. */
function guarded<A extends unknown[], R>(fn: (...args: A) => R | Promise<R>): (...args: A) => Promise<R> {
  return async (...args: A) => {
    try {
      return await fn(...args);
    } catch (error) {
      throw toEngineError(error);
    }
  };
}

async function fetchShard(baseUrl: string, name: string, onBytes?: (loaded: number) => void, maxBytes?: number): Promise<Uint8Array> {
  const url = new URL(name, baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`);
  let response: Response;
  try {
    response = await fetch(url);
  } catch (error) {
    throw new ShardError(name, 'missing', `network error (${(error as Error).message}); check the connection and retry`);
  }
  if (!response.ok) throw new ShardError(name, 'missing', `the server answered ${response.status} ${response.statusText}`);
  if (!response.body) return new Uint8Array(await response.arrayBuffer());
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let loaded = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    loaded += value.length;
    // A misconfigured host serving something huge must not fill the tab's memory: stop at the manifest's size.
    if (maxBytes !== undefined && loaded > maxBytes) {
      await reader.cancel();
      throw new ShardError(name, 'corrupt', `the server sent more than the ${maxBytes} bytes the manifest lists`);
    }
    onBytes?.(loaded);
  }
  const out = new Uint8Array(loaded);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

const BACKEND_CACHE = 'cinelocal-compute-backend';

/** The remembered choice for these shards, if any (Cache Storage is available in workers, localStorage is not). */
async function rememberedBackend(modelVersion: string): Promise<{ active: ComputeBackendName; timings: Partial<Record<ComputeBackendName, number>> } | null> {
  try {
    const cache = await caches.open(BACKEND_CACHE);
    const hit = await cache.match(`/backend/${modelVersion}`);
    return hit ? await hit.json() : null;
  } catch {
    return null;
  }
}

async function remember(modelVersion: string, value: { active: ComputeBackendName; timings: Partial<Record<ComputeBackendName, number>> }): Promise<void> {
  try {
    const cache = await caches.open(BACKEND_CACHE);
    await cache.put(`/backend/${modelVersion}`, new Response(JSON.stringify(value), { headers: { 'content-type': 'application/json' } }));
  } catch {
    // Not remembering only costs a re-measurement next start.
  }
}

/** tfjs is loaded lazily here, never in the page: it is only needed if it beats typed arrays. */
async function tfjsBackend(name: Exclude<ComputeBackendName, 'typed-array'>, e: Engine): Promise<ScoringBackend | null> {
  const tf = await import('@tensorflow/tfjs');
  const { TfjsScoring, TFJS_BACKENDS } = await import('../src/engine/backends/tfjsScoring');
  if (name === 'tfjs-webgpu') await import('@tensorflow/tfjs-backend-webgpu');
  if (name === 'tfjs-wasm') {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    // Vite emits the .wasm binaries as hashed assets; tell tfjs where they went.
    const [plain, simd, threaded] = await Promise.all([
      import('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url'),
      import('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url'),
      import('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url'),
    ]);
    wasm.setWasmPaths({ 'tfjs-backend-wasm.wasm': plain.default, 'tfjs-backend-wasm-simd.wasm': simd.default, 'tfjs-backend-wasm-threaded-simd.wasm': threaded.default });
  }
  try {
    if (!(await tf.setBackend(TFJS_BACKENDS[name]))) return null;
    await tf.ready();
    const m = e.data.model;
    return new TfjsScoring(tf, name, m.itemFactors, m.itemBias, m.factors);
  } catch {
    return null;
  }
}

const BACKEND_TRIAL_MS = 30_000;

/** A backend that hangs (a software GPU adapter can) is skipped, not waited for. */
function withinTrial<T>(work: Promise<T>): Promise<T | null> {
  return Promise.race([work, new Promise<null>((resolve) => setTimeout(() => resolve(null), BACKEND_TRIAL_MS))]);
}

/** Measure every available backend on the real workload and switch to the fastest that agrees with typed arrays. */
async function chooseBackend(e: Engine, only?: ComputeBackendName[]): Promise<void> {
  const version = e.manifest.modelVersion;
  const remembered = only ? null : await rememberedBackend(version);
  if (remembered) {
    backendTimings = remembered.timings;
    if (remembered.active !== 'typed-array') {
      const backend = await tfjsBackend(remembered.active, e);
      if (backend) e.recommender.useBackend(backend);
    }
    return;
  }
  const m = e.data.model;
  const reference = new TypedArrayScoring(m.itemFactors, m.itemBias, m.factors);
  // Real workload: users shaped like fitted ones (item vectors of popular movies as stand-ins), 2,000 genre candidates.
  const popular = e.recommender.genreIndex.byPopularity;
  const users = [0, 1, 2, 3].map((i) => Float32Array.from(m.itemFactors.subarray(popular[i] * m.factors, (popular[i] + 1) * m.factors)));
  const candidates = Int32Array.from(genreCandidates(e.recommender.genreIndex, popular[0], 2000));
  const results: BackendTiming[] = [await timeBackend(reference, reference, users, candidates)];
  const names: Exclude<ComputeBackendName, 'typed-array'>[] = ['tfjs-webgpu', 'tfjs-webgl', 'tfjs-wasm', 'tfjs-cpu'];
  for (const name of names.filter((n) => !only || only.includes(n))) {
    const backend = await withinTrial(tfjsBackend(name, e));
    if (!backend) continue;
    try {
      const timing = await withinTrial(timeBackend(backend, reference, users, candidates));
      if (timing) results.push(timing);
    } catch {
      // A backend that fails on the workload is simply not chosen.
    } finally {
      backend.dispose();
    }
  }
  backendTimings = Object.fromEntries(results.map((r) => [r.name, Math.round(r.medianMs * 1000) / 1000]));
  const best = results.filter((r) => r.agrees).sort((a, b) => a.medianMs - b.medianMs)[0];
  if (best.name !== 'typed-array') {
    const backend = await tfjsBackend(best.name, e);
    if (backend) e.recommender.useBackend(backend);
  }
  await remember(version, { active: e.recommender.backend.name, timings: backendTimings });
}

function status(): EngineStatus {
  const e = requireEngine();
  const m = e.manifest;
  return {
    ready: true,
    dataset: { name: m.dataset.name, kind: m.dataset.kind, inputChecksum: m.dataset.inputChecksum },
    modelVersion: m.modelVersion,
    counts: { movies: m.counts.movies, vocabulary: m.counts.vocabulary, ratedMovies: m.counts.ratedMovies },
    backend: { active: e.recommender.backend.name, timingsMs: backendTimings },
    readyMs,
    minRatingsForVector: MIN_RATINGS_FOR_VECTOR,
  };
}

/** Extra, non-UI hooks used by tests and the browser benchmark. */
export interface EngineWorkerTestApi extends EngineWorkerApi {
  measureBackends(only?: ComputeBackendName[]): Promise<EngineStatus>;
  useBackend(name: ComputeBackendName): Promise<EngineStatus>;
  scoreForTest(vector: UserVector): Promise<number[]>;
  tensorCount(): Promise<number>;
  crashForTest(mode: 'throw' | 'hang'): Promise<void>;
  /** User vectors fitted to synthetic raters, for comparing backends on the same input. */
  testVectors(count: number): Promise<UserVector[]>;
  /** `count` recommend + forYou queries on the active backend (tensor-leak checks). */
  queryLoop(count: number): Promise<void>;
  /** The shared benchmark workload, run inside the worker. */
  benchmark(): Promise<EngineBenchResult>;
}

const api: EngineWorkerTestApi = {
  load: guarded(async (baseUrl: string, onProgress?: (p: LoadProgress) => void) => {
    engine = await Engine.load((name, onBytes, maxBytes) => fetchShard(baseUrl, name, onBytes, maxBytes), onProgress);
    readyMs = performance.now() - startedAt;
    const warm = engine;
    setTimeout(() => void warm.titles, 0);
    // Ready now on typed arrays; the backend race runs after, so start-up never waits for tfjs.
    const loaded = engine;
    void withBackendLock(() => chooseBackend(loaded)).catch(() => {});
    return status();
  }),
  status: guarded(async () => status()),
  search: guarded(async (query: string, limit = 20, channel = 'default') => {
    const sequence = ++searchSequence;
    latestSearch.set(channel, sequence);
    // Yield once so keystrokes already queued behind this one can supersede it.
    await new Promise((resolve) => setTimeout(resolve, 0));
    if (latestSearch.get(channel) !== sequence) throw engineError('cancelled', 'Superseded by a newer search.');
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
  measureBackends: guarded(async (only?: ComputeBackendName[]) => {
    const e = requireEngine();
    await withBackendLock(() => chooseBackend(e, only));
    return status();
  }),
  useBackend: guarded(async (name: ComputeBackendName) => {
    const e = requireEngine();
    const m = e.data.model;
    await withBackendLock(async () => {
      const backend = name === 'typed-array' ? new TypedArrayScoring(m.itemFactors, m.itemBias, m.factors) : await tfjsBackend(name, e);
      if (!backend) throw engineError('bad-input', `Compute backend ${name} is not available on this device.`);
      e.recommender.useBackend(backend);
    });
    return status();
  }),
  scoreForTest: guarded(async (vector: UserVector) => {
    const e = requireEngine();
    return Array.from(await e.recommender.backend.score(Float32Array.from(vector.factors), null, 0));
  }),
  tensorCount: guarded(async () => {
    const tf = await import('@tensorflow/tfjs');
    return tf.memory().numTensors;
  }),
  testVectors: guarded(async (count: number) => {
    const e = requireEngine();
    const { syntheticRatings } = await import('../src/bench/workload');
    return Array.from({ length: count }, (_, i) => e.fitUser(syntheticRatings(e, 60, 100 + i))!);
  }),
  queryLoop: guarded(async (count: number) => {
    const e = requireEngine();
    const { syntheticRatings } = await import('../src/bench/workload');
    const vector = e.fitUser(syntheticRatings(e, 60, 1))!;
    const seeds = e.recommender.genreIndex.byPopularity;
    for (let i = 0; i < count; i++) {
      if (i % 2 === 0) await e.recommend(e.data.catalog.ids[seeds[i % 500]], { vector, ratedIds: [] });
      else await e.forYou(vector, { k: 10 });
    }
  }),
  benchmark: guarded(async () => {
    const { runEngineBench } = await import('../src/bench/workload');
    return runEngineBench(requireEngine());
  }),
  crashForTest: async (mode: 'throw' | 'hang') => {
    if (mode === 'hang') for (;;) {
      /* busy loop: the bridge must detect the hang and restart the worker */
    }
    setTimeout(() => {
      throw new Error('Injected worker crash');
    });
  },
};

Comlink.expose(api);
