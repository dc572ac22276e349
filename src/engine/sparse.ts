// Compressed sparse row matrix: row r's entries are indices/values[indptr[r] .. indptr[r+1]).
export interface CsrMatrix {
  rows: number;
  cols: number;
  indptr: Uint32Array;
  indices: Uint32Array;
  values: Float32Array;
}

/** Dot product of row `a` of `x` with row `b` of `y`; both rows have sorted column indices. */
export function csrRowDot(x: CsrMatrix, a: number, y: CsrMatrix, b: number): number {
  let i = x.indptr[a];
  const iEnd = x.indptr[a + 1];
  let j = y.indptr[b];
  const jEnd = y.indptr[b + 1];
  let sum = 0;
  while (i < iEnd && j < jEnd) {
    const ci = x.indices[i];
    const cj = y.indices[j];
    if (ci === cj) sum += x.values[i++] * y.values[j++];
    else if (ci < cj) i++;
    else j++;
  }
  return sum;
}
