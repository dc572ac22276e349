// Title search as you type: each keystroke replaces the previous query on the engine's 'title-search' channel.
import { useEffect, useId, useRef, useState } from 'react';
import { useProfileSession, useServices } from '../services';
import { MovieCard } from '../shared/MovieCard';
import { useEngineQuery } from '../shared/useEngineQuery';
import { replaceRoute } from '../shared/useHashRoute';
import { ratingsNeededText } from '../format';
import { QueryError } from '../shared/QueryError';
import { DescribeResults } from './DescribeResults';

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
  // Search quality 0 = typo-tolerant: when nothing matched as typed, the list says it is a guess.
  const approximate = hits.length > 0 && hits.every((hit) => hit.score === 0);
  // Hints are real titles of this catalog (the first onboarding movies), not words that may match nothing.
  const hints = useEngineQuery('search-hints', () => bridge.onboardingMovies({ page: 0, size: 3 }));

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
          placeholder={hints.data?.movies[0] ? `Title, e.g. “${hints.data.movies[0].title}”, or describe the movie` : 'Title, or describe the movie'}
          value={query}
          onChange={(event) => {
            setQuery(event.target.value);
            replaceRoute({ view: 'search', query: event.target.value });
          }}
        />
      </div>
      {session.ratingsNeeded > 0 ? <p className="hint">{ratingsNeededText(session.ratingsNeeded)}</p> : null}
      <div aria-live="polite" aria-atomic="true" className="result-count">
        {!trimmed ? null : search.pending && !search.data ? 'Searching…' : search.error ? null : search.data && hits.length === 0 ? `No movies match “${trimmed}”.` : search.data ? (approximate ? `No title matches “${trimmed}” as typed; ${hits.length} close ${hits.length === 1 ? 'match' : 'matches'} (approximate).` : `${hits.length} ${hits.length === 1 ? 'result' : 'results'} for “${trimmed}”`) : null}
      </div>
      <QueryError what="Search" error={search.error} onRetry={search.reload} />
      {hits.length > 0 ? (
        <ul className="movie-list" aria-label="Search results" aria-busy={search.pending}>
          {hits.map((hit) => (
            <MovieCard key={hit.movie.id} movie={hit.movie} originalTitle={hit.originalTitle} note={hit.score === 0 && !approximate ? 'approximate match' : undefined} />
          ))}
        </ul>
      ) : null}
      <DescribeResults query={trimmed} />
      {!trimmed ? (
        <div className="empty-state">
          <p>Start typing a title, or describe a movie you half-remember in a few words (a scene, a character, the decade).</p>
          {hints.data && hints.data.movies.length > 0 ? (
            <p>
              Try{' '}
              {hints.data.movies.map((movie, i) => (
                <span key={movie.id}>
                  {i > 0 ? (i === hints.data!.movies.length - 1 ? ' or ' : ', ') : null}
                  <button type="button" className="link-button" onClick={() => {
                    setQuery(movie.title);
                    replaceRoute({ view: 'search', query: movie.title });
                  }}>
                    {movie.title}
                  </button>
                </span>
              ))}
              .
            </p>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}
