// "Movies like <seed>": the engine's blended list (item neighbours × predicted ★, keywords) with its reasons as chips;
// rate and chain from here.
import { useEffect, useRef, useState } from 'react';
import { ratingsNeededText, reasonChips } from '../format';
import { useProfileSession, useServices } from '../services';
import { MovieCard } from '../shared/MovieCard';
import { useEngineQuery } from '../shared/useEngineQuery';
import { QueryError } from '../shared/QueryError';
import { ratingsWireOf } from '../shared/ratingsWireOf';

const RECOMMENDATION_COUNT = 20;

export function RecommendView({ movieId }: { movieId: number }) {
  const { bridge } = useServices();
  const session = useProfileSession();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const seed = useEngineQuery(`seed:${movieId}`, () => bridge.getMovies([movieId]));
  // The list follows the current vector and ratings (a refit after a rating updates the predicted ★), but a movie rated
  // from this list stays in it: only movies rated before the list opened are hidden.
  const [hidden, setHidden] = useState(() => ({ movieId, ids: ratingsWireOf(session.ratingRecords).movieIds }));
  if (hidden.movieId !== movieId) setHidden({ movieId, ids: ratingsWireOf(session.ratingRecords).movieIds });
  const vectorKey = session.vector ? `${session.vector.modelVersion}:${session.vector.ratingCount}:${session.vector.bias}` : 'none';
  const recommendations = useEngineQuery(`like:${movieId}:${vectorKey}`, () =>
    bridge.recommend(
      movieId,
      {
        vector: session.vector,
        ratings: ratingsWireOf(session.ratingRecords),
        ...(hidden.movieId === movieId ? { excludeIds: hidden.ids } : {}),
        hiddenIds: [...session.hidden.keys()],
      },
      { k: RECOMMENDATION_COUNT },
    ),
  );
  const seedMovie = seed.data?.[0];
  // Movies marked "not interested" are never listed: left out of the request, and off the list as soon as they are hidden.
  const listed = recommendations.data?.filter((rec) => !session.hidden.has(rec.movie.id));

  useEffect(() => {
    headingRef.current?.focus();
  }, [movieId]);

  return (
    <section className="view" aria-labelledby="like-heading">
      <h1 id="like-heading" className="view-title" tabIndex={-1} ref={headingRef}>
        {seedMovie ? `Movies like ${seedMovie.title}` : seed.data ? 'Movie not found' : 'Movies like…'}
      </h1>
      {seed.data && !seedMovie ? <p className="notice notice-error">There is no movie with id {movieId} in the loaded catalog.</p> : null}
      {seedMovie ? (
        <ul className="movie-list seed-list" aria-label="Seed movie">
          <MovieCard movie={seedMovie} headingLevel={2} showRecommend={false} />
        </ul>
      ) : null}
      {session.ratingsNeeded > 0 ? (
        <p className="hint">
          Suggestions use what people who liked this movie also liked, and shared keywords, cast and directors. {ratingsNeededText(session.ratingsNeeded)}
        </p>
      ) : !session.vector ? (
        <p className="hint">Fitting your taste profile…</p>
      ) : null}
      <div aria-live="polite" className="result-count">
        {recommendations.pending ? 'Finding similar movies…' : listed ? `${listed.length} recommendations` : null}
      </div>
      <QueryError what="Recommendations" error={recommendations.error} onRetry={recommendations.reload} />
      {listed && listed.length > 0 ? (
        <ul className="movie-list" aria-label="Recommendations" aria-busy={recommendations.pending}>
          {listed.map((rec) => (
            <MovieCard key={rec.movie.id} movie={rec.movie} chips={reasonChips(rec.reasons)} />
          ))}
        </ul>
      ) : null}
    </section>
  );
}
