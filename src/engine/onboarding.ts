// First run ("rate your way in"): one deterministic order of well-known, diverse movies whose ratings separate tastes.
//
// Greedy sequential design for the online update (Rubens & Sugiyama's active learning for recommenders; Golbandi,
// Koren & Lempel's bootstrapping): a rating of movie i tells the user fit about x_i = [1, q_i] (bias and KMF factors).
// With A = π·I + Σ_{chosen} x_j x_jᵀ (π = the user prior of the online update), the information a rating of i adds is
// log(1 + x_iᵀ A⁻¹ x_i), and after picking j it falls for every movie along x_j's direction (Sherman–Morrison), so look-
// alikes of chosen movies (sequels, same-taste films) lose their gain on their own. Each pick maximises
//
//     seen_i^α · log(1 + x_iᵀ A⁻¹ x_i) · 0.5^(neighbour links to chosen movies) · e^(−γ_g·genres on the page − γ_d·decade on the page)
//
// over the POOL most-voted movies with trained factors; seen_i ∈ (0, 1] mixes log TMDB votes and log training ratings
// (the chance a person has seen it: an unanswered question costs a look and tells nothing). Pages are consecutive
// blocks of the order, so each page mixes genres and decades. Measured against popular-first and random orders in
// `npm run eval` (src/evaluation/onboardingReplay.ts; docs/model-quality.md).
import { ITEM_SOURCE, type Dataset } from './shards/dataset';

export interface OnboardingParams {
  /** Candidates: this many most-voted movies with trained factors (fewer when the catalog has fewer). */
  pool: number;
  /** Movies ordered greedily; the rest of the pool follows by popularity. */
  greedy: number;
  /** The page the diversity penalties look at (the welcome screen's page size). */
  pageSize: number;
  /** Exponent α on the chance of having seen the movie. */
  seenExponent: number;
  /** Exponent on the information gain (0: popularity and diversity only, an ablation). */
  gainExponent: number;
  /** Penalty γ_g per movie on the current page sharing a genre (averaged over the candidate's genres). */
  genrePenalty: number;
  /** Penalty γ_d per movie on the current page from the same decade. */
  decadePenalty: number;
  /** How many of a chosen movie's strongest item neighbours count as look-alikes. */
  neighbourLinks: number;
  /** Prior π of the design matrix; defaults to the shipped online update's priorUser (build.kmf), else 3. */
  prior?: number;
}

/** α = 20 and the penalties chosen by 3-fold validation over training users (docs/model-quality.md "First run"). */
export const DEFAULT_ONBOARDING_PARAMS: OnboardingParams = {
  pool: 1500,
  greedy: 360,
  pageSize: 12,
  seenExponent: 20,
  gainExponent: 1,
  genrePenalty: 0.35,
  decadePenalty: 0.25,
  neighbourLinks: 20,
};

/** log(1 + v) / log(1 + max v) over `rows`, 0..1. */
function logShare(values: ArrayLike<number>, rows: Int32Array): Float64Array {
  let max = 0;
  for (const r of rows) max = Math.max(max, values[r]);
  const scale = max > 0 ? 1 / Math.log1p(max) : 0;
  return Float64Array.from(rows, (r) => Math.log1p(values[r]) * scale);
}

/** The candidate pool: most-voted movies with trained KMF factors (derived ones too when too few are trained), ties by row. */
export function onboardingPool(data: Dataset, size: number): Int32Array {
  const { catalog } = data;
  const model = data.models.kmf;
  const n = catalog.ids.length;
  const byVotes = (source: number) => {
    const rows: number[] = [];
    for (let r = 0; r < n; r++) if (model.itemSource[r] === source) rows.push(r);
    return rows.sort((a, b) => catalog.voteCount[b] - catalog.voteCount[a] || a - b);
  };
  const trained = byVotes(ITEM_SOURCE.trained);
  const rows = trained.length >= Math.min(size, 3 * DEFAULT_ONBOARDING_PARAMS.pageSize) ? trained : [...trained, ...byVotes(ITEM_SOURCE.derived)];
  return Int32Array.from(rows.slice(0, size));
}

/** seen_i for the pool: half log votes, half log training ratings (votes alone when the build had no ratings). */
export function seenChance(data: Dataset, pool: Int32Array): Float64Array {
  const votes = logShare(data.catalog.voteCount, pool);
  const ratings = logShare(data.models.neighbours.ratingCount, pool);
  const hasRatings = ratings.some((x) => x > 0);
  // A floor keeps every candidate's chance positive (log 1 = 0 for an unrated movie).
  return Float64Array.from(votes, (v, i) => 0.05 + 0.95 * (hasRatings ? 0.5 * v + 0.5 * ratings[i] : v));
}

/** Pool rows ordered by popularity (seen_i), most likely seen first: the "most popular first" order. */
export function popularOrder(data: Dataset, params: Partial<OnboardingParams> = {}): Int32Array {
  const pool = onboardingPool(data, params.pool ?? DEFAULT_ONBOARDING_PARAMS.pool);
  const seen = seenChance(data, pool);
  const at = Array.from(pool.keys()).sort((a, b) => seen[b] - seen[a] || pool[a] - pool[b]);
  return Int32Array.from(at, (i) => pool[i]);
}

function decadeOf(year: number): number {
  return year > 0 ? Math.floor(year / 10) : -1;
}

