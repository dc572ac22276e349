import { describe, expect, it } from 'vitest';
import { createGenreIndex, genreCandidates, popcount32 } from '../../src/engine/genreIndex';
import { mergeLists, Recommender, topK } from '../../src/engine/recommender';
import { sharedTerms } from '../../src/engine/keywordIndex';
import { tinyDataset, TINY_MOVIES } from '../helpers/tinyDataset';

const vector = { modelVersion: 'tiny-1', bias: 0.2, factors: [0.5, -0.3, 0.8, 0.1], ratingCount: 5 };

describe('stage 1: genre candidates', () => {
  it('popcount counts bits', () => {
    expect(popcount32(0)).toBe(0);
    expect(popcount32(0xffffffff)).toBe(32);
    expect(popcount32(0b1011)).toBe(3);
  });

  it('returns the movie itself first, only movies sharing a genre, closest genre sets first', async () => {
    const r = new Recommender(await tinyDataset());
    const ids = r.genreStage(10);
    expect(ids[0]).toBe(10);
    expect(ids[1]).toBe(11); // identical genre set
    expect(ids).not.toContain(15); // Horror only
    expect(ids).not.toContain(14); // Drama only
    expect(ids).not.toContain(17); // no genres
    const mask = r.data.catalog.genreMask;
    for (const id of ids) expect(mask[r.rowOfId.get(id)!] & mask[0]).not.toBe(0);
  });

  it('handles a cap larger than the catalog, a cap of one, and unknown ids', async () => {
    const r = new Recommender(await tinyDataset());
    expect(r.genreStage(10, 10_000).length).toBe(5);
    expect(r.genreStage(10, 1)).toEqual([10]);
    expect(r.genreStage(999_999)).toEqual([]);
  });

  it('breaks ties in the partly taken bucket by popularity and keeps the cap', () => {
    const masks = Uint32Array.from([1, 1, 1, 1, 1]);
    const index = createGenreIndex(masks, Float32Array.of(5, 1, 9, 3, 7));
    expect(Array.from(genreCandidates(index, 0, 3))).toEqual([0, 2, 4]);
  });
});

