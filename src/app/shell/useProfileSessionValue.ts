// The active profile's data (live from the database) and the session every view reads: ratings, vector, rate, notify.
import { useCallback, useMemo } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import type { EngineStatus } from '../../bridge/engineApi';
import type { ProfileRecord, RatingRecord } from '../../storage/db';
import { clearRating, describeStorageError, getProfileRatings, setRating } from '../../storage/repository';
import { getUserVector } from '../../storage/userVectors';
import { ratingText } from '../format';
import { useServices, type ProfileSession } from '../services';
import type { Notify } from './toasts';

/** The profile's ratings and stored vector, kept in sync (across tabs too) by Dexie; undefined while loading. */
export function useProfileData(profileId: string) {
  const { db } = useServices();
  const ratingRecords = useLiveQuery(() => getProfileRatings(db, profileId), [db, profileId]);
  const storedVector = useLiveQuery(() => getUserVector(db, profileId), [db, profileId]);
  return { ratingRecords, storedVector };
}

/** The session for the views, or null until the engine is ready and the ratings are read. */
export function useProfileSessionValue(profile: ProfileRecord, ratingRecords: RatingRecord[] | undefined, storedVector: ReturnType<typeof useProfileData>['storedVector'], engineStatus: EngineStatus | null, notify: Notify): ProfileSession | null {
  const { db, bridge } = useServices();
  const rate = useCallback<ProfileSession['rate']>(
    async (movie, rating) => {
      try {
        if (rating === null) await clearRating(db, profile.id, movie.id);
        else await setRating(db, profile.id, movie.id, rating, async (ids) => (await bridge.getMovies(ids)).map((m) => m.id));
        notify(rating === null ? `Cleared your rating for ${movie.title}.` : `Rated ${movie.title}: ${ratingText(rating)}.`);
      } catch (error) {
        notify(`Could not save the rating for ${movie.title}: ${describeStorageError(error)}`, 'error');
      }
    },
    [db, bridge, profile.id, notify],
  );

  return useMemo<ProfileSession | null>(() => {
    if (!engineStatus || ratingRecords === undefined) return null;
    const vector = storedVector && storedVector.vector.modelVersion === engineStatus.modelVersion ? storedVector.vector : null;
    return {
      profile,
      ratingRecords,
      ratings: new Map(ratingRecords.map((r) => [r.movieId, r.rating])),
      engineStatus,
      vector,
      ratingsNeeded: Math.max(0, engineStatus.minRatingsForVector - ratingRecords.length),
      notify,
      rate,
    };
  }, [engineStatus, ratingRecords, storedVector, profile, notify, rate]);
}
