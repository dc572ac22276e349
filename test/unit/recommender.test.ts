import { describe, expect, it } from 'vitest';
import { createGenreIndex, genreCandidates, popcount32 } from '../../src/engine/genreIndex';
import { Recommender } from '../../src/engine/recommender';
import { mergeLists, topK } from '../../src/evaluation/lists';
import { cosinePairToCandidates, cosineToCandidates, sharedTerms } from '../../src/engine/keywordIndex';
import { tinyDataset, TINY_MOVIES } from '../helpers/tinyDataset';
import { asTmdbId } from '../../src/engine/ids';

/** Stage 1 for a TMDB id as ids (the seed first); unknown ids give an empty list. */
function genreStage(r: Recommender, movieId: number, cap = 1000): number[] {
  const row = r.ids.rowOf(asTmdbId(movieId));
  return row === undefined ? [] : Array.from(genreCandidates(r.genreIndex, row, cap), (x) => r.data.catalog.ids[x]);
}

const vector = { modelVersion: 'tiny-1', bias: 0.2, factors: [0.5, -0.3, 0.8, 0.1], ratingCount: 5 };

describe('stage 1: genre candidates', () => {
  it('popcount counts bits', () => {
    expect(popcount32(0)).toBe(0);
    expect(popcount32(0xffffffff)).toBe(32);
    expect(popcount32(0b1011)).toBe(3);
  });

  it('returns the movie itself first, only movies sharing a genre, closest genre sets first', async () => {
    const r = new Recommender(await tinyDataset());
    const ids = genreStage(r, 10);
    expect(ids[0]).toBe(10);
    expect(ids[1]).toBe(11); // identical genre set
    expect(ids).not.toContain(15); // Horror only
    expect(ids).not.toContain(14); // Drama only
    expect(ids).not.toContain(17); // no genres
    const mask = r.data.catalog.genreMask;
    for (const id of ids) expect(mask[r.ids.rowOf(asTmdbId(id))!] & mask[0]).not.toBe(0);
  });

  it('handles a cap larger than the catalog, a cap of one, and unknown ids', async () => {
    const r = new Recommender(await tinyDataset());
    expect(genreStage(r, 10, 10_000).length).toBe(5);
    expect(genreStage(r, 10, 1)).toEqual([10]);
    expect(genreStage(r, 999_999)).toEqual([]);
  });

  it('breaks ties in the partly taken bucket by popularity and keeps the cap', () => {
    const masks = Uint32Array.from([1, 1, 1, 1, 1]);
    const index = createGenreIndex(masks, Float32Array.of(5, 1, 9, 3, 7));
    expect(Array.from(genreCandidates(index, 0, 3))).toEqual([0, 2, 4]);
  });
});

