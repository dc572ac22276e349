// Hash routing (#/search?q=…, #/like/862, #/movie/862, #/for-you, #/watchlist[?tab=hidden], #/ratings, #/taste, #/about): works offline and under any sub-path.
// Anything else is "not-found" (the app says so), never silently another page.
import { useSyncExternalStore } from 'react';
import { exploreSearch, parseExploreParams, type ExploreRoute } from '../explore/exploreRoute';
import { parseTogetherParams, togetherSearch, type TogetherRoute } from '../together/together';

export type Route =
  | { view: 'search'; query: string }
  | { view: 'like'; movieId: number }
  | { view: 'movie'; movieId: number }
  | { view: 'for-you' }
  | { view: 'watchlist'; tab: ListTab }
  | { view: 'ratings' }
  | { view: 'about' }
  | { view: 'taste' }
  | { view: 'import' }
  | { view: 'welcome' }
  | ({ view: 'explore' } & ExploreRoute)
  | ({ view: 'together' } & TogetherRoute)
  | { view: 'not-found'; path: string };

/** The two lists of the Watchlist view: `#/watchlist` and `#/watchlist?tab=hidden`. */
export type ListTab = 'watchlist' | 'hidden';

/** Largest movie id a route accepts: ids are stored as int32 in the catalog shards. */
export const MAX_ROUTE_MOVIE_ID = 2 ** 31 - 1;

/** A movie id as written in a route: canonical decimal (no sign, leading zero, hex, exponent, fraction), 1..2^31-1. */
export function parseMovieIdSegment(segment: string | undefined): number | null {
  if (segment === undefined || !/^[1-9][0-9]{0,9}$/.test(segment)) return null;
  const id = Number(segment);
  return id <= MAX_ROUTE_MOVIE_ID ? id : null;
}

const SINGLE_VIEWS = new Set(['for-you', 'ratings', 'about', 'taste'] as const);

export function parseRoute(hash: string): Route {
  const [path, search = ''] = hash.replace(/^#/, '').split('?');
  const parts = path.split('/').filter(Boolean);
  // The start page: no hash, "#", "#/" or "#/search".
  if (parts.length === 0 || (parts.length === 1 && parts[0] === 'search')) return { view: 'search', query: new URLSearchParams(search).get('q') ?? '' };
  if (parts.length === 2 && (parts[0] === 'like' || parts[0] === 'movie')) {
    const movieId = parseMovieIdSegment(parts[1]);
    if (movieId !== null) return { view: parts[0], movieId };
  }
  if (parts.length === 1 && SINGLE_VIEWS.has(parts[0] as 'about')) return { view: parts[0] as 'for-you' | 'ratings' | 'about' | 'taste' };
  // An unknown tab (?tab=../../x) is the watchlist: the page exists, only the parameter is wrong.
  if (parts.length === 1 && parts[0] === 'watchlist')
    return { view: 'watchlist', tab: new URLSearchParams(search).get('tab') === 'hidden' ? 'hidden' : 'watchlist' };
  // "Bring your history": Letterboxd / IMDb / Trakt / MovieLens import (src/app/import).
  if (parts.length === 1 && parts[0] === 'import') return { view: 'import' };
  // First run (#/welcome) and Explore (#/explore?genre=…&decade=…&person=…&sort=…&hide=…).
  if (parts.length === 1 && parts[0] === 'welcome') return { view: 'welcome' };
  if (parts.length === 1 && parts[0] === 'explore') return { view: 'explore', ...parseExploreParams(search) };
  // Watch together (#/together?with=<profile id>,<profile id>&genre=…&decade=…&rated=1).
  if (parts.length === 1 && parts[0] === 'together') return { view: 'together', ...parseTogetherParams(search) };
  return { view: 'not-found', path };
}

export function routeHref(route: Route): string {
  switch (route.view) {
    case 'search':
      return route.query ? `#/search?${new URLSearchParams({ q: route.query }).toString()}` : '#/search';
    case 'like':
      return `#/like/${route.movieId}`;
    case 'watchlist':
      return route.tab === 'hidden' ? '#/watchlist?tab=hidden' : '#/watchlist';
    case 'movie':
      return `#/movie/${route.movieId}`;
    case 'explore': {
      const search = exploreSearch(route);
      return search ? `#/explore?${search}` : '#/explore';
    }
    case 'together': {
      const search = togetherSearch(route);
      return search ? `#/together?${search}` : '#/together';
    }
    case 'not-found':
      return `#${route.path}`;
    default:
      return `#/${route.view}`;
  }
}

const routeListeners = new Set<() => void>();

function subscribe(onChange: () => void): () => void {
  routeListeners.add(onChange);
  window.addEventListener('hashchange', onChange);
  return () => {
    routeListeners.delete(onChange);
    window.removeEventListener('hashchange', onChange);
  };
}

export function useHashRoute(): Route {
  const hash = useSyncExternalStore(subscribe, () => window.location.hash);
  return parseRoute(hash);
}

export function navigate(route: Route): void {
  window.location.hash = routeHref(route);
  // Tell React now, not at the (asynchronous) hashchange: a controlled checkbox or select driven by the route would
  // otherwise snap back to its old value for a moment after the click.
  for (const listener of [...routeListeners]) listener();
}

/** Updates the URL without a history entry (used while typing a search). */
export function replaceRoute(route: Route): void {
  const url = new URL(window.location.href);
  url.hash = routeHref(route);
  window.history.replaceState(window.history.state, '', url);
}

/** Replaces the address with a corrected one (no history entry, so Back does not return to the bad one) and shows it. */
export function redirectRoute(route: Route): void {
  replaceRoute(route);
  for (const listener of [...routeListeners]) listener();
}
