import { describe, expect, it } from 'vitest';
import { contentReach, createRelatedIndex, seriesOf } from '../../src/engine/relatedness';
import { createKeywordIndex } from '../../src/engine/keywordIndex';
import { buildSoupMatrix } from '../../src/pipeline/soup';
import { listScorer, pickRelation, relatednessJudge, UNRELATED_COSINE } from '../../src/evaluation/protocols';
import { chooseArchetypes } from '../../src/evaluation/archetypes';
import type { RatingDataset } from '../../src/evaluation/dataset';

const MOVIES = [
  { keywords: ['time loop', 'weatherman'], cast: ['Bill M'], directors: ['Harold R'], genres: ['Comedy'] },
  { keywords: ['time loop', 'assassin'], cast: ['Tom C'], directors: ['Doug L'], genres: ['Action'] },
  { keywords: ['weatherman'], cast: [], directors: [], genres: ['Comedy'] },
  { keywords: ['office'], cast: [], directors: [], genres: ['Comedy'] },
  { keywords: [], cast: [], directors: [], genres: ['Comedy'] },
];

function index() {
  const m = buildSoupMatrix(MOVIES, { directorWeight: 1 });
  return createKeywordIndex(m.indptr, m.indices, m.counts, m.norms, m.vocabulary, m.roles, m.labels);
}

describe('the related set of a seed', () => {
  it('groups the series (collections with two or more films) and leaves singletons out', () => {
    const related = createRelatedIndex({ collections: Int32Array.of(7, 7, 0, 9, 0) }, index());
    expect(Array.from(seriesOf(related, Int32Array.of(7, 7, 0, 9, 0), 0))).toEqual([0, 1]);
    expect(seriesOf(related, Int32Array.of(7, 7, 0, 9, 0), 3).length).toBe(0); // 9 is alone in the catalog
    expect(seriesOf(related, Int32Array.of(7, 7, 0, 9, 0), 2).length).toBe(0);
  });

  it('tf·idf rows are unit length and a shared rare term outweighs a shared genre', () => {
    const related = createRelatedIndex({ collections: new Int32Array(5) }, index());
    const { indptr, values } = related.content.matrix;
    for (let r = 0; r < 5; r++) {
      let norm = 0;
      for (let e = indptr[r]; e < indptr[r + 1]; e++) norm += values[e] ** 2;
      expect(norm).toBeCloseTo(1, 5);
    }
    const dot = new Float32Array(5);
    const touched = new Int32Array(5);
    const reached = contentReach(related, 0, dot, touched, 0);
    const rows = Array.from(touched.subarray(0, reached));
    // Movies 1 (time loop) and 2 (weatherman) share specific terms; 3 and 4 share only the genre, which never reaches.
    expect(rows.sort()).toEqual([0, 1, 2]);
    expect(dot[3]).toBe(0);
    expect(dot[1]).toBeGreaterThan(0);
  });
});