describe('stage 1 against a plain sort', () => {
  // The reference: every other movie sharing a genre, by floor(Jaccard·1024) then popularity, seed first, cut at cap.
  function plainGenreCandidates(masks: Uint32Array, popularity: Float32Array, seed: number, cap: number): number[] {
    const key = (row: number) => Math.floor((popcount32(masks[row] & masks[seed]) / popcount32(masks[row] | masks[seed])) * 1024);
    const others = Array.from(masks.keys()).filter((row) => row !== seed && (masks[row] & masks[seed]) !== 0);
    others.sort((a, b) => key(b) - key(a) || popularity[b] - popularity[a] || a - b);
    return [seed, ...others].slice(0, cap);
  }

  it('gives the same rows in the same order for random catalogs, seeds and caps', () => {
    let state = 7;
    const rand = () => (state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 2 ** 32;
    for (let trial = 0; trial < 40; trial++) {
      const n = 50 + Math.floor(rand() * 400);
      const masks = Uint32Array.from({ length: n }, () => (rand() < 0.05 ? 0 : Math.floor(rand() * 64)));
      const popularity = Float32Array.from({ length: n }, () => rand());
      const index = createGenreIndex(masks, popularity);
      for (let q = 0; q < 5; q++) {
        const seed = Math.floor(rand() * n);
        const cap = 1 + Math.floor(rand() * n);
        const expected = masks[seed] === 0 ? [seed] : plainGenreCandidates(masks, popularity, seed, cap);
        expect(Array.from(genreCandidates(index, seed, cap))).toEqual(expected);
      }
    }
  });
});

describe('keyword cosines', () => {
  it('the paired pass gives each weighting the cosine a single pass gives', async () => {
    const r = new Recommender(await tinyDataset());
    const { keywords } = r.data;
    const content = r.related.content;
    const rows = Int32Array.from(TINY_MOVIES.keys());
    for (const seed of rows) {
      const [a, b, pa, pb] = [0, 0, 0, 0].map(() => new Float32Array(rows.length));
      cosineToCandidates(content, seed, rows, rows.length, a, new Float32Array(keywords.vocabulary.length));
      cosineToCandidates(keywords, seed, rows, rows.length, b, new Float32Array(keywords.vocabulary.length));
      cosinePairToCandidates(content, keywords, seed, rows, rows.length, pa, pb, new Float32Array(2 * keywords.vocabulary.length));
      expect(Array.from(pa)).toEqual(Array.from(a));
      expect(Array.from(pb)).toEqual(Array.from(b));
      if (pb[seed] > 0) expect(pa[seed]).toBeCloseTo(1, 5); // tf·idf rows are normalised over their stored terms
    }
  });
});

describe('a recommend scores only the pool', () => {
  it('ranks the same with the personal ★ of every candidate as with those of the pool only', async () => {
    const r = new Recommender(await tinyDataset());
    const w = { ...r.weights.likeThis, pool: 2, poolTaste: 0 };
    const user = { vector, ratedIds: [] };
    for (const movie of TINY_MOVIES) {
      const all = await r.likeThisCandidates(movie.id, user);
      if (!all) continue;
      const picksAll = r.rankLikeThis(all, w, 3);
      const pooled = (await r.likeThisCandidates(movie.id, user, undefined, w))!;
      const known = Array.from(pooled.personalLike.subarray(0, pooled.count)).filter((x) => x === x).length;
      const series = Array.from(pooled.series.subarray(0, pooled.count)).filter((x) => x === 1).length;
      expect(known).toBeLessThanOrEqual(2 + series);
      expect(r.rankLikeThis(pooled, w, 3)).toEqual(picksAll);
    }
  });
});

describe('stage 2 and merge', () => {
  it("a visitor gets the seed's series first, then shared content; never the seed; reasons name the series, director and cast", async () => {
    const r = new Recommender(await tinyDataset());
    const results = await r.recommend(10, { vector: null, ratedIds: [] }, { k: 3 });
    expect(results.length).toBe(3);
    expect(results.map((x) => x.movie.id)).not.toContain(10);
    const sequel = results[0];
    expect(sequel.movie.id).toBe(11);
    expect(sequel.source).toBe('series');
    expect(sequel.reasons.sameSeriesAs).toBe('Toy Tale');
    expect(results.slice(1).every((x) => x.source === 'keywords' && x.reasons.sameSeriesAs === null)).toBe(true);
    expect(sequel.reasons.sharedDirectors).toEqual(['John Lass']);
    expect(sequel.reasons.sharedCast.sort()).toEqual(['Tim Alley', 'Tom Banks']);
    expect(sequel.reasons.sharedKeywords).toEqual(expect.arrayContaining(['toy', 'friendship']));
    expect(sequel.reasons.sharedGenres.sort()).toEqual(['Animation', 'Comedy', 'Family']);
    expect(sequel.reasons.predictedRating).toBeNull();
  });

  it('a series film the person has rated is left out, and the next related film leads', async () => {
    const r = new Recommender(await tinyDataset());
    const results = await r.recommend(10, { vector: null, ratedIds: [11], ratings: [{ movieId: 11, rating: 4 }] }, { k: 3 });
    expect(results.map((x) => x.movie.id)).not.toContain(11);
    expect(results[0].source).not.toBe('series');
  });

  it('with a vector, never recommends rated movies, and predictions stay within [0, 5]', async () => {
    const r = new Recommender(await tinyDataset());
    const results = await r.recommend(10, { vector, ratedIds: [12] }, { k: 4 });
    // Sharing a genre with Toy Tale: 11, 12, 13, 16; 12 is rated.
    expect(results.map((x) => x.movie.id).sort()).toEqual([11, 13, 16]);
    for (const x of results)
      if (x.reasons.predictedRating !== null) {
        expect(x.reasons.predictedRating).toBeGreaterThanOrEqual(0);
        expect(x.reasons.predictedRating).toBeLessThanOrEqual(5);
      }
    expect(results.find((x) => x.movie.id === 16)!.reasons.predictedRating).toBeNull(); // no model vector
  });

  it('item neighbours of the seed lead "movies like this" and are named as the reason, even without a vector', async () => {
    const r = new Recommender(
      await tinyDataset({
        neighbours: [
          [10, 13, 0.9],
          [10, 16, 0.05],
          [10, 15, 0.9],
        ],
      }),
    );
    const results = await r.recommend(10, { vector: null, ratedIds: [] }, { k: 3 });
    const plain = await new Recommender(await tinyDataset()).recommend(10, { vector: null, ratedIds: [] }, { k: 4 });
    // The series comes first; the seed's strongest neighbour climbs above where shared content alone puts it.
    expect(results[0].movie.id).toBe(11);
    const at = results.findIndex((x) => x.movie.id === 13);
    expect(at).toBeGreaterThan(0);
    expect(at).toBeLessThan(plain.findIndex((x) => x.movie.id === 13));
    expect(results[at].reasons.alsoLikedWith).toBe('Toy Tale');
    // 15 (Horror) shares no genre with the seed: stage 1 keeps it out however close a neighbour it is.
    expect(results.map((x) => x.movie.id)).not.toContain(15);
    const sequel = results.find((x) => x.movie.id === 11)!;
    expect(sequel.reasons.alsoLikedWith).toBeNull();
  });

  it("keeps a history's item–item evidence only while the same history comes back (another person, a changed ★, For you between)", async () => {
    const options = {
      neighbours: [
        [11, 13, 0.9],
        [12, 13, 0.5],
        [11, 16, 0.4],
        [14, 16, 0.8],
      ] as [number, number, number][],
    };
    const shared = new Recommender(await tinyDataset(options));
    const fresh = async () => new Recommender(await tinyDataset(options));
    const ann = [
      { movieId: 11, rating: 5 },
      { movieId: 14, rating: 2 },
    ];
    const bob = [
      { movieId: 12, rating: 4.5 },
      { movieId: 14, rating: 5 },
    ];
    const annChanged = [
      { movieId: 11, rating: 1 },
      { movieId: 14, rating: 2 },
    ];
    const steps: { ratings: { movieId: number; rating: number }[]; forYou?: boolean }[] = [
      { ratings: ann },
      { ratings: ann },
      { ratings: bob },
      { ratings: ann, forYou: true },
      { ratings: ann },
      { ratings: annChanged },
      { ratings: [] },
      { ratings: ann },
    ];
    const lists: unknown[] = [];
    for (const step of steps) {
      const user = { vector, ratedIds: [], ratings: step.ratings };
      if (step.forYou) {
        const expected = await (await fresh()).forYou(vector, { ratings: step.ratings });
        expect(await shared.forYou(vector, { ratings: step.ratings })).toEqual(expected);
      }
      const expected = await (await fresh()).recommend(10, user, { k: 5 });
      const got = await shared.recommend(10, user, { k: 5 });
      expect(got).toEqual(expected);
      lists.push(got.map((x) => [x.movie.id, x.reasons.becauseYouRated]));
    }
    // The histories do move the list: the cache is not hiding a signal that never mattered.
    expect(lists[5]).not.toEqual(lists[0]);
  });

  it('hides only ratedIds: a movie rated from an open list stays in it, its rating still feeds the item–item score', async () => {
    const r = new Recommender(await tinyDataset({ neighbours: [[11, 13, 0.9]] }));
    const kept = await r.recommend(10, { vector: null, ratedIds: [], ratings: [{ movieId: 11, rating: 5 }] }, { k: 4 });
    expect(kept.map((x) => x.movie.id)).toContain(11);
    expect(kept.find((x) => x.movie.id === 13)!.reasons.becauseYouRated).toBe('Toy Tale 2');
    const hidden = await r.recommend(10, { vector: null, ratedIds: [11], ratings: [{ movieId: 11, rating: 5 }] }, { k: 4 });
    expect(hidden.map((x) => x.movie.id)).not.toContain(11);
  });

  it("a newcomer gets what the seed's raters also rated (co-rating confidence), survives the shard round trip", async () => {
    const r = new Recommender(
      await tinyDataset({
        coRating: [
          [10, 16, 1],
          [10, 13, 0.2],
        ],
      }),
    );
    const anonymous = await r.recommend(10, { vector: null, ratedIds: [] }, { k: 4 });
    const plain = await new Recommender(await tinyDataset()).recommend(10, { vector: null, ratedIds: [] }, { k: 4 });
    expect(anonymous[0].movie.id).toBe(11); // the series
    const at = anonymous.findIndex((x) => x.movie.id === 16);
    expect(at).toBeLessThan(plain.findIndex((x) => x.movie.id === 16));
    expect(anonymous[at].reasons.alsoLikedWith).toBe('Toy Tale');
    // Confidences ship as u8: 0.2 comes back within 1/255.
    expect(Math.abs(r.data.models.neighbours.coRating.weights[1] - 0.2)).toBeLessThan(1 / 255);
  });

  it('a person\'s own ratings steer "movies like this" through their neighbours, low ratings push away, and more ratings steer more', async () => {
    const neighbours: [number, number, number][] = [
      [14, 16, 0.8],
      [12, 13, 0.8],
    ];
    const r = new Recommender(await tinyDataset({ neighbours }));
    const rankOf = (list: { movie: { id: number } }[], id: number) => list.findIndex((x) => x.movie.id === id);
    const visitor = await r.recommend(10, { vector: null, ratedIds: [14] }, { k: 5 });
    const liked = await r.recommend(10, { vector: null, ratedIds: [14], ratings: [{ movieId: 14, rating: 5 }] }, { k: 5 });
    expect(liked.find((x) => x.movie.id === 16)!.reasons.becauseYouRated).toBe('Sad Story');
    const disliked = await r.recommend(10, { vector: null, ratedIds: [14], ratings: [{ movieId: 14, rating: 1 }] }, { k: 5 });
    expect(rankOf(disliked, 16)).toBeGreaterThanOrEqual(rankOf(liked, 16));
    // The same liking, from a person with many ratings (the others unknown to the catalog): taste now carries more.
    const many = [{ movieId: 14, rating: 5 }, ...Array.from({ length: 40 }, (_, i) => ({ movieId: 900_000 + i, rating: 4 }))];
    const heavy = await r.recommend(10, { vector: null, ratedIds: [14], ratings: many }, { k: 5 });
    expect(rankOf(heavy, 16)).toBeLessThanOrEqual(rankOf(liked, 16));
    expect(rankOf(heavy, 16)).toBeLessThan(rankOf(visitor, 16));
    // The series stays near the top: taste moves the list inside what is related, it does not replace the seed.
    expect(rankOf(heavy, 11)).toBeLessThanOrEqual(1);
  });

  it("one rating nudges, never replaces: a light user's list keeps the visitor's related films", async () => {
    const r = new Recommender(await tinyDataset({ neighbours: [[14, 13, 0.9]] }));
    const visitor = await r.recommend(10, { vector: null, ratedIds: [] }, { k: 3 });
    const one = await r.recommend(10, { vector, ratedIds: [14], ratings: [{ movieId: 14, rating: 5 }] }, { k: 3 });
    expect(one[0].movie.id).toBe(visitor[0].movie.id);
    expect(new Set(one.map((x) => x.movie.id))).toEqual(new Set(visitor.map((x) => x.movie.id)));
  });

  it('extreme vectors still predict within [0, 5]', async () => {
    const r = new Recommender(await tinyDataset());
    for (const scale of [1e3, -1e3]) {
      const items = await r.forYou({ ...vector, bias: scale, factors: vector.factors.map((f) => f * scale) }, { k: 10 });
      for (const item of items) {
        expect(item.predictedRating).toBeGreaterThanOrEqual(0);
        expect(item.predictedRating).toBeLessThanOrEqual(5);
      }
    }
  });

  it('k larger than the catalog returns every candidate once; unknown ids give an empty list', async () => {
    const r = new Recommender(await tinyDataset());
    const all = await r.recommend(10, { vector, ratedIds: [] }, { k: 100 });
    expect(new Set(all.map((x) => x.movie.id)).size).toBe(all.length);
    expect(all.length).toBe(4);
    expect(await r.recommend(424242, { vector, ratedIds: [] })).toEqual([]);
  });

  it('forYou hides rated and model-less movies and filters by genre and decade', async () => {
    const r = new Recommender(await tinyDataset());
    const items = await r.forYou(vector, { k: 10, exclude: [10] });
    const ids = items.map((x) => x.movie.id);
    expect(ids).not.toContain(10);
    expect(ids).not.toContain(16); // no model vector
    expect(ids).not.toContain(17);
    const comedies = await r.forYou(vector, { k: 10, genre: 'Comedy' });
    expect(comedies.every((x) => x.movie.genres.includes('Comedy'))).toBe(true);
    const nineties = await r.forYou(vector, { k: 10, decade: 1990 });
    expect(nineties.map((x) => x.movie.year).every((y) => y !== null && y >= 1990 && y < 2000)).toBe(true);
    expect(nineties.length).toBe(3);
    expect(await r.forYou(vector, { genre: 'Western' })).toEqual([]);
  });

  it('forYou puts the neighbours of what you liked first and says which rating led there', async () => {
    const r = new Recommender(
      await tinyDataset({
        neighbours: [
          [10, 14, 0.9],
          [10, 13, 0.3],
        ],
      }),
    );
    const items = await r.forYou(vector, { k: 10, exclude: [10], ratings: [{ movieId: 10, rating: 4.5 }] });
    expect(items.map((x) => x.movie.id).slice(0, 2)).toEqual([14, 13]);
    expect(items[0].becauseYouRated).toBe('Toy Tale');
    expect(items.at(-1)!.becauseYouRated).toBeNull();
    // Without ratings the order follows the predicted ★ and priors only.
    const plain = await r.forYou(vector, { k: 10 });
    expect(plain.every((x) => x.becauseYouRated === null)).toBe(true);
  });

  it('merge takes half from each list, removes duplicates and fills a short list from the other', () => {
    expect(mergeLists([1, 2, 3, 4], [5, 6, 7, 8], 6, 0.5).map((m) => m.row)).toEqual([1, 5, 2, 6, 3, 7]);
    expect(
      mergeLists([1, 2, 3, 4], [1, 2, 9], 4, 0.5)
        .map((m) => m.row)
        .sort(),
    ).toEqual([1, 2, 3, 9].sort());
    expect(mergeLists([1], [5, 6, 7, 8], 4, 0.5).map((m) => m.row)).toEqual([1, 5, 6, 7]);
    expect(mergeLists([1, 2, 3], [], 2, 0.5).map((m) => m.source)).toEqual(['keywords', 'keywords']);
  });

  it('topK keeps the best k in order and respects the filter', () => {
    const s = [3, 9, 1, 9, 7, 5];
    expect(
      topK(
        s.length,
        3,
        (i) => s[i],
        () => true,
      ),
    ).toEqual([1, 3, 4]);
    expect(
      topK(
        s.length,
        2,
        (i) => s[i],
        (i) => i !== 1,
      ),
    ).toEqual([3, 4]);
  });

  it('shared terms group by role', async () => {
    const data = await tinyDataset();
    const t = sharedTerms(data.keywords, 0, 4); // Toy Tale vs Sad Story: Tom Banks only
    expect(t).toEqual({ keywords: [], cast: ['Tom Banks'], directors: [], genres: [] });
    expect(TINY_MOVIES[4].cast).toContain('Tom Banks');
  });
});

describe('roles in shared terms', () => {
  it('a name that acts in one movie and directs another is reported under the role both share', async () => {
    const { buildSoupMatrix } = await import('../../src/pipeline/soup');
    const { createKeywordIndex } = await import('../../src/engine/keywordIndex');
    const m = buildSoupMatrix(
      [
        { keywords: ['toy'], cast: ['Tom Hanks'], directors: ['John Lasseter'], genres: [] },
        { keywords: ['toy'], cast: ['Tom Hanks'], directors: ['John Lasseter'], genres: [] },
        { keywords: [], cast: [], directors: ['Tom Hanks'], genres: [] },
      ],
      { directorWeight: 1 },
    );
    const index = createKeywordIndex(m.indptr, m.indices, m.counts, m.norms, m.vocabulary, m.roles, m.labels);
    expect(sharedTerms(index, 0, 1)).toEqual({ keywords: ['toy'], cast: ['Tom Hanks'], directors: ['John Lasseter'], genres: [] });
    expect(sharedTerms(index, 0, 2).cast).toEqual(['Tom Hanks']);
  });
});
