// The movie page's pure parts: the #/movie/<id> route, the page's text and outbound links, and the poster URLs.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { imdbTitleUrl, runtimeText, tmdbMovieUrl, votesText } from '../../src/app/movie/movieFormat';
import { posterUrl } from '../../src/app/posters/Poster';
import { MAX_ROUTE_MOVIE_ID, parseRoute, routeHref } from '../../src/app/shared/useHashRoute';

describe('#/movie/<tmdb id>', () => {
  it('parses canonical decimal ids and round-trips through routeHref', () => {
    expect(parseRoute('#/movie/862')).toEqual({ view: 'movie', movieId: 862 });
    expect(parseRoute('#/movie/862/')).toEqual({ view: 'movie', movieId: 862 });
    expect(routeHref({ view: 'movie', movieId: 862 })).toBe('#/movie/862');
    expect(parseRoute(routeHref({ view: 'movie', movieId: MAX_ROUTE_MOVIE_ID }))).toEqual({ view: 'movie', movieId: MAX_ROUTE_MOVIE_ID });
    fc.assert(
      fc.property(fc.integer({ min: 1, max: MAX_ROUTE_MOVIE_ID }), (id) => {
        expect(parseRoute(routeHref({ view: 'movie', movieId: id }))).toEqual({ view: 'movie', movieId: id });
      }),
      { seed: 12 },
    );
  });

  it('anything else under /movie is "not-found", never another movie', () => {
    for (const segment of [
      '0',
      '0862',
      '+862',
      '-862',
      '862.0',
      '8.62e2',
      '0x35e',
      ' 862',
      '862 ',
      '%38%36%32',
      String(MAX_ROUTE_MOVIE_ID + 1),
      '99999999999',
      'toy-story',
      '',
    ]) {
      const route = parseRoute(`#/movie/${segment}`);
      expect(route.view, `#/movie/${segment}`).toBe('not-found');
    }
    expect(parseRoute('#/movie')).toEqual({ view: 'not-found', path: '/movie' });
    expect(parseRoute('#/movie/862/cast')).toEqual({ view: 'not-found', path: '/movie/862/cast' });
    expect(parseRoute('#/Movie/862')).toEqual({ view: 'not-found', path: '/Movie/862' });
  });
});

describe('movie page text and links', () => {
  it('runtime, votes', () => {
    expect(runtimeText(81)).toBe('1 h 21 min');
    expect(runtimeText(45)).toBe('45 min');
    expect(runtimeText(120)).toBe('2 h');
    expect(runtimeText(0)).toBeNull();
    expect(runtimeText(null)).toBeNull();
    expect(votesText(7.7, 5012)).toBe('7.7 / 10 from 5,012 votes');
    expect(votesText(8, 1)).toBe('8.0 / 10 from 1 vote');
    expect(votesText(0, 0)).toBe('No votes on TMDB');
  });

  it('TMDB and IMDb addresses (IMDb ids padded to 7 digits, longer ones kept)', () => {
    expect(tmdbMovieUrl(862)).toBe('https://www.themoviedb.org/movie/862');
    expect(imdbTitleUrl(114709)).toBe('https://www.imdb.com/title/tt0114709/');
    expect(imdbTitleUrl(7)).toBe('https://www.imdb.com/title/tt0000007/');
    expect(imdbTitleUrl(10872600)).toBe('https://www.imdb.com/title/tt10872600/');
  });

  it('poster URLs only for TMDB-shaped paths, on image.tmdb.org', () => {
    expect(posterUrl('/rhIRbceoE9lR4veEXuwCC2wARtG.jpg', 'w92')).toBe('https://image.tmdb.org/t/p/w92/rhIRbceoE9lR4veEXuwCC2wARtG.jpg');
    expect(posterUrl('/rhIRbceoE9lR4veEXuwCC2wARtG.jpg', 'w185')).toBe('https://image.tmdb.org/t/p/w185/rhIRbceoE9lR4veEXuwCC2wARtG.jpg');
    for (const path of [
      null,
      undefined,
      '',
      'rhIR.jpg',
      '/../../x.jpg',
      '/a/b.jpg',
      '//evil.example/x.jpg',
      '/x.jpg?track=1',
      '/x.svg',
      '@evil.example/x.jpg',
      '/x.jpg#f',
    ]) {
      expect(posterUrl(path, 'w92'), String(path)).toBeNull();
    }
  });
});
