// Watch together (issue 22): one list for a group from each member's own scores. Pure functions over per-row arrays, so the
// worker, the evaluation (src/evaluation/group.ts) and the unit tests run the same code.
import { kthLargest, topKOfScores } from './topK';
import type { LengthMood } from './types';

export const GROUP_STRATEGIES = ['average', 'least-misery', 'most-pleasure', 'average-without-misery', 'fair'] as const;
/**
 * average: mean utility; least-misery: the least happy member's utility; most-pleasure: the happiest member's;
 * average-without-misery: the mean, with every movie some member is predicted to rate below the misery line left out;
 * fair: half the mean, half the least happy member (a fairness-aware blend).
 */
export type GroupStrategy = (typeof GROUP_STRATEGIES)[number];

/**
 * The strategy the app ships, chosen by measurement (docs/model-quality.md, "Watch together"): over five splits of
 * ratings_small most pleasure had the best mean member NDCG@10 for groups of 2, 3 and 4 and of similar users and the best
 * worst-served member; average and average without misery trailed it by 0.003–0.009 for random groups (just outside the
 * paired 95% interval) and tied for similar users; most popular trailed by 0.029–0.071.
 */
export const DEFAULT_GROUP_STRATEGY: GroupStrategy = 'most-pleasure';
/** Predicted ★ below this for any member keeps a movie out of average-without-misery. */
export const MISERY_LINE = 2.5;
/** A member is listed as suited by a movie predicted at least this many ★ for them. */
export const SUITS_LINE = 3.5;
/** Each member's utility is scaled so their best eligible movie is 1 and their SCALE_RANK-th best is 0. */
export const SCALE_RANK = 1000;

/** One member's score of every catalog row: higher is better (−∞ = cannot be listed), and the predicted ★ (NaN = unknown). */
export interface MemberScores {
  utility: Float32Array;
  predicted: Float32Array;
}

export interface GroupAggregateOptions {
  strategy: GroupStrategy;
  k: number;
  /** 1 for rows never to list (rated or hidden by a member, outside the mood filters). */
  excluded: Uint8Array;
  miseryLine?: number;
}

export interface GroupPickRow {
  row: number;
  score: number;
  /** Per member, in the order given: their scaled utility and predicted ★ (NaN unknown). */
  utilities: number[];
  predicted: number[];
}

/**
 * Rescales one member's utilities to be comparable with the others' (scores of different people have different
 * ranges): (u − u_SCALE_RANK) / (u_best − u_SCALE_RANK) over the rows not excluded; −∞ stays −∞.
 */
export function scaleUtility(utility: Float32Array, excluded: Uint8Array, scaleRank = SCALE_RANK): Float32Array {
  const n = utility.length;
  const open = new Float32Array(n);
  let count = 0;
  let best = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    const u = utility[i];
    if (excluded[i] === 1 || u === Number.NEGATIVE_INFINITY || u !== u) continue;
    open[count++] = u;
    if (u > best) best = u;
  }
  const out = new Float32Array(n).fill(Number.NEGATIVE_INFINITY);
  if (count === 0) return out;
  const floor = count > scaleRank ? kthLargest(open, count, scaleRank - 1) : Math.min(...open.subarray(0, count));
  const span = best - floor > 1e-12 ? best - floor : 1;
  for (let i = 0; i < n; i++) {
    const u = utility[i];
    if (u === Number.NEGATIVE_INFINITY || u !== u) continue;
    out[i] = (u - floor) / span;
  }
  return out;
}

/** One row's group score from the members' scaled utilities and predicted ★ (−∞: not listed). */
export function groupScore(strategy: GroupStrategy, utilities: ArrayLike<number>, predicted: ArrayLike<number>, miseryLine = MISERY_LINE): number {
  const m = utilities.length;
  if (m === 0) return Number.NEGATIVE_INFINITY;
  let sum = 0;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (let j = 0; j < m; j++) {
    const u = utilities[j];
    if (u === Number.NEGATIVE_INFINITY || u !== u) return Number.NEGATIVE_INFINITY;
    sum += u;
    if (u < min) min = u;
    if (u > max) max = u;
  }
  const mean = sum / m;
  switch (strategy) {
    case 'average':
      return mean;
    case 'least-misery':
      // Ties on the least happy member are broken by the mean.
      return min + 1e-3 * mean;
    case 'most-pleasure':
      return max + 1e-3 * mean;
    case 'fair':
      return 0.5 * mean + 0.5 * min;
    case 'average-without-misery':
      for (let j = 0; j < m; j++) if (predicted[j] < miseryLine) return Number.NEGATIVE_INFINITY;
      return mean;
  }
}

