// The route table: every view behind a hash route, and whether (and how) it appears in the main navigation.
// Adding a view = one entry here (plus its hash in shared/useHashRoute.ts).
import type { ReactNode } from 'react';
import { AboutView } from './about/AboutView';
import { ForYouView } from './foryou/ForYouView';
import { MyRatingsView } from './myratings/MyRatingsView';
import { NotFoundView } from './notfound/NotFoundView';
import { RecommendView } from './recommend/RecommendView';
import { SearchView } from './search/SearchView';
import type { Route } from './shared/useHashRoute';

type View = Route['view'];
type RouteOf<V extends View> = Extract<Route, { view: V }>;

interface RouteEntry<V extends View> {
  /** In the main navigation, linking to this route; absent for views reached from other views. */
  nav?: { label: string; route: RouteOf<V> };
  render(route: RouteOf<V>): ReactNode;
}

/** In navigation order. */
export const ROUTES: { [V in View]: RouteEntry<V> } = {
  search: { nav: { label: 'Search', route: { view: 'search', query: '' } }, render: (route) => <SearchView initialQuery={route.query} /> },
  like: { render: (route) => <RecommendView key={route.movieId} movieId={route.movieId} /> },
  'for-you': { nav: { label: 'For you', route: { view: 'for-you' } }, render: () => <ForYouView /> },
  ratings: { nav: { label: 'My ratings', route: { view: 'ratings' } }, render: () => <MyRatingsView /> },
  about: { nav: { label: 'About', route: { view: 'about' } }, render: () => <AboutView /> },
  'not-found': { render: (route) => <NotFoundView key={route.path} path={route.path} /> },
};

export const NAV: { label: string; route: Route }[] = Object.values(ROUTES).flatMap((entry) => (entry.nav ? [{ label: entry.nav.label, route: entry.nav.route as Route }] : []));

export function RouteView({ route }: { route: Route }) {
  const entry = ROUTES[route.view] as RouteEntry<View>;
  return entry.render(route as never);
}