/** The whole onboarding order (catalog rows): greedy over the first `greedy` picks, then the rest of the pool by popularity. */
export function onboardingOrder(data: Dataset, overrides: Partial<OnboardingParams> = {}): Int32Array {
  const params = { ...DEFAULT_ONBOARDING_PARAMS, ...overrides };
  const { catalog } = data;
  const { kmf: model, neighbours: collaborative } = data.models;
  const pool = onboardingPool(data, params.pool);
  const m = pool.length;
  const k = model.factors;
  const d = k + 1;
  const seen = seenChance(data, pool);
  const seenWeight = Float64Array.from(seen, (s) => Math.pow(s, params.seenExponent));
  const trainedPrior = (data.manifest.build?.kmf as { priorUser?: number } | undefined)?.priorUser;
  const prior = params.prior ?? (typeof trainedPrior === 'number' && trainedPrior > 0 ? trainedPrior : 3);

  // x_i = [1, q_i] per candidate; gain_i = x_iᵀ A⁻¹ x_i, kept current by rank-one downdates.
  const x = new Float64Array(m * d);
  const gain = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    x[i * d] = 1;
    let squared = 1;
    for (let f = 0; f < k; f++) {
      const value = model.itemFactors[pool[i] * k + f];
      x[i * d + 1 + f] = value;
      squared += value * value;
    }
    gain[i] = squared / prior;
  }
  const inverse = new Float64Array(d * d);
  for (let a = 0; a < d; a++) inverse[a * d + a] = 1 / prior;
  const w = new Float64Array(d);

  const positionOf = new Map<number, number>();
  pool.forEach((row, i) => positionOf.set(row, i));
  const links = new Uint8Array(m);
  const taken = new Uint8Array(m);
  const genreOnPage = new Uint16Array(32);
  // Decade slots per candidate (unknown years share slot 0), counted per page.
  const decadeSlot = Uint16Array.from(pool, (row) => Math.max(0, decadeOf(catalog.years[row]) - 186));
  const decadeOnPage = new Uint16Array(Math.max(...decadeSlot, 0) + 1);
  const linkFactor = Float64Array.from({ length: 9 }, (_, l) => Math.pow(0.5, l));
  const order: number[] = [];
  const picks = Math.min(params.greedy, m);

  for (let step = 0; step < picks; step++) {
    if (step % params.pageSize === 0) {
      genreOnPage.fill(0);
      decadeOnPage.fill(0);
    }
    let best = -1;
    let bestScore = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < m; i++) {
      if (taken[i]) continue;
      const row = pool[i];
      const mask = catalog.genreMask[row];
      let genres = 0;
      let overlap = 0;
      for (let g = 0; g < 32 && mask >>> g !== 0; g++) {
        if (mask & (1 << g)) {
          genres++;
          overlap += genreOnPage[g];
        }
      }
      const sameDecade = decadeOnPage[decadeSlot[i]];
      const diversity = Math.exp(-params.genrePenalty * (genres > 0 ? overlap / genres : 0) - params.decadePenalty * sameDecade);
      const score = seenWeight[i] * Math.pow(Math.log1p(gain[i]), params.gainExponent) * diversity * linkFactor[links[i]];
      if (score > bestScore) {
        bestScore = score;
        best = i;
      }
    }
    if (best < 0) break;
    taken[best] = 1;
    const row = pool[best];
    order.push(row);
    const mask = catalog.genreMask[row];
    for (let g = 0; g < 32 && mask >>> g !== 0; g++) if (mask & (1 << g)) genreOnPage[g]++;
    decadeOnPage[decadeSlot[best]]++;
    // Movies people rate alongside this one ask much the same question.
    const { indptr, columns, weights } = collaborative.neighbours;
    for (let e = indptr[row], end = Math.min(indptr[row + 1], indptr[row] + params.neighbourLinks); e < end; e++) {
      const at = positionOf.get(columns[e]);
      if (at !== undefined && weights[e] > 0 && links[at] < 8) links[at]++;
    }
    // Sherman–Morrison: w = A⁻¹x_j, A⁻¹ ← A⁻¹ − w wᵀ/c, gain_i ← gain_i − (x_iᵀw)²/c with c = 1 + x_jᵀw.
    const xj = best * d;
    let c = 1;
    for (let a = 0; a < d; a++) {
      let sum = 0;
      for (let b = 0; b < d; b++) sum += inverse[a * d + b] * x[xj + b];
      w[a] = sum;
      c += x[xj + a] * sum;
    }
    for (let a = 0; a < d; a++) for (let b = 0; b < d; b++) inverse[a * d + b] -= (w[a] * w[b]) / c;
    for (let i = 0; i < m; i++) {
      if (taken[i]) continue;
      let dot = 0;
      for (let a = 0, xi = i * d; a < d; a++) dot += x[xi + a] * w[a];
      gain[i] = Math.max(0, gain[i] - (dot * dot) / c);
    }
  }
  // The rest of the pool, most likely seen first.
  const rest = Array.from(pool.keys())
    .filter((i) => !taken[i])
    .sort((a, b) => seen[b] - seen[a] || pool[a] - pool[b]);
  for (const i of rest) order.push(pool[i]);
  return Int32Array.from(order);
}

/** One page of an order with `excluded` rows left out: rows [page·size, (page+1)·size) of what remains, and whether more follow. */
export function orderPage(order: Int32Array, excluded: Set<number>, page: number, size: number): { rows: number[]; hasMore: boolean } {
  const start = page * size;
  const rows: number[] = [];
  let seen = 0;
  for (const row of order) {
    if (excluded.has(row)) continue;
    if (seen >= start + size) return { rows, hasMore: true };
    if (seen >= start) rows.push(row);
    seen++;
  }
  return { rows, hasMore: false };
}
