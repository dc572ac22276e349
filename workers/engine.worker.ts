/// <reference lib="webworker" />
// The production engine worker: a thin Comlink adapter over src/engine (see engineWorkerApi.ts). Test and benchmark
// hooks live in engine.test-worker.ts, which only the benchmark page builds.
import * as Comlink from 'comlink';
import { createEngineWorkerApi } from './engineWorkerApi';

Comlink.expose(createEngineWorkerApi().api);
