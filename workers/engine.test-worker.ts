/// <reference lib="webworker" />
// The engine worker for tests and benchmarks: the production API plus the hooks of src/bridge/engineTestApi.ts (backend
// switching, raw scores, tensor counts, the benchmark workload). Only the benchmark page (src/bench/page.ts) starts it.
import * as Comlink from 'comlink';
import { EngineError } from '../src/bridge/engineErrors';
import type { EngineWorkerTestApi } from '../src/bridge/engineTestApi';
import type { ComputeBackendName, UserVector } from '../src/engine/types';
import { createEngineWorkerApi, guarded } from './engineWorkerApi';
import { asCatalogRow } from '../src/engine/ids';
import { DescribeSearch } from '../src/engine/describe/service';
import { httpShardFetcher } from '../src/engine/shards/fetchBrowser';

const { api, context } = createEngineWorkerApi();
const { loadedEngine, backends, status } = context;
// Loaded on first use, so the benchmark's worker start → ready measures what the production entry loads.
const workload = () => import('../src/bench/workload');

const testApi: EngineWorkerTestApi = {
  ...api,
  measureBackends: guarded(async (only?: ComputeBackendName[]) => {
    await backends.choose(await loadedEngine(), only);
    return status();
  }),
  useBackend: guarded(async (name: ComputeBackendName) => {
    const e = await loadedEngine();
    await backends.withLock(async () => {
      const backend = await backends.create(name, e);
      if (!backend) throw new EngineError('bad-input', `Compute backend ${name} is not available on this device.`);
      e.recommender.useBackend(backend);
      backends.pinned = true;
    });
    return status();
  }),
  scoreForTest: guarded(async (vector: UserVector) => {
    const e = await loadedEngine();
    return Array.from(await e.recommender.backend.score(Float32Array.from(vector.factors), null, 0));
  }),
  tensorCount: guarded(async () => {
    const tf = await import('@tensorflow/tfjs');
    return tf.memory().numTensors;
  }),
  testVectors: guarded(async (count: number) => {
    const e = await loadedEngine();
    const { syntheticRatings } = await workload();
    return Array.from({ length: count }, (_, i) => e.fitUser(syntheticRatings(e, 60, 100 + i))!);
  }),
  queryLoop: guarded(async (count: number) => {
    const e = await loadedEngine();
    const { syntheticRatings } = await workload();
    const vector = e.fitUser(syntheticRatings(e, 60, 1))!;
    const seeds = e.recommender.genreIndex.byPopularity;
    for (let i = 0; i < count; i++) {
      if (i % 2 === 0) await e.recommend(e.ids.idOf(asCatalogRow(seeds[i % 500])), { vector, ratedIds: [] });
      else await e.forYou(vector, { k: 10 });
    }
  }),
  benchmark: guarded(async () => (await workload()).runEngineBench(await loadedEngine())),
  benchmarkDescribe: guarded(async (dataUrl: string) => {
    const search = new DescribeSearch(await loadedEngine());
    const started = performance.now();
    await search.load(httpShardFetcher(dataUrl));
    return (await workload()).runDescribeBench(search, performance.now() - started);
  }),
};

Comlink.expose(testApi);
