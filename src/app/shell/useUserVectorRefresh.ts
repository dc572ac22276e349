// Keeps the profile's user vector in step with its ratings and the loaded model.
import { useEffect, useRef } from 'react';
import type { EngineStatus } from '../../bridge/engineApi';
import type { ProfileRecord } from '../../storage/db';
import { packRatings } from '../../bridge/ratingsWire';
import type { UserRating } from '../../engine/types';
import { refreshUserVector } from '../../storage/userVectors';
import { useServices } from '../services';
import type { Notify } from './toasts';

/**
 * A refit starts only after ratings have been quiet this long: a burst of ratings is saved first (its writes never
 * queue behind a fit's reads and writes, or a worker busy fitting), then fitted once.
 */
export const REFIT_QUIET_MS = 400;

/** Re-checks the user vector whenever ratings change or a model loads (after REFIT_QUIET_MS); runs one refresh at a time. */
export function useUserVectorRefresh(profile: ProfileRecord, status: EngineStatus | null, notify: Notify) {
  const { db, bridge } = useServices();
  const running = useRef(false);
  const again = useRef(false);
  const modelVersion = status?.modelVersion ?? null;
  const minRatings = status?.minRatingsForVector ?? null;
  useEffect(() => {
    if (modelVersion === null || minRatings === null) return;
    // The ratings cross as two typed arrays: 45,000 objects were one 50–100 ms clone on the page per refit.
    const engine = {
      modelVersion,
      minRatingsForVector: minRatings,
      fitUser: (ratings: UserRating[]) => bridge.fitUser(packRatings(ratings, ratings.length)),
    };
    const run = async () => {
      if (running.current) {
        again.current = true;
        return;
      }
      running.current = true;
      try {
        do {
          again.current = false;
          await refreshUserVector(db, profile.id, engine);
        } while (again.current);
      } catch (error) {
        // A full disk is reported by the write that hit it (a rating says what was refused); the taste profile is
        // derived data, refitted at the next change, so its own quota failure must not replace that message.
        if ((error as { name?: string } | null)?.name === 'QuotaExceededError') return;
        notify(`Could not update your taste profile: ${error instanceof Error ? error.message : String(error)}`, 'error');
      } finally {
        running.current = false;
      }
    };
    const timer = setTimeout(() => void run(), REFIT_QUIET_MS);
    return () => clearTimeout(timer);
  }, [db, bridge, profile.id, profile.ratingChangeCounter, modelVersion, minRatings, notify]);
}
