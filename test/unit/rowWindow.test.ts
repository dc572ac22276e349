import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { RowWindow } from '../../src/app/myratings/rowWindow';

/** The same answers computed the plain way, from an array of heights. */
function naive(sizes: number[], gap: number) {
  const offsetOf = (index: number) => sizes.slice(0, index).reduce((sum, size) => sum + size + gap, 0);
  const indexAt = (offset: number) => {
    let index = 0;
    for (let i = 0; i < sizes.length; i++) if (offsetOf(i) <= offset) index = i;
    return index;
  };
  return { offsetOf, indexAt, total: () => (sizes.length === 0 ? 0 : offsetOf(sizes.length) - gap) };
}

describe('RowWindow', () => {
  it('answers offsets, the row at an offset and the total as a plain sum does, through resizes and count changes', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 60 }),
        fc.integer({ min: 0, max: 12 }),
        fc.array(fc.tuple(fc.nat(80), fc.integer({ min: 20, max: 300 })), { maxLength: 40 }),
        fc.integer({ min: 0, max: 80 }),
        fc.array(fc.integer({ min: -50, max: 20_000 }), { minLength: 1, maxLength: 10 }),
        (count, gap, measures, newCount, probes) => {
          const estimate = 92;
          const rows = new RowWindow(estimate, gap);
          const sizes: number[] = [];
          rows.setCount(count);
          for (let i = 0; i < count; i++) sizes.push(estimate);
          for (const [index, size] of measures) {
            const moved = rows.setSize(index, size);
            if (index < count) {
              expect(moved).toBe(size - sizes[index]);
              sizes[index] = size;
            } else expect(moved).toBe(0);
          }
          rows.setCount(newCount);
          sizes.length = Math.min(sizes.length, newCount);
          while (sizes.length < newCount) sizes.push(estimate);
          const plain = naive(sizes, gap);
          expect(rows.total()).toBeCloseTo(plain.total(), 6);
          for (let i = 0; i <= newCount; i++) expect(rows.offsetOf(i)).toBeCloseTo(plain.offsetOf(i), 6);
          for (const probe of probes) if (newCount > 0) expect(rows.indexAt(probe)).toBe(plain.indexAt(probe));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('gives the rows meeting the viewport plus the overscan, and the space around them', () => {
    const rows = new RowWindow(100, 10);
    rows.setCount(45_000);
    // Row i starts at 110·i: a viewport from 1,105 to 1,655 meets rows 10 (1,100–1,200) to 15 (1,650–1,750).
    const range = rows.range(1105, 1655, 2);
    expect(range).toEqual({ start: 8, end: 18, before: 880, after: 110 * 45_000 - 10 - (110 * 18 - 10) });
    rows.setSize(3, 300);
    expect(rows.range(1105, 1655, 2).start).toBe(6);
    expect(rows.range(0, 500, 8)).toMatchObject({ start: 0, before: 0 });
    expect(rows.range(1e9, 1e9 + 500, 8)).toMatchObject({ end: 45_000, after: 0 });
    const empty = new RowWindow(100);
    expect(empty.range(0, 500, 8)).toEqual({ start: 0, end: 0, before: 0, after: 0 });
  });
});
