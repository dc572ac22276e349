// Online user update (Rendle & Schmidt-Thieme 2008, "Online-updating regularized kernel matrix factorization models").
import { DEFAULT_KMF_PARAMS, RATING_SCALE, type KmfItemSide } from './model';

export interface OnlineUpdateParams {
  regUser?: number;
  regBias?: number;
  /** Constant prior π_u on b_u and p_u (KmfParams.priorUser). */
  priorUser?: number;
  /** Maximum Levenberg–Marquardt iterations (each solves one (k+1)×(k+1) system). */
  iterations?: number;
}

export interface OnlineUserFit {
  bias: number;
  factors: Float32Array;
  /** RMSE of the fitted user on the ratings it was fitted on (NaN for none). */
  trainRmse: number;
}

interface Workspace {
  d: number;
  capacity: number;
  design: Float64Array;
  /** J column-major, with room for columns up to a multiple of GRAM_TILE so the blocked JᵀJ reads in bounds. */
  weighted: Float64Array;
  base: Float64Array;
  residual: Float64Array;
  slope: Float64Array;
  candidateResidual: Float64Array;
  candidateSlope: Float64Array;
  x: Float64Array;
  candidate: Float64Array;
  normal: Float64Array;
  system: Float64Array;
  rhs: Float64Array;
  step: Float64Array;
  penalty: Float64Array;
  /** Σ e_j² of the last objective() call (kept here so the call returns a number, not an object). */
  sse: number;
}

let cachedWorkspace: Workspace | null = null;

/** Scratch buffers reused across updates (the function is synchronous, so one set suffices): no garbage per call. */
function workspaceFor(d: number, n: number): Workspace {
  const w = cachedWorkspace;
  if (w && w.d === d && w.capacity >= n) return w;
  const capacity = Math.max(n, 2 * (w?.d === d ? w.capacity : 0), 64);
  cachedWorkspace = {
    d,
    capacity,
    design: new Float64Array(d * capacity),
    weighted: new Float64Array(paddedColumns(d) * capacity),
    base: new Float64Array(capacity),
    residual: new Float64Array(capacity),
    slope: new Float64Array(capacity),
    candidateResidual: new Float64Array(capacity),
    candidateSlope: new Float64Array(capacity),
    x: new Float64Array(d),
    candidate: new Float64Array(d),
    normal: new Float64Array(d * d),
    system: new Float64Array(d * d),
    rhs: new Float64Array(d),
    step: new Float64Array(d),
    penalty: new Float64Array(d),
    sse: 0,
  };
  return cachedWorkspace;
}

/** Side of the square blocks of JᵀJ (gramLowerInto is written out for 3): 9 sums and 6 loads fit in 16 float registers; 3×2, 4×2, 4×4 timed slower. */
const GRAM_TILE = 3;

/** Columns of `weighted`: d rounded up to whole blocks. */
function paddedColumns(d: number): number {
  return Math.ceil(d / GRAM_TILE) * GRAM_TILE;
}

/**
 * The lower triangle of WᵀW into `out` (d×d, row-major) for the column-major n×d `w`, whose buffer extends to
 * paddedColumns(d) columns: blocks overhanging column d read whatever is there, but only into sums that are not stored.
 * Blocked: each pass over j reads 6 columns' entries for 9 products, where the plain dot products read 2 for 1 (about
 * 2x faster on the whole JᵀJ); each sum runs over j in order.
 */
