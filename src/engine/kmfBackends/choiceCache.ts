// The remembered backend choice per model version, so a restart does not re-measure. Cache Storage, because it exists
// in workers (localStorage does not); anywhere it is missing or refuses, the choice is simply measured again.
import type { ComputeBackendName } from '../types';

export interface BackendChoice {
  active: ComputeBackendName;
  timings: Partial<Record<ComputeBackendName, number>>;
}

export interface BackendChoiceStore {
  get(modelVersion: string): Promise<BackendChoice | null>;
  put(modelVersion: string, choice: BackendChoice): Promise<void>;
}

const BACKEND_CACHE = 'cinelocal-compute-backend';

export const cacheStorageChoiceStore: BackendChoiceStore = {
  async get(modelVersion) {
    try {
      const cache = await caches.open(BACKEND_CACHE);
      const hit = await cache.match(`/backend/${modelVersion}`);
      return hit ? ((await hit.json()) as BackendChoice) : null;
    } catch {
      return null;
    }
  },
  async put(modelVersion, choice) {
    try {
      const cache = await caches.open(BACKEND_CACHE);
      await cache.put(`/backend/${modelVersion}`, new Response(JSON.stringify(choice), { headers: { 'content-type': 'application/json' } }));
    } catch {
      // Not remembering only costs a re-measurement next start.
    }
  },
};
