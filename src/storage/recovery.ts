// Putting ratings back: after the database was deleted under an open tab, or when a temporary (in-memory) copy can finally be saved.
import type { CineLocalDatabase, HiddenRecord, ProfileRecord, RatingRecord, WatchlistRecord } from './schema';
import { SETTING_KEYS } from './repository';
import { countRatingChanges, putOnList } from './storageRules';
import { storageHealth, type StorageHealthStore } from './storageHealth';

/** What a tab knows: profiles, ratings (of any of those profiles) and the active profile. */
export interface DatabaseSnapshot {
  profiles: ProfileRecord[];
  ratings: RatingRecord[];
  /** Watchlist entries and hidden movies of those profiles (absent: none held). */
  watchlist?: WatchlistRecord[];
  hidden?: HiddenRecord[];
  lastProfileId: string | null;
}

export interface MergeResult {
  /** Profiles that did not exist in the target (by id or, case-insensitively, by name) and were added. */
  profilesAdded: number;
  /** Ratings written because the target had none for that profile+movie, or an older one. */
  ratingsWritten: number;
  /** Ratings left alone because the target already had the same or a newer one. */
  ratingsKept: number;
  /** Ratings whose profile is not in the snapshot (nothing to attach them to). */
  ratingsOrphaned: number;
  /** Watchlist entries and hidden movies written (the target did not have them, or had the movie on the other list from earlier). */
  listEntriesWritten?: number;
}

/** Reads everything in `db` (one read transaction). */
export async function readSnapshot(db: CineLocalDatabase): Promise<DatabaseSnapshot> {
  return db.transaction('r', [db.profiles, db.ratings, db.settings, db.watchlist, db.hidden], async () => {
    const last = await db.settings.get(SETTING_KEYS.lastProfileId);
    return {
      profiles: await db.profiles.toArray(),
      ratings: await db.ratings.toArray(),
      watchlist: await db.watchlist.toArray(),
      hidden: await db.hidden.toArray(),
      lastProfileId: typeof last?.value === 'string' ? last.value : null,
    };
  });
}

/** When a movie is on the watchlist or hidden: a movie is on one list at a time, and the later choice wins. */
function listTime(entry: { list: 'watchlist'; record: WatchlistRecord } | { list: 'hidden'; record: HiddenRecord }): number {
  return entry.list === 'watchlist' ? entry.record.addedAt : entry.record.hiddenAt;
}

/**
 * Merges the snapshot's watchlist and hidden movies (profile ids already mapped) inside the caller's transaction.
 * Per profile+movie the newer choice wins (watchlist vs hidden, ties keep the target); returns the entries written.
 */
async function mergeLists(db: CineLocalDatabase, watchlist: WatchlistRecord[], hidden: HiddenRecord[]): Promise<number> {
  type Entry = { list: 'watchlist'; record: WatchlistRecord } | { list: 'hidden'; record: HiddenRecord };
  const incoming: Entry[] = [
    ...watchlist.map((record) => ({ list: 'watchlist' as const, record })),
    ...hidden.map((record) => ({ list: 'hidden' as const, record })),
  ];
  if (incoming.length === 0) return 0;
  const keys = incoming.map((e) => [e.record.profileId, e.record.movieId] as [string, number]);
  const [onWatchlist, onHidden] = await Promise.all([db.watchlist.bulkGet(keys), db.hidden.bulkGet(keys)]);
  // Newest incoming entry per profile+movie first (the snapshot itself keeps a movie on one list, but be safe).
  const best = new Map<string, { entry: Entry; index: number }>();
  incoming.forEach((entry, index) => {
    const key = `${entry.record.profileId}\u0000${entry.record.movieId}`;
    const seen = best.get(key);
    if (!seen || listTime(seen.entry) < listTime(entry)) best.set(key, { entry, index });
  });
  let written = 0;
  for (const { entry, index } of best.values()) {
    const stored: Entry | null = onWatchlist[index]
      ? { list: 'watchlist', record: onWatchlist[index] }
      : onHidden[index]
        ? { list: 'hidden', record: onHidden[index] }
        : null;
    if (stored && (stored.list === entry.list || listTime(stored) >= listTime(entry))) continue;
    if (entry.list === 'watchlist') await putOnList(db, 'watchlist', [entry.record]);
    else await putOnList(db, 'hidden', [entry.record]);
    written += 1;
  }
  return written;
}

/**
 * Merges `snapshot` into `db` in one transaction (all or nothing). A snapshot profile maps to the target profile with
 * the same id, else the same name (case-insensitive; the temporary copy gets new ids), else it is added. Per
 * profile+movie the newer `updatedAt` wins; ties keep the target. Mapped profiles count every written rating as a change.
 */
