// Fits a registered model on a second thread (build-data: EASE beside KMF, which does not depend on it). The build
// runs its TypeScript through tsx, so the worker registers tsx before it loads fitWorker.ts.
import { Worker } from 'node:worker_threads';
import type { FittedModel, TrainingData } from '../engine/models/model';
import type { ModelName } from '../engine/models/registry';

/** The fit as the model returns it, and the worker's own ms for it (start-up of the thread excluded). */
export interface WorkerFit {
  fitted: FittedModel<unknown, unknown>;
  ms: number;
}

/**
 * Rejects when the thread cannot start, load or finish the fit; the caller then fits in-process (same result, one core).
 * `progress` gets the model's own stage reports, delivered when this thread is free to receive them.
 */
export function fitModelInWorker(
  name: ModelName,
  data: TrainingData,
  params: unknown,
  progress: (stage: string, fraction: number) => void = () => {},
): Promise<WorkerFit> {
  const entry = new URL('./fitWorker.ts', import.meta.url).href;
  const bootstrap = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(entry)}); })`;
  return new Promise<WorkerFit>((resolve, reject) => {
    let worker: Worker;
    try {
      worker = new Worker(bootstrap, { eval: true, workerData: { name, data, params } });
    } catch (error) {
      reject(error);
      return;
    }
    worker.on('message', (message: WorkerFit | { progress: { stage: string; fraction: number } }) => {
      if ('progress' in message) return progress(message.progress.stage, message.progress.fraction);
      resolve(message);
      void worker.terminate();
    });
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the ${name} fit's worker thread exited with code ${code} before answering`)));
  });
}
