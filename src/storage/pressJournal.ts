// Rating presses not yet confirmed in IndexedDB, kept in localStorage, which is written synchronously in the key
// handler. Why: on a reload or close, an IndexedDB write (and the pagehide flush) queued behind any other transaction
// on the ratings store that has not finished yet (a read of another view, the mirror's key read) is dropped with it
// when the page goes; under CPU contention that took a burst's last press (issue 21). The next start of the profile
// writes what is left, with its press time, so a later press from any tab still wins (src/storage/ratingPresses.ts).
import { StorageValidationError, clearRating, setRating, type KnownMovieLookup, type RatingWriteOutcome } from './repository';
import type { CineLocalDatabase } from './schema';
import { movieIdProblem, ratingValueProblem } from './validation';

/** The part of the Web Storage API the journal uses (localStorage in the app, a Map-backed stand-in in tests). */
export type JournalStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem' | 'key' | 'length'>;

/** One press: the value chosen (null = clear) and when (epoch ms, the tab's press clock). */
export interface JournaledPress {
  profileId: string;
  movieId: number;
  value: number | null;
  pressedAt: number;
}

export const JOURNAL_PREFIX = 'cinelocal:press:';

function keyOf(profileId: string, movieId: number): string {
  return `${JOURNAL_PREFIX}${JSON.stringify([profileId, movieId])}`;
}

/** localStorage, or null where it is unavailable (disabled, sandboxed): then only the IndexedDB paths remain. */
export function browserJournalStorage(): JournalStorage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

/** The entry stored under `key`, or null (and the entry removed) when it is not a valid press. */
function readEntry(storage: JournalStorage, key: string): JournaledPress | null {
  let parsed: unknown;
  try {
    const [profileId, movieId] = JSON.parse(key.slice(JOURNAL_PREFIX.length)) as unknown[];
    const body = JSON.parse(storage.getItem(key) ?? 'null') as { value?: unknown; pressedAt?: unknown } | null;
    parsed = { profileId, movieId, value: body?.value, pressedAt: body?.pressedAt };
  } catch {
    parsed = null;
  }
  const press = parsed as JournaledPress | null;
  const valid =
    press !== null &&
    typeof press.profileId === 'string' &&
    movieIdProblem(press.movieId) === null &&
    (press.value === null || ratingValueProblem(press.value) === null) &&
    typeof press.pressedAt === 'number' &&
    Number.isFinite(press.pressedAt);
  if (!valid) {
    storage.removeItem(key);
    return null;
  }
  return press;
}

/**
 * Notes a press before anything asynchronous happens. A press older than the one already noted for the movie (from
 * another tab) is not noted: the later press is the one to keep. Returns false when storage refused (quota, disabled).
 */
export function journalPress(storage: JournalStorage | null, press: JournaledPress): boolean {
  if (!storage) return false;
  try {
    const key = keyOf(press.profileId, press.movieId);
    const noted = storage.getItem(key) === null ? null : readEntry(storage, key);
    if (noted && noted.pressedAt > press.pressedAt) return true;
    storage.setItem(key, JSON.stringify({ value: press.value, pressedAt: press.pressedAt }));
    return true;
  } catch {
    return false;
  }
}

/** Forgets a press once it (or a later one) is stored: only if the noted press is not later than `pressedAt`. */
export function settlePress(storage: JournalStorage | null, profileId: string, movieId: number, pressedAt: number): void {
  if (!storage) return;
  try {
    const key = keyOf(profileId, movieId);
    if (storage.getItem(key) === null) return;
    const noted = readEntry(storage, key);
    if (noted && noted.pressedAt <= pressedAt) storage.removeItem(key);
  } catch {
    // Storage gone: nothing to forget.
  }
}

/** Forgets every press noted for a profile (it was deleted: its ratings are gone, so must its pending presses be). */
export function forgetProfilePresses(storage: JournalStorage | null, profileId: string): void {
  if (!storage) return;
  try {
    for (const press of journaledPresses(storage, profileId)) storage.removeItem(keyOf(press.profileId, press.movieId));
  } catch {
    // Storage gone: nothing left to forget.
  }
}

/** The presses noted for a profile, oldest first. */
export function journaledPresses(storage: JournalStorage | null, profileId: string): JournaledPress[] {
  if (!storage) return [];
  const keys: string[] = [];
  try {
    for (let i = 0; i < storage.length; i++) {
      const key = storage.key(i);
      if (key?.startsWith(JOURNAL_PREFIX)) keys.push(key);
    }
  } catch {
    return [];
  }
  return keys
    .map((key) => readEntry(storage, key))
    .filter((press): press is JournaledPress => press !== null && press.profileId === profileId)
    .sort((a, b) => a.pressedAt - b.pressedAt);
}

/** What a replay did: presses written, found already stored or superseded by a later press, and dropped as invalid. */
export interface ReplayReport {
  written: number;
  settled: number;
  dropped: { movieId: number; reason: string }[];
}

/**
 * Writes the profile's noted presses that never reached IndexedDB (the page went first), each with its press time,
 * so none replaces a later press. A press the storage rejects (a movie not in the catalog, a deleted profile) is
 * dropped with the reason; one that fails for another reason (quota, a closed database) stays for the next start.
 */
export async function replayJournal(
  db: CineLocalDatabase,
  storage: JournalStorage | null,
  profileId: string,
  knownMovies: KnownMovieLookup,
): Promise<ReplayReport> {
  const report: ReplayReport = { written: 0, settled: 0, dropped: [] };
  for (const press of journaledPresses(storage, profileId)) {
    let outcome: RatingWriteOutcome;
    try {
      const options = { pressedAt: press.pressedAt };
      outcome =
        press.value === null
          ? await clearRating(db, profileId, press.movieId, options)
          : await setRating(db, profileId, press.movieId, press.value, knownMovies, options);
    } catch (error) {
      if (!(error instanceof StorageValidationError)) continue;
      report.dropped.push({ movieId: press.movieId, reason: error.message });
      settlePress(storage, profileId, press.movieId, press.pressedAt);
      continue;
    }
    if (outcome === 'written') report.written += 1;
    else report.settled += 1;
    settlePress(storage, profileId, press.movieId, press.pressedAt);
  }
  return report;
}
