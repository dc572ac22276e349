// Hash routes: unknown paths are "not-found" (never silently Search), and movie ids must be canonical decimal integers.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { MAX_ROUTE_MOVIE_ID, parseMovieIdSegment, parseRoute, routeHref, type Route } from '../../src/app/shared/useHashRoute';

describe('parseRoute', () => {
  it('reads every known route and round-trips through routeHref', () => {
    const routes: Route[] = [
      { view: 'search', query: '' },
      { view: 'search', query: 'the "perfect" & co?' },
      { view: 'like', movieId: 862 },
      { view: 'like', movieId: MAX_ROUTE_MOVIE_ID },
      { view: 'for-you' },
      { view: 'ratings' },
      { view: 'about' },
      { view: 'taste' },
      { view: 'movie', movieId: 862 },
      { view: 'watchlist', tab: 'watchlist' },
      { view: 'watchlist', tab: 'hidden' },
      { view: 'import' },
      { view: 'welcome' },
      { view: 'not-found', path: '/recommend/862' },
    ];
    for (const route of routes) expect(parseRoute(routeHref(route))).toEqual(route);
    for (const start of ['', '#', '#/', '#/search']) expect(parseRoute(start)).toEqual({ view: 'search', query: '' });
    expect(parseRoute('#/about/')).toEqual({ view: 'about' });
    expect(parseRoute('#/movie/0x35E')).toEqual({ view: 'not-found', path: '/movie/0x35E' });
    expect(parseRoute('#/import/x')).toEqual({ view: 'not-found', path: '/import/x' });
    // A wrong parameter on a page that exists shows that page (issue 21: "#/watchlist?tab=../../x" said it did not exist).
    for (const tab of ['../../x', 'HIDDEN', '', '%00']) expect(parseRoute(`#/watchlist?tab=${tab}`)).toEqual({ view: 'watchlist', tab: 'watchlist' });
  });

  it('says "not-found" for unknown paths instead of showing Search', () => {
    for (const [hash, path] of [
      ['#/recommend/862', '/recommend/862'],
      ['#/nowhere', '/nowhere'],
      ['#/About', '/About'],
      ['#/about/extra', '/about/extra'],
      ['#/taste/x', '/taste/x'],
      ['#/like', '/like'],
      ['#/like/862/more', '/like/862/more'],
      ['#/search/more', '/search/more'],
      ['#main', 'main'],
    ]) {
      expect(parseRoute(hash), hash).toEqual({ view: 'not-found', path });
    }
  });

  it('accepts only canonical decimal movie ids from 1 to 2^31-1', () => {
    for (const bad of [
      '0x35E',
      '8.62e2',
      '0862',
      '+862',
      '-862',
      '862.0',
      ' 862',
      '862 ',
      '0',
      '-0',
      '1e3',
      'Infinity',
      'NaN',
      '２',
      '%38%36%32',
      '2147483648',
      '9007199254740993',
      'abc',
      '',
    ]) {
      expect(parseRoute(`#/like/${bad}`), bad).toEqual({ view: 'not-found', path: `/like/${bad}` });
      expect(parseMovieIdSegment(bad), bad).toBeNull();
    }
    expect(parseRoute('#/like/862')).toEqual({ view: 'like', movieId: 862 });
    expect(parseRoute('#/like/2147483647')).toEqual({ view: 'like', movieId: 2147483647 });
    expect(parseRoute('#/like/1?from=search')).toEqual({ view: 'like', movieId: 1 });
  });

  it('any id the route accepts prints back as exactly the same text (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 12 }), (segment) => {
        const id = parseMovieIdSegment(segment);
        if (id !== null) expect(String(id)).toBe(segment);
      }),
      { numRuns: 2000, seed: 20250107 },
    );
    fc.assert(
      fc.property(fc.integer({ min: 1, max: MAX_ROUTE_MOVIE_ID }), (id) => {
        expect(parseRoute(routeHref({ view: 'like', movieId: id }))).toEqual({ view: 'like', movieId: id });
      }),
      { numRuns: 500, seed: 20250108 },
    );
  });
});