export async function mergeSnapshot(db: CineLocalDatabase, snapshot: DatabaseSnapshot): Promise<MergeResult> {
  return db.transaction('rw', [db.profiles, db.ratings, db.settings, db.watchlist, db.hidden], async () => {
    const result: MergeResult = { profilesAdded: 0, ratingsWritten: 0, ratingsKept: 0, ratingsOrphaned: 0 };
    const existing = await db.profiles.toArray();
    const targetIdOf = new Map<string, string>();
    const addedIds = new Set<string>();
    for (const profile of snapshot.profiles) {
      const wanted = profile.name.toLocaleLowerCase();
      const same = existing.find((p) => p.id === profile.id) ?? existing.find((p) => p.name.toLocaleLowerCase() === wanted);
      if (same) {
        targetIdOf.set(profile.id, same.id);
        continue;
      }
      await db.profiles.add({ ...profile });
      existing.push(profile);
      targetIdOf.set(profile.id, profile.id);
      addedIds.add(profile.id);
      result.profilesAdded += 1;
    }
    const candidates: RatingRecord[] = [];
    for (const rating of snapshot.ratings) {
      const profileId = targetIdOf.get(rating.profileId);
      if (profileId === undefined) result.ratingsOrphaned += 1;
      else candidates.push({ ...rating, profileId });
    }
    const stored = await db.ratings.bulkGet(candidates.map((r) => [r.profileId, r.movieId] as [string, number]));
    const writes = candidates.filter((rating, index) => {
      const before = stored[index];
      return !before || before.updatedAt < rating.updatedAt;
    });
    result.ratingsKept = candidates.length - writes.length;
    result.ratingsWritten = writes.length;
    if (writes.length > 0) await db.ratings.bulkPut(writes);
    const writesPerProfile = new Map<string, number>();
    for (const w of writes) writesPerProfile.set(w.profileId, (writesPerProfile.get(w.profileId) ?? 0) + 1);
    for (const [profileId, count] of writesPerProfile) {
      // Added profiles keep their own counter; profiles that already existed here get one change per written rating.
      if (addedIds.has(profileId)) continue;
      await countRatingChanges(db, profileId, count);
    }
    // The watchlist and hidden movies follow their profile (entries of profiles not in the snapshot are dropped).
    const mapped = <T extends { profileId: string }>(records: T[] | undefined): T[] =>
      (records ?? []).flatMap((r) => {
        const profileId = targetIdOf.get(r.profileId);
        return profileId === undefined ? [] : [{ ...r, profileId }];
      });
    if (snapshot.watchlist !== undefined || snapshot.hidden !== undefined)
      result.listEntriesWritten = await mergeLists(db, mapped(snapshot.watchlist), mapped(snapshot.hidden));
    const lastProfileId = snapshot.lastProfileId === null ? undefined : targetIdOf.get(snapshot.lastProfileId);
    if (lastProfileId !== undefined) await db.settings.put({ key: SETTING_KEYS.lastProfileId, value: lastProfileId });
    return result;
  });
}

const RESTORE_ATTEMPTS = 4;

/**
 * The database was deleted while this tab had it open: re-create it (Dexie re-opens on access, after the delete) with
 * what the tab holds, and tell the person what came back and what could not.
 */
export async function restoreAfterDeletion(
  db: CineLocalDatabase,
  held: DatabaseSnapshot,
  activeName: string,
  health: StorageHealthStore = storageHealth,
): Promise<MergeResult | null> {
  const count = held.ratings.length;
  const ratingsText = `${count} ${count === 1 ? 'rating' : 'ratings'}`;
  try {
    let result: MergeResult | null = null;
    for (let attempt = 0; attempt < RESTORE_ATTEMPTS; attempt++) {
      // Let the delete run first (this tab's connection was just closed for it), then check the write survived it.
      await new Promise((resolve) => setTimeout(resolve, attempt === 0 ? 0 : 100 * 2 ** attempt));
      result = await mergeSnapshot(db, held);
      if (held.lastProfileId === null || (await db.profiles.get(held.lastProfileId))) break;
    }
    health.report({
      kind: 'deleted',
      message: `CineLocal's saved data was deleted outside this tab (by another tab or the browser). This tab saved back ${held.profiles.length} ${held.profiles.length === 1 ? 'profile' : 'profiles'} and the ${ratingsText} of ${activeName} it had open; ratings of other profiles were not open here and are gone.`,
      action: null,
    });
    return result;
  } catch (error) {
    health.report({
      kind: 'deleted',
      message: `CineLocal's saved data was deleted outside this tab, and saving back the ${ratingsText} of ${activeName} failed (${error instanceof Error ? error.message : String(error)}). They are only in this tab now: export them before closing it.`,
      action: null,
    });
    return null;
  }
}
