import { describe, expect, it } from 'vitest';
import { contentReach, cosinePairOfCandidates, createRelatedIndex, CONTENT_REACH_MAX_DF, seriesOf } from '../../src/engine/relatedness';
import { cosinePairToCandidates, createKeywordIndex } from '../../src/engine/keywordIndex';
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

describe('cosines completed from the postings', () => {
  it('equal the full soup cosines (both weightings) with genre terms, terms past the postings limit and keyword-genre name clashes', () => {
    let state = 99;
    const rand = () => (state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 2 ** 32;
    const n = CONTENT_REACH_MAX_DF + 300;
    const pick = (words: string[], p: number) => words.filter(() => rand() < p);
    const movies = Array.from({ length: n }, (_, i) => ({
      // "everywhere" is in more soups than the postings hold; "drama" is also a genre name.
      keywords: [...(rand() < 0.95 ? ['everywhere'] : []), ...pick(['drama', 'heist', 'robot', 'space', 'loop', 'dog'], 0.2), `own${i % 97}`],
      cast: pick(['Ann A', 'Bob B', 'Cy C'], 0.1),
      directors: rand() < 0.5 ? [`Dir ${i % 13}`] : [],
      genres: pick(['Drama', 'Comedy', 'Action'], 0.5),
    }));
    const m = buildSoupMatrix(movies, { directorWeight: 2 });
    const soup = createKeywordIndex(m.indptr, m.indices, m.counts, m.norms, m.vocabulary, m.roles, m.labels);
    const related = createRelatedIndex({ collections: new Int32Array(n) }, soup);
    expect(related.commonTerm.length).toBeGreaterThan(n); // genres and "everywhere" are left to the per-row part
    const rows = Int32Array.from({ length: n }, (_, i) => i);
    const [a, b, pa, pb] = [0, 0, 0, 0].map(() => new Float32Array(n));
    const dot = new Float32Array(n);
    const soupDot = new Float32Array(n);
    const touched = new Int32Array(n);
    const scratch = new Float32Array(2 * soup.vocabulary.length);
    for (let trial = 0; trial < 40; trial++) {
      const seed = Math.floor(rand() * n);
      cosinePairToCandidates(related.content, soup, seed, rows, n, a, b, scratch);
      const reached = contentReach(related, seed, dot, touched, 0, soupDot, soup.matrix.values);
      cosinePairOfCandidates(related, soup.matrix.values, seed, rows, n, dot, soupDot, pa, pb, scratch);
      for (let t = 0; t < reached; t++) dot[touched[t]] = soupDot[touched[t]] = 0;
      let worst = 0;
      for (let r = 0; r < n; r++) worst = Math.max(worst, Math.abs(pa[r] - a[r]), Math.abs(pb[r] - b[r]));
      expect(worst).toBeLessThan(1e-6);
      expect(pa.filter((x) => x > 0).length).toBe(a.filter((x) => x > 0).length);
      expect(pa[seed]).toBeCloseTo(1, 5);
    }
    expect(scratch.every((x) => x === 0)).toBe(true);
    expect(dot.every((x) => x === 0) && soupDot.every((x) => x === 0)).toBe(true);
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
