// Seeded pseudo-random numbers for the demo catalog: same seed -> same sequence on every platform.
import { createRandom } from '../../engine/kmf/random';

/** mulberry32, the same generator the model training uses (one implementation for the project). */
export const mulberry32 = createRandom;

/** Derives independent stream seeds from one seed, so e.g. the ratings stream does not shift when catalog code changes. */
export function deriveSeed(seed: number, stream: string): number {
  let hash = (seed ^ 0x9e3779b9) >>> 0;
  for (let i = 0; i < stream.length; i++) hash = Math.imul(hash ^ stream.charCodeAt(i), 0x01000193) >>> 0;
  return hash;
}

export class Random {
  private readonly next: () => number;
  private spareNormal: number | null = null;

  constructor(seed: number) {
    this.next = mulberry32(seed);
  }

  /** Uniform in [0, 1). */
  float(): number {
    return this.next();
  }

  /** Uniform integer in [min, max] (inclusive). */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('Random.pick: empty list');
    return items[Math.floor(this.next() * items.length)];
  }

  /** Standard normal via Box–Muller (caches the second value). */
  normal(mean = 0, sd = 1): number {
    if (this.spareNormal !== null) {
      const value = this.spareNormal;
      this.spareNormal = null;
      return mean + sd * value;
    }
    let u = this.next();
    while (u <= Number.EPSILON) u = this.next();
    const v = this.next();
    const radius = Math.sqrt(-2 * Math.log(u));
    this.spareNormal = radius * Math.sin(2 * Math.PI * v);
    return mean + sd * radius * Math.cos(2 * Math.PI * v);
  }

  /** k distinct items, uniformly (partial Fisher–Yates on a copy). */
  sample<T>(items: readonly T[], k: number): T[] {
    const copy = items.slice();
    const count = Math.min(k, copy.length);
    for (let i = 0; i < count; i++) {
      const j = i + Math.floor(this.next() * (copy.length - i));
      [copy[i], copy[j]] = [copy[j], copy[i]];
    }
    return copy.slice(0, count);
  }

  /**
   * k distinct indices drawn without replacement, each draw with probability proportional to its weight among the
   * indices not yet drawn; returned in draw order. Small k: draws from the cumulative weights and redraws repeats
   * (same distribution, O(n + k log n)); large k: Efraimidis–Spirakis keys ln(u)/w, keep the k largest.
   */
  weightedSample(weights: ArrayLike<number>, k: number): number[] {
    const n = weights.length;
    const cumulative = new Float64Array(n);
    let total = 0;
    let positive = 0;
    for (let i = 0; i < n; i++) {
      const weight = weights[i];
      if (weight > 0) {
        total += weight;
        positive++;
      }
      cumulative[i] = total;
    }
    const count = Math.min(k, positive);
    if (count <= 0) return [];
    if (count * 3 <= positive) {
      const chosen: number[] = [];
      const seen = new Set<number>();
      for (let attempts = 0; chosen.length < count && attempts < 40 * count + 100; attempts++) {
        const target = this.next() * total;
        let low = 0;
        let high = n - 1;
        while (low < high) {
          const mid = (low + high) >>> 1;
          if (cumulative[mid] > target) high = mid;
          else low = mid + 1;
        }
        if (!seen.has(low) && weights[low] > 0) {
          seen.add(low);
          chosen.push(low);
        }
      }
      if (chosen.length === count) return chosen;
    }
    const keys: { index: number; key: number }[] = [];
    for (let i = 0; i < n; i++) {
      const weight = weights[i];
      if (!(weight > 0)) continue;
      let u = this.next();
      while (u <= 0) u = this.next();
      keys.push({ index: i, key: Math.log(u) / weight });
    }
    keys.sort((a, b) => b.key - a.key || a.index - b.index);
    return keys.slice(0, count).map((entry) => entry.index);
  }

  /** A string of `length` chars drawn from `alphabet`. */
  chars(alphabet: string, length: number): string {
    let out = '';
    for (let i = 0; i < length; i++) out += alphabet[Math.floor(this.next() * alphabet.length)];
    return out;
  }
}
