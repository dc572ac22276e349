// Watch together, measured (issue 22): which aggregation gives a group the list that serves its members best?
//
// Protocol: the shipped models are fitted on the training split exactly as build-data fits them and read back through
// the app's reader. Groups are drawn from the users with a vector and at least one held-out like (test rating ≥ 4):
// random groups of 2, 3 and 4, and groups of 3 similar users (an anchor and its two nearest by cosine of KMF user
// vectors). Each strategy's top 10 for the group (nothing any member rated in training) is scored per member: NDCG@10 on
// that member's held-out likes, and per list the share of picks some member rated ≤ 2 in their held-out ratings
// (misery). Baselines from the same groups: each member's own For you (scored for that member only) and the most-rated
// movies (nothing any member rated). Intervals are 95% normal intervals over groups (a group's members are not
// independent, so the group's mean member NDCG is the unit). Several splits (`--seeds`): summariseGroupSplits pools the
// groups of every split for the interval and checks the goals on each split.
import { Engine } from '../engine/engine';
import { aggregateGroup, GROUP_STRATEGIES, type GroupStrategy, type MemberScores } from '../engine/group';
import type { KmfParams } from '../engine/kmf';
import { createRandom } from '../engine/kmf/random';
import { topKOfScores } from '../engine/topK';
import type { Catalog } from '../engine/shards/dataset';
import type { UserRating, UserVector } from '../engine/types';
import { fitModels, inMemoryDataset } from '../pipeline/buildData';
import type { SoupMatrix } from '../pipeline/soup';
import type { RatingDataset } from './dataset';
import { asRatingsTable, userRatings, type Spread } from './ranking';
import { asTmdbId } from '../engine/ids';

export type GroupKind = 'random 2' | 'random 3' | 'random 4' | 'similar 3';
export const GROUP_KINDS: GroupKind[] = ['random 2', 'random 3', 'random 4', 'similar 3'];

export interface Interval {
  mean: number;
  /** Half-width of the 95% normal interval over groups. */
  half: number;
}

export interface GroupMethodResult {
  name: string;
  /** Mean over groups of the group's mean member NDCG@10. */
  ndcg: Interval;
  /** Mean over groups of the worst-served member's NDCG@10. */
  worstMemberNdcg: number;
  /** Share of listed picks that some member rated ≤ 2 in their held-out ratings (null for "own For you": one list per member). */
  misery: number | null;
  /** Shipped strategy's group NDCG minus this method's, per group: mean and 95% half-width (positive: shipped ahead). */
  shippedAhead: Interval | null;
  /** Each group's mean member NDCG@10, in the order the groups were drawn (the same groups for every method). */
  groupNdcg: number[];
}

export interface GroupKindResult {
  kind: GroupKind;
  groups: number;
  methods: GroupMethodResult[];
}

export interface GroupEvaluation {
  seed: number;
  k: number;
  users: number;
  groupsPerKind: number;
  shipped: GroupStrategy;
  kinds: GroupKindResult[];
  fitMs: number;
  /** Mean time of one group list (every member's scores and the aggregation), ms in Node. */
  groupMs: number;
}

export interface GroupEvaluationOptions {
  k?: number;
  groupsPerKind?: number;
  seed?: number;
  kmfParams?: Partial<KmfParams>;
  shipped: GroupStrategy;
  log?: (message: string) => void;
}

export function interval(values: number[]): Interval {
  const n = values.length;
  if (n === 0) return { mean: Number.NaN, half: Number.NaN };
  const mean = values.reduce((a, b) => a + b, 0) / n;
  const variance = n > 1 ? values.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1) : 0;
  return { mean, half: 1.96 * Math.sqrt(variance / n) };
}

/** NDCG@k of one list (TMDB ids) against a set of relevant ids (binary gains). */
export function ndcgAt(list: number[], relevant: Set<number>, k: number): number {
  let dcg = 0;
  list.slice(0, k).forEach((id, rank) => {
    if (relevant.has(id)) dcg += 1 / Math.log2(rank + 2);
  });
  let idcg = 0;
  for (let r = 0; r < Math.min(k, relevant.size); r++) idcg += 1 / Math.log2(r + 2);
  return idcg > 0 ? dcg / idcg : 0;
}

function cosine(a: number[], b: number[]): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let f = 0; f < a.length; f++) {
    dot += a[f] * b[f];
    na += a[f] * a[f];
    nb += b[f] * b[f];
  }
  return na > 0 && nb > 0 ? dot / Math.sqrt(na * nb) : 0;
}

