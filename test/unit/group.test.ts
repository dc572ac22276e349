// Watch together (issue 22): the pure aggregation (src/engine/group.ts) and the engine's group list on the tiny catalog.
import { afterAll, describe, expect, it } from 'vitest';
import { aggregateGroup, GROUP_STRATEGIES, groupScore, moodFilter, scaleUtility, type GroupStrategy, type MemberScores } from '../../src/engine/group';
import type { GroupEvaluation } from '../../src/evaluation/group';
import { randomSplit } from '../../src/evaluation/dataset';
import { Engine, MAX_GROUP_MEMBERS } from '../../src/engine/engine';
import { tinyDataset } from '../helpers/tinyDataset';
import { demoTraining, type DemoTraining } from '../helpers/demoTraining';
import { asTmdbId } from '../../src/engine/ids';

const f32 = (values: number[]) => Float32Array.from(values);
const member = (utility: number[], predicted: number[]): MemberScores => ({ utility: f32(utility), predicted: f32(predicted) });
const none = (n: number) => new Uint8Array(n);

describe('group aggregation', () => {
  // Ada loves movie 0 and hates movie 1; Ben likes movie 1 most; movie 2 is fine for both.
  const ada = member([1, 0, 0.7, 0.1], [4.8, 1.5, 4.0, 3.0]);
  const ben = member([0.2, 1, 0.7, 0.1], [3.0, 4.9, 4.0, 3.0]);

  it('each strategy picks what its definition says', () => {
    const top = (strategy: Parameters<typeof aggregateGroup>[1]['strategy']) =>
      aggregateGroup([ada, ben], { strategy, k: 4, excluded: none(4) }).map((p) => p.row);
    // Scaled so each member's best is 1 and their worst (fewer than 1000 rows) 0: Ada [1, 0, .67, .1→0.1], Ben [.11, 1, .67, 0].
    expect(top('average')[0]).toBe(2);
    expect(top('least-misery')[0]).toBe(2);
    expect(top('most-pleasure').slice(0, 2).sort()).toEqual([0, 1]);
    // Movie 1 is predicted 1.5★ for Ada: never listed without misery, whatever Ben thinks.
    expect(top('average-without-misery')).not.toContain(1);
    expect(top('average')).toContain(1);
    expect(top('fair')[0]).toBe(2);
  });

  it('never lists an excluded row, and reports every member’s utility and predicted ★ per pick', () => {
    const excluded = Uint8Array.from([0, 0, 1, 0]);
    const picks = aggregateGroup([ada, ben], { strategy: 'average', k: 10, excluded });
    expect(picks.map((p) => p.row)).not.toContain(2);
    expect(picks).toHaveLength(3);
    const first = picks[0];
    expect(first.predicted).toEqual([ada.predicted[first.row], ben.predicted[first.row]]);
    expect(first.utilities).toHaveLength(2);
    // Scores are best first.
    for (let i = 1; i < picks.length; i++) expect(picks[i - 1].score).toBeGreaterThanOrEqual(picks[i].score);
  });

  it('scales each member to the same range, so a member with larger raw scores does not outvote the other', () => {
    const loud = member([100, 0, 60], [4, 4, 4]);
    const quiet = member([0, 1, 0.5], [4, 4, 4]);
    const scaledLoud = scaleUtility(loud.utility, none(3));
    expect(Array.from(scaledLoud)).toEqual([1, 0, expect.closeTo(0.6, 5)]);
    // Unscaled, movie 0 (100 + 0) would win; scaled, the compromise movie 2 (0.6 + 0.5) does.
    expect(aggregateGroup([loud, quiet], { strategy: 'average', k: 1, excluded: none(3) })[0].row).toBe(2);
  });

  it('−∞ for any member keeps a movie out; unknown predicted ★ (NaN) does not count as misery', () => {
    expect(groupScore('average', [0.5, Number.NEGATIVE_INFINITY], [4, 4])).toBe(Number.NEGATIVE_INFINITY);
    expect(groupScore('average-without-misery', [0.5, 0.5], [Number.NaN, 4])).toBeCloseTo(0.5);
    expect(groupScore('average-without-misery', [0.5, 0.5], [2.4, 4])).toBe(Number.NEGATIVE_INFINITY);
    expect(groupScore('least-misery', [0.9, 0.2], [4, 4])).toBeCloseTo(0.2 + 1e-3 * 0.55);
  });

  it('rejects mismatched inputs with a message naming the member', () => {
    expect(() => aggregateGroup([], { strategy: 'average', k: 1, excluded: none(1) })).toThrow(/at least one member/);
    expect(() => aggregateGroup([ada, member([1], [4])], { strategy: 'average', k: 1, excluded: none(4) })).toThrow(/Member 2/);
  });

  it('the mood filter keeps a genre and a decade', () => {
    const catalog = { genreMask: Uint32Array.from([1, 2, 3]), years: Uint16Array.from([1995, 1999, 2001]) };
    expect(moodFilter(catalog, -1, null)).toBeNull();
    const rows = (f: ((row: number) => boolean) | null) => [0, 1, 2].filter((r) => f!(r));
    expect(rows(moodFilter(catalog, 1, null))).toEqual([1, 2]);
    expect(rows(moodFilter(catalog, -1, 1990))).toEqual([0, 1]);
    expect(rows(moodFilter(catalog, 0, 1990))).toEqual([0]);
  });
});

