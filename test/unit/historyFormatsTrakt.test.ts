// src/history/formats/trakt.ts: Trakt's JSON lists, recognised by name or content.
import { describe, expect, it } from 'vitest';
import { detectImport, parseImport } from '../../src/history';
import { fixture, NOW, recognised, textFile } from '../helpers/historyFiles';

describe('Trakt', () => {
  it('reads movie ratings and the watchlist; shows are listed as ignored', async () => {
    const detected = await detectImport(['trakt/ratings-movies.json', 'trakt/watchlist-movies.json', 'trakt/ratings-shows.json'].map(fixture));
    expect(detected).toMatchObject({ kind: 'history', source: 'trakt' });
    expect(detected.ignored).toEqual([{ name: 'ratings-shows.json', reason: 'Trakt shows, seasons or episodes (only movies are imported)' }]);
    const history = parseImport(recognised(detected), NOW);
    expect(history.rows.map((r) => [r.kind, r.ids, r.rating, r.title, r.year, r.line])).toEqual([
      ['rating', { imdb: 114369 }, 2.5, 'Se7en', 1995, 2],
      ['rating', {}, 5, 'Star Wars', 1977, 3],
      ['rating', { tmdb: 862, imdb: 114709 }, 1.5, 'Toy Story', 1995, 5],
      ['watchlist', { tmdb: 313369, imdb: 3783958 }, null, 'La La Land', 2016, 1],
    ]);
    expect(history.rows[0].date).toBe(Date.parse('2020-01-03T10:00:00.000Z'));
    expect(history.skipped).toEqual([{ file: 'ratings-movies.json', line: 4, reason: 'rating 0 is outside 1–10' }]);
    expect(history.collapsed).toBe(1);
  });

  it('recognises a renamed Trakt file by its content, and a Trakt ZIP by its names', async () => {
    const renamed = await detectImport([
      textFile(
        'export.json',
        JSON.stringify([{ rated_at: '2020-01-01T00:00:00Z', rating: 8, type: 'movie', movie: { title: 'X', year: 2000, ids: { tmdb: 5 } } }]),
      ),
    ]);
    expect(recognised(renamed).files[0].format).toBe('trakt-ratings');
  });
});
