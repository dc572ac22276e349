// "Movies that match your description": describe search (issue 19) under the title results once the query reads as a
// description. Runs after a pause in typing on its own engine channel; each film says why and can be rated.
import { useEffect, useId, useState } from 'react';
import type { LoadProgress } from '../../bridge/engineApi';
import { useServices } from '../services';
import { MovieCard } from '../shared/MovieCard';
import { QueryError } from '../shared/QueryError';
import { useEngineQuery } from '../shared/useEngineQuery';
import { DESCRIBE_DEBOUNCE_MS, DESCRIBE_LIMIT, describeStatusText, isDescriptive } from './describeQuery';

const DESCRIBE_CHANNEL = 'describe-search';

export function DescribeResults({ query }: { query: string }) {
  const { bridge } = useServices();
  const headingId = useId();
  const [settled, setSettled] = useState(query);
  const [shard, setShard] = useState<LoadProgress | null>(null);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(query), DESCRIBE_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [query]);
  const active = isDescriptive(settled) && settled === query;
  const result = useEngineQuery(active ? `describe:${settled}` : null, () =>
    bridge.describe(settled, DESCRIBE_LIMIT, DESCRIBE_CHANNEL, (p) => setShard(p.loadedBytes >= p.totalBytes ? null : p)),
  );
  if (!isDescriptive(query)) return null;
  const results = result.data ?? [];
  const status = describeStatusText({ pending: result.pending || settled !== query, loadingShard: shard, count: result.data ? results.length : null });
  return (
    <section className="describe-results" aria-labelledby={headingId}>
      <h2 id={headingId} className="section-title">
        Movies that match your description
      </h2>
      <p aria-live="polite" aria-atomic="true" className="result-count">
        {status}
      </p>
      <QueryError what="Description search" error={result.error} onRetry={result.reload} />
      {results.length > 0 ? (
        <ul className="movie-list" aria-label="Movies that match your description" aria-busy={result.pending}>
          {results.map((r) => (
            <MovieCard key={r.movie.id} movie={r.movie} chips={r.why} />
          ))}
        </ul>
      ) : null}
    </section>
  );
}
