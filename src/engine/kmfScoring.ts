// Dense KMF scoring: s_i = b_i + q_i · p_u for many items at once (the "logit" before g + b_u and the 5·σ kernel).
import type { ComputeBackendName } from './types';

export interface ScoringBackend {
  readonly name: ComputeBackendName;
  /** Scores of `rows[0..count)` (or every item when rows is null) for user vector `user`. */
  score(user: Float32Array, rows: Int32Array | null, count: number): Float32Array | Promise<Float32Array>;
  dispose(): void;
}

/** Plain typed-array implementation: the baseline every other backend is checked against. */
export class TypedArrayScoring implements ScoringBackend {
  readonly name = 'typed-array' as const;
  private buffer = new Float32Array(0);

  constructor(
    private readonly itemFactors: Float32Array,
    private readonly itemBias: Float32Array,
    private readonly factors: number,
  ) {}

  score(user: Float32Array, rows: Int32Array | null, count: number): Float32Array {
    const n = rows ? count : this.itemBias.length;
    if (this.buffer.length < n) this.buffer = new Float32Array(n);
    const out = this.buffer.subarray(0, n);
    const k = this.factors;
    const q = this.itemFactors;
    const k4 = k - (k % 4);
    for (let c = 0; c < n; c++) {
      const row = rows ? rows[c] : c;
      const base = row * k;
      // Four independent sums let the JIT overlap the multiply-adds.
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      let f = 0;
      for (; f < k4; f += 4) {
        s0 += q[base + f] * user[f];
        s1 += q[base + f + 1] * user[f + 1];
        s2 += q[base + f + 2] * user[f + 2];
        s3 += q[base + f + 3] * user[f + 3];
      }
      for (; f < k; f++) s0 += q[base + f] * user[f];
      out[c] = this.itemBias[row] + s0 + s1 + s2 + s3;
    }
    return out;
  }

  dispose(): void {}
}
