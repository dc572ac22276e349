// Worker-thread entry of fitInWorker.ts: fits one registered model on the training data it is sent, forwarding the
// model's own stage progress, and posts the fit.
import { parentPort, workerData } from 'node:worker_threads';
import { MODELS, type ModelName } from '../engine/models/registry';
import type { TrainingData } from '../engine/models/model';

const { name, data, params } = workerData as { name: ModelName; data: TrainingData; params: unknown };
const started = performance.now();
const fitted = MODELS[name].fit(data, params as never, (stage, fraction) => parentPort!.postMessage({ progress: { stage, fraction } }));
parentPort!.postMessage({ fitted, ms: performance.now() - started });
