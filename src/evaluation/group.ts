// Watch together, measured (issue 22): which aggregation gives a group the list that serves its members best?
//
// Protocol: the shipped models are fitted on the training split exactly as build-data fits them and read back through
// the app's reader. Groups are drawn from the users with a vector and at least one held-out like (test rating ≥ 4):
// random groups of 2, 3 and 4, and groups of 3 similar users (an anchor and its two nearest by cosine of KMF user
// vectors). Each strategy's top 10 for the group (nothing any member rated in training) is scored per member: NDCG@10 on
// that member's held-out likes, and per list the share of picks some member rated ≤ 2 in their held-out ratings
// (misery). Baselines from the same groups: each member's own For you (scored for that member only) and the most-rated
// movies (nothing any member rated). Intervals are 95% normal intervals over groups (a group's members are not
// independent, so the group's mean member NDCG is the unit).
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
import { asRatingsTable, userRatings } from './ranking';
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
}

export interface GroupKindResult {
  kind: GroupKind;
  groups: number;
  methods: GroupMethodResult[];
}

export interface GroupEvaluation {
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
  const kinds: GroupKindResult[] = [];
  let groupMs = 0;
  let groupLists = 0;
  for (const [kindIndex, kind] of GROUP_KINDS.entries()) {
    const groups = drawGroups(users, vectors, kind, groupsPerKind, seed * 1000 + kindIndex + 1);
    const perMethod = new Map<string, { group: number[]; worst: number[]; miserable: number; listed: number }>(
      methods.map((m) => [m, { group: [], worst: [], miserable: 0, listed: 0 }]),
    );
    for (const group of groups) {
      let started = performance.now();
      const scores: MemberScores[] = [];
      for (const user of group) {
        const s = await recommender.memberScores(vectors.get(user)!, ratingsOf.get(user) ?? []);
        scores.push({ utility: s.utility, predicted: s.predicted });
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
      const scoresMs = performance.now() - started;
      for (const strategy of GROUP_STRATEGIES) {
        started = performance.now();
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
        };
      }),
    });
    log(`  ${kind}: ${groups.length} groups done`);
  }
  return { k, users: users.length, groupsPerKind, shipped: options.shipped, kinds, fitMs, groupMs: groupLists ? groupMs / groupLists : Number.NaN };
}
