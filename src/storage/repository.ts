// Profiles, ratings and settings: every write validates first and touches IndexedDB in one transaction.
import Dexie, { type Table, type Transaction } from 'dexie';
import type { CineLocalDatabase, ProfileRecord, RatingRecord } from './schema';
import { movieIdProblem, quoteValue, ratingValueProblem } from './validation';
import { MAX_PROFILE_NAME_LENGTH, normalizeProfileName as normalizeName, ProfileNameError, profileNameKey } from './profileNames';
import { storedPressAt, supersededBy } from './ratingPresses';
import { countRatingChanges } from './storageRules';

export { MAX_PROFILE_NAME_LENGTH };

/** A rejected write; `field` names what was wrong so the UI can say it. */
export class StorageValidationError extends Error {
  readonly field: string;
  constructor(field: string, message: string) {
    super(message);
    this.name = 'StorageValidationError';
    this.field = field;
  }
}

/** Returns the subset of `ids` the loaded catalog knows (the app passes bridge.getMovies). */
export type KnownMovieLookup = (ids: number[]) => Promise<number[]>;

export const DEFAULT_VECTOR_REFIT_THRESHOLD = 1;

export const SETTING_KEYS = {
  lastProfileId: 'lastProfileId',
  vectorRefitThreshold: 'vectorRefitThreshold',
} as const;

export { MAX_QUOTED_CHARS, movieIdProblem, quoteValue, ratingValueProblem } from './validation';

/** Cleans and checks a profile name (src/storage/profileNames.ts); throws StorageValidationError naming the problem. */
export function normalizeProfileName(name: string): string {
  try {
    return normalizeName(name);
  } catch (error) {
    if (error instanceof ProfileNameError) throw new StorageValidationError('name', error.message);
    throw error;
  }
}

/**
 * A short random profile id ('p' + 7 base-36 characters, 36 bits). Every rating, list and index key repeats the
 * profile id; with a 36-character UUID, Chromium 150 wrote a 45,000-rating import about 3× slower than with this (issue 21
 * item 1). Ids only need to be unique on this device; createProfile checks for a clash.
 */
export function newProfileId(): string {
  const words = new Uint32Array(2);
  crypto.getRandomValues(words);
  const bits = (words[0] % 2 ** 20) * 2 ** 16 + (words[1] % 2 ** 16);
  return `p${bits.toString(36).padStart(7, '0')}`;
}

/** Names that look the same (case, invisible characters, NFC/NFD, Cyrillic/Greek look-alikes) count as taken. */
async function assertNameFree(db: CineLocalDatabase, name: string, exceptId: string | null): Promise<void> {
  const wanted = profileNameKey(name);
  const clash = await db.profiles.filter((p) => p.id !== exceptId && profileNameKey(p.name) === wanted).first();
  if (clash) throw new StorageValidationError('name', `There is already a profile called “${clash.name}” on this device.`);
}

export async function listProfiles(db: CineLocalDatabase): Promise<ProfileRecord[]> {
  const profiles = await db.profiles.toArray();
  return profiles.sort((a, b) => a.createdAt - b.createdAt);
}

export async function createProfile(db: CineLocalDatabase, name: string): Promise<ProfileRecord> {
  const normalized = normalizeProfileName(name);
  return db.transaction('rw', db.profiles, db.settings, async () => {
    await assertNameFree(db, normalized, null);
    let id = newProfileId();
    while (await db.profiles.get(id)) id = newProfileId();
    const profile: ProfileRecord = { id, name: normalized, createdAt: Date.now(), ratingChangeCounter: 0 };
    await db.profiles.add(profile);
    await db.settings.put({ key: SETTING_KEYS.lastProfileId, value: profile.id });
    return profile;
  });
}

export async function renameProfile(db: CineLocalDatabase, profileId: string, name: string): Promise<void> {
  const normalized = normalizeProfileName(name);
  await db.transaction('rw', db.profiles, async () => {
    await assertNameFree(db, normalized, profileId);
    const updated = await db.profiles.update(profileId, { name: normalized });
    if (updated === 0) throw new StorageValidationError('profileId', 'That profile no longer exists.');
  });
}