/** Draws the groups of each kind (users as training indices), deterministic for a seed. */
export function drawGroups(users: number[], vectors: Map<number, UserVector>, kind: GroupKind, count: number, seed: number): number[][] {
  const random = createRandom(seed);
  const pick = () => users[Math.floor(random() * users.length)];
  const groups: number[][] = [];
  const size = Number(kind.split(' ')[1]);
  const seen = new Set<string>();
  for (let attempt = 0; groups.length < count && attempt < count * 20; attempt++) {
    let group: number[];
    if (kind.startsWith('similar')) {
      const anchor = pick();
      const a = vectors.get(anchor)!.factors;
      group = [
        anchor,
        ...users
          .filter((u) => u !== anchor)
          .map((u) => ({ u, s: cosine(a, vectors.get(u)!.factors) }))
          .sort((x, y) => y.s - x.s)
          .slice(0, size - 1)
          .map((x) => x.u),
      ];
    } else {
      const set = new Set<number>();
      while (set.size < size) set.add(pick());
      group = [...set];
    }
    const key = [...group].sort((x, y) => x - y).join(',');
    if (seen.has(key)) continue;
    seen.add(key);
    groups.push(group);
  }
  return groups;
}

export async function evaluateGroups(
  catalog: Catalog,
  soup: SoupMatrix,
  train: RatingDataset,
  test: RatingDataset,
  options: GroupEvaluationOptions,
): Promise<GroupEvaluation> {
  const k = options.k ?? 10;
  const groupsPerKind = options.groupsPerKind ?? 200;
  const seed = options.seed ?? 0;
  const log = options.log ?? (() => {});
  log('watch together: fitting the shipped models on the training split ...');
  const fitStart = performance.now();
  const engine = new Engine(await inMemoryDataset(catalog, soup, fitModels(catalog, soup, asRatingsTable(train), { kmf: options.kmfParams })));
  const fitMs = performance.now() - fitStart;
  const recommender = engine.recommender;
  const n = recommender.size;
  const ids = engine.data.catalog.ids;
  const ratingsOf = userRatings(train);
  const likes = new Map<number, Set<number>>();
  const misery = new Map<number, Set<number>>();
  for (let t = 0; t < test.count; t++) {
    const target = test.rating[t] >= 4 ? likes : test.rating[t] <= 2 ? misery : null;
    if (!target) continue;
    const u = test.user[t];
    if (!target.has(u)) target.set(u, new Set());
    target.get(u)!.add(test.tmdbIds[test.item[t]]);
  }
  const vectors = new Map<number, UserVector>();
  for (const user of likes.keys()) {
    const vector = engine.fitUser(ratingsOf.get(user) ?? []);
    if (vector) vectors.set(user, vector);
  }
  const users = [...vectors.keys()].sort((a, b) => a - b);
  log(`watch together: ${users.length} users with a vector and a held-out like; ${groupsPerKind} groups per kind`);
  // Popularity as the shipped priors see it: log of the training rating count.
  const popularity = recommender.priors.popularity;
  const ratedRows = (user: number) =>
    (ratingsOf.get(user) ?? []).flatMap((r: UserRating) => (recommender.ids.has(asTmdbId(r.movieId)) ? [recommender.ids.rowOf(asTmdbId(r.movieId))!] : []));
  const methods = [...GROUP_STRATEGIES, 'own For you', 'most popular'] as const;
  // A member's scores depend only on the fitted models and their training ratings, and users recur across groups:
  // computed once per user (with the time it took, so groupMs still counts every member's scoring).
  const scoreCache = new Map<number, { member: MemberScores; ms: number }>();
  const scoresOf = async (user: number) => {
    let cached = scoreCache.get(user);
    if (!cached) {
      const started = performance.now();
      const s = await recommender.memberScores(vectors.get(user)!, ratingsOf.get(user) ?? []);
      cached = { member: { utility: s.utility, predicted: s.predicted }, ms: performance.now() - started };
      scoreCache.set(user, cached);
    }
    return cached;
  };
  const kinds: GroupKindResult[] = [];
  let groupMs = 0;
  let groupLists = 0;
  for (const [kindIndex, kind] of GROUP_KINDS.entries()) {
    const groups = drawGroups(users, vectors, kind, groupsPerKind, seed * 1000 + kindIndex + 1);
    const perMethod = new Map<string, { group: number[]; worst: number[]; miserable: number; listed: number }>(
      methods.map((m) => [m, { group: [], worst: [], miserable: 0, listed: 0 }]),
    );
    for (const group of groups) {
      let scoresMs = 0;
      const scores: MemberScores[] = [];
      for (const user of group) {
        const { member, ms } = await scoresOf(user);
        scores.push(member);
        scoresMs += ms;
      }
      const excluded = new Uint8Array(n);
      for (const user of group) for (const row of ratedRows(user)) excluded[row] = 1;
      const record = (method: string, perMember: number[], list: number[] | null) => {
        const entry = perMethod.get(method)!;
        entry.group.push(perMember.reduce((a, b) => a + b, 0) / perMember.length);
        entry.worst.push(Math.min(...perMember));
        if (list) {
          for (const id of list) if (group.some((u) => misery.get(u)?.has(id))) entry.miserable++;
          entry.listed += list.length;
        }
      };
      for (const strategy of GROUP_STRATEGIES) {
        const started = performance.now();
        const list = aggregateGroup(scores, { strategy, k, excluded }).map((p) => ids[p.row]);
        if (strategy === options.shipped) {
          groupMs += scoresMs + performance.now() - started;
          groupLists++;
        }
        record(
          strategy,
          group.map((u) => ndcgAt(list, likes.get(u)!, k)),
          list,
        );
      }
      // Each member's own For you: their utility with only their own ratings left out.
      record(
        'own For you',
        group.map((u, j) => {
          const own = Float32Array.from(scores[j].utility);
          for (const row of ratedRows(u)) own[row] = Number.NEGATIVE_INFINITY;
          return ndcgAt(
            topKOfScores(own, n, k).map((row) => ids[row]),
            likes.get(u)!,
            k,
          );
        }),
        null,
      );
      const popular = Float32Array.from(popularity);
      for (let i = 0; i < n; i++) if (excluded[i] === 1) popular[i] = Number.NEGATIVE_INFINITY;
      const popularList = topKOfScores(popular, n, k).map((row) => ids[row]);
      record(
        'most popular',
        group.map((u) => ndcgAt(popularList, likes.get(u)!, k)),
        popularList,
      );
    }
    const shippedGroups = perMethod.get(options.shipped)!.group;
    kinds.push({
      kind,
      groups: groups.length,
      methods: methods.map((name) => {
        const entry = perMethod.get(name)!;
        return {
          name,
          ndcg: interval(entry.group),
          worstMemberNdcg: entry.worst.reduce((a, b) => a + b, 0) / Math.max(1, entry.worst.length),
          misery: entry.listed > 0 ? entry.miserable / entry.listed : null,
          shippedAhead: name === options.shipped ? null : interval(shippedGroups.map((x, g) => x - entry.group[g])),
          groupNdcg: entry.group,
        };
      }),
    });
    log(`  ${kind}: ${groups.length} groups done`);
  }
  return { seed, k, users: users.length, groupsPerKind, shipped: options.shipped, kinds, fitMs, groupMs: groupLists ? groupMs / groupLists : Number.NaN };
}

