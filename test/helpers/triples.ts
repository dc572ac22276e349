// Rating triples from [user, item, rating] rows (dense indices), for model and evaluation tests.
import type { RatingTriples } from '../../src/engine/kmf';

export function triplesOf(rows: [number, number, number][], nUsers: number, nItems: number): RatingTriples {
  return {
    user: Int32Array.from(rows, (r) => r[0]),
    item: Int32Array.from(rows, (r) => r[1]),
    rating: Float32Array.from(rows, (r) => r[2]),
    count: rows.length,
    nUsers,
    nItems,
  };
}