/** Deletes the profile, all its ratings, lists (watchlist, hidden, parked) and its vector. */
export async function deleteProfile(db: CineLocalDatabase, profileId: string): Promise<void> {
  await db.transaction('rw', [db.profiles, db.ratings, db.userVectors, db.settings, db.watchlist, db.hidden, db.parked], async () => {
    await db.ratings.where('profileId').equals(profileId).delete();
    for (const table of [db.watchlist, db.hidden, db.parked]) await table.where('profileId').equals(profileId).delete();
    await db.userVectors.delete(profileId);
    await db.profiles.delete(profileId);
    // Per-profile settings are keyed "<name>:<profileId>" (e.g. onboarding progress).
    await db.settings.filter((setting) => setting.key.endsWith(`:${profileId}`)).delete();
    const last = await db.settings.get(SETTING_KEYS.lastProfileId);
    if (last?.value === profileId) await db.settings.delete(SETTING_KEYS.lastProfileId);
  });
}

export async function getSetting<T>(db: CineLocalDatabase, key: string, fallback: T): Promise<T> {
  const record = await db.settings.get(key);
  return record === undefined ? fallback : (record.value as T);
}

export async function putSetting(db: CineLocalDatabase, key: string, value: unknown): Promise<void> {
  await db.settings.put({ key, value });
}

export async function getRefitThreshold(db: CineLocalDatabase): Promise<number> {
  const value = await getSetting<unknown>(db, SETTING_KEYS.vectorRefitThreshold, DEFAULT_VECTOR_REFIT_THRESHOLD);
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 ? value : DEFAULT_VECTOR_REFIT_THRESHOLD;
}

export async function getProfileRatings(db: CineLocalDatabase, profileId: string): Promise<RatingRecord[]> {
  return db.ratings.where('profileId').equals(profileId).toArray();
}

export interface RatingWriteOptions {
  /** Asked after the reads, just before writing: false skips the write (the caller has a newer value, or the page is leaving). */
  stillWanted?(): boolean;
  /**
   * When the key press or click that chose this value happened (epoch ms; src/storage/ratingPresses.ts). Stored with
   * the rating; a write never replaces a later press from any tab. Absent (imports, scripts): no such check.
   */
  pressedAt?: number;
}

/** What a rating write did: wrote, found it already stored, gave way to a later press (another tab), or was not wanted any more. */
export type RatingWriteOutcome = 'written' | 'unchanged' | 'superseded' | 'skipped';

// Why three small transactions and not one: a transaction that reads and then writes needs this page's JavaScript
// between the two, and while it waits it holds back every later transaction on the ratings store, including the
// single-request flush a leaving page opens; when the page goes, the browser drops both (measured: 3–6 of 20–30
// arrow-key bursts lost their last value on an immediate reload). So the reads are committed at once, the rating is
// written by a put committed in the same turn (it never waits for the page), and the change counter, which must be
// read and written together so concurrent tabs never lose an increment, is its own profiles-only transaction.

/** Sets (adds or changes) one rating after validating value, id, catalog membership and the profile. */
export async function setRating(
  db: CineLocalDatabase,
  profileId: string,
  movieId: number,
  rating: number,
  knownMovies: KnownMovieLookup,
  options: RatingWriteOptions = {},
): Promise<RatingWriteOutcome> {
  const idProblem = movieIdProblem(movieId);
  if (idProblem) throw new StorageValidationError('movieId', idProblem);
  const valueProblem = ratingValueProblem(rating);
  if (valueProblem) throw new StorageValidationError('rating', valueProblem);
  const known = await knownMovies([movieId]);
  if (!known.includes(movieId)) throw new StorageValidationError('movieId', `movie id ${movieId} is not in the loaded catalog`);
  const [profile, existing] = await readCommitted(db, profileId, movieId);
  if (!profile) throw new StorageValidationError('profileId', 'That profile no longer exists.');
  const { pressedAt } = options;
  const now = Date.now();
  if (pressedAt !== undefined && supersededBy(existing, pressedAt, now)) return 'superseded';
  // The same value is written again only to carry a later press (so an earlier press still in flight in another tab
  // gives way to it); that is not a change of the rating.
  const sameValue = existing !== undefined && existing.rating === rating;
  if (sameValue && (pressedAt === undefined || storedPressAt(existing, now) >= pressedAt)) return 'unchanged';
  if (options.stillWanted?.() === false) return 'skipped';
  const record: RatingRecord = { profileId, movieId, rating, updatedAt: now, ...(pressedAt !== undefined ? { pressedAt } : {}) };
  await writeCommitted(db, db.ratings, () => db.ratings.put(record));
  if (!sameValue) await countRatingChanges(db, profileId);
  return 'written';
}

