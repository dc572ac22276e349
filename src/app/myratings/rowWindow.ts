// Which rows of a long list of variable-height rows are on screen, without one object per row (issue 21 item 5): a
// 45,000-rating list made @tanstack/react-virtual build 45,000 measurement objects on every count change, which
// showed in heavy-load profiles as `getMeasurements` plus the GC of its garbage. Here the heights live in one
// Float64Array and their running sums in a Fenwick tree, so a count change is one typed pass, a measured row
// O(log n) and "which row is at this offset" O(log n).

/** Rows [start, end) to render, and the space the rows before and after them take. */
export interface RowRange {
  start: number;
  end: number;
  /** Offset of row `start` from the list's top (heights and gaps of the rows before it). */
  before: number;
  /** From the bottom of row `end - 1` to the bottom of the last row. */
  after: number;
}

export class RowWindow {
  private sizes = new Float64Array(0);
  /** Fenwick tree (1-based) over sizes[i] + gap: prefix(i) is the offset of row i. */
  private tree = new Float64Array(1);
  private rowCount = 0;

  constructor(
    private readonly estimate: number,
    private gap = 0,
  ) {}

  get count(): number {
    return this.rowCount;
  }

  /** Resizes to `count` rows: rows kept keep their measured height (rows are measured by index), new ones the estimate. */
  setCount(count: number): void {
    if (count === this.rowCount) return;
    const sizes = new Float64Array(count);
    sizes.set(this.sizes.subarray(0, Math.min(count, this.rowCount)));
    sizes.fill(this.estimate, Math.min(count, this.rowCount));
    this.sizes = sizes;
    this.rowCount = count;
    this.rebuild();
  }

  /** The CSS gap between rows. */
  setGap(gap: number): void {
    if (gap === this.gap) return;
    this.gap = gap;
    this.rebuild();
  }

  sizeOf(index: number): number {
    return this.sizes[index];
  }

  /** Records a measured height; returns how much the rows after it moved. */
  setSize(index: number, size: number): number {
    if (index < 0 || index >= this.rowCount) return 0;
    const delta = size - this.sizes[index];
    if (delta === 0) return 0;
    this.sizes[index] = size;
    for (let i = index + 1; i <= this.rowCount; i += i & -i) this.tree[i] += delta;
    return delta;
  }

  /** Offset of row `index` from the list's top (`index` = count gives the offset after the last row and its gap). */
  offsetOf(index: number): number {
    let sum = 0;
    for (let i = Math.min(index, this.rowCount); i > 0; i -= i & -i) sum += this.tree[i];
    return sum;
  }

  /** Height of the whole list. */
  total(): number {
    return this.rowCount === 0 ? 0 : this.offsetOf(this.rowCount) - this.gap;
  }

  /** The row under `offset` (the last row whose top is at or above it); 0 for offsets above the list. */
  indexAt(offset: number): number {
    if (this.rowCount === 0 || offset <= 0) return 0;
    // Fenwick descent: the largest i with offsetOf(i) <= offset.
    let position = 0;
    let remaining = offset;
    let step = 1;
    while (step * 2 <= this.rowCount) step *= 2;
    for (; step > 0; step >>= 1) {
      const next = position + step;
      if (next <= this.rowCount && this.tree[next] <= remaining) {
        position = next;
        remaining -= this.tree[next];
      }
    }
    return Math.min(position, this.rowCount - 1);
  }

  /** The rows meeting [top, bottom) (offsets from the list's top), with `overscan` more on each side. */
  range(top: number, bottom: number, overscan: number): RowRange {
    if (this.rowCount === 0) return { start: 0, end: 0, before: 0, after: 0 };
    const first = this.indexAt(top);
    const last = this.indexAt(Math.max(top, bottom - 1));
    const start = Math.max(0, first - overscan);
    const end = Math.min(this.rowCount, last + 1 + overscan);
    return { start, end, before: this.offsetOf(start), after: this.offsetOf(this.rowCount) - this.offsetOf(end) };
  }

  private rebuild(): void {
    const n = this.rowCount;
    const tree = new Float64Array(n + 1);
    for (let i = 1; i <= n; i++) {
      tree[i] += this.sizes[i - 1] + this.gap;
      const parent = i + (i & -i);
      if (parent <= n) tree[parent] += tree[i];
    }
    this.tree = tree;
  }
}
