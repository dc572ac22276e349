// For you without a vector: how many more ratings it takes — counting only ratings of movies in the loaded catalog
// (ratings imported for another catalog cannot fit a vector, and "Fitting your taste profile…" would never end) —
// and a way into the first-run onboarding.
import { ratingsNeededText } from '../format';
import { useProfileSession, useServices } from '../services';
import { useEngineQuery } from '../shared/useEngineQuery';
import { routeHref } from '../shared/useHashRoute';

export function ForYouEmptyState() {
  const { bridge } = useServices();
  const session = useProfileSession();
  const min = session.engineStatus.minRatingsForVector;
  const rated = session.ratings.size;
  // Only asked when the count alone says enough: are those ratings of movies this catalog holds?
  const key = session.ratingsNeeded === 0 ? `for-you-usable:${session.profile.id}:${session.profile.ratingChangeCounter}:${rated}` : null;
  const known = useEngineQuery(key, () => bridge.getMovies([...session.ratings.keys()]));
  const usable = known.data && !known.pending ? known.data.length : null;
  const needed = session.ratingsNeeded > 0 ? session.ratingsNeeded : usable === null ? 0 : Math.max(0, min - usable);
  const outside = usable === null ? 0 : rated - usable;
  return (
    <div className="empty-state">
      {needed > 0 ? (
        <>
          {outside > 0 ? (
            <p>
              {usable === 0 ? `None of your ${rated} ${rated === 1 ? 'rating is' : 'ratings are'}` : `${outside} of your ${rated} ratings are`} of movies that
              are not in this catalog.
            </p>
          ) : null}
          <p>{ratingsNeededText(needed)}</p>
          <p>
            <a className="button button-primary" href={routeHref({ view: 'welcome' })}>
              Rate a few movies to get started
            </a>
          </p>
        </>
      ) : (
        <p>Fitting your taste profile…</p>
      )}
      <p>
        Your picks come from your own ratings on this device: what people who liked the same movies went on to like, and how much you are predicted to like it.
      </p>
    </div>
  );
}