describe('engine: watch together', () => {
  it('lists nothing any member rated or hid, explains each pick per member with the ★ predictRatings gives', async () => {
    const engine = new Engine(
      await tinyDataset({
        neighbours: [
          [10, 11, 0.5],
          [14, 16, 0.4],
          [10, 12, 0.3],
        ],
      }),
    );
    const ada = { name: 'Ada', ratings: [{ movieId: 10, rating: 5 }], hiddenIds: [13] };
    const ben = { name: 'Ben', ratings: [{ movieId: 14, rating: 4.5 }] };
    const { picks } = await engine.groupRecommend([ada, ben], { k: 10 });
    const ids = picks.map((p) => p.movie.id);
    expect(ids.length).toBeGreaterThan(0);
    for (const banned of [10, 14, 13]) expect(ids).not.toContain(banned);
    // Movies without a model vector cannot be predicted for anyone.
    expect(ids).not.toContain(16 + 1);
    const adaVector = engine.fitUser(ada.ratings)!;
    for (const pick of picks) {
      expect(pick.members.map((m) => m.name)).toEqual(['Ada', 'Ben']);
      const [expected] = await engine.predictRatings(adaVector, [asTmdbId(pick.movie.id)]);
      expect(pick.members[0].predictedRating).toBeCloseTo(expected!, 5);
      expect(pick.members[0].suits).toBe(expected! >= 3.5);
    }
    // Toy Tale 2 is Toy Tale's neighbour: the explanation names the movie Ada rated.
    const sequel = picks.find((p) => p.movie.id === 11);
    expect(sequel?.members[0].becauseTheyRated).toBe('Toy Tale');
    expect(sequel?.members[1].becauseTheyRated).toBeNull();
  });

  it('includeRated lists rated movies when asked; genre and decade narrow the list; an unknown genre gives nothing', async () => {
    const engine = new Engine(await tinyDataset());
    const ada = {
      name: 'Ada',
      ratings: [
        { movieId: 10, rating: 5 },
        { movieId: 12, rating: 4 },
      ],
    };
    const ben = { name: 'Ben', ratings: [{ movieId: 11, rating: 4 }] };
    expect((await engine.groupRecommend([ada, ben], { k: 10 })).picks.map((p) => p.movie.id)).not.toContain(10);
    const withRated = (await engine.groupRecommend([ada, ben], { k: 10, includeRated: true, strategy: 'average' })).picks.map((p) => p.movie.id);
    expect(withRated).toEqual(expect.arrayContaining([10, 11, 12]));
    const { picks: comedies } = await engine.groupRecommend([ada, ben], { k: 10, genre: 'Comedy', strategy: 'average' });
    expect(comedies.length).toBeGreaterThan(0);
    for (const pick of comedies) expect(pick.movie.genres).toContain('Comedy');
    const { picks: seventies } = await engine.groupRecommend([ada, ben], { k: 10, decade: 1970, strategy: 'average' });
    expect(seventies.map((p) => p.movie.id)).toEqual([14]);
    expect(await engine.groupRecommend([ada, ben], { genre: 'Western' })).toEqual({ picks: [], unknownRuntime: 0 });
  });

  it('a member without usable ratings counts with the priors, predicted ★ unknown; group size is 1–6', async () => {
    const engine = new Engine(await tinyDataset());
    const { picks } = await engine.groupRecommend(
      [
        { name: 'Ada', ratings: [{ movieId: 10, rating: 5 }] },
        { name: 'New', ratings: [] },
      ],
      { k: 3 },
    );
    expect(picks).toHaveLength(3);
    for (const pick of picks) expect(pick.members[1]).toEqual({ name: 'New', predictedRating: null, suits: false, becauseTheyRated: null });
    await expect(async () => engine.groupRecommend([], {})).rejects.toThrow(/1 to 6/);
    const seven = Array.from({ length: MAX_GROUP_MEMBERS + 1 }, (_, i) => ({ name: `P${i}`, ratings: [] }));
    await expect(async () => engine.groupRecommend(seven, {})).rejects.toThrow(/got 7/);
  });
});

