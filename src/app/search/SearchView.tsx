// The Search view: title search as you type (TitleSearchResults, shared with the welcome page) and describe search.
import { useEffect, useId, useRef, useState } from 'react';
import { useProfileSession, useServices } from '../services';
import { useEngineQuery } from '../shared/useEngineQuery';
import { replaceRoute } from '../shared/useHashRoute';
import { ratingsNeededText } from '../format';
import { DescribeResults } from './DescribeResults';
import { TitleSearchResults } from './TitleSearchResults';

const SEARCH_LIMIT = 20;

export function SearchView({ initialQuery }: { initialQuery: string }) {
  const { bridge } = useServices();
  const session = useProfileSession();
  const [query, setQuery] = useState(initialQuery);
  // The box follows the address when it changes under the view (Back, an edited or followed #/search?q= link); typing
  // writes the address itself (replaceRoute), which reads back as the text already typed.
  const [routeQuery, setRouteQuery] = useState(initialQuery);
  if (initialQuery !== routeQuery) {
    setRouteQuery(initialQuery);
    setQuery(initialQuery);
  }
  const inputId = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const trimmed = query.trim();
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
      <TitleSearchResults query={trimmed} limit={SEARCH_LIMIT} />
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
                  <button
                    type="button"
                    className="link-button"
                    onClick={() => {
                      setQuery(movie.title);
                      replaceRoute({ view: 'search', query: movie.title });
                    }}
                  >
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
