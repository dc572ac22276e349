// The database schema: record shapes, schema versions with the v1 → v2 upgrade, and the Dexie class. Imports nothing
// else from src/storage, so every storage module can depend on it without a cycle (opening lives in db.ts).
import Dexie, { type Table } from 'dexie';
import type { UserVector } from '../engine/types';

export interface ProfileRecord {
  id: string;
  name: string;
  createdAt: number;
  /** Incremented in the same transaction as every rating write or delete; user vectors remember the value they were fitted at. */
  ratingChangeCounter: number;
  /**
   * The catalog id space ('tmdb' or 'demo', see catalogBinding.ts) the profile's ratings, watchlist and hidden movies
   * belong to; absent before schema v3 (bound to the first catalog loaded after the upgrade).
   */
  idSpace?: string;
}

export interface RatingRecord {
  profileId: string;
  /** TMDB id. */
  movieId: number;
  /** 0..5 in half steps. */
  rating: number;
  /** Epoch milliseconds of the last change. */
  updatedAt: number;
  /**
   * Epoch ms of the key press or click that chose this value, in whichever tab (not indexed): between tabs the latest
   * press wins (src/storage/ratingPresses.ts). Absent on imported and older records.
   */
  pressedAt?: number;
}

export interface UserVectorRecord {
  profileId: string;
  vector: UserVector;
  fittedAt: number;
  /** The profile's ratingChangeCounter when the vector was fitted. */
  fittedAtChange: number;
}

/** A movie the person wants to watch. */
export interface WatchlistRecord {
  profileId: string;
  /** TMDB id. */
  movieId: number;
  /** Epoch milliseconds. */
  addedAt: number;
}

/** A movie the person said is "not for me": hidden from For you, "like this" and onboarding (search still finds it). */
export interface HiddenRecord {
  profileId: string;
  movieId: number;
  hiddenAt: number;
}

/** The tables a catalog switch parks (catalogBinding.ts). */
export type ParkedTable = 'ratings' | 'watchlist' | 'hidden';

/** A rating, watchlist entry or hidden movie made on another catalog's id space, kept aside until that catalog is back. */
export interface ParkedRecord {
  profileId: string;
  idSpace: string;
  table: ParkedTable;
  movieId: number;
  record: RatingRecord | WatchlistRecord | HiddenRecord;
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

/**
 * Version 3: per-profile watchlist and hidden movies, and records parked when the catalog's id space changes (demo ids
 * are not TMDB ids). The ratings table is unchanged: it holds the ratings of the profile's current id space only.
 */
export const SCHEMA_V3 = {
  ...SCHEMA_V2,
  watchlist: '[profileId+movieId], profileId, [profileId+addedAt]',
  hidden: '[profileId+movieId], profileId',
  parked: '[profileId+idSpace+table+movieId], profileId, [profileId+idSpace]',
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
  watchlist!: Table<WatchlistRecord, [string, number]>;
  hidden!: Table<HiddenRecord, [string, number]>;
  parked!: Table<ParkedRecord, [string, string, ParkedTable, number]>;

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
    // New tables only: existing data is untouched (profiles get their id space when a catalog first loads).
    this.version(3).stores(SCHEMA_V3);
  }
}