export async function clearRating(db: CineLocalDatabase, profileId: string, movieId: number, options: RatingWriteOptions = {}): Promise<RatingWriteOutcome> {
  const [, existing] = await readCommitted(db, profileId, movieId);
  if (!existing) return 'unchanged';
  if (options.pressedAt !== undefined && supersededBy(existing, options.pressedAt, Date.now())) return 'superseded';
  if (options.stillWanted?.() === false) return 'skipped';
  await writeCommitted(db, db.ratings, () => db.ratings.delete([profileId, movieId]));
  await countRatingChanges(db, profileId);
  return 'written';
}

/** The profile and its rating of a movie, read in a transaction committed as soon as the reads are issued. */
async function readCommitted(db: CineLocalDatabase, profileId: string, movieId: number): Promise<[ProfileRecord | undefined, RatingRecord | undefined]> {
  return db.transaction('r', db.profiles, db.ratings, async (tx) => {
    const reads = Promise.all([db.profiles.get(profileId), db.ratings.get([profileId, movieId])]);
    commitNow(tx);
    return reads;
  });
}

/** One write on one table, committed in the turn it is issued (hooks make Dexie read first: then it commits on its own). */
async function writeCommitted<T>(db: CineLocalDatabase, table: Table, write: () => Promise<T>): Promise<void> {
  await db.transaction('rw', table, async (tx) => {
    const written = write();
    if (!hasWriteHooks(table)) commitNow(tx);
    await written;
  });
}

function hasWriteHooks(table: Table): boolean {
  return (['creating', 'updating'] as const).some((name) => table.hook(name as 'creating').subscribers.length > 0);
}

/** Asks IndexedDB to commit now (after the requests already issued) instead of after the next round trip. */
function commitNow(tx: Transaction): void {
  const native = (tx as unknown as { idbtrans?: IDBTransaction }).idbtrans;
  try {
    if (typeof native?.commit === 'function') native.commit();
  } catch {
    // Not active at this moment (a wrapped or in-memory database): it still commits on its own, one round trip later.
  }
}

const QUOTA_ERROR_NAMES = new Set(['QuotaExceededError', 'NS_ERROR_DOM_QUOTA_REACHED', 'NS_ERROR_FILE_NO_DEVICE_SPACE']);

/**
 * Whether a storage failure was caused by a full quota. A real one rarely arrives as Dexie.QuotaExceededError: the
 * browser aborts the transaction, and Dexie reports an AbortError whose `inner` is a DOMException named
 * QuotaExceededError with an empty message (so its own message is "QuotaExceededError "); a bulk write reports a
 * BulkError whose failures are quota errors.
 */
export function isQuotaError(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 5) return false;
  if (error instanceof Dexie.QuotaExceededError) return true;
  const e = error as { name?: unknown; inner?: unknown; cause?: unknown; failures?: unknown };
  if (typeof e.name === 'string' && QUOTA_ERROR_NAMES.has(e.name)) return true;
  if (isQuotaError(e.inner, depth + 1) || isQuotaError(e.cause, depth + 1)) return true;
  return Array.isArray(e.failures) && e.failures.some((failure) => isQuotaError(failure, depth + 1));
}

/** Human message for an error thrown by a storage write. */
export function describeStorageError(error: unknown): string {
  if (error instanceof StorageValidationError) return error.message;
  if (isQuotaError(error)) return 'The browser refused to store more data (storage quota exceeded). Nothing stored was lost.';
  if (error instanceof Dexie.ConstraintError) return 'That name is already taken on this device.';
  const detail = (error instanceof Error ? error.message : String(error)).trim().replace(/[.\s]+$/, '');
  return `Saving failed${detail ? `: ${quoteValue(detail, 200).slice(1, -1)}` : ''}. Nothing stored was lost.`;
}
