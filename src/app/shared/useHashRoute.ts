// Hash routing (#/search?q=…, #/like/862, #/for-you, #/ratings, #/about): works offline and under any sub-path.
// Anything else is "not-found" (the app says so), never silently another page.
import { useSyncExternalStore } from 'react';

export type Route =
  | { view: 'search'; query: string }
  | { view: 'like'; movieId: number }
  | { view: 'for-you' }
  | { view: 'ratings' }
  | { view: 'about' }
  | { view: 'not-found'; path: string };

/** Largest movie id a route accepts: ids are stored as int32 in the catalog shards. */
export const MAX_ROUTE_MOVIE_ID = 2 ** 31 - 1;

/** A movie id as written in a route: canonical decimal (no sign, leading zero, hex, exponent, fraction), 1..2^31-1. */
export function parseMovieIdSegment(segment: string | undefined): number | null {
  if (segment === undefined || !/^[1-9][0-9]{0,9}$/.test(segment)) return null;
  const id = Number(segment);
  return id <= MAX_ROUTE_MOVIE_ID ? id : null;
}

const SINGLE_VIEWS = new Set(['for-you', 'ratings', 'about'] as const);

export function parseRoute(hash: string): Route {
  const [path, search = ''] = hash.replace(/^#/, '').split('?');
  const parts = path.split('/').filter(Boolean);
  // The start page: no hash, "#", "#/" or "#/search".
  if (parts.length === 0 || (parts.length === 1 && parts[0] === 'search')) return { view: 'search', query: new URLSearchParams(search).get('q') ?? '' };
  if (parts.length === 2 && parts[0] === 'like') {
    const movieId = parseMovieIdSegment(parts[1]);
    if (movieId !== null) return { view: 'like', movieId };
  }
  if (parts.length === 1 && SINGLE_VIEWS.has(parts[0] as 'about')) return { view: parts[0] as 'for-you' | 'ratings' | 'about' };
  return { view: 'not-found', path };
}

export function routeHref(route: Route): string {
  switch (route.view) {
    case 'search':
      return route.query ? `#/search?${new URLSearchParams({ q: route.query }).toString()}` : '#/search';
    case 'like':
      return `#/like/${route.movieId}`;
    case 'not-found':
      return `#${route.path}`;
    default:
      return `#/${route.view}`;
  }
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

export function useHashRoute(): Route {
  const hash = useSyncExternalStore(subscribe, () => window.location.hash);
  return parseRoute(hash);
}

export function navigate(route: Route): void {
  window.location.hash = routeHref(route);
}

/** Updates the URL without a history entry (used while typing a search). */
export function replaceRoute(route: Route): void {
  const url = new URL(window.location.href);
  url.hash = routeHref(route);
  window.history.replaceState(window.history.state, '', url);
}
