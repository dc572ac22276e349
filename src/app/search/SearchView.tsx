// Title search as you type: each keystroke replaces the previous query on the engine's 'title-search' channel.
import { useEffect, useId, useRef, useState } from 'react';
import { useProfileSession, useServices } from '../services';
import { MovieCard } from '../shared/MovieCard';
import { useEngineQuery } from '../shared/useEngineQuery';
import { replaceRoute } from '../shared/useHashRoute';
import { ratingsNeededText } from '../format';
import { QueryError } from '../shared/QueryError';

const SEARCH_CHANNEL = 'title-search';
const SEARCH_LIMIT = 20;

export function SearchView({ initialQuery }: { initialQuery: string }) {
  const { bridge } = useServices();
  const session = useProfileSession();
  const [query, setQuery] = useState(initialQuery);
  const inputId = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const trimmed = query.trim();
  const search = useEngineQuery(trimmed ? `search:${trimmed}` : null, () => bridge.search(trimmed, SEARCH_LIMIT, SEARCH_CHANNEL));
  const hits = trimmed ? (search.data ?? []) : [];

  useEffect(() => {
    inputRef.current?.focus();
  }, []);

  return (
    <section aria-labelledby={`${inputId}-heading`} className="view">
      <h1 id={`${inputId}-heading`} className="view-title">
        Find a movie
      </h1>
      <p className="view-lede">
        Search {session.engineStatus.counts.movies.toLocaleString()} movies, rate what you have seen, and ask for more like it. Everything stays on this device.
      </p>
      <div className="search-field">
        <label htmlFor={inputId}>Search movies</label>
        <input
          ref={inputRef}
          id={inputId}
          type="search"
          autoComplete="off"
          spellCheck={false}
          placeholder="Title, e.g. “star”"
          value={query}
          onChange={(event) => {
            setQuery(event.target.value);
            replaceRoute({ view: 'search', query: event.target.value });
          }}
        />
      </div>
      {session.ratingsNeeded > 0 ? <p className="hint">{ratingsNeededText(session.ratingsNeeded)}</p> : null}
      <div aria-live="polite" aria-atomic="true" className="result-count">
        {!trimmed ? null : search.pending && !search.data ? 'Searching…' : search.error ? null : search.data && hits.length === 0 ? `No movies match “${trimmed}”.` : search.data ? `${hits.length} ${hits.length === 1 ? 'result' : 'results'} for “${trimmed}”` : null}
      </div>
      <QueryError what="Search" error={search.error} onRetry={search.reload} />
      {hits.length > 0 ? (
        <ul className="movie-list" aria-label="Search results" aria-busy={search.pending}>
          {hits.map((hit) => (
            <MovieCard key={hit.movie.id} movie={hit.movie} />
          ))}
        </ul>
      ) : null}
      {!trimmed ? <p className="empty-state">Start typing a title. Try a word like “night”, “love” or “the”.</p> : null}
    </section>
  );
}
