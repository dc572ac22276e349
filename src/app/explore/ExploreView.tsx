// Explore (#/explore?…): browse without a title in mind — genre, decade, a director or actor — sorted by predicted ★,
// vote-weighted TMDB rating, popularity or year; the filters live in the address, so Back and links work.
import { useEffect, useId, useState } from 'react';
import type { ExploreSort } from '../../engine/types';
import { DECADES, GenreDecadeFields } from '../shared/GenreDecadeFields';
import { useProfileSession, useServices } from '../services';
import { MovieCard } from '../shared/MovieCard';
import { QueryError } from '../shared/QueryError';
import { useEngineQuery } from '../shared/useEngineQuery';
import { navigate, redirectRoute } from '../shared/useHashRoute';
import { exploreChips, exploreCountText, personHitText, SORT_LABELS } from './exploreFormat';
import { checkExploreRoute, EXPLORE_HIDE, exploreSearch, parseExploreParams, type ExploreHide, type ExploreRoute } from './exploreRoute';
import { PersonSearch } from './PersonSearch';

const PAGE = 30;
const HIDE_LABELS: Record<ExploreHide, string> = { rated: 'Hide rated', watchlist: 'Hide watchlisted', hidden: 'Hide “not interested”' };

export function ExploreView({ route }: { route: ExploreRoute }) {
  const { bridge } = useServices();
  const session = useProfileSession();
  const ids = { sort: useId(), heading: useId() };
  const filterKey = exploreSearch(route);
  // "Show more" grows the page; a new filter starts again at one page.
  const [shown, setShown] = useState({ filterKey, limit: PAGE });
  const limit = shown.filterKey === filterKey ? shown.limit : PAGE;
  const genres = useEngineQuery('genres', () => bridge.genres());
  // A genre or decade from the address that the fields cannot show is dropped from the address, and the page says so.
  const checked = genres.data ? checkExploreRoute(route, genres.data, DECADES) : null;
  const mustRedirect = checked !== null && (checked.ignored.length > 0 || checked.route.genre !== route.genre);
  const redirectKey = mustRedirect ? exploreSearch(checked.route) : null;
  // The notice belongs to the corrected address (filterKey) and says what the bad one (from) asked for.
  const [ignored, setIgnored] = useState<{ from: string; filterKey: string; texts: string[] } | null>(null);
  if (checked && checked.ignored.length > 0 && (ignored?.from !== filterKey || ignored.filterKey !== redirectKey))
    setIgnored({ from: filterKey, filterKey: redirectKey!, texts: checked.ignored.map((i) => i.text) });
  // Any other address (the person changed a filter, or followed another link) ends the notice.
  else if (ignored && filterKey !== ignored.from && filterKey !== ignored.filterKey) setIgnored(null);
  useEffect(() => {
    if (redirectKey !== null) redirectRoute({ view: 'explore', ...parseExploreParams(redirectKey) });
  }, [redirectKey]);
  // Until the genres are known a genre from the address is not trusted (without them, as before: unchecked).
  const settled = (route.genre === null || genres.data !== undefined || genres.error !== null) && !mustRedirect;
  const hides = new Set(route.hide);
  const vector = session.vector;
  const vectorKey = vector ? `${vector.modelVersion}:${vector.ratingCount}:${vector.bias}` : 'none';
  // The movies left out are fixed while these filters are shown: a movie rated or watchlisted here stays in the list
  // (no reshuffle under the pointer, also when the new rating refits the vector) until the filters change.
  const currentExclude = () => [
    ...(hides.has('rated') ? session.ratings.keys() : []),
    ...(hides.has('watchlist') ? session.watchlist.keys() : []),
    ...(hides.has('hidden') ? session.hidden.keys() : []),
  ];
  const [excluded, setExcluded] = useState(() => ({ filterKey, ids: currentExclude() }));
  if (excluded.filterKey !== filterKey) setExcluded({ filterKey, ids: currentExclude() });
  const result = useEngineQuery(settled && excluded.filterKey === filterKey ? `explore:${filterKey}:${vectorKey}:${limit}` : null, () =>
    bridge.explore({ genre: route.genre, decade: route.decade, person: route.person, exclude: excluded.ids }, route.sort, { vector }, { offset: 0, limit }),
  );
  // "Not interested" is the one choice that takes a movie off the list at once.
  const items = (result.data?.items ?? []).filter((item) => !(hides.has('hidden') && session.hidden.has(item.movie.id)));
  const go = (change: Partial<ExploreRoute>) => navigate({ view: 'explore', ...route, ...change });
  const toggleHide = (hide: ExploreHide, on: boolean) => go({ hide: EXPLORE_HIDE.filter((h) => (h === hide ? on : hides.has(h))) });
  const fellBack = result.data && result.data.sort !== route.sort;

  return (
    <section className="view" aria-labelledby={ids.heading}>
      <h1 id={ids.heading} className="view-title">
        Explore
      </h1>
      <p className="view-lede">Browse without a title in mind: pick a genre, a decade, a director or an actor.</p>
      <div className="filters explore-filters" role="group" aria-label="Filters">
        <GenreDecadeFields
          genres={genres.data ?? []}
          genre={route.genre ?? ''}
          decade={route.decade === null || route.decade === undefined ? '' : String(route.decade)}
          onGenre={(genre) => go({ genre: genre || null })}
          onDecade={(decade) => go({ decade: decade ? Number(decade) : null })}
        />
        <PersonSearch onPick={(person) => go({ person: person.name })} />
      </div>
      <div className="explore-sortbar">
        <div className="field">
          <label htmlFor={ids.sort}>Sort by</label>
          <select id={ids.sort} value={route.sort} onChange={(event) => go({ sort: event.target.value as ExploreSort })}>
            {(Object.keys(SORT_LABELS) as ExploreSort[]).map((sort) => (
              <option key={sort} value={sort}>
                {SORT_LABELS[sort]}
              </option>
            ))}
          </select>
        </div>
        <fieldset className="explore-hide">
          <legend className="sr-only">Leave out</legend>
          {EXPLORE_HIDE.map((hide) => (
            <label key={hide} className="checkbox-field">
              <input type="checkbox" checked={hides.has(hide)} onChange={(event) => toggleHide(hide, event.target.checked)} />
              <span>{HIDE_LABELS[hide]}</span>
            </label>
          ))}
        </fieldset>
      </div>
      {route.person ? (
        <p className="explore-person">
          {result.data?.person ? (
            <>
              Films with <strong>{result.data.person.name}</strong> <span className="person-detail">({personHitText(result.data.person)})</span>
            </>
          ) : result.data ? (
            <>No director or actor called “{route.person}” in this catalog.</>
          ) : (
            <>Films with {route.person}</>
          )}{' '}
          <button type="button" className="button button-quiet button-small" onClick={() => go({ person: null })}>
            Clear<span className="sr-only"> the person filter</span>
          </button>
        </p>
      ) : null}
      {ignored && ignored.filterKey === filterKey
        ? ignored.texts.map((text) => (
            <p key={text} className="notice" role="status">
              {text}
            </p>
          ))
        : null}
      {fellBack ? <p className="hint">Rate a movie to sort by your predicted ★; sorted by vote-weighted TMDB rating meanwhile.</p> : null}
      <div aria-live="polite" className="result-count">
        {result.pending && !result.data ? 'Looking…' : result.data ? exploreCountText(Math.min(limit, result.data.total), result.data.total) : null}
      </div>
      <QueryError what="Explore" error={result.error} onRetry={result.reload} />
      {items.length > 0 ? (
        <ul className="movie-list" aria-label="Movies" aria-busy={result.pending}>
          {items.map((item) => (
            <MovieCard key={item.movie.id} movie={item.movie} chips={exploreChips(item)} />
          ))}
        </ul>
      ) : null}
      {result.data && result.data.total > limit ? (
        <p className="show-more">
          <button type="button" className="button" disabled={result.pending} onClick={() => setShown({ filterKey, limit: limit + PAGE })}>
            Show more
          </button>
        </p>
      ) : null}
    </section>
  );
}
