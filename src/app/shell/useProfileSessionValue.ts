// The active profile's data (live from the database) and the session every view reads: ratings, vector, rate, notify.
import { useCallback, useEffect, useMemo, useRef } from 'react';
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
  // Per movie, one write at a time, and only the latest value: a key pressed while a write is in flight replaces the
  // value that follows it, so a burst of arrow keys ends with at most one write before the last value's (writes
  // queued one per key took longer to reach the last value than a reload takes). The catalog check
  // (bridge.catalogIds) answers ids the engine returned on the main thread, so a write never waits behind a vector fit
  // in the worker.
  const writes = useRef(new Map<string, { latest: number | null; running: Promise<void> | null }>());
  const rate = useCallback<ProfileSession['rate']>(
    (movie, rating) => {
      const key = `${profile.id}:${movie.id}`;
      const entry = writes.current.get(key) ?? { latest: rating, running: null };
      writes.current.set(key, entry);
      entry.latest = rating;
      if (entry.running) return entry.running;
      const writeOne = async (value: number | null) => {
        try {
          if (value === null) await clearRating(db, profile.id, movie.id);
          else await setRating(db, profile.id, movie.id, value, (ids) => bridge.catalogIds(ids));
          notify(value === null ? `Cleared your rating for ${movie.title}.` : `Rated ${movie.title}: ${ratingText(value)}.`);
        } catch (error) {
          notify(`Could not save the rating for ${movie.title}: ${describeStorageError(error)}`, 'error');
        }
      };
      entry.running = (async () => {
        for (;;) {
          const value = entry.latest;
          await writeOne(value);
          if (entry.latest === value) break;
        }
      })().finally(() => {
        entry.running = null;
        if (writes.current.get(key) === entry) writes.current.delete(key);
      });
      return entry.running;
    },
    [db, bridge, profile.id, notify],
  );

  // A write is a transaction of several steps, each needing this page's JavaScript; once the page is gone (reload,
  // close) an unfinished one never writes. On pagehide (and when the tab is hidden) every value still being written is
  // also put with a single request, opened after the others, so it lands last. (RatingStars commits its own pending
  // value on pagehide first: children's listeners are added before this one.)
  useEffect(() => {
    const flush = () => {
      for (const [key, entry] of writes.current) {
        if (!entry.running) continue;
        const movieId = Number(key.slice(key.lastIndexOf(':') + 1));
        const write: Promise<unknown> = entry.latest === null ? db.ratings.delete([profile.id, movieId]) : db.ratings.put({ profileId: profile.id, movieId, rating: entry.latest, updatedAt: Date.now() });
        write.catch(() => undefined);
      }
    };
    const onVisibility = () => {
      if (document.visibilityState === 'hidden') flush();
    };
    window.addEventListener('pagehide', flush);
    document.addEventListener('visibilitychange', onVisibility);
    return () => {
      window.removeEventListener('pagehide', flush);
      document.removeEventListener('visibilitychange', onVisibility);
    };
  }, [db, profile.id]);

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
