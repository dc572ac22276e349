import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { orderByDescending } from '../../src/engine/order';

const reference = (values: number[]) => Array.from(values.keys()).sort((a, b) => values[b] - values[a] || a - b);

describe('orderByDescending', () => {
  it('matches a comparator sort (descending, ties by index) for float32 values', () => {
    fc.assert(
      fc.property(fc.array(fc.float({ min: 0, max: 1e6, noNaN: true }), { maxLength: 300 }), (raw) => {
        const values = Array.from(new Float32Array(raw));
        expect(Array.from(orderByDescending(values))).toEqual(reference(values));
      }),
    );
  });

  it('falls back for negative values and big inputs', () => {
    expect(Array.from(orderByDescending([1, -2, 3, 3]))).toEqual([2, 3, 0, 1]);
    const big = Array.from({ length: 70_000 }, (_, i) => (i * 7919) % 1000);
    expect(Array.from(orderByDescending(big)).slice(0, 5)).toEqual(reference(big).slice(0, 5));
  });
});