describe('the watch-together evaluation helpers', () => {
  it('NDCG@k of a list, 95% interval over groups, and deterministic groups without repeats', async () => {
    const { drawGroups, interval, ndcgAt } = await import('../../src/evaluation/group');
    expect(ndcgAt([1, 2, 3], new Set([1]), 10)).toBe(1);
    expect(ndcgAt([2, 1], new Set([1]), 10)).toBeCloseTo(1 / Math.log2(3));
    expect(ndcgAt([2, 3], new Set([1]), 10)).toBe(0);
    const ci = interval([1, 2, 3, 4]);
    expect(ci.mean).toBe(2.5);
    expect(ci.half).toBeCloseTo((1.96 * Math.sqrt(5 / 3)) / 2, 6);
    const users = Array.from({ length: 20 }, (_, i) => i);
    const vectors = new Map(users.map((u) => [u, { modelVersion: 'x', bias: 0, ratingCount: 1, factors: [Math.cos(u), Math.sin(u)] }]));
    const groups = drawGroups(users, vectors, 'random 3', 30, 7);
    expect(groups).toHaveLength(30);
    expect(drawGroups(users, vectors, 'random 3', 30, 7)).toEqual(groups);
    for (const g of groups) expect(new Set(g).size).toBe(3);
    expect(new Set(groups.map((g) => [...g].sort().join())).size).toBe(30);
    // Similar groups: the anchor's two nearest by cosine (here the neighbours on the circle, u ± 1 mod 2π steps).
    for (const [anchor, ...rest] of drawGroups(users, vectors, 'similar 3', 5, 1)) {
      const others = users.filter((u) => u !== anchor).sort((a, b) => Math.cos(b - anchor) - Math.cos(a - anchor));
      expect(rest.sort()).toEqual(others.slice(0, 2).sort());
    }
  });
});

