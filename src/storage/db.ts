// The device-local database: profiles, their ratings (the source of truth), derived user vectors and settings.
import Dexie, { type Table } from 'dexie';
import type { UserVector } from '../engine/types';

export interface ProfileRecord {
  id: string;
  name: string;
  createdAt: number;
  /** Incremented in the same transaction as every rating write or delete; user vectors remember the value they were fitted at. */
  ratingChangeCounter: number;
}

export interface RatingRecord {
  profileId: string;
  /** TMDB id. */
  movieId: number;
  /** 0..5 in half steps. */
  rating: number;
  /** Epoch milliseconds of the last change. */
  updatedAt: number;
}

export interface UserVectorRecord {
  profileId: string;
  vector: UserVector;
  fittedAt: number;
  /** The profile's ratingChangeCounter when the vector was fitted. */
  fittedAtChange: number;
}

export interface SettingRecord {
  key: string;
  value: unknown;
}

export const DATABASE_NAME = 'cinelocal';

/** Version 1: profiles, ratings with a `timestamp` in seconds (the CSV shape), settings. */
export const SCHEMA_V1 = {
  profiles: 'id, &name',
  ratings: '[profileId+movieId], profileId',
  settings: 'key',
} as const;

/** Version 2: ratings carry `updatedAt` (ms, indexed per profile), profiles a change counter, and a userVectors table. */
export const SCHEMA_V2 = {
  profiles: 'id, &name',
  ratings: '[profileId+movieId], profileId, [profileId+updatedAt]',
  userVectors: 'profileId',
  settings: 'key',
} as const;

export interface DatabaseDependencies {
  indexedDB: IDBFactory;
  IDBKeyRange: typeof IDBKeyRange;
}

export class CineLocalDatabase extends Dexie {
  profiles!: Table<ProfileRecord, string>;
  ratings!: Table<RatingRecord, [string, number]>;
  userVectors!: Table<UserVectorRecord, string>;
  settings!: Table<SettingRecord, string>;

  constructor(name: string = DATABASE_NAME, dependencies?: DatabaseDependencies) {
    super(name, dependencies ? { indexedDB: dependencies.indexedDB, IDBKeyRange: dependencies.IDBKeyRange } : undefined);
    this.version(1).stores(SCHEMA_V1);
    this.version(2)
      .stores(SCHEMA_V2)
      .upgrade(async (tx) => {
        const countsByProfile = new Map<string, number>();
        await tx
          .table('ratings')
          .toCollection()
          .modify((rating: Record<string, unknown>) => {
            // v1 stored seconds like the CSV export; keep that moment as updatedAt in ms.
            const seconds = typeof rating.timestamp === 'number' ? rating.timestamp : 0;
            rating.updatedAt = typeof rating.updatedAt === 'number' ? rating.updatedAt : seconds * 1000;
            delete rating.timestamp;
            const profileId = String(rating.profileId);
            countsByProfile.set(profileId, (countsByProfile.get(profileId) ?? 0) + 1);
          });
        await tx
          .table('profiles')
          .toCollection()
          .modify((profile: Record<string, unknown>) => {
            // Every existing rating counts as a change so the first load fits a vector from them.
            profile.ratingChangeCounter = countsByProfile.get(String(profile.id)) ?? 0;
            if (typeof profile.createdAt !== 'number') profile.createdAt = Date.now();
          });
      });
  }
}

export interface OpenedDatabase {
  db: CineLocalDatabase;
  /** False when IndexedDB is unavailable (private mode, blocked storage): data lives in memory for this session only. */
  persistent: boolean;
  /** Why the database is not persistent, for the banner. */
  reason: string | null;
}

/** Opens the IndexedDB database, or an in-memory one (fake-indexeddb) when IndexedDB cannot be opened. */
export async function openCineLocalDatabase(name: string = DATABASE_NAME): Promise<OpenedDatabase> {
  let reason: string;
  if (typeof indexedDB === 'undefined') {
    reason = 'IndexedDB is not available in this browser window.';
  } else {
    const db = new CineLocalDatabase(name);
    try {
      await db.open();
      return { db, persistent: true, reason: null };
    } catch (error) {
      db.close();
      reason = `IndexedDB could not be opened (${error instanceof Error ? error.message : String(error)}).`;
    }
  }
  const memory = await import('fake-indexeddb');
  const db = new CineLocalDatabase(name, { indexedDB: new memory.IDBFactory(), IDBKeyRange: memory.IDBKeyRange });
  await db.open();
  return { db, persistent: false, reason };
}
