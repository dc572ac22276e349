// Browser benchmark and backend-test page: starts real engine workers and exposes a driver for Playwright.
import * as Comlink from 'comlink';
import type { EngineWorkerTestApi } from '../bridge/engineTestApi';
import type { ComputeBackendName, UserRating } from '../engine/types';
import { packRatings } from '../bridge/ratingsWire';
import { measureImportWrite, type ImportWriteKind } from './importWrite';

/** The test entry: the production worker API plus backend, benchmark and crash hooks (never in the app's bundle). */
function startWorker() {
  const worker = new Worker(new URL('../../workers/engine.test-worker.ts', import.meta.url), { type: 'module' });
  return { worker, api: Comlink.wrap<EngineWorkerTestApi>(worker) };
}

/** Worker start to ready (the catalog is in: search answers) and to complete (keywords and models in: everything answers). */
async function timeToReady(dataUrl: string): Promise<{ ms: number; completeMs: number; phases: Record<string, number> }> {
  const start = performance.now();
  const { worker, api } = startWorker();
  await api.load(dataUrl);
  const ms = performance.now() - start;
  const status = await api.whenLoaded();
  const completeMs = performance.now() - start;
  worker.terminate();
  return { ms, completeMs, phases: status.readyPhasesMs ?? {} };
}

const driver = {
  /** Worker start to ready: the first run fills the HTTP cache, the rest measure the warm start the goal is about. */
  async ready(dataUrl: string, runs = 7) {
    const first = (await timeToReady(dataUrl)).ms;
    const warm: number[] = [];
    const warmComplete: number[] = [];
    const phases: Record<string, number>[] = [];
    for (let i = 0; i < runs; i++) {
      const run = await timeToReady(dataUrl);
      warm.push(run.ms);
      warmComplete.push(run.completeMs);
      phases.push(run.phases);
    }
    return { first, warm, warmComplete, phases };
  },
  async benchmark(dataUrl: string) {
    const { worker, api } = startWorker();
    await api.load(dataUrl);
    await api.useBackend('typed-array');
    const result = await api.benchmark();
    const describe = await api.benchmarkDescribe(dataUrl);
    worker.terminate();
    return { ...result, ...describe };
  },
  async backends(dataUrl: string, only?: ComputeBackendName[]) {
    const { worker, api } = startWorker();
    await api.load(dataUrl);
    const status = await api.measureBackends(only);
    worker.terminate();
    return status.backend;
  },
  /** One import-write sample of `kind` (src/bench/importWrite.ts); the caller gives each sample a fresh browser. */
  async importWriteOnce(dataUrl: string, kind: ImportWriteKind, rows = 45_000) {
    const { worker, api } = startWorker();
    await api.load(dataUrl);
    const status = await api.whenLoaded();
    // Catalog ids: TMDB ids stay below 10^6; the demo catalog's are small.
    const known = await api.knownIds(Array.from({ length: 1_000_000 }, (_, i) => i + 1));
    const engine = {
      modelVersion: status.modelVersion,
      minRatingsForVector: status.minRatingsForVector,
      fitUser: (r: UserRating[]) => api.fitUser(packRatings(r, r.length)),
    };
    try {
      return await measureImportWrite(kind, known, engine, rows, {
        parseRatingsFile: (f, t, n) => api.parseRatingsFile(f, t, n),
        knownIds: (ids) => api.knownIds(ids),
      });
    } finally {
      worker.terminate();
    }
  },
  /** Scores from each backend for the same user vectors, and tensor counts around 1,000 queries. */
  async compareBackends(dataUrl: string, names: ComputeBackendName[]) {
    const { worker, api } = startWorker();
    await api.load(dataUrl);
    const out: Record<string, { available: boolean; error?: string; scores?: number[][]; top?: number[][]; tensorsBefore?: number; tensorsAfter?: number }> =
      {};
    const vectors = await api.testVectors(3);
    for (const name of names) {
      try {
        await api.useBackend(name);
        const scores: number[][] = [];
        for (const v of vectors) scores.push(await api.scoreForTest(v));
        const top: number[][] = [];
        for (const v of vectors) top.push((await api.forYou(v, { k: 10 })).map((x) => x.movie.id));
        let tensorsBefore: number | undefined;
        let tensorsAfter: number | undefined;
        if (name !== 'typed-array') {
          tensorsBefore = await api.tensorCount();
          await api.queryLoop(1000);
          tensorsAfter = await api.tensorCount();
        }
        out[name] = { available: true, scores, top, tensorsBefore, tensorsAfter };
      } catch (error) {
        out[name] = { available: false, error: (error as Error).message };
      }
    }
    worker.terminate();
    return out;
  },
};

(window as unknown as { cinelocalBench: typeof driver }).cinelocalBench = driver;
document.getElementById('status')!.textContent = 'ready';