function gramLowerInto(w: Float64Array, n: number, d: number, out: Float64Array): void {
  for (let a0 = 0; a0 < d; a0 += GRAM_TILE) {
    const ca0 = a0 * n;
    const ca1 = ca0 + n;
    const ca2 = ca1 + n;
    // b0 = a0 is the block on the diagonal; its entries above the diagonal are computed but not stored.
    for (let b0 = 0; b0 <= a0; b0 += GRAM_TILE) {
      const cb0 = b0 * n;
      const cb1 = cb0 + n;
      const cb2 = cb1 + n;
      let s00 = 0;
      let s01 = 0;
      let s02 = 0;
      let s10 = 0;
      let s11 = 0;
      let s12 = 0;
      let s20 = 0;
      let s21 = 0;
      let s22 = 0;
      for (let j = 0; j < n; j++) {
        const y0 = w[cb0 + j];
        const y1 = w[cb1 + j];
        const y2 = w[cb2 + j];
        const x0 = w[ca0 + j];
        const x1 = w[ca1 + j];
        const x2 = w[ca2 + j];
        s00 += x0 * y0;
        s01 += x0 * y1;
        s02 += x0 * y2;
        s10 += x1 * y0;
        s11 += x1 * y1;
        s12 += x1 * y2;
        s20 += x2 * y0;
        s21 += x2 * y1;
        s22 += x2 * y2;
      }
      storeLower(out, d, a0, b0, s00);
      storeLower(out, d, a0, b0 + 1, s01);
      storeLower(out, d, a0, b0 + 2, s02);
      storeLower(out, d, a0 + 1, b0, s10);
      storeLower(out, d, a0 + 1, b0 + 1, s11);
      storeLower(out, d, a0 + 1, b0 + 2, s12);
      storeLower(out, d, a0 + 2, b0, s20);
      storeLower(out, d, a0 + 2, b0 + 1, s21);
      storeLower(out, d, a0 + 2, b0 + 2, s22);
    }
  }
}

/**
 * weighted = diag(slope)·design and rhs = weightedᵀ·residual, three columns per pass over j: three independent sums
 * share the loads of slope and residual (one sum's chain of additions bounded the loop). Each sum runs over j in order.
 */
function weightColumns(
  n: number,
  d: number,
  slope: Float64Array,
  residual: Float64Array,
  design: Float64Array,
  weighted: Float64Array,
  rhs: Float64Array,
): void {
  let c = 0;
  for (; c + 2 < d; c += 3) {
    const column0 = c * n;
    const column1 = column0 + n;
    const column2 = column1 + n;
    let sum0 = 0;
    let sum1 = 0;
    let sum2 = 0;
    for (let j = 0; j < n; j++) {
      const sj = slope[j];
      const ej = residual[j];
      const value0 = sj * design[column0 + j];
      const value1 = sj * design[column1 + j];
      const value2 = sj * design[column2 + j];
      weighted[column0 + j] = value0;
      weighted[column1 + j] = value1;
      weighted[column2 + j] = value2;
      sum0 += value0 * ej;
      sum1 += value1 * ej;
      sum2 += value2 * ej;
    }
    rhs[c] = sum0;
    rhs[c + 1] = sum1;
    rhs[c + 2] = sum2;
  }
  for (; c < d; c++) {
    const column = c * n;
    let sum = 0;
    for (let j = 0; j < n; j++) {
      const value = slope[j] * design[column + j];
      weighted[column + j] = value;
      sum += value * residual[j];
    }
    rhs[c] = sum;
  }
}

/** Stores only entries on or below the diagonal and inside d (a block may overhang both). */
function storeLower(out: Float64Array, d: number, a: number, b: number, value: number): void {
  if (a < d && b <= a) out[a * d + b] = value;
}

/** In-place Cholesky factorisation of the symmetric positive definite d×d matrix `a` (lower triangle used); false if not SPD. */
export function choleskyInPlace(a: Float64Array, d: number): boolean {
  for (let j = 0; j < d; j++) {
    const rowJ = j * d;
    let diagonal = a[rowJ + j];
    for (let m = 0; m < j; m++) diagonal -= a[rowJ + m] * a[rowJ + m];
    if (!(diagonal > 0)) return false;
    const ljj = Math.sqrt(diagonal);
    a[rowJ + j] = ljj;
    // Four rows at a time: four independent chains share each load of row j (one chain waited on every subtraction).
    // Each entry still subtracts its terms in order m = 0, 1, …, so the factor is the same to the last bit.
    let i = j + 1;
    for (; i + 3 < d; i += 4) {
      const row0 = i * d;
      const row1 = row0 + d;
      const row2 = row1 + d;
      const row3 = row2 + d;
      let sum0 = a[row0 + j];
      let sum1 = a[row1 + j];
      let sum2 = a[row2 + j];
      let sum3 = a[row3 + j];
      for (let m = 0; m < j; m++) {
        const ljm = a[rowJ + m];
        sum0 -= a[row0 + m] * ljm;
        sum1 -= a[row1 + m] * ljm;
        sum2 -= a[row2 + m] * ljm;
        sum3 -= a[row3 + m] * ljm;
      }
      a[row0 + j] = sum0 / ljj;
      a[row1 + j] = sum1 / ljj;
      a[row2 + j] = sum2 / ljj;
      a[row3 + j] = sum3 / ljj;
    }
    for (; i < d; i++) {
      const row = i * d;
      let sum = a[row + j];
      for (let m = 0; m < j; m++) sum -= a[row + m] * a[rowJ + m];
      a[row + j] = sum / ljj;
    }
  }
  return true;
}

