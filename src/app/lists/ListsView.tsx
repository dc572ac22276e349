// "Watchlist" (#/watchlist): movies to watch, sortable and with the predicted ★, and (#/watchlist?tab=hidden) the movies
// marked "not interested". Both render 50 cards at a time ("Show more"); a movie taken off a list stays listed (its
// toggle off) until the page is left, so it can be put back and keyboard focus stays where it was.
import { useId, useMemo, useState } from 'react';
import type { MovieSummary } from '../../engine/types';
import { ratingsNeededText } from '../format';
import { useProfileSession, useServices } from '../services';
import { MovieCard } from '../shared/MovieCard';
import { QueryError } from '../shared/QueryError';
import { useEngineQuery } from '../shared/useEngineQuery';
import { routeHref, type ListTab } from '../shared/useHashRoute';
import { sortWatchlist, WATCHLIST_SORT_LABELS, type WatchlistItem, type WatchlistSort } from './sortWatchlist';

/** Cards rendered at first and added by each "Show more". */
export const LIST_PAGE_SIZE = 50;

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });

function countText(n: number): string {
  return `${n} ${n === 1 ? 'movie' : 'movies'}`;
}

export function ListsView({ tab }: { tab: ListTab }) {
  const session = useProfileSession();
  return (
    <section className="view" aria-labelledby="lists-heading">
      <h1 id="lists-heading" className="view-title">
        {tab === 'hidden' ? 'Hidden movies' : 'Watchlist'}
      </h1>
      <nav className="list-tabs" aria-label="Lists">
        <a href={routeHref({ view: 'watchlist', tab: 'watchlist' })} aria-current={tab === 'watchlist' ? 'page' : undefined}>
          Watchlist <span className="list-tab-count">{session.watchlist.size}</span>
          <span className="sr-only"> {session.watchlist.size === 1 ? 'movie' : 'movies'}</span>
        </a>
        <a href={routeHref({ view: 'watchlist', tab: 'hidden' })} aria-current={tab === 'hidden' ? 'page' : undefined}>
          Hidden <span className="list-tab-count">{session.hidden.size}</span>
          <span className="sr-only"> {session.hidden.size === 1 ? 'movie' : 'movies'}</span>
        </a>
      </nav>
      {tab === 'hidden' ? <HiddenPanel /> : <WatchlistPanel />}
      <p className="list-footnote">
        Both lists are kept on this device and go into the JSON export on <a href={routeHref({ view: 'ratings' })}>My ratings</a> (the CSV export holds ratings
        only).
      </p>
    </section>
  );
}

/**
 * Every id listed since the panel opened, with its time: the current ids plus the ones taken off meanwhile (kept in
 * place so they can be put back). Ids added from elsewhere (another tab) join.
 */
function useKeptInPlace(current: ReadonlyMap<number, number>): Map<number, number> {
  const [kept, setKept] = useState(() => new Map(current));
  let changed = false;
  for (const [id, at] of current) if (kept.get(id) !== at) changed = true;
  if (changed) {
    const next = new Map(kept);
    for (const [id, at] of current) next.set(id, at);
    setKept(next);
    return next;
  }
  return kept;
}

/** Titles, years and genres of `ids` from the engine, by id (stale data stays while a newer set loads). */
function useMoviesById(kind: string, ids: number[]) {
  const { bridge } = useServices();
  const query = useEngineQuery(
    ids.length > 0 ? `${kind}-movies:${ids.join(',')}` : null,
    async () => new Map((await bridge.getMovies(ids)).map((m) => [m.id, m])),
  );
  return query;
}

function ShowMore({ shown, total, onMore }: { shown: number; total: number; onMore(): void }) {
  if (total === 0) return null;
  const rest = total - shown;
  return (
    <div className="list-more">
      <p className="result-count" aria-live="polite">
        {rest > 0 ? `Showing ${shown} of ${total}` : `${countText(total)}`}
      </p>
      {rest > 0 ? (
        <button type="button" className="button" onClick={onMore}>
          Show {Math.min(LIST_PAGE_SIZE, rest)} more
        </button>
      ) : null}
    </div>
  );
}

/** A listed id the loaded catalog does not hold (e.g. the catalog changed): it can still be taken off the list. */
function MissingMovieCard({ movieId, pending, action, onAction }: { movieId: number; pending: boolean; action: (name: string) => string; onAction(): void }) {
  return (
    <li className="movie-card movie-card-missing">
      <div className="movie-main">
        <h3 className="movie-title">Movie #{movieId}</h3>
        <p className="movie-meta">{pending ? 'Loading details…' : 'Not in the loaded catalog.'}</p>
      </div>
      {pending ? null : (
        <div className="movie-actions">
          <button type="button" className="button button-quiet" onClick={onAction}>
            {action(`movie #${movieId}`)}
          </button>
        </div>
      )}
    </li>
  );
}

