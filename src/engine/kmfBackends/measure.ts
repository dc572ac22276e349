// Pick the fastest dense-scoring backend on this device by timing the real workload, after checking it agrees with typed arrays.
import type { ScoringBackend } from '../kmfScoring';
import type { ComputeBackendName } from '../types';

export interface BackendTiming {
  name: ComputeBackendName;
  /** Median ms of one workload round (whole-catalog scoring + one candidate scoring). */
  medianMs: number;
  agrees: boolean;
}

/** Same top-k and scores within tolerance: what "gives the same results" means across float implementations. */
export function sameTopK(reference: Float32Array, candidate: Float32Array, k: number, tolerance = 1e-3): boolean {
  if (reference.length !== candidate.length) return false;
  const top = (a: Float32Array) =>
    Array.from(a.keys())
      .sort((x, y) => a[y] - a[x])
      .slice(0, k);
  const ref = top(reference);
  const cand = new Set(top(candidate));
  // Near-ties may swap places at the cut-off; require all but ties within tolerance to match.
  const kth = reference[ref[ref.length - 1]];
  return (
    ref.every((i) => cand.has(i) || Math.abs(reference[i] - kth) <= tolerance) &&
    ref.every((i) => Math.abs(reference[i] - candidate[i]) <= tolerance * Math.max(1, Math.abs(reference[i])))
  );
}

export async function timeBackend(
  backend: ScoringBackend,
  reference: ScoringBackend,
  users: Float32Array[],
  candidates: Int32Array,
  rounds = 9,
): Promise<BackendTiming> {
  let agrees = true;
  for (const user of users.slice(0, 3)) {
    const want = Float32Array.from(await reference.score(user, null, 0));
    const got = Float32Array.from(await backend.score(user, null, 0));
    if (!sameTopK(want, got, 20)) agrees = false;
  }
  const times: number[] = [];
  for (let r = 0; r < rounds + 2; r++) {
    const user = users[r % users.length];
    const start = performance.now();
    await backend.score(user, null, 0);
    await backend.score(user, candidates, candidates.length);
    if (r >= 2) times.push(performance.now() - start); // first rounds warm up shaders / JIT
  }
  times.sort((a, b) => a - b);
  return { name: backend.name, medianMs: times[Math.floor(times.length / 2)], agrees };
}
