// The active profile's data (live from the database) and the session every view reads: ratings, vector, rate, notify.
import { useCallback, useMemo, useRef } from 'react';
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
  // Per movie, writes run in the order asked and only the latest value is written (arrowing across coalesces while a
  // write is in flight); writes for different movies run at once. Ids the engine returned are checked on the main
  // thread (bridge.catalogIds), so a write starts at once instead of queueing behind a vector fit in the worker.
  const writes = useRef(new Map<string, { latest: number | null; chain: Promise<void> }>());
  const rate = useCallback<ProfileSession['rate']>(
    (movie, rating) => {
      const key = `${profile.id}:${movie.id}`;
      const entry = writes.current.get(key) ?? { latest: rating, chain: Promise.resolve() };
      entry.latest = rating;
      const write = async () => {
        if (entry.latest !== rating) return; // a newer value for this movie was asked for; it is written next
        try {
          if (rating === null) await clearRating(db, profile.id, movie.id);
          else await setRating(db, profile.id, movie.id, rating, (ids) => bridge.catalogIds(ids));
          notify(rating === null ? `Cleared your rating for ${movie.title}.` : `Rated ${movie.title}: ${ratingText(rating)}.`);
        } catch (error) {
          notify(`Could not save the rating for ${movie.title}: ${describeStorageError(error)}`, 'error');
        }
      };
      entry.chain = entry.chain.then(write);
      writes.current.set(key, entry);
      const done = entry.chain;
      void done.then(() => {
        if (writes.current.get(key)?.chain === done) writes.current.delete(key);
      });
      return done;
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

/** Without a catalog a rating can only be cleared (a new one is checked against the catalog's ids). */
export function useStorageOnlyRate(profile: ProfileRecord, notify: Notify): ProfileSession['rate'] {
  const { db } = useServices();
  return useCallback<ProfileSession['rate']>(
    async (movie, rating) => {
      if (rating !== null) {
        notify(`Could not save the rating for ${movie.title}: the movie catalog is not loaded.`, 'error');
        return;
      }
      try {
        await clearRating(db, profile.id, movie.id);
        notify(`Cleared your rating for ${movie.title}.`);
      } catch (error) {
        notify(`Could not save the rating for ${movie.title}: ${describeStorageError(error)}`, 'error');
      }
    },
    [db, profile.id, notify],
  );
}