describe('the watch-together evaluation over several splits', () => {
  // A run as evaluateGroups returns it, from each method's per-group mean member NDCG (the same groups for every method).
  const run = async (seed: number, perGroup: Record<string, number[]>, shipped: GroupStrategy = 'most-pleasure'): Promise<GroupEvaluation> => {
    const { interval } = await import('../../src/evaluation/group');
    const methods = [...GROUP_STRATEGIES, 'own For you', 'most popular'].map((name) => {
      const values = perGroup[name] ?? perGroup.rest;
      return {
        name,
        ndcg: interval(values),
        worstMemberNdcg: values[0] / 2,
        misery: name === 'own For you' ? null : 0.01 * (seed + 1),
        shippedAhead: name === shipped ? null : interval((perGroup[shipped] ?? perGroup.rest).map((x, g) => x - values[g])),
        groupNdcg: values,
      };
    });
    return {
      seed,
      k: 10,
      users: 50,
      groupsPerKind: perGroup.rest.length,
      shipped,
      kinds: [{ kind: 'random 2', groups: perGroup.rest.length, methods }],
      fitMs: 1,
      groupMs: 1,
    };
  };

  it('split means as mean [min–max], the pooled interval over every group of every split, and a t interval over split means', async () => {
    const { summariseGroupSplits, interval, tInterval } = await import('../../src/evaluation/group');
    const a = { 'most-pleasure': [0.3, 0.2, 0.4, 0.3], 'most popular': [0.1, 0.1, 0.2, 0.0], rest: [0.2, 0.2, 0.3, 0.2] };
    const b = { 'most-pleasure': [0.5, 0.4, 0.3, 0.4], 'most popular': [0.2, 0.1, 0.1, 0.2], rest: [0.3, 0.3, 0.3, 0.2] };
    const summary = summariseGroupSplits([await run(3, a), await run(7, b)]);
    expect(summary.seeds).toEqual([3, 7]);
    const [kind] = summary.kinds;
    expect(kind.groups).toBe(8);
    const shipped = kind.methods.find((m) => m.name === 'most-pleasure')!;
    expect(shipped.ndcg.mean).toBeCloseTo((0.3 + 0.4) / 2, 10);
    expect(shipped.ndcg.min).toBeCloseTo(0.3, 10);
    expect(shipped.ndcg.max).toBeCloseTo(0.4, 10);
    const pooled = [...a['most-pleasure'], ...b['most-pleasure']];
    expect(shipped.pooled.mean).toBeCloseTo(0.35, 10);
    expect(shipped.pooled.half).toBeCloseTo(interval(pooled).half, 10);
    // Two split means 0.3 and 0.4: t with 1 degree of freedom (12.706) × sd 0.0707 / √2.
    expect(shipped.overSplits.half).toBeCloseTo((12.706 * Math.SQRT1_2 * 0.1) / Math.SQRT2, 6);
    expect(tInterval([1, 2, 3, 4, 5]).half).toBeCloseTo((2.776 * Math.sqrt(2.5)) / Math.sqrt(5), 6);
    expect(shipped.shippedAhead).toBeNull();
    // Paired differences pooled group by group, not split means subtracted.
    const popular = kind.methods.find((m) => m.name === 'most popular')!;
    const diffs = pooled.map((x, g) => x - [...a['most popular'], ...b['most popular']][g]);
    expect(popular.shippedAhead!.pooled.mean).toBeCloseTo(interval(diffs).mean, 10);
    expect(popular.shippedAhead!.pooled.half).toBeCloseTo(interval(diffs).half, 10);
    expect(popular.shippedAhead!.splits.min).toBeCloseTo(0.2, 10);
    expect(popular.misery).toEqual({ mean: expect.closeTo(0.06, 10), min: 0.04, max: 0.08 });
    expect(kind.methods.find((m) => m.name === 'own For you')!.misery).toBeNull();
    expect(summary.checks.map((c) => [c.seed, c.beatsPopular, c.beatenBy])).toEqual([
      [3, true, []],
      [7, true, []],
    ]);
    expect(summary.goalMet).toBe(true);
  });

  it('the goal fails on the split where the shipped list is not ahead of most popular, or another strategy is ahead beyond its interval', async () => {
    const { summariseGroupSplits } = await import('../../src/evaluation/group');
    const good = { 'most-pleasure': [0.3, 0.2, 0.4, 0.3], 'most popular': [0.1, 0.1, 0.2, 0.0], rest: [0.2, 0.2, 0.3, 0.2] };
    // Seed 1: most popular level with shipped; average ahead of shipped on every group by 0.1.
    const bad = { 'most-pleasure': [0.3, 0.2, 0.4, 0.3], 'most popular': [0.3, 0.25, 0.35, 0.3], average: [0.4, 0.3, 0.5, 0.4], rest: [0.2, 0.2, 0.3, 0.2] };
    const summary = summariseGroupSplits([await run(0, good), await run(1, bad)]);
    expect(summary.goalMet).toBe(false);
    const [first, second] = summary.checks;
    expect(first).toMatchObject({ seed: 0, kind: 'random 2', beatsPopular: true, beatenBy: [] });
    expect(second).toMatchObject({ seed: 1, beatsPopular: false, beatenBy: ['average'] });
    expect(second.overPopular.mean).toBeCloseTo(0, 10);
    // Pooled over both splits, average is still ahead by 0.05 on half the groups: not beyond the interval.
    expect(summary.pooledChecks[0].beatenBy).toEqual([]);
    // A tie (the same lists) is not a loss.
    expect(summariseGroupSplits([await run(0, { 'most popular': [0, 0.1, 0, 0.1], rest: [0.3, 0.2, 0.4, 0.3] })]).checks[0].beatenBy).toEqual([]);
  });

  it('refuses runs that do not match: another shipped strategy or other group kinds', async () => {
    const { summariseGroupSplits } = await import('../../src/evaluation/group');
    const values = { rest: [0.1, 0.2] };
    expect(() => summariseGroupSplits([])).toThrow(/at least one run/);
    await expect(async () => summariseGroupSplits([await run(0, values), await run(4, values, 'average')])).rejects.toThrow(/seed 4 shipped average/);
    const other = await run(2, values);
    other.kinds[0].kind = 'random 3';
    await expect(async () => summariseGroupSplits([await run(0, values), other])).rejects.toThrow(/seed 2 measured other group kinds/);
  });
});