/** One method of one group kind over several splits. */
export interface GroupMethodSplits {
  name: string;
  /** The per-split mean member NDCG@10: mean [min–max] over splits. */
  ndcg: Spread;
  /** Every group of every split pooled: mean and 95% normal half-width (see summariseGroupSplits). */
  pooled: Interval;
  /** 95% t interval over the split means alone (every source of variation, no independence assumed between groups). */
  overSplits: Interval;
  worstMemberNdcg: Spread;
  misery: Spread | null;
  /** Shipped minus this method, per split (mean [min–max]) and pooled paired over every group of every split. */
  shippedAhead: { splits: Spread; pooled: Interval } | null;
}

/** The goals on one split and group kind: shipped ahead of most popular, and no strategy clearly ahead of shipped. */
export interface GroupGoalCheck {
  seed: number;
  kind: GroupKind;
  /** Shipped minus most popular (paired, ± 95%); the goal needs its lower end above 0. */
  overPopular: Interval;
  beatsPopular: boolean;
  /** Strategies whose paired lead over shipped exceeds its 95% interval on this split. */
  beatenBy: string[];
}

export interface GroupSplitSummary {
  seeds: number[];
  shipped: GroupStrategy;
  kinds: { kind: GroupKind; groups: number; methods: GroupMethodSplits[] }[];
  /** Per split and kind. */
  checks: GroupGoalCheck[];
  /** The same two tests on the pooled groups of every split, per kind. */
  pooledChecks: { kind: GroupKind; overPopular: Interval; beatsPopular: boolean; beatenBy: string[] }[];
  /** Whether every check (per split and pooled) passed. */
  goalMet: boolean;
}

// Two-sided 95% Student t quantiles for 1–20 degrees of freedom (a handful of splits is far from normal).
const T95 = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12, 2.11, 2.101, 2.093, 2.086];

