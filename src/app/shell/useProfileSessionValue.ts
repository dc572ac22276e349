// The active profile's data (live from the database) and the session every view reads: ratings, vector, rate, notify.
import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import type { EngineStatus } from '../../bridge/engineApi';
import type { MovieSummary } from '../../engine/types';
import type { ProfileRecord } from '../../storage/db';
import { clearRating, describeStorageError, setRating, type RatingWriteOutcome } from '../../storage/repository';
import { ratingRecordsOf, RatingsMirror, type RatingRecords, type RatingsPreview } from '../../storage/ratingsMirror';
import { pressClock, reconcilePress, type RatingPress } from '../../storage/ratingPresses';
import { browserJournalStorage, journalPress, replayJournal, settlePress } from '../../storage/pressJournal';
import { getUserVector } from '../../storage/userVectors';
import { addToWatchlist, getHidden, getWatchlist, hideMovie, removeFromWatchlist, unhideMovie } from '../../storage/movieLists';
import { idSpaceOf } from '../../storage/catalogBinding';
import { ratingText } from '../format';
import { onPageLeave } from '../shared/onPageLeave';
import { useServices, type ProfileSession } from '../services';
import type { Notify } from './toasts';

/**
 * The profile's ratings, mirrored in memory and updated per changed key (src/storage/ratingsMirror.ts): a new view per
 * change, nothing copied; undefined while loading, when `preview` holds the count and the most recent ratings.
 */
function useRatingRecords(profileId: string): { records: RatingRecords | undefined; preview: RatingsPreview | null; mirror: RatingsMirror } {
  const { db } = useServices();
  const mirror = useMemo(() => new RatingsMirror(db, profileId), [db, profileId]);
  useEffect(() => {
    mirror.start();
    // Back from the back/forward cache: the pagehide flush wrote natively (no change event), so read again.
    const onPageShow = (event: PageTransitionEvent) => {
      if (event.persisted) void mirror.reload();
    };
    window.addEventListener('pageshow', onPageShow);
    return () => {
      window.removeEventListener('pageshow', onPageShow);
      mirror.stop();
    };
  }, [mirror]);
  const subscribe = useCallback((onChange: () => void) => mirror.subscribe(onChange), [mirror]);
  const records = useSyncExternalStore(subscribe, () => (mirror.loaded ? mirror.view : undefined));
  const preview = useSyncExternalStore(subscribe, () => mirror.preview);
  return { records, preview, mirror };
}

/** The profile's ratings, stored vector, watchlist and hidden movies, kept in sync (across tabs too); undefined while loading. */
export function useProfileData(profileId: string) {
  const { db } = useServices();
  const { records: ratingRecords, preview: ratingsPreview, mirror: ratingsMirror } = useRatingRecords(profileId);
  const storedVector = useLiveQuery(() => getUserVector(db, profileId), [db, profileId]);
  const watchlistRecords = useLiveQuery(() => getWatchlist(db, profileId), [db, profileId]);
  const hiddenRecords = useLiveQuery(() => getHidden(db, profileId), [db, profileId]);
  return { ratingRecords, ratingsPreview, ratingsMirror, storedVector, watchlistRecords, hiddenRecords };
}

