// "For you": the best predicted movies over the whole catalog, filtered by genre and decade, rated movies hidden.
import { useState } from 'react';
import { GenreDecadeFields } from '../shared/GenreDecadeFields';
import { ForYouEmptyState } from '../onboarding/ForYouEmptyState';
import { useProfileSession, useServices } from '../services';
import { MovieCard } from '../shared/MovieCard';
import { useEngineQuery } from '../shared/useEngineQuery';
import { QueryError } from '../shared/QueryError';
import { ratingsWireOf } from '../shared/ratingsWireOf';

const FOR_YOU_COUNT = 30;
// Rated movies are left out by the worker; these spare picks stand in for ones rated while the list is shown (a rating
// refits the vector, which asks again). Was `+ every rating`: 45,030 picks cloned back for a 45,000-rating history.
const RATED_WHILE_SHOWN = 30;

export function ForYouView() {
  const { bridge } = useServices();
  const session = useProfileSession();
  const [genre, setGenre] = useState<string>('');
  const [decade, setDecade] = useState<string>('');
  const genres = useEngineQuery('genres', () => bridge.genres());
  const vector = session.vector;
  const key = vector ? `for-you:${vector.modelVersion}:${vector.ratingCount}:${vector.bias}:${genre}:${decade}` : null;
  // Rated ids are read at request time; newly rated movies are hidden below without a new request.
  const picks = useEngineQuery(key, () =>
    vector
      ? bridge.forYou(vector, {
          k: FOR_YOU_COUNT + RATED_WHILE_SHOWN,
          genre: genre || null,
          decade: decade ? Number(decade) : null,
          ratings: ratingsWireOf(session.ratingRecords),
          hiddenIds: [...session.hidden.keys()],
        })
      : Promise.resolve([]),
  );
  // Hidden ("not interested") movies go like rated ones: left out of the request and off the list at once.
  const visible = (picks.data ?? []).filter((item) => !session.ratings.has(item.movie.id) && !session.hidden.has(item.movie.id)).slice(0, FOR_YOU_COUNT);

  return (
    <section className="view" aria-labelledby="for-you-heading">
      <h1 id="for-you-heading" className="view-title">
        For you
      </h1>
      {!vector ? (
        <ForYouEmptyState />
      ) : (
        <>
          <p className="view-lede">
            Predicted from your {session.ratings.size} {session.ratings.size === 1 ? 'rating' : 'ratings'}. Movies you have rated are hidden.
          </p>
          <div className="filters" role="group" aria-label="Filters">
            <GenreDecadeFields genres={genres.data ?? []} genre={genre} decade={decade} onGenre={setGenre} onDecade={setDecade} />
          </div>
          <div aria-live="polite" className="result-count">
            {picks.pending ? 'Predicting…' : picks.data ? (visible.length === 0 ? 'No unrated movies match these filters.' : `${visible.length} picks`) : null}
          </div>
          <QueryError what="Predictions" error={picks.error} onRetry={picks.reload} />
          {visible.length > 0 ? (
            <ul className="movie-list" aria-label="Your picks" aria-busy={picks.pending}>
              {visible.map((item) => (
                <MovieCard
                  key={item.movie.id}
                  movie={item.movie}
                  chips={[`for you: ${item.predictedRating.toFixed(1)}★`, ...(item.becauseYouRated ? [`because you rated ${item.becauseYouRated}`] : [])]}
                />
              ))}
            </ul>
          ) : null}
        </>
      )}
    </section>
  );
}