describe('the relatedness judge (evaluation)', () => {
  const ratings = (rows: [number, number, number][]): RatingDataset => {
    const tmdbIds = Int32Array.of(100, 101, 102, 103, 104);
    return {
      count: rows.length,
      user: Int32Array.from(rows, (r) => r[0]),
      item: Int32Array.from(rows, (r) => r[1]),
      rating: Float32Array.from(rows, (r) => r[2]),
      timestamp: new Int32Array(rows.length),
      nUsers: 10,
      nItems: 5,
      tmdbIds,
      userIds: Int32Array.from({ length: 10 }, (_, i) => i),
    } as unknown as RatingDataset;
  };

  it('relates two movies when their likers overlap far beyond chance, and not when one co-liker is all there is', () => {
    // Users 0–3 like 100 and 101; users 4–9 like 102 only; user 0 also likes 103.
    const rows: [number, number, number][] = [];
    for (let u = 0; u < 4; u++) rows.push([u, 0, 5], [u, 1, 4]);
    for (let u = 4; u < 10; u++) rows.push([u, 2, 5]);
    rows.push([0, 3, 5]);
    const judge = relatednessJudge(ratings(rows), { ids: Int32Array.of(100, 101, 102, 103, 104), collections: Int32Array.of(1, 1, 0, 0, 0) }, index());
    expect(judge.crowdRelated(100, 101)).toBe(true);
    expect(judge.crowdRelated(100, 102)).toBe(false);
    expect(judge.crowdRelated(100, 103)).toBe(false); // lift is high but only one co-liker
    expect(judge.series(100)).toEqual([101]);
    expect(judge.series(102)).toEqual([]);
    const [self, loop, office] = judge.keywordCosine(100, [100, 101, 103]);
    // The plain count cosine of the reference design (norms count terms too rare to store, so self < 1): one shared
    // keyword out of five terms each is 1/5, a shared genre against a two-term soup is 1/√10.
    expect(self).toBeCloseTo(3 / 5, 5);
    expect(loop).toBeCloseTo(1 / 5, 5);
    expect(office).toBeCloseTo(1 / Math.sqrt(10), 5);
  });

  it('tags each pick by its strongest link and counts the unrelated picks and those repeating the For you list', () => {
    const rows: [number, number, number][] = [];
    for (let u = 0; u < 4; u++) rows.push([u, 0, 5], [u, 1, 4]);
    for (let u = 4; u < 10; u++) rows.push([u, 2, 5], [u, 4, 5]);
    const judge = relatednessJudge(ratings(rows), { ids: Int32Array.of(100, 101, 102, 103, 104), collections: Int32Array.of(0, 0, 0, 0, 0) }, index());
    // Seed 101 (action, time loop): 100 is liked by the same people; 102 and 103 share no term and no likers.
    expect(pickRelation(judge, 101, 100, 0.2)).toBe('crowd');
    expect(pickRelation(judge, 101, 103, UNRELATED_COSINE)).toBe('content');
    expect(judge.keywordCosine(101, [102, 103])).toEqual([0, 0]);
    const scorer = listScorer(3, () => 100, 5, 50, judge);
    scorer.add([100, 102, 103], new Set(), { seedId: 101, rated: new Set(), forYou: new Set([103, 999]) });
    const m = scorer.result();
    expect(m.unrelated).toBeCloseTo(2 / 3, 6);
    expect(m.forYouOverlap).toBeCloseTo(1 / 3, 6);
  });

  it('picks one user per genre, the one whose likes lean most to it, and the heaviest rater', () => {
    // Genre bit 0 = Comedy (movies 100, 102, 103), bit 1 = Action (101); user 0 likes only comedies, user 1 only action.
    const rows: [number, number, number][] = [];
    for (const [u, items] of [
      [0, [0, 2, 3]],
      [1, [1]],
      [2, [0, 1, 2, 3, 4]],
    ] as const)
      for (const i of items) rows.push([u, i, 5]);
    const data = ratings(rows);
    const mask = (id: number) => (id === 101 ? 2 : 1);
    const many = { ...data, count: rows.length };
    // The 40–400 ratings window: repeat each row 20 times so users 0 and 2 qualify.
    const repeated = (k: number) => ({
      ...many,
      count: many.count * k,
      user: Int32Array.from({ length: many.count * k }, (_, t) => many.user[t % many.count]),
      item: Int32Array.from({ length: many.count * k }, (_, t) => many.item[t % many.count]),
      rating: Float32Array.from({ length: many.count * k }, (_, t) => many.rating[t % many.count]),
      timestamp: new Int32Array(many.count * k),
    });
    const people = chooseArchetypes(repeated(20) as RatingDataset, mask, ['Comedy', 'Action'], () => 10);
    expect(people.map((p) => p.userId)).toEqual([2]); // only user 2 has 40+ ratings; no archetype genre is named Comedy
    const named = chooseArchetypes(repeated(20) as RatingDataset, mask, ['Science Fiction', 'Drama'], () => 10);
    // "Science Fiction" is bit 0 (the comedies here), "Drama" bit 1 (the action film): user 1 has too few ratings.
    expect(named.map((p) => [p.label, p.userId, p.share])).toEqual([
      ['Sci-fi fan', 0, 1],
      ['Drama fan', 2, 0.2],
      ['Heaviest rater', 1, 1],
    ]);
    expect(named[0].seeds).toEqual([100, 102]); // their 4.5★+ films of the genre, most voted first (ties: file order)
  });
});
