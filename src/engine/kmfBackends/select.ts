// Choosing the dense-scoring backend in the browser: typed arrays at once, then tfjs (WebGPU / WebGL / WASM / CPU)
// loaded lazily and raced on the real workload; the fastest one that agrees with typed arrays wins and is remembered.
import type { Engine } from '../engine';
import { genreCandidates } from '../genreIndex';
import { TypedArrayScoring, type ScoringBackend } from '../kmfScoring';
import type { ComputeBackendName } from '../types';
import { cacheStorageChoiceStore, type BackendChoiceStore } from './choiceCache';
import { timeBackend, type BackendTiming } from './measure';

type TfjsBackendName = Exclude<ComputeBackendName, 'typed-array'>;

const TFJS_ORDER: TfjsBackendName[] = ['tfjs-webgpu', 'tfjs-webgl', 'tfjs-wasm', 'tfjs-cpu'];
const BACKEND_TRIAL_MS = 30_000;

/** tfjs is loaded lazily here, never in the page: it is only needed if it beats typed arrays. */
async function tfjsBackend(name: TfjsBackendName, engine: Engine): Promise<ScoringBackend | null> {
  const tf = await import('@tensorflow/tfjs');
  const { TfjsScoring, TFJS_BACKENDS } = await import('./tfjsScoring');
  if (name === 'tfjs-webgpu') await import('@tensorflow/tfjs-backend-webgpu');
  if (name === 'tfjs-wasm') {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    // Vite emits the .wasm binaries as hashed assets; tell tfjs where they went.
    const [plain, simd, threaded] = await Promise.all([
      import('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url'),
      import('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url'),
      import('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url'),
    ]);
    wasm.setWasmPaths({
      'tfjs-backend-wasm.wasm': plain.default,
      'tfjs-backend-wasm-simd.wasm': simd.default,
      'tfjs-backend-wasm-threaded-simd.wasm': threaded.default,
    });
  }
  try {
    if (!(await tf.setBackend(TFJS_BACKENDS[name]))) return null;
    await tf.ready();
    const m = engine.data.models.kmf;
    return new TfjsScoring(tf, name, m.itemFactors, m.itemBias, m.factors);
  } catch {
    return null;
  }
}

/** A backend that hangs (a software GPU adapter can) is skipped, not waited for. */
function withinTrial<T>(work: Promise<T>): Promise<T | null> {
  return Promise.race([work, new Promise<null>((resolve) => setTimeout(() => resolve(null), BACKEND_TRIAL_MS))]);
}

/** Owns the backend choice of one worker: the measured timings, and a lock (tfjs has one global backend). */
export class BackendSelector {
  /** Median ms per workload round of every backend measured (or remembered). */
  timings: Partial<Record<ComputeBackendName, number>> = {};
  private queue: Promise<unknown> = Promise.resolve();
  /** Set when a caller chose the backend itself (tests, benchmarks): the deferred start-up race then leaves it alone. */
  pinned = false;

  constructor(private readonly store: BackendChoiceStore = cacheStorageChoiceStore) {}

  /** Measuring and switching must never interleave. */
  withLock<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => {});
    return run;
  }

  /** A fresh backend of that name for `engine`'s model, or null when this device cannot run it. */
  create(name: ComputeBackendName, engine: Engine): Promise<ScoringBackend | null> {
    const m = engine.data.models.kmf;
    if (name === 'typed-array') return Promise.resolve(new TypedArrayScoring(m.itemFactors, m.itemBias, m.factors));
    return tfjsBackend(name, engine);
  }

  /** The remembered choice for these shards, else measure every available backend (`only`: measure just those, whatever is remembered). */
  choose(engine: Engine, only?: ComputeBackendName[]): Promise<void> {
    return this.withLock(() => this.chooseUnlocked(engine, only));
  }

  private async chooseUnlocked(engine: Engine, only?: ComputeBackendName[]): Promise<void> {
    // The race creates and disposes every tfjs backend (and moves tf's global backend): never under an explicit choice.
    if (this.pinned && !only) return;
    const version = engine.manifest.modelVersion;
    const remembered = only ? null : await this.store.get(version);
    if (remembered) {
      this.timings = remembered.timings;
      if (remembered.active !== 'typed-array') {
        const backend = await tfjsBackend(remembered.active, engine);
        if (backend) engine.recommender.useBackend(backend);
      }
      return;
    }
    const m = engine.data.models.kmf;
    const reference = new TypedArrayScoring(m.itemFactors, m.itemBias, m.factors);
    // Real workload: users shaped like fitted ones (item vectors of popular movies as stand-ins), 2,000 genre candidates.
    const popular = engine.recommender.genreIndex.byPopularity;
    const users = [0, 1, 2, 3].map((i) => Float32Array.from(m.itemFactors.subarray(popular[i] * m.factors, (popular[i] + 1) * m.factors)));
    const candidates = Int32Array.from(genreCandidates(engine.recommender.genreIndex, popular[0], 2000));
    const results: BackendTiming[] = [await timeBackend(reference, reference, users, candidates)];
    for (const name of TFJS_ORDER.filter((n) => !only || only.includes(n))) {
      const backend = await withinTrial(tfjsBackend(name, engine));
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
    this.timings = Object.fromEntries(results.map((r) => [r.name, Math.round(r.medianMs * 1000) / 1000]));
    const best = results.filter((r) => r.agrees).sort((a, b) => a.medianMs - b.medianMs)[0];
    if (best.name !== 'typed-array') {
      const backend = await tfjsBackend(best.name, engine);
      if (backend) engine.recommender.useBackend(backend);
    }
    await this.store.put(version, { active: engine.recommender.backend.name, timings: this.timings });
  }
}
