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
    for (let c = 0; c < n; c++) {
      const row = rows ? rows[c] : c;
      let sum = this.itemBias[row];
      for (let f = 0, base = row * k; f < k; f++) sum += q[base + f] * user[f];
      out[c] = sum;
    }
    return out;
  }

  dispose(): void {}
}