/** 95% t interval of the mean of a few values (Student t with n − 1 degrees of freedom; the normal 1.96 beyond 21 values). */
export function tInterval(values: number[]): Interval {
  const n = values.length;
  if (n === 0) return { mean: Number.NaN, half: Number.NaN };
  const mean = values.reduce((a, b) => a + b, 0) / n;
  if (n === 1) return { mean, half: Number.NaN };
  const sd = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1));
  return { mean, half: (T95[n - 2] ?? 1.96) * (sd / Math.sqrt(n)) };
}

const spreadOf = (values: number[]): Spread => ({
  mean: values.reduce((a, b) => a + b, 0) / values.length,
  min: Math.min(...values),
  max: Math.max(...values),
});

/** Paired test of the goals on aligned per-group values: shipped vs popular, and each strategy vs shipped. */
function goalTests(shipped: number[], byMethod: Map<string, number[]>): { overPopular: Interval; beatsPopular: boolean; beatenBy: string[] } {
  const diff = (other: number[]) => interval(shipped.map((x, g) => x - other[g]));
  const overPopular = diff(byMethod.get('most popular')!);
  const beatenBy = GROUP_STRATEGIES.filter((name) => {
    const ahead = diff(byMethod.get(name)!);
    return ahead.mean + ahead.half < 0;
  });
  return { overPopular, beatsPopular: overPopular.mean - overPopular.half > 0, beatenBy };
}

/**
 * The watch-together protocol over several splits (runs from evaluateGroups, one per split seed, same options). Per
 * method: the split means as mean [min–max]; the pooled interval treats every group of every split as one sample (the
 * mean of all groups' mean member NDCG@10 ± 1.96 · sd / √(groups × splits)), which counts the between-split spread in
 * the sd but takes groups of different splits as independent although the splits share users; overSplits is the
 * assumption-free t interval over the split means. Paired differences are pooled the same way (groups are aligned
 * within a split: every method lists for the same groups).
 */
export function summariseGroupSplits(runs: GroupEvaluation[]): GroupSplitSummary {
  if (runs.length === 0) throw new RangeError('summariseGroupSplits needs at least one run.');
  const shipped = runs[0].shipped;
  for (const run of runs) {
    if (run.shipped !== shipped) throw new RangeError(`Split seed ${run.seed} shipped ${run.shipped}, split seed ${runs[0].seed} ${shipped}.`);
    if (run.kinds.map((k) => k.kind).join() !== runs[0].kinds.map((k) => k.kind).join())
      throw new RangeError(`Split seed ${run.seed} measured other group kinds than split seed ${runs[0].seed}.`);
  }
  const checks: GroupGoalCheck[] = [];
  const pooledChecks: GroupSplitSummary['pooledChecks'] = [];
  const kinds = runs[0].kinds.map(({ kind }, kindIndex) => {
    const perRun = runs.map((run) => run.kinds[kindIndex]);
    const names = perRun[0].methods.map((m) => m.name);
    const method = (r: GroupKindResult, name: string) => {
      const found = r.methods.find((m) => m.name === name);
      if (!found) throw new RangeError(`Method ${name} missing from ${kind} in one split.`);
      return found;
    };
    const pooledOf = (name: string) => perRun.flatMap((r) => method(r, name).groupNdcg);
    for (const [i, r] of perRun.entries())
      checks.push({ seed: runs[i].seed, kind, ...goalTests(method(r, shipped).groupNdcg, new Map(names.map((n) => [n, method(r, n).groupNdcg]))) });
    pooledChecks.push({ kind, ...goalTests(pooledOf(shipped), new Map(names.map((n) => [n, pooledOf(n)]))) });
    const shippedPooled = pooledOf(shipped);
    return {
      kind,
      groups: perRun.reduce((a, r) => a + r.groups, 0),
      methods: names.map((name): GroupMethodSplits => {
        const ms = perRun.map((r) => method(r, name));
        const pooled = pooledOf(name);
        return {
          name,
          ndcg: spreadOf(ms.map((m) => m.ndcg.mean)),
          pooled: interval(pooled),
          overSplits: tInterval(ms.map((m) => m.ndcg.mean)),
          worstMemberNdcg: spreadOf(ms.map((m) => m.worstMemberNdcg)),
          misery: ms.every((m) => m.misery !== null) ? spreadOf(ms.map((m) => m.misery!)) : null,
          shippedAhead:
            name === shipped ? null : { splits: spreadOf(ms.map((m) => m.shippedAhead!.mean)), pooled: interval(shippedPooled.map((x, g) => x - pooled[g])) },
        };
      }),
    };
  });
  const goalMet = [...checks, ...pooledChecks].every((c) => c.beatsPopular && c.beatenBy.length === 0);
  return { seeds: runs.map((r) => r.seed), shipped, kinds, checks, pooledChecks, goalMet };
}