function WatchlistPanel() {
  const { bridge } = useServices();
  const session = useProfileSession();
  const [sort, setSort] = useState<WatchlistSort>('added');
  const [shown, setShown] = useState(LIST_PAGE_SIZE);
  const sortId = useId();
  const kept = useKeptInPlace(session.watchlist);
  const ids = useMemo(() => [...kept.keys()].sort((a, b) => a - b), [kept]);
  const movies = useMoviesById('watchlist', ids);
  const vector = session.vector;
  const vectorKey = vector ? `${vector.modelVersion}:${vector.ratingCount}:${vector.bias}` : null;
  const predicted = useEngineQuery(vector && ids.length > 0 ? `watchlist-predicted:${vectorKey}:${ids.join(',')}` : null, async () => {
    const values = vector ? await bridge.predictRatings(vector, ids) : [];
    return new Map(ids.map((id, i) => [id, values[i] ?? null]));
  });
  const sorted = useMemo(() => {
    const items: WatchlistItem[] = ids.map((movieId) => ({
      movieId,
      addedAt: kept.get(movieId) ?? 0,
      movie: movies.data?.get(movieId) ?? null,
      predicted: predicted.data?.get(movieId) ?? null,
    }));
    return sortWatchlist(items, sort);
  }, [ids, kept, movies.data, predicted.data, sort]);
  const visible = sorted.slice(0, shown);

  if (ids.length === 0) {
    return (
      <div className="empty-state">
        <p>Your watchlist is empty.</p>
        <p>
          It is for movies you want to watch: choose “Watchlist” on any movie (in Search, For you or a “Movies like …” list) and it is kept here, with how much
          you are predicted to like it.
        </p>
      </div>
    );
  }
  return (
    <>
      <p className="view-lede">
        {countText(session.watchlist.size)} you want to watch
        {vector ? ', with how much you are predicted to like each.' : '.'} A movie you take off stays here until you leave the page.
      </p>
      {session.ratingsNeeded > 0 ? <p className="hint">{ratingsNeededText(session.ratingsNeeded)}</p> : null}
      <div className="toolbar">
        <div className="field">
          <label htmlFor={sortId}>Sort by</label>
          <select id={sortId} value={sort} onChange={(event) => setSort(event.target.value as WatchlistSort)}>
            {(Object.keys(WATCHLIST_SORT_LABELS) as WatchlistSort[]).map((key) => (
              <option key={key} value={key} disabled={key === 'predicted' && !vector}>
                {WATCHLIST_SORT_LABELS[key]}
              </option>
            ))}
          </select>
        </div>
      </div>
      <QueryError what="Movie details" error={movies.error} onRetry={movies.reload} />
      <QueryError what="Predictions" error={predicted.error} onRetry={predicted.reload} />
      <ul className="movie-list" aria-label="Watchlist" aria-busy={movies.pending || predicted.pending}>
        {visible.map((item) =>
          item.movie ? (
            <MovieCard
              key={item.movieId}
              movie={item.movie}
              chips={item.predicted !== null ? [`for you: ${item.predicted.toFixed(1)}★`] : []}
              note={session.watchlist.has(item.movieId) ? `Added ${dateFormat.format(item.addedAt)}` : 'Taken off your watchlist'}
            />
          ) : (
            <MissingMovieCard
              key={item.movieId}
              movieId={item.movieId}
              pending={movies.data === undefined || movies.pending}
              action={(name) => (session.watchlist.has(item.movieId) ? `Remove ${name} from watchlist` : `Add ${name} to watchlist`)}
              onAction={() => void session.setWatchlisted({ id: item.movieId, title: `movie #${item.movieId}` }, !session.watchlist.has(item.movieId))}
            />
          ),
        )}
      </ul>
      <ShowMore shown={visible.length} total={sorted.length} onMore={() => setShown((n) => n + LIST_PAGE_SIZE)} />
    </>
  );
}

function HiddenPanel() {
  const session = useProfileSession();
  const [shown, setShown] = useState(LIST_PAGE_SIZE);
  // The session's hidden map carries when each was hidden (most recent first below).
  const kept = useKeptInPlace(session.hidden);
  const ids = useMemo(() => [...kept.keys()].sort((a, b) => a - b), [kept]);
  const movies = useMoviesById('hidden', ids);
  const ordered = useMemo(() => [...ids].sort((a, b) => (kept.get(b) ?? 0) - (kept.get(a) ?? 0) || a - b), [ids, kept]);
  const visible = ordered.slice(0, shown);

  if (ids.length === 0) {
    return (
      <div className="empty-state">
        <p>No hidden movies.</p>
        <p>
          Choose “Not interested” on any movie to keep it out of For you and “Movies like …” lists (search still finds it). Hidden movies are listed here, so
          you can show them again.
        </p>
      </div>
    );
  }
  return (
    <>
      <p className="view-lede">
        {countText(session.hidden.size)} you are not interested in: they are left out of For you and “Movies like …” lists; search still finds them. Choose
        “Show again” to bring one back.
      </p>
      <QueryError what="Movie details" error={movies.error} onRetry={movies.reload} />
      <ul className="movie-list" aria-label="Hidden movies" aria-busy={movies.pending}>
        {visible.map((movieId) => {
          const movie: MovieSummary | undefined = movies.data?.get(movieId);
          return movie ? (
            <MovieCard key={movieId} movie={movie} note={session.hidden.has(movieId) ? `Hidden ${dateFormat.format(kept.get(movieId) ?? 0)}` : 'Shown again'} />
          ) : (
            <MissingMovieCard
              key={movieId}
              movieId={movieId}
              pending={movies.data === undefined || movies.pending}
              action={(name) => (session.hidden.has(movieId) ? `Show ${name} again` : `Not interested in ${name}`)}
              onAction={() => void session.setHidden({ id: movieId, title: `movie #${movieId}` }, !session.hidden.has(movieId))}
            />
          );
        })}
      </ul>
      <ShowMore shown={visible.length} total={ordered.length} onMore={() => setShown((n) => n + LIST_PAGE_SIZE)} />
    </>
  );
}