describe('stage 2 and merge', () => {
  it('keyword-only without a user vector, never the seed, reasons name shared director and cast', async () => {
    const r = new Recommender(await tinyDataset());
    const results = await r.recommend(10, { vector: null, ratedIds: [] }, { k: 3 });
    expect(results.length).toBe(3);
    expect(results.every((x) => x.source === 'keywords')).toBe(true);
    expect(results.map((x) => x.movie.id)).not.toContain(10);
    const sequel = results[0];
    expect(sequel.movie.id).toBe(11);
    expect(sequel.reasons.sharedDirectors).toEqual(['John Lass']);
    expect(sequel.reasons.sharedCast.sort()).toEqual(['Tim Alley', 'Tom Banks']);
    expect(sequel.reasons.sharedKeywords).toEqual(expect.arrayContaining(['toy', 'friendship']));
    expect(sequel.reasons.sharedGenres.sort()).toEqual(['Animation', 'Comedy', 'Family']);
    expect(sequel.reasons.predictedRating).toBeNull();
    for (let i = 1; i < results.length; i++) expect(results[i - 1].reasons.keywordSimilarity).toBeGreaterThanOrEqual(results[i].reasons.keywordSimilarity);
  });

  it('with a vector, never recommends rated movies, and predictions stay within [0, 5]', async () => {
    const r = new Recommender(await tinyDataset());
    const results = await r.recommend(10, { vector, ratedIds: [12] }, { k: 4 });
    // Sharing a genre with Toy Tale: 11, 12, 13, 16; 12 is rated.
    expect(results.map((x) => x.movie.id).sort()).toEqual([11, 13, 16]);
    for (const x of results) if (x.reasons.predictedRating !== null) {
      expect(x.reasons.predictedRating).toBeGreaterThanOrEqual(0);
      expect(x.reasons.predictedRating).toBeLessThanOrEqual(5);
    }
    expect(results.find((x) => x.movie.id === 16)!.reasons.predictedRating).toBeNull(); // no model vector
  });

  it('item neighbours of the seed lead "movies like this" and are named as the reason, even without a vector', async () => {
    const r = new Recommender(await tinyDataset({ neighbours: [[10, 13, 0.9], [10, 16, 0.05], [10, 15, 0.9]] }));
    const results = await r.recommend(10, { vector: null, ratedIds: [] }, { k: 3 });
    expect(results[0].movie.id).toBe(13);
    expect(results[0].source).toBe('neighbours');
    expect(results[0].reasons.alsoLikedWith).toBe('Toy Tale');
    // 15 (Horror) shares no genre with the seed: stage 1 keeps it out however close a neighbour it is.
    expect(results.map((x) => x.movie.id)).not.toContain(15);
    const sequel = results.find((x) => x.movie.id === 11)!;
    expect(sequel.reasons.alsoLikedWith).toBeNull();
  });

  it('hides only ratedIds: a movie rated from an open list stays in it, its rating still feeds the item–item score', async () => {
    const r = new Recommender(await tinyDataset({ neighbours: [[11, 13, 0.9]] }));
    const kept = await r.recommend(10, { vector: null, ratedIds: [], ratings: [{ movieId: 11, rating: 5 }] }, { k: 4 });
    expect(kept.map((x) => x.movie.id)).toContain(11);
    expect(kept[0].movie.id).toBe(13);
    const hidden = await r.recommend(10, { vector: null, ratedIds: [11], ratings: [{ movieId: 11, rating: 5 }] }, { k: 4 });
    expect(hidden.map((x) => x.movie.id)).not.toContain(11);
  });

  it('a newcomer gets what the seed\'s raters also rated (co-rating confidence), survives the shard round trip', async () => {
    const r = new Recommender(await tinyDataset({ coRating: [[10, 16, 1], [10, 13, 0.2]] }));
    const anonymous = await r.recommend(10, { vector: null, ratedIds: [] }, { k: 3 });
    expect(anonymous[0].movie.id).toBe(16);
    expect(anonymous[0].source).toBe('neighbours');
    expect(anonymous[0].reasons.alsoLikedWith).toBe('Toy Tale');
    // Confidences ship as u8: 0.2 comes back within 1/255.
    expect(Math.abs(r.data.collaborative.coRating.weights[1] - 0.2)).toBeLessThan(1 / 255);
  });

  it('a person\'s own ratings steer "movies like this" through their neighbours, and low ratings push away', async () => {
    const neighbours: [number, number, number][] = [[14, 16, 0.8], [12, 13, 0.8]];
    const r = new Recommender(await tinyDataset({ neighbours }));
    const liked = await r.recommend(10, { vector: null, ratedIds: [14], ratings: [{ movieId: 14, rating: 5 }] }, { k: 3 });
    expect(liked[0].movie.id).toBe(16);
    expect(liked[0].reasons.becauseYouRated).toBe('Sad Story');
    const disliked = await r.recommend(10, { vector: null, ratedIds: [14], ratings: [{ movieId: 14, rating: 1 }] }, { k: 3 });
    expect(disliked[0].movie.id).not.toBe(16);
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
    const r = new Recommender(await tinyDataset({ neighbours: [[10, 14, 0.9], [10, 13, 0.3]] }));
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
    expect(mergeLists([1, 2, 3, 4], [1, 2, 9], 4, 0.5).map((m) => m.row).sort()).toEqual([1, 2, 3, 9].sort());
    expect(mergeLists([1], [5, 6, 7, 8], 4, 0.5).map((m) => m.row)).toEqual([1, 5, 6, 7]);
    expect(mergeLists([1, 2, 3], [], 2, 0.5).map((m) => m.source)).toEqual(['keywords', 'keywords']);
  });

  it('topK keeps the best k in order and respects the filter', () => {
    const s = [3, 9, 1, 9, 7, 5];
    expect(topK(s.length, 3, (i) => s[i], () => true)).toEqual([1, 3, 4]);
    expect(topK(s.length, 2, (i) => s[i], (i) => i !== 1)).toEqual([3, 4]);
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
