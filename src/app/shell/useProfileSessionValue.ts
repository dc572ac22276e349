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
  // Per movie, each value is written as soon as it is asked for, in the order asked: the catalog check runs in order
  // (bridge.catalogIds answers ids the engine returned on the main thread, so it does not wait behind a vector fit in
  // the worker), then the write transaction is opened at once, and IndexedDB runs transactions on the same stores in
  // the order they were opened. A value superseded before its check finished is not written (the newer one is).
  const writes = useRef(new Map<string, { latest: number | null; checked: Promise<unknown>; pending: number }>());
  const rate = useCallback<ProfileSession['rate']>(
    async (movie, rating) => {
      const key = `${profile.id}:${movie.id}`;
      const entry = writes.current.get(key) ?? { latest: rating, checked: Promise.resolve(), pending: 0 };
      writes.current.set(key, entry);
      entry.latest = rating;
      entry.pending += 1;
      const check = entry.checked.then(() => (rating === null ? [] : bridge.catalogIds([movie.id])));
      entry.checked = check.catch(() => undefined);
      try {
        const known = await check;
        if (entry.latest !== rating) return; // a newer value for this movie is written instead
        if (rating === null) await clearRating(db, profile.id, movie.id);
        else await setRating(db, profile.id, movie.id, rating, () => Promise.resolve(known));
        notify(rating === null ? `Cleared your rating for ${movie.title}.` : `Rated ${movie.title}: ${ratingText(rating)}.`);
      } catch (error) {
        notify(`Could not save the rating for ${movie.title}: ${describeStorageError(error)}`, 'error');
      } finally {
        entry.pending -= 1;
        if (entry.pending === 0 && writes.current.get(key) === entry) writes.current.delete(key);
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
