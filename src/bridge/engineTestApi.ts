// The engine worker's test and benchmark surface: the production API plus hooks that only workers/engine.test-worker.ts
// implements. Only the benchmark page (src/bench, built by scripts/lib/browserBench.ts) starts that worker; the app's
// bundle never contains it (test/e2e/productionBundle.spec.ts checks).
import type { DescribeBenchResult, EngineBenchResult } from '../bench/workload';
import type { ComputeBackendName, UserVector } from '../engine/types';
import type { EngineStatus, EngineWorkerApi } from './engineApi';

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
  /** Describe search on 2,000-character and 100 KB questions, with describe.bin loaded from `dataUrl` first. */
  benchmarkDescribe(dataUrl: string): Promise<DescribeBenchResult>;
}
