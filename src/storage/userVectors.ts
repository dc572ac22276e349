// When to (re)fit a profile's KMF user vector, and storing the result. Ratings stay the source of truth.
import type { UserRating, UserVector } from '../engine/types';
import type { CineLocalDatabase, UserVectorRecord } from './schema';
import { getRefitThreshold } from './repository';
import { BACKGROUND_READ_PAGE_SIZE, readProfileRatingsInPages } from './chunked';

export type UserVectorAction = 'fit' | 'keep' | 'drop' | 'wait';

/** The full rating set a just-committed import left, valid while the profile's change counter still reads `counter`. */
let handedOver: { profileId: string; counter: number; ratings: UserRating[] } | null = null;

/**
 * The import writer knows every rating a profile holds after its write: the refit that follows uses them instead of
 * reading 45,000 records back (2–3 s of deserialising on the page). Any later change moves the counter and voids them.
 */
export function handOverRatings(profileId: string, counter: number, ratings: UserRating[]): void {
  handedOver = { profileId, counter, ratings };
}

/** The stored vector of a profile, if any (with the change counter it was fitted at). */
export function getUserVector(db: CineLocalDatabase, profileId: string): Promise<UserVectorRecord | undefined> {
  return db.userVectors.get(profileId);
}

export interface UserVectorDecisionInput {
  ratingCount: number;
  minRatingsForVector: number;
  /** The stored vector's model version and the change counter it was fitted at, or null. */
  stored: { modelVersion: string; fittedAtChange: number } | null;
  /** The profile's current rating change counter. */
  changeCounter: number;
  /** Version of the model loaded in the engine. */
  modelVersion: string;
  /** Refit after this many rating changes (the reference design: 5). */
  refitThreshold: number;
}

export interface UserVectorDecision {
  action: UserVectorAction;
  /** Ratings still needed before a first vector can be fitted (0 when enough). */
  ratingsNeeded: number;
  changesSinceFit: number;
}

/** fit when enough ratings and (no vector, other model version, or changes since fit >= threshold); drop when too few ratings remain. */
export function decideUserVectorAction(input: UserVectorDecisionInput): UserVectorDecision {
  const ratingsNeeded = Math.max(0, input.minRatingsForVector - input.ratingCount);
  const changesSinceFit = input.stored ? Math.max(0, input.changeCounter - input.stored.fittedAtChange) : input.changeCounter;
  if (ratingsNeeded > 0) return { action: input.stored ? 'drop' : 'wait', ratingsNeeded, changesSinceFit };
  if (!input.stored || input.stored.modelVersion !== input.modelVersion) return { action: 'fit', ratingsNeeded, changesSinceFit };
  return { action: changesSinceFit >= input.refitThreshold ? 'fit' : 'keep', ratingsNeeded, changesSinceFit };
}

export interface UserVectorEngine {
  modelVersion: string;
  minRatingsForVector: number;
  fitUser(ratings: UserRating[]): Promise<UserVector | null>;
}

export interface UserVectorRefresh extends UserVectorDecision {
  vector: UserVector | null;
}

/**
 * Reads the profile's state, fits via the engine when the decision says so, and stores or drops the vector. The
 * decision needs only the count: the ratings themselves are read for a fit alone (reading a 45,000-rating history back
 * on every change and every start, to keep the vector, was seconds of deserialising on the page; issue 21 item 5).
 */
export async function refreshUserVector(db: CineLocalDatabase, profileId: string, engine: UserVectorEngine): Promise<UserVectorRefresh> {
  const refitThreshold = await getRefitThreshold(db);
  const snapshot = await db.transaction('r', [db.profiles, db.ratings, db.userVectors], async () => {
    const profile = await db.profiles.get(profileId);
    const stored = await db.userVectors.get(profileId);
    const given = handedOver?.profileId === profileId && handedOver.counter === profile?.ratingChangeCounter ? handedOver.ratings : null;
    const ratingCount = given?.length ?? (await db.ratings.where('profileId').equals(profileId).count());
    const decision = decideUserVectorAction({
      ratingCount,
      minRatingsForVector: engine.minRatingsForVector,
      stored: stored ? { modelVersion: stored.vector.modelVersion, fittedAtChange: stored.fittedAtChange } : null,
      changeCounter: profile?.ratingChangeCounter ?? 0,
      modelVersion: engine.modelVersion,
      refitThreshold,
    });
    // Read in the same transaction as the counter the fit is stored with.
    const ratings =
      decision.action !== 'fit'
        ? []
        : (given ?? (await readProfileRatingsInPages(db, profileId, BACKGROUND_READ_PAGE_SIZE)).map((r) => ({ movieId: r.movieId, rating: r.rating })));
    return { profile, stored, decision, ratings };
  });
  if (handedOver?.profileId === profileId) handedOver = null;
  if (!snapshot.profile) return { action: 'wait', ratingsNeeded: engine.minRatingsForVector, changesSinceFit: 0, vector: null };
  const { decision } = snapshot;
  if (decision.action === 'keep') return { ...decision, vector: snapshot.stored?.vector ?? null };
  if (decision.action === 'wait') return { ...decision, vector: null };
  if (decision.action === 'drop') {
    await db.userVectors.delete(profileId);
    return { ...decision, vector: null };
  }
  const vector = await engine.fitUser(snapshot.ratings);
  if (!vector) {
    await db.userVectors.delete(profileId);
    return { ...decision, vector: null };
  }
  await db.transaction('rw', db.profiles, db.userVectors, async () => {
    // A profile deleted while fitting must not get its vector back.
    if (!(await db.profiles.get(profileId))) return;
    await db.userVectors.put({ profileId, vector, fittedAt: Date.now(), fittedAtChange: snapshot.profile!.ratingChangeCounter });
  });
  return { ...decision, changesSinceFit: 0, vector };
}
