// The movie page (#/movie/<tmdb id>): what the catalog knows at once (title, year, genres, votes, your rating, lists),
// then its details chunk's overview, tagline, runtime, people and keywords (the worker fetches that one chunk only),
// "More like this" from the recommender, and links out to TMDB and IMDb.
import { useEffect, useRef, useState } from 'react';
import type { LoadProgress } from '../../bridge/engineApi';
import type { MovieDetails, MovieSummary } from '../../engine/types';
import { formatBytes, movieMeta, reasonChips } from '../format';
import { Poster, rememberPosterPath, usePosterSetting } from '../posters';
import { useProfileSession, useServices } from '../services';
import { MovieCard } from '../shared/MovieCard';
import { QueryError } from '../shared/QueryError';
import { ratingsWireOf } from '../shared/ratingsWireOf';
import { RatingStars } from '../shared/RatingStars';
import { useEngineQuery } from '../shared/useEngineQuery';
import { routeHref } from '../shared/useHashRoute';
import { imdbTitleUrl, runtimeText, tmdbMovieUrl, votesText } from './movieFormat';

/** "More like this" on the page; the full list is one link away (#/like/<id>). */
const SIMILAR_COUNT = 8;

export function MovieView({ movieId }: { movieId: number }) {
  const { bridge } = useServices();
  const session = useProfileSession();
  const { showPosters } = usePosterSetting();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const [progress, setProgress] = useState<LoadProgress | null>(null);
  // The catalog row answers at once; the movie's details chunk may still be downloading (first page of that chunk).
  const summary = useEngineQuery(`movie-summary:${movieId}`, () => bridge.getMovies([movieId]));
  const details = useEngineQuery(`movie-details:${movieId}`, () => bridge.getMovieDetails(movieId, setProgress));
  // Movies rated before the page opened stay out of "More like this"; one rated from it stays in it (as on #/like).
  const [excluded] = useState(() => ratingsWireOf(session.ratingRecords).movieIds);
  const vectorKey = session.vector ? `${session.vector.modelVersion}:${session.vector.ratingCount}:${session.vector.bias}` : 'none';
  const similar = useEngineQuery(`movie-like:${movieId}:${vectorKey}`, () =>
    bridge.recommend(
      movieId,
      {
        vector: session.vector,
        ratings: ratingsWireOf(session.ratingRecords),
        excludeIds: excluded,
        hiddenIds: [...session.hidden.keys()],
      },
      { k: SIMILAR_COUNT },
    ),
  );
  const movie: MovieSummary | undefined = details.data?.movie ?? summary.data?.[0];
  const notFound = summary.data !== undefined && summary.data.length === 0;

  useEffect(() => {
    headingRef.current?.focus();
  }, [movieId]);
  useEffect(() => {
    if (details.data) rememberPosterPath(bridge, movieId, details.data.posterPath);
  }, [bridge, movieId, details.data]);

  return (
    <article className="view movie-page" aria-labelledby="movie-heading">
      <div className={`movie-hero${showPosters ? ' has-poster' : ''}`}>
        {showPosters ? <Poster path={details.data?.posterPath} size="w185" alt={movie ? `Poster of ${movie.title}` : ''} className="movie-poster" /> : null}
        <div className="movie-hero-text">
          <h1 id="movie-heading" className="view-title" tabIndex={-1} ref={headingRef}>
            {movie ? movie.title : notFound ? 'Movie not found' : 'Loading movie…'}
          </h1>
          {notFound ? <p className="notice notice-error">There is no movie with id {movieId} in the loaded catalog.</p> : null}
          <QueryError what="Loading the movie" error={summary.error} onRetry={summary.reload} />
          {movie ? <MovieFacts movie={movie} details={details.data ?? null} /> : null}
          {movie ? <MovieActions movie={movie} /> : null}
          {movie ? <MovieLinks movie={movie} imdbId={details.data?.imdbId ?? null} /> : null}
        </div>
      </div>

      {movie ? (
        <>
          {details.pending && !details.data ? <DetailsLoading progress={progress} /> : null}
          <QueryError what="Loading the movie details" error={details.error} onRetry={details.reload} />
          {details.data ? <MovieDetailsSections details={details.data} /> : null}
          <section className="movie-section" aria-labelledby="similar-heading">
            <h2 id="similar-heading">More like this</h2>
            <div aria-live="polite" className="result-count">
              {similar.pending ? 'Finding similar movies…' : similar.data && similar.data.length === 0 ? 'No similar movies found.' : null}
            </div>
            <QueryError what="Recommendations" error={similar.error} onRetry={similar.reload} />
            {similar.data && similar.data.length > 0 ? (
              <ul className="movie-list" aria-label={`More like ${movie.title}`} aria-busy={similar.pending}>
                {similar.data.map((rec) => (
                  <MovieCard key={rec.movie.id} movie={rec.movie} chips={reasonChips(rec.reasons)} />
                ))}
              </ul>
            ) : null}
            <p>
              <a className="button" href={routeHref({ view: 'like', movieId })}>
                All movies like {movie.title}
              </a>
            </p>
          </section>
        </>
      ) : null}
    </article>
  );
}

