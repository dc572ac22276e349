// Row orders computed at load: a native numeric sort on packed keys instead of a comparator sort (start-up time).

const INDEX_BITS = 65536;

/** Row indices ordered by `values` descending, ties by lower index first. */
export function orderByDescending(values: ArrayLike<number>): Int32Array {
  const n = values.length;
  let packable = n <= INDEX_BITS;
  for (let i = 0; packable && i < n; i++) if (!(values[i] >= 0 && values[i] <= 3.4e38)) packable = false;
  if (!packable) {
    const order = Array.from({ length: n }, (_, i) => i);
    order.sort((a, b) => values[b] - values[a] || a - b);
    return Int32Array.from(order);
  }
  // Non-negative float32 bit patterns sort like the floats; invert for descending, pack the index below (≤ 48 bits, exact).
  const bits = new Uint32Array(new Float32Array(values as ArrayLike<number>).buffer);
  const keys = new Float64Array(n);
  for (let i = 0; i < n; i++) keys[i] = (0xffffffff - bits[i]) * INDEX_BITS + i;
  keys.sort();
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = keys[i] % INDEX_BITS;
  return order;
}