/** Solves L·Lᵀ·x = b for x (in `b`) with the factor from choleskyInPlace. */
export function choleskySolveInPlace(l: Float64Array, d: number, b: Float64Array): void {
  for (let i = 0; i < d; i++) {
    let sum = b[i];
    for (let m = 0; m < i; m++) sum -= l[i * d + m] * b[m];
    b[i] = sum / l[i * d + i];
  }
  for (let i = d - 1; i >= 0; i--) {
    let sum = b[i];
    for (let m = i + 1; m < d; m++) sum -= l[m * d + i] * b[m];
    b[i] = sum / l[i * d + i];
  }
}

/** e_j and 5σ'(z_j) for rating j at logit z; returns e_j². */
function residualAt(ratings: Float32Array | number[], j: number, z: number, residualOut: Float64Array, slopeOut: Float64Array): number {
  const s = 1 / (1 + Math.exp(-z));
  const e = ratings[j] - RATING_SCALE * s;
  residualOut[j] = e;
  slopeOut[j] = RATING_SCALE * s * (1 - s);
  return e * e;
}

/** F(v), filling residual e_j and slope 5σ'(z_j) for each rating; Σ e_j² goes to ws.sse (no object per call). */
function objective(
  ws: Workspace,
  n: number,
  d: number,
  ratings: Float32Array | number[],
  v: Float64Array,
  residualOut: Float64Array,
  slopeOut: Float64Array,
): number {
  const { base, design, penalty } = ws;
  const v0 = v[0];
  let sse = 0;
  let j = 0;
  // Four ratings at a time: four independent chains over f (one chain waited on every addition), each z_j still summed
  // in order f = 1, 2, …, and Σ e_j² still taken in order of j, so the values are the same to the last bit.
  for (; j + 3 < n; j += 4) {
    let z0 = base[j] + v0;
    let z1 = base[j + 1] + v0;
    let z2 = base[j + 2] + v0;
    let z3 = base[j + 3] + v0;
    for (let f = 1; f < d; f++) {
      const vf = v[f];
      const at = f * n + j;
      z0 += vf * design[at];
      z1 += vf * design[at + 1];
      z2 += vf * design[at + 2];
      z3 += vf * design[at + 3];
    }
    sse += residualAt(ratings, j, z0, residualOut, slopeOut);
    sse += residualAt(ratings, j + 1, z1, residualOut, slopeOut);
    sse += residualAt(ratings, j + 2, z2, residualOut, slopeOut);
    sse += residualAt(ratings, j + 3, z3, residualOut, slopeOut);
  }
  for (; j < n; j++) {
    let z = base[j] + v0;
    for (let f = 1; f < d; f++) z += v[f] * design[f * n + j];
    sse += residualAt(ratings, j, z, residualOut, slopeOut);
  }
  ws.sse = sse;
  let value = sse;
  for (let c = 0; c < d; c++) value += penalty[c] * v[c] * v[c];
  return value;
}

/**
 * Fits one user's b_u and p_u with the item side (g, b_i, q_i) fixed, minimising the training objective restricted to
 * that user's n ratings:
 *   F(b, p) = Σ_j (r_j − 5σ(g + b + b_j + p·q_j))² + (n·λ_b + π_u) b² + (n·λ_u + π_u) ‖p‖².
 * Method: Levenberg–Marquardt on the k+1 unknowns from b = 0, p = 0 (deterministic). Each iteration forms the
 * Gauss–Newton system (JᵀJ + Λ + μ·diag) δ = Jᵀe − Λ·x with J_j = 5σ'(z_j)·[1, q_j], solves it by Cholesky,
 * and accepts the step only if F decreases (else μ grows). Cost per iteration: O(n·k² + k³).
 */
