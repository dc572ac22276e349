// The route table: every view behind a hash route, and whether (and how) it appears in the main navigation.
// Adding a view = one entry here (plus its hash in shared/useHashRoute.ts).
import type { ReactNode } from 'react';
import { AboutView } from './about/AboutView';
import { ForYouView } from './foryou/ForYouView';
import { ListsView } from './lists/ListsView';
import { MyRatingsView } from './myratings/MyRatingsView';
import { NotFoundView } from './notfound/NotFoundView';
import { RecommendView } from './recommend/RecommendView';
import { SearchView } from './search/SearchView';
import type { Route } from './shared/useHashRoute';
import { DEFAULT_EXPLORE_ROUTE } from './explore/exploreRoute';
import { WelcomeLanding } from './onboarding/WelcomeLanding';
import { DEFAULT_TOGETHER_ROUTE } from './together/together';
import { lazyView } from './shared/LazyView';
import { RatingsReading } from './shared/RatingsReading';
import { useProfileSession } from './services';

// Each its own chunk (precached like the rest), so the start-up JS stays small; lazyView shows a chunk that cannot be
// fetched (offline, or an old tab after a deploy) as a message with Reload in the view's place, the rest still working.
const MovieView = lazyView('movie page', () => import('./movie/MovieView').then((module) => module.MovieView));
const ImportView = lazyView('import page', () => import('./import/ImportView').then((module) => module.ImportView));
const WelcomeView = lazyView('welcome page', () => import('./onboarding/WelcomeView').then((module) => module.WelcomeView));
const ExploreView = lazyView('Explore page', () => import('./explore/ExploreView').then((module) => module.ExploreView));
const TogetherView = lazyView('Watch together page', () => import('./together/TogetherView').then((module) => module.TogetherView));
const TasteView = lazyView('Your taste page', () => import('./taste/TasteView').then((module) => module.TasteView));

type View = Route['view'];
type RouteOf<V extends View> = Extract<Route, { view: V }>;

interface RouteEntry<V extends View> {
  /** In the main navigation, linking to this route; absent for views reached from other views. */
  nav?: { label: string; route: RouteOf<V> };
  render(route: RouteOf<V>): ReactNode;
  /** Works with a long history's most recent ratings while the rest are read; other views wait for all (RatingsReading). */
  recentRatingsSuffice?: true;
}

/** In navigation order. */
export const ROUTES: { [V in View]: RouteEntry<V> } = {
  search: {
    nav: { label: 'Search', route: { view: 'search', query: '' } },
    render: (route) => <SearchView initialQuery={route.query} />,
    recentRatingsSuffice: true,
  },
  like: { render: (route) => <RecommendView key={route.movieId} movieId={route.movieId} /> },
  movie: { render: (route) => <MovieView key={route.movieId} movieId={route.movieId} /> },
  welcome: { render: () => <WelcomeView /> },
  'for-you': { nav: { label: 'For you', route: { view: 'for-you' } }, render: () => <ForYouView /> },
  together: { nav: { label: 'Together', route: { view: 'together', ...DEFAULT_TOGETHER_ROUTE } }, render: (route) => <TogetherView route={route} /> },
  explore: {
    nav: { label: 'Explore', route: { view: 'explore', ...DEFAULT_EXPLORE_ROUTE } },
    render: (route) => <ExploreView route={route} />,
  },
  watchlist: {
    nav: { label: 'Watchlist', route: { view: 'watchlist', tab: 'watchlist' } },
    render: (route) => <ListsView tab={route.tab} />,
    recentRatingsSuffice: true,
  },
  ratings: { nav: { label: 'My ratings', route: { view: 'ratings' } }, render: () => <MyRatingsView />, recentRatingsSuffice: true },
  taste: { nav: { label: 'Your taste', route: { view: 'taste' } }, render: () => <TasteView /> },
  import: { render: () => <ImportView /> },
  about: { nav: { label: 'About', route: { view: 'about' } }, render: () => <AboutView /> },
  'not-found': { render: (route) => <NotFoundView key={route.path} path={route.path} />, recentRatingsSuffice: true },
};

export const NAV: { label: string; route: Route }[] = Object.values(ROUTES).flatMap((entry) =>
  entry.nav ? [{ label: entry.nav.label, route: entry.nav.route as Route }] : [],
);

export function RouteView({ route }: { route: Route }) {
  const entry = ROUTES[route.view] as RouteEntry<View>;
  const session = useProfileSession();
  if (!session.ratingsComplete && !entry.recentRatingsSuffice) return <RatingsReading count={session.ratingCount} />;
  return <WelcomeLanding route={route}>{entry.render(route as never)}</WelcomeLanding>;
}
