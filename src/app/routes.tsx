// The route table: every view behind a hash route, and whether (and how) it appears in the main navigation.
// Adding a view = one entry here (plus its hash in shared/useHashRoute.ts).
import { lazy, Suspense, type ReactNode } from 'react';
import { AboutView } from './about/AboutView';
import { ForYouView } from './foryou/ForYouView';
import { ListsView } from './lists/ListsView';
import { MyRatingsView } from './myratings/MyRatingsView';
import { MoviePageUnavailable } from './movie/MoviePageUnavailable';
import { NotFoundView } from './notfound/NotFoundView';
import { RecommendView } from './recommend/RecommendView';
import { SearchView } from './search/SearchView';
import type { Route } from './shared/useHashRoute';
import { DEFAULT_EXPLORE_ROUTE } from './explore/exploreRoute';
import { WelcomeLanding } from './onboarding/WelcomeLanding';

// Its own chunk (precached like the rest): the start-up JS stays what it was; a chunk that cannot be fetched says so.
const MovieView = lazy(() =>
  import('./movie/MovieView').then(
    (module) => ({ default: module.MovieView }),
    () => ({ default: MoviePageUnavailable }),
  ),
);
const ImportView = lazy(() => import('./import/ImportView').then((module) => ({ default: module.ImportView })));
const WelcomeView = lazy(() => import('./onboarding/WelcomeView').then((module) => ({ default: module.WelcomeView })));
const ExploreView = lazy(() => import('./explore/ExploreView').then((module) => ({ default: module.ExploreView })));

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
  movie: {
    render: (route) => (
      <Suspense fallback={<p className="result-count">Loading the movie page…</p>}>
        <MovieView key={route.movieId} movieId={route.movieId} />
      </Suspense>
    ),
  },
  welcome: {
    render: () => (
      <Suspense fallback={<p className="result-count">Loading…</p>}>
        <WelcomeView />
      </Suspense>
    ),
  },
  'for-you': { nav: { label: 'For you', route: { view: 'for-you' } }, render: () => <ForYouView /> },
  explore: {
    nav: { label: 'Explore', route: { view: 'explore', ...DEFAULT_EXPLORE_ROUTE } },
    render: (route) => (
      <Suspense fallback={<p className="result-count">Loading Explore…</p>}>
        <ExploreView route={route} />
      </Suspense>
    ),
  },
  watchlist: { nav: { label: 'Watchlist', route: { view: 'watchlist', tab: 'watchlist' } }, render: (route) => <ListsView tab={route.tab} /> },
  ratings: { nav: { label: 'My ratings', route: { view: 'ratings' } }, render: () => <MyRatingsView /> },
  import: {
    render: () => (
      <Suspense fallback={<p className="result-count">Loading the import page…</p>}>
        <ImportView />
      </Suspense>
    ),
  },
  about: { nav: { label: 'About', route: { view: 'about' } }, render: () => <AboutView /> },
  'not-found': { render: (route) => <NotFoundView key={route.path} path={route.path} /> },
};

export const NAV: { label: string; route: Route }[] = Object.values(ROUTES).flatMap((entry) => (entry.nav ? [{ label: entry.nav.label, route: entry.nav.route as Route }] : []));

export function RouteView({ route }: { route: Route }) {
  const entry = ROUTES[route.view] as RouteEntry<View>;
  return <WelcomeLanding route={route}>{entry.render(route as never)}</WelcomeLanding>;
}