describe('the watch-together evaluation on the demo catalog, two splits', () => {
  let demo: DemoTraining | undefined;
  afterAll(() => demo?.remove());

  it('each split draws its own groups, every method is scored on the same groups, and the splits summarise', async () => {
    const { evaluateGroups, summariseGroupSplits } = await import('../../src/evaluation/group');
    demo = await demoTraining('cinelocal-groups-');
    const { catalog, soup, all } = demo;
    const runs: GroupEvaluation[] = [];
    for (const seed of [0, 1]) {
      const { train, test } = randomSplit(all, 0.2, seed);
      runs.push(await evaluateGroups(catalog, soup, train, test, { shipped: 'most-pleasure', groupsPerKind: 12, seed }));
    }
    expect(runs.map((r) => r.seed)).toEqual([0, 1]);
    for (const r of runs) {
      expect(r.kinds.map((k) => k.kind)).toEqual(['random 2', 'random 3', 'random 4', 'similar 3']);
      for (const kind of r.kinds) {
        expect(kind.groups).toBe(12);
        for (const m of kind.methods) {
          expect(m.groupNdcg).toHaveLength(12);
          expect(m.ndcg.mean).toBeCloseTo(m.groupNdcg.reduce((a, b) => a + b, 0) / 12, 10);
        }
      }
    }
    // Different splits, different groups: the per-group values differ somewhere.
    expect(runs[0].kinds[0].methods[0].groupNdcg).not.toEqual(runs[1].kinds[0].methods[0].groupNdcg);
    const summary = summariseGroupSplits(runs);
    expect(summary.seeds).toEqual([0, 1]);
    expect(summary.checks).toHaveLength(8);
    for (const kind of summary.kinds) {
      expect(kind.groups).toBe(24);
      const own = kind.methods.find((m) => m.name === 'own For you')!;
      expect(own.misery).toBeNull();
      expect(own.pooled.mean).toBeGreaterThanOrEqual(0);
    }
  }, 180_000);
});