export function onlineUpdateUser(
  model: KmfItemSide,
  items: Int32Array | number[],
  ratings: Float32Array | number[],
  params?: OnlineUpdateParams,
): OnlineUserFit {
  const k = model.factors;
  const d = k + 1;
  const n = items.length;
  if (ratings.length !== n) throw new Error(`onlineUpdateUser: ${n} items but ${ratings.length} ratings`);
  const nItems = model.itemBias.length;
  for (let j = 0; j < n; j++) {
    if (!(items[j] >= 0 && items[j] < nItems)) throw new Error(`onlineUpdateUser: rating ${j}: item index ${items[j]} outside 0..${nItems - 1}`);
    if (!(ratings[j] >= 0 && ratings[j] <= RATING_SCALE)) throw new Error(`onlineUpdateUser: rating ${j}: value ${ratings[j]} outside 0..${RATING_SCALE}`);
  }
  if (n === 0) return { bias: 0, factors: new Float32Array(k), trainRmse: Number.NaN };

  const regUser = params?.regUser ?? DEFAULT_KMF_PARAMS.regUser;
  const regBias = params?.regBias ?? DEFAULT_KMF_PARAMS.regBias;
  const priorUser = params?.priorUser ?? DEFAULT_KMF_PARAMS.priorUser;
  const maxIterations = params?.iterations ?? 8;
  const { globalBias, itemBias, itemFactors } = model;
  // Column-major design matrix: column 0 is all ones (the bias), column f+1 holds q_j[f]; contiguous per column for the dot products.
  const ws = workspaceFor(d, n);
  const { design, weighted, base, residual, slope, candidateResidual, candidateSlope, x, candidate, normal, system, rhs, step, penalty } = ws;
  // Per-coordinate L2 weight n·λ + π (coordinate 0 is the bias).
  penalty.fill(n * regUser + priorUser);
  penalty[0] = n * regBias + priorUser;
  x.fill(0);
  for (let j = 0; j < n; j++) {
    const offset = items[j] * k;
    base[j] = globalBias + itemBias[items[j]];
    design[j] = 1;
    for (let f = 0; f < k; f++) design[(f + 1) * n + j] = itemFactors[offset + f];
  }

  let current = objective(ws, n, d, ratings, x, residual, slope);
  let currentSse = ws.sse;
  let damping = 1e-3;
  for (let iteration = 0; iteration < maxIterations; iteration++) {
    // J = diag(slope)·design; normal = JᵀJ + Λ (lower triangle), rhs = Jᵀe − Λ·x.
    weightColumns(n, d, slope, residual, design, weighted, rhs);
    for (let c = 0; c < d; c++) rhs[c] -= penalty[c] * x[c];
    gramLowerInto(weighted, n, d, normal);
    for (let a = 0; a < d; a++) normal[a * d + a] += penalty[a];
    let accepted = false;
    for (let attempt = 0; attempt < 8 && !accepted; attempt++) {
      system.set(normal);
      for (let c = 0; c < d; c++) system[c * d + c] = normal[c * d + c] * (1 + damping);
      if (!choleskyInPlace(system, d)) {
        damping *= 10;
        continue;
      }
      step.set(rhs);
      choleskySolveInPlace(system, d, step);
      for (let c = 0; c < d; c++) candidate[c] = x[c] + step[c];
      const next = objective(ws, n, d, ratings, candidate, candidateResidual, candidateSlope);
      if (next <= current) {
        accepted = true;
        const improvement = current - next;
        currentSse = ws.sse;
        x.set(candidate);
        // Only the first n entries are live (the buffers are sized for the largest history seen).
        for (let j = 0; j < n; j++) {
          residual[j] = candidateResidual[j];
          slope[j] = candidateSlope[j];
        }
        current = next;
        damping = Math.max(damping / 4, 1e-9);
        // Converged: a further step would change F by a negligible relative amount.
        if (improvement <= 1e-6 * current) iteration = maxIterations;
      } else {
        damping *= 8;
      }
    }
    if (!accepted) break;
  }
  const factors = new Float32Array(k);
  for (let f = 0; f < k; f++) factors[f] = x[f + 1];
  return { bias: x[0], factors, trainRmse: Math.sqrt(currentSse / n) };
}
