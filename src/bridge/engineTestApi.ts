// The engine worker's test and benchmark surface, in one place: the production API plus hooks that only
// workers/engine.test-worker.ts implements. Only the benchmark page (src/bench, built by scripts/lib/browserBench.ts)
// starts that worker; the app's bundle never contains it (test/e2e/productionBundle.spec.ts checks for the hook names).
// Worker crashes and hangs are injected from Playwright (worker.evaluate in resilience/engineWorker specs), not by a hook.
import type { DescribeBenchResult, EngineBenchResult } from '../bench/workload';
import type { ComputeBackendName, UserVector } from '../engine/types';
import type { EngineStatus, EngineWorkerApi } from './engineApi';

export interface EngineTestHooks {
  measureBackends(only?: ComputeBackendName[]): Promise<EngineStatus>;
  useBackend(name: ComputeBackendName): Promise<EngineStatus>;
  scoreForTest(vector: UserVector): Promise<number[]>;
  tensorCount(): Promise<number>;
  /** User vectors fitted to synthetic raters, for comparing backends on the same input. */
  testVectors(count: number): Promise<UserVector[]>;
  /** `count` recommend + forYou queries on the active backend (tensor-leak checks). */
  queryLoop(count: number): Promise<void>;
  /** The shared benchmark workload, run inside the worker. */
  benchmark(): Promise<EngineBenchResult>;
  /** Describe search on 2,000-character and 100 KB questions, with describe.bin loaded from `dataUrl` first. */
  benchmarkDescribe(dataUrl: string): Promise<DescribeBenchResult>;
}

export type EngineWorkerTestApi = EngineWorkerApi & EngineTestHooks;

/**
 * Every hook, and whether its name alone marks test code in a bundle (`useBackend` and `benchmark` are also names in
 * production code). `satisfies` makes a hook missing here fail tsc.
 */
export const ENGINE_TEST_HOOKS = {
  measureBackends: { uniqueName: true },
  useBackend: { uniqueName: false },
  scoreForTest: { uniqueName: true },
  tensorCount: { uniqueName: true },
  testVectors: { uniqueName: true },
  queryLoop: { uniqueName: true },
  benchmark: { uniqueName: false },
  benchmarkDescribe: { uniqueName: true },
} as const satisfies Record<keyof EngineTestHooks, { uniqueName: boolean }>;
