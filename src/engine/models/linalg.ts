// Dense symmetric linear algebra for the item–item models (EASE): an in-place inverse by the blocked sweep operator.

const BLOCK = 8;

/**
 * Inverts the symmetric positive-definite n×n matrix `a` (row-major) in place by sweeping every pivot
 * (Goodnight 1979), eight pivots at a time: the rank-8 update reads each row of the matrix once per block instead of
 * once per pivot, which is what limits an n = 2,000 inverse (the matrix does not fit in cache). Only the upper
 * triangle is updated (n³/2 multiply-adds) and mirrored at the end. Returns false when the matrix is not positive definite.
 *
 * Sweeping the pivot set K of [[A_KK, A_KO], [A_OK, A_OO]] gives
 *   A_KK ← −A_KK⁻¹,  A_OK ← A_OK A_KK⁻¹,  A_OO ← A_OO − A_OK A_KK⁻¹ A_KO;  sweeping every pivot gives −A⁻¹.
 */
export function invertSpdInPlace(a: Float64Array, n: number): boolean {
  const rows = new Float64Array(BLOCK * n);
  const f = new Float64Array(BLOCK * n);
  const small = new Float64Array(BLOCK * BLOCK);
  const at = (i: number, j: number) => (i <= j ? a[i * n + j] : a[j * n + i]);
  for (let k0 = 0; k0 < n; k0 += BLOCK) {
    const b = Math.min(BLOCK, n - k0);
    // The block's rows as they are now (read through symmetry), and its b×b pivot matrix.
    for (let t = 0; t < b; t++) for (let j = 0; j < n; j++) rows[t * n + j] = at(k0 + t, j);
    for (let s = 0; s < b; s++) for (let t = 0; t < b; t++) small[s * b + t] = rows[s * n + k0 + t];
    if (!invertSmallSpd(small, b)) return false;
    // f_i = A_iK · A_KK⁻¹ for every row i (for rows inside the block it is unused).
    for (let i = 0; i < n; i++) {
      for (let t = 0; t < b; t++) {
        let s = 0;
        for (let u = 0; u < b; u++) s += rows[u * n + i] * small[u * b + t];
        f[t * n + i] = s;
      }
    }
    const blockEnd = k0 + b;
    for (let i = 0; i < n; i++) {
      if (i >= k0 && i < blockEnd) continue;
      const base = i * n;
      if (b === BLOCK) {
        const f0 = f[i],
          f1 = f[n + i],
          f2 = f[2 * n + i],
          f3 = f[3 * n + i];
        const f4 = f[4 * n + i],
          f5 = f[5 * n + i],
          f6 = f[6 * n + i],
          f7 = f[7 * n + i];
        for (let j = i; j < n; j++) {
          a[base + j] -=
            f0 * rows[j] +
            f1 * rows[n + j] +
            f2 * rows[2 * n + j] +
            f3 * rows[3 * n + j] +
            f4 * rows[4 * n + j] +
            f5 * rows[5 * n + j] +
            f6 * rows[6 * n + j] +
            f7 * rows[7 * n + j];
        }
      } else {
        for (let j = i; j < n; j++) {
          let s = 0;
          for (let t = 0; t < b; t++) s += f[t * n + i] * rows[t * n + j];
          a[base + j] -= s;
        }
      }
      // A_OK ← f: overwrite what the update wrote into the block's columns.
      for (let t = 0; t < b; t++) {
        const k = k0 + t;
        if (i < k) a[base + k] = f[t * n + i];
        else a[k * n + i] = f[t * n + i];
      }
    }
    for (let s = 0; s < b; s++) for (let t = s; t < b; t++) a[(k0 + s) * n + k0 + t] = -small[s * b + t];
  }
  for (let i = 0; i < n; i++) {
    a[i * n + i] = -a[i * n + i];
    for (let j = i + 1; j < n; j++) {
      const v = -a[i * n + j];
      a[i * n + j] = v;
      a[j * n + i] = v;
    }
  }
  return true;
}

/** Plain single-pivot sweep of a small full symmetric matrix, in place, to +A⁻¹. */
function invertSmallSpd(m: Float64Array, b: number): boolean {
  for (let k = 0; k < b; k++) {
    const d = m[k * b + k];
    if (!(d > 0)) return false;
    const inv = 1 / d;
    for (let i = 0; i < b; i++) {
      if (i === k) continue;
      const fi = m[i * b + k] * inv;
      for (let j = 0; j < b; j++) if (j !== k) m[i * b + j] -= fi * m[k * b + j];
    }
    for (let i = 0; i < b; i++) {
      if (i === k) continue;
      m[i * b + k] *= inv;
      m[k * b + i] *= inv;
    }
    m[k * b + k] = -inv;
  }
  for (let i = 0; i < b * b; i++) m[i] = -m[i];
  return true;
}
