// Hash routing (#/search?q=…, #/like/862, #/for-you, #/ratings, #/about): works offline and under any sub-path.
import { useSyncExternalStore } from 'react';

export type Route =
  | { view: 'search'; query: string }
  | { view: 'like'; movieId: number }
  | { view: 'for-you' }
  | { view: 'ratings' }
  | { view: 'about' };

export function parseRoute(hash: string): Route {
  const [path, search = ''] = hash.replace(/^#/, '').split('?');
  const parts = path.split('/').filter(Boolean);
  const like = parts[0] === 'like' ? Number(parts[1]) : NaN;
  if (parts[0] === 'like' && Number.isSafeInteger(like) && like > 0) return { view: 'like', movieId: like };
  if (parts[0] === 'for-you') return { view: 'for-you' };
  if (parts[0] === 'ratings') return { view: 'ratings' };
  if (parts[0] === 'about') return { view: 'about' };
  return { view: 'search', query: new URLSearchParams(search).get('q') ?? '' };
}

export function routeHref(route: Route): string {
  switch (route.view) {
    case 'search':
      return route.query ? `#/search?${new URLSearchParams({ q: route.query }).toString()}` : '#/search';
    case 'like':
      return `#/like/${route.movieId}`;
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
