// src/history/formats/movielens.ts: MovieLens ratings with ids and "Title, The (Other) (year)" titles.
import { describe, expect, it } from 'vitest';
import { detectImport, parseImport } from '../../src/history';
import { fixture, NOW, recognised } from '../helpers/historyFiles';

describe('MovieLens', () => {
  it('reads ids, half-star ratings and "Title, The (Other title) (year)" titles', async () => {
    const detected = await detectImport([fixture('movielens-ratings.csv')]);
    expect(detected).toMatchObject({ kind: 'history', source: 'movielens' });
    const history = parseImport(recognised(detected), NOW);
    expect(history.rows.map((r) => [r.ids, r.rating, r.title, r.originalTitle, r.year])).toEqual([
      [{ tmdb: 862, imdb: 114709 }, 4, 'Toy Story', undefined, 1995],
      [{ tmdb: 603, imdb: 133093 }, 5, 'Matrix, The', undefined, 1999],
      [{ tmdb: 194, imdb: 211915 }, 4.5, 'Amelie', "Fabuleux destin d'Amélie Poulain, Le", 2001],
      [{}, 3.5, 'Misérables, Les', undefined, 2012],
    ]);
    expect(history.skipped.map((s) => [s.line, s.reason])).toEqual([
      [6, 'rating 6.0 is outside 0.5–5'],
      [7, 'rating "x" is not a number'],
    ]);
  });
});
