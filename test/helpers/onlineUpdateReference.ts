// The online update as it was at 5e19069 (before the blocked normal matrix), kept verbatim (Cholesky included) as the
// reference the faster src/engine/kmf/online.ts must match: test/unit/kmfOnline.test.ts and the before/after timing.
import { DEFAULT_KMF_PARAMS, RATING_SCALE, type KmfItemSide } from '../../src/engine/kmf/model';
import type { OnlineUpdateParams, OnlineUserFit } from '../../src/engine/kmf/online';

interface Workspace {
  d: number;
  capacity: number;
  design: Float64Array;
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
    weighted: new Float64Array(d * capacity),
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

/** In-place Cholesky factorisation of the symmetric positive definite d×d matrix `a` (lower triangle used); false if not SPD. */
export function choleskyInPlaceReference(a: Float64Array, d: number): boolean {
  for (let j = 0; j < d; j++) {
    let diagonal = a[j * d + j];
    for (let m = 0; m < j; m++) diagonal -= a[j * d + m] * a[j * d + m];
    if (!(diagonal > 0)) return false;
    const ljj = Math.sqrt(diagonal);
    a[j * d + j] = ljj;
    for (let i = j + 1; i < d; i++) {
      let sum = a[i * d + j];
      for (let m = 0; m < j; m++) sum -= a[i * d + m] * a[j * d + m];
      a[i * d + j] = sum / ljj;
    }
  }
  return true;
}

/** Solves L·Lᵀ·x = b for x (in `b`) with the factor from choleskyInPlaceReference. */
function choleskySolveInPlace(l: Float64Array, d: number, b: Float64Array): void {
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
  let sse = 0;
  for (let j = 0; j < n; j++) {
    let z = base[j] + v[0];
    for (let f = 1; f < d; f++) z += v[f] * design[f * n + j];
    const s = 1 / (1 + Math.exp(-z));
    const e = ratings[j] - RATING_SCALE * s;
    residualOut[j] = e;
    slopeOut[j] = RATING_SCALE * s * (1 - s);
    sse += e * e;
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
export function onlineUpdateUserReference(
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
    for (let c = 0; c < d; c++) {
      const column = c * n;
      let sum = 0;
      for (let j = 0; j < n; j++) {
        const value = slope[j] * design[column + j];
        weighted[column + j] = value;
        sum += value * residual[j];
      }
      rhs[c] = sum - penalty[c] * x[c];
    }
    for (let a = 0; a < d; a++) {
      const columnA = a * n;
      for (let b = 0; b <= a; b++) {
        const columnB = b * n;
        // Four partial sums: lets the JIT overlap the multiply-adds (about 2x faster than one chain).
        let sum0 = 0;
        let sum1 = 0;
        let sum2 = 0;
        let sum3 = 0;
        let j = 0;
        for (; j + 3 < n; j += 4) {
          sum0 += weighted[columnA + j] * weighted[columnB + j];
          sum1 += weighted[columnA + j + 1] * weighted[columnB + j + 1];
          sum2 += weighted[columnA + j + 2] * weighted[columnB + j + 2];
          sum3 += weighted[columnA + j + 3] * weighted[columnB + j + 3];
        }
        for (; j < n; j++) sum0 += weighted[columnA + j] * weighted[columnB + j];
        normal[a * d + b] = sum0 + sum1 + sum2 + sum3;
      }
      normal[a * d + a] += penalty[a];
    }
    let accepted = false;
    for (let attempt = 0; attempt < 8 && !accepted; attempt++) {
      system.set(normal);
      for (let c = 0; c < d; c++) system[c * d + c] = normal[c * d + c] * (1 + damping);
      if (!choleskyInPlaceReference(system, d)) {
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