function MovieFacts({ movie, details }: { movie: MovieSummary; details: MovieDetails | null }) {
  const runtime = runtimeText(details?.runtime ?? null);
  return (
    <>
      <p className="movie-facts">{[movieMeta(movie.year, movie.genres), runtime].filter(Boolean).join(' · ')}</p>
      {details?.originalTitle ? (
        <p className="movie-original">
          Original title: <bdi>{details.originalTitle}</bdi>
        </p>
      ) : null}
      {details?.tagline ? <p className="movie-tagline">{details.tagline}</p> : null}
      <p className="movie-votes">
        <span className="muted">TMDB rating:</span> {votesText(movie.voteAverage, movie.voteCount)}
      </p>
    </>
  );
}

function MovieActions({ movie }: { movie: MovieSummary }) {
  const session = useProfileSession();
  const rating = session.ratings.get(movie.id) ?? null;
  const onWatchlist = session.watchlist.has(movie.id);
  const hidden = session.hidden.has(movie.id);
  return (
    <div className="movie-page-actions">
      <div className="movie-page-rating">
        <span className="movie-page-rating-label" aria-hidden="true">
          Your rating
        </span>
        <RatingStars title={movie.title} value={rating} onChange={(value) => session.rate(movie, value)} />
      </div>
      <div className="movie-page-buttons">
        <button type="button" className={`button${onWatchlist ? ' button-primary' : ''}`} onClick={() => void session.setWatchlisted(movie, !onWatchlist)}>
          {onWatchlist ? 'Remove' : 'Add'}
          <span className="sr-only"> {movie.title}</span> {onWatchlist ? 'from watchlist' : 'to watchlist'}
        </button>
        <button type="button" className="button button-quiet" onClick={() => void session.setHidden(movie, !hidden)}>
          {hidden ? (
            <>
              Show<span className="sr-only"> {movie.title}</span> again
            </>
          ) : (
            <>
              Not interested<span className="sr-only"> in {movie.title}</span>
            </>
          )}
        </button>
      </div>
      {hidden ? <p className="muted movie-hidden-note">Hidden: it is left out of your recommendations.</p> : null}
    </div>
  );
}

function MovieLinks({ movie, imdbId }: { movie: MovieSummary; imdbId: number | null }) {
  return (
    <ul className="movie-links" aria-label="Elsewhere">
      <li>
        <a href={tmdbMovieUrl(movie.id)} target="_blank" rel="noopener noreferrer" aria-label={`${movie.title} on TMDB (opens in a new tab)`}>
          TMDB<span aria-hidden="true"> ↗</span>
        </a>
      </li>
      {imdbId !== null ? (
        <li>
          <a href={imdbTitleUrl(imdbId)} target="_blank" rel="noopener noreferrer" aria-label={`${movie.title} on IMDb (opens in a new tab)`}>
            IMDb<span aria-hidden="true"> ↗</span>
          </a>
        </li>
      ) : null}
    </ul>
  );
}

function DetailsLoading({ progress }: { progress: LoadProgress | null }) {
  const known = progress !== null && progress.totalBytes > 0;
  // The live region says it once; the byte counts change with every chunk, so they are shown, not announced.
  return (
    <div className="movie-loading">
      <span>
        <span role="status">Loading movie details…</span>
        {known ? <span aria-hidden="true"> {`${formatBytes(progress.loadedBytes)} of ${formatBytes(progress.totalBytes)}`}</span> : null}
      </span>
      {known ? (
        <progress max={progress.totalBytes} value={progress.loadedBytes} aria-label="Movie details downloaded" />
      ) : (
        <progress aria-label="Movie details downloaded" />
      )}
    </div>
  );
}

function MovieDetailsSections({ details }: { details: MovieDetails }) {
  const none = <span className="muted">Not in the data</span>;
  return (
    <>
      <section className="movie-section" aria-labelledby="overview-heading">
        <h2 id="overview-heading">Overview</h2>
        {details.overview ? <p className="movie-overview">{details.overview}</p> : <p className="muted">No overview in the data for this movie.</p>}
      </section>
      <section className="movie-section" aria-labelledby="credits-heading">
        <h2 id="credits-heading">Cast and crew</h2>
        <dl className="facts movie-credits">
          <dt>{details.directors.length > 1 ? 'Directors' : 'Director'}</dt>
          <dd>{details.directors.length > 0 ? details.directors.join(', ') : none}</dd>
          <dt>Top cast</dt>
          <dd>{details.cast.length > 0 ? details.cast.join(', ') : none}</dd>
          <dt>Keywords</dt>
          <dd>
            {details.keywords.length > 0 ? (
              <ul className="chips" aria-label="Keywords">
                {details.keywords.map((keyword) => (
                  <li key={keyword} className="chip">
                    {keyword}
                  </li>
                ))}
              </ul>
            ) : (
              none
            )}
          </dd>
        </dl>
      </section>
    </>
  );
}