/** The top `k` rows for the group, best first, each with every member's scaled utility and predicted ★. */
export function aggregateGroup(members: MemberScores[], options: GroupAggregateOptions): GroupPickRow[] {
  if (members.length === 0) throw new RangeError('A group needs at least one member.');
  const n = members[0].utility.length;
  for (const [j, member] of members.entries()) {
    if (member.utility.length !== n || member.predicted.length !== n)
      throw new RangeError(`Member ${j + 1}'s scores cover ${member.utility.length} movies, the first member's ${n}.`);
  }
  if (options.excluded.length !== n) throw new RangeError(`The exclusion mask covers ${options.excluded.length} movies, the scores ${n}.`);
  const scaled = members.map((member) => scaleUtility(member.utility, options.excluded));
  const scores = new Float32Array(n);
  const u = new Float64Array(members.length);
  const p = new Float64Array(members.length);
  for (let i = 0; i < n; i++) {
    if (options.excluded[i] === 1) {
      scores[i] = Number.NEGATIVE_INFINITY;
      continue;
    }
    for (let j = 0; j < members.length; j++) {
      u[j] = scaled[j][i];
      p[j] = members[j].predicted[i];
    }
    scores[i] = groupScore(options.strategy, u, p, options.miseryLine);
  }
  return topKOfScores(scores, n, options.k).map((row) => ({
    row,
    score: scores[row],
    utilities: scaled.map((s) => s[row]),
    predicted: members.map((member) => member.predicted[row]),
  }));
}

/** The mood filters as a row test (null: every row passes): genre bit (−1 any) and decade start year (null any). */
export function moodFilter(
  catalog: { genreMask: Uint32Array; years: Uint16Array },
  genreBit: number,
  decade: number | null,
): ((row: number) => boolean) | null {
  if (genreBit < 0 && decade === null) return null;
  const genreMask = genreBit < 0 ? 0 : 1 << genreBit;
  return (row) =>
    (genreMask === 0 || (catalog.genreMask[row] & genreMask) !== 0) && (decade === null || (catalog.years[row] >= decade && catalog.years[row] < decade + 10));
}

/**
 * The length moods' runtimes in minutes, both ends included. Short is under 100 (a weeknight; most comedies and
 * animation), long is over 140 (an epic evening), standard is the common feature length between them.
 */
export const LENGTH_MOODS: Record<LengthMood, { min: number; max: number }> = {
  short: { min: 1, max: 99 },
  standard: { min: 100, max: 140 },
  long: { min: 141, max: Number.POSITIVE_INFINITY },
};

/** Whether a runtime (minutes, 0 = unknown) fits the mood; an unknown runtime fits none. */
export function fitsLength(minutes: number, mood: LengthMood): boolean {
  const { min, max } = LENGTH_MOODS[mood];
  return minutes > 0 && minutes >= min && minutes <= max;
}

/**
 * Under a length mood, excludes every open row (excluded 0) whose runtime does not fit; returns how many of those had no
 * known runtime (what the page says was left out for want of one).
 */
export function excludeByLength(excluded: Uint8Array, runtimes: Uint16Array, mood: LengthMood): number {
  if (runtimes.length !== excluded.length) throw new RangeError(`The runtimes cover ${runtimes.length} movies, the catalog ${excluded.length}.`);
  let unknown = 0;
  for (let i = 0; i < excluded.length; i++) {
    if (excluded[i] === 1 || fitsLength(runtimes[i], mood)) continue;
    if (runtimes[i] === 0) unknown++;
    excluded[i] = 1;
  }
  return unknown;
}
