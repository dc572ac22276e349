// Title search as you type, shared by the Search view and the welcome page: each keystroke replaces the previous query
// on the engine's 'title-search' channel; the count is announced, the hits are rateable movie cards.
import type { ReactNode } from 'react';
import { useServices } from '../services';
import { MovieCard } from '../shared/MovieCard';
import { QueryError } from '../shared/QueryError';
import { useEngineQuery } from '../shared/useEngineQuery';
import { isApproximate, titleSearchStatus } from './titleSearchStatus';

const SEARCH_CHANNEL = 'title-search';

/** `query` trimmed; `after` is shown under a non-empty list (e.g. a link to every result). */
export function TitleSearchResults({ query, limit, after }: { query: string; limit: number; after?: ReactNode }) {
  const { bridge } = useServices();
  const search = useEngineQuery(query ? `search:${limit}:${query}` : null, () => bridge.search(query, limit, SEARCH_CHANNEL));
  const hits = query ? (search.data ?? []) : [];
  const approximate = isApproximate(hits);
  return (
    <>
      <div aria-live="polite" aria-atomic="true" className="result-count">
        {titleSearchStatus({ query, pending: search.pending, hits: query ? search.data : undefined, failed: search.error !== null })}
      </div>
      <QueryError what="Search" error={search.error} onRetry={search.reload} />
      {hits.length > 0 ? (
        <>
          <ul className="movie-list" aria-label="Search results" aria-busy={search.pending}>
            {hits.map((hit) => (
              <MovieCard
                key={hit.movie.id}
                movie={hit.movie}
                originalTitle={hit.originalTitle}
                note={hit.score === 0 && !approximate ? 'approximate match' : undefined}
              />
            ))}
          </ul>
          {after}
        </>
      ) : null}
    </>
  );
}