/** The session for the views, or null until the engine is ready and the ratings are read. */
export function useProfileSessionValue(
  profile: ProfileRecord,
  data: ReturnType<typeof useProfileData>,
  engineStatus: EngineStatus | null,
  notify: Notify,
): ProfileSession | null {
  const { ratingsPreview, ratingsMirror, storedVector, watchlistRecords, hiddenRecords } = data;
  // A long history's first screen uses the preview (count, most recent ratings) while the rest is read; the views that
  // need every rating wait for ratingsComplete (routes.tsx).
  const ratingsComplete = data.ratingRecords !== undefined;
  const ratingRecords = useMemo(
    () => data.ratingRecords ?? (ratingsPreview ? ratingRecordsOf(ratingsPreview.recent) : undefined),
    [data.ratingRecords, ratingsPreview],
  );
  const ratingCount = ratingsComplete ? (ratingRecords?.size ?? 0) : (ratingsPreview?.total ?? 0);
  const { db, bridge } = useServices();
  // Per movie, one write at a time, and only the latest value: a key pressed while a write is in flight replaces the
  // value that follows it, so a burst of arrow keys ends with at most one write before the last value's (writes
  // queued one per key took longer to reach the last value than a reload takes). The catalog check
  // (bridge.catalogIds) answers ids the engine returned on the main thread, so a write never waits behind a vector fit
  // in the worker.
  // Each write carries its press time; between tabs the latest press wins (src/storage/ratingPresses.ts).
  const writes = useRef(new Map<string, { latest: RatingPress; running: Promise<void> | null; flushed: boolean; recheck: boolean }>());
  const nextPressAt = useMemo(() => pressClock(), []);
  // Every press is noted synchronously before its write starts, and forgotten once stored: a page that goes before
  // IndexedDB commits (src/storage/pressJournal.ts) leaves it for the next start to write.
  const journal = useMemo(() => browserJournalStorage(), []);
  /** This tab's latest press per movie, for a while after it is stored (PRESS_MEMORY_MS): written again if an earlier press lands over it. */
  const presses = useRef(new Map<number, { press: RatingPress; title: string }>());
  /** The reconciliation below, run again when a write ends that a stored change arrived during. */
  const reconcileRef = useRef<() => void>(() => undefined);
  const write = useCallback(
    (movie: Pick<MovieSummary, 'id' | 'title'>, press: RatingPress, announce: boolean): Promise<void> => {
      const key = `${profile.id}:${movie.id}`;
      const entry = writes.current.get(key) ?? { latest: press, running: null, flushed: false, recheck: false };
      writes.current.set(key, entry);
      entry.latest = press;
      journalPress(journal, { profileId: profile.id, movieId: movie.id, ...press });
      presses.current.set(movie.id, { press, title: movie.title });
      if (entry.running) return entry.running;
      const writeOne = async (latest: RatingPress): Promise<RatingWriteOutcome | null> => {
        const { value, pressedAt } = latest;
        try {
          // A value older than the latest key, or one the pagehide flush already wrote, is not written (again): a
          // write issued after the flush would otherwise land after it.
          const options = { pressedAt, stillWanted: () => entry.latest === latest && !entry.flushed };
          const outcome =
            value === null
              ? await clearRating(db, profile.id, movie.id, options)
              : await setRating(db, profile.id, movie.id, value, (ids) => bridge.catalogIds(ids), options);
          if (!announce) return outcome;
          if (outcome === 'superseded') notify(`${movie.title} was rated again in another tab just after this one; that rating is kept.`);
          else if (outcome !== 'skipped') notify(value === null ? `Cleared your rating for ${movie.title}.` : `Rated ${movie.title}: ${ratingText(value)}.`);
          return outcome;
        } catch (error) {
          notify(`Could not save the rating for ${movie.title}: ${describeStorageError(error)}`, 'error');
          return null;
        }
      };
      entry.running = (async () => {
        for (;;) {
          const latest = entry.latest;
          const outcome = await writeOne(latest);
          // Stored, or a later press is, or the failure was said: only a skipped write (the page leaving) stays noted.
          if (outcome !== 'skipped') settlePress(journal, profile.id, movie.id, latest.pressedAt);
          if (entry.latest !== latest) continue;
          // A later press from another tab is stored, or the write failed (said above): nothing of ours to keep.
          if ((outcome === 'superseded' || outcome === null) && presses.current.get(movie.id)?.press === latest) presses.current.delete(movie.id);
          break;
        }
      })().finally(() => {
        entry.running = null;
        if (writes.current.get(key) === entry) writes.current.delete(key);
        if (entry.recheck) reconcileRef.current();
      });
      return entry.running;
    },
    [db, bridge, profile.id, notify, journal],
  );
  const rate = useCallback<ProfileSession['rate']>((movie, rating) => write(movie, { value: rating, pressedAt: nextPressAt() }, true), [write, nextPressAt]);

  // Another tab's earlier press may land after ours (its write was slower): when the stored rating is older than this
  // tab's latest press of the movie, write that press again; when it is a later one, adopt it.
  useEffect(() => {
    const check = () => {
      const now = Date.now();
      for (const [movieId, { press, title }] of presses.current) {
        const running = writes.current.get(`${profile.id}:${movieId}`);
        // The write may have read the record before this change: look again when it ends.
        if (running?.running) {
          running.recheck = true;
          continue;
        }
        const action = reconcilePress(press, ratingsMirror.records.get(movieId), now);
        if (action === 'forget') presses.current.delete(movieId);
        else if (action === 'rewrite') void write({ id: movieId, title }, press, false);
      }
    };
    reconcileRef.current = check;
    return ratingsMirror.subscribe(check);
  }, [ratingsMirror, profile.id, write]);

  // A write reads first (setRating); once the page is gone (reload, close) one still reading never writes. On pagehide
  // (and when the tab is hidden) every value still being written is also put with a single request, committed at once;
  // no rating transaction waits for this page's JavaScript (src/storage/repository.ts), so nothing holds it back.
  // (RatingStars commits its own pending value on pagehide first: children's listeners are added before this one.)
  useEffect(() => {
    const flush = (reason: 'pagehide' | 'hidden') => {
      const unfinished = [...writes.current].filter(([, entry]) => entry.running);
      if (unfinished.length === 0 || !db.isOpen()) return;
      // After pagehide the page may still run a few tasks: a write still in flight must not land after this one.
      if (reason === 'pagehide') for (const [, entry] of unfinished) entry.flushed = true;
      try {
        // Native and committed at once: Dexie would issue the request a turn later, which a closing page never runs.
        const tx = db.backendDB().transaction('ratings', 'readwrite');
        const store = tx.objectStore('ratings');
        for (const [key, entry] of unfinished) {
          const movieId = Number(key.slice(key.lastIndexOf(':') + 1));
          const { value, pressedAt } = entry.latest;
          if (value === null) store.delete([profile.id, movieId]);
          else store.put({ profileId: profile.id, movieId, rating: value, updatedAt: Date.now(), pressedAt });
        }
        tx.commit();
      } catch {
        // The database is closing or gone: nothing more can be saved from this page.
      }
    };
    return onPageLeave(flush);
  }, [db, profile.id]);

  // Presses an earlier page noted but never stored (it went before IndexedDB committed) are written once the catalog
  // can check them; the views wait for it, so they show what the last page showed.
  const catalogBound = engineStatus !== null && profile.idSpace === idSpaceOf(engineStatus.dataset.kind);
  const [journalReplayed, setJournalReplayed] = useState(false);
  useEffect(() => {
    if (!catalogBound || journalReplayed) return;
    let live = true;
    void replayJournal(db, journal, profile.id, (ids) => bridge.catalogIds(ids))
      .then((report) => {
        for (const { reason } of report.dropped) notify(`A rating pressed just before the page closed could not be saved: ${reason}`, 'error');
      })
      .catch(() => undefined)
      .finally(() => {
        if (live) setJournalReplayed(true);
      });
    return () => {
      live = false;
    };
  }, [catalogBound, journalReplayed, db, journal, profile.id, bridge, notify]);

  const setWatchlisted = useCallback<ProfileSession['setWatchlisted']>(
    async (movie, on) => {
      try {
        if (on) await addToWatchlist(db, profile.id, movie.id);
        else await removeFromWatchlist(db, profile.id, movie.id);
        notify(on ? `Added ${movie.title} to your watchlist.` : `Removed ${movie.title} from your watchlist.`);
      } catch (error) {
        notify(`Could not change the watchlist: ${describeStorageError(error)}`, 'error');
      }
    },
    [db, profile.id, notify],
  );
  const setHidden = useCallback<ProfileSession['setHidden']>(
    async (movie, on) => {
      try {
        if (on) await hideMovie(db, profile.id, movie.id);
        else await unhideMovie(db, profile.id, movie.id);
        notify(on ? `Hidden ${movie.title}: it will not be recommended. Undo from Watchlist › Hidden.` : `${movie.title} can be recommended again.`);
      } catch (error) {
        notify(`Could not change hidden movies: ${describeStorageError(error)}`, 'error');
      }
    },
    [db, profile.id, notify],
  );
  const watchlist = useMemo(() => new Map((watchlistRecords ?? []).map((r) => [r.movieId, r.addedAt])), [watchlistRecords]);
  const hidden = useMemo(() => new Map((hiddenRecords ?? []).map((r) => [r.movieId, r.hiddenAt])), [hiddenRecords]);

  return useMemo<ProfileSession | null>(() => {
    if (!engineStatus || !journalReplayed || ratingRecords === undefined || watchlistRecords === undefined || hiddenRecords === undefined) return null;
    // Until the profile is bound to the loaded catalog's id space its lists may belong to other movie ids.
    if (profile.idSpace !== idSpaceOf(engineStatus.dataset.kind)) return null;
    const vector = storedVector && storedVector.vector.modelVersion === engineStatus.modelVersion ? storedVector.vector : null;
    return {
      profile,
      ratingRecords,
      ratings: ratingRecords.ratings,
      engineStatus,
      vector,
      ratingsComplete,
      ratingCount,
      ratingsNeeded: Math.max(0, engineStatus.minRatingsForVector - ratingCount),
      notify,
      rate,
      watchlist,
      hidden,
      setWatchlisted,
      setHidden,
    };
  }, [
    engineStatus,
    journalReplayed,
    ratingRecords,
    ratingsComplete,
    ratingCount,
    watchlistRecords,
    hiddenRecords,
    storedVector,
    profile,
    notify,
    rate,
    watchlist,
    hidden,
    setWatchlisted,
    setHidden,
  ]);
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
