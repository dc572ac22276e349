// Explore's filters as query parameters (#/explore?genre=Drama&decade=1990&person=Christopher%20Nolan&sort=rating&hide=rated):
// shareable, kept in history, and read back leniently (a value that does not parse is left out, never another page).
import type { ExploreSort } from '../../engine/types';

export type ExploreHide = 'rated' | 'watchlist' | 'hidden';

export interface ExploreRoute {
  genre: string | null;
  /** Decade start year, e.g. 1990. */
  decade: number | null;
  /** A director's or actor's name. */
  person: string | null;
  sort: ExploreSort;
  /** Which of the person's own movies are left out of the list. */
  hide: ExploreHide[];
}

export const EXPLORE_HIDE: readonly ExploreHide[] = ['rated', 'watchlist', 'hidden'];
export const DEFAULT_EXPLORE_SORT: ExploreSort = 'predicted';
/** Rated and "not interested" movies are left out unless the person asks for them. */
export const DEFAULT_EXPLORE_HIDE: readonly ExploreHide[] = ['rated', 'hidden'];
const SORTS: readonly ExploreSort[] = ['predicted', 'rating', 'popularity', 'year'];
const MAX_TEXT = 100;

export const DEFAULT_EXPLORE_ROUTE: ExploreRoute = { genre: null, decade: null, person: null, sort: DEFAULT_EXPLORE_SORT, hide: [...DEFAULT_EXPLORE_HIDE] };

function text(value: string | null): string | null {
  const trimmed = value?.trim() ?? '';
  return trimmed.length > 0 && trimmed.length <= MAX_TEXT ? trimmed : null;
}

export function parseExploreParams(search: string): ExploreRoute {
  const params = new URLSearchParams(search);
  const decade = params.get('decade') ?? '';
  const sort = params.get('sort') as ExploreSort | null;
  const hide = params.get('hide');
  return {
    genre: text(params.get('genre')),
    decade: /^(18|19|20)[0-9]0$/.test(decade) ? Number(decade) : null,
    person: text(params.get('person')),
    sort: sort && SORTS.includes(sort) ? sort : DEFAULT_EXPLORE_SORT,
    // Absent: the defaults; present (even empty): exactly the listed ones, in a fixed order.
    hide: hide === null ? [...DEFAULT_EXPLORE_HIDE] : EXPLORE_HIDE.filter((h) => hide.split(',').includes(h)),
  };
}

/** The query string (without "?"), defaults left out; '' for the plain Explore page. */
export function exploreSearch(route: ExploreRoute): string {
  const params = new URLSearchParams();
  if (route.genre) params.set('genre', route.genre);
  if (route.decade !== null) params.set('decade', String(route.decade));
  if (route.person) params.set('person', route.person);
  if (route.sort !== DEFAULT_EXPLORE_SORT) params.set('sort', route.sort);
  const hide = EXPLORE_HIDE.filter((h) => route.hide.includes(h));
  if (hide.join(',') !== DEFAULT_EXPLORE_HIDE.join(',')) params.set('hide', hide.join(','));
  return params.toString();
}

/** An address filter Explore cannot show, and why (said on the page after the address drops it). */
export interface IgnoredExploreFilter {
  filter: 'genre' | 'decade';
  value: string;
  /** One sentence: what was left out, why, and what is shown instead. */
  text: string;
}

/**
 * The route Explore can show with these genres and decade options: a genre matched case-insensitively takes the
 * catalog's spelling; one the catalog lacks, or a decade the Decade field does not offer, is dropped and listed, so the
 * fields never read "All genres" / "Any decade" over a filter that is still applied ("No movies match").
 */
export function checkExploreRoute(
  route: ExploreRoute,
  genres: readonly string[],
  decades: readonly number[],
): { route: ExploreRoute; ignored: IgnoredExploreFilter[] } {
  const ignored: IgnoredExploreFilter[] = [];
  let { genre, decade } = route;
  if (genre !== null) {
    const wanted = genre.toLocaleLowerCase('en');
    const known = genres.find((g) => g.toLocaleLowerCase('en') === wanted);
    if (known === undefined)
      ignored.push({
        filter: 'genre',
        value: genre,
        text: `Left out the genre “${genre}” from the address: this catalog has no such genre. Showing all genres.`,
      });
    genre = known ?? null;
  }
  if (decade !== null && !decades.includes(decade)) {
    const range = decades.length > 0 ? `Explore offers the ${Math.min(...decades)}s to the ${Math.max(...decades)}s` : 'Explore offers no decades';
    ignored.push({ filter: 'decade', value: String(decade), text: `Left out the decade ${decade}s from the address: ${range}. Showing every decade.` });
    decade = null;
  }
  return { route: { ...route, genre, decade }, ignored };
}
